// fngate's lazily loaded built-ins: `querystring` and `Buffer`. Evaluated on
// first use only, so handlers that do not need them do not pay for compiling them.
(function () {
  'use strict';

  // --- querystring ---
  var querystring = {
    escape: encodeURIComponent,
    unescape: function (s) { try { return decodeURIComponent(s); } catch (e) { return s; } },
    parse: function (str, sep, eq) {
      sep = sep || '&'; eq = eq || '=';
      var out = {};
      if (typeof str !== 'string' || !str.length) return out;
      str.split(sep).forEach(function (part) {
        if (!part) return;
        var i = part.indexOf(eq);
        var k = querystring.unescape((i < 0 ? part : part.slice(0, i)).replace(/\+/g, ' '));
        var v = i < 0 ? '' : querystring.unescape(part.slice(i + eq.length).replace(/\+/g, ' '));
        if (Object.prototype.hasOwnProperty.call(out, k)) {
          out[k] = [].concat(out[k], v);
        } else {
          out[k] = v;
        }
      });
      return out;
    },
    stringify: function (obj, sep, eq) {
      sep = sep || '&'; eq = eq || '=';
      return Object.keys(obj || {}).map(function (k) {
        return [].concat(obj[k]).map(function (v) {
          return encodeURIComponent(k) + eq + encodeURIComponent(v === undefined || v === null ? '' : v);
        }).join(sep);
      }).join(sep);
    }
  };
  querystring.decode = querystring.parse;
  querystring.encode = querystring.stringify;

  // --- Buffer (basics: utf8, base64, hex) ---
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function utf8Encode(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.codePointAt(i);
      if (c > 0xffff) i++;
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  }
  function utf8Decode(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length;) {
      var b = bytes[i++], c;
      if (b < 0x80) c = b;
      else if (b < 0xe0) c = ((b & 31) << 6) | (bytes[i++] & 63);
      else if (b < 0xf0) c = ((b & 15) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
      else c = ((b & 7) << 18) | ((bytes[i++] & 63) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
      s += String.fromCodePoint(c);
    }
    return s;
  }
  function b64Decode(s) {
    s = s.replace(/[^A-Za-z0-9+/]/g, '');
    var out = [], bits = 0, acc = 0;
    for (var i = 0; i < s.length; i++) {
      acc = (acc << 6) | B64.indexOf(s[i]); bits += 6;
      if (bits >= 8) { bits -= 8; out.push((acc >> bits) & 255); }
    }
    return out;
  }
  function b64Encode(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] +
        (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? B64[n & 63] : '=');
    }
    return out;
  }
  class Buffer extends Uint8Array {
    static from(v, enc) {
      if (typeof v === 'string') {
        enc = (enc || 'utf8').toLowerCase();
        if (enc === 'base64') return new Buffer(b64Decode(v));
        if (enc === 'hex') return new Buffer((v.match(/../g) || []).map(function (h) { return parseInt(h, 16); }));
        return new Buffer(utf8Encode(v));
      }
      return new Buffer(Array.from(v));
    }
    static isBuffer(v) { return v instanceof Buffer; }
    static byteLength(s, enc) { return Buffer.from(s, enc).length; }
    static concat(list) { var all = []; list.forEach(function (b) { all.push.apply(all, Array.from(b)); }); return new Buffer(all); }
    toString(enc) {
      enc = (enc || 'utf8').toLowerCase();
      var bytes = Array.from(this);
      if (enc === 'base64') return b64Encode(bytes);
      if (enc === 'hex') return bytes.map(function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
      return utf8Decode(bytes);
    }
    toJSON() { return { type: 'Buffer', data: Array.from(this) }; }
  }

  return { querystring: querystring, Buffer: Buffer };
})()

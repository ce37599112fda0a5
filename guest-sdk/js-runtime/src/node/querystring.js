// node:querystring — parse and stringify as Node does ('+' is a space, repeated
// keys become arrays, values that are not strings, numbers, bigints or
// booleans stringify as empty).
'use strict';

var hasOwn = Object.prototype.hasOwnProperty;

function unescape(s) {
  try { return decodeURIComponent(s); } catch (e) { return percentDecode(s); }
}
// The %XX pairs that are valid decoded as bytes, the rest kept, the bytes read
// as UTF-8 (U+FFFD where invalid): Node's fallback for malformed escapes, and
// the URL standard's percent-decoding.
function percentDecode(s) {
  if (s.indexOf('%') < 0) return s;
  var bytes = new Uint8Array(__fngate_encode(s, 'utf8'));
  var out = new Uint8Array(bytes.length);
  var n = 0;
  for (var i = 0; i < bytes.length; i++) {
    if (bytes[i] === 37 && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      out[n++] = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
      i += 2;
    } else {
      out[n++] = bytes[i];
    }
  }
  return __fngate_decode(out.subarray(0, n), 'utf8');
}
function isHex(b) { return (b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102); }

function stringifyPrimitive(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && isFinite(v)) return '' + v;
  if (typeof v === 'bigint') return '' + v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

var qs = {
  escape: function (s) { return encodeURIComponent(typeof s === 'string' ? s : String(s)); },
  unescape: unescape,
  parse: function (str, sep, eq, options) {
    sep = sep || '&'; eq = eq || '=';
    var decode = (options && options.decodeURIComponent) || qs.unescape;
    var max = options && typeof options.maxKeys === 'number' ? options.maxKeys : 1000;
    var out = Object.create(null);
    if (typeof str !== 'string' || !str.length) return out;
    var parts = str.split(sep);
    if (max > 0 && parts.length > max) parts = parts.slice(0, max);
    parts.forEach(function (part) {
      if (!part) return;
      var i = part.indexOf(eq);
      var k = decode((i < 0 ? part : part.slice(0, i)).replace(/\+/g, ' '));
      var v = i < 0 ? '' : decode(part.slice(i + eq.length).replace(/\+/g, ' '));
      if (hasOwn.call(out, k)) {
        out[k] = [].concat(out[k], v);
      } else {
        out[k] = v;
      }
    });
    return out;
  },
  stringify: function (obj, sep, eq, options) {
    sep = sep || '&'; eq = eq || '=';
    var encode = (options && options.encodeURIComponent) || qs.escape;
    if (obj === null || typeof obj !== 'object') return '';
    return Object.keys(obj).map(function (k) {
      var ks = encode(stringifyPrimitive(k)) + eq;
      var v = obj[k];
      if (Array.isArray(v)) return v.map(function (x) { return ks + encode(stringifyPrimitive(x)); }).join(sep);
      return ks + encode(stringifyPrimitive(v));
    }).filter(function (s) { return s.length; }).join(sep);
  }
};
qs.decode = qs.parse;
qs.__percentDecode = percentDecode;
qs.encode = qs.stringify;
module.exports = qs;

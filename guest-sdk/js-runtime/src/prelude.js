// fngate's JavaScript prelude: CommonJS modules from the code directory, console,
// the Node built-ins that make sense in a sandbox, and the SCF calling convention.
(function (global) {
  'use strict';

  function inspect(v, depth) {
    depth = depth || 0;
    if (typeof v === 'string') return depth ? JSON.stringify(v) : v;
    if (v === undefined || v === null || typeof v !== 'object') {
      if (typeof v === 'function') return '[Function: ' + (v.name || 'anonymous') + ']';
      return String(v);
    }
    if (v instanceof Error) return v.stack || (v.name + ': ' + v.message);
    try { return JSON.stringify(v); } catch (e) { return Object.prototype.toString.call(v); }
  }

  function format(f) {
    var args = Array.prototype.slice.call(arguments, 1);
    var out;
    if (typeof f === 'string') {
      out = f.replace(/%[sdijfoO%]/g, function (m) {
        if (m === '%%') return '%';
        if (!args.length) return m;
        var a = args.shift();
        switch (m) {
          case '%s': return typeof a === 'string' ? a : inspect(a, 1);
          case '%d': case '%i': return String(parseInt(a, 10));
          case '%f': return String(parseFloat(a));
          default: return inspect(a, 1);
        }
      });
    } else {
      out = inspect(f);
    }
    for (var i = 0; i < args.length; i++) out += ' ' + inspect(args[i]);
    return out;
  }

  function log() {
    var text = format.apply(null, arguments);
    text.split('\n').forEach(function (line) { __fngate_log(line); });
  }
  global.console = { log: log, info: log, warn: log, error: log, debug: log, trace: log };

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
  global.Buffer = Buffer;

  var builtins = {
    querystring: querystring,
    util: { format: format, inspect: function (v) { return inspect(v, 1); } },
    buffer: { Buffer: Buffer }
  };

  // --- CommonJS ---
  var cache = {};
  function dirname(p) { var i = p.lastIndexOf('/'); return i <= 0 ? '/' : p.slice(0, i); }
  function normalize(p) {
    var out = [];
    p.split('/').forEach(function (seg) {
      if (seg === '' || seg === '.') return;
      if (seg === '..') out.pop(); else out.push(seg);
    });
    return '/' + out.join('/');
  }
  function load(filename, root) {
    if (cache[filename]) return cache[filename].exports;
    var text = __fngate_read(filename);
    var module = { exports: {}, filename: filename, id: filename, loaded: false };
    cache[filename] = module;
    if (/\.json$/.test(filename)) {
      module.exports = JSON.parse(text);
    } else {
      var wrapper = (0, eval)('(function (exports, require, module, __filename, __dirname) {' + text + '\n})');
      wrapper.call(module.exports, module.exports, makeRequire(dirname(filename), root), module, filename, dirname(filename));
    }
    module.loaded = true;
    return module.exports;
  }
  function makeRequire(dir, root) {
    return function require(id) {
      var name = id.replace(/^node:/, '');
      if (Object.prototype.hasOwnProperty.call(builtins, name)) return builtins[name];
      if (id[0] !== '.' && id[0] !== '/') {
        throw new Error("Cannot find module '" + id + "': fngate's JavaScript runtime has no package " +
          "installation and provides only the built-ins " + Object.keys(builtins).join(', ') +
          " (no fs, net, http or child_process in the sandbox)");
      }
      var base = normalize(id[0] === '/' ? root + id : dir + '/' + id);
      if (base !== root && base.indexOf(root + '/') !== 0) throw new Error("Cannot find module '" + id + "': outside the code directory");
      var candidates = [base, base + '.js', base + '.json', base + '/index.js'];
      for (var i = 0; i < candidates.length; i++) {
        if (cache[candidates[i]] || __fngate_read(candidates[i]) !== null) return load(candidates[i], root);
      }
      throw new Error("Cannot find module '" + id + "' from " + dir);
    };
  }

  // --- the SCF calling convention ---
  var outcome = { state: 'pending' };
  function settle(err, result) {
    if (outcome.state !== 'pending') return;
    if (err !== null && err !== undefined) {
      var e = err instanceof Error ? err : new Error(typeof err === 'string' ? err : inspect(err, 1));
      outcome = { state: 'error', message: e.message, stack: e.stack || '' };
    } else {
      var json = JSON.stringify(result === undefined ? null : result);
      outcome = { state: 'ok', json: json === undefined ? 'null' : json };
    }
  }

  global.__fngate_run = function (eventJson, contextJson, handler, root) {
    var event = JSON.parse(eventJson);
    var context = JSON.parse(contextJson);
    try {
      global.process = { env: JSON.parse(context.environment || '{}'), version: 'v16.13.0', platform: 'wasi' };
    } catch (e) {
      global.process = { env: {}, version: 'v16.13.0', platform: 'wasi' };
    }
    var dot = handler.lastIndexOf('.');
    var file = dot < 0 ? handler : handler.slice(0, dot);
    var name = dot < 0 ? 'main_handler' : handler.slice(dot + 1);
    try {
      var path = root + '/' + file + '.js';
      if (__fngate_read(path) === null) throw new Error('Cannot find handler file ' + file + '.js in the code directory');
      var exported = load(path, root);
      var fn = exported[name];
      if (typeof fn !== 'function') throw new Error('Handler ' + name + ' is not a function exported by ' + file + '.js');
      var r = fn(event, context, settle);
      if (r && typeof r.then === 'function') {
        r.then(function (v) { settle(null, v); }, function (e) { settle(e || new Error("the handler's promise was rejected")); });
      } else if (r !== undefined) {
        settle(null, r);
      }
    } catch (e) {
      settle(e);
    }
  };
  global.__fngate_outcome = function () { return JSON.stringify(outcome); };
})(globalThis);

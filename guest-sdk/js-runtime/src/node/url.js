// node:url — the WHATWG URL (node/web.js, over the url crate) with
// URLSearchParams and `url.searchParams` added here, and the legacy
// url.parse / url.format / url.resolve that older handlers use.
'use strict';

// --- application/x-www-form-urlencoded, as the URL standard defines it ---
var percentDecode = require('querystring').__percentDecode;
var HEX = '0123456789ABCDEF';
function formEncode(s) {
  var bytes = new Uint8Array(__fngate_encode(String(s), 'utf8'));
  var out = '';
  for (var i = 0; i < bytes.length; i++) {
    var b = bytes[i];
    if ((b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 42 || b === 45 || b === 46 || b === 95) out += String.fromCharCode(b);
    else if (b === 32) out += '+';
    else out += '%' + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}
function parsePairs(s) {
  var list = [];
  if (!s) return list;
  s.split('&').forEach(function (part) {
    if (!part) return;
    var i = part.indexOf('=');
    var k = i < 0 ? part : part.slice(0, i);
    var v = i < 0 ? '' : part.slice(i + 1);
    list.push([percentDecode(k.replace(/\+/g, ' ')), percentDecode(v.replace(/\+/g, ' '))]);
  });
  return list;
}

var URL = require('internal/web').URL;

var kList = Symbol('query');
var kUrl = Symbol('context');
class URLSearchParams {
  constructor(init) {
    this[kList] = [];
    this[kUrl] = null;
    if (init === undefined || init === null) return;
    if (typeof init === 'object' || typeof init === 'function') {
      if (typeof init[Symbol.iterator] === 'function') {
        for (var pair of init) {
          var p = Array.from(pair);
          if (p.length !== 2) {
            var e = new TypeError('Each query pair must be an iterable [name, value] tuple');
            e.code = 'ERR_INVALID_TUPLE';
            throw e;
          }
          this[kList].push([String(p[0]), String(p[1])]);
        }
      } else {
        var self = this;
        Object.keys(init).forEach(function (k) { self[kList].push([k, String(init[k])]); });
      }
    } else {
      var s = String(init);
      this[kList] = parsePairs(s[0] === '?' ? s.slice(1) : s);
    }
  }
  get size() { return this[kList].length; }
  append(name, value) { this[kList].push([String(name), String(value)]); update(this); }
  delete(name, value) {
    name = String(name);
    this[kList] = this[kList].filter(function (p) { return p[0] !== name || (value !== undefined && p[1] !== String(value)); });
    update(this);
  }
  get(name) {
    name = String(name);
    for (var i = 0; i < this[kList].length; i++) if (this[kList][i][0] === name) return this[kList][i][1];
    return null;
  }
  getAll(name) {
    name = String(name);
    return this[kList].filter(function (p) { return p[0] === name; }).map(function (p) { return p[1]; });
  }
  has(name, value) {
    name = String(name);
    return this[kList].some(function (p) { return p[0] === name && (value === undefined || p[1] === String(value)); });
  }
  set(name, value) {
    name = String(name); value = String(value);
    var found = false;
    this[kList] = this[kList].filter(function (p) {
      if (p[0] !== name) return true;
      if (found) return false;
      found = true;
      p[1] = value;
      return true;
    });
    if (!found) this[kList].push([name, value]);
    update(this);
  }
  sort() {
    var indexed = this[kList].map(function (p, i) { return [p, i]; });
    indexed.sort(function (a, b) { return a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]; });
    this[kList] = indexed.map(function (x) { return x[0]; });
    update(this);
  }
  forEach(fn, thisArg) {
    for (var i = 0; i < this[kList].length; i++) fn.call(thisArg, this[kList][i][1], this[kList][i][0], this);
  }
  *entries() { for (var i = 0; i < this[kList].length; i++) yield [this[kList][i][0], this[kList][i][1]]; }
  *keys() { for (var i = 0; i < this[kList].length; i++) yield this[kList][i][0]; }
  *values() { for (var i = 0; i < this[kList].length; i++) yield this[kList][i][1]; }
  [Symbol.iterator]() { return this.entries(); }
  toString() { return this[kList].map(function (p) { return formEncode(p[0]) + '=' + formEncode(p[1]); }).join('&'); }
  get [Symbol.toStringTag]() { return 'URLSearchParams'; }
  [Symbol.for('nodejs.util.inspect.custom')](depth, opts, inspect) {
    var list = this[kList];
    if (!list.length) return 'URLSearchParams {}';
    var ins = require('util').inspect;
    return 'URLSearchParams { ' + list.map(function (p) { return ins(p[0]) + ' => ' + ins(p[1]); }).join(', ') + ' }';
  }
}
// Its methods refuse another `this` with Node's error.
Object.getOwnPropertyNames(URLSearchParams.prototype).forEach(function (name) {
  var d = Object.getOwnPropertyDescriptor(URLSearchParams.prototype, name);
  if (name === 'constructor' || typeof d.value !== 'function') return;
  var method = d.value;
  d.value = { [name]: function () {
    if (this === null || typeof this !== 'object' || !(kList in this)) {
      var e = new TypeError('Value of "this" must be of type URLSearchParams');
      e.code = 'ERR_INVALID_THIS';
      throw e;
    }
    return method.apply(this, arguments);
  } }[name];
  Object.defineProperty(URLSearchParams.prototype, name, d);
});
function update(params) {
  var url = params[kUrl];
  if (!url) return;
  var s = params.toString();
  url.search = s;
  params.lastSearch = url.search;
}

// url.searchParams, kept in step with url.search both ways.
var paramsOf = new WeakMap();
Object.defineProperty(URL.prototype, 'searchParams', {
  configurable: true,
  enumerable: true,
  get: function () {
    var p = paramsOf.get(this);
    if (!p) {
      p = new URLSearchParams(this.search);
      p[kUrl] = this;
      p.lastSearch = this.search;
      paramsOf.set(this, p);
    } else if (p.lastSearch !== this.search) {
      p[kList] = parsePairs(this.search.slice(1));
      p.lastSearch = this.search;
    }
    return p;
  }
});
URL.prototype[Symbol.for('nodejs.util.inspect.custom')] = function () {
  var u = this;
  var ins = require('util').inspect;
  var fields = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search'];
  var out = fields.map(function (f) { return '  ' + f + ': ' + ins(u[f]); });
  out.push('  searchParams: ' + ins(u.searchParams));
  out.push('  hash: ' + ins(u.hash));
  return 'URL {\n' + out.join(',\n') + '\n}';
};

// --- the legacy API ---
var SLASHED = { 'http:': true, 'https:': true, 'ftp:': true, 'gopher:': true, 'file:': true, 'ws:': true, 'wss:': true };
function Url() {
  this.protocol = null; this.slashes = null; this.auth = null; this.host = null; this.port = null;
  this.hostname = null; this.hash = null; this.search = null; this.query = null; this.pathname = null;
  this.path = null; this.href = null;
}
function parse(url, parseQueryString, slashesDenoteHost) {
  if (url instanceof Url) return url;
  if (typeof url !== 'string') {
    var e = new TypeError('The "url" argument must be of type string. Received ' + (url === null ? 'null' : 'type ' + typeof url));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  var u = new Url();
  var rest = url.trim();
  var hashAt = rest.indexOf('#');
  if (hashAt >= 0) { u.hash = rest.slice(hashAt); rest = rest.slice(0, hashAt); }
  var qAt = rest.indexOf('?');
  if (qAt >= 0) { u.search = rest.slice(qAt); u.query = rest.slice(qAt + 1); rest = rest.slice(0, qAt); }
  else if (parseQueryString) { u.search = ''; u.query = {}; }
  var proto = /^([a-z0-9.+-]+:)/i.exec(rest);
  if (proto) { u.protocol = proto[1].toLowerCase(); rest = rest.slice(proto[1].length); }
  var slashes = rest.slice(0, 2) === '//';
  if (slashes && !(u.protocol === 'javascript:')) {
    if (u.protocol || slashesDenoteHost) { u.slashes = true; rest = rest.slice(2); } else slashes = false;
  } else {
    slashes = false;
  }
  if (slashes || (u.protocol && SLASHED[u.protocol] && u.slashes)) {
    var end = rest.search(/[/\\]/);
    var hostPart = end < 0 ? rest : rest.slice(0, end);
    rest = end < 0 ? '' : rest.slice(end);
    var at = hostPart.lastIndexOf('@');
    if (at >= 0) { u.auth = decodeURIComponent(hostPart.slice(0, at)); hostPart = hostPart.slice(at + 1); }
    var portMatch = /:([0-9]*)$/.exec(hostPart);
    if (portMatch) { if (portMatch[1]) u.port = portMatch[1]; hostPart = hostPart.slice(0, hostPart.length - portMatch[0].length); }
    u.hostname = hostPart.toLowerCase().replace(/^\[|\]$/g, '');
    u.host = (hostPart.indexOf(':') >= 0 && hostPart[0] !== '[' ? '[' + u.hostname + ']' : hostPart.toLowerCase()) + (u.port ? ':' + u.port : '');
    if (SLASHED[u.protocol] && !rest) rest = '/';
  }
  if (rest) u.pathname = rest;
  else if (SLASHED[u.protocol] && u.hostname) u.pathname = '/';
  if (parseQueryString && typeof u.query === 'string') u.query = require('querystring').parse(u.query);
  u.path = (u.pathname || '') + (u.search || '') || null;
  u.href = format(u);
  return u;
}
function format(obj, options) {
  if (typeof obj === 'string') obj = parse(obj);
  if (obj instanceof URL) {
    var o = options || {};
    var href = obj.protocol + (obj.host ? '//' : '');
    if (o.auth !== false && (obj.username || obj.password)) href += obj.username + (obj.password ? ':' + obj.password : '') + '@';
    href += o.unicode ? obj.host : obj.host;
    href += obj.pathname;
    if (o.search !== false) href += obj.search;
    if (o.fragment !== false) href += obj.hash;
    return href;
  }
  var auth = obj.auth ? encodeURIComponent(obj.auth).replace(/%3A/i, ':') + '@' : '';
  var protocol = obj.protocol || '';
  if (protocol && protocol[protocol.length - 1] !== ':') protocol += ':';
  var host = '';
  if (obj.host) host = auth + obj.host;
  else if (obj.hostname) host = auth + (obj.hostname.indexOf(':') >= 0 ? '[' + obj.hostname + ']' : obj.hostname) + (obj.port ? ':' + obj.port : '');
  var pathname = obj.pathname || '';
  var hash = obj.hash || '';
  var search = obj.search || '';
  if (!search && obj.query && typeof obj.query === 'object' && Object.keys(obj.query).length) search = '?' + require('querystring').stringify(obj.query);
  else if (!search && typeof obj.query === 'string' && obj.query) search = '?' + obj.query;
  if (search && search[0] !== '?') search = '?' + search;
  if (hash && hash[0] !== '#') hash = '#' + hash;
  if (obj.slashes || ((!protocol || SLASHED[protocol]) && host)) {
    host = '//' + host;
    if (pathname && pathname[0] !== '/') pathname = '/' + pathname;
  }
  pathname = pathname.replace(/[?#]/g, encodeURIComponent);
  search = search.replace('#', '%23');
  return protocol + host + pathname + search + hash;
}
function resolve(from, to) {
  try {
    return new URL(to, from).href;
  } catch (e) {
    var base = new URL(from, 'resolve://x/');
    var r = new URL(to, base);
    return r.href.replace(/^resolve:\/\/x\//, from[0] === '/' ? '/' : '');
  }
}
function fileURLToPath(u) {
  if (typeof u === 'string') u = new URL(u);
  if (u.protocol !== 'file:') {
    var e = new TypeError('The URL must be of scheme file');
    e.code = 'ERR_INVALID_URL_SCHEME';
    throw e;
  }
  return decodeURIComponent(u.pathname);
}
function pathToFileURL(p) {
  var abs = require('path').resolve(p);
  if (p[p.length - 1] === '/' && abs[abs.length - 1] !== '/') abs += '/';
  return new URL('file://' + abs.split('/').map(encodeURIComponent).join('/'));
}

module.exports = {
  URL: URL,
  URLSearchParams: URLSearchParams,
  Url: Url,
  parse: parse,
  format: format,
  resolve: resolve,
  fileURLToPath: fileURLToPath,
  pathToFileURL: pathToFileURL,
  domainToASCII: function (d) { try { return new URL('http://' + d).hostname; } catch (e) { return ''; } },
  // The domain validated and lowercased as a URL host, its punycode labels decoded ('' when invalid).
  domainToUnicode: function (d) {
    var ascii;
    try { ascii = new URL('http://' + d).hostname; } catch (e) { return ''; }
    var punycode = require('punycode');
    return ascii.split('.').map(function (label) {
      return label.slice(0, 4) === 'xn--' ? punycode.decode(label.slice(4)) : label;
    }).join('.');
  }
};

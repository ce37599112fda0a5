// The fetch API (Headers, Request, Response, fetch) over node:http and
// node:https, with EventTarget, Event, AbortController and AbortSignal, and
// the little of Blob and ReadableStream that response bodies need. Redirects
// are followed (up to 20) and gzip, deflate and brotli bodies decoded, as
// undici does.
'use strict';

var Buffer = require('buffer').Buffer;

// --- EventTarget, Event ---
function Event(type, init) {
  if (!(this instanceof Event)) throw new TypeError("Class constructor Event cannot be invoked without 'new'");
  this.type = String(type);
  this.bubbles = !!(init && init.bubbles);
  this.cancelable = !!(init && init.cancelable);
  this.composed = !!(init && init.composed);
  this.defaultPrevented = false;
  this.timeStamp = Date.now();
  this.target = null;
  this.currentTarget = null;
  this.isTrusted = false;
  this._stop = false;
}
Event.prototype.preventDefault = function () { if (this.cancelable) this.defaultPrevented = true; };
Event.prototype.stopPropagation = function () {};
Event.prototype.stopImmediatePropagation = function () { this._stop = true; };
Event.prototype.composedPath = function () { return this.target ? [this.target] : []; };
Object.defineProperty(Event.prototype, Symbol.toStringTag, { value: 'Event' });

function EventTarget() { Object.defineProperty(this, '_listeners', { value: new Map(), writable: true }); }
EventTarget.prototype.addEventListener = function (type, fn, options) {
  if (!fn) return;
  if (!this._listeners) Object.defineProperty(this, '_listeners', { value: new Map(), writable: true });
  var list = this._listeners.get(type) || [];
  if (list.some(function (l) { return l.fn === fn; })) return;
  var once = typeof options === 'object' && options !== null && !!options.once;
  list.push({ fn: fn, once: once });
  this._listeners.set(type, list);
  var self = this;
  if (options && options.signal) options.signal.addEventListener('abort', function () { self.removeEventListener(type, fn); });
};
EventTarget.prototype.removeEventListener = function (type, fn) {
  var list = this._listeners && this._listeners.get(type);
  if (!list) return;
  this._listeners.set(type, list.filter(function (l) { return l.fn !== fn; }));
};
EventTarget.prototype.dispatchEvent = function (event) {
  event.target = event.currentTarget = this;
  // An `on<type>` data property is called first; an accessor one (AbortSignal's) is a listener already.
  var own = Object.getOwnPropertyDescriptor(this, 'on' + event.type);
  var handler = own && 'value' in own ? own.value : undefined;
  var list = ((this._listeners && this._listeners.get(event.type)) || []).slice();
  if (typeof handler === 'function') list.unshift({ fn: handler, once: false });
  for (var i = 0; i < list.length && !event._stop; i++) {
    if (list[i].once) this.removeEventListener(event.type, list[i].fn);
    try {
      if (typeof list[i].fn === 'function') list[i].fn.call(this, event);
      else list[i].fn.handleEvent(event);
    } catch (e) { process.nextTick(function () { throw e; }); }
  }
  event.currentTarget = null;
  return !event.defaultPrevented;
};
Object.defineProperty(EventTarget.prototype, Symbol.toStringTag, { value: 'EventTarget' });

// --- AbortController, AbortSignal ---
function domAbort(message, name) {
  var D = globalThis.DOMException;
  return new D(message, name);
}
function AbortSignal() { throw new TypeError('Illegal constructor'); }
function newSignal() {
  var s = Object.create(AbortSignal.prototype);
  EventTarget.call(s);
  s.aborted = false;
  s.reason = undefined;
  // The event handler attribute is a listener in the order it was set.
  var onabort = null, wrapper = null;
  Object.defineProperty(s, 'onabort', {
    enumerable: true,
    configurable: true,
    get: function () { return onabort; },
    set: function (fn) {
      if (wrapper) s.removeEventListener('abort', wrapper);
      onabort = typeof fn === 'function' ? fn : null;
      wrapper = onabort && function (e) { return onabort.call(s, e); };
      if (wrapper) s.addEventListener('abort', wrapper);
    }
  });
  return s;
}
Object.setPrototypeOf(AbortSignal.prototype, EventTarget.prototype);
AbortSignal.prototype.throwIfAborted = function () { if (this.aborted) throw this.reason; };
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: 'AbortSignal' });
function abortSignal(signal, reason) {
  if (signal.aborted) return;
  signal.aborted = true;
  signal.reason = reason === undefined ? domAbort('This operation was aborted', 'AbortError') : reason;
  signal.dispatchEvent(new Event('abort'));
}
AbortSignal.abort = function (reason) { var s = newSignal(); abortSignal(s, reason); return s; };
AbortSignal.timeout = function (ms) {
  var s = newSignal();
  setTimeout(function () { abortSignal(s, domAbort('The operation was aborted due to timeout', 'TimeoutError')); }, ms).unref();
  return s;
};
AbortSignal.any = function (signals) {
  var s = newSignal();
  signals.forEach(function (o) {
    if (o.aborted) abortSignal(s, o.reason);
    else o.addEventListener('abort', function () { abortSignal(s, o.reason); });
  });
  return s;
};
function AbortController() {
  if (!(this instanceof AbortController)) throw new TypeError("Class constructor AbortController cannot be invoked without 'new'");
  this.signal = newSignal();
}
AbortController.prototype.abort = function (reason) { abortSignal(this.signal, reason); };
Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: 'AbortController' });

// --- Blob (bytes and a type) ---
function toBytes(part) {
  if (part instanceof Blob) return part._bytes;
  if (part instanceof ArrayBuffer) return Buffer.from(part);
  if (ArrayBuffer.isView(part)) return Buffer.from(part.buffer, part.byteOffset, part.byteLength);
  return Buffer.from(String(part), 'utf8');
}
function Blob(parts, options) {
  this._bytes = Buffer.concat((parts || []).map(toBytes));
  this.type = options && options.type ? String(options.type).toLowerCase() : '';
}
Object.defineProperty(Blob.prototype, 'size', { get: function () { return this._bytes.length; } });
Blob.prototype.text = function () { return Promise.resolve(this._bytes.toString('utf8')); };
Blob.prototype.arrayBuffer = function () { var b = this._bytes; return Promise.resolve(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)); };
Blob.prototype.slice = function (start, end, type) { return new Blob([this._bytes.subarray(start, end)], { type: type || '' }); };
Blob.prototype.stream = function () { return bodyStream(this._bytes); };
Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: 'Blob' });

// --- ReadableStream (enough for a response body: a reader, async iteration) ---
function ReadableStream(source) {
  var self = this;
  this._queue = [];
  this._done = false;
  this._error = null;
  this._waiting = [];
  this.locked = false;
  var controller = {
    enqueue: function (c) { self._queue.push(c); self._wake(); },
    close: function () { self._done = true; self._wake(); },
    error: function (e) { self._error = e; self._wake(); }
  };
  this._pull = source && source.pull ? function () { return source.pull(controller); } : null;
  if (source && source.start) source.start(controller);
  this._cancel = source && source.cancel;
}
ReadableStream.prototype._wake = function () {
  while (this._waiting.length && (this._queue.length || this._done || this._error)) {
    var w = this._waiting.shift();
    if (this._queue.length) w.resolve({ value: this._queue.shift(), done: false });
    else if (this._error) w.reject(this._error);
    else w.resolve({ value: undefined, done: true });
  }
};
ReadableStream.prototype._read = function () {
  var self = this;
  if (this._queue.length) return Promise.resolve({ value: this._queue.shift(), done: false });
  if (this._error) return Promise.reject(this._error);
  if (this._done) return Promise.resolve({ value: undefined, done: true });
  return new Promise(function (resolve, reject) { self._waiting.push({ resolve: resolve, reject: reject }); if (self._pull) self._pull(); });
};
ReadableStream.prototype.getReader = function () {
  var self = this;
  this.locked = true;
  return {
    read: function () { return self._read(); },
    releaseLock: function () { self.locked = false; },
    cancel: function (r) { self._done = true; self._queue = []; if (self._cancel) self._cancel(r); return Promise.resolve(); },
    closed: new Promise(function () {})
  };
};
ReadableStream.prototype.cancel = function (r) { this._done = true; this._queue = []; if (this._cancel) this._cancel(r); return Promise.resolve(); };
ReadableStream.prototype[Symbol.asyncIterator] = function () {
  var self = this;
  return { next: function () { return self._read(); }, return: function () { self.cancel(); return Promise.resolve({ done: true }); }, [Symbol.asyncIterator]: function () { return this; } };
};
ReadableStream.prototype.values = ReadableStream.prototype[Symbol.asyncIterator];
Object.defineProperty(ReadableStream.prototype, Symbol.toStringTag, { value: 'ReadableStream' });
function bodyStream(bytes) {
  return new ReadableStream({ start: function (c) { if (bytes.length) c.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)); c.close(); } });
}

// --- Headers ---
var HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
function Headers(init) {
  if (!(this instanceof Headers)) throw new TypeError("Class constructor Headers cannot be invoked without 'new'");
  this._map = new Map();
  if (init == null) return;
  if (init instanceof Headers) init.forEach(function (v, k) { this.append(k, v); }, this);
  else if (Array.isArray(init) || typeof init[Symbol.iterator] === 'function') {
    for (var pair of init) {
      if (pair.length !== 2) throw new TypeError('Headers constructor: expected name/value pair to be length 2, found ' + pair.length + '.');
      this.append(pair[0], pair[1]);
    }
  } else Object.keys(init).forEach(function (k) { this.append(k, init[k]); }, this);
}
function checkName(name) {
  name = String(name);
  if (!HEADER_NAME.test(name)) throw new TypeError('Headers.append: "' + name + '" is an invalid header name.');
  return name.toLowerCase();
}
Headers.prototype.append = function (name, value) {
  var k = checkName(name);
  value = String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  var list = this._map.get(k);
  if (list) list.push(value); else this._map.set(k, [value]);
};
Headers.prototype.set = function (name, value) { this._map.set(checkName(name), [String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '')]); };
Headers.prototype.get = function (name) {
  var list = this._map.get(checkName(name));
  return list ? list.join(', ') : null;
};
Headers.prototype.getSetCookie = function () { return (this._map.get('set-cookie') || []).slice(); };
Headers.prototype.has = function (name) { return this._map.has(checkName(name)); };
Headers.prototype.delete = function (name) { this._map.delete(checkName(name)); };
Headers.prototype.forEach = function (fn, thisArg) {
  for (var e of this.entries()) fn.call(thisArg, e[1], e[0], this);
};
Headers.prototype.entries = function () {
  var out = [];
  var keys = Array.from(this._map.keys()).sort();
  var map = this._map;
  keys.forEach(function (k) {
    if (k === 'set-cookie') map.get(k).forEach(function (v) { out.push([k, v]); });
    else out.push([k, map.get(k).join(', ')]);
  });
  return out[Symbol.iterator]();
};
Headers.prototype.keys = function () { return Array.from(this.entries(), function (e) { return e[0]; })[Symbol.iterator](); };
Headers.prototype.values = function () { return Array.from(this.entries(), function (e) { return e[1]; })[Symbol.iterator](); };
Headers.prototype[Symbol.iterator] = Headers.prototype.entries;
Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: 'Headers' });

// --- bodies ---
function extractBody(body, headers) {
  if (body === null || body === undefined) return null;
  var type = null, bytes;
  if (typeof body === 'string') { bytes = Buffer.from(body, 'utf8'); type = 'text/plain;charset=UTF-8'; }
  else if (body instanceof URLSearchParams) { bytes = Buffer.from(body.toString(), 'utf8'); type = 'application/x-www-form-urlencoded;charset=UTF-8'; }
  else if (body instanceof Blob) { bytes = body._bytes; type = body.type || null; }
  else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) bytes = toBytes(body);
  else if (body instanceof ReadableStream || typeof body[Symbol.asyncIterator] === 'function') return { stream: body };
  else { bytes = Buffer.from(String(body), 'utf8'); type = 'text/plain;charset=UTF-8'; }
  if (type && headers && !headers.has('content-type')) headers.set('content-type', type);
  return { bytes: bytes };
}
function collect(stream) {
  return (async function () {
    var parts = [];
    for await (var c of stream) parts.push(typeof c === 'string' ? Buffer.from(c) : toBytes(c));
    return Buffer.concat(parts);
  })();
}
var BodyMixin = {
  _bytes: function () {
    if (this.bodyUsed) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this._used = true;
    var b = this._body;
    if (!b) return Promise.resolve(Buffer.alloc(0));
    if (b.bytes) return Promise.resolve(b.bytes);
    return collect(b.stream);
  },
  text: function () { return this._bytes().then(function (b) { return new TextDecoder().decode(b); }); },
  json: function () { return this.text().then(JSON.parse); },
  arrayBuffer: function () { return this._bytes().then(function (b) { return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); }); },
  blob: function () { var type = this.headers.get('content-type') || ''; return this._bytes().then(function (b) { return new Blob([b], { type: type }); }); },
  formData: function () {
    var type = this.headers.get('content-type') || '';
    return this.text().then(function (t) {
      if (!/application\/x-www-form-urlencoded/i.test(type)) throw new TypeError('fngate: formData() reads only urlencoded bodies');
      var fd = new FormData();
      new URLSearchParams(t).forEach(function (v, k) { fd.append(k, v); });
      return fd;
    });
  }
};
function mixBody(proto) {
  Object.keys(BodyMixin).forEach(function (k) { proto[k] = BodyMixin[k]; });
  Object.defineProperty(proto, 'bodyUsed', { get: function () { return !!this._used; } });
  Object.defineProperty(proto, 'body', {
    get: function () {
      var b = this._body;
      if (!b) return null;
      if (!b.stream) b.stream = bodyStream(b.bytes);
      return b.stream;
    }
  });
}

// --- FormData (fields and blobs; sent as multipart/form-data) ---
function FormData() { this._entries = []; }
FormData.prototype.append = function (k, v, filename) { this._entries.push([String(k), v instanceof Blob ? v : String(v), filename]); };
FormData.prototype.set = function (k, v, filename) { this.delete(k); this.append(k, v, filename); };
FormData.prototype.get = function (k) { var e = this._entries.find(function (e) { return e[0] === k; }); return e ? e[1] : null; };
FormData.prototype.getAll = function (k) { return this._entries.filter(function (e) { return e[0] === k; }).map(function (e) { return e[1]; }); };
FormData.prototype.has = function (k) { return this._entries.some(function (e) { return e[0] === k; }); };
FormData.prototype.delete = function (k) { this._entries = this._entries.filter(function (e) { return e[0] !== k; }); };
FormData.prototype.forEach = function (fn, t) { this._entries.forEach(function (e) { fn.call(t, e[1], e[0], this); }, this); };
FormData.prototype.entries = function () { return this._entries.map(function (e) { return [e[0], e[1]]; })[Symbol.iterator](); };
FormData.prototype.keys = function () { return this._entries.map(function (e) { return e[0]; })[Symbol.iterator](); };
FormData.prototype.values = function () { return this._entries.map(function (e) { return e[1]; })[Symbol.iterator](); };
FormData.prototype[Symbol.iterator] = FormData.prototype.entries;
Object.defineProperty(FormData.prototype, Symbol.toStringTag, { value: 'FormData' });
function multipart(fd) {
  var boundary = '----formdata-fngate-' + Math.random().toString(16).slice(2);
  var parts = [];
  fd._entries.forEach(function (e) {
    var head = '--' + boundary + '\r\nContent-Disposition: form-data; name="' + e[0].replace(/"/g, '%22') + '"';
    if (e[1] instanceof Blob) {
      head += '; filename="' + (e[2] || 'blob') + '"\r\nContent-Type: ' + (e[1].type || 'application/octet-stream');
      parts.push(Buffer.from(head + '\r\n\r\n'), e[1]._bytes, Buffer.from('\r\n'));
    } else parts.push(Buffer.from(head + '\r\n\r\n' + e[1] + '\r\n'));
  });
  parts.push(Buffer.from('--' + boundary + '--\r\n'));
  return { bytes: Buffer.concat(parts), type: 'multipart/form-data; boundary=' + boundary };
}

// --- Request, Response ---
function Request(input, init) {
  if (!(this instanceof Request)) throw new TypeError("Class constructor Request cannot be invoked without 'new'");
  init = init || {};
  var base = input instanceof Request ? input : null;
  this.url = base ? base.url : new URL(String(input)).href;
  this.method = String(init.method || (base ? base.method : 'GET')).toUpperCase();
  this.headers = new Headers(init.headers || (base ? base.headers : undefined));
  this.redirect = init.redirect || (base ? base.redirect : 'follow');
  this.signal = init.signal || (base ? base.signal : newSignal());
  this.credentials = init.credentials || 'same-origin';
  this.mode = init.mode || 'cors';
  this.cache = init.cache || 'default';
  this.referrer = 'about:client';
  this.keepalive = !!init.keepalive;
  var body = init.body !== undefined ? init.body : (base ? base._init : null);
  if (body != null && (this.method === 'GET' || this.method === 'HEAD')) throw new TypeError('Request with GET/HEAD method cannot have body.');
  if (body instanceof FormData) {
    var m = multipart(body);
    if (!this.headers.has('content-type')) this.headers.set('content-type', m.type);
    this._body = { bytes: m.bytes };
  } else this._body = extractBody(body, this.headers);
  this._init = body;
}
mixBody(Request.prototype);
Request.prototype.clone = function () { return new Request(this); };
Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: 'Request' });

function Response(body, init) {
  if (!(this instanceof Response)) throw new TypeError("Class constructor Response cannot be invoked without 'new'");
  init = init || {};
  this.status = init.status === undefined ? 200 : init.status;
  if (this.status < 200 || this.status > 599) throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  this.statusText = init.statusText === undefined ? '' : String(init.statusText);
  this.headers = new Headers(init.headers);
  this.type = 'default';
  this.url = '';
  this.redirected = false;
  if (body instanceof FormData) {
    var m = multipart(body);
    if (!this.headers.has('content-type')) this.headers.set('content-type', m.type);
    this._body = { bytes: m.bytes };
  } else this._body = extractBody(body, this.headers);
}
mixBody(Response.prototype);
Object.defineProperty(Response.prototype, 'ok', { get: function () { return this.status >= 200 && this.status < 300; } });
Response.prototype.clone = function () {
  if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
  var r = Object.create(Response.prototype);
  Object.assign(r, this);
  r.headers = new Headers(this.headers);
  return r;
};
Response.json = function (data, init) {
  init = Object.assign({}, init);
  var headers = new Headers(init.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  init.headers = headers;
  return new Response(JSON.stringify(data), init);
};
Response.error = function () { var r = new Response(null, { status: 200 }); r.status = 0; r.type = 'error'; return r; };
Response.redirect = function (url, status) { return new Response(null, { status: status || 302, headers: { location: new URL(url).href } }); };
Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: 'Response' });

// --- fetch ---
function fetchError(message, cause) {
  var e = new TypeError(message);
  if (cause !== undefined) e.cause = cause;
  return e;
}
function decode(bytes, encoding) {
  var zlib = require('zlib');
  var codings = String(encoding || '').toLowerCase().split(',').map(function (s) { return s.trim(); }).filter(Boolean).reverse();
  codings.forEach(function (c) {
    if (c === 'gzip' || c === 'x-gzip') bytes = zlib.gunzipSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    else if (c === 'deflate') bytes = (bytes[0] & 0x0f) === 8 ? zlib.inflateSync(bytes) : zlib.inflateRawSync(bytes);
    else if (c === 'br') bytes = zlib.brotliDecompressSync(bytes);
  });
  return bytes;
}
function fetch(input, init) {
  return new Promise(function (resolve, reject) {
    var request;
    try { request = new Request(input, init); } catch (e) { reject(e); return; }
    var signal = request.signal;
    if (signal && signal.aborted) { reject(signal.reason); return; }
    var bodyPromise = request._body ? request._bytes() : Promise.resolve(null);
    bodyPromise.then(function (body) { send(request, request.url, request.method, body, 0); }, reject);
    function send(req, url, method, body, redirects) {
      var u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') { reject(fetchError('fetch failed', new Error('unknown scheme'))); return; }
      var mod = require(u.protocol === 'https:' ? 'https' : 'http');
      var headers = {};
      req.headers.forEach(function (v, k) { headers[k] = v; });
      if (!headers['accept']) headers['accept'] = '*/*';
      if (!headers['accept-language']) headers['accept-language'] = '*';
      if (!headers['sec-fetch-mode']) headers['sec-fetch-mode'] = 'cors';
      if (!headers['user-agent']) headers['user-agent'] = 'undici';
      if (!headers['accept-encoding']) headers['accept-encoding'] = 'gzip, deflate';
      if (body && body.length) headers['content-length'] = String(body.length);
      var r = mod.request(u, { method: method, headers: headers }, function (res) {
        var status = res.statusCode;
        var location = res.headers.location;
        if ([301, 302, 303, 307, 308].indexOf(status) >= 0 && location !== undefined && req.redirect !== 'manual') {
          res.resume();
          if (req.redirect === 'error') { reject(fetchError('fetch failed', new Error('unexpected redirect'))); return; }
          if (redirects >= 20) { reject(fetchError('fetch failed', new Error('redirect count exceeded'))); return; }
          var next = new URL(location, url).href;
          var nextMethod = method, nextBody = body;
          if (status === 303 && method !== 'GET' && method !== 'HEAD' || (status === 301 || status === 302) && method === 'POST') {
            nextMethod = 'GET';
            nextBody = null;
            ['content-length', 'content-type', 'content-encoding', 'content-language', 'content-location'].forEach(function (h) { req.headers.delete(h); });
          }
          if (new URL(next).origin !== u.origin) { req.headers.delete('authorization'); req.headers.delete('cookie'); }
          send(req, next, nextMethod, nextBody, redirects + 1);
          return;
        }
        var parts = [];
        res.on('data', function (c) { parts.push(c); });
        res.on('error', function (e) { reject(fetchError('fetch failed', e)); });
        res.on('end', function () {
          var bytes = Buffer.concat(parts);
          var rawHeaders = [];
          for (var i = 0; i < res.rawHeaders.length; i += 2) rawHeaders.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
          try {
            if (method !== 'HEAD' && status !== 204 && status !== 304) bytes = decode(bytes, res.headers['content-encoding']);
          } catch (e) { reject(fetchError('fetch failed', e)); return; }
          var response = Object.create(Response.prototype);
          response.status = status;
          response.statusText = res.statusMessage || '';
          response.headers = new Headers(rawHeaders);
          response.type = 'basic';
          response.url = url;
          response.redirected = redirects > 0;
          response._body = method === 'HEAD' || status === 204 || status === 304 ? null : { bytes: bytes };
          resolve(response);
        });
      });
      r.on('error', function (e) { reject(signal && signal.aborted ? signal.reason : fetchError('fetch failed', e)); });
      if (signal) signal.addEventListener('abort', function () { r.destroy(); reject(signal.reason); }, { once: true });
      if (body && body.length) r.end(body); else r.end();
    }
  });
}

// --- CustomEvent ---
function CustomEvent(type, init) {
  Event.call(this, type, init);
  this.detail = init && init.detail !== undefined ? init.detail : null;
}
Object.setPrototypeOf(CustomEvent.prototype, Event.prototype);
Object.defineProperty(CustomEvent.prototype, Symbol.toStringTag, { value: 'CustomEvent' });

// --- WritableStream, TransformStream and the text codec streams (the basics) ---
function WritableStream(sink) {
  this._sink = sink || {};
  this._closed = false;
  this.locked = false;
  var self = this;
  this._controller = { error: function (e) { self._error = e; } };
  if (this._sink.start) this._sink.start(this._controller);
}
WritableStream.prototype.getWriter = function () {
  var self = this;
  this.locked = true;
  var chain = Promise.resolve();
  return {
    write: function (chunk) { chain = chain.then(function () { return self._sink.write && self._sink.write(chunk, self._controller); }); return chain; },
    close: function () { chain = chain.then(function () { self._closed = true; return self._sink.close && self._sink.close(); }); return chain; },
    abort: function (r) { self._closed = true; return Promise.resolve(self._sink.abort && self._sink.abort(r)); },
    releaseLock: function () { self.locked = false; },
    get ready() { return chain; },
    get closed() { return chain; }
  };
};
Object.defineProperty(WritableStream.prototype, Symbol.toStringTag, { value: 'WritableStream' });
function TransformStream(transformer) {
  transformer = transformer || {};
  var readableController;
  this.readable = new ReadableStream({ start: function (c) { readableController = c; } });
  var controller = {
    enqueue: function (c) { readableController.enqueue(c); },
    terminate: function () { readableController.close(); },
    error: function (e) { readableController.error(e); }
  };
  if (transformer.start) transformer.start(controller);
  this.writable = new WritableStream({
    write: function (chunk) { return transformer.transform ? transformer.transform(chunk, controller) : controller.enqueue(chunk); },
    close: function () { return Promise.resolve(transformer.flush && transformer.flush(controller)).then(function () { readableController.close(); }); }
  });
}
Object.defineProperty(TransformStream.prototype, Symbol.toStringTag, { value: 'TransformStream' });
function TextDecoderStream(encoding, options) {
  var decoder = new TextDecoder(encoding, options);
  TransformStream.call(this, {
    transform: function (chunk, c) { var t = decoder.decode(chunk, { stream: true }); if (t) c.enqueue(t); },
    flush: function (c) { var t = decoder.decode(); if (t) c.enqueue(t); }
  });
  this.encoding = decoder.encoding;
}
function TextEncoderStream() {
  var encoder = new TextEncoder();
  TransformStream.call(this, { transform: function (chunk, c) { c.enqueue(encoder.encode(String(chunk))); } });
  this.encoding = 'utf-8';
}

// --- MessageChannel, MessagePort, BroadcastChannel (within the instance) ---
function MessagePort() { EventTarget.call(this); this._other = null; this._closed = false; this.onmessage = null; }
Object.setPrototypeOf(MessagePort.prototype, EventTarget.prototype);
MessagePort.prototype.postMessage = function (data) {
  var to = this._other;
  if (!to || this._closed) return;
  var copy = structuredClone(data);
  setImmediate(function () {
    if (to._closed) return;
    var e = new Event('message');
    e.data = copy;
    to.dispatchEvent(e);
  });
};
MessagePort.prototype.start = function () {};
MessagePort.prototype.close = function () { this._closed = true; if (this._other) this._other._closed = true; };
MessagePort.prototype.ref = function () { return this; };
MessagePort.prototype.unref = function () { return this; };
Object.defineProperty(MessagePort.prototype, Symbol.toStringTag, { value: 'MessagePort' });
function MessageChannel() {
  this.port1 = new MessagePort();
  this.port2 = new MessagePort();
  this.port1._other = this.port2;
  this.port2._other = this.port1;
}
var channels = new Map();
function BroadcastChannel(name) {
  EventTarget.call(this);
  this.name = String(name);
  this.onmessage = null;
  if (!channels.has(this.name)) channels.set(this.name, new Set());
  channels.get(this.name).add(this);
}
Object.setPrototypeOf(BroadcastChannel.prototype, EventTarget.prototype);
BroadcastChannel.prototype.postMessage = function (data) {
  var self = this;
  channels.get(this.name).forEach(function (other) {
    if (other === self) return;
    var copy = structuredClone(data);
    setImmediate(function () { var e = new Event('message'); e.data = copy; other.dispatchEvent(e); });
  });
};
BroadcastChannel.prototype.close = function () { channels.get(this.name).delete(this); };

module.exports = {
  fetch: fetch, Headers: Headers, Request: Request, Response: Response, FormData: FormData,
  Blob: Blob, ReadableStream: ReadableStream, Event: Event, EventTarget: EventTarget,
  AbortController: AbortController, AbortSignal: AbortSignal,
  WritableStream: WritableStream, TransformStream: TransformStream,
  TextDecoderStream: TextDecoderStream, TextEncoderStream: TextEncoderStream,
  MessageChannel: MessageChannel, MessagePort: MessagePort, BroadcastChannel: BroadcastChannel,
  CustomEvent: CustomEvent,
  streams: { ReadableStream: ReadableStream, WritableStream: WritableStream, TransformStream: TransformStream, TextDecoderStream: TextDecoderStream, TextEncoderStream: TextEncoderStream }
};

// node:http — clients whose requests the host sends (one hyper client, under
// the function's allowedOutboundHosts) and servers that listen inside the
// instance: a request to one (localhost:port, or a socketPath) is served in
// memory, never leaving the instance. OutgoingMessage keeps Node's `_header`
// and its writes to `socket.write`, which serverless-http relies on.
'use strict';

var EE = require('events');
var stream = require('stream');
var net = require('net');
var Buffer = require('buffer').Buffer;
var io = internal.io;
var servers = internal.servers || (internal.servers = new Map());

var STATUS_CODES = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
  205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
  305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
  409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed',
  418: "I'm a Teapot", 421: 'Misdirected Request', 422: 'Unprocessable Entity', 423: 'Locked',
  424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
  429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates',
  507: 'Insufficient Storage', 508: 'Loop Detected', 509: 'Bandwidth Limit Exceeded', 510: 'Not Extended',
  511: 'Network Authentication Required'
};
var METHODS = ['ACL', 'BIND', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LINK', 'LOCK', 'M-SEARCH',
  'MERGE', 'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MOVE', 'NOTIFY', 'OPTIONS', 'PATCH', 'POST', 'PROPFIND',
  'PROPPATCH', 'PURGE', 'PUT', 'REBIND', 'REPORT', 'SEARCH', 'SOURCE', 'SUBSCRIBE', 'TRACE', 'UNBIND',
  'UNLINK', 'UNLOCK', 'UNSUBSCRIBE'];

var TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
var BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
function codedError(Type, code, message) { var e = new Type(message); e.code = code; return e; }
function validateHeaderName(name) {
  if (typeof name !== 'string' || !name || !TOKEN.test(name)) {
    throw codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', 'Header name must be a valid HTTP token ["' + name + '"]');
  }
}
function validateHeaderValue(name, value) {
  if (value === undefined) throw codedError(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', 'Invalid value "undefined" for header "' + name + '"');
  if (BAD_VALUE.test(String(value))) throw codedError(TypeError, 'ERR_INVALID_CHAR', 'Invalid character in header content ["' + name + '"]');
}

// --- OutgoingMessage: headers, `_header`, and the body written to `socket` ---
function OutgoingMessage() {
  stream.Stream.call(this);
  this._outHeaders = null;
  this._header = null;
  this._headerSent = false;
  this.headersSent = false;
  this.finished = false;
  this.writable = true;
  this.destroyed = false;
  this.chunkedEncoding = false;
  this.useChunkedEncodingByDefault = true;
  this.sendDate = false;
  this.shouldKeepAlive = false;
  this._contentLength = null;
  this._hasBody = true;
  this._trailer = '';
  this._pendingWrites = [];
  this._finishEmitted = false;
  this.socket = null;
  this.connection = null;
}
Object.setPrototypeOf(OutgoingMessage.prototype, stream.Stream.prototype);
Object.setPrototypeOf(OutgoingMessage, stream.Stream);

OutgoingMessage.prototype.setHeader = function (name, value) {
  if (this._header) throw codedError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot set headers after they are sent to the client');
  validateHeaderName(name);
  validateHeaderValue(name, value);
  if (!this._outHeaders) this._outHeaders = Object.create(null);
  this._outHeaders[name.toLowerCase()] = [name, value];
  return this;
};
OutgoingMessage.prototype.appendHeader = function (name, value) {
  var old = this.getHeader(name);
  if (old === undefined) return this.setHeader(name, value);
  return this.setHeader(name, [].concat(old, value));
};
OutgoingMessage.prototype.getHeader = function (name) {
  if (typeof name !== 'string') throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "name" argument must be of type string');
  var e = this._outHeaders && this._outHeaders[name.toLowerCase()];
  return e ? e[1] : undefined;
};
OutgoingMessage.prototype.getHeaders = function () {
  var out = Object.create(null);
  if (this._outHeaders) for (var k in this._outHeaders) out[k] = this._outHeaders[k][1];
  return out;
};
OutgoingMessage.prototype.getHeaderNames = function () { return this._outHeaders ? Object.keys(this._outHeaders) : []; };
OutgoingMessage.prototype.getRawHeaderNames = function () {
  var h = this._outHeaders;
  return h ? Object.keys(h).map(function (k) { return h[k][0]; }) : [];
};
OutgoingMessage.prototype.hasHeader = function (name) { return !!(this._outHeaders && this._outHeaders[name.toLowerCase()]); };
OutgoingMessage.prototype.removeHeader = function (name) {
  if (this._header) throw codedError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot remove headers after they are sent to the client');
  if (this._outHeaders) delete this._outHeaders[name.toLowerCase()];
};
OutgoingMessage.prototype.flushHeaders = function () { if (!this._header) this._implicitHeader(); this._flushOutput(); };
OutgoingMessage.prototype.setTimeout = function (ms, cb) {
  if (cb) this.once('timeout', cb);
  if (this.socket) this.socket.setTimeout(ms);
  else this.once('socket', function (s) { s.setTimeout(ms); });
  return this;
};
OutgoingMessage.prototype.cork = function () {};
OutgoingMessage.prototype.uncork = function () {};
OutgoingMessage.prototype.addTrailers = function () {};
OutgoingMessage.prototype.destroy = function (err) {
  if (this.destroyed) return this;
  this.destroyed = true;
  if (this.socket) this.socket.destroy(err);
  else if (err) { var self = this; process.nextTick(function () { self.emit('error', err); }); }
  return this;
};

// The header block: `firstLine`, the headers set, then what Node adds.
OutgoingMessage.prototype._storeHeader = function (firstLine, headers) {
  var lines = firstLine;
  var seen = {};
  var add = function (name, value) {
    var lower = name.toLowerCase();
    seen[lower] = true;
    if (Array.isArray(value)) value.forEach(function (v) { lines += name + ': ' + v + '\r\n'; });
    else lines += name + ': ' + value + '\r\n';
  };
  if (headers) for (var k in headers) add(headers[k][0], headers[k][1]);
  if (this.sendDate && !seen.date) lines += 'Date: ' + new Date().toUTCString() + '\r\n';
  if (!seen.connection) lines += 'Connection: ' + (this.shouldKeepAlive ? 'keep-alive' : 'close') + '\r\n';
  if (this.shouldKeepAlive && this._keepAliveTimeout && !seen['keep-alive']) {
    lines += 'Keep-Alive: timeout=' + Math.floor(this._keepAliveTimeout / 1000) + '\r\n';
  }
  if (!this._hasBody) {
    this.chunkedEncoding = false;
  } else if (!seen['content-length'] && !seen['transfer-encoding']) {
    if (typeof this._contentLength === 'number') {
      lines += 'Content-Length: ' + this._contentLength + '\r\n';
    } else if (this.useChunkedEncodingByDefault) {
      lines += 'Transfer-Encoding: chunked\r\n';
      this.chunkedEncoding = true;
    }
  } else if (seen['transfer-encoding']) {
    this.chunkedEncoding = /chunked/i.test(String(headers['transfer-encoding'][1]));
  }
  this._header = lines + '\r\n';
  this._headerSent = false;
};

OutgoingMessage.prototype._writeRaw = function (data, encoding, cb) {
  if (!this.socket) { this._pendingWrites.push([data, encoding, cb]); return true; }
  return this.socket.write(data, encoding, cb);
};
OutgoingMessage.prototype._send = function (data, encoding, cb) {
  if (!this._headerSent && this._header) {
    this._headerSent = true;
    this.headersSent = true;
    this._writeRaw(this._header, 'latin1');
  }
  if (data === '' || data === null || data === undefined || data.length === 0) { if (cb) process.nextTick(cb); return true; }
  return this._writeRaw(data, encoding, cb);
};
OutgoingMessage.prototype._flushOutput = function () {
  if (!this.socket) return;
  var pending = this._pendingWrites;
  this._pendingWrites = [];
  for (var i = 0; i < pending.length; i++) this.socket.write(pending[i][0], pending[i][1], pending[i][2]);
};
OutgoingMessage.prototype.write = function (chunk, encoding, cb) {
  if (typeof encoding === 'function') { cb = encoding; encoding = null; }
  if (this.finished) {
    var e = codedError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
    var self = this;
    process.nextTick(function () { if (cb) cb(e); self.emit('error', e); });
    return true;
  }
  if (chunk === null) throw codedError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
  if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array');
  }
  if (!this._header) this._implicitHeader();
  if (!this._hasBody) { if (cb) process.nextTick(cb); return true; }
  if (chunk.length === 0) { if (cb) process.nextTick(cb); return true; }
  var framed = this.chunkedEncoding && !(this.socket && this.socket._fngateUnframed);
  if (framed) {
    var len = typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding || 'utf8') : chunk.length;
    this._send(len.toString(16) + '\r\n', 'latin1');
    this._send(chunk, encoding);
    return this._send('\r\n', 'latin1', cb);
  }
  return this._send(chunk, encoding, cb);
};
OutgoingMessage.prototype.end = function (chunk, encoding, cb) {
  if (typeof chunk === 'function') { cb = chunk; chunk = null; } else if (typeof encoding === 'function') { cb = encoding; encoding = null; }
  if (this.finished) { if (cb) process.nextTick(cb); return this; }
  if (chunk !== null && chunk !== undefined && !this._header) {
    this._contentLength = typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding || 'utf8') : chunk.length;
  } else if (!this._header && (chunk === null || chunk === undefined)) {
    this._contentLength = 0;
  }
  if (chunk !== null && chunk !== undefined) this.write(chunk, encoding);
  else if (!this._header) this._implicitHeader();
  if (cb) this.once('finish', cb);
  if (this.chunkedEncoding && this._hasBody && !(this.socket && this.socket._fngateUnframed)) this._send('0\r\n' + this._trailer + '\r\n', 'latin1');
  else this._send('', 'latin1');
  this.finished = true;
  this.writable = false;
  this._finish();
  return this;
};
// Called when the body is complete: the transport's hook, then 'finish'.
OutgoingMessage.prototype._finish = function () {
  var self = this;
  if (this.socket && typeof this.socket._fngateFinish === 'function') this.socket._fngateFinish(this);
  process.nextTick(function () {
    if (self._finishEmitted) return;
    self._finishEmitted = true;
    self.emit('prefinish');
    self.emit('finish');
  });
};
Object.defineProperty(OutgoingMessage.prototype, 'writableEnded', { get: function () { return this.finished; } });
Object.defineProperty(OutgoingMessage.prototype, 'writableFinished', { get: function () { return this._finishEmitted; } });
Object.defineProperty(OutgoingMessage.prototype, 'writableLength', { get: function () { return 0; } });
Object.defineProperty(OutgoingMessage.prototype, 'writableHighWaterMark', { get: function () { return 16384; } });
Object.defineProperty(OutgoingMessage.prototype, 'writableCorked', { get: function () { return 0; } });
Object.defineProperty(OutgoingMessage.prototype, 'writableObjectMode', { get: function () { return false; } });

// --- IncomingMessage ---
// Headers whose repeats Node drops (the first wins).
var SINGLE = { 'content-type': 1, 'content-length': 1, 'user-agent': 1, referer: 1, host: 1, authorization: 1,
  'proxy-authorization': 1, 'if-modified-since': 1, 'if-unmodified-since': 1, from: 1, location: 1,
  'max-forwards': 1, 'retry-after': 1, etag: 1, 'last-modified': 1, server: 1, age: 1, expires: 1 };
function addHeader(headers, name, value) {
  var k = name.toLowerCase();
  if (k === 'set-cookie') (headers[k] = headers[k] || []).push(value);
  else if (headers[k] === undefined) headers[k] = value;
  else if (SINGLE[k]) return;
  else headers[k] += (k === 'cookie' ? '; ' : ', ') + value;
}
function IncomingMessage(socket) {
  if (!(this instanceof IncomingMessage)) return new IncomingMessage(socket);
  stream.Readable.call(this);
  this.socket = socket || null;
  this.connection = this.socket;
  this.httpVersionMajor = 1;
  this.httpVersionMinor = 1;
  this.httpVersion = '1.1';
  this.complete = false;
  this.headers = {};
  this.rawHeaders = [];
  this.trailers = {};
  this.rawTrailers = [];
  this.aborted = false;
  this.upgrade = false;
  this.url = '';
  this.method = null;
  this.statusCode = null;
  this.statusMessage = null;
}
Object.setPrototypeOf(IncomingMessage.prototype, stream.Readable.prototype);
Object.setPrototypeOf(IncomingMessage, stream.Readable);
IncomingMessage.prototype._read = function () {};
IncomingMessage.prototype.setTimeout = function (ms, cb) { if (cb) this.once('timeout', cb); if (this.socket) this.socket.setTimeout(ms); return this; };
IncomingMessage.prototype._setHeaders = function (pairs) {
  var headers = {};
  var raw = [];
  for (var i = 0; i < pairs.length; i++) { addHeader(headers, pairs[i][0], pairs[i][1]); raw.push(pairs[i][0], pairs[i][1]); }
  this.headers = headers;
  this.rawHeaders = raw;
};
Object.defineProperty(IncomingMessage.prototype, 'headersDistinct', {
  get: function () {
    var out = Object.create(null);
    for (var i = 0; i < this.rawHeaders.length; i += 2) (out[this.rawHeaders[i].toLowerCase()] = out[this.rawHeaders[i].toLowerCase()] || []).push(this.rawHeaders[i + 1]);
    return out;
  }
});

// --- ServerResponse ---
function ServerResponse(req) {
  if (!(this instanceof ServerResponse)) return new ServerResponse(req);
  OutgoingMessage.call(this);
  this.req = req;
  this.statusCode = 200;
  this.statusMessage = undefined;
  this.sendDate = true;
  if (req && req.method === 'HEAD') this._hasBody = false;
  this.shouldKeepAlive = false;
}
Object.setPrototypeOf(ServerResponse.prototype, OutgoingMessage.prototype);
Object.setPrototypeOf(ServerResponse, OutgoingMessage);
ServerResponse.prototype._implicitHeader = function () { this.writeHead(this.statusCode); };
ServerResponse.prototype.writeHead = function (statusCode, reason, headers) {
  if (this._header) throw codedError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot write headers after they are sent to the client');
  if (typeof reason !== 'string') { headers = reason; reason = undefined; }
  statusCode |= 0;
  if (statusCode < 100 || statusCode > 999) throw codedError(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', 'Invalid status code: ' + statusCode);
  this.statusCode = statusCode;
  this.statusMessage = reason || this.statusMessage || STATUS_CODES[statusCode] || 'unknown';
  if (headers) {
    if (Array.isArray(headers)) {
      if (headers.length && Array.isArray(headers[0])) headers.forEach(function (h) { this.appendHeader(h[0], h[1]); }, this);
      else for (var i = 0; i < headers.length; i += 2) this.appendHeader(headers[i], headers[i + 1]);
    } else for (var k in headers) if (headers[k] !== undefined) this.setHeader(k, headers[k]);
  }
  if (statusCode === 204 || statusCode === 304 || (statusCode >= 100 && statusCode < 200)) this._hasBody = false;
  this._storeHeader('HTTP/1.1 ' + statusCode + ' ' + this.statusMessage + '\r\n', this._outHeaders);
  return this;
};
ServerResponse.prototype.writeContinue = function () {};
ServerResponse.prototype.writeProcessing = function () {};
ServerResponse.prototype.writeEarlyHints = function () {};
ServerResponse.prototype.assignSocket = function (socket) {
  this.socket = socket;
  this.connection = socket;
  this.emit('socket', socket);
  this._flushOutput();
};
ServerResponse.prototype.detachSocket = function () { this.socket = null; };

// --- servers (in this instance) ---
function Server(options, listener) {
  if (!(this instanceof Server)) return new Server(options, listener);
  if (typeof options === 'function') { listener = options; options = {}; }
  net.Server.call(this, options);
  if (listener) this.on('request', listener);
  this.timeout = 0;
  this.keepAliveTimeout = 5000;
  this.headersTimeout = 60000;
  this.requestTimeout = 300000;
  this.maxHeadersCount = null;
  this.maxRequestsPerSocket = 0;
}
Object.setPrototypeOf(Server.prototype, net.Server.prototype);
Object.setPrototypeOf(Server, net.Server);
Server.prototype.setTimeout = function (ms, cb) { this.timeout = ms; if (cb) this.on('timeout', cb); return this; };
Server.prototype.closeAllConnections = function () {};
Server.prototype.closeIdleConnections = function () {};
function createServer(options, listener) { return new Server(options, listener); }

// One request to a server of this instance: the server's request and
// response objects, built from the client's head; the response's header block
// and body, written to its socket, become the client's response.
function serveInMemory(server, client, head) {
  var socket = new net.Socket();
  socket.remoteAddress = '127.0.0.1';
  socket.remotePort = 50000 + Math.floor(Math.random() * 10000);
  socket.remoteFamily = 'IPv4';
  socket.localAddress = '127.0.0.1';
  socket.localPort = server._port || 0;
  socket.encrypted = head.encrypted || undefined;
  socket._fngateUnframed = true;
  socket.server = server;
  var headerText = '';
  var response = null;
  var deliver = function (bytes) {
    if (response) { if (bytes.length) response.push(bytes); return; }
    headerText += bytes.toString('latin1');
    var end = headerText.indexOf('\r\n\r\n');
    if (end < 0) return;
    var rest = Buffer.from(headerText.slice(end + 4), 'latin1');
    response = client._responseFromHead(headerText.slice(0, end));
    if (rest.length) response.push(rest);
  };
  socket._write = function (chunk, enc, cb) { var b = Buffer.from(chunk); process.nextTick(function () { deliver(b); }); cb(); };
  // The response is complete once everything written before has been delivered.
  socket._fngateFinish = function () {
    socket.once('finish', function () {
      process.nextTick(function () {
        if (!response) deliver(Buffer.from('\r\n\r\n'));
        if (response) client._responseEnd();
      });
    });
    socket.end();
  };
  socket._destroy = function (err, cb) {
    process.nextTick(function () { if (!response || !response.complete) client._fail(err || codedError(Error, 'ECONNRESET', 'socket hang up')); });
    cb(err);
  };
  var req = new IncomingMessage(socket);
  req.method = head.method;
  req.url = head.path;
  req._setHeaders(head.headers);
  var res = new ServerResponse(req);
  // As Node's server: keep-alive unless the request says close.
  res.shouldKeepAlive = !/(^|,)\s*close\s*(,|$)/i.test(String(req.headers.connection || ''));
  res._keepAliveTimeout = server.keepAliveTimeout;
  res.assignSocket(socket);
  res.on('finish', function () { req.emit('close'); res.emit('close'); });
  client._serverRequest = req;
  process.nextTick(function () {
    server.emit('connection', socket);
    if (server.listenerCount('request') === 0) { res.statusCode = 404; res.end(); return; }
    try { server.emit('request', req, res); } catch (e) { client._fail(e); throw e; }
  });
  return req;
}

// --- agents (connections are the host's: one per request) ---
function Agent(options) {
  if (!(this instanceof Agent)) return new Agent(options);
  EE.call(this);
  this.options = Object.assign({ path: null }, options);
  this.keepAlive = !!(options && options.keepAlive);
  this.keepAliveMsecs = (options && options.keepAliveMsecs) || 1000;
  this.maxSockets = (options && options.maxSockets) || Infinity;
  this.maxFreeSockets = (options && options.maxFreeSockets) || 256;
  this.maxTotalSockets = (options && options.maxTotalSockets) || Infinity;
  this.totalSocketCount = 0;
  this.defaultPort = 80;
  this.protocol = 'http:';
  this.requests = Object.create(null);
  this.sockets = Object.create(null);
  this.freeSockets = Object.create(null);
}
Object.setPrototypeOf(Agent.prototype, EE.prototype);
Object.setPrototypeOf(Agent, EE);
Agent.prototype.destroy = function () {};
Agent.prototype.getName = function (o) { o = o || {}; return (o.host || 'localhost') + ':' + (o.port || '') + ':' + (o.localAddress || '') + (o.family ? ':' + o.family : ''); };
Agent.prototype.createConnection = function (options, cb) { return net.createConnection(options, cb); };
Agent.prototype.keepSocketAlive = function () { return false; };
Agent.prototype.reuseSocket = function () {};
var globalAgent = new Agent();

// --- ClientRequest ---
function urlToOptions(url) {
  var o = {
    protocol: url.protocol, hostname: url.hostname.charAt(0) === '[' ? url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash, search: url.search, pathname: url.pathname, path: (url.pathname || '') + (url.search || ''), href: url.href
  };
  if (url.port !== '') o.port = Number(url.port);
  if (url.username || url.password) o.auth = decodeURIComponent(url.username) + ':' + decodeURIComponent(url.password);
  return o;
}
function ClientRequest(input, options, cb) {
  if (!(this instanceof ClientRequest)) return new ClientRequest(input, options, cb);
  OutgoingMessage.call(this);
  if (typeof input === 'string') input = urlToOptions(new URL(input));
  else if (input && typeof input.href === 'string' && typeof input.searchParams === 'object') input = urlToOptions(input);
  else { cb = options; options = input; input = null; }
  if (typeof options === 'function') { cb = options; options = {}; }
  options = Object.assign({}, input || {}, options || {});
  var defaultAgent = options._defaultAgent || globalAgent;
  var agent = options.agent === false ? new defaultAgent.constructor() : (options.agent || defaultAgent);
  this.agent = agent;
  var protocol = options.protocol || defaultAgent.protocol || 'http:';
  var expected = defaultAgent.protocol || 'http:';
  if (protocol !== expected) {
    throw codedError(TypeError, 'ERR_INVALID_PROTOCOL', 'Protocol "' + protocol + '" not supported. Expected "' + expected + '"');
  }
  this.protocol = protocol;
  var defaultPort = options.defaultPort || (agent && agent.defaultPort) || defaultAgent.defaultPort || 80;
  this.host = options.hostname || options.host || 'localhost';
  if (typeof this.host === 'string' && this.host.charAt(0) === '[') this.host = this.host.slice(1, -1);
  this.port = options.port || defaultPort;
  this.path = options.path || '/';
  if (expected === 'https:') this._tls = require('tls')._tlsSpec(Object.assign({}, agent && agent.options, options), this.host);
  if (/[\u0000-\u0020]/.test(this.path)) throw codedError(TypeError, 'ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters');
  var method = options.method == null ? 'GET' : String(options.method);
  if (!TOKEN.test(method)) throw codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', 'Method must be a valid HTTP token ["' + method + '"]');
  this.method = method.toUpperCase();
  this.socketPath = options.socketPath;
  this.timeout = options.timeout;
  this.reusedSocket = false;
  this.maxHeadersCount = null;
  this.aborted = false;
  this.res = null;
  this._options = options;
  this._id = 0;
  this._body = [];
  this._bodyBytes = 0;
  this._started = false;
  this._closed = false;
  this.useChunkedEncodingByDefault = !/^(GET|HEAD|DELETE|OPTIONS|TRACE|CONNECT)$/.test(this.method);
  if (this.method === 'HEAD') this._responseHasNoBody = true;
  var headers = options.headers;
  if (headers) {
    if (Array.isArray(headers)) { for (var i = 0; i < headers.length; i += 2) this.appendHeader(headers[i], headers[i + 1]); }
    else for (var k in headers) if (headers[k] !== undefined) this.setHeader(k, headers[k]);
  }
  if (options.setHost !== false && !this.hasHeader('host')) {
    var hostHeader = this.host.indexOf(':') >= 0 ? '[' + this.host + ']' : this.host;
    if (Number(this.port) !== Number(defaultPort)) hostHeader += ':' + this.port;
    this.setHeader('Host', hostHeader);
  }
  if (options.auth && !this.hasHeader('authorization')) this.setHeader('Authorization', 'Basic ' + Buffer.from(options.auth).toString('base64'));
  if (cb) this.once('response', cb);
  var self = this;
  // The socket the request is on (a stand-in for the host's connection).
  var socket = new net.Socket();
  socket.connecting = true;
  socket.encrypted = this._tls ? true : undefined;
  socket._fngateRequest = this;
  socket.destroy = function (err) { self.destroy(err); return this; };
  socket.setTimeout = function (ms, fn) { self._setIdleTimeout(ms); if (fn) self.once('timeout', fn); return this; };
  this.socket = socket;
  this.connection = socket;
  if (this.timeout !== undefined) this._setIdleTimeout(this.timeout);
  if (options.signal) {
    var signal = options.signal;
    var onAbort = function () { self.destroy(abortError(signal.reason)); };
    if (signal.aborted) process.nextTick(onAbort); else signal.addEventListener('abort', onAbort, { once: true });
  }
  process.nextTick(function () { if (!self.destroyed) self.emit('socket', socket); });
}
Object.setPrototypeOf(ClientRequest.prototype, OutgoingMessage.prototype);
Object.setPrototypeOf(ClientRequest, OutgoingMessage);

function abortError(reason) {
  var e = new Error('The operation was aborted');
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  if (reason !== undefined) e.cause = reason;
  return e;
}

ClientRequest.prototype._implicitHeader = function () {
  this._storeHeader(this.method + ' ' + this.path + ' HTTP/1.1\r\n', this._outHeaders);
};
// Bodies are held until `end()` (so their length is known) or until they
// pass 64 KB, then streamed.
ClientRequest.prototype.write = function (chunk, encoding, cb) {
  if (typeof encoding === 'function') { cb = encoding; encoding = null; }
  if (this.finished || this.destroyed) {
    var e = codedError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
    var self = this;
    process.nextTick(function () { if (cb) cb(e); self.emit('error', e); });
    return false;
  }
  if (chunk === null) throw codedError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
  var b = typeof chunk === 'string' ? Buffer.from(chunk, encoding || 'utf8') : Buffer.from(chunk);
  if (b.length) {
    if (this._started) this._sendBody(b);
    else { this._body.push(Buffer.from(b)); this._bodyBytes += b.length; }
  }
  if (!this._started && this._bodyBytes > 65536) this._start(false);
  if (cb) process.nextTick(cb);
  return true;
};
ClientRequest.prototype.end = function (chunk, encoding, cb) {
  if (typeof chunk === 'function') { cb = chunk; chunk = null; } else if (typeof encoding === 'function') { cb = encoding; encoding = null; }
  if (this.finished) { if (cb) process.nextTick(cb); return this; }
  if (chunk !== null && chunk !== undefined) this.write(chunk, encoding);
  if (cb) this.once('finish', cb);
  this.finished = true;
  this.writable = false;
  if (!this._started) this._start(true);
  else if (this._transport === 'host') io.end(this._id);
  else if (this._serverRequest) this._serverRequest.push(null);
  var self = this;
  process.nextTick(function () { if (!self._finishEmitted) { self._finishEmitted = true; self.emit('prefinish'); self.emit('finish'); } });
  return this;
};
ClientRequest.prototype.flushHeaders = function () { if (!this._started) this._start(false); };
ClientRequest.prototype._sendBody = function (b) {
  if (this._transport === 'host') {
    if (!io.write(this._id, b)) this._fail(codedError(Error, 'EPIPE', 'write EPIPE'));
  } else if (this._serverRequest) {
    var req = this._serverRequest;
    var copy = Buffer.from(b);
    process.nextTick(function () { req.push(copy); });
  }
};
// Sends the head (and the body so far): to a server of this instance, or to the host.
ClientRequest.prototype._start = function (ended) {
  if (this._started || this.destroyed) return;
  this._started = true;
  if (ended && !this.hasHeader('content-length') && !this.hasHeader('transfer-encoding') && (this._bodyBytes > 0 || this.useChunkedEncodingByDefault)) {
    this._contentLength = this._bodyBytes;
  }
  if (!this._header) this._implicitHeader();
  this.headersSent = true;
  var pairs = [];
  var h = this._outHeaders || {};
  for (var k in h) [].concat(h[k][1]).forEach(function (v) { pairs.push([h[k][0], String(v)]); });
  var lenMatch = /\r\nContent-Length: (\d+)\r\n/i.exec(this._header);
  if (lenMatch && !this.hasHeader('content-length')) pairs.push(['Content-Length', lenMatch[1]]);
  var body = this._body;
  this._body = [];
  var server = this.socketPath !== undefined ? servers.get('path:' + this.socketPath) : (isLocal(this.host) ? servers.get('port:' + Number(this.port)) : undefined);
  var self = this;
  if (server) {
    this._transport = 'memory';
    var req = serveInMemory(server, this, { method: this.method, path: this.path, headers: pairs, encrypted: !!this._tls });
    body.forEach(function (b) { process.nextTick(function () { req.push(b); }); });
    if (ended) process.nextTick(function () { req.push(null); });
    this._markConnected('127.0.0.1', Number(this.port) || 0);
    return;
  }
  if (this.socketPath !== undefined) {
    process.nextTick(function () {
      self._fail(Object.assign(new Error('connect ENOENT ' + self.socketPath), { errno: -2, code: 'ENOENT', syscall: 'connect', address: self.socketPath }));
    });
    return;
  }
  this._transport = 'host';
  if (!/^(close|keep-alive)$/i.test(String(this.getHeader('connection') || ''))) pairs.push(['Connection', 'close']);
  var host = this.host.indexOf(':') >= 0 ? '[' + this.host + ']' : this.host;
  var spec = {
    method: this.method,
    url: (this._tls ? 'https://' : 'http://') + host + ':' + this.port + this.path,
    headers: pairs,
    length: ended ? this._bodyBytes : null,
    tls: this._tls
  };
  this._io = { ref: true, active: true, event: function (type, header, bytes) { self._onIo(type, header, bytes); } };
  this._id = io.open(1, spec, this._io);
  body.forEach(function (b) { self._sendBody(b); });
  if (ended) io.end(this._id);
};
ClientRequest.prototype._markConnected = function (address, port) {
  var s = this.socket;
  s.connecting = false;
  s.remoteAddress = address;
  s.remotePort = port;
  s.remoteFamily = address.indexOf(':') >= 0 ? 'IPv6' : 'IPv4';
  s.emit('lookup', null, address, address.indexOf(':') >= 0 ? 6 : 4, this.host);
  if (this._tls && this._transport === 'host') {
    s.encrypted = true;
    s.authorized = this._tls.rejectUnauthorized !== false;
    s.authorizationError = null;
  }
  s.emit('connect');
  if (this._tls) s.emit('secureConnect');
};
ClientRequest.prototype._onIo = function (type, h, bytes) {
  if (type === 'response') {
    this._markConnected(this.host, Number(this.port));
    var res = this._newResponse(h.status, h.statusText, h.headers);
    res.httpVersion = h.httpVersion;
    res.httpVersionMinor = h.httpVersion === '1.0' ? 0 : 1;
    this._emitResponse(res);
  } else if (type === 'data') {
    this._touch();
    if (this.res) this.res.push(Buffer.from(bytes));
  } else if (type === 'end') {
    this._responseEnd();
  } else if (type === 'error') {
    var e = new Error(h.message);
    e.code = h.code;
    if (net._netError) e = net._netError(h.code, h.syscall, h.message);
    var m = /^connect \S+ (.*):(\d+)/.exec(h.message);
    if (m) { e.address = m[1]; e.port = Number(m[2]); }
    if (h.syscall === 'getaddrinfo') e.hostname = this.host;
    this._fail(e);
  }
};
ClientRequest.prototype._newResponse = function (status, statusText, pairs) {
  var res = new IncomingMessage(this.socket);
  res.statusCode = status;
  res.statusMessage = statusText || STATUS_CODES[status] || '';
  res.req = this;
  res._setHeaders(pairs);
  return res;
};
// A response from a server of this instance: its header block parsed.
ClientRequest.prototype._responseFromHead = function (text) {
  var lines = text.split('\r\n');
  var m = /^HTTP\/1\.(\d) (\d{3}) ?(.*)$/.exec(lines[0]) || [null, '1', '200', 'OK'];
  var pairs = [];
  for (var i = 1; i < lines.length; i++) {
    var c = lines[i].indexOf(':');
    if (c < 0) continue;
    pairs.push([lines[i].slice(0, c), lines[i].slice(c + 1).trim()]);
  }
  var res = this._newResponse(Number(m[2]), m[3], pairs);
  this._emitResponse(res);
  return res;
};
ClientRequest.prototype._emitResponse = function (res) {
  this.res = res;
  this._touch();
  var self = this;
  res.on('end', function () { if (!self._closed) { self._closed = true; self._release(); process.nextTick(function () { res.emit('close'); self.emit('close'); }); } });
  if (!this.emit('response', res)) res.resume();
};
ClientRequest.prototype._responseEnd = function () {
  if (!this.res || this.res.complete) return;
  this.res.complete = true;
  if (this._io) this._io.active = false;
  this.res.push(null);
};
ClientRequest.prototype._release = function () {
  if (this._idle) { clearTimeout(this._idle); this._idle = null; }
  if (this._id) { io.close(this._id); this._id = 0; }
};
ClientRequest.prototype._fail = function (err) {
  if (this._closed) return;
  this._closed = true;
  this._release();
  var self = this;
  var res = this.res;
  if (res && !res.complete) {
    res.aborted = true;
    var e = codedError(Error, 'ECONNRESET', 'aborted');
    res.emit('aborted');
    res.destroy(e);
    process.nextTick(function () { self.emit('close'); });
    return;
  }
  process.nextTick(function () {
    if (err) self.emit('error', err);
    self.emit('close');
  });
};
ClientRequest.prototype._setIdleTimeout = function (ms) {
  var self = this;
  if (this._idle) { clearTimeout(this._idle); this._idle = null; }
  this._idleMs = ms;
  if (ms > 0) {
    this._idle = setTimeout(function () { self._idle = null; self.emit('timeout'); if (self.socket) self.socket.emit('timeout'); }, ms);
  }
};
ClientRequest.prototype._touch = function () { if (this._idle) this._idle.refresh(); };
ClientRequest.prototype.setTimeout = function (ms, cb) { if (cb) this.once('timeout', cb); this._setIdleTimeout(ms); return this; };
ClientRequest.prototype.setNoDelay = function () {};
ClientRequest.prototype.setSocketKeepAlive = function () {};
ClientRequest.prototype.abort = function () {
  if (this.aborted) return;
  this.aborted = true;
  var self = this;
  process.nextTick(function () { self.emit('abort'); });
  this.destroy();
};
ClientRequest.prototype.destroy = function (err) {
  if (this.destroyed) return this;
  this.destroyed = true;
  if (this.res && !this.res.complete) { this._fail(err); return this; }
  if (this.res) { this._release(); return this; }
  this._fail(err || codedError(Error, 'ECONNRESET', 'socket hang up'));
  return this;
};
ClientRequest.prototype.getRawHeaderNames = OutgoingMessage.prototype.getRawHeaderNames;

function isLocal(host) {
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '0.0.0.0' || host === '::';
}

function request(url, options, cb) { return new ClientRequest(url, options, cb); }
function get(url, options, cb) { var req = request(url, options, cb); req.end(); return req; }

module.exports = {
  STATUS_CODES: STATUS_CODES,
  METHODS: METHODS.slice().sort(),
  Agent: Agent,
  globalAgent: globalAgent,
  ClientRequest: ClientRequest,
  IncomingMessage: IncomingMessage,
  OutgoingMessage: OutgoingMessage,
  ServerResponse: ServerResponse,
  Server: Server,
  createServer: createServer,
  request: request,
  get: get,
  validateHeaderName: validateHeaderName,
  validateHeaderValue: validateHeaderValue,
  maxHeaderSize: 16384,
  setMaxIdleHTTPParsers: function () {},
  _serveInMemory: serveInMemory
};

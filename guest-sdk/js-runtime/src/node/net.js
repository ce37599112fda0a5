// node:net — TCP sockets through the host, under the function's
// allowedOutboundHosts (a refusal is Node's ECONNREFUSED, naming the
// setting), and servers that listen inside the instance: a connection to one
// (a port on localhost, or a path) never leaves it.
'use strict';

var EE = require('events');
var stream = require('stream');
var Buffer = require('buffer').Buffer;
var io = internal.io;
var servers = internal.servers || (internal.servers = new Map());

var ERRNO = { ECONNREFUSED: -111, ECONNRESET: -104, ETIMEDOUT: -110, EPIPE: -32, ENOTFOUND: -3008,
  EADDRINUSE: -98, ENOENT: -2, EHOSTUNREACH: -113, ENETUNREACH: -101, ECONNABORTED: -103 };

function netError(code, syscall, message, extra) {
  var e = new Error(message || (syscall + ' ' + code));
  e.errno = ERRNO[code] || undefined;
  e.code = code;
  e.syscall = syscall;
  if (extra) Object.keys(extra).forEach(function (k) { if (extra[k] !== undefined) e[k] = extra[k]; });
  return e;
}

var V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
function isIPv4(s) { return typeof s === 'string' && V4.test(s); }
function isIPv6(s) {
  if (typeof s !== 'string' || s.indexOf(':') < 0 || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  try { new URL('http://[' + s + ']/'); return true; } catch (e) { return false; }
}
function isIP(s) { return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0; }
function isLocal(host) {
  return host === undefined || host === null || host === '' || host === 'localhost' || host === '127.0.0.1' ||
    host === '::1' || host === '[::1]' || host === '0.0.0.0' || host === '::';
}

// connect(options[, cb]), connect(port[, host][, cb]), connect(path[, cb])
function normalizeConnect(args) {
  var options = {}, cb = null;
  if (args[0] !== null && typeof args[0] === 'object') options = args[0];
  else if (typeof args[0] === 'string' && !/^\d+$/.test(args[0])) options = { path: args[0] };
  else {
    options = { port: args[0] };
    if (typeof args[1] === 'string') options.host = args[1];
  }
  var last = args[args.length - 1];
  if (typeof last === 'function') cb = last;
  return [options, cb];
}

function Socket(options) {
  if (!(this instanceof Socket)) return new Socket(options);
  options = options || {};
  stream.Duplex.call(this, { allowHalfOpen: !!options.allowHalfOpen });
  this.allowHalfOpen = !!options.allowHalfOpen;
  this.connecting = false;
  this.bytesRead = 0;
  this._bytesWritten = 0;
  this._id = 0;
  this._io = null;
  this._peer = null;
  this._pending = null;
  this._timeoutMs = 0;
  this._timer = null;
  this._host = null;
  this._ended = false;
  this.remoteAddress = undefined;
  this.remotePort = undefined;
  this.remoteFamily = undefined;
  this.localAddress = undefined;
  this.localPort = undefined;
}
Object.setPrototypeOf(Socket.prototype, stream.Duplex.prototype);
Object.setPrototypeOf(Socket, stream.Duplex);

Socket.prototype.connect = function () {
  var n = normalizeConnect(Array.prototype.slice.call(arguments));
  var options = n[0], cb = n[1];
  if (cb) this.once(this._tlsSpec ? 'secureConnect' : 'connect', cb);
  var self = this;
  this.connecting = true;
  if (options.timeout) this.setTimeout(options.timeout);
  var host = options.host || options.hostname || 'localhost';
  var port = options.port;
  if (options.path === undefined) {
    var p = Number(port);
    if (port === undefined || port === null || port === '' || typeof port === 'boolean' || !(p >= 0 && p <= 65535) || Math.floor(p) !== p) {
      var e = new RangeError('Port should be >= 0 and < 65536. Received ' + (typeof port === 'string' ? "type string ('" + port + "')" : require('util').inspect(port)) + '.');
      e.code = 'ERR_SOCKET_BAD_PORT';
      throw e;
    }
    port = p;
  }
  var server = options.path !== undefined ? servers.get('path:' + options.path) : (isLocal(host) ? servers.get('port:' + port) : undefined);
  if (server) {
    process.nextTick(function () { pair(self, server); });
    return this;
  }
  if (options.path !== undefined) {
    process.nextTick(function () {
      self.destroy(netError('ENOENT', 'connect', 'connect ENOENT ' + options.path, { address: options.path }));
    });
    return this;
  }
  this._host = host;
  this._io = { ref: this._io ? this._io.ref : true, active: true, event: function (type, h, bytes) { self._onIo(type, h, bytes); } };
  this._id = io.open(0, { host: host, port: port, tls: this._tlsSpec || null }, this._io);
  return this;
};

Socket.prototype._onIo = function (type, h, bytes) {
  if (this.destroyed) return;
  if (type === 'connect') {
    this.connecting = false;
    this._io.active = false;
    this.remoteAddress = h.remoteAddress;
    this.remotePort = h.remotePort;
    this.remoteFamily = h.remoteFamily;
    this.localAddress = h.localAddress;
    this.localPort = h.localPort;
    this.emit('lookup', null, h.remoteAddress, h.remoteFamily === 'IPv6' ? 6 : 4, this._host);
    if (this._tlsSpec) {
      this.encrypted = true;
      this.authorized = this._tlsSpec.rejectUnauthorized !== false;
      this.authorizationError = null;
      this.alpnProtocol = h.alpnProtocol || false;
    }
    this._touch();
    var pending = this._pending;
    this._pending = null;
    if (pending) this._write(pending[0], pending[1], pending[2]);
    if (this._wantEnd) this._final(this._wantEnd);
    this.emit('connect');
    if (this._tlsSpec) this.emit('secureConnect');
    this.emit('ready');
  } else if (type === 'data') {
    var b = Buffer.from(bytes);
    this.bytesRead += b.length;
    this._touch();
    this.push(b);
  } else if (type === 'end') {
    this.push(null);
  } else if (type === 'error') {
    var extra = {};
    var m = /^connect \S+ (.*):(\d+)/.exec(h.message);
    if (m) { extra.address = m[1]; extra.port = Number(m[2]); }
    if (h.syscall === 'getaddrinfo') extra.hostname = this._host;
    var e = netError(h.code, h.syscall, h.message, extra);
    if (this.connecting) this.emit('lookup', e);
    this.connecting = false;
    this.destroy(e);
  }
};

Socket.prototype._write = function (chunk, enc, cb) {
  if (this.connecting) { this._pending = [chunk, enc, cb]; return; }
  if (this._peer) {
    this._bytesWritten += chunk.length;
    var peer = this._peer;
    var copy = Buffer.from(chunk);
    process.nextTick(function () { if (!peer.destroyed) { peer.bytesRead += copy.length; peer.push(copy); } });
    cb();
    return;
  }
  if (!this._id) { cb(netError('EPIPE', 'write', 'This socket has been ended by the other party')); return; }
  this._touch();
  if (!io.write(this._id, chunk)) { cb(netError('EPIPE', 'write', 'write EPIPE')); return; }
  this._bytesWritten += chunk.length;
  cb();
};
Socket.prototype._final = function (cb) {
  if (this.connecting) { this._wantEnd = cb; return; }
  this._wantEnd = null;
  if (this._peer) {
    var peer = this._peer;
    process.nextTick(function () { if (!peer.destroyed) peer.push(null); });
  } else if (this._id) io.end(this._id);
  cb();
};
Socket.prototype._read = function () {};
Socket.prototype._destroy = function (err, cb) {
  this.connecting = false;
  if (this._timer) { clearTimeout(this._timer); this._timer = null; }
  if (this._id) { io.close(this._id); this._id = 0; }
  if (this._peer) {
    var peer = this._peer;
    this._peer = null;
    process.nextTick(function () { if (!peer.destroyed) { peer.push(null); peer.destroy(); } });
  }
  if (this._server) { this._server._connections--; this._server = null; }
  cb(err);
};
Socket.prototype._touch = function () {
  if (this._timer) this._timer.refresh();
};
Socket.prototype.setTimeout = function (ms, cb) {
  var self = this;
  if (this._timer) { clearTimeout(this._timer); this._timer = null; }
  this._timeoutMs = ms;
  if (cb) { if (ms === 0) this.removeListener('timeout', cb); else this.once('timeout', cb); }
  if (ms > 0) {
    this._timer = setTimeout(function () { self._timer = null; self.emit('timeout'); }, ms);
    this._timer.unref();
  }
  return this;
};
Object.defineProperty(Socket.prototype, 'timeout', { get: function () { return this._timeoutMs || undefined; } });
Socket.prototype.setNoDelay = function () { return this; };
Socket.prototype.setKeepAlive = function () { return this; };
Socket.prototype.ref = function () { if (this._io) this._io.ref = true; else this._io = { ref: true }; return this; };
Socket.prototype.unref = function () { if (this._io) this._io.ref = false; else this._io = { ref: false }; return this; };
Socket.prototype.address = function () {
  if (!this.localAddress) return {};
  return { address: this.localAddress, family: this.localAddress.indexOf(':') >= 0 ? 'IPv6' : 'IPv4', port: this.localPort };
};
Socket.prototype.destroySoon = function () {
  if (this.writable) this.end();
  if (this.writableFinished) this.destroy(); else this.once('finish', this.destroy);
};
Socket.prototype.resetAndDestroy = function () { return this.destroy(); };
Object.defineProperty(Socket.prototype, 'bytesWritten', { get: function () { return this._bytesWritten; } });
Object.defineProperty(Socket.prototype, 'bufferSize', { get: function () { return this.writableLength; } });
Object.defineProperty(Socket.prototype, 'pending', { get: function () { return this.connecting || (!this._id && !this._peer); } });
Object.defineProperty(Socket.prototype, 'readyState', {
  get: function () {
    if (this.connecting) return 'opening';
    if (this.readable && this.writable) return 'open';
    if (this.readable) return 'readOnly';
    if (this.writable) return 'writeOnly';
    return 'closed';
  }
});

// A connection to a server in this instance: two sockets whose writes are
// each other's reads.
function pair(client, server) {
  if (client.destroyed) return;
  var accepted = new Socket({ allowHalfOpen: server.allowHalfOpen });
  accepted._peer = client;
  client._peer = accepted;
  client.connecting = false;
  client.remoteAddress = accepted.localAddress = '127.0.0.1';
  accepted.remoteAddress = client.localAddress = '127.0.0.1';
  client.remoteFamily = accepted.remoteFamily = 'IPv4';
  client.remotePort = server._port;
  accepted._server = server;
  server._connections++;
  var pending = client._pending;
  client._pending = null;
  if (pending) client._write(pending[0], pending[1], pending[2]);
  if (client._wantEnd) client._final(client._wantEnd);
  server.emit('connection', accepted);
  client.emit('connect');
  if (client._tlsSpec) client.emit('secureConnect');
  client.emit('ready');
}

// --- servers inside the instance ---
var nextPort = 40000;
function Server(options, listener) {
  if (!(this instanceof Server)) return new Server(options, listener);
  EE.call(this);
  if (typeof options === 'function') { listener = options; options = {}; }
  options = options || {};
  this.allowHalfOpen = !!options.allowHalfOpen;
  if (listener) this.on('connection', listener);
  this.listening = false;
  this._key = null;
  this._port = null;
  this._address = null;
  this._connections = 0;
  this.maxConnections = undefined;
}
Object.setPrototypeOf(Server.prototype, EE.prototype);
Object.setPrototypeOf(Server, EE);

Server.prototype.listen = function () {
  var args = Array.prototype.slice.call(arguments);
  var cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
  var options = {};
  if (args[0] !== null && typeof args[0] === 'object') options = args[0];
  else if (typeof args[0] === 'string' && !/^\d+$/.test(args[0])) options = { path: args[0] };
  else options = { port: args[0], host: typeof args[1] === 'string' ? args[1] : undefined };
  if (cb) this.once('listening', cb);
  var self = this;
  if (options.path !== undefined) {
    this._key = 'path:' + options.path;
    this._address = options.path;
  } else {
    var port = Number(options.port || 0);
    if (!(port >= 0 && port <= 65535)) {
      var e = new RangeError('options.port should be >= 0 and < 65536. Received ' + options.port + '.');
      e.code = 'ERR_SOCKET_BAD_PORT';
      throw e;
    }
    if (port === 0) { while (servers.has('port:' + nextPort)) nextPort++; port = nextPort++; }
    this._port = port;
    this._key = 'port:' + port;
    var host = options.host || '::';
    this._address = { address: host, family: host.indexOf(':') >= 0 ? 'IPv6' : 'IPv4', port: port };
  }
  if (servers.has(this._key)) {
    var key = this._key;
    this._key = null;
    process.nextTick(function () {
      self.emit('error', netError('EADDRINUSE', 'listen', 'listen EADDRINUSE: address already in use ' + key.slice(key.indexOf(':') + 1)));
    });
    return this;
  }
  servers.set(this._key, this);
  this.listening = true;
  process.nextTick(function () { self.emit('listening'); });
  return this;
};
Server.prototype.address = function () { return this.listening ? this._address : null; };
Server.prototype.close = function (cb) {
  var self = this;
  if (!this.listening) {
    if (cb) process.nextTick(function () { var e = new Error('Server is not running.'); e.code = 'ERR_SERVER_NOT_RUNNING'; cb(e); });
    return this;
  }
  if (servers.get(this._key) === this) servers.delete(this._key);
  this.listening = false;
  if (cb) this.once('close', cb);
  process.nextTick(function () { self.emit('close'); });
  return this;
};
Server.prototype.getConnections = function (cb) { var n = this._connections; process.nextTick(function () { cb(null, n); }); return this; };
Server.prototype.ref = function () { return this; };
Server.prototype.unref = function () { return this; };

function createServer(options, listener) { return new Server(options, listener); }
function connect() {
  var n = normalizeConnect(Array.prototype.slice.call(arguments));
  var socket = new Socket(n[0]);
  return socket.connect(n[0], n[1] || undefined);
}

module.exports = {
  Socket: Socket,
  Stream: Socket,
  Server: Server,
  createServer: createServer,
  connect: connect,
  createConnection: connect,
  isIP: isIP,
  isIPv4: isIPv4,
  isIPv6: isIPv6,
  BlockList: function BlockList() { throw new Error('net.BlockList is not supported in fngate'); },
  SocketAddress: function SocketAddress() { throw new Error('net.SocketAddress is not supported in fngate'); },
  getDefaultAutoSelectFamily: function () { return false; },
  setDefaultAutoSelectFamily: function () {},
  _netError: netError
};

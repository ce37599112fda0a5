// node:tls — TLS client sockets through the host (rustls: the system's roots,
// the operator's and the function's NODE_EXTRA_CA_CERTS, a call's own `ca`,
// `rejectUnauthorized: false`, `servername`, ALPN). Servers and upgrading a
// connected socket (STARTTLS) are not supported.
'use strict';

var net = require('net');
var fs = require('fs');

var extraCas = null;
// The function's NODE_EXTRA_CA_CERTS (read once, as node reads it at start).
function extraCa() {
  if (extraCas === null) {
    extraCas = [];
    var file = process.env.NODE_EXTRA_CA_CERTS;
    if (file) {
      try { extraCas.push(fs.readFileSync(file, 'utf8')); } catch (e) {
        process.emitWarning('Ignoring extra certs from `' + file + '`, load failed: ' + e.message);
      }
    }
  }
  return extraCas;
}
function pems(ca) {
  if (ca === undefined || ca === null) return [];
  return (Array.isArray(ca) ? ca : [ca]).map(function (c) { return typeof c === 'string' ? c : Buffer.from(c).toString('utf8'); });
}

// The host's TLS settings for a connection with these options.
function tlsSpec(options, host) {
  var ctx = options.secureContext && options.secureContext._options || {};
  var servername = options.servername !== undefined ? options.servername : (net.isIP(host) ? null : host);
  var alpn = options.ALPNProtocols;
  if (alpn && !Array.isArray(alpn)) alpn = [];
  return {
    servername: servername || null,
    ca: pems(options.ca !== undefined ? options.ca : ctx.ca),
    extraCa: extraCa(),
    rejectUnauthorized: options.rejectUnauthorized !== false,
    alpn: (alpn || []).map(String)
  };
}

function TLSSocket(socket, options) {
  if (!(this instanceof TLSSocket)) return new TLSSocket(socket, options);
  net.Socket.call(this, options);
  this.encrypted = true;
  this.authorized = false;
  this.authorizationError = null;
  this.alpnProtocol = false;
  this.servername = null;
}
Object.setPrototypeOf(TLSSocket.prototype, net.Socket.prototype);
Object.setPrototypeOf(TLSSocket, net.Socket);
TLSSocket.prototype.getPeerCertificate = function () { return {}; };
TLSSocket.prototype.getCertificate = function () { return {}; };
TLSSocket.prototype.getProtocol = function () { return this.encrypted ? 'TLSv1.3' : null; };
TLSSocket.prototype.getCipher = function () { return { name: 'TLS_AES_128_GCM_SHA256', standardName: 'TLS_AES_128_GCM_SHA256', version: 'TLSv1.3' }; };
TLSSocket.prototype.getSession = function () { return undefined; };
TLSSocket.prototype.isSessionReused = function () { return false; };
TLSSocket.prototype.setServername = function (name) { this.servername = name; };
TLSSocket.prototype.setMaxSendFragment = function () { return true; };
TLSSocket.prototype.exportKeyingMaterial = function () { throw new Error('exportKeyingMaterial is not supported in fngate'); };
TLSSocket.prototype.renegotiate = function (o, cb) { if (cb) process.nextTick(cb, null); return true; };

// connect(options[, cb]), connect(port[, host][, options][, cb])
function connect() {
  var args = Array.prototype.slice.call(arguments);
  var cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
  var options = {};
  if (typeof args[0] === 'object' && args[0] !== null) options = args[0];
  else {
    options = Object.assign({}, typeof args[2] === 'object' ? args[2] : typeof args[1] === 'object' ? args[1] : {});
    options.port = args[0];
    if (typeof args[1] === 'string') options.host = args[1];
  }
  if (options.socket) {
    var e = new Error('fngate: tls.connect({ socket }) (upgrading a connected socket, STARTTLS) is not supported; connect with TLS from the start');
    e.code = 'ERR_FNGATE_UNSUPPORTED';
    throw e;
  }
  var host = options.host || options.hostname || 'localhost';
  var socket = new TLSSocket(null, options);
  socket._tlsSpec = tlsSpec(options, host);
  socket.servername = socket._tlsSpec.servername;
  socket.connect(Object.assign({}, options, { host: host }), cb || undefined);
  return socket;
}

function createSecureContext(options) { return { context: {}, _options: options || {} }; }

module.exports = {
  TLSSocket: TLSSocket,
  connect: connect,
  createSecureContext: createSecureContext,
  SecureContext: function SecureContext() {},
  createServer: function () { throw new Error('fngate: TLS servers are not supported (the gateway terminates TLS)'); },
  Server: function Server() { throw new Error('fngate: TLS servers are not supported (the gateway terminates TLS)'); },
  checkServerIdentity: function () { return undefined; },
  getCiphers: function () { return ['tls_aes_128_gcm_sha256', 'tls_aes_256_gcm_sha384', 'tls_chacha20_poly1305_sha256']; },
  rootCertificates: Object.freeze([]),
  DEFAULT_ECDH_CURVE: 'auto',
  DEFAULT_MIN_VERSION: 'TLSv1.2',
  DEFAULT_MAX_VERSION: 'TLSv1.3',
  DEFAULT_CIPHERS: 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256',
  CLIENT_RENEG_LIMIT: 3,
  CLIENT_RENEG_WINDOW: 600,
  _tlsSpec: tlsSpec
};

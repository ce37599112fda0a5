// node:http2 — Node's shapes (constants, the functions) so code that loads it
// works; opening a session or a server fails when called: outbound requests
// go over HTTP/1.1 (node:http, node:https, fetch).
'use strict';

function unsupported(name) {
  return function () {
    var e = new Error('fngate: http2.' + name + '() is not supported; use node:https or fetch (HTTP/1.1)');
    e.code = 'ERR_HTTP2_UNSUPPORTED';
    throw e;
  };
}
var constants = {
  NGHTTP2_SESSION_SERVER: 0, NGHTTP2_SESSION_CLIENT: 1, NGHTTP2_NO_ERROR: 0, NGHTTP2_PROTOCOL_ERROR: 1,
  NGHTTP2_INTERNAL_ERROR: 2, NGHTTP2_CANCEL: 8, NGHTTP2_REFUSED_STREAM: 7,
  HTTP2_HEADER_STATUS: ':status', HTTP2_HEADER_METHOD: ':method', HTTP2_HEADER_AUTHORITY: ':authority',
  HTTP2_HEADER_SCHEME: ':scheme', HTTP2_HEADER_PATH: ':path', HTTP2_HEADER_PROTOCOL: ':protocol',
  HTTP2_HEADER_CONTENT_TYPE: 'content-type', HTTP2_HEADER_CONTENT_LENGTH: 'content-length',
  HTTP2_HEADER_CONTENT_ENCODING: 'content-encoding', HTTP2_HEADER_ACCEPT_ENCODING: 'accept-encoding',
  HTTP2_HEADER_AUTHORIZATION: 'authorization', HTTP2_HEADER_USER_AGENT: 'user-agent',
  HTTP2_HEADER_COOKIE: 'cookie', HTTP2_HEADER_SET_COOKIE: 'set-cookie', HTTP2_HEADER_LOCATION: 'location',
  HTTP2_HEADER_HOST: 'host', HTTP2_HEADER_ACCEPT: 'accept', HTTP2_HEADER_CONNECTION: 'connection',
  HTTP2_HEADER_TE: 'te', HTTP2_HEADER_UPGRADE: 'upgrade', HTTP2_HEADER_KEEP_ALIVE: 'keep-alive',
  HTTP2_HEADER_PROXY_CONNECTION: 'proxy-connection', HTTP2_HEADER_TRANSFER_ENCODING: 'transfer-encoding',
  HTTP2_METHOD_GET: 'GET', HTTP2_METHOD_POST: 'POST', HTTP2_METHOD_PUT: 'PUT', HTTP2_METHOD_DELETE: 'DELETE',
  HTTP2_METHOD_HEAD: 'HEAD', HTTP2_METHOD_OPTIONS: 'OPTIONS', HTTP2_METHOD_PATCH: 'PATCH', HTTP2_METHOD_CONNECT: 'CONNECT',
  HTTP_STATUS_OK: 200, HTTP_STATUS_NO_CONTENT: 204, HTTP_STATUS_NOT_FOUND: 404, HTTP_STATUS_INTERNAL_SERVER_ERROR: 500
};
function Http2ServerRequest() { unsupported('Http2ServerRequest')(); }
function Http2ServerResponse() { unsupported('Http2ServerResponse')(); }
module.exports = {
  constants: constants,
  connect: unsupported('connect'),
  createServer: unsupported('createServer'),
  createSecureServer: unsupported('createSecureServer'),
  getDefaultSettings: function () { return { headerTableSize: 4096, enablePush: true, initialWindowSize: 65535, maxFrameSize: 16384, maxConcurrentStreams: 4294967295, maxHeaderListSize: 65535, enableConnectProtocol: false }; },
  getPackedSettings: function () { return Buffer.alloc(0); },
  getUnpackedSettings: function () { return {}; },
  sensitiveHeaders: Symbol('nodejs.http2.sensitiveHeaders'),
  Http2ServerRequest: Http2ServerRequest,
  Http2ServerResponse: Http2ServerResponse
};

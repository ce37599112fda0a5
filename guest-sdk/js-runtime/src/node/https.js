// node:https — http's client over TLS (the host's rustls; `ca`,
// `rejectUnauthorized`, `servername` from the options or the agent's).
// Servers listen inside the instance as http's do.
'use strict';

var http = require('http');

function Agent(options) {
  if (!(this instanceof Agent)) return new Agent(options);
  http.Agent.call(this, options);
  this.defaultPort = 443;
  this.protocol = 'https:';
}
Object.setPrototypeOf(Agent.prototype, http.Agent.prototype);
Object.setPrototypeOf(Agent, http.Agent);
var globalAgent = new Agent();

function request(input, options, cb) {
  if (typeof input === 'string' || (input && typeof input.href === 'string' && typeof input.searchParams === 'object')) {
    if (typeof options === 'function') { cb = options; options = {}; }
    return new http.ClientRequest(input, Object.assign({ _defaultAgent: globalAgent }, options), cb);
  }
  return new http.ClientRequest(Object.assign({ _defaultAgent: globalAgent }, input), options);
}
function get(input, options, cb) { var req = request(input, options, cb); req.end(); return req; }

module.exports = {
  Agent: Agent,
  globalAgent: globalAgent,
  request: request,
  get: get,
  Server: http.Server,
  createServer: http.createServer
};

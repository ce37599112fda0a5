// node:dns — lookup through the host's resolver, for names the function's
// allowedOutboundHosts grants (localhost and addresses answer locally);
// resolve4/resolve6 as lookups; other record types fail with ENOTIMP.
'use strict';

var net = require('net');
var io = internal.io;

function dnsError(code, syscall, hostname, message) {
  var e = new Error(message || (syscall + ' ' + code + ' ' + hostname));
  e.errno = code === 'ENOTFOUND' ? -3008 : undefined;
  e.code = code;
  e.syscall = syscall;
  e.hostname = hostname;
  return e;
}

// The addresses of `hostname`: [{address, family}], or an error, to `cb`.
function addresses(hostname, cb) {
  var family = net.isIP(hostname);
  if (family) { process.nextTick(cb, null, [{ address: hostname, family: family }]); return; }
  if (hostname === 'localhost') { process.nextTick(cb, null, [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }]); return; }
  var handle = { ref: true, active: true };
  var id = 0;
  handle.event = function (type, h) {
    io.close(id);
    if (type === 'lookup') cb(null, h.addresses);
    else cb(dnsError(h.code, 'getaddrinfo', hostname, h.message));
  };
  id = io.open(2, { host: hostname }, handle);
}

function lookup(hostname, options, cb) {
  if (typeof options === 'function') { cb = options; options = {}; }
  if (typeof cb !== 'function') { var t = new TypeError('The "callback" argument must be of type function'); t.code = 'ERR_INVALID_ARG_TYPE'; throw t; }
  if (typeof options === 'number') options = { family: options };
  options = options || {};
  if (!hostname) { process.nextTick(cb, null, options.all ? [] : null, options.family === 6 ? 6 : 4); return {}; }
  var family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family) || 0;
  addresses(String(hostname), function (err, list) {
    if (err) { cb(err); return; }
    if (family) list = list.filter(function (a) { return a.family === family; });
    if (!options.verbatim && options.verbatim !== undefined) list = list.slice().sort(function (a, b) { return a.family - b.family; });
    if (options.all) { cb(null, list); return; }
    if (!list.length) { cb(dnsError('ENOTFOUND', 'getaddrinfo', hostname)); return; }
    cb(null, list[0].address, list[0].family);
  });
  return {};
}

function resolveFamily(fam) {
  return function (hostname, options, cb) {
    if (typeof options === 'function') { cb = options; options = {}; }
    addresses(hostname, function (err, list) {
      if (err) { cb(dnsError(err.code === 'ENOTFOUND' ? 'ENOTFOUND' : err.code, fam === 4 ? 'queryA' : 'queryAaaa', hostname)); return; }
      var found = list.filter(function (a) { return a.family === fam; });
      if (!found.length) { cb(dnsError('ENODATA', fam === 4 ? 'queryA' : 'queryAaaa', hostname)); return; }
      cb(null, options && options.ttl ? found.map(function (a) { return { address: a.address, ttl: 60 }; }) : found.map(function (a) { return a.address; }));
    });
  };
}
function unsupported(syscall) {
  return function (hostname) {
    var cb = arguments[arguments.length - 1];
    process.nextTick(cb, dnsError('ENOTIMP', syscall, hostname, syscall + ' ENOTIMP ' + hostname + ' (fngate resolves addresses only)'));
  };
}
var resolve4 = resolveFamily(4);
var resolve6 = resolveFamily(6);
function resolve(hostname, rrtype, cb) {
  if (typeof rrtype === 'function') { cb = rrtype; rrtype = 'A'; }
  if (rrtype === 'A') return resolve4(hostname, cb);
  if (rrtype === 'AAAA') return resolve6(hostname, cb);
  return unsupported('query' + rrtype.charAt(0) + rrtype.slice(1).toLowerCase())(hostname, cb);
}

var api = {
  lookup: lookup,
  lookupService: unsupported('getnameinfo'),
  resolve: resolve,
  resolve4: resolve4,
  resolve6: resolve6,
  resolveAny: unsupported('queryAny'),
  resolveCname: unsupported('queryCname'),
  resolveCaa: unsupported('queryCaa'),
  resolveMx: unsupported('queryMx'),
  resolveNaptr: unsupported('queryNaptr'),
  resolveNs: unsupported('queryNs'),
  resolvePtr: unsupported('queryPtr'),
  resolveSoa: unsupported('querySoa'),
  resolveSrv: unsupported('querySrv'),
  resolveTxt: unsupported('queryTxt'),
  reverse: unsupported('getHostByAddr'),
  getServers: function () { return ['127.0.0.53']; },
  setServers: function () {},
  setDefaultResultOrder: function () {},
  getDefaultResultOrder: function () { return 'verbatim'; }
};
function Resolver() {}
Object.keys(api).forEach(function (k) { Resolver.prototype[k] = api[k]; });
Resolver.prototype.cancel = function () {};
Resolver.prototype.setLocalAddress = function () {};

var promises = {};
Object.keys(api).forEach(function (k) {
  promises[k] = /^(get|set)/.test(k) ? api[k] : function () {
    var args = Array.prototype.slice.call(arguments);
    return new Promise(function (resolve, reject) {
      args.push(function (err, a, b) {
        if (err) reject(err);
        else if (k === 'lookup' && !Array.isArray(a)) resolve({ address: a, family: b });
        else resolve(a);
      });
      api[k].apply(null, args);
    });
  };
});
promises.Resolver = Resolver;

module.exports = Object.assign({}, api, {
  Resolver: Resolver,
  promises: promises,
  ADDRCONFIG: 1024, V4MAPPED: 2048, ALL: 256,
  NODATA: 'ENODATA', FORMERR: 'EFORMERR', SERVFAIL: 'ESERVFAIL', NOTFOUND: 'ENOTFOUND', NOTIMP: 'ENOTIMP',
  REFUSED: 'EREFUSED', BADQUERY: 'EBADQUERY', BADNAME: 'EBADNAME', BADFAMILY: 'EBADFAMILY', BADRESP: 'EBADRESP',
  CONNREFUSED: 'ECONNREFUSED', TIMEOUT: 'ETIMEOUT', EOF: 'EOF', FILE: 'EFILE', NOMEM: 'ENOMEM',
  DESTRUCTION: 'EDESTRUCTION', BADSTR: 'EBADSTR', BADFLAGS: 'EBADFLAGS', NONAME: 'ENONAME', BADHINTS: 'EBADHINTS',
  NOTINITIALIZED: 'ENOTINITIALIZED', LOADIPHLPAPI: 'ELOADIPHLPAPI', ADDRGETNETWORKPARAMS: 'EADDRGETNETWORKPARAMS', CANCELLED: 'ECANCELLED'
});

// node:module — createRequire, isBuiltin and builtinModules (Node 20's list;
// the ones a sandbox cannot have fail when required, as they do anywhere).
'use strict';

var builtinModules = ["_http_agent","_http_client","_http_common","_http_incoming","_http_outgoing","_http_server","_stream_duplex","_stream_passthrough","_stream_readable","_stream_transform","_stream_wrap","_stream_writable","_tls_common","_tls_wrap","assert","assert/strict","async_hooks","buffer","child_process","cluster","console","constants","crypto","dgram","diagnostics_channel","dns","dns/promises","domain","events","fs","fs/promises","http","http2","https","inspector","inspector/promises","module","net","os","path","path/posix","path/win32","perf_hooks","process","punycode","querystring","readline","readline/promises","repl","stream","stream/consumers","stream/promises","stream/web","string_decoder","sys","timers","timers/promises","tls","trace_events","tty","url","util","util/types","v8","vm","wasi","worker_threads","zlib"];

function Module() {
  var e = new Error('fngate: new Module() is not supported; use module.createRequire(filename)');
  e.code = 'ERR_METHOD_NOT_IMPLEMENTED';
  throw e;
}
Module.builtinModules = builtinModules;
Module.createRequire = function createRequire(filename) {
  if (filename && typeof filename === 'object' && typeof filename.href === 'string') filename = filename.href;
  if (typeof filename !== 'string') {
    var e = new TypeError('The argument \'filename\' must be a file URL object, file URL string, or absolute path string. Received ' + String(filename));
    e.code = 'ERR_INVALID_ARG_VALUE';
    throw e;
  }
  if (filename.slice(0, 7) === 'file://') filename = decodeURIComponent(filename.slice(7));
  return internal.createRequire(filename);
};
Module.isBuiltin = function isBuiltin(name) {
  return typeof name === 'string' && builtinModules.indexOf(name.replace(/^node:/, '')) >= 0;
};

// --- node's loader internals that packages reach for ---
function requireAt(parent) {
  var from = parent && typeof parent.filename === 'string' ? parent.filename : internal.codeRoot + '/index.js';
  return internal.createRequire(from);
}
Module._load = function _load(request, parent) { return requireAt(parent)(request); };
Module._resolveFilename = function _resolveFilename(request, parent) { return requireAt(parent).resolve(request); };
Module._nodeModulePaths = function _nodeModulePaths(from) {
  var out = [];
  for (var d = require('path').resolve(from); ; d = require('path').dirname(d)) {
    if (!/\/node_modules$/.test(d)) out.push((d === '/' ? '' : d) + '/node_modules');
    if (d === '/') return out;
  }
};
Object.defineProperty(Module, '_cache', { enumerable: true, get: function () { return requireAt(null).cache; } });
Module.wrapper = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];
Module.wrap = function wrap(script) { return Module.wrapper[0] + script + Module.wrapper[1]; };
// How each extension loads (what require.extensions shows; loading itself is the loader's).
Module._extensions = {
  '.js': function (module, filename) { module.exports = requireAt(module)(filename); },
  '.json': function (module, filename) {
    module.exports = JSON.parse(require('fs').readFileSync(filename, 'utf8'));
  },
  '.node': function (module, filename) {
    throw new Error('Cannot load native addon ' + filename + ': fngate runs JavaScript only (no .node binaries in WebAssembly)');
  }
};
Module.syncBuiltinESMExports = function syncBuiltinESMExports() {};
Module.findSourceMap = function findSourceMap() { return undefined; };
Module.register = function register() {};
Module.Module = Module;
module.exports = Module;

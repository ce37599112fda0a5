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
  Object.defineProperty(Math, 'random', { value: __fngate_random, writable: true, configurable: true });
  // JSON.parse and JSON.stringify natively (json.rs) where that is sure to give
  // the standard result, boa's otherwise: for a reviver, a replacer or an
  // indent, for what serde_json refuses (so errors stay SyntaxErrors), and for
  // anything but plain data (toJSON, getters, class instances, cycles, ...).
  var jsonParse = JSON.parse;
  var jsonStringify = JSON.stringify;
  Object.defineProperty(JSON, 'stringify', {
    writable: true,
    configurable: true,
    value: function stringify(value, replacer, space) {
      if (replacer === undefined && space === undefined) {
        var s = __fngate_json_stringify(value);
        if (s !== undefined) return s;
      }
      return jsonStringify(value, replacer, space);
    }
  });
  Object.defineProperty(JSON, 'parse', {
    writable: true,
    configurable: true,
    value: function parse(text, reviver) {
      if (reviver === undefined) {
        var v = __fngate_json_parse(text);
        if (v !== undefined) return v;
      }
      return jsonParse(text, reviver);
    }
  });

  global.console = { log: log, info: log, warn: log, error: log, debug: log, trace: log };

  // Built-ins compiled on first use (see builtins.js).
  var extras = null;
  function lazy() {
    if (!extras) extras = (0, eval)(__fngate_builtins());
    return extras;
  }
  Object.defineProperty(global, 'Buffer', {
    configurable: true,
    enumerable: false,
    get: function () {
      var B = lazy().Buffer;
      Object.defineProperty(global, 'Buffer', { value: B, writable: true, configurable: true });
      return B;
    }
  });


  var builtins = {
    querystring: function () { return lazy().querystring; },
    util: function () { return { format: format, inspect: function (v) { return inspect(v, 1); } }; },
    buffer: function () { return { Buffer: lazy().Buffer }; }
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
      if (Object.prototype.hasOwnProperty.call(builtins, name)) return builtins[name]();
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


  global.process = { env: {}, version: 'v16.13.0', platform: 'wasi' };

  // --- timers and the event loop (driven by main.rs: `__fngate_ticks` after
  // every callback, `__fngate_step` for each next callback or the wait) ---
  var ticks = [];
  var timers = [];
  var immediates = [];
  var batch = [];
  var lastPhase = 'immediates';
  var timerSeq = 0;
  function Timeout(fn, args, delay, repeat) {
    delay = Number(delay);
    if (!(delay >= 1 && delay <= 2147483647)) delay = 1;
    this._id = ++timerSeq;
    this._fn = fn;
    this._args = args;
    this._delay = delay;
    this._repeat = repeat;
    this._when = __fngate_now() + delay;
    this._cleared = false;
  }
  Timeout.prototype.ref = function () { return this; };
  Timeout.prototype.unref = function () { return this; };
  Timeout.prototype.hasRef = function () { return true; };
  Timeout.prototype.refresh = function () { this._when = __fngate_now() + this._delay; return this; };
  Timeout.prototype[Symbol.toPrimitive] = function () { return this._id; };
  function schedule(fn, delay, args, repeat) {
    if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + inspect(fn, 1));
    var t = new Timeout(fn, args, delay, repeat);
    timers.push(t);
    return t;
  }
  function clearTimer(t) {
    if (t === null || t === undefined) return;
    var id = typeof t === 'object' ? t._id : Number(t);
    for (var i = 0; i < timers.length; i++) {
      if (timers[i]._id === id) { timers[i]._cleared = true; timers.splice(i, 1); return; }
    }
    for (var j = 0; j < immediates.length; j++) {
      if (immediates[j]._id === id) { immediates[j]._cleared = true; immediates.splice(j, 1); return; }
    }
    for (var k = 0; k < batch.length; k++) if (batch[k]._id === id) batch[k]._cleared = true;
  }
  global.setTimeout = function setTimeout(fn, delay) { return schedule(fn, delay, Array.prototype.slice.call(arguments, 2), false); };
  global.setInterval = function setInterval(fn, delay) { return schedule(fn, delay, Array.prototype.slice.call(arguments, 2), true); };
  global.setImmediate = function setImmediate(fn) {
    if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + inspect(fn, 1));
    var im = { _id: ++timerSeq, _fn: fn, _args: Array.prototype.slice.call(arguments, 1), _cleared: false };
    immediates.push(im);
    return im;
  };
  global.clearTimeout = clearTimer;
  global.clearInterval = clearTimer;
  global.clearImmediate = clearTimer;
  global.queueMicrotask = function queueMicrotask(fn) {
    if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + inspect(fn, 1));
    Promise.resolve().then(function () { fn(); }).then(undefined, uncaught);
  };
  process.nextTick = function nextTick(fn) {
    if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + inspect(fn, 1));
    ticks.push({ fn: fn, args: Array.prototype.slice.call(arguments, 1) });
  };
  // An exception no one catches ends the invocation with it, as it ends a Node process.
  function uncaught(e) {
    if (outcome.state === 'pending') settle(e);
    else console.error('Uncaught', e);
  }
  // Runs the next-tick queue; true if it ran anything.
  global.__fngate_ticks = function () {
    if (!ticks.length) return false;
    while (ticks.length) {
      var t = ticks.shift();
      try { t.fn.apply(undefined, t.args); } catch (e) { uncaught(e); }
    }
    return true;
  };
  // Runs the next timer or immediate callback, in Node's phases (the timers
  // due now, then the immediates queued before them): 0 when it ran one, the
  // milliseconds to wait for the next timer, or -1 when the invocation is done
  // (the loop is empty, or the handler answered and does not wait for it).
  global.__fngate_step = function () {
    if (outcome.state !== 'pending' && !waitForEmptyLoop()) return -1;
    for (var guard = 0; guard < 2 && !batch.length; guard++) {
      if (lastPhase === 'immediates') {
        lastPhase = 'timers';
        var now = __fngate_now();
        batch = timers.filter(function (t) { return t._when <= now; });
        batch.sort(function (a, b) { return a._when - b._when || a._id - b._id; });
        timers = timers.filter(function (t) { return t._when > now; });
      } else {
        lastPhase = 'immediates';
        batch = immediates;
        immediates = [];
      }
    }
    while (batch.length) {
      var next = batch.shift();
      if (next._cleared) continue;
      if (next._repeat) {
        next._when = __fngate_now() + next._delay;
        timers.push(next);
      }
      try { next._fn.apply(undefined, next._args); } catch (e) { uncaught(e); }
      return 0;
    }
    if (immediates.length) return 0;
    if (!timers.length) return -1;
    var soonest = Math.min.apply(null, timers.map(function (t) { return t._when; }));
    return Math.max(soonest - __fngate_now(), 0) || 0.001;
  };
  var invocationContext = null;
  function waitForEmptyLoop() {
    return !invocationContext || invocationContext.callbackWaitsForEmptyEventLoop !== false;
  }

  // Loading, once per function (and so before a snapshot): the environment as
  // configured, the handler's module and its top-level code. Returns '' or the
  // error as JSON.
  var handlerFn = null;
  global.__fngate_load = function (handler, root, envJson) {
    process.env = JSON.parse(envJson);
    var dot = handler.lastIndexOf('.');
    var file = dot < 0 ? handler : handler.slice(0, dot);
    var name = dot < 0 ? 'main_handler' : handler.slice(dot + 1);
    try {
      var path = root + '/' + file + '.js';
      if (__fngate_read(path) === null) throw new Error('Cannot find handler file ' + file + '.js in the code directory');
      var exported = load(path, root);
      var fn = exported[name];
      if (typeof fn !== 'function') throw new Error('Handler ' + name + ' is not a function exported by ' + file + '.js');
      handlerFn = fn;
      return '';
    } catch (e) {
      var err = e instanceof Error ? e : new Error(inspect(e, 1));
      return JSON.stringify({ message: err.message, stack: err.stack || '' });
    }
  };

  // One invocation: its environment and context, the event, the handler called.
  global.__fngate_run = function (event, context, env) {
    process.env = env || {};
    context.callbackWaitsForEmptyEventLoop = true;
    invocationContext = context;
    try {
      var r = handlerFn(event, context, settle);
      if (r && typeof r.then === 'function') {
        r.then(function (v) { settle(null, v); }, function (e) { settle(e || new Error("the handler's promise was rejected")); }).then(undefined, uncaught);
      } else if (r !== undefined) {
        settle(null, r);
      }
    } catch (e) {
      settle(e);
    }
  };
  global.__fngate_outcome = function () { return outcome; };
})(globalThis);

// node:timers and node:timers/promises — the global timers, and their promise
// forms (an AbortSignal cancels them; setInterval is an async iterator).
'use strict';

// Node's AbortError for an aborted signal (shared by the built-ins).
var abortError = internal.abortError;

// A promise of `value` after `start(resolve)` fires, rejected if the signal aborts first.
function cancellable(options, start, cancel) {
  var signal = options && options.signal;
  if (signal && signal.aborted) return Promise.reject(abortError(signal));
  return new Promise(function (resolve, reject) {
    var handle = start(function (v) {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(v);
    });
    if (options && options.ref === false && handle && handle.unref) handle.unref();
    function onAbort() { cancel(handle); reject(abortError(signal)); }
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

var promises = {
  setTimeout: function (delay, value, options) {
    return cancellable(options, function (done) { return setTimeout(done, delay, value); }, clearTimeout);
  },
  setImmediate: function (value, options) {
    return cancellable(options, function (done) { return setImmediate(done, value); }, clearImmediate);
  },
  // for await (const v of setInterval(ms, v)): one value per tick, as long as the loop goes on.
  setInterval: function (delay, value, options) {
    var signal = options && options.signal;
    var ticks = 0, waiting = null, done = false;
    var timer = setInterval(function () {
      ticks++;
      if (waiting) { var w = waiting; waiting = null; ticks--; w.resolve({ value: value, done: false }); }
    }, delay);
    if (options && options.ref === false) timer.unref();
    function finish() { done = true; clearInterval(timer); }
    if (signal) {
      signal.addEventListener('abort', function () {
        finish();
        if (waiting) { var w = waiting; waiting = null; w.reject(abortError(signal)); }
      }, { once: true });
    }
    var iterator = {
      next: function () {
        if (signal && signal.aborted) { finish(); return Promise.reject(abortError(signal)); }
        if (done) return Promise.resolve({ value: undefined, done: true });
        if (ticks > 0) { ticks--; return Promise.resolve({ value: value, done: false }); }
        return new Promise(function (resolve, reject) { waiting = { resolve: resolve, reject: reject }; });
      },
      return: function () { finish(); return Promise.resolve({ value: undefined, done: true }); }
    };
    iterator[Symbol.asyncIterator] = function () { return iterator; };
    return iterator;
  },
  scheduler: {
    wait: function (delay, options) { return promises.setTimeout(delay, undefined, options); },
    yield: function () { return promises.setImmediate(); }
  }
};

module.exports = {
  setTimeout: setTimeout,
  clearTimeout: clearTimeout,
  setInterval: setInterval,
  clearInterval: clearInterval,
  setImmediate: setImmediate,
  clearImmediate: clearImmediate,
  promises: promises
};

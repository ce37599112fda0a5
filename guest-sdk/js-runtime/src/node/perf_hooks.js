// node:perf_hooks — performance.now() and marks on the instance's clock;
// observers never fire (nothing in the sandbox produces entries for them).
'use strict';

var origin = __fngate_now();
var entries = [];
function entry(name, type, start, duration, detail) {
  return { name: name, entryType: type, startTime: start, duration: duration, detail: detail === undefined ? null : detail };
}
var performance = {
  timeOrigin: origin,
  now: function now() { return __fngate_now() - origin; },
  mark: function mark(name, options) {
    var e = entry(String(name), 'mark', options && options.startTime !== undefined ? options.startTime : this.now(), 0, options && options.detail);
    entries.push(e);
    return e;
  },
  measure: function measure(name, start, end) {
    var find = function (m) { for (var i = entries.length - 1; i >= 0; i--) if (entries[i].name === m) return entries[i].startTime; return 0; };
    var s = typeof start === 'string' ? find(start) : 0;
    var t = typeof end === 'string' ? find(end) : this.now();
    var e = entry(String(name), 'measure', s, t - s);
    entries.push(e);
    return e;
  },
  getEntries: function () { return entries.slice(); },
  getEntriesByName: function (n) { return entries.filter(function (e) { return e.name === n; }); },
  getEntriesByType: function (t) { return entries.filter(function (e) { return e.entryType === t; }); },
  clearMarks: function (n) { entries = entries.filter(function (e) { return e.entryType !== 'mark' || (n !== undefined && e.name !== n); }); },
  clearMeasures: function (n) { entries = entries.filter(function (e) { return e.entryType !== 'measure' || (n !== undefined && e.name !== n); }); },
  toJSON: function () { return { timeOrigin: origin }; }
};
function PerformanceObserver(callback) { this._callback = callback; }
PerformanceObserver.prototype.observe = function () {};
PerformanceObserver.prototype.disconnect = function () {};
PerformanceObserver.supportedEntryTypes = ['mark', 'measure'];
module.exports = {
  performance: performance,
  PerformanceObserver: PerformanceObserver,
  monitorEventLoopDelay: function () {
    return { enable: function () { return true; }, disable: function () { return true; }, min: 0, max: 0, mean: 0, stddev: 0, percentile: function () { return 0; } };
  },
  constants: {}
};

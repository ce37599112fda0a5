// node:console — the Console class, writing to any pair of streams, and what
// the global console shares with it: console.table's box and the wording of
// counts, timers and assertions.
'use strict';

var util = require('util');
var hasOwn = Object.prototype.hasOwnProperty;

// --- console.table (lib/internal/cli_table.js) ---
function textWidth(s) {
  var w = 0;
  for (var ch of s) {
    var c = ch.codePointAt(0);
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return w;
}
function renderTable(head, columns) {
  var widths = head.map(textWidth), rows = [];
  var longest = Math.max.apply(null, columns.map(function (c) { return c.length; }));
  for (var i = 0; i < head.length; i++) {
    for (var j = 0; j < longest; j++) {
      if (rows[j] === undefined) rows[j] = [];
      var v = rows[j][i] = hasOwn.call(columns[i], j) ? columns[i][j] : '';
      widths[i] = Math.max(widths[i] || 0, textWidth(v));
    }
  }
  function row(cells) {
    var out = '│ ';
    for (var k = 0; k < cells.length; k++) {
      // Left-aligned, as node 20 draws it (node 16 centred the cells).
      out += cells[k] + ' '.repeat(widths[k] - textWidth(cells[k]));
      if (k !== cells.length - 1) out += ' │ ';
    }
    return out + ' │';
  }
  var divider = widths.map(function (w) { return '─'.repeat(w + 2); });
  var result = '┌' + divider.join('┬') + '┐\n' + row(head) + '\n├' + divider.join('┼') + '┤\n';
  rows.forEach(function (r) { result += row(r) + '\n'; });
  return result + '└' + divider.join('┴') + '┘';
}
// The table of `data` as text, or undefined when it is not tabular (logged as is).
function table(data, properties) {
  if (data === null || typeof data !== 'object') return undefined;
  function show(v) {
    var deep = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 2;
    return util.inspect(v, { depth: deep ? -1 : 0, maxArrayLength: 3, breakLength: Infinity });
  }
  var isMap = data instanceof Map;
  var map = Object.create(null), hasPrimitives = false, values = [];
  var index = isMap ? Array.from(data.keys()).map(show) : Object.keys(data);
  var items = isMap ? Array.from(data.values()) : index.map(function (k) { return data[k]; });
  for (var i = 0; i < index.length; i++) {
    var item = items[i];
    var primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      values[i] = show(item);
    } else {
      (properties || Object.keys(item)).forEach(function (key) {
        if (!map[key]) map[key] = [];
        map[key][i] = (primitive && properties) || !hasOwn.call(item, key) ? '' : show(item[key]);
      });
    }
  }
  var keys = Object.keys(map), columns = keys.map(function (k) { return map[k]; });
  if (hasPrimitives) { keys.push('Values'); columns.push(values); }
  keys.unshift(isMap ? '(iteration index)' : '(index)');
  columns.unshift(isMap ? index.map(function (_, n) { return String(n); }) : index);
  return renderTable(keys, columns);
}

// console.timeEnd's duration, as Node words it.
function formatTime(ms) {
  var hours = 0, minutes = 0, seconds = 0;
  if (ms >= 1000) {
    if (ms >= 60000) {
      if (ms >= 3600000) { hours = Math.floor(ms / 3600000); ms -= hours * 3600000; }
      minutes = Math.floor(ms / 60000); ms -= minutes * 60000;
    }
    seconds = ms / 1000;
  }
  var pad = function (n) { return String(n).padStart(2, '0'); };
  if (hours !== 0 || minutes !== 0) {
    var parts = seconds.toFixed(3).split('.');
    return (hours !== 0 ? hours + ':' + pad(minutes) : minutes) + ':' + pad(parts[0]) + '.' + parts[1] + ' (' + (hours !== 0 ? 'h:m' : '') + 'm:ss.mmm)';
  }
  if (seconds !== 0) return seconds.toFixed(3) + 's';
  return Number(ms.toFixed(3)) + 'ms';
}

// --- Console ---
function Console(options, stderr, ignoreErrors) {
  if (!(this instanceof Console)) return new Console(options, stderr, ignoreErrors);
  if (!options || typeof options.write === 'function') options = { stdout: options, stderr: stderr };
  var out = options.stdout;
  if (!out || typeof out.write !== 'function') {
    var e = new TypeError('The "stdout" argument must be an instance of Writable. Received ' + util.inspect(out));
    e.code = 'ERR_CONSOLE_WRITABLE_STREAM';
    throw e;
  }
  Object.defineProperties(this, {
    _stdout: { value: out, writable: true },
    _stderr: { value: options.stderr || out, writable: true },
    _indent: { value: '', writable: true },
    _counts: { value: new Map() },
    _timers: { value: new Map() },
    _inspectOptions: { value: options.inspectOptions }
  });
  // Node binds the methods, so `const { log } = console` works.
  var self = this;
  Object.keys(Console.prototype).forEach(function (k) { self[k] = Console.prototype[k].bind(self); });
}
function write(con, stream, args) {
  var text = con._inspectOptions ? util.formatWithOptions.apply(null, [con._inspectOptions].concat(args)) : util.format.apply(null, args);
  if (con._indent) text = con._indent + text.replace(/\n/g, '\n' + con._indent);
  stream.write(text + '\n');
}
Console.prototype = {
  log: function () { write(this, this._stdout, Array.prototype.slice.call(arguments)); },
  warn: function () { write(this, this._stderr, Array.prototype.slice.call(arguments)); },
  dir: function (v, options) { write(this, this._stdout, [util.inspect(v, Object.assign({ customInspect: false }, this._inspectOptions, options))]); },
  trace: function () {
    var e = { name: 'Trace', message: util.format.apply(null, arguments) };
    Error.captureStackTrace(e, Console.prototype.trace);
    write(this, this._stderr, [e.stack]);
  },
  assert: function (ok) {
    if (ok) return;
    var args = Array.prototype.slice.call(arguments, 1);
    if (typeof args[0] === 'string') args[0] = 'Assertion failed: ' + args[0];
    else args.unshift('Assertion failed');
    write(this, this._stderr, args);
  },
  clear: function () {},
  count: function (label) {
    label = label === undefined ? 'default' : String(label);
    var n = (this._counts.get(label) || 0) + 1;
    this._counts.set(label, n);
    write(this, this._stdout, [label + ': ' + n]);
  },
  countReset: function (label) {
    label = label === undefined ? 'default' : String(label);
    if (!this._counts.has(label)) { write(this, this._stderr, ["Count for '" + label + "' does not exist"]); return; }
    this._counts.delete(label);
  },
  group: function () {
    if (arguments.length) this.log.apply(this, arguments);
    this._indent += '  ';
  },
  groupEnd: function () { this._indent = this._indent.slice(0, -2); },
  time: function (label) {
    label = label === undefined ? 'default' : String(label);
    if (this._timers.has(label)) { process.emitWarning("Label '" + label + "' already exists for console.time()"); return; }
    this._timers.set(label, __fngate_now());
  },
  timeEnd: function (label) {
    label = label === undefined ? 'default' : String(label);
    if (!this._timers.has(label)) { process.emitWarning("No such label '" + label + "' for console.timeEnd()"); return; }
    write(this, this._stdout, [label + ': ' + formatTime(__fngate_now() - this._timers.get(label))]);
    this._timers.delete(label);
  },
  timeLog: function (label) {
    label = label === undefined ? 'default' : String(label);
    if (!this._timers.has(label)) { process.emitWarning("No such label '" + label + "' for console.timeLog()"); return; }
    write(this, this._stdout, [label + ': ' + formatTime(__fngate_now() - this._timers.get(label))].concat(Array.prototype.slice.call(arguments, 1)));
  },
  table: function (data, properties) {
    var text = table(data, properties);
    if (text === undefined) this.log(data); else write(this, this._stdout, [text]);
  },
  timeStamp: function () {},
  profile: function () {},
  profileEnd: function () {}
};
Console.prototype.info = Console.prototype.log;
Console.prototype.debug = Console.prototype.log;
Console.prototype.dirxml = Console.prototype.log;
Console.prototype.error = Console.prototype.warn;
Console.prototype.groupCollapsed = Console.prototype.group;
Object.defineProperty(Console.prototype, 'constructor', { value: Console, writable: true, configurable: true });

// The global console is the module's export, as in Node.
module.exports = global.console;
Object.defineProperty(global.console, 'Console', { value: Console, writable: true, configurable: true });
Object.defineProperty(global.console, '__table', { value: table });
Object.defineProperty(global.console, '__formatTime', { value: formatTime });

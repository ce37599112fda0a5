// node:readline — reading a stream line by line (createInterface: 'line' and
// 'close' events, async iteration, question, pause/resume) and the terminal
// helpers as no-ops: functions have no terminal; their streams are responses,
// files and sockets.
'use strict';

var EE = require('events');
var StringDecoder = require('string_decoder').StringDecoder;

function Interface(input, output) {
  if (!(this instanceof Interface)) return new Interface(input, output);
  var opts = input && input.input !== undefined ? input : { input: input, output: output };
  EE.call(this);
  this.input = opts.input;
  this.output = opts.output;
  this.terminal = false;
  this.line = '';
  this.cursor = 0;
  this.closed = false;
  this.history = [];
  this._prompt = opts.prompt === undefined ? '> ' : String(opts.prompt);
  this._buffer = '';
  this._decoder = new StringDecoder('utf8');
  this._questions = [];
  var self = this;
  if (this.input) {
    this._onData = function (chunk) { self._write(typeof chunk === 'string' ? chunk : self._decoder.write(chunk)); };
    this._onEnd = function () {
      self._write(self._decoder.end());
      if (self._buffer.length) { var rest = self._buffer.replace(/\r$/, ''); self._buffer = ''; self._line(rest); }
      self.close();
    };
    this.input.on('data', this._onData);
    this.input.on('end', this._onEnd);
    if (typeof this.input.resume === 'function') this.input.resume();
  }
}
Object.setPrototypeOf(Interface.prototype, EE.prototype);
Object.setPrototypeOf(Interface, EE);

Interface.prototype._write = function (text) {
  if (!text) return;
  this._buffer += text;
  var parts = this._buffer.split(/\r\n|\n|\r(?!$)/);
  this._buffer = parts.pop();
  for (var i = 0; i < parts.length && !this.closed; i++) this._line(parts[i]);
};
Interface.prototype._line = function (line) {
  var ask = this._questions.shift();
  if (ask) ask(line);
  else this.emit('line', line);
};
Interface.prototype.close = function () {
  if (this.closed) return;
  this.closed = true;
  if (this.input) {
    this.input.removeListener('data', this._onData);
    this.input.removeListener('end', this._onEnd);
  }
  this.emit('close');
};
Interface.prototype.pause = function () {
  if (this.input && typeof this.input.pause === 'function') this.input.pause();
  this.emit('pause');
  return this;
};
Interface.prototype.resume = function () {
  if (this.input && typeof this.input.resume === 'function') this.input.resume();
  this.emit('resume');
  return this;
};
Interface.prototype.setPrompt = function (p) { this._prompt = String(p); };
Interface.prototype.getPrompt = function () { return this._prompt; };
Interface.prototype.prompt = function () { if (this.output) this.output.write(this._prompt); };
Interface.prototype.question = function (query, options, cb) {
  if (typeof options === 'function') cb = options;
  if (this.closed) { var e = new Error('readline was closed'); e.code = 'ERR_USE_AFTER_CLOSE'; throw e; }
  if (this.output) this.output.write(query);
  if (typeof cb === 'function') this._questions.push(cb);
};
Interface.prototype.write = function () {};
Interface.prototype.getCursorPos = function () { return { rows: 0, cols: 0 }; };
Interface.prototype[Symbol.asyncIterator] = function () {
  var self = this, lines = [], waiting = [], done = false;
  this.on('line', function (l) { if (waiting.length) waiting.shift()({ value: l, done: false }); else lines.push(l); });
  this.on('close', function () { done = true; while (waiting.length) waiting.shift()({ value: undefined, done: true }); });
  return {
    next: function () {
      if (lines.length) return Promise.resolve({ value: lines.shift(), done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise(function (resolve) { waiting.push(resolve); });
    },
    return: function () { self.close(); return Promise.resolve({ value: undefined, done: true }); },
    [Symbol.asyncIterator]: function () { return this; }
  };
};

function createInterface(input, output) { return new Interface(input, output); }
function done(cb) { if (typeof cb === 'function') process.nextTick(cb); return true; }

// readline/promises: the same, with question answering a promise.
function PromisesInterface(input, output) {
  Interface.call(this, input, output);
}
Object.setPrototypeOf(PromisesInterface.prototype, Interface.prototype);
PromisesInterface.prototype.question = function (query) {
  var self = this;
  return new Promise(function (resolve) { Interface.prototype.question.call(self, query, resolve); });
};

module.exports = {
  Interface: Interface,
  createInterface: createInterface,
  clearLine: function (s, d, cb) { return done(cb); },
  clearScreenDown: function (s, cb) { return done(cb); },
  cursorTo: function (s, x, y, cb) { return done(typeof y === 'function' ? y : cb); },
  moveCursor: function (s, dx, dy, cb) { return done(cb); },
  emitKeypressEvents: function () {},
  promises: {
    Interface: PromisesInterface,
    createInterface: function (input, output) { return new PromisesInterface(input, output); }
  }
};

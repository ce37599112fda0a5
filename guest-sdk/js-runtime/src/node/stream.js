// node:stream — the basics of Readable, Writable, Duplex, Transform and
// PassThrough (flowing and paused reading, backpressure through write()'s
// result and 'drain', pipe, async iteration), pipeline and finished.
'use strict';

var EE = require('events');
var Buffer = require('buffer').Buffer;

function Stream(opts) { EE.call(this, opts); }
Object.setPrototypeOf(Stream.prototype, EE.prototype);
Object.setPrototypeOf(Stream, EE);

function chunkLength(s, chunk) { return s.objectMode ? 1 : chunk.length; }

// --- Readable ---
function Readable(opts) {
  if (!(this instanceof Readable)) return new Readable(opts);
  opts = opts || {};
  Stream.call(this, opts);
  this._readableState = {
    buffer: [], length: 0, ended: false, endEmitted: false, flowing: null, reading: false,
    objectMode: !!(opts.objectMode || opts.readableObjectMode), highWaterMark: opts.highWaterMark === undefined ? (opts.objectMode ? 16 : 16384) : opts.highWaterMark,
    encoding: null, decoder: null, scheduled: false, destroyed: false, autoDestroy: opts.autoDestroy !== false
  };
  if (opts.encoding) this.setEncoding(opts.encoding);
  if (typeof opts.read === 'function') this._read = opts.read;
  if (typeof opts.destroy === 'function') this._destroy = opts.destroy;
  this.readable = true;
  this.destroyed = false;
}
Object.setPrototypeOf(Readable.prototype, Stream.prototype);
Object.setPrototypeOf(Readable, Stream);

Readable.prototype._read = function () {
  var e = new Error('The _read() method is not implemented');
  e.code = 'ERR_METHOD_NOT_IMPLEMENTED';
  this.destroy(e);
};
Readable.prototype.push = function (chunk, encoding) {
  var s = this._readableState;
  s.reading = false;
  if (chunk === null) {
    s.ended = true;
    schedule(this);
    return false;
  }
  if (s.ended) {
    var e = new Error('stream.push() after EOF');
    e.code = 'ERR_STREAM_PUSH_AFTER_EOF';
    this.emit('error', e);
    return false;
  }
  if (!s.objectMode) {
    if (typeof chunk === 'string') chunk = Buffer.from(chunk, encoding);
    else if (chunk instanceof Uint8Array && !(chunk instanceof Buffer)) chunk = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  if (s.decoder) chunk = s.decoder.write(chunk);
  if (!s.objectMode && chunk.length === 0) { schedule(this); return s.length < s.highWaterMark; }
  s.buffer.push(chunk);
  s.length += chunkLength(s, chunk);
  schedule(this);
  return s.length < s.highWaterMark;
};
Readable.prototype.unshift = function (chunk, encoding) {
  var s = this._readableState;
  if (chunk === null) { this.push(null); return false; }
  if (!s.objectMode) {
    if (typeof chunk === 'string') chunk = Buffer.from(chunk, encoding);
    else if (chunk instanceof Uint8Array && !(chunk instanceof Buffer)) chunk = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (s.decoder) chunk = s.decoder.write(chunk);
  }
  s.buffer.unshift(chunk);
  s.length += chunkLength(s, chunk);
  schedule(this);
  return s.length < s.highWaterMark;
};
// wrap(old): a Readable over an old-style stream (one that only emits 'data'
// and 'end', paused and resumed by pause() and resume()).
Readable.prototype.wrap = function (old) {
  var self = this, paused = false;
  old.on('data', function (chunk) {
    if (self._readableState.decoder) chunk = self._readableState.decoder.write(chunk);
    if (self._readableState.objectMode && (chunk === null || chunk === undefined)) return;
    if (!self._readableState.objectMode && (!chunk || !chunk.length)) return;
    if (!self.push(chunk) && !paused) { paused = true; if (typeof old.pause === 'function') old.pause(); }
  });
  old.on('end', function () { self.push(null); });
  old.on('error', function (e) { self.destroy(e); });
  old.on('close', function () { self.destroy(); });
  old.on('destroy', function () { self.destroy(); });
  this._read = function () {
    if (paused && typeof old.resume === 'function') { paused = false; old.resume(); }
  };
  return this;
};
Readable.prototype.setEncoding = function (enc) {
  var SD = require('string_decoder').StringDecoder;
  var s = this._readableState;
  s.decoder = new SD(enc);
  s.encoding = s.decoder.encoding;
  s.buffer = s.buffer.map(function (c) { return typeof c === 'string' ? c : s.decoder.write(c); });
  return this;
};
function schedule(stream) {
  var s = stream._readableState;
  if (s.scheduled) return;
  s.scheduled = true;
  process.nextTick(function () { s.scheduled = false; flow(stream); });
}
function flow(stream) {
  var s = stream._readableState;
  if (s.destroyed) return;
  if (s.flowing) {
    while (s.flowing && s.buffer.length) {
      var chunk = s.buffer.shift();
      s.length -= chunkLength(s, chunk);
      stream.emit('data', chunk);
    }
  } else if (s.buffer.length && stream.listenerCount('readable') > 0) {
    stream.emit('readable');
  }
  if (s.ended && !s.buffer.length) {
    if (!s.endEmitted) {
      if (s.decoder) {
        var tail = s.decoder.end();
        if (tail && s.flowing) stream.emit('data', tail);
      }
      s.endEmitted = true;
      stream.readable = false;
      if (s.flowing === false && stream.listenerCount('readable') > 0) stream.emit('readable');
      stream.emit('end');
      if (s.autoDestroy && (!stream._writableState || stream._writableState.finished)) stream.destroy();
    }
    return;
  }
  if (!s.ended && !s.reading && (s.length < s.highWaterMark || s.length === 0) && (s.flowing || stream.listenerCount('readable') > 0)) {
    s.reading = true;
    stream._read(s.highWaterMark);
  }
}
Readable.prototype.read = function (n) {
  var s = this._readableState;
  if (!s.buffer.length) {
    if (!s.ended && !s.reading) { s.reading = true; this._read(s.highWaterMark); }
    if (s.ended) schedule(this);
    if (!s.buffer.length) return null;
  }
  var out;
  if (s.objectMode) out = s.buffer.shift();
  else if (n === undefined || n >= s.length) {
    out = s.decoder ? s.buffer.join('') : Buffer.concat(s.buffer);
    s.buffer = [];
  } else {
    var all = s.decoder ? s.buffer.join('') : Buffer.concat(s.buffer);
    out = all.slice(0, n);
    s.buffer = [all.slice(n)];
  }
  s.length -= chunkLength(s, out);
  schedule(this);
  return out;
};
Readable.prototype.on = function (ev, fn) {
  var r = Stream.prototype.on.call(this, ev, fn);
  var s = this._readableState;
  if (ev === 'data' && s.flowing !== false) this.resume();
  if (ev === 'readable') { s.flowing = false; schedule(this); }
  return r;
};
Readable.prototype.addListener = Readable.prototype.on;
Readable.prototype.resume = function () {
  this._readableState.flowing = true;
  schedule(this);
  return this;
};
Readable.prototype.pause = function () { this._readableState.flowing = false; return this; };
Readable.prototype.isPaused = function () { return this._readableState.flowing === false; };
Readable.prototype.pipe = function (dest, opts) {
  var src = this;
  src.on('data', function (chunk) {
    if (dest.write(chunk) === false) {
      src.pause();
      dest.once('drain', function () { src.resume(); });
    }
  });
  if (!opts || opts.end !== false) src.once('end', function () { dest.end(); });
  dest.emit('pipe', src);
  return dest;
};
Readable.prototype.unpipe = function () { this.removeAllListeners('data'); this.pause(); return this; };
Readable.prototype.destroy = function (err) {
  var s = this._readableState;
  if (s.destroyed) return this;
  s.destroyed = true;
  this.destroyed = true;
  var self = this;
  if (err) s.errored = err;
  this._destroy(err || null, function (e) {
    process.nextTick(function () {
      if (e) { s.errored = e; self.emit('error', e); }
      s.closed = true;
      if (self._writableState) self._writableState.closed = true;
      self.emit('close');
    });
  });
  return this;
};
Readable.prototype._destroy = function (err, cb) { cb(err); };
Readable.prototype[Symbol.asyncIterator] = function () {
  var stream = this, queue = [], waiting = null, done = false, failure = null;
  stream.on('data', function (c) { if (waiting) { var w = waiting; waiting = null; w.resolve({ value: c, done: false }); } else { queue.push(c); stream.pause(); } });
  stream.on('end', function () { done = true; if (waiting) { var w = waiting; waiting = null; w.resolve({ value: undefined, done: true }); } });
  stream.on('error', function (e) { failure = e; if (waiting) { var w = waiting; waiting = null; w.reject(e); } });
  return {
    next: function () {
      if (queue.length) { var v = queue.shift(); if (!queue.length) stream.resume(); return Promise.resolve({ value: v, done: false }); }
      if (failure) return Promise.reject(failure);
      if (done) return Promise.resolve({ value: undefined, done: true });
      stream.resume();
      return new Promise(function (resolve, reject) { waiting = { resolve: resolve, reject: reject }; });
    },
    return: function () { stream.destroy(); return Promise.resolve({ value: undefined, done: true }); },
    [Symbol.asyncIterator]: function () { return this; }
  };
};
Object.defineProperty(Readable.prototype, 'readableEnded', { get: function () { return this._readableState.endEmitted; } });
Object.defineProperty(Readable.prototype, 'readableLength', { get: function () { return this._readableState.length; } });
Object.defineProperty(Readable.prototype, 'readableFlowing', { get: function () { return this._readableState.flowing; } });
Object.defineProperty(Readable.prototype, 'readableObjectMode', { get: function () { return this._readableState.objectMode; } });
Object.defineProperty(Readable.prototype, 'readableHighWaterMark', { get: function () { return this._readableState.highWaterMark; } });
Object.defineProperty(Readable.prototype, 'readableEncoding', { get: function () { return this._readableState.encoding; } });
Object.defineProperty(Readable.prototype, 'readableAborted', { get: function () { var s = this._readableState; return s.destroyed && !s.endEmitted; } });
Object.defineProperty(Readable.prototype, 'closed', { get: function () { return (this._readableState || this._writableState).closed === true; } });
Object.defineProperty(Readable.prototype, 'errored', { get: function () { return (this._readableState || this._writableState).errored || null; } });
Readable.from = function (iterable, opts) {
  if (typeof iterable === 'string' || iterable instanceof Uint8Array) iterable = [iterable];
  var it = iterable[Symbol.asyncIterator] ? iterable[Symbol.asyncIterator]() : iterable[Symbol.iterator]();
  var r = new Readable(Object.assign({ objectMode: true }, opts, {
    read: function () {
      var self = this;
      Promise.resolve(it.next()).then(function (step) {
        if (step.done) self.push(null);
        else Promise.resolve(step.value).then(function (v) { self.push(v); });
      }, function (e) { self.destroy(e); });
    }
  }));
  return r;
};

// --- Writable ---
function Writable(opts) {
  if (!(this instanceof Writable) && !(this instanceof Duplex)) return new Writable(opts);
  opts = opts || {};
  if (!(this instanceof Duplex)) Stream.call(this, opts);
  initWritable(this, opts);
}
function initWritable(w, opts) {
  w._writableState = {
    queue: [], length: 0, writing: false, corked: 0, bufferProcessing: false, pendingcb: 0,
    ending: false, ended: false, finalCalled: false, prefinished: false, finished: false, needDrain: false,
    objectMode: !!(opts.objectMode || opts.writableObjectMode), highWaterMark: opts.highWaterMark === undefined ? (opts.objectMode ? 16 : 16384) : opts.highWaterMark,
    decodeStrings: opts.decodeStrings !== false, destroyed: false, defaultEncoding: opts.defaultEncoding || 'utf8',
    autoDestroy: opts.autoDestroy !== false, onFinished: [], errored: null, closed: false
  };
  if (typeof opts.write === 'function') w._write = opts.write;
  if (typeof opts.writev === 'function') w._writev = opts.writev;
  if (typeof opts.final === 'function') w._final = opts.final;
  if (typeof opts.destroy === 'function') w._destroy = opts.destroy;
  w.writable = true;
}
Object.setPrototypeOf(Writable.prototype, Stream.prototype);
Object.setPrototypeOf(Writable, Stream);
var writableMethods = {
  _write: function (chunk, enc, cb) {
    if (this._writev) this._writev([{ chunk: chunk, encoding: enc }], cb);
    else {
      var e = new Error('The _write() method is not implemented');
      e.code = 'ERR_METHOD_NOT_IMPLEMENTED';
      cb(e);
    }
  },
  write: function (chunk, enc, cb) {
    var s = this._writableState;
    if (typeof enc === 'function') { cb = enc; enc = null; }
    if (chunk === null) { var n = new TypeError('May not write null values to stream'); n.code = 'ERR_STREAM_NULL_VALUES'; throw n; }
    if (s.ending || s.destroyed) {
      var e = new Error(s.destroyed ? 'Cannot call write after a stream was destroyed' : 'write after end');
      e.code = s.destroyed ? 'ERR_STREAM_DESTROYED' : 'ERR_STREAM_WRITE_AFTER_END';
      var self = this;
      if (cb) process.nextTick(cb, e);
      if (!s.destroyed) self.destroy(e);
      return false;
    }
    enc = enc || s.defaultEncoding;
    if (!s.objectMode && typeof chunk === 'string' && s.decodeStrings) { chunk = Buffer.from(chunk, enc); enc = 'buffer'; }
    else if (!s.objectMode && chunk instanceof Uint8Array) enc = 'buffer';
    s.length += s.objectMode ? 1 : chunk.length;
    var ok = s.length < s.highWaterMark;
    if (!ok) s.needDrain = true;
    var item = { chunk: chunk, encoding: enc, cb: cb };
    if (s.writing || s.corked || s.errored) s.queue.push(item);
    else doWrite(this, s, [item]);
    return ok && !s.errored && !s.destroyed;
  },
  end: function (chunk, enc, cb) {
    if (typeof chunk === 'function') { cb = chunk; chunk = null; }
    else if (typeof enc === 'function') { cb = enc; enc = null; }
    var s = this._writableState;
    if (chunk !== null && chunk !== undefined) this.write(chunk, enc);
    if (s.corked) { s.corked = 1; this.uncork(); }
    if (!s.errored && !s.ending) {
      s.ending = true;
      finishMaybe(this, s, true);
      s.ended = true;
    }
    if (typeof cb === 'function') {
      if (s.finished || s.errored) process.nextTick(cb, s.errored); else s.onFinished.push(cb);
    }
    return this;
  },
  cork: function () { this._writableState.corked++; },
  uncork: function () {
    var s = this._writableState;
    if (s.corked) {
      s.corked--;
      if (!s.writing) clearBuffer(this, s);
    }
  },
  setDefaultEncoding: function (enc) { this._writableState.defaultEncoding = enc; return this; }
};
// Hands chunks to _write (one) or _writev (several); node's onwrite after.
function doWrite(w, s, items) {
  var len = 0;
  items.forEach(function (i) { len += s.objectMode ? 1 : i.chunk.length; });
  s.writing = true;
  s.pendingcb += items.length;
  var sync = true, called = false;
  var onwrite = function (err) {
    if (called) return;
    called = true;
    afterWriting(w, s, items, len, sync, err);
  };
  try {
    if (items.length > 1) w._writev(items.map(function (i) { return { chunk: i.chunk, encoding: i.encoding }; }), onwrite);
    else w._write(items[0].chunk, items[0].encoding, onwrite);
  } catch (e) { onwrite(e); }
  sync = false;
}
function afterWriting(w, s, items, len, sync, err) {
  s.writing = false;
  s.length -= len;
  if (err) {
    s.errored = s.errored || err;
    process.nextTick(function () { items.forEach(function (i) { if (i.cb) i.cb(err); }); });
    w.destroy(err);
    return;
  }
  if (s.queue.length) clearBuffer(w, s);
  var after = function () {
    if (s.needDrain && s.length === 0 && !s.ending && !s.destroyed) { s.needDrain = false; w.emit('drain'); }
    items.forEach(function (i) { s.pendingcb--; if (i.cb) i.cb(null); });
    finishMaybe(w, s);
  };
  if (sync) process.nextTick(after); else after();
}
// Writes what was queued while a write was under way or the stream corked:
// all of it through _writev when there is one, else chunk after chunk.
function clearBuffer(w, s) {
  if (s.corked || s.bufferProcessing || s.destroyed) return;
  s.bufferProcessing = true;
  if (s.queue.length > 1 && w._writev) doWrite(w, s, s.queue.splice(0));
  else while (s.queue.length && !s.writing) doWrite(w, s, [s.queue.shift()]);
  s.bufferProcessing = false;
}
// --- finishing, as node does: _final once all is written, then 'finish' ---
function needFinish(s) {
  return s.ending && !s.destroyed && !s.finished && !s.writing && !s.errored && !s.queue.length && s.length === 0;
}
function finishMaybe(w, s, sync) {
  if (!needFinish(s)) return;
  prefinish(w, s);
  if (s.pendingcb !== 0) return;
  s.pendingcb++;
  if (sync) process.nextTick(function () { if (needFinish(s)) finish(w, s); else s.pendingcb--; });
  else finish(w, s);
}
function prefinish(w, s) {
  if (s.prefinished || s.finalCalled) return;
  if (typeof w._final !== 'function' || s.destroyed) {
    s.finalCalled = s.prefinished = true;
    w.emit('prefinish');
    return;
  }
  s.finalCalled = true;
  s.pendingcb++;
  var onFinal = function (err) {
    s.pendingcb--;
    if (err) {
      s.onFinished.splice(0).forEach(function (cb) { cb(err); });
      w.destroy(err);
    } else if (needFinish(s)) {
      s.prefinished = true;
      w.emit('prefinish');
      s.pendingcb++;
      process.nextTick(finish, w, s);
    }
  };
  try { w._final(onFinal); } catch (e) { onFinal(e); }
}
function finish(w, s) {
  s.pendingcb--;
  s.finished = true;
  w.writable = false;
  s.onFinished.splice(0).forEach(function (cb) { cb(); });
  w.emit('finish');
  var r = w._readableState;
  if (s.autoDestroy && (!r || (r.autoDestroy && (r.endEmitted || w.readable === false)))) w.destroy();
}
Object.keys(writableMethods).forEach(function (k) { Writable.prototype[k] = writableMethods[k]; });
Writable.prototype.destroy = function (err) {
  var s = this._writableState;
  if (s.destroyed) return this;
  s.destroyed = true;
  this.destroyed = true;
  var self = this;
  if (err) s.errored = s.errored || err;
  this._destroy(err || null, function (e) {
    process.nextTick(function () {
      if (e) { s.errored = s.errored || e; self.emit('error', e); }
      s.closed = true;
      self.emit('close');
    });
  });
  return this;
};
Writable.prototype._destroy = function (err, cb) { cb(err); };
Object.defineProperty(Writable.prototype, 'writableEnded', { get: function () { return this._writableState.ending; } });
Object.defineProperty(Writable.prototype, 'writableFinished', { get: function () { return this._writableState.finished; } });
Object.defineProperty(Writable.prototype, 'writableLength', { get: function () { return this._writableState.length; } });
Object.defineProperty(Writable.prototype, 'writableObjectMode', { get: function () { return this._writableState.objectMode; } });
Object.defineProperty(Writable.prototype, 'writableHighWaterMark', { get: function () { return this._writableState.highWaterMark; } });
Object.defineProperty(Writable.prototype, 'writableCorked', { get: function () { return this._writableState.corked; } });
Object.defineProperty(Writable.prototype, 'writableNeedDrain', { get: function () { return this._writableState.needDrain; } });
Object.defineProperty(Writable.prototype, 'closed', { get: function () { return this._writableState.closed === true; } });
Object.defineProperty(Writable.prototype, 'errored', { get: function () { return this._writableState.errored || null; } });

// --- Duplex, Transform, PassThrough ---
function Duplex(opts) {
  if (!(this instanceof Duplex)) return new Duplex(opts);
  opts = opts || {};
  Readable.call(this, opts);
  initWritable(this, opts);
  if (opts.allowHalfOpen === false) {
    var self = this;
    this.once('end', function () { self.end(); });
  }
}
Object.setPrototypeOf(Duplex.prototype, Readable.prototype);
Object.setPrototypeOf(Duplex, Readable);
Object.keys(writableMethods).forEach(function (k) { Duplex.prototype[k] = writableMethods[k]; });
Duplex.prototype.destroy = function (err) {
  if (this._writableState.destroyed) return this;
  this._writableState.destroyed = true;
  return Readable.prototype.destroy.call(this, err);
};
['writableEnded', 'writableFinished', 'writableLength', 'writableObjectMode', 'writableHighWaterMark', 'writableCorked', 'writableNeedDrain'].forEach(function (k) {
  Object.defineProperty(Duplex.prototype, k, Object.getOwnPropertyDescriptor(Writable.prototype, k));
});

function Transform(opts) {
  if (!(this instanceof Transform)) return new Transform(opts);
  opts = opts || {};
  Duplex.call(this, opts);
  if (typeof opts.transform === 'function') this._transform = opts.transform;
  if (typeof opts.flush === 'function') this._flush = opts.flush;
}
Object.setPrototypeOf(Transform.prototype, Duplex.prototype);
Object.setPrototypeOf(Transform, Duplex);
Transform.prototype._transform = function () {
  var e = new Error('The _transform() method is not implemented');
  e.code = 'ERR_METHOD_NOT_IMPLEMENTED';
  throw e;
};
Transform.prototype._write = function (chunk, enc, cb) {
  var self = this;
  this._transform(chunk, enc, function (err, data) {
    if (err) { cb(err); return; }
    if (data !== undefined && data !== null) self.push(data);
    cb();
  });
};
Transform.prototype._final = function (cb) {
  var self = this;
  var done = function (err, data) {
    if (err) { cb(err); return; }
    if (data !== undefined && data !== null) self.push(data);
    self.push(null);
    cb();
  };
  if (this._flush) this._flush(done); else done();
};
Transform.prototype._read = function () {};

function PassThrough(opts) {
  if (!(this instanceof PassThrough)) return new PassThrough(opts);
  Transform.call(this, opts);
}
Object.setPrototypeOf(PassThrough.prototype, Transform.prototype);
Object.setPrototypeOf(PassThrough, Transform);
PassThrough.prototype._transform = function (chunk, enc, cb) { cb(null, chunk); };

// --- helpers ---
function prematureClose() {
  var e = new Error('Premature close');
  e.code = 'ERR_STREAM_PREMATURE_CLOSE';
  return e;
}
// Node's AbortError for an aborted signal (shared by the built-ins).
var abortError = internal.abortError;
// finished(stream[, opts], cb): cb() once the stream has ended (readable side)
// and finished (writable side), cb(err) on an error or a close before then.
// Returns a function that removes its listeners.
function finished(stream, opts, cb) {
  if (typeof opts === 'function') { cb = opts; opts = {}; }
  opts = opts || {};
  var r = stream._readableState, w = stream._writableState;
  var readable = opts.readable !== undefined ? opts.readable : !!r && stream.readable !== false;
  var writable = opts.writable !== undefined ? opts.writable : !!w;
  var readDone = !readable || (r && r.endEmitted), writeDone = !writable || (w && w.finished);
  var called = false;
  function done(err) { if (!called) { called = true; cb.call(stream, err); } }
  var listeners = {
    error: function (e) { done(e); },
    end: function () { readDone = true; if (writeDone) done(); },
    finish: function () { writeDone = true; if (readDone) done(); },
    close: function () {
      if (readable && !readDone && !(r && r.ended && r.length === 0)) done(prematureClose());
      else if (writable && !writeDone) done(prematureClose());
      else done();
    }
  };
  Object.keys(listeners).forEach(function (k) { stream.on(k, listeners[k]); });
  var state = r || w;
  if (state && state.errored) process.nextTick(done, state.errored);
  else if (readDone && writeDone && (r || w)) process.nextTick(done);
  else if (state && state.closed) process.nextTick(listeners.close);
  if (opts.signal) {
    var onAbort = function () { done(abortError(opts.signal)); };
    if (opts.signal.aborted) process.nextTick(onAbort); else opts.signal.addEventListener('abort', onAbort);
  }
  return function cleanup() {
    Object.keys(listeners).forEach(function (k) { stream.removeListener(k, listeners[k]); });
  };
}
function isStream(s) { return s !== null && typeof s === 'object' && typeof s.on === 'function'; }
// Writes an (async) iterable into a writable stream, minding backpressure,
// and resolves when the stream has finished.
async function pump(iterable, writable) {
  for await (var chunk of iterable) {
    if (!writable.write(chunk)) await new Promise(function (resolve) { writable.once('drain', resolve); });
  }
  writable.end();
  await new Promise(function (resolve, reject) { finished(writable, function (e) { if (e) reject(e); else resolve(); }); });
}
// A pipeline with async generator functions or iterables among its stages.
function pipelineStages(stages, cb) {
  var streams = stages.filter(isStream);
  var last = stages[stages.length - 1];
  var run = (async function () {
    var value = typeof stages[0] === 'function' ? stages[0]() : stages[0];
    for (var i = 1; i < stages.length; i++) {
      var stage = stages[i];
      if (typeof stage === 'function') { value = stage(value); continue; }
      if (i < stages.length - 1) { pump(value, stage).catch(function (e) { stage.destroy(e); }); value = stage; continue; }
      await pump(value, stage);
      return undefined;
    }
    return await value;
  })();
  run.then(function (v) { cb(null, v); }, function (e) {
    streams.forEach(function (x) { if (x.destroy && !x.destroyed) x.destroy(); });
    cb(e);
  });
  return isStream(last) ? last : undefined;
}
function isOptions(x) {
  return x !== null && typeof x === 'object' && !isStream(x) && !Array.isArray(x) &&
    typeof x[Symbol.iterator] !== 'function' && typeof x[Symbol.asyncIterator] !== 'function';
}
function pipeline() {
  var streams = Array.prototype.slice.call(arguments);
  var cb = typeof streams[streams.length - 1] === 'function' ? streams.pop() : function (e) { if (e) throw e; };
  var opts = streams.length > 1 && isOptions(streams[streams.length - 1]) ? streams.pop() : {};
  if (Array.isArray(streams[0])) streams = streams[0];
  if (!streams.every(isStream)) return pipelineStages(streams, cb);
  return pipelineStreams(streams, opts, cb);
}
// node's pipeline of streams: each piped into the next; the first error (or
// close before the end, or the signal's abort) destroys them all, and cb
// has it once every stream is done.
function pipelineStreams(streams, opts, cb) {
  var error, pending = streams.length, called = false, signal = opts.signal;
  var last = streams[streams.length - 1];
  function onAbort() { settle(abortError(signal), false); }
  function settle(err, final) {
    if (err && (!error || error.code === 'ERR_STREAM_PREMATURE_CLOSE')) error = err;
    if (!error && !final) return;
    if (error) streams.forEach(function (x) { if (!x.destroyed && typeof x.destroy === 'function') x.destroy(error); });
    if (final && !called) {
      called = true;
      if (signal) signal.removeEventListener('abort', onAbort);
      process.nextTick(function () { cb(error, undefined); });
    }
  }
  streams.forEach(function (s, i) {
    var reading = i < streams.length - 1, writing = i > 0;
    finished(s, { readable: reading, writable: writing }, function (err) { settle(err, --pending === 0); });
    if (reading) s.pipe(streams[i + 1]);
  });
  if (signal) {
    if (signal.aborted) process.nextTick(onAbort); else signal.addEventListener('abort', onAbort);
  }
  return last;
}
// addAbortSignal(signal, stream): the signal's abort destroys the stream.
function addAbortSignal(signal, stream) {
  if (!signal || typeof signal.aborted !== 'boolean') {
    var e = new TypeError('The "signal" argument must be an instance of AbortSignal. Received ' + (signal === null ? 'null' : typeof signal));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  var onAbort = function () { stream.destroy(abortError(signal)); };
  if (signal.aborted) onAbort(); else signal.addEventListener('abort', onAbort);
  return stream;
}
// compose(...streams): one Duplex writing into the first stream and reading
// from the last, with the ones between piped.
function compose() {
  var streams = Array.prototype.slice.call(arguments);
  var first = streams[0], last = streams[streams.length - 1];
  for (var i = 0; i < streams.length - 1; i++) streams[i].pipe(streams[i + 1]);
  var d = new Duplex({
    objectMode: true,
    write: function (chunk, enc, cb) { if (first.write(chunk, enc)) cb(); else first.once('drain', function () { cb(); }); },
    final: function (cb) { first.end(); cb(); },
    read: function () { last.resume(); },
    destroy: function (err, cb) { streams.forEach(function (x) { if (!x.destroyed) x.destroy(err); }); cb(err); }
  });
  last.on('data', function (c) { if (!d.push(c)) last.pause(); });
  last.on('end', function () { d.push(null); });
  streams.forEach(function (x) { x.on('error', function (e) { d.destroy(e); }); });
  return d;
}

// --- stream/consumers: a stream's whole content, in one form ---
var consumers = {
  text: async function text(stream) {
    var dec = new TextDecoder();
    var str = '';
    for await (var chunk of stream) str += typeof chunk === 'string' ? chunk : dec.decode(chunk, { stream: true });
    return str + dec.decode(undefined, { stream: false });
  },
  json: async function json(stream) { return JSON.parse(await consumers.text(stream)); },
  buffer: async function buffer(stream) {
    var chunks = [];
    for await (var chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks);
  },
  arrayBuffer: async function arrayBuffer(stream) {
    var b = await consumers.buffer(stream);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  },
  blob: async function blob(stream) {
    var chunks = [];
    for await (var chunk of stream) chunks.push(chunk);
    return new Blob(chunks);
  }
};

Stream.Stream = Stream;
Stream.Readable = Readable;
Stream.Writable = Writable;
Stream.Duplex = Duplex;
Stream.Transform = Transform;
Stream.PassThrough = PassThrough;
Stream.pipeline = pipeline;
Stream.finished = finished;
Stream.addAbortSignal = addAbortSignal;
Stream.compose = compose;
Stream.isErrored = function (s) { return !!(s && (s._readableState || s._writableState || {}).errored); };
Stream.isReadable = function (s) { return !!(s && s._readableState && s.readable !== false && !s.destroyed && !s._readableState.endEmitted); };
Stream.isDisturbed = function (s) { return !!(s && s._readableState && (s._readableState.flowing !== null || s._readableState.endEmitted)); };
// require('stream/consumers') (the loader's alias reads it here; node has no such property).
Object.defineProperty(Stream, 'consumers', { value: consumers, enumerable: false });
Stream.promises = {
  pipeline: function () {
    var args = Array.prototype.slice.call(arguments);
    return new Promise(function (resolve, reject) {
      pipeline.apply(null, args.concat(function (e, v) { if (e) reject(e); else resolve(v); }));
    });
  },
  finished: function (stream, opts) {
    return new Promise(function (resolve, reject) { finished(stream, opts || {}, function (e) { if (e) reject(e); else resolve(); }); });
  }
};
module.exports = Stream;

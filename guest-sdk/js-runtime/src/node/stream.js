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
Readable.prototype.unshift = function (chunk) {
  var s = this._readableState;
  s.buffer.unshift(chunk);
  s.length += chunkLength(s, chunk);
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
  this._destroy(err || null, function (e) {
    process.nextTick(function () {
      if (e) self.emit('error', e);
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
    queue: [], length: 0, writing: false, ending: false, ended: false, finished: false, needDrain: false,
    objectMode: !!(opts.objectMode || opts.writableObjectMode), highWaterMark: opts.highWaterMark === undefined ? (opts.objectMode ? 16 : 16384) : opts.highWaterMark,
    decodeStrings: opts.decodeStrings !== false, destroyed: false, defaultEncoding: opts.defaultEncoding || 'utf8'
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
    if (s.ending) {
      var e = new Error('write after end');
      e.code = 'ERR_STREAM_WRITE_AFTER_END';
      var self = this;
      process.nextTick(function () { if (cb) cb(e); self.emit('error', e); });
      return false;
    }
    if (chunk === null) { var n = new TypeError('May not write null values to stream'); n.code = 'ERR_STREAM_NULL_VALUES'; throw n; }
    enc = enc || s.defaultEncoding;
    if (!s.objectMode && typeof chunk === 'string' && s.decodeStrings) { chunk = Buffer.from(chunk, enc); enc = 'buffer'; }
    else if (!s.objectMode && chunk instanceof Uint8Array) enc = 'buffer';
    s.queue.push({ chunk: chunk, encoding: enc, cb: cb });
    s.length += s.objectMode ? 1 : chunk.length;
    var ok = s.length < s.highWaterMark;
    if (!ok) s.needDrain = true;
    drainQueue(this);
    return ok;
  },
  end: function (chunk, enc, cb) {
    if (typeof chunk === 'function') { cb = chunk; chunk = null; }
    else if (typeof enc === 'function') { cb = enc; enc = null; }
    if (chunk !== null && chunk !== undefined) this.write(chunk, enc);
    var s = this._writableState;
    if (cb) this.once('finish', cb);
    if (!s.ending) { s.ending = true; drainQueue(this); }
    return this;
  },
  cork: function () {},
  uncork: function () {},
  setDefaultEncoding: function (enc) { this._writableState.defaultEncoding = enc; return this; },
  _final: function (cb) { cb(); }
};
function drainQueue(w) {
  var s = w._writableState;
  if (s.writing || s.destroyed) return;
  if (s.queue.length) {
    var item = s.queue.shift();
    s.writing = true;
    var sync = true;
    w._write(item.chunk, item.encoding, function (err) {
      var after = function () {
        s.writing = false;
        s.length -= s.objectMode ? 1 : item.chunk.length;
        if (item.cb) item.cb(err || null);
        if (err) { w.destroy(err); return; }
        if (s.needDrain && s.length === 0 && !s.ending) { s.needDrain = false; w.emit('drain'); }
        drainQueue(w);
      };
      if (sync) process.nextTick(after); else after();
    });
    sync = false;
    return;
  }
  if (s.ending && !s.ended) {
    s.ended = true;
    w._final(function (err) {
      process.nextTick(function () {
        if (err) { w.destroy(err); return; }
        s.finished = true;
        w.writable = false;
        w.emit('finish');
        if (!w._readableState || w._readableState.endEmitted) w.destroy();
      });
    });
  }
}
Object.keys(writableMethods).forEach(function (k) { Writable.prototype[k] = writableMethods[k]; });
Writable.prototype.destroy = function (err) {
  var s = this._writableState;
  if (s.destroyed) return this;
  s.destroyed = true;
  this.destroyed = true;
  var self = this;
  this._destroy(err || null, function (e) {
    process.nextTick(function () { if (e) self.emit('error', e); self.emit('close'); });
  });
  return this;
};
Writable.prototype._destroy = function (err, cb) { cb(err); };
Object.defineProperty(Writable.prototype, 'writableEnded', { get: function () { return this._writableState.ending; } });
Object.defineProperty(Writable.prototype, 'writableFinished', { get: function () { return this._writableState.finished; } });
Object.defineProperty(Writable.prototype, 'writableLength', { get: function () { return this._writableState.length; } });

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
['writableEnded', 'writableFinished', 'writableLength'].forEach(function (k) {
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
function finished(stream, opts, cb) {
  if (typeof opts === 'function') { cb = opts; opts = {}; }
  var called = false;
  function done(err) { if (!called) { called = true; cb(err); } }
  stream.on('error', done);
  stream.on('end', function () { if (!stream._writableState || stream._writableState.finished) done(); });
  stream.on('finish', function () { if (!stream._readableState || stream._readableState.endEmitted) done(); });
  stream.on('close', function () {
    var r = stream._readableState, w = stream._writableState;
    if ((r && !r.endEmitted && !r.ended) || (w && !w.finished)) {
      var e = new Error('Premature close');
      e.code = 'ERR_STREAM_PREMATURE_CLOSE';
      done(e);
    } else done();
  });
  return function () {};
}
function pipeline() {
  var streams = Array.prototype.slice.call(arguments);
  var cb = typeof streams[streams.length - 1] === 'function' ? streams.pop() : function (e) { if (e) throw e; };
  if (Array.isArray(streams[0])) streams = streams[0];
  var failed = false;
  streams.forEach(function (s, i) {
    s.on('error', function (e) {
      if (failed) return;
      failed = true;
      streams.forEach(function (x) { if (x !== s && x.destroy) x.destroy(); });
      cb(e);
    });
    if (i < streams.length - 1) s.pipe(streams[i + 1]);
  });
  var last = streams[streams.length - 1];
  finished(last, function (e) { if (!failed) { failed = !!e; cb(e); } });
  return last;
}

Stream.Stream = Stream;
Stream.Readable = Readable;
Stream.Writable = Writable;
Stream.Duplex = Duplex;
Stream.Transform = Transform;
Stream.PassThrough = PassThrough;
Stream.pipeline = pipeline;
Stream.finished = finished;
Stream.promises = {
  pipeline: function () {
    var args = Array.prototype.slice.call(arguments);
    return new Promise(function (resolve, reject) {
      pipeline.apply(null, args.concat(function (e) { if (e) reject(e); else resolve(); }));
    });
  },
  finished: function (stream, opts) {
    return new Promise(function (resolve, reject) { finished(stream, opts || {}, function (e) { if (e) reject(e); else resolve(); }); });
  }
};
module.exports = Stream;

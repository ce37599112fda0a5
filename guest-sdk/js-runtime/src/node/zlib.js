// node:zlib — gzip, deflate (zlib and raw), unzip and brotli over the native
// codecs (zlib.rs): the sync, callback (and so util.promisify) and stream
// forms, zlib.constants and crc32. A stream keeps its input and compresses or
// decompresses it when it ends (the codecs are whole-buffer), so output comes
// at the end, not chunk by chunk.
'use strict';

var Buffer = require('buffer').Buffer;
var Transform = require('stream').Transform;

var constants = {
  Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
  Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1,
  Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0, ZLIB_VERNUM: 4865,
  DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4, DEFLATERAW: 5, INFLATERAW: 6, UNZIP: 7,
  BROTLI_DECODE: 8, BROTLI_ENCODE: 9,
  Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15, Z_DEFAULT_WINDOWBITS: 15,
  Z_MIN_CHUNK: 64, Z_MAX_CHUNK: Infinity, Z_DEFAULT_CHUNK: 16384,
  Z_MIN_MEMLEVEL: 1, Z_MAX_MEMLEVEL: 9, Z_DEFAULT_MEMLEVEL: 8,
  Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9, Z_DEFAULT_LEVEL: -1,
  BROTLI_OPERATION_PROCESS: 0, BROTLI_OPERATION_FLUSH: 1, BROTLI_OPERATION_FINISH: 2,
  BROTLI_OPERATION_EMIT_METADATA: 3, BROTLI_PARAM_MODE: 0, BROTLI_MODE_GENERIC: 0, BROTLI_MODE_TEXT: 1,
  BROTLI_MODE_FONT: 2, BROTLI_DEFAULT_MODE: 0, BROTLI_PARAM_QUALITY: 1, BROTLI_MIN_QUALITY: 0,
  BROTLI_MAX_QUALITY: 11, BROTLI_DEFAULT_QUALITY: 11, BROTLI_PARAM_LGWIN: 2, BROTLI_MIN_WINDOW_BITS: 10,
  BROTLI_MAX_WINDOW_BITS: 24, BROTLI_DEFAULT_WINDOW: 22, BROTLI_PARAM_LGBLOCK: 3,
  BROTLI_PARAM_SIZE_HINT: 5, BROTLI_DECODER_RESULT_ERROR: 0, BROTLI_DECODER_RESULT_SUCCESS: 1
};
var ERRNO = { Z_DATA_ERROR: -3, Z_BUF_ERROR: -5, Z_STREAM_ERROR: -2 };

function invalidArg(name, value) {
  var e = new TypeError('The "' + name + '" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer. Received ' +
    (value === null ? 'null' : typeof value));
  e.code = 'ERR_INVALID_ARG_TYPE';
  return e;
}
function input(data) {
  if (typeof data === 'string') return Buffer.from(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalidArg('buffer', data);
}
function levelOf(mode, opts) {
  if (!opts) return -1;
  if (mode === 'brotliCompress') {
    var q = opts.params && opts.params[constants.BROTLI_PARAM_QUALITY];
    return typeof q === 'number' ? q : -1;
  }
  return typeof opts.level === 'number' ? opts.level : -1;
}
function zlibError(text) {
  var colon = text.indexOf(':');
  var code = text.slice(0, colon), e = new Error(text.slice(colon + 1));
  e.errno = ERRNO[code] !== undefined ? ERRNO[code] : -1;
  e.code = code;
  return e;
}
// options.maxOutputLength, checked as node checks it.
function maxOutput(opts) {
  var max = opts && opts.maxOutputLength;
  if (max === undefined) return Infinity;
  if (typeof max !== 'number') {
    var t = new TypeError('The "options.maxOutputLength" property must be of type number. Received ' +
      (max === null ? 'null' : 'type ' + typeof max + " (" + (typeof max === 'string' ? "'" + max + "'" : String(max)) + ')'));
    t.code = 'ERR_INVALID_ARG_TYPE';
    throw t;
  }
  if (!(max >= 1 && max <= 4294967296)) {
    var r = new RangeError('The value of "options.maxOutputLength" is out of range. It must be >= 1 and <= 4294967296. Received ' + max);
    r.code = 'ERR_OUT_OF_RANGE';
    throw r;
  }
  return max;
}
function run(mode, data, opts) {
  var max = maxOutput(opts);
  var out = __fngate_zlib(mode, input(data), levelOf(mode, opts));
  if (typeof out === 'string') throw zlibError(out);
  if (out.byteLength > max) {
    var e = new RangeError('Cannot create a Buffer larger than ' + max + ' bytes');
    e.code = 'ERR_BUFFER_TOO_LARGE';
    throw e;
  }
  var buf = Buffer.from(out);
  if (opts && opts.info) return { buffer: buf, engine: null };
  return buf;
}

// One stream class per mode, named as Node names them.
function makeStream(name, mode) {
  function ZlibStream(opts) {
    if (!(this instanceof ZlibStream)) return new ZlibStream(opts);
    Transform.call(this, opts);
    this._opts = opts || {};
    this._chunks = [];
    this.bytesWritten = 0;
  }
  Object.setPrototypeOf(ZlibStream.prototype, Transform.prototype);
  Object.setPrototypeOf(ZlibStream, Transform);
  Object.defineProperty(ZlibStream, 'name', { value: name });
  ZlibStream.prototype._transform = function (chunk, enc, cb) {
    chunk = typeof chunk === 'string' ? Buffer.from(chunk, enc) : chunk;
    this._chunks.push(chunk);
    this.bytesWritten += chunk.length;
    cb();
  };
  ZlibStream.prototype._flush = function (cb) {
    var out;
    try { out = run(mode, Buffer.concat(this._chunks), this._opts); } catch (e) { cb(e); return; }
    this._chunks = [];
    if (out.length) this.push(out);
    cb();
  };
  ZlibStream.prototype.flush = function (kind, cb) { if (typeof kind === 'function') cb = kind; if (cb) process.nextTick(cb); };
  ZlibStream.prototype.params = function (level, strategy, cb) { if (cb) process.nextTick(cb); };
  ZlibStream.prototype.reset = function () { this._chunks = []; };
  ZlibStream.prototype.close = function (cb) { if (cb) process.nextTick(cb); this.destroy(); };
  return ZlibStream;
}

var MODES = {
  Deflate: 'deflate', Inflate: 'inflate', Gzip: 'gzip', Gunzip: 'gunzip', DeflateRaw: 'deflateRaw',
  InflateRaw: 'inflateRaw', Unzip: 'unzip', BrotliCompress: 'brotliCompress', BrotliDecompress: 'brotliDecompress'
};

Object.keys(MODES).forEach(function (name) {
  var mode = MODES[name];
  var Stream = makeStream(name, mode);
  exports[name] = Stream;
  exports['create' + name] = function (opts) { return new Stream(opts); };
  exports[mode + 'Sync'] = function (data, opts) { return run(mode, data, opts); };
  exports[mode] = function (data, opts, cb) {
    if (typeof opts === 'function') { cb = opts; opts = {}; }
    if (typeof cb !== 'function') {
      var e = new TypeError('The "callback" argument must be of type function. Received ' + (cb === undefined ? 'undefined' : typeof cb));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    var result, error = null;
    try { result = run(mode, data, opts); } catch (err) { error = err; }
    // As Node's thread pool answers: later, never before the caller returns.
    setImmediate(function () { if (error) cb(error); else cb(null, result); });
  };
});

exports.crc32 = function crc32(data, value) {
  return __fngate_crc32(input(data), value === undefined ? 0 : value);
};
exports.constants = constants;
Object.keys(constants).forEach(function (k) { if (/^Z_/.test(k)) exports[k] = constants[k]; });
exports.codes = {
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
  '0': 'Z_OK', '1': 'Z_STREAM_END', '2': 'Z_NEED_DICT', '-1': 'Z_ERRNO', '-2': 'Z_STREAM_ERROR',
  '-3': 'Z_DATA_ERROR', '-4': 'Z_MEM_ERROR', '-5': 'Z_BUF_ERROR', '-6': 'Z_VERSION_ERROR'
};

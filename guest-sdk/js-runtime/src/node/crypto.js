// node:crypto — createHash and createHmac (md5, sha1, sha224, sha256, sha384,
// sha512; RustCrypto underneath), randomBytes, randomUUID, randomInt,
// timingSafeEqual, and the web `crypto.getRandomValues`.
'use strict';

var Buffer = require('buffer').Buffer;
var ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];

function toBytes(data, enc, name) {
  if (typeof data === 'string') return Buffer.from(data, enc);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  var e = new TypeError('The "' + name + '" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ' +
    (data === null ? 'null' : 'type ' + typeof data));
  e.code = 'ERR_INVALID_ARG_TYPE';
  throw e;
}

function output(arrayBuffer, enc) {
  var b = Buffer.from(arrayBuffer);
  return enc === undefined || enc === 'buffer' ? b : b.toString(enc);
}

function unknownDigest() {
  var e = new Error('Digest method not supported');
  e.code = 'ERR_CRYPTO_INVALID_DIGEST';
  return e;
}

// Chunks are kept and hashed once at digest(): the natives hash whole inputs.
function Hash(algorithm, key) {
  var alg = String(algorithm).toLowerCase().replace(/^rsa-/, '').replace(/^sha-/, 'sha');
  if (ALGORITHMS.indexOf(alg) < 0) throw unknownDigest();
  this._alg = alg;
  this._key = key;
  this._chunks = [];
  this._done = false;
}
Hash.prototype.update = function (data, enc) {
  if (this._done) { var e = new Error('Digest already called'); e.code = 'ERR_CRYPTO_HASH_FINALIZED'; throw e; }
  this._chunks.push(Buffer.from(toBytes(data, enc, 'data')));
  return this;
};
Hash.prototype.digest = function (enc) {
  if (this._done) { var e = new Error('Digest already called'); e.code = 'ERR_CRYPTO_HASH_FINALIZED'; throw e; }
  this._done = true;
  var data = Buffer.concat(this._chunks);
  var out = this._key === undefined ? __fngate_hash(this._alg, data) : __fngate_hmac(this._alg, this._key, data);
  return output(out, enc);
};
Hash.prototype.copy = function () {
  var h = new Hash(this._alg, this._key);
  h._chunks = this._chunks.slice();
  return h;
};

function randomBytes(size, cb) {
  if (typeof size !== 'number' || !(size >= 0)) {
    var e = new TypeError('The "size" argument must be of type number. Received ' + (size === null ? 'null' : 'type ' + typeof size));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  var b = Buffer.from(__fngate_random_bytes(size));
  if (typeof cb === 'function') { process.nextTick(cb, null, b); return undefined; }
  return b;
}

function randomUUID() {
  var b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  var h = b.toString('hex');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

function randomInt(min, max, cb) {
  if (max === undefined || typeof max === 'function') { cb = max; max = min; min = 0; }
  var span = max - min;
  if (!(span > 0) || span > 281474976710655) {
    var e = new RangeError('The value of "max" is out of range. It must be greater than the value of "min" (' + min + '). Received ' + max);
    e.code = 'ERR_OUT_OF_RANGE';
    throw e;
  }
  // Rejection sampling over 48 bits, as Node does, so every value is equally likely.
  var limit = 281474976710656 - (281474976710656 % span);
  var x;
  do {
    var b = randomBytes(6);
    x = b.readUIntBE(0, 6);
  } while (x >= limit);
  var r = min + (x % span);
  if (typeof cb === 'function') { process.nextTick(cb, null, r); return undefined; }
  return r;
}

function getRandomValues(array) {
  if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
    var e = new TypeError('The data argument must be an integer-type TypedArray');
    e.code = 'ERR_INVALID_ARG_TYPE';
    e.name = 'TypeMismatchError';
    throw e;
  }
  if (array.byteLength > 65536) {
    var q = new RangeError("The ArrayBufferView's byte length (" + array.byteLength + ') exceeds the number of bytes of entropy available via this API (65536)');
    q.name = 'QuotaExceededError';
    throw q;
  }
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(new Uint8Array(__fngate_random_bytes(array.byteLength)));
  return array;
}

function timingSafeEqual(a, b) {
  if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b)) {
    var t = new TypeError('The "buf1" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.');
    t.code = 'ERR_INVALID_ARG_TYPE';
    throw t;
  }
  var x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  var y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  if (x.length !== y.length) {
    var e = new RangeError('Input buffers must have the same byte length');
    e.code = 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH';
    throw e;
  }
  var diff = 0;
  for (var i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

var webcrypto = { getRandomValues: getRandomValues, randomUUID: randomUUID };

module.exports = {
  createHash: function (algorithm) { return new Hash(algorithm); },
  createHmac: function (algorithm, key) {
    if (key && typeof key === 'object' && typeof key.export === 'function') key = key.export();
    return new Hash(algorithm, Buffer.from(toBytes(key, undefined, 'key')));
  },
  getHashes: function () { return ALGORITHMS.slice(); },
  randomBytes: randomBytes,
  pseudoRandomBytes: randomBytes,
  randomFillSync: function (buf, offset, size) {
    offset = offset || 0;
    size = size === undefined ? buf.byteLength - offset : size;
    new Uint8Array(buf.buffer || buf, (buf.byteOffset || 0) + offset, size).set(new Uint8Array(__fngate_random_bytes(size)));
    return buf;
  },
  randomUUID: randomUUID,
  randomInt: randomInt,
  getRandomValues: getRandomValues,
  timingSafeEqual: timingSafeEqual,
  webcrypto: webcrypto,
  constants: {}
};

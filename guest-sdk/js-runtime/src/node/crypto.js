// node:crypto — hashes and HMAC, AES ciphers (cbc, ecb, ctr, gcm), KeyObject
// (secret, RSA, EC P-256/P-384, Ed25519 keys from PEM, DER and JWK), Sign and
// Verify, RSA encryption, PBKDF2, scrypt, HKDF, key generation, random values
// and a web `crypto.subtle` over the same. The computation is native
// (crypto.rs, RustCrypto); this file is Node's objects and errors.
'use strict';

var Buffer = require('buffer').Buffer;
var NATIVE_HASHES = ['md5', 'ripemd160', 'sha1', 'sha224', 'sha256', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512', 'sha384', 'sha512', 'sha512-224', 'sha512-256', 'sm3', 'blake2b512', 'blake2s256', 'shake128', 'shake256'];
// The digests HMAC and the key derivations take (not BLAKE2 or SHAKE).
var MAC_HASHES = NATIVE_HASHES.slice(0, 14);
var HASH_NAMES = ['RSA-MD5', 'RSA-RIPEMD160', 'RSA-SHA1', 'RSA-SHA1-2', 'RSA-SHA224', 'RSA-SHA256', 'RSA-SHA3-224', 'RSA-SHA3-256', 'RSA-SHA3-384', 'RSA-SHA3-512',
  'RSA-SHA384', 'RSA-SHA512', 'RSA-SHA512/224', 'RSA-SHA512/256', 'md5', 'md5WithRSAEncryption', 'ripemd', 'ripemd160', 'ripemd160WithRSA', 'rmd160',
  'sha1', 'sha1WithRSAEncryption', 'sha224', 'sha224WithRSAEncryption', 'sha256', 'sha256WithRSAEncryption', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512',
  'sha384', 'sha384WithRSAEncryption', 'sha512', 'sha512-224', 'sha512-224WithRSAEncryption', 'sha512-256', 'sha512-256WithRSAEncryption', 'sha512WithRSAEncryption',
  'RSA-SM3', 'blake2b512', 'blake2s256', 'shake128', 'shake256', 'sm3', 'sm3WithRSAEncryption', 'ssl3-md5', 'ssl3-sha1'].sort();

// The native name of a Node digest name (any case, RSA- and WithRSAEncryption forms), or null.
function hashName(algorithm) {
  var a = String(algorithm).toLowerCase().replace(/^rsa-/, '').replace(/withrsaencryption$/, '').replace(/withrsa$/, '').replace('/', '-');
  if (a === 'sha-1' || a === 'sha-224' || a === 'sha-256' || a === 'sha-384' || a === 'sha-512') a = a.replace('-', '');
  if (a === 'rmd160' || a === 'ripemd' || a === 'ripemd-160') a = 'ripemd160';
  if (a === 'sha1-2' || a === 'ssl3-sha1') a = 'sha1';
  if (a === 'ssl3-md5') a = 'md5';
  return NATIVE_HASHES.indexOf(a) >= 0 ? a : null;
}

function toBytes(data, enc, name) {
  if (typeof data === 'string') return Buffer.from(data, enc);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw argType(name || 'data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
}

function argType(name, expected, v) {
  var e = new TypeError('The "' + name + '" argument must be ' + expected + '. Received ' +
    (v === null ? 'null' : v === undefined ? 'undefined' : typeof v === 'object' || typeof v === 'function' ? 'an instance of ' + ((v.constructor && v.constructor.name) || 'Object') : 'type ' + typeof v + ' (' + String(v) + ')'));
  e.code = 'ERR_INVALID_ARG_TYPE';
  return e;
}

function coded(Ctor, message, code) {
  var e = new Ctor(message);
  if (code) e.code = code;
  return e;
}

// An OpenSSL-style error as Node gives it: `library`, `reason`, `code`.
function ossl(e) {
  var m = /^error:[0-9A-F]+:([^:]*)::(.*)$/.exec(e && e.message || '');
  if (!m) return e;
  var x = new Error(e.message);
  x.library = m[1];
  x.reason = m[2];
  x.code = 'ERR_OSSL_' + (m[1] === 'Provider routines' || m[1] === 'DECODER routines' || m[1] === 'rsa routines' ? (m[1] === 'rsa routines' ? 'RSA_' : '') : 'EVP_') + m[2].toUpperCase().replace(/ /g, '_');
  return x;
}

function native(f) {
  try { return f(); } catch (e) { throw ossl(e); }
}

function output(arrayBuffer, enc) {
  var b = Buffer.from(arrayBuffer);
  return enc === undefined || enc === 'buffer' ? b : b.toString(enc);
}

function unknownDigest() {
  return new Error('Digest method not supported');
}

// Chunks are kept and hashed once at digest(): the natives hash whole inputs.
function Hash(algorithm, key, options) {
  if (!(this instanceof Hash)) return new Hash(algorithm, key, options);
  var alg = hashName(algorithm);
  if (!alg || (key !== undefined && MAC_HASHES.indexOf(alg) < 0)) {
    if (key !== undefined) throw coded(TypeError, 'Invalid digest: ' + algorithm, 'ERR_CRYPTO_INVALID_DIGEST');
    throw unknownDigest();
  }
  this._length = options && options.outputLength;
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
  var out = this._key !== undefined ? __fngate_hmac(this._alg, this._key, data)
    : this._length === undefined ? __fngate_hash(this._alg, data) : __fngate_hash(this._alg, data, this._length);
  return output(out, enc);
};
Hash.prototype._transform = function (chunk, enc, cb) { this.update(chunk, enc); cb(); };
Hash.prototype._flush = function (cb) { this.push(this.digest()); cb(); };
// crypto.Hmac: a Hash under a key (its own class, as in Node).
function Hmac(algorithm, key, options) {
  if (!(this instanceof Hmac)) return new Hmac(algorithm, key, options);
  if (key === undefined || key === null) throw argType('key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey', key);
  Hash.call(this, algorithm, Buffer.from(secretBytes(key, options && options.encoding, 'key')), options);
}
Object.setPrototypeOf(Hmac.prototype, Hash.prototype);
Hash.prototype.copy = function () {
  var h = new Hash(this._alg, this._key);
  h._length = this._length;
  h._chunks = this._chunks.slice();
  return h;
};

function randomBytes(size, cb) {
  if (typeof size === 'number' && !(size >= 0 && size <= 2147483647)) {
    throw coded(RangeError, 'The value of "size" is out of range. It must be >= 0 && <= 2147483647. Received ' + String(size).replace(/\B(?=(\d{3})+(?!\d))/g, '_'), 'ERR_OUT_OF_RANGE');
  }
  if (typeof size !== 'number') {
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
    var q = new RangeError('The requested length exceeds 65,536 bytes');
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


// --- Ciphers ---

var CIPHERS = {};
[128, 192, 256].forEach(function (bits) {
  var key = bits / 8;
  CIPHERS['aes-' + bits + '-cbc'] = CIPHERS['aes' + bits] = { mode: 'cbc', key: key, iv: 16 };
  CIPHERS['aes-' + bits + '-ecb'] = { mode: 'ecb', key: key, iv: 0 };
  CIPHERS['aes-' + bits + '-ctr'] = { mode: 'ctr', key: key, iv: 16 };
  CIPHERS['aes-' + bits + '-gcm'] = CIPHERS['id-aes' + bits + '-gcm'] = { mode: 'gcm', key: key, iv: 12 };
  CIPHERS['aes-' + bits + '-cfb'] = { mode: 'cfb', key: key, iv: 16, whole: true };
  CIPHERS['aes-' + bits + '-ofb'] = { mode: 'ofb', key: key, iv: 16, whole: true };
});
CIPHERS['des-ede3-cbc'] = CIPHERS['des3'] = { mode: 'des-ede3-cbc', key: 24, iv: 8, block: 8 };
CIPHERS['chacha20-poly1305'] = { mode: 'gcm', alg: 'chacha20-poly1305', key: 32, iv: 12 };

function secretBytes(key, enc, name) {
  if (key instanceof KeyObject) {
    if (key.type !== 'secret') throw coded(TypeError, 'Invalid key object type ' + key.type + ', expected secret.', 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE');
    return key[kData];
  }
  if (isCryptoKey(key)) return key[kKeyObject][kData];
  return toBytes(key, enc, name || 'key');
}

function Cipheriv(name, key, iv, options, decrypt) {
  var spec = CIPHERS[String(name).toLowerCase()];
  if (!spec) throw coded(Error, 'Unknown cipher', 'ERR_CRYPTO_UNKNOWN_CIPHER');
  key = Buffer.from(secretBytes(key));
  if (key.length !== spec.key) throw coded(RangeError, 'Invalid key length', 'ERR_CRYPTO_INVALID_KEYLEN');
  iv = iv === null || iv === undefined ? Buffer.alloc(0) : Buffer.from(toBytes(iv, undefined, 'iv'));
  var ivOk = spec.mode === 'gcm' && !spec.alg ? iv.length === 12 || iv.length === 16 || iv.length === 8 : iv.length === spec.iv;
  if (!ivOk) throw coded(TypeError, 'Invalid initialization vector', 'ERR_CRYPTO_INVALID_IV');
  this._options = options;
  this._spec = spec;
  this._key = key;
  this._iv = iv;
  this._decrypt = decrypt;
  this._pending = Buffer.alloc(0);
  this._pad = true;
  this._offset = 0;
  this._all = [];
  this._aad = Buffer.alloc(0);
  this._tagLength = options && options.authTagLength || 16;
  this._tag = undefined;
  this._state = 'update';
  this._decoder = undefined;
  // GCM's payload is CTR from the counter after J0 (for a 12-byte nonce), so
  // update() can answer at once; the tag is computed at final().
  this._ctrIv = spec.mode === 'gcm' && !spec.alg && iv.length === 12 ? Buffer.concat([iv, Buffer.from([0, 0, 0, 2])]) : null;
  this._block = spec.block || 16;
}

// Hash and Cipheriv are streams, made so only when used as one (Node's
// LazyTransform): the stream state appears on first access.
var Transform = require('stream').Transform;
function lazyTransform(C) {
  Object.setPrototypeOf(C.prototype, Transform.prototype);
  ['_readableState', '_writableState', '_transformState'].forEach(function (prop) {
    Object.defineProperty(C.prototype, prop, {
      configurable: true,
      enumerable: true,
      get: function () { Transform.call(this, this._options); return this[prop]; },
      set: function (v) { Object.defineProperty(this, prop, { value: v, writable: true, configurable: true, enumerable: true }); }
    });
  });
}
lazyTransform(Cipheriv);
lazyTransform(Hash);

function decoded(self, bytes, enc, end) {
  if (enc === undefined || enc === 'buffer') return bytes;
  if (!self._decoder || self._decoder.encoding !== require('buffer').__normEncoding(enc)) {
    self._decoder = new (require('string_decoder').StringDecoder)(enc);
  }
  return end ? self._decoder.end(bytes) : self._decoder.write(bytes);
}

Cipheriv.prototype.update = function (data, inEnc, outEnc) {
  if (this._state !== 'update') throw new Error('Trying to add data in unsupported state');
  var bytes = Buffer.from(toBytes(data, inEnc, 'data'));
  var spec = this._spec, self = this, out;
  if (spec.whole) {
    this._all.push(bytes);
    out = Buffer.alloc(0);
  } else if (spec.mode === 'ctr' || spec.mode === 'gcm') {
    if (spec.mode === 'gcm') this._all.push(bytes);
    if (spec.mode === 'gcm' && !this._ctrIv) out = Buffer.alloc(0);
    else {
      out = Buffer.from(native(function () { return __fngate_cipher('ctr', self._key, self._ctrIv || self._iv, bytes, false, self._offset); }));
      this._offset += bytes.length;
    }
  } else {
    var all = this._pending.length ? Buffer.concat([this._pending, bytes]) : bytes;
    var size = this._block;
    var keep = all.length % size;
    if (this._decrypt && this._pad && keep === 0 && all.length > 0) keep = size;
    var whole = all.subarray(0, all.length - keep);
    this._pending = Buffer.from(all.subarray(all.length - keep));
    out = whole.length ? Buffer.from(native(function () { return __fngate_cipher(spec.mode, self._key, self._iv, whole, self._decrypt); })) : Buffer.alloc(0);
    if (spec.mode !== 'ecb' && whole.length) this._iv = Buffer.from((this._decrypt ? whole : out).subarray(whole.length - size));
  }
  return decoded(this, out, outEnc, false);
};

function osslError(message) {
  return ossl(new Error(message));
}

Cipheriv.prototype.final = function (outEnc) {
  if (this._state !== 'update') throw coded(Error, 'Invalid state', 'ERR_CRYPTO_INVALID_STATE');
  this._state = 'final';
  var spec = this._spec, self = this, out = Buffer.alloc(0);
  if (spec.mode === 'gcm') {
    var all = Buffer.concat(this._all);
    if (this._decrypt) {
      var plain = this._tag && native(function () { return __fngate_gcm(self._key, self._iv, all, true, { aad: self._aad, tag: self._tag, alg: spec.alg }); });
      if (!plain) throw new Error('Unsupported state or unable to authenticate data');
      if (!this._ctrIv) out = Buffer.from(plain);
    } else {
      var sealed = Buffer.from(native(function () { return __fngate_gcm(self._key, self._iv, all, false, { aad: self._aad, tagLength: self._tagLength, alg: spec.alg }); }));
      this._tag = Buffer.from(sealed.subarray(all.length));
      if (!this._ctrIv) out = Buffer.from(sealed.subarray(0, all.length));
    }
  } else if (spec.whole) {
    var whole = Buffer.concat(this._all);
    out = Buffer.from(native(function () { return __fngate_cipher(spec.mode, self._key, self._iv, whole, self._decrypt); }));
  } else if (spec.mode !== 'ctr') {
    var rest = this._pending, size = this._block;
    if (!this._decrypt && this._pad) {
      var n = size - (rest.length % size);
      rest = Buffer.concat([rest, Buffer.alloc(n, n)]);
    }
    if (rest.length % size !== 0 || (this._decrypt && this._pad && rest.length === 0)) {
      throw osslError('error:1C80006B:Provider routines::wrong final block length');
    }
    if (rest.length) out = Buffer.from(native(function () { return __fngate_cipher(spec.mode, self._key, self._iv, rest, self._decrypt); }));
    if (this._decrypt && this._pad) {
      var p = out[out.length - 1];
      var ok = p >= 1 && p <= size;
      for (var i = out.length - p; ok && i < out.length; i++) ok = out[i] === p;
      if (!ok) throw osslError('error:1C800064:Provider routines::bad decrypt');
      out = out.subarray(0, out.length - p);
    }
  }
  return decoded(this, out, outEnc, true);
};
Cipheriv.prototype.setAutoPadding = function (ap) { this._pad = ap !== false; return this; };
Cipheriv.prototype.setAAD = function (aad) { this._aad = Buffer.from(toBytes(aad, undefined, 'buffer')); return this; };
Cipheriv.prototype.getAuthTag = function () {
  if (this._decrypt || this._state !== 'final' || !this._tag) throw coded(Error, 'Invalid state for operation getAuthTag', 'ERR_CRYPTO_INVALID_STATE');
  return this._tag;
};
Cipheriv.prototype.setAuthTag = function (tag) {
  if (!this._decrypt || this._state !== 'update') throw coded(Error, 'Invalid state for operation setAuthTag', 'ERR_CRYPTO_INVALID_STATE');
  this._tag = Buffer.from(toBytes(tag, undefined, 'buffer'));
  return this;
};
Cipheriv.prototype._transform = function (chunk, enc, cb) { this.push(this.update(chunk, enc)); cb(); };
Cipheriv.prototype._flush = function (cb) {
  try { this.push(this.final()); } catch (e) { cb(e); return; }
  cb();
};

function createCipheriv(name, key, iv, options) { return new Cipheriv(name, key, iv, options, false); }
function createDecipheriv(name, key, iv, options) { return new Cipheriv(name, key, iv, options, true); }

// --- Keys ---

var kKeyType = Symbol('kKeyType');
var kData = Symbol('kData');
var kInfo = Symbol('kInfo');
// Only this module makes KeyObjects (Node's need a native handle).
var kHandle = Symbol('kHandle');
function handle(bytes) { var h = {}; h[kHandle] = bytes; return h; }

class KeyObject {
  constructor(type, handle) {
    if (type !== 'secret' && type !== 'public' && type !== 'private') throw coded(TypeError, 'The argument \'type\' is invalid. Received \'' + type + '\'', 'ERR_INVALID_ARG_VALUE');
    if (handle === null || typeof handle !== 'object' || !(kHandle in handle)) throw argType('handle', 'of type object', handle);
    this[kKeyType] = type;
    Object.defineProperty(this, kData, { value: handle[kHandle], writable: true });
  }
  get type() { return this[kKeyType]; }
  get [Symbol.toStringTag]() { return 'KeyObject'; }
  equals(other) {
    if (!(other instanceof KeyObject)) throw argType('otherKeyObject', 'an instance of KeyObject', other);
    if (other.type !== this.type) return false;
    var a = this[kData], b = other[kData];
    return a.length === b.length && timingSafeEqual(a, b);
  }
  static from(key) {
    if (!isCryptoKey(key)) throw argType('key', 'an instance of CryptoKey', key);
    return key[kKeyObject];
  }
}

class SecretKeyObject extends KeyObject {
  constructor(bytes) { super('secret', handle(bytes)); }
  get symmetricKeySize() { return this[kData].length; }
  export(options) {
    var format = options && options.format;
    if (format === 'jwk') return { kty: 'oct', k: this[kData].toString('base64url') };
    if (format !== undefined && format !== 'buffer') {
      throw coded(TypeError, "The property 'options.format' must be one of: undefined, 'buffer', 'jwk'. Received " + (typeof format === 'string' ? "'" + format + "'" : String(format)), 'ERR_INVALID_ARG_VALUE');
    }
    return Buffer.from(this[kData]);
  }
}

class AsymmetricKeyObject extends KeyObject {
  get asymmetricKeyType() { return this[kInfo].asymmetricKeyType; }
  get asymmetricKeyDetails() {
    var d = this[kInfo].asymmetricKeyDetails;
    var copy = {};
    for (var k in d) copy[k] = k === 'publicExponent' ? BigInt(d[k]) : d[k];
    return copy;
  }
  export(options) {
    var format = options && options.format || 'pem';
    var type = options && options.type;
    var priv = this.type === 'private';
    if (format !== 'jwk' && type === undefined) throw coded(TypeError, 'The property \'options.type\' is invalid. Received undefined', 'ERR_INVALID_ARG_VALUE');
    var der = this[kData];
    var pass = options && options.cipher !== undefined && options.passphrase !== undefined ? toBytes(options.passphrase) : undefined;
    var r = native(function () { return __fngate_key_export(der, priv, format, type || (priv ? 'pkcs8' : 'spki'), pass); });
    return r instanceof ArrayBuffer ? Buffer.from(r) : r;
  }
}
class PublicKeyObject extends AsymmetricKeyObject { constructor(info) { super('public', handle(Buffer.from(info.der))); Object.defineProperty(this, kInfo, { value: info }); } }
class PrivateKeyObject extends AsymmetricKeyObject { constructor(info) { super('private', handle(Buffer.from(info.der))); Object.defineProperty(this, kInfo, { value: info }); } }

function createSecretKey(key, encoding) {
  if (typeof key === 'string') key = Buffer.from(key, encoding);
  else if (!ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer)) throw argType('key', 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView', key);
  return new SecretKeyObject(Buffer.from(toBytes(key)));
}

// A key from what createPrivateKey/createPublicKey accept: PEM text or bytes, or {key, format, type, passphrase, encoding}.
function parseKey(input, priv) {
  var opts = {};
  if (input && typeof input === 'object' && !ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer) && !(input instanceof KeyObject)) {
    opts = input;
    input = input.key;
  }
  if (input instanceof KeyObject) {
    if (input.type === 'secret') throw coded(TypeError, 'Invalid key object type secret, expected ' + (priv ? 'private' : 'public') + '.', 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE');
    if (priv && input.type !== 'private') throw coded(TypeError, 'Invalid key object type public, expected private.', 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE');
    if (priv || input.type === 'public') return input;
    var own = input[kData];
    return new PublicKeyObject(native(function () { return __fngate_key(own, { format: 'der', type: 'pkcs8', private: false }); }));
  }
  if (opts.format === 'jwk') return fromJwk(input, priv);
  if (typeof input !== 'string' && !ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer)) {
    throw argType('key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey', input);
  }
  var data = typeof input === 'string' ? Buffer.from(input, opts.encoding) : toBytes(input);
  var pass = opts.passphrase === undefined ? undefined : toBytes(opts.passphrase);
  var info = native(function () { return __fngate_key(data, { format: opts.format || 'pem', type: opts.type, passphrase: pass, private: priv }); });
  return priv ? new PrivateKeyObject(info) : new PublicKeyObject(info);
}

// A JWK as a KeyObject, through its DER (built here for RSA and EC from the
// fields; the native checks it).
function fromJwk(jwk, priv) {
  if (!jwk || typeof jwk !== 'object') throw argType('key.key', 'of type object', jwk);
  if (jwk.kty === 'oct') return createSecretKey(Buffer.from(jwk.k, 'base64url'));
  var der = jwkToDer(jwk, priv);
  var info = native(function () { return __fngate_key(der, { format: 'der', type: priv ? 'pkcs8' : 'spki', private: priv }); });
  return priv ? new PrivateKeyObject(info) : new PublicKeyObject(info);
}

// Minimal DER writing for JWK import.
function derLen(n) { return n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 255]; }
function der(tag, content) { return Buffer.concat([Buffer.from([tag].concat(derLen(content.length))), content]); }
function derInt(b) { b = Buffer.from(b); var i = 0; while (i < b.length - 1 && b[i] === 0) i++; b = b.subarray(i); if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]); return der(0x02, b); }
function derSeq() { return der(0x30, Buffer.concat(Array.prototype.slice.call(arguments))); }
var OID = {
  rsa: Buffer.from('06092a864886f70d010101', 'hex'), ec: Buffer.from('06072a8648ce3d0201', 'hex'),
  'P-256': Buffer.from('06082a8648ce3d030107', 'hex'), 'P-384': Buffer.from('06052b81040022', 'hex'), ed25519: Buffer.from('06032b6570', 'hex')
};
function jwkToDer(j, priv) {
  var b = function (s) { return Buffer.from(s || '', 'base64url'); };
  var NULL = Buffer.from('0500', 'hex');
  if (j.kty === 'RSA') {
    if (!priv) return derSeq(derSeq(OID.rsa, NULL), der(0x03, Buffer.concat([Buffer.from([0]), derSeq(derInt(b(j.n)), derInt(b(j.e)))])));
    var rsaKey = derSeq(derInt([0]), derInt(b(j.n)), derInt(b(j.e)), derInt(b(j.d)), derInt(b(j.p)), derInt(b(j.q)), derInt(b(j.dp)), derInt(b(j.dq)), derInt(b(j.qi)));
    return derSeq(derInt([0]), derSeq(OID.rsa, NULL), der(0x04, rsaKey));
  }
  if (j.kty === 'EC' && OID[j.crv]) {
    var point = Buffer.concat([Buffer.from([4]), b(j.x), b(j.y)]);
    if (!priv) return derSeq(derSeq(OID.ec, OID[j.crv]), der(0x03, Buffer.concat([Buffer.from([0]), point])));
    var ecKey = derSeq(derInt([1]), der(0x04, b(j.d)), der(0xa1, der(0x03, Buffer.concat([Buffer.from([0]), point]))));
    return derSeq(derInt([0]), derSeq(OID.ec, OID[j.crv]), der(0x04, ecKey));
  }
  if (j.kty === 'OKP' && j.crv === 'Ed25519') {
    if (!priv) return derSeq(derSeq(OID.ed25519), der(0x03, Buffer.concat([Buffer.from([0]), b(j.x)])));
    return derSeq(derInt([0]), derSeq(OID.ed25519), der(0x04, der(0x04, b(j.d))));
  }
  throw coded(TypeError, 'Invalid JWK data', 'ERR_CRYPTO_INVALID_JWK');
}

function createPrivateKey(key) { return parseKey(key, true); }
function createPublicKey(key) { return parseKey(key, false); }

// The key to sign with (private) or verify with (public or private), and the options given beside it.
function signingKey(key, priv) {
  var opts = key && typeof key === 'object' && !(key instanceof KeyObject) && !ArrayBuffer.isView(key) && !isCryptoKey(key) ? key : {};
  if (isCryptoKey(key)) key = key[kKeyObject];
  var k;
  if (key instanceof KeyObject && key.type !== 'secret') k = key;
  else if (priv) k = parseKey(key, true);
  else {
    // A private key, a certificate or a public key all verify.
    try { k = parseKey(key, true); } catch (e) { k = parseKey(key, false); }
  }
  return { der: k[kData], private: k.type === 'private', options: { padding: opts.padding, saltLength: opts.saltLength, dsaEncoding: opts.dsaEncoding }, key: k };
}

function Sign(algorithm, verify) {
  this._alg = algorithm === null || algorithm === undefined ? null : hashName(algorithm);
  if (algorithm !== null && algorithm !== undefined && !this._alg) throw coded(TypeError, 'Invalid digest', 'ERR_CRYPTO_INVALID_DIGEST');
  this._chunks = [];
  this._verify = verify;
}
Sign.prototype.update = function (data, enc) { this._chunks.push(Buffer.from(toBytes(data, enc, 'data'))); return this; };
Sign.prototype.write = function (data, enc, cb) { this.update(data, typeof enc === 'string' ? enc : undefined); if (typeof enc === 'function') enc(); else if (typeof cb === 'function') cb(); return true; };
Sign.prototype.end = function (data, enc) { if (data !== undefined && typeof data !== 'function') this.update(data, enc); return this; };
Sign.prototype.sign = function (key, enc) {
  return output(signWith(this._alg, Buffer.concat(this._chunks), key), enc);
};
Sign.prototype.verify = function (key, signature, enc) {
  return verifyWith(this._alg, Buffer.concat(this._chunks), key, typeof signature === 'string' ? Buffer.from(signature, enc) : toBytes(signature));
};

function signWith(alg, data, key) {
  var k = signingKey(key, true);
  if (alg && (k.key.asymmetricKeyType === 'ed25519' || k.key.asymmetricKeyType === 'x25519')) throw ossl(new Error('error:1C80007A:Provider routines::invalid digest'));
  return native(function () { return __fngate_sign(alg, k.der, data, k.options); });
}
function verifyWith(alg, data, key, signature) {
  var k = signingKey(key, false);
  return native(function () { return __fngate_verify(alg, k.der, k.private, data, signature, k.options); });
}

function cryptoSign(algorithm, data, key, cb) {
  var alg = algorithm === null || algorithm === undefined ? null : hashName(algorithm);
  if (algorithm && !alg) throw coded(TypeError, 'Invalid digest', 'ERR_CRYPTO_INVALID_DIGEST');
  var r = Buffer.from(signWith(alg, toBytes(data), key));
  if (typeof cb === 'function') { process.nextTick(cb, null, r); return undefined; }
  return r;
}
function cryptoVerify(algorithm, data, key, signature, cb) {
  var alg = algorithm === null || algorithm === undefined ? null : hashName(algorithm);
  if (algorithm && !alg) throw coded(TypeError, 'Invalid digest', 'ERR_CRYPTO_INVALID_DIGEST');
  var r = verifyWith(alg, toBytes(data), key, toBytes(signature));
  if (typeof cb === 'function') { process.nextTick(cb, null, r); return undefined; }
  return r;
}

function rsaCrypt(op, key, buffer, priv) {
  var opts = key && typeof key === 'object' && !(key instanceof KeyObject) && !ArrayBuffer.isView(key) ? key : {};
  var k = signingKey(key, priv);
  var padding = opts.padding === undefined ? (op === 'privateEncrypt' || op === 'publicDecrypt' ? 1 : 4) : opts.padding;
  var data = toBytes(buffer, opts.encoding, 'buffer');
  if (op === 'privateDecrypt' && padding === 1 && !opts.__allowPkcs1) {
    throw coded(TypeError, 'RSA_PKCS1_PADDING is no longer supported for private decryption, this can be reverted with --security-revert=CVE-2023-46809', 'ERR_INVALID_ARG_VALUE');
  }
  var hash = opts.oaepHash === undefined ? 'sha1' : String(opts.oaepHash);
  return Buffer.from(native(function () { return __fngate_rsa_crypt(op, k.der, k.private, data, padding, hash); }));
}

function unsupported(name) {
  return function () { throw coded(Error, 'crypto.' + name + ' is not supported by fngate', 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM'); };
}

function generateKeyPairSync(type, options) {
  options = options || {};
  var pair = native(function () { return __fngate_key_generate(String(type), options); });
  var priv = new PrivateKeyObject(pair[0]), pub = new PublicKeyObject(pair[1]);
  return {
    publicKey: options.publicKeyEncoding ? pub.export(options.publicKeyEncoding) : pub,
    privateKey: options.privateKeyEncoding ? priv.export(options.privateKeyEncoding) : priv
  };
}
function generateKeySync(type, options) {
  var bits = options && options.length;
  if (type === 'aes' && [128, 192, 256].indexOf(bits) < 0) throw coded(RangeError, 'The property \'options.length\' must be one of: 128, 192, 256. Received ' + bits, 'ERR_INVALID_ARG_VALUE');
  return new SecretKeyObject(randomBytes(Math.floor(bits / 8)));
}

// --- Key derivation ---

function kdfDigest(digest) {
  if (typeof digest !== 'string') throw argType('digest', 'of type string', digest);
  var d = hashName(digest);
  if (!d) throw coded(TypeError, 'Invalid digest: ' + digest, 'ERR_CRYPTO_INVALID_DIGEST');
  return d;
}
function keyBytes(v, name) {
  if (v instanceof KeyObject) return v[kData];
  return toBytes(v, undefined, name);
}
function intRange(name, v, lo, hi) {
  if (typeof v !== 'number') throw argType(name, 'of type number', v);
  if (!Number.isInteger(v)) throw coded(RangeError, 'The value of "' + name + '" is out of range. It must be an integer. Received ' + v, 'ERR_OUT_OF_RANGE');
  if (v < lo || v > hi) throw coded(RangeError, 'The value of "' + name + '" is out of range. It must be >= ' + lo + ' && <= ' + hi + '. Received ' + String(v).replace(/\B(?=(\d{3})+(?!\d))/g, '_'), 'ERR_OUT_OF_RANGE');
}
function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  var d = kdfDigest(digest);
  intRange('iterations', iterations, 1, 2147483647);
  intRange('keylen', keylen, 0, 2147483647);
  var p = { password: keyBytes(password, 'password'), salt: keyBytes(salt, 'salt'), iterations: iterations, keylen: keylen, digest: d };
  return Buffer.from(native(function () { return __fngate_kdf('pbkdf2', p); }));
}
function scryptSync(password, salt, keylen, options) {
  options = options || {};
  var N = options.N || options.cost || 16384, r = options.r || options.blockSize || 8, p = options.p || options.parallelization || 1;
  var maxmem = options.maxmem || 33554432;
  if (N < 2 || (N & (N - 1)) !== 0) throw coded(RangeError, 'Invalid scrypt params', 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS');
  if (128 * N * r > maxmem) throw coded(RangeError, 'Invalid scrypt params: error:030000AC:digital envelope routines::memory limit exceeded', 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS');
  var params = { password: keyBytes(password, 'password'), salt: keyBytes(salt, 'salt'), N: N, r: r, p: p, keylen: keylen };
  return Buffer.from(native(function () { return __fngate_kdf('scrypt', params); }));
}
function hkdfSync(digest, key, salt, info, keylen) {
  var d = kdfDigest(digest);
  var p = { digest: d, key: keyBytes(key, 'ikm'), salt: keyBytes(salt, 'salt'), info: keyBytes(info, 'info'), keylen: keylen };
  var size = __fngate_hash(d, new Uint8Array(0)).byteLength;
  if (keylen > 255 * size) throw coded(RangeError, 'Invalid key length', 'ERR_CRYPTO_INVALID_KEYLEN');
  return native(function () { return __fngate_kdf('hkdf', p); });
}
// The callback form of a sync function taking `arity` arguments before the callback.
function later(f, arity) {
  return function () {
    var args = Array.prototype.slice.call(arguments, 0, arity);
    var cb = arguments[arity];
    if (typeof cb !== 'function') throw argType('callback', 'of type function', cb);
    var r, err = null;
    try { r = f.apply(null, args); } catch (e) { if (e instanceof TypeError || e instanceof RangeError) throw e; err = e; }
    setImmediate(function () { cb(err, r); });
  };
}

// --- Key agreement and primes ---

function encodeOut(buf, enc) { buf = Buffer.from(buf); return enc && enc !== 'buffer' ? buf.toString(enc) : buf; }
function decodeIn(v, enc) { return typeof v === 'string' ? Buffer.from(v, enc) : Buffer.from(toBytes(v)); }

function ECDH(curve) {
  if (!(this instanceof ECDH)) return new ECDH(curve);
  if (typeof curve !== 'string') throw argType('curve', 'of type string', curve);
  if (['prime256v1', 'secp256r1', 'secp384r1', 'secp256k1'].indexOf(curve) < 0) throw coded(TypeError, 'Invalid EC curve name', 'ERR_CRYPTO_INVALID_CURVE');
  this._curve = curve;
  this._private = null;
  this._public = null;
}
ECDH.prototype.generateKeys = function (enc, format) {
  var pair = native(function () { return __fngate_ecdh(this._curve, null, null, false); }.bind(this));
  this._private = Buffer.from(pair[0]);
  this._public = Buffer.from(pair[1]);
  return this.getPublicKey(enc, format);
};
ECDH.prototype.setPrivateKey = function (key, enc) {
  var k = decodeIn(key, enc), self = this;
  var pair = native(function () { return __fngate_ecdh(self._curve, k, null, false); });
  this._private = Buffer.from(pair[0]);
  this._public = Buffer.from(pair[1]);
  return this;
};
ECDH.prototype.getPrivateKey = function (enc) {
  if (!this._private) throw coded(Error, 'Failed to get ECDH private key', 'ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY');
  return encodeOut(this._private, enc);
};
ECDH.prototype.getPublicKey = function (enc, format) {
  if (!this._public) throw new Error('Failed to get ECDH public key');
  var pub = this._public, self = this;
  if (format === 'compressed') pub = Buffer.from(native(function () { return __fngate_ecdh(self._curve, self._private, null, true); })[1]);
  return encodeOut(pub, enc);
};
ECDH.prototype.computeSecret = function (other, inEnc, outEnc) {
  var peer = decodeIn(other, inEnc), self = this;
  var secret = native(function () { return __fngate_ecdh(self._curve, self._private, peer, false); })[0];
  return encodeOut(secret, outEnc);
};

function DiffieHellman(prime, primeEnc, generator, genEnc) {
  if (!(this instanceof DiffieHellman)) return new DiffieHellman(prime, primeEnc, generator, genEnc);
  if (typeof primeEnc !== 'string') { genEnc = generator; generator = primeEnc; primeEnc = undefined; }
  if (typeof prime === 'number') throw coded(Error, 'crypto.createDiffieHellman(bits) is not supported by fngate (generating safe primes)', 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM');
  this._prime = decodeIn(prime, primeEnc);
  this._generator = generator === undefined ? Buffer.from([2]) : typeof generator === 'number' ? Buffer.from([generator]) : decodeIn(generator, genEnc);
  this._private = null;
  this._public = null;
  this.verifyError = 0;
}
DiffieHellman.prototype.generateKeys = function (enc) {
  this._private = randomBytes(this._prime.length);
  this._public = Buffer.from(__fngate_modpow(this._generator, this._private, this._prime));
  return encodeOut(this._public, enc);
};
DiffieHellman.prototype.computeSecret = function (other, inEnc, outEnc) {
  var secret = Buffer.from(__fngate_modpow(decodeIn(other, inEnc), this._private, this._prime));
  var padded = Buffer.alloc(Math.max(0, this._prime.length - secret.length));
  return encodeOut(Buffer.concat([padded, secret]), outEnc);
};
DiffieHellman.prototype.getPrime = function (enc) { return encodeOut(this._prime, enc); };
DiffieHellman.prototype.getGenerator = function (enc) { return encodeOut(this._generator, enc); };
DiffieHellman.prototype.getPublicKey = function (enc) { return encodeOut(this._public, enc); };
DiffieHellman.prototype.getPrivateKey = function (enc) { return encodeOut(this._private, enc); };
DiffieHellman.prototype.setPublicKey = function (k, enc) { this._public = decodeIn(k, enc); return this; };
DiffieHellman.prototype.setPrivateKey = function (k, enc) {
  this._private = decodeIn(k, enc);
  this._public = Buffer.from(__fngate_modpow(this._generator, this._private, this._prime));
  return this;
};

function diffieHellman(options) {
  var priv = options && options.privateKey, pub = options && options.publicKey;
  if (!(priv instanceof KeyObject) || priv.type !== 'private') throw argType('options.privateKey', 'an instance of KeyObject', priv);
  if (!(pub instanceof KeyObject)) throw argType('options.publicKey', 'an instance of KeyObject', pub);
  var pubDer = pub.type === 'private' ? createPublicKey(pub)[kData] : pub[kData];
  return Buffer.from(native(function () { return __fngate_dh(priv[kData], pubDer); }));
}

// Miller-Rabin over BigInt (deterministic bases for 64-bit values, 20 rounds beyond).
function modPow(b, e, m) {
  var r = 1n;
  b %= m;
  while (e > 0n) { if (e & 1n) r = (r * b) % m; e >>= 1n; b = (b * b) % m; }
  return r;
}
function isProbablePrime(n, rounds) {
  if (n < 2n) return false;
  var small = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n];
  for (var i = 0; i < small.length; i++) { if (n === small[i]) return true; if (n % small[i] === 0n) return false; }
  var d = n - 1n, s = 0;
  while ((d & 1n) === 0n) { d >>= 1n; s++; }
  var bases = small.slice();
  for (var k = 0; k < (rounds || 0); k++) bases.push(2n + BigInt('0x' + randomBytes(8).toString('hex')) % (n - 3n));
  outer: for (var j = 0; j < bases.length; j++) {
    var x = modPow(bases[j], d, n);
    if (x === 1n || x === n - 1n) continue;
    for (var t = 1; t < s; t++) { x = (x * x) % n; if (x === n - 1n) continue outer; }
    return false;
  }
  return true;
}
function primeValue(candidate) {
  if (typeof candidate === 'bigint') return candidate;
  var b = Buffer.from(toBytes(candidate, undefined, 'candidate'));
  return b.length ? BigInt('0x' + b.toString('hex')) : 0n;
}
function checkPrimeSync(candidate, options) { return isProbablePrime(primeValue(candidate), options && options.checks); }
function generatePrimeSync(bits, options) {
  for (;;) {
    var b = randomBytes(Math.ceil(bits / 8));
    var n = BigInt('0x' + b.toString('hex')) & ((1n << BigInt(bits)) - 1n);
    n |= (1n << BigInt(bits - 1)) | 1n;
    if (isProbablePrime(n, 20)) {
      if (options && options.bigint) return n;
      var hex = n.toString(16);
      return Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex').buffer;
    }
  }
}

// --- Web Crypto ---

var kKeyObject = Symbol('kKeyObject');
function isCryptoKey(v) { return v !== null && typeof v === 'object' && kKeyObject in v; }
class CryptoKey {
  constructor() { throw coded(TypeError, 'Illegal constructor', 'ERR_ILLEGAL_CONSTRUCTOR'); }
  get type() { return this[kKeyObject].type; }
}
function cryptoKey(keyObject, algorithm, extractable, usages) {
  var k = Object.create(CryptoKey.prototype);
  Object.defineProperty(k, kKeyObject, { value: keyObject });
  Object.defineProperty(k, 'extractable', { value: !!extractable, enumerable: true });
  Object.defineProperty(k, 'algorithm', { value: algorithm, enumerable: true });
  Object.defineProperty(k, 'usages', { value: usages.slice(), enumerable: true });
  return k;
}
function algo(a) { return typeof a === 'string' ? { name: a } : a; }
var WEB_HASHES = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
function webHash(h) {
  var n = WEB_HASHES[String(typeof h === 'string' ? h : h && h.name).toUpperCase()];
  if (!n) throw new (globalThis.DOMException)('Unrecognized algorithm name', 'NotSupportedError');
  return n;
}
var USAGES = { HMAC: ['sign', 'verify'], AES: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'], PBKDF2: ['deriveBits', 'deriveKey'], HKDF: ['deriveBits', 'deriveKey'] };
function checkUsages(name, usages) {
  var family = name.slice(0, 4) === 'AES-' ? 'AES' : name;
  var allowed = USAGES[family];
  if (!allowed) return;
  for (var i = 0; i < usages.length; i++) {
    if (allowed.indexOf(usages[i]) < 0) throw new (globalThis.DOMException)('Unsupported key usage for ' + (family === 'HMAC' || family === 'AES' ? 'an ' : 'a ') + family + ' key', 'SyntaxError');
  }
}
function webBytes(d) { return Buffer.from(toBytes(d)); }
function ab(buf) { return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength); }
var NAMES = { hmac: 'HMAC', 'aes-gcm': 'AES-GCM', 'aes-cbc': 'AES-CBC', 'aes-ctr': 'AES-CTR', pbkdf2: 'PBKDF2', hkdf: 'HKDF', 'rsassa-pkcs1-v1_5': 'RSASSA-PKCS1-v1_5', 'rsa-pss': 'RSA-PSS', 'rsa-oaep': 'RSA-OAEP', ecdsa: 'ECDSA', ed25519: 'Ed25519' };
function webName(a) {
  var n = NAMES[String(a.name).toLowerCase()];
  if (!n) throw new (globalThis.DOMException)('Unrecognized algorithm name', 'NotSupportedError');
  return n;
}
function hashObject(h) { var n = webHash(h); return { name: n === 'sha1' ? 'SHA-1' : 'SHA-' + n.slice(3) }; }

var subtle = {
  digest: async function (algorithm, data) {
    var a = algo(algorithm);
    return ab(Buffer.from(__fngate_hash(webHash(a && a.name), webBytes(data))));
  },
  importKey: async function (format, keyData, algorithm, extractable, usages) {
    var a = algo(algorithm), name = webName(a), k, alg = { name: name };
    if (format === 'raw' && (name === 'HMAC' || name.slice(0, 3) === 'AES' || name === 'PBKDF2' || name === 'HKDF')) k = createSecretKey(webBytes(keyData));
    else if (format === 'jwk' && keyData.kty === 'oct') k = createSecretKey(Buffer.from(keyData.k, 'base64url'));
    else if (format === 'jwk') k = fromJwk(keyData, keyData.d !== undefined);
    else if (format === 'pkcs8') k = parseKey({ key: webBytes(keyData), format: 'der', type: 'pkcs8' }, true);
    else if (format === 'spki') k = parseKey({ key: webBytes(keyData), format: 'der', type: 'spki' }, false);
    else throw new (globalThis.DOMException)('Unsupported key format', 'NotSupportedError');
    checkUsages(name, usages || []);
    if (name === 'HMAC') { alg.length = k.symmetricKeySize * 8; alg.hash = hashObject(a.hash); }
    else if (name.slice(0, 3) === 'AES') alg.length = k.symmetricKeySize * 8;
    else if (name.slice(0, 3) === 'RSA') {
      var details = k.asymmetricKeyDetails;
      alg.modulusLength = details.modulusLength;
      var e = details.publicExponent.toString(16);
      alg.publicExponent = new Uint8Array(Buffer.from(e.length % 2 ? '0' + e : e, 'hex'));
      alg.hash = hashObject(a.hash);
    } else if (a.hash) alg.hash = hashObject(a.hash);
    if (a.namedCurve) alg.namedCurve = a.namedCurve;
    return cryptoKey(k, alg, extractable, usages || []);
  },
  exportKey: async function (format, key) {
    var k = key[kKeyObject];
    if (!key.extractable) throw new (globalThis.DOMException)('key is not extractable', 'InvalidAccessError');
    if (format === 'raw' && k.type === 'secret') return ab(k.export());
    if (format === 'jwk') {
      var jwk = k.export({ format: 'jwk' });
      var a = key.algorithm, n = a.name;
      var alg = n === 'HMAC' ? 'HS' + a.hash.name.slice(4).replace('1', '1') : n.slice(0, 4) === 'AES-' ? 'A' + a.length + n.slice(4) + (n === 'AES-KW' ? '' : '') : undefined;
      if (n === 'HMAC' && a.hash.name === 'SHA-1') alg = 'HS1';
      var out = { key_ops: key.usages.slice(), ext: key.extractable };
      Object.keys(jwk).forEach(function (f) { out[f] = jwk[f]; });
      if (alg) out.alg = alg;
      return out;
    }
    return ab(k.export({ format: 'der', type: format === 'pkcs8' ? 'pkcs8' : 'spki' }));
  },
  sign: async function (algorithm, key, data) {
    var a = algo(algorithm), name = webName(a), k = key[kKeyObject];
    if (name === 'HMAC') return ab(Buffer.from(__fngate_hmac(webHash(key.algorithm.hash), k[kData], webBytes(data))));
    var opts = { key: k, dsaEncoding: 'ieee-p1363' };
    if (name === 'RSA-PSS') { opts.padding = 6; opts.saltLength = a.saltLength; }
    var h = name === 'Ed25519' ? null : webHash(a.hash || key.algorithm.hash);
    return ab(Buffer.from(signWith(h, webBytes(data), opts)));
  },
  verify: async function (algorithm, key, signature, data) {
    var a = algo(algorithm), name = webName(a), k = key[kKeyObject];
    if (name === 'HMAC') {
      var mac = Buffer.from(__fngate_hmac(webHash(key.algorithm.hash), k[kData], webBytes(data)));
      var sig = webBytes(signature);
      return mac.length === sig.length && timingSafeEqual(mac, sig);
    }
    var opts = { key: k, dsaEncoding: 'ieee-p1363' };
    if (name === 'RSA-PSS') { opts.padding = 6; opts.saltLength = a.saltLength; }
    var h = name === 'Ed25519' ? null : webHash(a.hash || key.algorithm.hash);
    return verifyWith(h, webBytes(data), opts, webBytes(signature));
  },
  encrypt: async function (algorithm, key, data) { return webCipher(algorithm, key, data, false); },
  decrypt: async function (algorithm, key, data) { return webCipher(algorithm, key, data, true); },
  deriveBits: async function (algorithm, key, length) {
    var a = algo(algorithm), name = webName(a), secret = key[kKeyObject][kData];
    if (name === 'PBKDF2') return ab(pbkdf2Sync(secret, webBytes(a.salt), a.iterations, length / 8, webHash(a.hash)));
    if (name === 'HKDF') return hkdfSync(webHash(a.hash), secret, webBytes(a.salt), webBytes(a.info), length / 8);
    throw new (globalThis.DOMException)('Unrecognized algorithm name', 'NotSupportedError');
  },
  deriveKey: async function (algorithm, key, derived, extractable, usages) {
    var d = algo(derived);
    var len = d.length || (d.hash ? { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 }[hashObject(d.hash).name] : 256);
    var bits = await subtle.deriveBits(algorithm, key, len);
    return subtle.importKey('raw', bits, d, extractable, usages);
  },
  generateKey: async function (algorithm, extractable, usages) {
    var a = algo(algorithm), name = webName(a);
    if (name === 'HMAC' || name.slice(0, 3) === 'AES') {
      var len = a.length || (name === 'HMAC' ? (webHash(a.hash) === 'sha384' || webHash(a.hash) === 'sha512' ? 1024 : 512) : 256);
      return subtle.importKey('raw', randomBytes(len / 8), a, extractable, usages);
    }
    var type = name === 'ECDSA' ? 'ec' : name === 'Ed25519' ? 'ed25519' : 'rsa';
    var pair = generateKeyPairSync(type, { namedCurve: a.namedCurve, modulusLength: a.modulusLength });
    var alg = { name: name };
    if (a.namedCurve) alg.namedCurve = a.namedCurve;
    if (a.modulusLength) { alg.modulusLength = a.modulusLength; alg.publicExponent = new Uint8Array([1, 0, 1]); alg.hash = hashObject(a.hash); }
    return {
      publicKey: cryptoKey(pair.publicKey, alg, true, (usages || []).filter(function (u) { return u === 'verify' || u === 'encrypt' || u === 'wrapKey'; })),
      privateKey: cryptoKey(pair.privateKey, alg, extractable, (usages || []).filter(function (u) { return u === 'sign' || u === 'decrypt' || u === 'unwrapKey'; }))
    };
  }
};

function webCipher(algorithm, key, data, decrypt) {
  var a = algo(algorithm), name = webName(a), k = key[kKeyObject];
  if (name === 'RSA-OAEP') {
    return ab(rsaCrypt(decrypt ? 'privateDecrypt' : 'publicEncrypt', { key: k, padding: 4, oaepHash: webHash(key.algorithm.hash) }, webBytes(data), decrypt));
  }
  var secret = k[kData], bytes = webBytes(data);
  if (name === 'AES-GCM') {
    var tagLength = (a.tagLength || 128) / 8, iv = webBytes(a.iv), aad = a.additionalData ? webBytes(a.additionalData) : Buffer.alloc(0);
    if (!decrypt) return __fngate_gcm(secret, iv, bytes, false, { aad: aad, tagLength: tagLength });
    var plain = __fngate_gcm(secret, iv, bytes.subarray(0, bytes.length - tagLength), true, { aad: aad, tag: bytes.subarray(bytes.length - tagLength) });
    if (!plain) throw new (globalThis.DOMException)('The operation failed for an operation-specific reason', 'OperationError');
    return plain;
  }
  var c = (decrypt ? createDecipheriv : createCipheriv)('aes-' + secret.length * 8 + (name === 'AES-CBC' ? '-cbc' : '-ctr'), secret, webBytes(a.iv || a.counter));
  try {
    return ab(Buffer.concat([c.update(bytes), c.final()]));
  } catch (e) {
    throw new (globalThis.DOMException)('The operation failed for an operation-specific reason', 'OperationError');
  }
}

var webcrypto = { getRandomValues: getRandomValues, randomUUID: randomUUID, subtle: subtle, CryptoKey: CryptoKey };
// OpenSSL's numeric ids of the ciphers, as getCipherInfo reports them.
var NIDS = {
  'aes-128-ecb': 418, 'aes-128-cbc': 419, 'aes-128-ofb': 420, 'aes-128-cfb': 421, 'aes-192-ecb': 422, 'aes-192-cbc': 423, 'aes-192-ofb': 424,
  'aes-192-cfb': 425, 'aes-256-ecb': 426, 'aes-256-cbc': 427, 'aes-256-ofb': 428, 'aes-256-cfb': 429, 'id-aes128-gcm': 895, 'id-aes192-gcm': 898,
  'id-aes256-gcm': 901, 'aes-128-ctr': 904, 'aes-192-ctr': 905, 'aes-256-ctr': 906, 'des-ede3-cbc': 44, 'chacha20-poly1305': 1018
};
var CIPHER_NAMES = Object.keys(CIPHERS).map(function (n) { return n.replace(/^id-(aes\d+)-gcm$/, 'id-$1-GCM'); }).sort();

var constants = {
  OPENSSL_VERSION_NUMBER: 805306608, SSL_OP_ALL: 2147485776, SSL_OP_NO_SSLv2: 0, SSL_OP_NO_SSLv3: 33554432, SSL_OP_NO_TLSv1: 67108864,
  RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3, RSA_PKCS1_OAEP_PADDING: 4, RSA_X931_PADDING: 5, RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1, RSA_PSS_SALTLEN_MAX_SIGN: -2, RSA_PSS_SALTLEN_AUTO: -2,
  POINT_CONVERSION_COMPRESSED: 2, POINT_CONVERSION_UNCOMPRESSED: 4, POINT_CONVERSION_HYBRID: 6
};

module.exports = {
  createHash: function (algorithm, options) { return new Hash(algorithm, undefined, options); },
  createHmac: function (algorithm, key, options) { return new Hmac(algorithm, key, options); },
  hash: function (algorithm, data, enc) {
    var alg = hashName(algorithm);
    if (!alg) throw unknownDigest();
    return output(__fngate_hash(alg, toBytes(data, undefined, 'data')), enc === undefined ? 'hex' : enc);
  },
  getHashes: function () { return HASH_NAMES.slice(); },
  getCiphers: function () { return CIPHER_NAMES.slice(); },
  getCurves: function () { return ['prime256v1', 'secp256k1', 'secp384r1']; },
  getCipherInfo: function (name) {
    var spec = CIPHERS[String(name).toLowerCase()];
    if (!spec) return undefined;
    var lower = String(name).toLowerCase();
    var gcm = /^(?:id-aes(\d+)|aes-(\d+))-gcm$/.exec(lower);
    var info = { mode: spec.alg ? 'stream' : spec.mode === 'des-ede3-cbc' ? 'cbc' : spec.mode, name: gcm ? 'id-aes' + (gcm[1] || gcm[2]) + '-gcm' : lower };
    if (NIDS[info.name]) info.nid = NIDS[info.name];
    info.blockSize = spec.mode === 'cbc' || spec.mode === 'ecb' ? 16 : spec.block || 1;
    if (spec.iv) info.ivLength = spec.iv;
    info.keyLength = spec.key;
    return info;
  },
  createCipheriv: createCipheriv,
  createDecipheriv: createDecipheriv,
  Cipheriv: Cipheriv,
  Decipheriv: Cipheriv,
  createSecretKey: createSecretKey,
  createPrivateKey: createPrivateKey,
  createPublicKey: createPublicKey,
  KeyObject: KeyObject,
  createSign: function (algorithm) { return new Sign(algorithm, false); },
  createVerify: function (algorithm) { return new Sign(algorithm, true); },
  Sign: Sign,
  Verify: Sign,
  sign: cryptoSign,
  verify: cryptoVerify,
  publicEncrypt: function (key, buffer) { return rsaCrypt('publicEncrypt', key, buffer, false); },
  privateDecrypt: function (key, buffer) { return rsaCrypt('privateDecrypt', key, buffer, true); },
  privateEncrypt: function (key, buffer) { return rsaCrypt('privateEncrypt', key, buffer, true); },
  publicDecrypt: function (key, buffer) { return rsaCrypt('publicDecrypt', key, buffer, false); },
  getDiffieHellman: unsupported('getDiffieHellman'),
  generateKeyPairSync: generateKeyPairSync,
  generateKeyPair: later(generateKeyPairSync, 2),
  generateKeySync: generateKeySync,
  generateKey: later(generateKeySync, 2),
  pbkdf2Sync: pbkdf2Sync,
  pbkdf2: later(pbkdf2Sync, 5),
  scryptSync: scryptSync,
  scrypt: function (password, salt, keylen, options, cb) {
    if (typeof options === 'function') { cb = options; options = undefined; }
    return later(scryptSync, 4)(password, salt, keylen, options, cb);
  },
  hkdfSync: hkdfSync,
  hkdf: later(hkdfSync, 5),
  randomBytes: randomBytes,
  pseudoRandomBytes: randomBytes,
  randomFillSync: function (buf, offset, size) {
    offset = offset || 0;
    size = size === undefined ? buf.byteLength - offset : size;
    new Uint8Array(buf.buffer || buf, (buf.byteOffset || 0) + offset, size).set(new Uint8Array(__fngate_random_bytes(size)));
    return buf;
  },
  randomFill: function (buf, offset, size, cb) {
    if (typeof offset === 'function') { cb = offset; offset = undefined; } else if (typeof size === 'function') { cb = size; size = undefined; }
    module.exports.randomFillSync(buf, offset, size);
    process.nextTick(cb, null, buf);
  },
  randomUUID: randomUUID,
  randomInt: randomInt,
  getRandomValues: getRandomValues,
  timingSafeEqual: timingSafeEqual,
  getFips: function () { return 0; },
  setFips: function () {},
  setEngine: unsupported('setEngine'),
  secureHeapUsed: function () { return { total: 0, min: 0, used: 0, utilization: 0 }; },
  createECDH: function (curve) { return new ECDH(curve); },
  ECDH: ECDH,
  createDiffieHellman: function (prime, primeEnc, generator, genEnc) { return new DiffieHellman(prime, primeEnc, generator, genEnc); },
  DiffieHellman: DiffieHellman,
  diffieHellman: diffieHellman,
  checkPrimeSync: checkPrimeSync,
  checkPrime: later(checkPrimeSync, 2),
  generatePrimeSync: generatePrimeSync,
  generatePrime: later(generatePrimeSync, 2),
  Hash: Hash,
  Hmac: Hmac,
  Cipher: Cipheriv,
  Decipher: Cipheriv,
  Certificate: { exportChallenge: unsupported('Certificate'), exportPublicKey: unsupported('Certificate'), verifySpkac: unsupported('Certificate') },
  X509Certificate: function X509Certificate() { unsupported('X509Certificate')(); },
  webcrypto: webcrypto,
  subtle: subtle,
  constants: constants
};

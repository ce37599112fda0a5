// node:buffer — Buffer as a Uint8Array subclass; string codecs are native
// (natives.rs: utf8, base64, base64url, hex, latin1, ascii, utf16le).
'use strict';

var ENCODINGS = {
  utf8: 'utf8', 'utf-8': 'utf8', hex: 'hex', base64: 'base64', base64url: 'base64url',
  ascii: 'ascii', latin1: 'latin1', binary: 'latin1', ucs2: 'utf16le', 'ucs-2': 'utf16le',
  utf16le: 'utf16le', 'utf-16le': 'utf16le'
};
var kMaxLength = 4294967296;

function normEncoding(enc) {
  if (enc === undefined || enc === null || enc === '') return 'utf8';
  var e = ENCODINGS[String(enc).toLowerCase()];
  if (!e) {
    var err = new TypeError('Unknown encoding: ' + enc);
    err.code = 'ERR_UNKNOWN_ENCODING';
    throw err;
  }
  return e;
}

function argType(name, expected, v) {
  var received = v === null ? 'null' : typeof v === 'object' ? 'an instance of ' + ((v.constructor && v.constructor.name) || 'Object') : 'type ' + typeof v + ' (' + String(v) + ')';
  var e = new TypeError('The "' + name + '" argument must be ' + expected + '. Received ' + received);
  e.code = 'ERR_INVALID_ARG_TYPE';
  return e;
}

function range(name, v, lo, hi) {
  var e = new RangeError('The value of "' + name + '" is out of range. It must be >= ' + lo + ' and <= ' + hi + '. Received ' + v);
  e.code = 'ERR_OUT_OF_RANGE';
  return e;
}

class Buffer extends Uint8Array {
  // `new Buffer(...)` is deprecated in Node but still works; TypedArray methods
  // (subarray, map, filter) construct through here with (buffer, offset, length).
  constructor(a, b, c) {
    if (typeof a === 'number' && arguments.length === 1) { super(a); return; }
    if (typeof a === 'string') return Buffer.from(a, b);
    if (a instanceof ArrayBuffer) { super(a, b === undefined ? 0 : b, c === undefined ? a.byteLength - (b || 0) : c); return; }
    super(a);
  }

  static from(value, encOrOffset, length) {
    if (typeof value === 'string') return fromBytes(__fngate_encode(value, normEncoding(encOrOffset)));
    if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
      var off = encOrOffset === undefined ? 0 : Number(encOrOffset) || 0;
      var len = length === undefined ? value.byteLength - off : Number(length);
      if (off > value.byteLength) { var e = new RangeError('"offset" is outside of buffer bounds'); e.code = 'ERR_BUFFER_OUT_OF_BOUNDS'; throw e; }
      return new Buffer(value, off, len);
    }
    if (ArrayBuffer.isView(value)) {
      var copy = new Buffer(value.length);
      if (value instanceof Uint8Array) copy.set(value);
      else for (var i = 0; i < value.length; i++) copy[i] = value[i];
      return copy;
    }
    if (value && typeof value === 'object') {
      if (value.type === 'Buffer' && Array.isArray(value.data)) return fromArrayLike(value.data);
      if (typeof value.length === 'number' || Array.isArray(value)) return fromArrayLike(value);
      if (typeof value.valueOf === 'function') {
        var prim = value.valueOf();
        if (prim !== value && prim !== null && prim !== undefined) return Buffer.from(prim, encOrOffset, length);
      }
      if (typeof value[Symbol.toPrimitive] === 'function') return Buffer.from(value[Symbol.toPrimitive]('string'), encOrOffset, length);
    }
    throw argType('first', 'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object', value);
  }

  static alloc(size, fill, enc) {
    checkSize(size);
    var b = new Buffer(size);
    if (fill !== undefined && fill !== 0 && size > 0) b.fill(fill, 0, b.length, enc);
    return b;
  }
  static allocUnsafe(size) { checkSize(size); return new Buffer(size); }
  static allocUnsafeSlow(size) { checkSize(size); return new Buffer(size); }
  static isBuffer(v) { return v instanceof Buffer; }
  static isEncoding(enc) { return typeof enc === 'string' && enc !== '' && ENCODINGS[enc.toLowerCase()] !== undefined; }
  static byteLength(v, enc) {
    if (typeof v !== 'string') {
      if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v.byteLength;
      throw argType('string', 'of type string or an instance of Buffer or ArrayBuffer', v);
    }
    return __fngate_encode(v, normEncoding(enc)).byteLength;
  }
  static concat(list, totalLength) {
    if (!Array.isArray(list)) throw argType('list', 'an instance of Array', list);
    if (totalLength === undefined) {
      totalLength = 0;
      for (var i = 0; i < list.length; i++) totalLength += list[i].length;
    }
    var out = Buffer.alloc(totalLength);
    var pos = 0;
    for (var j = 0; j < list.length && pos < totalLength; j++) {
      var item = list[j];
      if (!(item instanceof Uint8Array)) throw argType('list[' + j + ']', 'an instance of Buffer or Uint8Array', item);
      var part = item.length > totalLength - pos ? item.subarray(0, totalLength - pos) : item;
      out.set(part, pos);
      pos += part.length;
    }
    return out;
  }
  static compare(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
  }

  toString(enc, start, end) {
    if (arguments.length === 0) return __fngate_decode(this, 'utf8');
    start = start === undefined ? 0 : Math.max(0, start | 0);
    end = end === undefined || end > this.length ? this.length : end | 0;
    if (end <= start) return '';
    var view = start === 0 && end === this.length ? this : this.subarray(start, end);
    return __fngate_decode(view, normEncoding(enc));
  }
  toLocaleString(enc, start, end) { return this.toString(enc, start, end); }
  toJSON() { return { type: 'Buffer', data: Array.from(this) }; }
  equals(other) {
    if (!(other instanceof Uint8Array)) throw argType('otherBuffer', 'an instance of Buffer or Uint8Array', other);
    return Buffer.compare(this, other) === 0;
  }
  compare(target, tStart, tEnd, sStart, sEnd) {
    var t = target.subarray(tStart || 0, tEnd === undefined ? target.length : tEnd);
    var s = this.subarray(sStart || 0, sEnd === undefined ? this.length : sEnd);
    return Buffer.compare(s, t);
  }
  slice(start, end) { return this.subarray(start, end); }
  write(string, offset, length, enc) {
    if (typeof offset === 'string') { enc = offset; offset = 0; length = undefined; }
    else if (typeof length === 'string') { enc = length; length = undefined; }
    offset = offset === undefined ? 0 : offset >>> 0;
    var bytes = new Uint8Array(__fngate_encode(string, normEncoding(enc)));
    var room = this.length - offset;
    var n = Math.min(bytes.length, length === undefined ? room : Math.min(room, length >>> 0));
    this.set(bytes.subarray(0, n), offset);
    return n;
  }
  copy(target, targetStart, sourceStart, sourceEnd) {
    targetStart = targetStart === undefined ? 0 : targetStart | 0;
    sourceStart = sourceStart === undefined ? 0 : sourceStart | 0;
    sourceEnd = sourceEnd === undefined ? this.length : Math.min(sourceEnd | 0, this.length);
    var n = Math.max(0, Math.min(sourceEnd - sourceStart, target.length - targetStart));
    if (n > 0) target.set(this.subarray(sourceStart, sourceStart + n), targetStart);
    return n;
  }
  fill(value, offset, end, enc) {
    if (typeof offset === 'string') { enc = offset; offset = 0; end = this.length; }
    else if (typeof end === 'string') { enc = end; end = this.length; }
    offset = offset === undefined ? 0 : offset | 0;
    end = end === undefined ? this.length : end | 0;
    if (typeof value === 'number') { Uint8Array.prototype.fill.call(this, value & 255, offset, end); return this; }
    if (typeof value === 'boolean') { Uint8Array.prototype.fill.call(this, +value, offset, end); return this; }
    var bytes = typeof value === 'string' ? new Uint8Array(__fngate_encode(value, normEncoding(enc))) : value;
    if (!bytes.length) { Uint8Array.prototype.fill.call(this, 0, offset, end); return this; }
    for (var i = offset, j = 0; i < end; i++, j = (j + 1) % bytes.length) this[i] = bytes[j];
    return this;
  }
  indexOf(value, byteOffset, enc) { return search(this, value, byteOffset, enc, true); }
  lastIndexOf(value, byteOffset, enc) { return search(this, value, byteOffset, enc, false); }
  includes(value, byteOffset, enc) { return this.indexOf(value, byteOffset, enc) !== -1; }
  swap16() { for (var i = 0; i + 1 < this.length; i += 2) { var t = this[i]; this[i] = this[i + 1]; this[i + 1] = t; } return this; }
  [Symbol.for('nodejs.util.inspect.custom')]() {
    var hex = [];
    for (var i = 0; i < Math.min(this.length, 50); i++) hex.push((this[i] < 16 ? '0' : '') + this[i].toString(16));
    var rest = this.length - 50;
    return '<Buffer' + (hex.length ? ' ' + hex.join(' ') : '') + (rest > 0 ? ' ... ' + rest + ' more byte' + (rest > 1 ? 's' : '') : '') + '>';
  }
}
Buffer.poolSize = 8192;

function checkSize(size) {
  if (typeof size !== 'number') throw argType('size', 'of type number', size);
  if (!(size >= 0 && size <= kMaxLength)) throw range('size', size, 0, kMaxLength);
}

function fromBytes(arrayBuffer) { return new Buffer(arrayBuffer, 0, arrayBuffer.byteLength); }
function fromArrayLike(a) {
  var b = new Buffer(a.length >>> 0);
  for (var i = 0; i < b.length; i++) b[i] = a[i] & 255;
  return b;
}

function search(buf, value, byteOffset, enc, forward) {
  if (typeof byteOffset === 'string') { enc = byteOffset; byteOffset = undefined; }
  var needle;
  if (typeof value === 'number') needle = [value & 255];
  else if (typeof value === 'string') needle = new Uint8Array(__fngate_encode(value, normEncoding(enc)));
  else if (value instanceof Uint8Array) needle = value;
  else throw argType('value', 'one of type number or string or an instance of Buffer or Uint8Array', value);
  var n = buf.length;
  var start = byteOffset === undefined ? (forward ? 0 : n) : Number(byteOffset) | 0;
  if (start < 0) start += n;
  if (forward) {
    if (start < 0) start = 0;
    if (needle.length === 0) return start <= n ? start : n;
    for (var i = start; i + needle.length <= n; i++) if (matchAt(buf, needle, i)) return i;
  } else {
    if (needle.length === 0) return Math.min(start, n);
    for (var j = Math.min(start, n - needle.length); j >= 0; j--) if (matchAt(buf, needle, j)) return j;
  }
  return -1;
}
function matchAt(buf, needle, at) {
  for (var k = 0; k < needle.length; k++) if (buf[at + k] !== needle[k]) return false;
  return true;
}

// readUInt8 ... writeDoubleBE, readBigUInt64LE ...: through a DataView of the bytes.
function view(b) { return new DataView(b.buffer, b.byteOffset, b.byteLength); }
function checkOffset(b, offset, size) {
  offset = offset === undefined ? 0 : offset;
  if (typeof offset !== 'number') throw argType('offset', 'of type number', offset);
  if (offset !== Math.floor(offset) || offset < 0 || offset + size > b.length) {
    var e = new RangeError(offset + size > b.length && offset === Math.floor(offset) && offset >= 0
      ? 'Attempt to access memory outside buffer bounds'
      : 'The value of "offset" is out of range. It must be >= 0 and <= ' + (b.length - size) + '. Received ' + offset);
    e.code = offset + size > b.length && offset >= 0 ? 'ERR_BUFFER_OUT_OF_BOUNDS' : 'ERR_OUT_OF_RANGE';
    throw e;
  }
  return offset;
}
[['UInt8', 'Uint8', 1], ['Int8', 'Int8', 1], ['UInt16', 'Uint16', 2], ['Int16', 'Int16', 2],
  ['UInt32', 'Uint32', 4], ['Int32', 'Int32', 4], ['Float', 'Float32', 4], ['Double', 'Float64', 8],
  ['BigUInt64', 'BigUint64', 8], ['BigInt64', 'BigInt64', 8]].forEach(function (t) {
  var name = t[0], dv = t[1], size = t[2];
  var ends = size === 1 ? [['', false]] : [['LE', true], ['BE', false]];
  ends.forEach(function (e) {
    var get = DataView.prototype['get' + dv], set = DataView.prototype['set' + dv];
    Buffer.prototype['read' + name + e[0]] = function (offset) {
      return get.call(view(this), checkOffset(this, offset, size), e[1]);
    };
    Buffer.prototype['write' + name + e[0]] = function (value, offset) {
      offset = checkOffset(this, offset, size);
      set.call(view(this), offset, value, e[1]);
      return offset + size;
    };
    if (name.indexOf('UInt') === 0) {
      Buffer.prototype['readUint' + name.slice(4) + e[0]] = Buffer.prototype['read' + name + e[0]];
      Buffer.prototype['writeUint' + name.slice(4) + e[0]] = Buffer.prototype['write' + name + e[0]];
    }
  });
});
Buffer.prototype.readUIntBE = function (offset, len) { var v = 0; for (var i = 0; i < len; i++) v = v * 256 + this[checkOffset(this, offset, len) + i]; return v; };
Buffer.prototype.readUIntLE = function (offset, len) { var v = 0; for (var i = len - 1; i >= 0; i--) v = v * 256 + this[checkOffset(this, offset, len) + i]; return v; };

// As in Node, `Buffer(x)` works without `new` (safer-buffer, iconv-lite call
// it so) and the statics are plain enumerable properties (`for (k in Buffer)`).
function BufferFunction(a, b, c) {
  return arguments.length === 1 ? new Buffer(a) : new Buffer(a, b, c);
}
Object.setPrototypeOf(BufferFunction, Uint8Array);
Object.getOwnPropertyNames(Buffer).forEach(function (k) {
  if (k !== 'length' && k !== 'name' && k !== 'prototype') BufferFunction[k] = Buffer[k];
});
Object.defineProperty(BufferFunction, 'name', { value: 'Buffer' });
BufferFunction.prototype = Buffer.prototype;
Object.defineProperty(Buffer.prototype, 'constructor', { value: BufferFunction, writable: true, configurable: true });

module.exports = {
  Buffer: BufferFunction,
  SlowBuffer: BufferFunction,
  kMaxLength: kMaxLength,
  constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: 536870888 },
  atob: atob,
  btoa: btoa,
  INSPECT_MAX_BYTES: 50,
  __normEncoding: normEncoding
};

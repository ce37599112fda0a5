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

// --- Node's errors (lib/internal/errors.js): messages, codes and toString ---
function nodeError(Base, code, message) {
  var e = new Base(message);
  e.code = code;
  Object.defineProperty(e, 'toString', {
    value: function () { return this.name + ' [' + code + ']: ' + this.message; },
    writable: true, configurable: true
  });
  return e;
}
function inspect(v) { return require('util').inspect(v); }
// What ERR_INVALID_ARG_TYPE says it received (determineSpecificType).
function received(v) {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'function') return v.name ? 'function ' + v.name : 'type function (' + inspect(v) + ')';
  if (typeof v === 'object') {
    if (v.constructor && v.constructor.name) return 'an instance of ' + v.constructor.name;
    return require('util').inspect(v, { depth: -1 });
  }
  var text = inspect(v);
  if (text.length > 28) text = text.slice(0, 25) + '...';
  return 'type ' + typeof v + ' (' + text + ')';
}
// `name` is an argument name, or a phrase ending in " argument" (Node's rule).
function argType(name, expected, v) {
  var subject = / argument$/.test(name) ? name : '"' + name + '" ' + (name.indexOf('.') >= 0 ? 'property' : 'argument');
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The ' + subject + ' must be ' + expected + '. Received ' + received(v));
}
function addNumericalSeparator(s) {
  var res = '', i = s.length, start = s[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = '_' + s.slice(i - 3, i) + res;
  return s.slice(0, i) + res;
}
// ERR_OUT_OF_RANGE; `range` is the text after "It must be".
function outOfRange(name, range, v) {
  var text;
  if (Number.isInteger(v) && Math.abs(v) > 4294967296) text = addNumericalSeparator(String(v));
  else if (typeof v === 'bigint') {
    text = String(v);
    if (v > 4294967296n || v < -4294967296n) text = addNumericalSeparator(text);
    text += 'n';
  } else text = inspect(v);
  return nodeError(RangeError, 'ERR_OUT_OF_RANGE', 'The value of "' + name + '" is out of range. It must be ' + range + '. Received ' + text);
}
function invalidArgValue(name, v) {
  var text = inspect(v);
  if (text.length > 128) text = text.slice(0, 128) + '...';
  return nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', "The argument '" + name + "' is invalid. Received " + text);
}
function outOfBounds(name) {
  return nodeError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS', name ? '"' + name + '" is outside of buffer bounds' : 'Attempt to access memory outside buffer bounds');
}
function validateNumber(v, name, min, max) {
  if (typeof v !== 'number') throw argType(name, 'of type number', v);
  if ((min != null && v < min) || (max != null && v > max) || ((min != null || max != null) && v !== v)) {
    throw outOfRange(name, (min != null ? '>= ' + min : '') + (min != null && max != null ? ' && ' : '') + (max != null ? '<= ' + max : ''), v);
  }
}
function validateOffset(v, name, min, max) {
  if (typeof v !== 'number') throw argType(name, 'of type number', v);
  if (!Number.isInteger(v)) throw outOfRange(name, 'an integer', v);
  if (v < min || v > max) throw outOfRange(name, '>= ' + min + ' && <= ' + max, v);
}
// An offset (or byteLength, `type`) that does not fit: Node's boundsError.
function boundsError(value, length, type) {
  if (Math.floor(value) !== value) {
    validateNumber(value, type || 'offset');
    throw outOfRange(type || 'offset', 'an integer', value);
  }
  if (length < 0) throw outOfBounds();
  throw outOfRange(type || 'offset', '>= ' + (type ? 1 : 0) + ' and <= ' + length, value);
}
function isUint8(v) { return v instanceof Uint8Array; }

class Buffer extends Uint8Array {
  // `new Buffer(...)` is deprecated in Node but still works; TypedArray methods
  // (subarray, map, filter) construct through here with (buffer, offset, length).
  constructor(a, b, c) {
    if (typeof a === 'number' && arguments.length === 1) { super(a); return; }
    if (typeof a === 'string') return Buffer.from(a, b);
    if (a instanceof ArrayBuffer) { super(a, b === undefined ? 0 : b, c === undefined ? a.byteLength - (b || 0) : c); return; }
    super(a);
  }

  // Node's order: string, ArrayBuffer, valueOf() giving a string or object,
  // array-like or {type: 'Buffer', data}, then Symbol.toPrimitive.
  static from(value, encOrOffset, length) {
    if (typeof value === 'string') return fromBytes(__fngate_encode(value, normEncoding(encOrOffset)));
    if (typeof value === 'object' && value !== null) {
      if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
        return fromArrayBuffer(value, encOrOffset, length);
      }
      if (ArrayBuffer.isView(value)) return fromView(value);
      var prim = typeof value.valueOf === 'function' ? value.valueOf() : undefined;
      if (prim != null && prim !== value && (typeof prim === 'string' || typeof prim === 'object')) {
        return Buffer.from(prim, encOrOffset, length);
      }
      if (value.length !== undefined || (value.buffer instanceof ArrayBuffer)) {
        return typeof value.length !== 'number' ? new Buffer(0) : fromArrayLike(value);
      }
      if (value.type === 'Buffer' && Array.isArray(value.data)) return fromArrayLike(value.data);
      if (typeof value[Symbol.toPrimitive] === 'function') {
        var str = value[Symbol.toPrimitive]('string');
        if (typeof str === 'string') return fromBytes(__fngate_encode(str, normEncoding(encOrOffset)));
      }
    }
    throw argType('first argument', 'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object', value);
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
    if (!isUint8(a)) throw argType('buf1', 'an instance of Buffer or Uint8Array', a);
    if (!isUint8(b)) throw argType('buf2', 'an instance of Buffer or Uint8Array', b);
    return compareBytes(a, b);
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
    return this.length === other.length && compareBytes(this, other) === 0;
  }
  compare(target, tStart, tEnd, sStart, sEnd) {
    if (!isUint8(target)) throw argType('target', 'an instance of Buffer or Uint8Array', target);
    var t = target.subarray(tStart || 0, tEnd === undefined ? target.length : tEnd);
    var s = this.subarray(sStart || 0, sEnd === undefined ? this.length : sEnd);
    return compareBytes(s, t);
  }
  slice(start, end) { return this.subarray(start, end); }
  // write(string[, offset[, length]][, encoding]), offsets checked as Node does.
  write(string, offset, length, enc) {
    if (typeof string !== 'string') throw argType('argument', 'of type string', string);
    if (offset === undefined) { offset = 0; length = this.length; }
    else if (length === undefined && typeof offset === 'string') { enc = offset; offset = 0; length = this.length; }
    else {
      validateOffset(offset, 'offset', 0, this.length);
      var remaining = this.length - offset;
      if (length === undefined) length = remaining;
      else if (typeof length === 'string') { enc = length; length = remaining; }
      else {
        validateOffset(length, 'length', 0, this.length);
        if (length > remaining) length = remaining;
      }
    }
    return writeString(this, string, offset, length, normEncoding(enc));
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
    if (value === '') { Uint8Array.prototype.fill.call(this, 0, offset, end); return this; }
    var bytes = typeof value === 'string' ? new Uint8Array(__fngate_encode(value, normEncoding(enc))) : value;
    if (!bytes.length) throw invalidArgValue('value', value);
    for (var i = offset, j = 0; i < end; i++, j = (j + 1) % bytes.length) this[i] = bytes[j];
    return this;
  }
  indexOf(value, byteOffset, enc) { return search(this, value, byteOffset, enc, true); }
  lastIndexOf(value, byteOffset, enc) { return search(this, value, byteOffset, enc, false); }
  includes(value, byteOffset, enc) { return this.indexOf(value, byteOffset, enc) !== -1; }
  swap16() { return swap(this, 2); }
  swap32() { return swap(this, 4); }
  swap64() { return swap(this, 8); }
  // <Buffer 68 69 ... N more bytes>, at most INSPECT_MAX_BYTES of them.
  [Symbol.for('nodejs.util.inspect.custom')]() {
    var max = module.exports.INSPECT_MAX_BYTES;
    var hex = [];
    for (var i = 0; i < Math.min(this.length, max); i++) hex.push((this[i] < 16 ? '0' : '') + this[i].toString(16));
    var rest = this.length - max;
    var name = (this.constructor && this.constructor.name) || 'Buffer';
    return '<' + name + ' ' + hex.join(' ') + (rest > 0 ? ' ... ' + rest + ' more byte' + (rest > 1 ? 's' : '') : '') + '>';
  }
}
Buffer.poolSize = 8192;

function checkSize(size) { validateNumber(size, 'size', 0, kMaxLength); }

function compareBytes(a, b) {
  var n = Math.min(a.length, b.length);
  for (var i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

// Reverses the byte order of each `size`-byte group.
function swap(buf, size) {
  if (buf.length % size !== 0) {
    throw nodeError(RangeError, 'ERR_INVALID_BUFFER_SIZE', 'Buffer size must be a multiple of ' + size * 8 + '-bits');
  }
  for (var i = 0; i < buf.length; i += size) {
    for (var lo = i, hi = i + size - 1; lo < hi; lo++, hi--) { var t = buf[lo]; buf[lo] = buf[hi]; buf[hi] = t; }
  }
  return buf;
}

// Writes whole characters of `string` only, as Node does; returns the byte count.
function writeString(buf, string, offset, length, enc) {
  var bytes = new Uint8Array(__fngate_encode(string, enc));
  var n = Math.min(bytes.length, length, buf.length - offset);
  if (n < bytes.length && enc === 'utf8') while (n > 0 && (bytes[n] & 0xc0) === 0x80) n--;
  if (n < bytes.length && enc === 'utf16le') n -= n % 2;
  if (n > 0) buf.set(n === bytes.length ? bytes : bytes.subarray(0, n), offset);
  return n;
}

function fromArrayBuffer(ab, byteOffset, length) {
  var off = byteOffset === undefined ? 0 : +byteOffset;
  if (off !== off) off = 0;
  var max = ab.byteLength - off;
  if (max < 0) throw outOfBounds('offset');
  var len = length === undefined ? max : +length;
  if (len > 0 && len > max) throw outOfBounds('length');
  return new Buffer(ab, off, len > 0 ? len : 0);
}
function fromView(v) {
  if (v instanceof Uint8Array) { var copy = new Buffer(v.length); copy.set(v); return copy; }
  return fromArrayLike(v);
}

function fromBytes(arrayBuffer) { return new Buffer(arrayBuffer, 0, arrayBuffer.byteLength); }
function fromArrayLike(a) {
  var n = a.length;
  var b = new Buffer(n > 0 ? n >>> 0 : 0);
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

// --- Numbers: readUInt8 ... writeDoubleBE, readBigUInt64LE ..., read/writeIntLE
// for 1 to 6 bytes, through a DataView of the bytes, offsets and values checked
// with Node's errors (lib/internal/buffer.js) ---
function view(b) { return new DataView(b.buffer, b.byteOffset, b.byteLength); }

// The offset of a `size`-byte read or write (Node's checkBounds).
function checkBounds(buf, offset, size) {
  if (offset === undefined) offset = 0;
  if (typeof offset !== 'number') throw argType('offset', 'of type number', offset);
  if (buf[offset] === undefined || buf[offset + size - 1] === undefined) boundsError(offset, buf.length - size);
  return offset;
}

// The range text of Node's checkInt for a `size`-byte integer.
function intRange(min, max, size) {
  var n = typeof min === 'bigint' ? 'n' : '';
  if (size <= 4 && !n) return '>= ' + min + ' and <= ' + max;
  var bits = size * 8;
  return min == 0 ? '>= 0' + n + ' and < 2' + n + ' ** ' + bits + n
    : '>= -(2' + n + ' ** ' + (bits - 1) + n + ') and < 2' + n + ' ** ' + (bits - 1) + n;
}
function checkInt(value, min, max, size) {
  if (value > max || value < min) throw outOfRange('value', intRange(min, max, size), value);
}
function toBigInt(value) {
  if (typeof value !== 'bigint') throw new TypeError('Cannot mix BigInt and other types, use explicit conversions');
  return value;
}

// [name, DataView type, bytes, min, max] (no min: a float, no range check).
[['UInt8', 'Uint8', 1, 0, 0xff], ['Int8', 'Int8', 1, -0x80, 0x7f],
  ['UInt16', 'Uint16', 2, 0, 0xffff], ['Int16', 'Int16', 2, -0x8000, 0x7fff],
  ['UInt32', 'Uint32', 4, 0, 0xffffffff], ['Int32', 'Int32', 4, -0x80000000, 0x7fffffff],
  ['Float', 'Float32', 4], ['Double', 'Float64', 8],
  ['BigUInt64', 'BigUint64', 8, 0n, 0xffffffffffffffffn], ['BigInt64', 'BigInt64', 8, -0x8000000000000000n, 0x7fffffffffffffffn]
].forEach(function (t) {
  var name = t[0], dv = t[1], size = t[2], min = t[3], max = t[4];
  var big = typeof min === 'bigint';
  var ends = size === 1 ? [['', false]] : [['LE', true], ['BE', false]];
  ends.forEach(function (e) {
    var get = DataView.prototype['get' + dv], set = DataView.prototype['set' + dv];
    var read = function (offset) {
      return get.call(view(this), checkBounds(this, offset, size), e[1]);
    };
    var write = function (value, offset) {
      if (!big) value = +value;
      if (min !== undefined) {
        if (size === 1 && typeof offset !== 'number' && offset !== undefined) throw argType('offset', 'of type number', offset);
        checkInt(value, min, max, size);
      }
      if (big) toBigInt(value);
      offset = checkBounds(this, offset, size);
      set.call(view(this), offset, value, e[1]);
      return offset + size;
    };
    Object.defineProperty(read, 'name', { value: 'read' + name + e[0] });
    Object.defineProperty(write, 'name', { value: 'write' + name + e[0] });
    Buffer.prototype['read' + name + e[0]] = read;
    Buffer.prototype['write' + name + e[0]] = write;
    var alias = name.replace('UInt', 'Uint');
    if (alias !== name) {
      Buffer.prototype['read' + alias + e[0]] = read;
      Buffer.prototype['write' + alias + e[0]] = write;
    }
  });
});

// Variable-width integers of 1 to 6 bytes (readUIntLE, writeIntBE, ...).
function checkByteLength(byteLength) {
  if (byteLength === undefined) byteLength = 1;
  if (!(byteLength >= 1 && byteLength <= 6 && Math.floor(byteLength) === byteLength)) boundsError(byteLength, 6, 'byteLength');
  return byteLength;
}
function readUInt(buf, offset, size, le) {
  offset = checkBounds(buf, offset, size);
  var v = 0;
  for (var i = 0; i < size; i++) v = v * 256 + buf[offset + (le ? size - 1 - i : i)];
  return v;
}
function writeUInt(buf, value, offset, size, le, min, max) {
  checkInt(value, min, max, size);
  offset = checkBounds(buf, offset, size);
  var lo = value >>> 0, hi = Math.floor(value / 4294967296);
  for (var i = 0; i < size; i++) {
    var byte = i < 4 ? (lo >>> (8 * i)) & 255 : (hi >>> (8 * (i - 4))) & 255;
    buf[offset + (le ? i : size - 1 - i)] = byte;
  }
  return offset + size;
}
[['LE', true], ['BE', false]].forEach(function (e) {
  var le = e[1];
  Buffer.prototype['readUInt' + e[0]] = Buffer.prototype['readUint' + e[0]] = function (offset, byteLength) {
    return readUInt(this, offset, checkByteLength(byteLength), le);
  };
  Buffer.prototype['readInt' + e[0]] = function (offset, byteLength) {
    var size = checkByteLength(byteLength);
    var v = readUInt(this, offset, size, le), top = Math.pow(2, 8 * size);
    return v >= top / 2 ? v - top : v;
  };
  Buffer.prototype['writeUInt' + e[0]] = Buffer.prototype['writeUint' + e[0]] = function (value, offset, byteLength) {
    var size = checkByteLength(byteLength);
    return writeUInt(this, +value, offset, size, le, 0, Math.pow(2, 8 * size) - 1);
  };
  Buffer.prototype['writeInt' + e[0]] = function (value, offset, byteLength) {
    var size = checkByteLength(byteLength), half = Math.pow(2, 8 * size - 1);
    return writeUInt(this, +value, offset, size, le, -half, half - 1);
  };
});

// The encoding-specific methods Node's Buffer.prototype has (latin1Slice, utf8Write, ...).
[['ascii', 'ascii'], ['base64', 'base64'], ['base64url', 'base64url'], ['latin1', 'latin1'], ['hex', 'hex'],
  ['ucs2', 'utf16le'], ['utf8', 'utf8']].forEach(function (e) {
  var enc = e[1];
  Buffer.prototype[e[0] + 'Slice'] = function (start, end) {
    start = start === undefined ? 0 : start;
    end = end === undefined ? this.length : end;
    if (start > this.length || end > this.length) throw outOfBounds('start');
    return end <= start ? '' : __fngate_decode(this.subarray(start, end), enc);
  };
  Buffer.prototype[e[0] + 'Write'] = function (string, offset, length) {
    if (typeof string !== 'string') throw argType('argument', 'of type string', string);
    offset = offset === undefined ? 0 : offset;
    if (offset > this.length) throw outOfBounds('offset');
    return writeString(this, string, offset, length === undefined ? this.length - offset : length, enc);
  };
});
// `buf.parent` and `buf.offset`: Node's legacy accessors.
Object.defineProperty(Buffer.prototype, 'parent', {
  get: function () { return this instanceof Buffer ? this.buffer : undefined; }, enumerable: true, configurable: true
});
Object.defineProperty(Buffer.prototype, 'offset', {
  get: function () { return this instanceof Buffer ? this.byteOffset : undefined; }, enumerable: true, configurable: true
});

// As in Node, `Buffer(x)` works without `new` (safer-buffer, iconv-lite call
// it so) and the statics are plain enumerable properties (`for (k in Buffer)`).
function BufferFunction(a, b, c) {
  if (typeof a === 'number') {
    if (typeof b === 'string') throw argType('string', 'of type string', a);
    return Buffer.alloc(a);
  }
  return arguments.length === 1 ? new Buffer(a) : new Buffer(a, b, c);
}
Object.setPrototypeOf(BufferFunction, Uint8Array);
if (!Buffer.of) Buffer.of = function of() { return fromArrayLike(Array.prototype.slice.call(arguments)); };
if (!Buffer.copyBytesFrom) {
  Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
    var bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    var per = view.BYTES_PER_ELEMENT || 1, from = (offset || 0) * per;
    return Buffer.from(bytes.subarray(from, length === undefined ? bytes.length : from + length * per));
  };
}
// Node's order (Object.keys(Buffer)), then anything else.
['poolSize', 'from', 'copyBytesFrom', 'of', 'alloc', 'allocUnsafe', 'allocUnsafeSlow', 'isBuffer', 'compare', 'isEncoding', 'concat', 'byteLength']
  .concat(Object.getOwnPropertyNames(Buffer))
  .forEach(function (k) {
    if (k !== 'length' && k !== 'name' && k !== 'prototype' && !Object.prototype.hasOwnProperty.call(BufferFunction, k)) BufferFunction[k] = Buffer[k];
  });
Object.defineProperty(BufferFunction, 'name', { value: 'Buffer' });
BufferFunction.prototype = Buffer.prototype;
Object.defineProperty(Buffer.prototype, 'constructor', { value: BufferFunction, writable: true, configurable: true });

// --- transcode, isUtf8, isAscii ---
var TRANSCODE = { ascii: 'ascii', latin1: 'latin1', binary: 'latin1', ucs2: 'utf16le', 'ucs-2': 'utf16le', utf16le: 'utf16le', 'utf-16le': 'utf16le', utf8: 'utf8', 'utf-8': 'utf8' };
// Bytes from one text encoding to another; what the target cannot hold becomes '?' (as ICU does).
function transcode(source, fromEnc, toEnc) {
  if (!isUint8(source)) throw argType('source', 'an instance of Buffer or Uint8Array', source);
  if (source.length === 0) return Buffer.alloc(0);
  var from = TRANSCODE[String(fromEnc).toLowerCase()], to = TRANSCODE[String(toEnc).toLowerCase()];
  if (!from || !to) {
    var e = new Error('Unable to transcode Buffer [U_ILLEGAL_ARGUMENT_ERROR]');
    e.code = 'U_ILLEGAL_ARGUMENT_ERROR';
    e.errno = 1;
    throw e;
  }
  var text = __fngate_decode(source, from);
  if (to === 'latin1') text = text.replace(/[^\x00-\xff]/gu, '?');
  else if (to === 'ascii') text = text.replace(/[^\x00-\x7f]/gu, '?');
  return fromBytes(__fngate_encode(text, to));
}

function bytesOf(input) {
  if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer)) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw argType('input', 'an instance of ArrayBuffer, Buffer, or TypedArray', input);
}
// Well-formed UTF-8: no overlong forms, surrogates or code points past U+10FFFF.
function isUtf8(input) {
  var b = bytesOf(input), n = b.length, i = 0;
  while (i < n) {
    var c = b[i];
    if (c < 0x80) { i++; continue; }
    var need, lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) lo = 0xa0; else if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) lo = 0x90; else if (c === 0xf4) hi = 0x8f; }
    else return false;
    if (i + need >= n) return false;
    if (b[i + 1] < lo || b[i + 1] > hi) return false;
    for (var k = 2; k <= need; k++) if ((b[i + k] & 0xc0) !== 0x80) return false;
    i += need + 1;
  }
  return true;
}
function isAscii(input) {
  var b = bytesOf(input);
  for (var i = 0; i < b.length; i++) if (b[i] > 0x7f) return false;
  return true;
}

// File: a Blob with a name and a modification time (Blob comes from fetch.js).
var FileClass;
function getFile() {
  if (FileClass) return FileClass;
  FileClass = class File extends Blob {
    constructor(bits, name, options) {
      if (arguments.length < 2) throw argType('fileName', 'of type string', name);
      super(bits, options);
      var last = options && options.lastModified !== undefined ? Number(options.lastModified) : Date.now();
      Object.defineProperty(this, '__file', { value: { name: String(name), lastModified: last } });
    }
    get name() { return this.__file.name; }
    get lastModified() { return this.__file.lastModified; }
    get [Symbol.toStringTag]() { return 'File'; }
  };
  return FileClass;
}

// Node's export order; Blob and File are made on first use.
module.exports = {
  Buffer: BufferFunction,
  SlowBuffer: BufferFunction,
  transcode: transcode,
  isUtf8: isUtf8,
  isAscii: isAscii,
  kMaxLength: kMaxLength,
  kStringMaxLength: 536870888,
  btoa: btoa,
  atob: atob,
  constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: 536870888 },
  INSPECT_MAX_BYTES: 50
};
Object.defineProperty(module.exports, 'Blob', { get: function () { return Blob; }, enumerable: true, configurable: true });
module.exports.resolveObjectURL = function resolveObjectURL() { return undefined; };
Object.defineProperty(module.exports, 'File', { get: getFile, enumerable: true, configurable: true });
Object.defineProperty(module.exports, '__normEncoding', { value: normEncoding });

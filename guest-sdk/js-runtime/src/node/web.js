// internal/web — the Web APIs Node has as globals and QuickJS lacks: URL (the
// parsing and the setters are natives.rs's, WHATWG through the url crate),
// TextEncoder and TextDecoder, atob and btoa, structuredClone and
// DOMException, with Node's errors. The prelude installs the exports as
// globals; node/url.js adds URL.prototype.searchParams.
'use strict';

const hasOwn = Object.prototype.hasOwnProperty;
const toStr = Object.prototype.toString;
const isObject = (v) => Object(v) === v;
const define = (o, k, value) => Object.defineProperty(o, k, { value, writable: true, configurable: true });
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

// Node's errors: an Error with a `code`.
function nodeError(Ctor, code, message) {
  const e = new Ctor(message);
  e.code = code;
  return e;
}
function missingArgs(name) { return nodeError(TypeError, 'ERR_MISSING_ARGS', `The ${name} argument must be specified`); }
function invalidThis(type) { return nodeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of ${type}`); }
// What Node's ERR_INVALID_ARG_TYPE says it received.
function received(v) {
  if (v == null) return String(v);
  if (typeof v === 'function') return `function ${v.name}`;
  if (typeof v === 'object') return v.constructor?.name ? `an instance of ${v.constructor.name}` : '[Object: null prototype] {}';
  let s = typeof v === 'string' ? `'${v}'` : typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '-0' : String(v);
  if (s.length > 28) s = s.slice(0, 25) + '...';
  return `type ${typeof v} (${s})`;
}
function invalidArgType(name, expected, v) {
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" argument must be ${expected}. Received ${received(v)}`);
}
// Prototype members enumerable (as Node's are) and the class's toStringTag.
function finish(cls, members) {
  for (const k of members) Object.defineProperty(cls.prototype, k, { enumerable: true });
  Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: cls.name, configurable: true });
}
// Brand checks through the built-ins' own getters: `NO` when `fn` refuses `v`.
const NO = {};
function tryCall(fn, v) { try { return fn.call(v); } catch { return NO; } }
const getter = (proto, key) => Object.getOwnPropertyDescriptor(proto, key).get;
const abByteLength = getter(ArrayBuffer.prototype, 'byteLength');
const sabByteLength = typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : null;
const isArrayBuffer = (v) => tryCall(abByteLength, v) !== NO;
const isSharedArrayBuffer = (v) => sabByteLength !== null && tryCall(sabByteLength, v) !== NO;
const TypedArray = Object.getPrototypeOf(Uint8Array);
const typedArrayName = getter(TypedArray.prototype, Symbol.toStringTag);

// --- DOMException ---
// The legacy codes of the names that have one (in code order; '-': none now).
const DOM_ERROR_CODES = new Map();
('IndexSizeError - HierarchyRequestError WrongDocumentError InvalidCharacterError ' +
  '- NoModificationAllowedError NotFoundError NotSupportedError InUseAttributeError InvalidStateError ' +
  'SyntaxError InvalidModificationError NamespaceError InvalidAccessError - TypeMismatchError SecurityError ' +
  'NetworkError AbortError URLMismatchError QuotaExceededError TimeoutError InvalidNodeTypeError DataCloneError').split(' ')
  .forEach((name, i) => name !== '-' && DOM_ERROR_CODES.set(name, i + 1));
const DOM_CODES = ('INDEX_SIZE DOMSTRING_SIZE HIERARCHY_REQUEST WRONG_DOCUMENT INVALID_CHARACTER NO_DATA_ALLOWED ' +
  'NO_MODIFICATION_ALLOWED NOT_FOUND NOT_SUPPORTED INUSE_ATTRIBUTE INVALID_STATE SYNTAX INVALID_MODIFICATION NAMESPACE ' +
  'INVALID_ACCESS VALIDATION TYPE_MISMATCH SECURITY NETWORK ABORT URL_MISMATCH QUOTA_EXCEEDED TIMEOUT INVALID_NODE_TYPE ' +
  'DATA_CLONE').split(' ');
let isDOMException;
class DOMException extends Error {
  #name;
  #message;
  constructor(message = '', options = 'Error') {
    super();
    this.#message = `${message}`;
    if (options && typeof options === 'object') {
      this.#name = `${options.name}`;
      if ('cause' in options) define(this, 'cause', options.cause);
    } else {
      this.#name = `${options}`;
    }
  }
  static #check(e) {
    if (!isDOMException(e)) throw invalidThis('DOMException');
    return e;
  }
  get name() { return DOMException.#check(this).#name; }
  get message() { return DOMException.#check(this).#message; }
  get code() { return DOM_ERROR_CODES.get(DOMException.#check(this).#name) || 0; }
  static { isDOMException = (v) => isObject(v) && #name in v; }
}
finish(DOMException, ['name', 'message', 'code']);
DOM_CODES.forEach((c, i) => {
  Object.defineProperty(DOMException, c + '_ERR', { value: i + 1, enumerable: true });
  Object.defineProperty(DOMException.prototype, c + '_ERR', { value: i + 1, enumerable: true });
});

// --- URL ---
// A URL keeps the natives' 11 parts:
// [href, protocol, username, password, host, hostname, port, pathname, search, hash, origin].
let partsOf, setParts;
// An argument as a well-formed string (a lone surrogate is U+FFFD), as Node's URL takes it and the natives need it.
const usv = String.prototype.toWellFormed
  ? (v) => `${v}`.toWellFormed()
  : (v) => `${v}`.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
function parseUrl(input, base) { return base === undefined ? __fngate_url(input) : __fngate_url(input, base); }
function invalidUrl(input, base) {
  const e = nodeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL');
  e.input = input;
  if (base !== undefined) e.base = base;
  return e;
}
function setPart(url, field, value) {
  value = usv(value);
  const parts = __fngate_url_set(partsOf(url)[0], field, value);
  if (parts) setParts(url, parts);
  else if (field === 'href') throw invalidUrl(value);
  // url.js's searchParams follows the query when read: a read brings one
  // already handed out up to date.
  if (field === 'href' || field === 'search') void url.searchParams;
}
class URL {
  #parts;
  constructor(input, base = undefined) {
    if (arguments.length === 0) throw missingArgs('"url"');
    input = usv(input);
    if (base !== undefined) base = usv(base);
    const parts = parseUrl(input, base);
    if (!parts) throw invalidUrl(input, base);
    this.#parts = parts;
  }
  static {
    partsOf = (url) => {
      if (!isObject(url) || !(#parts in url)) throw new TypeError('Receiver must be an instance of class URL');
      return url.#parts;
    };
    setParts = (url, parts) => { url.#parts = parts; };
  }
  toString() { return partsOf(this)[0]; }
  get href() { return partsOf(this)[0]; }
  set href(v) { setPart(this, 'href', v); }
  get origin() { return partsOf(this)[10]; }
  get protocol() { return partsOf(this)[1]; }
  set protocol(v) { setPart(this, 'protocol', v); }
  get username() { return partsOf(this)[2]; }
  set username(v) { setPart(this, 'username', v); }
  get password() { return partsOf(this)[3]; }
  set password(v) { setPart(this, 'password', v); }
  get host() { return partsOf(this)[4]; }
  set host(v) { setPart(this, 'host', v); }
  get hostname() { return partsOf(this)[5]; }
  set hostname(v) { setPart(this, 'hostname', v); }
  get port() { return partsOf(this)[6]; }
  set port(v) { setPart(this, 'port', v); }
  get pathname() { return partsOf(this)[7]; }
  set pathname(v) { setPart(this, 'pathname', v); }
  get search() { return partsOf(this)[8]; }
  set search(v) { setPart(this, 'search', v); }
  get hash() { return partsOf(this)[9]; }
  set hash(v) { setPart(this, 'hash', v); }
  toJSON() { return partsOf(this)[0]; }
  static parse(url, base = undefined) {
    if (arguments.length === 0) throw missingArgs('"url"');
    url = usv(url);
    if (base !== undefined) base = usv(base);
    return parseUrl(url, base) ? new URL(url, base) : null;
  }
  static canParse(url, base = undefined) {
    if (arguments.length === 0) throw missingArgs('"url"');
    return parseUrl(usv(url), base === undefined ? base : usv(base)) !== null;
  }
}
finish(URL, ['toString', 'href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname',
  'search', 'hash', 'toJSON']);

// --- TextEncoder ---
const isUint8Array = (v) => ArrayBuffer.isView(v) && typedArrayName.call(v) === 'Uint8Array';
let isTextEncoder;
class TextEncoder {
  #utf8 = true;
  static #check(e) {
    if (!isTextEncoder(e)) throw invalidThis('type TextEncoder');
  }
  get encoding() { TextEncoder.#check(this); return 'utf-8'; }
  encode(input = '') {
    TextEncoder.#check(this);
    return new Uint8Array(__fngate_encode(`${input}`, 'utf8'));
  }
  // The whole characters of `src` that fit in `dest`.
  encodeInto(src, dest) {
    TextEncoder.#check(this);
    if (typeof src !== 'string') throw invalidArgType('src', 'of type string', src);
    if (!isUint8Array(dest)) throw invalidArgType('dest', 'an instance of Uint8Array', dest);
    const bytes = new Uint8Array(__fngate_encode(src, 'utf8'));
    if (bytes.length <= dest.length) {
      dest.set(bytes);
      return { read: src.length, written: bytes.length };
    }
    let written = dest.length;
    while (written > 0 && (bytes[written] & 0xc0) === 0x80) written--;
    dest.set(bytes.subarray(0, written));
    let read = 0;
    for (let i = 0; i < written; i++) if ((bytes[i] & 0xc0) !== 0x80) read += bytes[i] >= 0xf0 ? 2 : 1;
    return { read, written };
  }
  [inspectCustom]() { TextEncoder.#check(this); return { encoding: 'utf-8' }; }
  static { isTextEncoder = (v) => isObject(v) && #utf8 in v; }
}
finish(TextEncoder, ['encoding', 'encode', 'encodeInto']);

// --- TextDecoder ---
const ENCODINGS = new Map();
Object.entries({
  'utf-8': 'unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8',
  'utf-16le': 'csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le',
  'utf-16be': 'unicodefffe utf-16be',
  'windows-1252': 'ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 ' +
    'iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252'
}).forEach(([encoding, labels]) => labels.split(' ').forEach((label) => ENCODINGS.set(label, encoding)));
// windows-1252 decodes as latin1, as Node 20 decodes it (0x80-0x9F stay C1
// controls). The other legacy encodings (gbk, big5, shift_jis, euc-kr,
// iso-8859-2, ...) are the natives' (textcodec.rs).

function invalidData(encoding) {
  return nodeError(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA', `The encoded data was not valid for encoding ${encoding}`);
}
function concat(a, b) {
  const all = new Uint8Array(a.length + b.length);
  all.set(a, 0);
  all.set(b, a.length);
  return all;
}
// How many bytes at the end of `b` begin a UTF-8 sequence that more bytes may complete.
function utf8Incomplete(b) {
  const n = b.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const c = b[n - back];
    if ((c & 0xc0) === 0x80) continue;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 1;
    if (c > 0xf4 || need <= back) return 0;
    if (back > 1) {
      const d = b[n - back + 1];
      if ((c === 0xe0 && d < 0xa0) || (c === 0xed && d > 0x9f) || (c === 0xf0 && d < 0x90) || (c === 0xf4 && d > 0x8f)) return 0;
    }
    return back;
  }
  return 0;
}
function utf8Valid(b) {
  for (let i = 0, n = b.length; i < n;) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    let more, lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) more = 1;
    else if (c >= 0xe0 && c <= 0xef) { more = 2; if (c === 0xe0) lo = 0xa0; else if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { more = 3; if (c === 0xf0) lo = 0x90; else if (c === 0xf4) hi = 0x8f; }
    else return false;
    if (!(b[i + 1] >= lo && b[i + 1] <= hi)) return false;
    for (let k = 2; k <= more; k++) if (!(b[i + k] >= 0x80 && b[i + k] <= 0xbf)) return false;
    i += more + 1;
  }
  return true;
}

let isTextDecoder;
class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #pending = null; // the bytes of an unfinished character, while streaming
  #bomSeen = false;
  #streamed = false;
  constructor(encoding = 'utf-8', options = {}) {
    encoding = `${encoding}`;
    if (options !== null && !isObject(options)) throw invalidArgType('options', 'of type object', options);
    const label = encoding.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase();
    const enc = ENCODINGS.get(label) ?? __fngate_text_encoding(label) ?? undefined;
    if (enc === undefined) throw nodeError(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${encoding}" encoding is not supported`);
    this.#encoding = enc;
    this.#fatal = options !== null && Boolean(options.fatal);
    this.#ignoreBOM = options !== null && Boolean(options.ignoreBOM);
  }
  static #check(d) {
    if (!isTextDecoder(d)) throw invalidThis('type TextDecoder');
    return d;
  }
  decode(input = undefined, options = {}) {
    TextDecoder.#check(this);
    const stream = Boolean(options?.stream);
    if (stream) this.#streamed = true;
    let bytes;
    if (input === undefined) bytes = new Uint8Array(0);
    else if (ArrayBuffer.isView(input)) bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    else if (isArrayBuffer(input) || isSharedArrayBuffer(input)) bytes = new Uint8Array(input);
    else {
      const name = this.#encoding === 'utf-8' && !this.#streamed ? 'list' : 'input';
      throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        `The "${name}" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.`);
    }
    if (!(bytes.buffer instanceof ArrayBuffer)) bytes = bytes.slice(); // the natives read ArrayBuffers only
    if (this.#pending) {
      bytes = concat(this.#pending, bytes);
      this.#pending = null;
    }
    let text;
    try {
      text = this.#encoding === 'utf-8' ? this.#utf8(bytes, stream)
        : this.#encoding === 'windows-1252' ? __fngate_decode(bytes, 'latin1')
        : this.#encoding.startsWith('utf-16') ? this.#utf16(bytes, stream)
        : this.#legacy(bytes, stream);
    } catch (e) {
      this.#pending = null;
      this.#bomSeen = false;
      throw e;
    }
    if (text && !this.#bomSeen && !this.#ignoreBOM) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.#bomSeen = true;
    }
    if (!stream) {
      this.#pending = null;
      this.#bomSeen = false;
    }
    return text;
  }
  // A legacy encoding's text; an unfinished character's bytes wait for the next call.
  #legacy(bytes, stream) {
    const r = __fngate_text_decode(this.#encoding, bytes, this.#fatal, stream);
    if (r === null) throw invalidData(this.#encoding);
    if (r[1]) this.#pending = bytes.slice(bytes.length - r[1]);
    return r[0];
  }
  get encoding() { return TextDecoder.#check(this).#encoding; }
  get fatal() { return TextDecoder.#check(this).#fatal; }
  get ignoreBOM() { return TextDecoder.#check(this).#ignoreBOM; }
  #utf8(bytes, stream) {
    const keep = stream ? utf8Incomplete(bytes) : 0;
    if (keep) {
      this.#pending = bytes.slice(bytes.length - keep);
      bytes = bytes.subarray(0, bytes.length - keep);
    }
    if (this.#fatal && !utf8Valid(bytes)) throw invalidData('utf-8');
    return bytes.length ? __fngate_decode(bytes, 'utf8') : '';
  }
  // UTF-16 as the Encoding standard decodes it: an unpaired surrogate or a
  // last odd byte is U+FFFD; a split pair or odd byte waits, while streaming.
  #utf16(bytes, stream) {
    const le = this.#encoding === 'utf-16le', n = bytes.length;
    const unit = (i) => le ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1];
    let text = '', units = [], bad = false, i = 0;
    for (; i + 1 < n; i += 2) {
      const u = unit(i);
      if (u >= 0xd800 && u <= 0xdbff) {
        if (i + 3 >= n) { // a lead surrogate with nothing after it (yet)
          if (!stream) { units.push(0xfffd); bad = true; i = n; }
          break;
        }
        const t = unit(i + 2);
        if (t >= 0xdc00 && t <= 0xdfff) { units.push(u, t); i += 2; } else { units.push(0xfffd); bad = true; }
      } else if (u >= 0xdc00 && u <= 0xdfff) {
        units.push(0xfffd);
        bad = true;
      } else {
        units.push(u);
      }
      if (units.length >= 8192) { text += String.fromCharCode.apply(null, units); units = []; }
    }
    if (i < n) {
      if (stream) this.#pending = bytes.slice(i);
      else { units.push(0xfffd); bad = true; }
    }
    if (bad && this.#fatal) throw invalidData(this.#encoding);
    return text + String.fromCharCode.apply(null, units);
  }
  [inspectCustom](depth, opts, inspect) {
    TextDecoder.#check(this);
    const fields = { encoding: this.#encoding, fatal: this.#fatal, ignoreBOM: this.#ignoreBOM };
    return typeof inspect === 'function' ? `TextDecoder ${inspect(fields)}` : fields;
  }
  static { isTextDecoder = (v) => isObject(v) && #encoding in v; }
}
finish(TextDecoder, ['decode', 'encoding', 'fatal', 'ignoreBOM']);

// --- atob, btoa (forgiving-base64, as Node checks it) ---
function invalidCharacter(message = 'Invalid character') { return new DOMException(message, 'InvalidCharacterError'); }
function btoa(input) {
  if (arguments.length === 0) throw missingArgs('"input"');
  input = `${input}`;
  if (/[^\x00-\xff]/.test(input)) throw invalidCharacter();
  return __fngate_decode(__fngate_encode(input, 'latin1'), 'base64');
}
function atob(input) {
  if (arguments.length === 0) throw missingArgs('"input"');
  input = `${input}`;
  let chars = 0, pad = 0;
  const plain = /^[A-Za-z0-9+\/]*(={0,2})$/.exec(input); // the usual case, without whitespace
  if (plain) {
    pad = plain[1].length;
    chars = input.length - pad;
  } else for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) continue;
    if (c === 0x3d) pad++;
    else if (pad || !((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f)) {
      throw invalidCharacter();
    } else chars++;
  }
  if (pad > 2) throw invalidCharacter();
  if (chars % 4 === 1) throw invalidCharacter('The string to be decoded is not correctly encoded.');
  if (pad && (chars + pad) % 4) throw invalidCharacter();
  return __fngate_decode(__fngate_encode(input, 'base64'), 'latin1');
}

// --- structuredClone (the HTML structured clone of the types V8 clones) ---
const ERROR_TYPES = new Map([EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError].map((C) => [C.name, C]));
const isError = typeof Error.isError === 'function' ? Error.isError : (v) => v instanceof Error;
const BOXES = [[Number, Number.prototype.valueOf], [String, String.prototype.valueOf], [Boolean, Boolean.prototype.valueOf],
  [BigInt, BigInt.prototype.valueOf]];
const taBuffer = getter(TypedArray.prototype, 'buffer'), taOffset = getter(TypedArray.prototype, 'byteOffset');
const taLength = getter(TypedArray.prototype, 'length');
const dvBuffer = getter(DataView.prototype, 'buffer'), dvOffset = getter(DataView.prototype, 'byteOffset');
const dvLength = getter(DataView.prototype, 'byteLength');
const abSlice = ArrayBuffer.prototype.slice, abTransfer = ArrayBuffer.prototype.transfer;
const abDetached = 'detached' in ArrayBuffer.prototype ? getter(ArrayBuffer.prototype, 'detached') : null;
const abResizable = 'resizable' in ArrayBuffer.prototype ? getter(ArrayBuffer.prototype, 'resizable') : null;
const abMaxLength = abResizable && getter(ArrayBuffer.prototype, 'maxByteLength');
const dateTime = Date.prototype.getTime;
const reSource = getter(RegExp.prototype, 'source'), reFlags = getter(RegExp.prototype, 'flags');
const mapSize = getter(Map.prototype, 'size'), mapForEach = Map.prototype.forEach, mapSet = Map.prototype.set;
const setSize = getter(Set.prototype, 'size'), setForEach = Set.prototype.forEach, setAdd = Set.prototype.add;
const TYPED_ARRAYS = new Map(['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']
  .filter((n) => typeof globalThis[n] === 'function').map((n) => [n, globalThis[n]]));
const UNCLONEABLE = [Promise, WeakMap, WeakSet, globalThis.WeakRef, globalThis.FinalizationRegistry].filter(Boolean);
const UNCLONEABLE_TAGS = new Set(['Arguments', 'Generator', 'AsyncGenerator', 'Module', 'Array Iterator', 'Map Iterator',
  'Set Iterator', 'String Iterator', 'RegExp String Iterator', 'Iterator Helper'].map((t) => `[object ${t}]`));

// A value as V8 names it in "... could not be cloned.".
function dataProperty(o, key) {
  for (; o !== null; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return d.value;
  }
  return undefined;
}
function uncloneable(v) {
  let what;
  if (typeof v === 'function') what = Function.prototype.toString.call(v);
  else if (typeof v === 'symbol') what = v.toString();
  else {
    const ctor = dataProperty(v, 'toString') === toStr ? dataProperty(v, 'constructor') : undefined;
    what = typeof ctor === 'function' && ctor.name ? `#<${ctor.name}>` : toStr.call(v);
  }
  return new DOMException(`${what} could not be cloned.`, 'DataCloneError');
}
// Own enumerable string-keyed properties, read with [[Get]], as V8 writes them.
function cloneProperties(v, out, memo) {
  for (const k of Object.keys(v)) {
    if (!hasOwn.call(v, k)) continue; // deleted by a getter read before it
    const x = cloneValue(v[k], memo);
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, writable: true, enumerable: true, configurable: true });
    else out[k] = x;
  }
  return out;
}
function cloneError(v, memo) {
  const message = Object.getOwnPropertyDescriptor(v, 'message');
  const cause = Object.getOwnPropertyDescriptor(v, 'cause');
  const out = new (ERROR_TYPES.get(`${v.name}`) || Error)();
  memo.set(v, out);
  if (message && 'value' in message) define(out, 'message', `${message.value}`);
  const stack = v.stack;
  if (typeof stack === 'string') define(out, 'stack', stack);
  if (cause && 'value' in cause) define(out, 'cause', cloneValue(cause.value, memo));
  return out;
}
// A Map's or Set's entries, as they are when the clone begins.
function cloneCollection(v, isMap, memo) {
  const out = isMap ? new Map() : new Set(), items = [];
  memo.set(v, out);
  (isMap ? mapForEach : setForEach).call(v, (value, key) => items.push(key, value));
  for (let i = 0; i < items.length; i += 2) {
    if (isMap) mapSet.call(out, cloneValue(items[i], memo), cloneValue(items[i + 1], memo));
    else setAdd.call(out, cloneValue(items[i], memo));
  }
  return out;
}
// The clone of an object with internal slots; undefined for one cloned as a plain object.
function cloneSpecial(v, memo) {
  let p;
  if (v instanceof ArrayBuffer && (p = tryCall(abByteLength, v)) !== NO) {
    if (abDetached && abDetached.call(v)) {
      throw new DOMException('An ArrayBuffer is detached and could not be cloned.', 'DataCloneError');
    }
    if (abResizable && abResizable.call(v)) {
      const out = new ArrayBuffer(p, { maxByteLength: abMaxLength.call(v) });
      new Uint8Array(out).set(new Uint8Array(v));
      return out;
    }
    return abSlice.call(v, 0);
  }
  if (sabByteLength !== null && v instanceof SharedArrayBuffer && isSharedArrayBuffer(v)) return v; // shared memory stays shared
  if (v instanceof Date && (p = tryCall(dateTime, v)) !== NO) return new Date(p);
  if (v instanceof RegExp && v !== RegExp.prototype && (p = tryCall(reSource, v)) !== NO) return new RegExp(p, reFlags.call(v));
  for (let i = 0; i < BOXES.length; i++) {
    if (v instanceof BOXES[i][0] && (p = tryCall(BOXES[i][1], v)) !== NO) return Object(p);
  }
  if (v instanceof Map && tryCall(mapSize, v) !== NO) return cloneCollection(v, true, memo);
  if (v instanceof Set && tryCall(setSize, v) !== NO) return cloneCollection(v, false, memo);
  if (isError(v)) return cloneError(v, memo);
  if (v instanceof Symbol || UNCLONEABLE.some((C) => v instanceof C) || UNCLONEABLE_TAGS.has(toStr.call(v))) {
    throw uncloneable(v);
  }
  return undefined;
}
function cloneValue(v, memo) {
  if (typeof v === 'function' || typeof v === 'symbol') throw uncloneable(v);
  if (typeof v !== 'object' || v === null) return v;
  let out = memo.get(v);
  if (out !== undefined) return out;
  if (Array.isArray(v)) {
    out = new Array(v.length);
    memo.set(v, out);
    return cloneProperties(v, out, memo);
  }
  if (ArrayBuffer.isView(v)) {
    const name = typedArrayName.call(v);
    out = name === undefined
      ? new DataView(cloneValue(dvBuffer.call(v), memo), dvOffset.call(v), dvLength.call(v))
      : new (TYPED_ARRAYS.get(name))(cloneValue(taBuffer.call(v), memo), taOffset.call(v), taLength.call(v));
  } else {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) { // an ordinary object, most likely
      if (toStr.call(v) === '[object Arguments]') throw uncloneable(v);
      if (isError(v)) out = cloneError(v, memo);
    } else if (!isDOMException(v)) { // Node's DOMException clones as a plain object
      out = cloneSpecial(v, memo);
    }
  }
  if (out !== undefined) {
    memo.set(v, out);
    return out;
  }
  out = {};
  memo.set(v, out);
  return cloneProperties(v, out, memo);
}
function structuredClone(value = undefined, options = undefined) {
  if (arguments.length === 0) throw missingArgs('value');
  if (options != null && !isObject(options)) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The options argument must be either an object or undefined');
  }
  // The transfer list: ArrayBuffers (a non-iterable object is ignored, as Node does).
  const transfer = options?.transfer, moved = [];
  if (transfer != null && !isObject(transfer)) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'Optional transferList argument must be an iterable');
  }
  if (transfer != null && typeof transfer[Symbol.iterator] === 'function') {
    for (const b of transfer) {
      if (!isArrayBuffer(b)) throw nodeError(TypeError, 'ERR_INVALID_TRANSFER_OBJECT', 'Found invalid object in transferList');
      if (moved.includes(b)) throw new DOMException('Transfer list contains duplicate ArrayBuffer', 'DataCloneError');
      moved.push(b);
    }
  }
  const out = cloneValue(value, new Map());
  // The clone has copies of the transferred buffers: detach the originals.
  if (abTransfer) for (const b of moved) abTransfer.call(b);
  return out;
}

module.exports = { URL, TextEncoder, TextDecoder, atob, btoa, structuredClone, DOMException };

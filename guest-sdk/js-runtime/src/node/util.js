// node:util — format and inspect as Node prints them (the same line-breaking
// rules: entries on one line within 80 columns and 3 levels of nesting, long
// arrays of short items grouped in columns), promisify, inherits, types.
'use strict';

var customInspect = Symbol.for('nodejs.util.inspect.custom');
var promisifyCustom = Symbol.for('nodejs.util.promisify.custom');
var hasOwn = Object.prototype.hasOwnProperty;
var toStr = Object.prototype.toString;
var IDENT = /^[a-zA-Z_][a-zA-Z_0-9]*$/;

var NEEDS_ESCAPE = /[\x00-\x1f\x7f'\\]/;
var ESCAPES = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\\': '\\\\' };
function quote(s) {
  if (!NEEDS_ESCAPE.test(s)) return "'" + s + "'";
  var q = "'";
  if (s.indexOf("'") >= 0) {
    if (s.indexOf('"') < 0) q = '"';
    else if (s.indexOf('`') < 0 && s.indexOf('${') < 0) q = '`';
  }
  var special = q === "'" ? /[\x00-\x1f\x7f'\\]/g : q === '"' ? /[\x00-\x1f\x7f"\\]/g : /[\x00-\x1f\x7f`\\]/g;
  return q + s.replace(special, function (c) {
    if (ESCAPES[c]) return ESCAPES[c];
    if (c === q) return '\\' + c;
    var code = c.charCodeAt(0);
    return '\\x' + (code < 16 ? '0' : '') + code.toString(16).toUpperCase();
  }) + q;
}

function isError(v) { return v instanceof Error || toStr.call(v) === '[object Error]'; }

function fnBase(v) {
  var name = v.name ? String(v.name) : '';
  if (isClass(v)) {
    var ext = Object.getPrototypeOf(v);
    var base = '[class ' + (name || '(anonymous)');
    if (ext && ext.name) base += ' extends ' + ext.name;
    return base + ']';
  }
  var type = 'Function';
  var tag = toStr.call(v);
  if (tag === '[object AsyncFunction]') type = 'AsyncFunction';
  else if (tag === '[object GeneratorFunction]') type = 'GeneratorFunction';
  else if (tag === '[object AsyncGeneratorFunction]') type = 'AsyncGeneratorFunction';
  return '[' + type + (name ? ': ' + name : ' (anonymous)') + ']';
}

// A class: its source says so, or (an engine that prints classes as native functions) a
// constructor whose prototype is read-only and which is not a built-in.
function isClass(v) {
  var src = '';
  try { src = Function.prototype.toString.call(v); } catch (e) { /* not inspectable */ }
  if (/^class\b/.test(src)) return true;
  var d = Object.getOwnPropertyDescriptor(v, 'prototype');
  return !!d && d.writable === false && !(v.name && globalThis[v.name] === v);
}

function constructorName(v) {
  var proto = Object.getPrototypeOf(v);
  if (proto === null) return null;
  var seen = 0;
  while (proto && seen++ < 100) {
    var d = Object.getOwnPropertyDescriptor(proto, 'constructor');
    if (d && typeof d.value === 'function' && d.value.name) return d.value.name;
    proto = Object.getPrototypeOf(proto);
  }
  return '';
}

function formatPrimitive(v, ctx) {
  switch (typeof v) {
    case 'string': return quote(v);
    case 'number': return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint': return String(v) + 'n';
    case 'boolean': return String(v);
    case 'undefined': return 'undefined';
    case 'symbol': return v.toString();
  }
  return String(v);
}

function formatValue(ctx, v, depth, typedArray) {
  if (v === null) return 'null';
  if (typeof v !== 'object' && typeof v !== 'function') return formatPrimitive(v, ctx);
  if (ctx.customInspect !== false) {
    var custom = v[customInspect];
    if (typeof custom === 'function' && custom !== inspect) {
      var r = custom.call(v, ctx.depth - depth, ctx, inspect);
      if (r !== v) return typeof r === 'string' ? r : formatValue(ctx, r, depth);
    }
  }
  if (ctx.seen.indexOf(v) >= 0) {
    var idx = ctx.circular.indexOf(v);
    if (idx < 0) { ctx.circular.push(v); idx = ctx.circular.length - 1; }
    return '[Circular *' + (idx + 1) + ']';
  }
  return formatRaw(ctx, v, depth, typedArray);
}

function keysOf(v, ctx, skipIndices) {
  var keys = ctx.showHidden ? Object.getOwnPropertyNames(v) : Object.keys(v);
  if (skipIndices) keys = keys.filter(function (k) { return !/^(0|[1-9][0-9]*)$/.test(k); });
  var syms = Object.getOwnPropertySymbols(v).filter(function (s) {
    return ctx.showHidden || Object.getOwnPropertyDescriptor(v, s).enumerable;
  });
  return keys.concat(syms);
}

function formatKey(k) {
  if (typeof k === 'symbol') return '[' + k.toString() + ']';
  return IDENT.test(k) ? k : quote(k);
}

function formatProperty(ctx, v, depth, key, isArrayEntry) {
  var desc = Object.getOwnPropertyDescriptor(v, key) || { value: v[key], enumerable: true };
  var str;
  if (desc.value !== undefined || !('get' in desc || 'set' in desc)) {
    ctx.indentationLvl += 2;
    str = formatValue(ctx, desc.value, depth);
    ctx.indentationLvl -= 2;
  } else if (desc.get !== undefined) {
    str = desc.set !== undefined ? '[Getter/Setter]' : '[Getter]';
  } else {
    str = desc.set !== undefined ? '[Setter]' : 'undefined';
  }
  if (isArrayEntry) return str;
  var name = formatKey(key);
  if (desc.enumerable === false) name = '[' + name + ']';
  return name + ': ' + str;
}

function prefix(ctor, tag, fallback, size) {
  if (ctor === null) return '[' + fallback + (size !== undefined ? '(' + size + ')' : '') + ': null prototype] ';
  var base = ctor + (size !== undefined ? '(' + size + ')' : '');
  if (tag && tag !== ctor) base += ' [' + tag + ']';
  return base + ' ';
}

function formatRaw(ctx, v, depth, typedArray) {
  var ctor = constructorName(v);
  var tag = v[Symbol.toStringTag];
  if (typeof tag !== 'string') tag = '';
  var braces, output = [], base = '', keys, extrasArray = false;
  if (Array.isArray(v)) {
    keys = keysOf(v, ctx, true);
    braces = [(ctor === 'Array' && !tag ? '' : prefix(ctor, tag, 'Array', v.length)) + '[', ']'];
    extrasArray = true;
    if (v.length === 0 && keys.length === 0) return braces[0] + ']';
  } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    keys = keysOf(v, ctx, true);
    braces = [prefix(ctor, tag, tag || 'TypedArray', v.length) + '[', ']'];
    extrasArray = true;
    if (v.length === 0 && keys.length === 0) return braces[0] + ']';
  } else if (v instanceof Map) {
    keys = keysOf(v, ctx);
    braces = [prefix(ctor, tag === 'Map' ? '' : tag, 'Map', v.size) + '{', '}'];
    if (v.size === 0 && keys.length === 0) return braces[0] + '}';
  } else if (v instanceof Set) {
    keys = keysOf(v, ctx);
    braces = [prefix(ctor, tag === 'Set' ? '' : tag, 'Set', v.size) + '{', '}'];
    if (v.size === 0 && keys.length === 0) return braces[0] + '}';
  } else {
    keys = keysOf(v, ctx);
    braces = ['{', '}'];
    if (typeof v === 'function') {
      base = fnBase(v);
      keys = keys.filter(function (k) { return k !== 'prototype' || ctx.showHidden; });
      if (keys.length === 0) return base;
    } else if (v instanceof RegExp) {
      base = RegExp.prototype.toString.call(v);
      if (keys.length === 0) return base;
    } else if (v instanceof Date) {
      base = isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
      if (keys.length === 0) return base;
    } else if (isError(v)) {
      base = v.stack ? String(v.stack) : '[' + (v.name || 'Error') + (v.message ? ': ' + v.message : '') + ']';
      keys = keys.filter(function (k) { return k !== 'stack' && k !== 'message'; });
      if (keys.length === 0) return base;
      if (ctx.indentationLvl) base = base.split('\n').join('\n' + ' '.repeat(ctx.indentationLvl));
    } else if (v instanceof Promise) {
      braces[0] = prefix(ctor, '', 'Promise') + '{';
      output.push('<pending>');
    } else if (v instanceof WeakMap || v instanceof WeakSet) {
      return prefix(ctor, '', ctor) + '{ <items unknown> }';
    } else if (v instanceof ArrayBuffer) {
      braces[0] = prefix(ctor, '', 'ArrayBuffer') + '{';
      var bytes = new Uint8Array(v);
      var hexs = [];
      for (var h = 0; h < Math.min(bytes.length, 50); h++) hexs.push((bytes[h] < 16 ? '0' : '') + bytes[h].toString(16));
      output.push('[Uint8Contents]: <' + hexs.join(' ') + (bytes.length > 50 ? ' ... ' + (bytes.length - 50) + ' more bytes' : '') + '>', 'byteLength: ' + v.byteLength);
    } else if (typeof v === 'object' && (v instanceof Number || v instanceof String || v instanceof Boolean)) {
      var t = v instanceof Number ? 'Number' : v instanceof String ? 'String' : 'Boolean';
      base = '[' + t + ': ' + formatPrimitive(v.valueOf()) + ']';
      if (v instanceof String) keys = keys.filter(function (k) { return !/^(0|[1-9][0-9]*)$/.test(k); });
      if (keys.length === 0) return base;
    } else if (tag === 'Module') {
      braces[0] = '[Module: null prototype] {';
    } else {
      if (ctor === 'Object') {
        if (tag) braces[0] = 'Object [' + tag + '] {';
      } else {
        braces[0] = prefix(ctor, tag, 'Object') + '{';
      }
      if (keys.length === 0 && output.length === 0) {
        return braces[0] + '}';
      }
    }
  }

  if (depth > ctx.depth && ctx.depth !== null) {
    var name = Array.isArray(v) ? 'Array' : (ctor || tag || 'Object');
    return '[' + name + ']';
  }

  ctx.seen.push(v);
  ctx.currentDepth = depth;
  var i;
  if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    var len = v.length;
    var shown = Math.min(len, ctx.maxArrayLength);
    var holes = 0;
    for (i = 0; i < shown; i++) {
      if (!hasOwn.call(v, i) && Array.isArray(v)) {
        holes++;
        continue;
      }
      if (holes) { output.push('<' + holes + ' empty item' + (holes > 1 ? 's' : '') + '>'); holes = 0; }
      output.push(formatProperty(ctx, v, depth + 1, i, true));
    }
    if (holes) output.push('<' + holes + ' empty item' + (holes > 1 ? 's' : '') + '>');
    if (len > shown) output.push('... ' + (len - shown) + ' more item' + (len - shown > 1 ? 's' : ''));
  } else if (v instanceof Map) {
    ctx.indentationLvl += 2;
    v.forEach(function (val, k) {
      output.push(formatValue(ctx, k, depth + 1) + ' => ' + formatValue(ctx, val, depth + 1));
    });
    ctx.indentationLvl -= 2;
  } else if (v instanceof Set) {
    ctx.indentationLvl += 2;
    v.forEach(function (val) { output.push(formatValue(ctx, val, depth + 1)); });
    ctx.indentationLvl -= 2;
  }
  for (i = 0; i < keys.length; i++) output.push(formatProperty(ctx, v, depth + 1, keys[i], false));
  ctx.seen.pop();

  var ref = '';
  var ci = ctx.circular.indexOf(v);
  if (ci >= 0) ref = '<ref *' + (ci + 1) + '> ';
  var res = reduceToSingleString(ctx, output, base, braces, extrasArray, depth, v);
  return ref + res;
}

function groupArrayElements(ctx, output, value) {
  var totalLength = 0, maxLength = 0, i = 0;
  var outputLength = output.length;
  if (ctx.maxArrayLength < output.length) outputLength--;
  var separatorSpace = 2;
  var dataLen = new Array(outputLength);
  for (; i < outputLength; i++) {
    var len = output[i].length;
    dataLen[i] = len;
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  var actualMax = maxLength + separatorSpace;
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
      (totalLength / actualMax > 5 || maxLength <= 6)) {
    var averageBias = Math.sqrt(actualMax - totalLength / output.length);
    var biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    var columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      ctx.compact * 4,
      15
    );
    if (columns <= 1) return output;
    var tmp = [];
    var maxLineLength = [];
    for (i = 0; i < columns; i++) {
      var lineLength = 0;
      for (var j = i; j < output.length; j += columns) {
        if (dataLen[j] > lineLength) lineLength = dataLen[j];
      }
      maxLineLength.push(lineLength + separatorSpace);
    }
    var padStart = true;
    if (value !== undefined) {
      for (i = 0; i < output.length; i++) {
        if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') { padStart = false; break; }
      }
    }
    for (i = 0; i < outputLength; i += columns) {
      var max = Math.min(i + columns, outputLength);
      var str = '';
      var k = i;
      for (; k < max - 1; k++) {
        var cell = output[k] + ', ';
        str += padStart ? cell.padStart(maxLineLength[k - i], ' ') : cell.padEnd(maxLineLength[k - i], ' ');
      }
      if (padStart) {
        str += output[k].padStart(maxLineLength[k - i] - separatorSpace, ' ');
      } else {
        str += output[k];
      }
      tmp.push(str);
    }
    if (ctx.maxArrayLength < output.length) tmp.push(output[outputLength]);
    output = tmp;
  }
  return output;
}

function isBelowBreakLength(ctx, output, start, base) {
  var totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (var i = 0; i < output.length; i++) {
    totalLength += output[i].length;
    if (totalLength > ctx.breakLength) return false;
  }
  return base === '' || base.indexOf('\n') < 0;
}

function reduceToSingleString(ctx, output, base, braces, extrasArray, depth, value) {
  var entries = output.length;
  if (extrasArray && entries > 6) output = groupArrayElements(ctx, output, value);
  if (ctx.currentDepth - depth < ctx.compact && entries === output.length) {
    var start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
    if (isBelowBreakLength(ctx, output, start, base)) {
      var joined = output.join(', ');
      if (joined.indexOf('\n') < 0) {
        return (base ? base + ' ' : '') + braces[0] + ' ' + joined + ' ' + braces[1];
      }
    }
  }
  var indentation = '\n' + ' '.repeat(ctx.indentationLvl);
  return (base ? base + ' ' : '') + braces[0] + indentation + '  ' + output.join(',' + indentation + '  ') + indentation + braces[1];
}

function inspect(value, opts) {
  var ctx = {
    depth: 2, showHidden: false, breakLength: 80, compact: 3, maxArrayLength: 100, customInspect: true,
    seen: [], circular: [], indentationLvl: 0, currentDepth: 0
  };
  if (typeof opts === 'boolean') {
    ctx.showHidden = opts;
    if (arguments.length > 2 && arguments[2] !== undefined) ctx.depth = arguments[2];
  } else if (opts && typeof opts === 'object') {
    ['depth', 'showHidden', 'breakLength', 'compact', 'maxArrayLength', 'customInspect'].forEach(function (k) {
      if (opts[k] !== undefined) ctx[k] = opts[k];
    });
  }
  if (ctx.depth === Infinity) ctx.depth = null;
  if (ctx.maxArrayLength === null || ctx.maxArrayLength === Infinity) ctx.maxArrayLength = Infinity;
  if (ctx.compact === true) ctx.compact = 3;
  if (ctx.compact === false) ctx.compact = 0;
  if (ctx.breakLength === Infinity) ctx.breakLength = 1e9;
  // Plain data natively (inspect.rs), the same text; anything else here.
  if (!ctx.showHidden && value !== null && typeof value === 'object') {
    var fast = __fngate_inspect(value, ctx.depth === null ? -1 : ctx.depth, ctx.breakLength, ctx.compact, ctx.maxArrayLength);
    if (fast !== undefined) return fast;
  }
  return formatValue(ctx, value, 0);
}
inspect.custom = customInspect;
inspect.defaultOptions = { depth: 2, breakLength: 80, compact: 3 };

function format(f) {
  var args = Array.prototype.slice.call(arguments, 1);
  var out = '';
  var start = 0;
  if (typeof f === 'string') {
    if (!args.length) return f;
    var a = 0;
    for (var i = 0; i < f.length - 1; i++) {
      if (f.charCodeAt(i) !== 37) continue; // '%'
      var c = f[i + 1];
      if (c === '%') { out += f.slice(start, i) + '%'; start = i + 2; i++; continue; }
      if (a >= args.length) continue;
      var s;
      switch (c) {
        case 's': {
          var x = args[a];
          if (typeof x === 'string') s = x;
          else if (typeof x === 'bigint') s = x + 'n';
          else if (typeof x === 'number') s = Object.is(x, -0) ? '-0' : String(x);
          else if (x === null || (typeof x !== 'object' && typeof x !== 'function') || userToString(x)) s = String(x);
          else s = inspect(x, { depth: 0 });
          break;
        }
        case 'd': case 'i': {
          var n = args[a];
          if (typeof n === 'bigint') s = n + 'n';
          else if (typeof n === 'symbol') s = 'NaN';
          else s = c === 'i' ? String(parseInt(n, 10)) : formatPrimitive(Number(n));
          break;
        }
        case 'f': s = typeof args[a] === 'symbol' ? 'NaN' : String(parseFloat(args[a])); break;
        case 'j': try { s = JSON.stringify(args[a]); } catch (e) { s = '[Circular]'; } break;
        case 'o': s = inspect(args[a], { showHidden: true, depth: 4 }); break;
        case 'O': s = inspect(args[a]); break;
        case 'c': s = ''; break;
        default: continue;
      }
      out += f.slice(start, i) + s;
      start = i + 2;
      i++;
      a++;
    }
    out += f.slice(start);
    args = args.slice(a);
  } else {
    args.unshift(f);
  }
  for (var k = 0; k < args.length; k++) {
    var v = args[k];
    out += (out || k > 0 || typeof f === 'string' ? ' ' : '') + (typeof v === 'string' ? v : inspect(v));
  }
  return out;
}

var BUILTIN_TO_STRING = [Object.prototype.toString, Array.prototype.toString, Error.prototype.toString,
  Date.prototype.toString, RegExp.prototype.toString, Function.prototype.toString];
function userToString(x) {
  return typeof x.toString === 'function' && BUILTIN_TO_STRING.indexOf(x.toString) < 0;
}

function formatWithOptions(opts) { return format.apply(null, Array.prototype.slice.call(arguments, 1)); }

function promisify(original) {
  if (typeof original !== 'function') throw new TypeError('The "original" argument must be of type function');
  if (original[promisifyCustom]) return original[promisifyCustom];
  function fn() {
    var self = this, args = Array.prototype.slice.call(arguments);
    return new Promise(function (resolve, reject) {
      original.apply(self, args.concat(function (err, value) {
        if (err) reject(err); else if (arguments.length > 2) resolve(Array.prototype.slice.call(arguments, 1)); else resolve(value);
      }));
    });
  }
  Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
  Object.defineProperty(fn, promisifyCustom, { value: fn });
  return Object.defineProperties(fn, Object.getOwnPropertyDescriptors(original));
}
promisify.custom = promisifyCustom;

function callbackify(original) {
  return function () {
    var args = Array.prototype.slice.call(arguments);
    var cb = args.pop();
    original.apply(this, args).then(function (v) { process.nextTick(cb, null, v); }, function (e) {
      if (!e) { var w = new Error('Promise was rejected with a falsy value'); w.reason = e; e = w; }
      process.nextTick(cb, e);
    });
  };
}

function inherits(ctor, superCtor) {
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

function deprecate(fn, msg) {
  var warned = false;
  return function () {
    if (!warned) { warned = true; process.emitWarning(msg, 'DeprecationWarning'); }
    return fn.apply(this, arguments);
  };
}

var tagOf = function (t) { return function (v) { return toStr.call(v) === '[object ' + t + ']'; }; };
var types = {
  isDate: function (v) { return v instanceof Date; },
  isRegExp: function (v) { return v instanceof RegExp; },
  isMap: function (v) { return v instanceof Map; },
  isSet: function (v) { return v instanceof Set; },
  isWeakMap: function (v) { return v instanceof WeakMap; },
  isWeakSet: function (v) { return v instanceof WeakSet; },
  isPromise: function (v) { return v instanceof Promise; },
  isNativeError: isError,
  isTypedArray: function (v) { return ArrayBuffer.isView(v) && !(v instanceof DataView); },
  isUint8Array: function (v) { return v instanceof Uint8Array; },
  isArrayBuffer: function (v) { return v instanceof ArrayBuffer; },
  isAnyArrayBuffer: function (v) { return v instanceof ArrayBuffer; },
  isArrayBufferView: function (v) { return ArrayBuffer.isView(v); },
  isDataView: function (v) { return v instanceof DataView; },
  isAsyncFunction: tagOf('AsyncFunction'),
  isGeneratorFunction: function (v) { return /GeneratorFunction\]$/.test(toStr.call(v)); },
  isGeneratorObject: tagOf('Generator'),
  isBoxedPrimitive: function (v) { return v instanceof Number || v instanceof String || v instanceof Boolean; },
  isSymbolObject: function (v) { return typeof v === 'object' && v !== null && tagOf('Symbol')(v); },
  isNumberObject: function (v) { return typeof v === 'object' && v !== null && tagOf('Number')(v); },
  isStringObject: function (v) { return typeof v === 'object' && v !== null && tagOf('String')(v); },
  isBooleanObject: function (v) { return typeof v === 'object' && v !== null && tagOf('Boolean')(v); },
  isBigIntObject: function (v) { return typeof v === 'object' && v !== null && tagOf('BigInt')(v); },
  isSharedArrayBuffer: function (v) { return typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer; },
  isMapIterator: tagOf('Map Iterator'),
  isSetIterator: tagOf('Set Iterator'),
  isUint8Array: function (v) { return v instanceof Uint8Array; },
  // A proxy cannot be told from its target in JavaScript: never one here.
  isProxy: function () { return false; },
  isExternal: function () { return false; },
  isModuleNamespaceObject: tagOf('Module'),
  isWeakRef: function (v) { return typeof WeakRef !== 'undefined' && v instanceof WeakRef; }
};

function isDeepStrictEqual(a, b) { return require('assert').__deepEqual(a, b, true); }

module.exports = {
  format: format,
  formatWithOptions: formatWithOptions,
  inspect: inspect,
  promisify: promisify,
  callbackify: callbackify,
  inherits: inherits,
  deprecate: deprecate,
  types: types,
  isDeepStrictEqual: isDeepStrictEqual,
  TextEncoder: TextEncoder,
  TextDecoder: TextDecoder,
  isArray: Array.isArray,
  isBoolean: function (v) { return typeof v === 'boolean'; },
  isNull: function (v) { return v === null; },
  isNullOrUndefined: function (v) { return v === null || v === undefined; },
  isNumber: function (v) { return typeof v === 'number'; },
  isString: function (v) { return typeof v === 'string'; },
  isSymbol: function (v) { return typeof v === 'symbol'; },
  isUndefined: function (v) { return v === undefined; },
  isRegExp: types.isRegExp,
  isObject: function (v) { return v !== null && typeof v === 'object'; },
  isDate: types.isDate,
  isError: isError,
  isFunction: function (v) { return typeof v === 'function'; },
  isPrimitive: function (v) { return v === null || (typeof v !== 'object' && typeof v !== 'function'); }
};

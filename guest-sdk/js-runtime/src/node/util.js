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

// --- Styles (inspect.colors, inspect.styles) ---
var COLORS = {
  reset: [0, 0], bold: [1, 22], dim: [2, 22], italic: [3, 23], underline: [4, 24], blink: [5, 25],
  inverse: [7, 27], hidden: [8, 28], strikethrough: [9, 29], doubleunderline: [21, 24],
  black: [30, 39], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39],
  cyan: [36, 39], white: [37, 39], bgBlack: [40, 49], bgRed: [41, 49], bgGreen: [42, 49], bgYellow: [43, 49],
  bgBlue: [44, 49], bgMagenta: [45, 49], bgCyan: [46, 49], bgWhite: [47, 49], framed: [51, 54], overlined: [53, 55],
  gray: [90, 39], redBright: [91, 39], greenBright: [92, 39], yellowBright: [93, 39], blueBright: [94, 39],
  magentaBright: [95, 39], cyanBright: [96, 39], whiteBright: [97, 39], bgGray: [100, 49], bgRedBright: [101, 49],
  bgGreenBright: [102, 49], bgYellowBright: [103, 49], bgBlueBright: [104, 49], bgMagentaBright: [105, 49],
  bgCyanBright: [106, 49], bgWhiteBright: [107, 49]
};
[['gray', 'grey'], ['gray', 'blackBright'], ['bgGray', 'bgGrey'], ['bgGray', 'bgBlackBright'], ['dim', 'faint'],
  ['strikethrough', 'crossedout'], ['strikethrough', 'strikeThrough'], ['strikethrough', 'crossedOut'],
  ['hidden', 'conceal'], ['inverse', 'swapColors'], ['inverse', 'swapcolors'], ['doubleunderline', 'doubleUnderline']
].forEach(function (p) { Object.defineProperty(COLORS, p[1], { get: function () { return this[p[0]]; }, set: function (v) { this[p[0]] = v; }, configurable: true }); });
var STYLES = {
  special: 'cyan', number: 'yellow', bigint: 'yellow', boolean: 'yellow', undefined: 'grey', null: 'bold',
  string: 'green', symbol: 'green', date: 'magenta', regexp: 'red', module: 'underline'
};
function stylizeWithColor(str, styleType) {
  var style = inspect.styles[styleType];
  var color = style !== undefined && inspect.colors[style];
  return color ? '\u001b[' + color[0] + 'm' + str + '\u001b[' + color[1] + 'm' : str;
}
function stylizeNoColor(str) { return str; }
var ANSI = new RegExp('[\\u001B\\u009B][[\\]()#;?]*' +
  '(?:(?:(?:(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]+)*' +
  '|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]*)*)?' +
  '(?:\\u0007|\\u001B\\u005C|\\u009C))' +
  '|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PR-TZcf-ntqry=><~]))', 'g');
function removeColors(str) { return str.replace(ANSI, ''); }

// --- Primitives ---
function addNumericSeparator(s) {
  var result = '', i = s.length, start = s[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) result = '_' + s.slice(i - 3, i) + result;
  return i === s.length ? s : s.slice(0, i) + result;
}
function addNumericSeparatorEnd(s) {
  var result = '', i = 0;
  for (; i < s.length - 3; i += 3) result += s.slice(i, i + 3) + '_';
  return i === 0 ? s : result + s.slice(i);
}
function formatNumber(fn, n, separate) {
  if (!separate) return fn(Object.is(n, -0) ? '-0' : String(n), 'number');
  var integer = Math.trunc(n), str = String(integer);
  if (integer === n) {
    if (!isFinite(n) || str.indexOf('e') >= 0) return fn(str, 'number');
    return fn(addNumericSeparator(str), 'number');
  }
  if (n !== n) return fn(str, 'number');
  return fn(addNumericSeparator(str) + '.' + addNumericSeparatorEnd(String(n).slice(str.length + 1)), 'number');
}
function formatBigInt(fn, n, separate) {
  return fn((separate ? addNumericSeparator(String(n)) : String(n)) + 'n', 'bigint');
}
function formatPrimitive(v, ctx) {
  var fn = ctx ? ctx.stylize : stylizeNoColor;
  switch (typeof v) {
    case 'string': return formatString(v, ctx, fn);
    case 'number': return formatNumber(fn, v, ctx && ctx.numericSeparator);
    case 'bigint': return formatBigInt(fn, v, ctx && ctx.numericSeparator);
    case 'boolean': return fn(String(v), 'boolean');
    case 'undefined': return fn('undefined', 'undefined');
    case 'symbol': return fn(v.toString(), 'symbol');
  }
  return String(v);
}
// A string: cut at maxStringLength; a long one with line breaks, one quoted line each.
function formatString(v, ctx, fn) {
  var trailer = '';
  if (ctx && v.length > ctx.maxStringLength) {
    var remaining = v.length - ctx.maxStringLength;
    v = v.slice(0, ctx.maxStringLength);
    trailer = '... ' + remaining + ' more character' + (remaining > 1 ? 's' : '');
  }
  if (ctx && ctx.compact !== true && v.length > 16 && v.length > ctx.breakLength - ctx.indentationLvl - 4 && v.indexOf('\n') >= 0) {
    var lines = v.match(/[^\n]*\n|[^\n]+$/g);
    return lines.map(function (line) { return fn(quote(line), 'string'); })
      .join(' +\n' + ' '.repeat(ctx.indentationLvl + 2)) + trailer;
  }
  return fn(quote(v), 'string') + trailer;
}

// --- Values ---
function formatValue(ctx, v, depth, typedArray) {
  if (v === null) return ctx.stylize('null', 'null');
  if (typeof v !== 'object' && typeof v !== 'function') return formatPrimitive(v, ctx);
  var context = v;
  // A proxy: its target, read without running any trap (or both parts with showProxy).
  var proxy = __fngate_inspect(v, 'proxy');
  if (proxy !== undefined) {
    if (proxy[0] === null) return ctx.stylize('<Revoked Proxy>', 'special');
    if (ctx.showProxy) return formatProxy(ctx, proxy, depth);
    v = proxy[0];
  }
  if (ctx.customInspect) {
    var custom = v[customInspect];
    if (typeof custom === 'function' && custom !== inspect) {
      var r = custom.call(context, ctx.depth === null ? null : ctx.depth - depth, userOptions(ctx), inspect);
      if (r !== context) {
        if (typeof r !== 'string') return formatValue(ctx, r, depth);
        return r.split('\n').join('\n' + ' '.repeat(ctx.indentationLvl));
      }
    }
  }
  if (ctx.seen.indexOf(v) >= 0) {
    var idx = ctx.circular.indexOf(v);
    if (idx < 0) { ctx.circular.push(v); idx = ctx.circular.length - 1; }
    return ctx.stylize('[Circular *' + (idx + 1) + ']', 'special');
  }
  return formatRaw(ctx, v, depth, typedArray);
}

function formatProxy(ctx, proxy, depth) {
  if (ctx.depth !== null && depth > ctx.depth) return ctx.stylize('Proxy [Array]', 'special');
  ctx.indentationLvl += 2;
  var res = [formatValue(ctx, proxy[0], depth + 1), formatValue(ctx, proxy[1], depth + 1)];
  ctx.indentationLvl -= 2;
  return reduceToSingleString(ctx, res, '', ['Proxy [', ']'], true, depth);
}

// The options a custom inspect function receives.
var OPTION_NAMES = ['showHidden', 'depth', 'colors', 'customInspect', 'showProxy', 'maxArrayLength',
  'maxStringLength', 'breakLength', 'compact', 'sorted', 'getters', 'numericSeparator'];
function userOptions(ctx) {
  var o = { stylize: ctx.stylize };
  OPTION_NAMES.forEach(function (k) { o[k] = ctx.user[k] !== undefined ? ctx.user[k] : ctx[k]; });
  Object.keys(ctx.user).forEach(function (k) { if (!(k in o)) o[k] = ctx.user[k]; });
  return o;
}

function keysOf(v, ctx, skipIndices) {
  var keys = ctx.showHidden ? Object.getOwnPropertyNames(v) : Object.keys(v);
  if (skipIndices) keys = keys.filter(function (k) { return !/^(0|[1-9][0-9]*)$/.test(k); });
  var syms = Object.getOwnPropertySymbols(v).filter(function (s) {
    return ctx.showHidden || Object.getOwnPropertyDescriptor(v, s).enumerable;
  });
  return keys.concat(syms);
}

function formatKey(ctx, k) {
  if (typeof k === 'symbol') return '[' + ctx.stylize(k.toString(), 'symbol') + ']';
  return IDENT.test(k) ? ctx.stylize(k, 'name') : ctx.stylize(quote(k), 'string');
}

function formatProperty(ctx, v, depth, key, isArrayEntry) {
  var desc = Object.getOwnPropertyDescriptor(v, key) || { value: v[key], enumerable: true };
  var str;
  if (desc.value !== undefined || !('get' in desc || 'set' in desc)) {
    ctx.indentationLvl += 2;
    str = formatValue(ctx, desc.value, depth);
    ctx.indentationLvl -= 2;
  } else if (desc.get !== undefined) {
    str = formatGetter(ctx, v, depth, desc);
  } else {
    str = desc.set !== undefined ? ctx.stylize('[Setter]', 'special') : ctx.stylize('undefined', 'undefined');
  }
  if (isArrayEntry) return str;
  var name = formatKey(ctx, key);
  if (desc.enumerable === false) name = '[' + name + ']';
  return name + ': ' + str;
}

// [Getter], or with the `getters` option [Getter: value].
function formatGetter(ctx, v, depth, desc) {
  var label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
  var s = ctx.stylize;
  var g = ctx.getters;
  if (!(g && (g === true || (g === 'get' && desc.set === undefined) || (g === 'set' && desc.set !== undefined)))) {
    return s('[' + label + ']', 'special');
  }
  try {
    var tmp = desc.get.call(v);
    ctx.indentationLvl += 2;
    var str;
    if (tmp === null) str = s('[' + label + ':', 'special') + ' ' + s('null', 'null') + s(']', 'special');
    else if (typeof tmp === 'object') str = s('[' + label + ']', 'special') + ' ' + formatValue(ctx, tmp, depth);
    else str = s('[' + label + ':', 'special') + ' ' + formatPrimitive(tmp, ctx) + s(']', 'special');
    ctx.indentationLvl -= 2;
    return str;
  } catch (err) {
    return s('[' + label + ':', 'special') + ' <Inspection threw (' + (err && err.message) + ')>' + s(']', 'special');
  }
}

function prefix(ctor, tag, fallback, size) {
  var sz = size !== undefined ? '(' + size + ')' : '';
  if (ctor === null) {
    if (tag && tag !== fallback) return '[' + fallback + sz + ': null prototype] [' + tag + '] ';
    return '[' + fallback + sz + ': null prototype] ';
  }
  if (tag && tag !== ctor) return ctor + sz + ' [' + tag + '] ';
  return ctor + sz + ' ';
}

// The primitive inside a boxed Number, String, Boolean, Symbol or BigInt, as [type, value].
var BOXES = [['Number', Number], ['String', String], ['Boolean', Boolean], ['Symbol', Symbol], ['BigInt', typeof BigInt === 'function' ? BigInt : null]];
function boxed(v) {
  if (typeof v !== 'object') return null;
  for (var i = 0; i < BOXES.length; i++) {
    if (!BOXES[i][1]) continue;
    try { return [BOXES[i][0], BOXES[i][1].prototype.valueOf.call(v)]; } catch (e) { /* not this type */ }
  }
  return null;
}

function isArguments(v) { return toStr.call(v) === '[object Arguments]'; }

function formatArrayBufferContents(ctx, buffer) {
  var bytes = new Uint8Array(buffer);
  var hexs = [];
  var max = Math.min(bytes.length, ctx.maxArrayLength);
  for (var h = 0; h < max; h++) hexs.push((bytes[h] < 16 ? '0' : '') + bytes[h].toString(16));
  var rest = bytes.length - max;
  return '[Uint8Contents]: ' + ctx.stylize('<' + hexs.join(' ') + (rest > 0 ? ' ... ' + rest + ' more byte' + (rest > 1 ? 's' : '') : '') + '>', 'special');
}

function formatRaw(ctx, v, depth, typedArray) {
  var ctor = constructorName(v);
  var tag = v[Symbol.toStringTag];
  // Only a tag that is not printed as a property anyway (Node's rule).
  if (typeof tag !== 'string' || (tag !== '' && (ctx.showHidden ? hasOwn : Object.prototype.propertyIsEnumerable).call(v, Symbol.toStringTag))) tag = '';
  var braces, output = [], base = '', keys, extrasArray = false, box;
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
    var promise;
    if (typeof v === 'function') {
      base = ctx.stylize(fnBase(v), 'special');
      keys = keys.filter(function (k) { return k !== 'prototype' || ctx.showHidden; });
      if (keys.length === 0) return base;
    } else if (v instanceof RegExp) {
      base = ctx.stylize(RegExp.prototype.toString.call(v), 'regexp');
      if (keys.length === 0) return base;
    } else if (v instanceof Date) {
      base = ctx.stylize(isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString(), 'date');
      if (keys.length === 0) return base;
    } else if (isError(v)) {
      base = v.stack ? String(v.stack) : '[' + (v.name || 'Error') + (v.message ? ': ' + v.message : '') + ']';
      keys = keys.filter(function (k) { return k !== 'stack' && k !== 'message'; });
      if (ctx.indentationLvl) base = base.split('\n').join('\n' + ' '.repeat(ctx.indentationLvl));
      if (keys.length === 0) return base;
    } else if ((promise = __fngate_inspect(v, 'promise')) !== undefined) {
      braces[0] = prefix(ctor, tag === 'Promise' ? '' : tag, 'Promise') + '{';
      if (promise[0] === 'pending') output.push(ctx.stylize('<pending>', 'special'));
      else {
        ctx.indentationLvl += 2;
        var settled = formatValue(ctx, promise[1], depth + 1);
        ctx.indentationLvl -= 2;
        output.push(promise[0] === 'rejected' ? ctx.stylize('<rejected>', 'special') + ' ' + settled : settled);
      }
    } else if (v instanceof WeakMap || v instanceof WeakSet) {
      return prefix(ctor, '', ctor) + '{ ' + ctx.stylize('<items unknown>', 'special') + ' }';
    } else if (v instanceof ArrayBuffer) {
      braces[0] = prefix(ctor, '', 'ArrayBuffer') + '{';
      output.push(formatArrayBufferContents(ctx, v));
      keys.unshift('byteLength');
    } else if (v instanceof DataView) {
      braces[0] = prefix(ctor, tag === 'DataView' ? '' : tag, 'DataView') + '{';
      keys.unshift('byteLength', 'byteOffset', 'buffer');
    } else if ((box = boxed(v))) {
      if (box[0] === 'String') keys = keys.filter(function (k) { return !/^(0|[1-9][0-9]*)$/.test(k) && k !== 'length'; });
      base = '[' + box[0] + (ctor !== box[0] ? ' (' + ctor + ')' : '') + ': ' + formatPrimitive(box[1], null) + ']';
      if (tag && tag !== ctor && tag !== box[0]) base += ' [' + tag + ']';
      base = ctx.stylize(base, box[0].toLowerCase());
      if (keys.length === 0) return base;
    } else if (tag === 'Module') {
      braces[0] = '[Module: null prototype] {';
    } else {
      if (ctor === 'Object') {
        if (isArguments(v)) braces[0] = '[Arguments] {';
        else if (tag) braces[0] = prefix(ctor, tag, 'Object') + '{';
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
    return ctx.stylize('[' + name + ']', 'special');
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
      if (holes) { output.push(ctx.stylize('<' + holes + ' empty item' + (holes > 1 ? 's' : '') + '>', 'undefined')); holes = 0; }
      output.push(formatProperty(ctx, v, depth + 1, i, true));
    }
    if (holes) output.push(ctx.stylize('<' + holes + ' empty item' + (holes > 1 ? 's' : '') + '>', 'undefined'));
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
  var before = output.length;
  for (i = 0; i < keys.length; i++) output.push(formatProperty(ctx, v, depth + 1, keys[i], false));
  ctx.seen.pop();
  if (ctx.sorted) {
    var cmp = ctx.sorted === true ? undefined : ctx.sorted;
    if (!extrasArray) output.sort(cmp);
    else if (keys.length > 1) output = output.slice(0, before).concat(output.slice(before).sort(cmp));
  }

  var ref = '';
  var ci = ctx.circular.indexOf(v);
  if (ci >= 0) ref = ctx.stylize('<ref *' + (ci + 1) + '>', 'special') + ' ';
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
    var len = ctx.colors ? removeColors(output[i]).length : output[i].length;
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
        var cell = output[k] + ', ', padding = maxLineLength[k - i] + output[k].length - dataLen[k];
        str += padStart ? cell.padStart(padding, ' ') : cell.padEnd(padding, ' ');
      }
      if (padStart) {
        str += output[k].padStart(maxLineLength[k - i] + output[k].length - dataLen[k] - separatorSpace, ' ');
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
    totalLength += ctx.colors ? removeColors(output[i]).length : output[i].length;
    if (totalLength > ctx.breakLength) return false;
  }
  return base === '' || base.indexOf('\n') < 0;
}

function reduceToSingleString(ctx, output, base, braces, extrasArray, depth, value) {
  if (ctx.compact >= 1) {
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
  }
  var indentation = '\n' + ' '.repeat(ctx.indentationLvl);
  return (base ? base + ' ' : '') + braces[0] + indentation + '  ' + output.join(',' + indentation + '  ') + indentation + braces[1];
}

// --- util.inspect(value[, options]) ---
var inspectDefaultOptions = Object.seal({
  showHidden: false, depth: 2, colors: false, customInspect: true, showProxy: false, maxArrayLength: 100,
  maxStringLength: 10000, breakLength: 80, compact: 3, sorted: false, getters: false, numericSeparator: false
});

function inspect(value, opts) {
  var d = inspectDefaultOptions;
  var ctx = {
    depth: d.depth, showHidden: d.showHidden, colors: d.colors, customInspect: d.customInspect, showProxy: d.showProxy,
    breakLength: d.breakLength, compact: d.compact, maxArrayLength: d.maxArrayLength, maxStringLength: d.maxStringLength,
    sorted: d.sorted, getters: d.getters, numericSeparator: d.numericSeparator,
    seen: [], circular: [], indentationLvl: 0, currentDepth: 0, user: {}, stylize: stylizeNoColor
  };
  if (arguments.length > 1) {
    // The legacy signature: inspect(value, showHidden, depth, colors).
    if (arguments.length > 2) {
      if (arguments[2] !== undefined) ctx.depth = arguments[2];
      if (arguments.length > 3 && arguments[3] !== undefined) ctx.colors = arguments[3];
    }
    if (typeof opts === 'boolean') ctx.showHidden = opts;
    else if (opts && typeof opts === 'object') {
      ctx.user = opts;
      for (var k in opts) {
        if (hasOwn.call(inspectDefaultOptions, k) || k === 'stylize') ctx[k] = opts[k];
      }
    }
  }
  if (ctx.colors) ctx.stylize = stylizeWithColor;
  if (ctx.depth === Infinity) ctx.depth = null;
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
  if (ctx.compact === true) ctx.compact = 3;
  if (ctx.compact === false) ctx.compact = 0;
  if (ctx.breakLength === Infinity) ctx.breakLength = 1e9;
  // Plain data natively (inspect.rs), the same text; anything else here.
  if (!ctx.showHidden && !ctx.colors && !ctx.sorted && !ctx.numericSeparator && !ctx.getters &&
      ctx.maxStringLength === 10000 && value !== null && typeof value === 'object') {
    var fast = __fngate_inspect(value, ctx.depth === null ? -1 : ctx.depth, ctx.breakLength, ctx.compact, ctx.maxArrayLength);
    if (fast !== undefined) return fast;
  }
  return formatValue(ctx, value, 0);
}
inspect.custom = customInspect;
Object.defineProperty(inspect, 'defaultOptions', {
  get: function () { return inspectDefaultOptions; },
  set: function (options) {
    if (options === null || typeof options !== 'object') {
      throw errInvalidArgType('options', 'of type object', options);
    }
    Object.assign(inspectDefaultOptions, options);
  },
  enumerable: true, configurable: true
});
inspect.colors = COLORS;
inspect.styles = STYLES;

// --- util.format, util.formatWithOptions ---
function format() { return formatWithOptionsInternal(undefined, Array.prototype.slice.call(arguments)); }
function formatWithOptions(opts) {
  if (opts === null || typeof opts !== 'object') throw errInvalidArgType('inspectOptions', 'of type object', opts);
  return formatWithOptionsInternal(opts, Array.prototype.slice.call(arguments, 1));
}
function withOptions(opts, extra) { return Object.assign({}, opts, extra); }
function formatWithOptionsInternal(opts, args) {
  if (args.length === 0) return '';
  var f = args[0];
  var out = '';
  var start = 0;
  var a = 1;
  if (typeof f === 'string') {
    if (args.length === 1) return f;
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
          else if (x === null || typeof x !== 'object' || userToString(x)) s = String(x);
          else s = inspect(x, withOptions(opts, { depth: 0, colors: false, compact: 3 }));
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
        case 'o': s = inspect(args[a], withOptions(opts, { showHidden: true, showProxy: true, depth: 4 })); break;
        case 'O': s = inspect(args[a], opts); break;
        case 'c': s = ''; break;
        default: continue;
      }
      out += f.slice(start, i) + s;
      start = i + 2;
      i++;
      a++;
    }
    out += f.slice(start);
  } else {
    a = 0;
  }
  for (var k = a; k < args.length; k++) {
    var v = args[k];
    out += (k > 0 ? ' ' : '') + (typeof v === 'string' ? v : inspect(v, opts));
  }
  return out;
}

var BUILTIN_TO_STRING = [Object.prototype.toString, Array.prototype.toString, Error.prototype.toString,
  Date.prototype.toString, RegExp.prototype.toString, Function.prototype.toString];
function userToString(x) {
  return typeof x.toString === 'function' && BUILTIN_TO_STRING.indexOf(x.toString) < 0;
}


// --- Errors as Node words them ---
function errInvalidArgType(name, expected, v) {
  var got;
  if (v === null || v === undefined) got = String(v);
  else if (typeof v === 'function') got = v.name ? 'function ' + v.name : 'type function';
  else if (typeof v === 'object') got = v.constructor && v.constructor.name ? 'an instance of ' + v.constructor.name : inspect(v, { depth: -1 });
  else {
    var text = inspect(v, { colors: false });
    if (text.length > 28) text = text.slice(0, 25) + '...';
    got = 'type ' + typeof v + ' (' + text + ')';
  }
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "' + name + '" argument must be ' + expected + '. Received ' + got);
}
function nodeError(Base, code, message) {
  var e = new Base(message);
  e.code = code;
  Object.defineProperty(e, 'toString', {
    value: function () { return this.name + ' [' + code + ']: ' + this.message; }, writable: true, configurable: true
  });
  return e;
}

// --- promisify, callbackify, inherits, deprecate ---
function promisify(original) {
  if (typeof original !== 'function') throw errInvalidArgType('original', 'of type function', original);
  if (original[promisifyCustom]) {
    var fn0 = original[promisifyCustom];
    if (typeof fn0 !== 'function') throw errInvalidArgType('util.promisify.custom', 'of type function', fn0);
    return Object.defineProperty(fn0, promisifyCustom, { value: fn0, enumerable: false, writable: false, configurable: true });
  }
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
  if (typeof original !== 'function') throw errInvalidArgType('original', 'of type function', original);
  function callbackified() {
    var args = Array.prototype.slice.call(arguments);
    var cb = args.pop();
    if (typeof cb !== 'function') throw errInvalidArgType('last argument', 'of type function', cb);
    original.apply(this, args).then(function (v) { process.nextTick(cb, null, v); }, function (e) {
      if (!e) {
        var w = nodeError(Error, 'ERR_FALSY_VALUE_REJECTION', 'Promise was rejected with falsy value');
        w.reason = e;
        e = w;
      }
      process.nextTick(cb, e);
    });
  }
  Object.defineProperties(callbackified, Object.getOwnPropertyDescriptors(original));
  return callbackified;
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

// --- util.types: brand checks (a prototype's method or getter throws on anything else) ---
function brand(check) {
  return function (v) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
    try { check(v); return true; } catch (e) { return false; }
  };
}
function getter(proto, name) { return Object.getOwnPropertyDescriptor(proto, name).get; }
var typedArrayTag = getter(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag);
function typedArrayOf(name) { return function (v) { return typedArrayTag.call(v) === name; }; }
var tagOf = function (t) { return function (v) { return toStr.call(v) === '[object ' + t + ']'; }; };
function boxedOf(type) {
  return function (v) { var b = boxed(v); return b !== null && b[0] === type; };
}
var types = {
  isExternal: function () { return false; },
  isDate: brand(function (v) { Date.prototype.getTime.call(v); }),
  isArgumentsObject: isArguments,
  isBigIntObject: boxedOf('BigInt'),
  isBooleanObject: boxedOf('Boolean'),
  isNumberObject: boxedOf('Number'),
  isStringObject: boxedOf('String'),
  isSymbolObject: boxedOf('Symbol'),
  isBoxedPrimitive: function (v) { return boxed(v) !== null; },
  isNativeError: function (v) { return v instanceof Error || toStr.call(v) === '[object Error]'; },
  isRegExp: brand(function (v) { getter(RegExp.prototype, 'flags').call(v); if (!(v instanceof RegExp) && toStr.call(v) !== '[object RegExp]') throw 0; }),
  isAsyncFunction: function (v) { return tagOf('AsyncFunction')(v) || tagOf('AsyncGeneratorFunction')(v); },
  isGeneratorFunction: function (v) { return tagOf('GeneratorFunction')(v) || tagOf('AsyncGeneratorFunction')(v); },
  isGeneratorObject: function (v) { return tagOf('Generator')(v) || tagOf('AsyncGenerator')(v); },
  isPromise: function (v) { return v !== null && typeof v === 'object' && __fngate_inspect(v, 'promise') !== undefined; },
  isMap: brand(function (v) { getter(Map.prototype, 'size').call(v); }),
  isSet: brand(function (v) { getter(Set.prototype, 'size').call(v); }),
  isMapIterator: tagOf('Map Iterator'),
  isSetIterator: tagOf('Set Iterator'),
  isWeakMap: brand(function (v) { WeakMap.prototype.has.call(v, {}); }),
  isWeakSet: brand(function (v) { WeakSet.prototype.has.call(v, {}); }),
  isArrayBuffer: brand(function (v) { getter(ArrayBuffer.prototype, 'byteLength').call(v); }),
  isDataView: brand(function (v) { getter(DataView.prototype, 'byteLength').call(v); }),
  isSharedArrayBuffer: typeof SharedArrayBuffer === 'function'
    ? brand(function (v) { getter(SharedArrayBuffer.prototype, 'byteLength').call(v); }) : function () { return false; },
  isProxy: function (v) { return v !== null && (typeof v === 'object' || typeof v === 'function') && __fngate_inspect(v, 'proxy') !== undefined; },
  isModuleNamespaceObject: function (v) { return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === null && tagOf('Module')(v); },
  isAnyArrayBuffer: function (v) { return types.isArrayBuffer(v) || types.isSharedArrayBuffer(v); },
  isCryptoKey: function (v) { return typeof CryptoKey === 'function' && v instanceof CryptoKey; },
  isKeyObject: function (v) { var K = require('crypto').KeyObject; return typeof K === 'function' && v instanceof K; },
  isArrayBufferView: function (v) { return ArrayBuffer.isView(v); },
  isTypedArray: function (v) { return typedArrayTag.call(v) !== undefined; },
  isUint8Array: typedArrayOf('Uint8Array'),
  isUint8ClampedArray: typedArrayOf('Uint8ClampedArray'),
  isUint16Array: typedArrayOf('Uint16Array'),
  isUint32Array: typedArrayOf('Uint32Array'),
  isInt8Array: typedArrayOf('Int8Array'),
  isInt16Array: typedArrayOf('Int16Array'),
  isInt32Array: typedArrayOf('Int32Array'),
  isFloat32Array: typedArrayOf('Float32Array'),
  isFloat64Array: typedArrayOf('Float64Array'),
  isBigInt64Array: typedArrayOf('BigInt64Array'),
  isBigUint64Array: typedArrayOf('BigUint64Array'),
  isWeakRef: function (v) { return typeof WeakRef !== 'undefined' && v instanceof WeakRef; }
};

// --- System errors (libuv's codes and messages on Linux) ---
var SYSTEM_ERRORS = [
  [-7, 'E2BIG', 'argument list too long'],
  [-13, 'EACCES', 'permission denied'],
  [-98, 'EADDRINUSE', 'address already in use'],
  [-99, 'EADDRNOTAVAIL', 'address not available'],
  [-97, 'EAFNOSUPPORT', 'address family not supported'],
  [-11, 'EAGAIN', 'resource temporarily unavailable'],
  [-3000, 'EAI_ADDRFAMILY', 'address family not supported'],
  [-3001, 'EAI_AGAIN', 'temporary failure'],
  [-3002, 'EAI_BADFLAGS', 'bad ai_flags value'],
  [-3013, 'EAI_BADHINTS', 'invalid value for hints'],
  [-3003, 'EAI_CANCELED', 'request canceled'],
  [-3004, 'EAI_FAIL', 'permanent failure'],
  [-3005, 'EAI_FAMILY', 'ai_family not supported'],
  [-3006, 'EAI_MEMORY', 'out of memory'],
  [-3007, 'EAI_NODATA', 'no address'],
  [-3008, 'EAI_NONAME', 'unknown node or service'],
  [-3009, 'EAI_OVERFLOW', 'argument buffer overflow'],
  [-3014, 'EAI_PROTOCOL', 'resolved protocol is unknown'],
  [-3010, 'EAI_SERVICE', 'service not available for socket type'],
  [-3011, 'EAI_SOCKTYPE', 'socket type not supported'],
  [-114, 'EALREADY', 'connection already in progress'],
  [-9, 'EBADF', 'bad file descriptor'],
  [-16, 'EBUSY', 'resource busy or locked'],
  [-125, 'ECANCELED', 'operation canceled'],
  [-4080, 'ECHARSET', 'invalid Unicode character'],
  [-103, 'ECONNABORTED', 'software caused connection abort'],
  [-111, 'ECONNREFUSED', 'connection refused'],
  [-104, 'ECONNRESET', 'connection reset by peer'],
  [-89, 'EDESTADDRREQ', 'destination address required'],
  [-17, 'EEXIST', 'file already exists'],
  [-14, 'EFAULT', 'bad address in system call argument'],
  [-27, 'EFBIG', 'file too large'],
  [-113, 'EHOSTUNREACH', 'host is unreachable'],
  [-4, 'EINTR', 'interrupted system call'],
  [-22, 'EINVAL', 'invalid argument'],
  [-5, 'EIO', 'i/o error'],
  [-106, 'EISCONN', 'socket is already connected'],
  [-21, 'EISDIR', 'illegal operation on a directory'],
  [-40, 'ELOOP', 'too many symbolic links encountered'],
  [-24, 'EMFILE', 'too many open files'],
  [-90, 'EMSGSIZE', 'message too long'],
  [-36, 'ENAMETOOLONG', 'name too long'],
  [-100, 'ENETDOWN', 'network is down'],
  [-101, 'ENETUNREACH', 'network is unreachable'],
  [-23, 'ENFILE', 'file table overflow'],
  [-105, 'ENOBUFS', 'no buffer space available'],
  [-19, 'ENODEV', 'no such device'],
  [-2, 'ENOENT', 'no such file or directory'],
  [-12, 'ENOMEM', 'not enough memory'],
  [-64, 'ENONET', 'machine is not on the network'],
  [-92, 'ENOPROTOOPT', 'protocol not available'],
  [-28, 'ENOSPC', 'no space left on device'],
  [-38, 'ENOSYS', 'function not implemented'],
  [-107, 'ENOTCONN', 'socket is not connected'],
  [-20, 'ENOTDIR', 'not a directory'],
  [-39, 'ENOTEMPTY', 'directory not empty'],
  [-88, 'ENOTSOCK', 'socket operation on non-socket'],
  [-95, 'ENOTSUP', 'operation not supported on socket'],
  [-75, 'EOVERFLOW', 'value too large for defined data type'],
  [-1, 'EPERM', 'operation not permitted'],
  [-32, 'EPIPE', 'broken pipe'],
  [-71, 'EPROTO', 'protocol error'],
  [-93, 'EPROTONOSUPPORT', 'protocol not supported'],
  [-91, 'EPROTOTYPE', 'protocol wrong type for socket'],
  [-34, 'ERANGE', 'result too large'],
  [-30, 'EROFS', 'read-only file system'],
  [-108, 'ESHUTDOWN', 'cannot send after transport endpoint shutdown'],
  [-29, 'ESPIPE', 'invalid seek'],
  [-3, 'ESRCH', 'no such process'],
  [-110, 'ETIMEDOUT', 'connection timed out'],
  [-26, 'ETXTBSY', 'text file is busy'],
  [-18, 'EXDEV', 'cross-device link not permitted'],
  [-4094, 'UNKNOWN', 'unknown error'],
  [-4095, 'EOF', 'end of file'],
  [-6, 'ENXIO', 'no such device or address'],
  [-31, 'EMLINK', 'too many links'],
  [-112, 'EHOSTDOWN', 'host is down'],
  [-121, 'EREMOTEIO', 'remote I/O error'],
  [-25, 'ENOTTY', 'inappropriate ioctl for device'],
  [-4028, 'EFTYPE', 'inappropriate file type or format'],
  [-84, 'EILSEQ', 'illegal byte sequence'],
  [-94, 'ESOCKTNOSUPPORT', 'socket type not supported'],
  [-61, 'ENODATA', 'no data available'],
  [-49, 'EUNATCH', 'protocol driver not attached']
];
var systemErrorMap;
function getSystemErrorMap() {
  if (!systemErrorMap) {
    systemErrorMap = new Map();
    SYSTEM_ERRORS.forEach(function (e) { systemErrorMap.set(e[0], [e[1], e[2]]); });
  }
  return systemErrorMap;
}
function getSystemErrorName(err) {
  if (typeof err !== 'number') throw errInvalidArgType('err', 'of type number', err);
  if (err >= 0 || !Number.isSafeInteger(err)) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE', 'The value of "err" is out of range. It must be a negative integer. Received ' + inspect(err));
  }
  var e = getSystemErrorMap().get(err);
  return e ? e[0] : 'Unknown system error ' + err;
}

// --- Small helpers: toUSVString, stripVTControlCharacters, _extend, log ---
function toUSVString(input) {
  var s = String(input);
  if (typeof s.toWellFormed === 'function') return s.toWellFormed();
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?:[^\ud800-\udbff]|^)[\udc00-\udfff]/g, function (m) {
    return m.length === 2 ? m[0] + '\ufffd' : '\ufffd';
  });
}
function stripVTControlCharacters(str) {
  if (typeof str !== 'string') throw errInvalidArgType('str', 'of type string', str);
  return str.replace(ANSI, '');
}
function _extend(target, source) {
  if (source === null || typeof source !== 'object') return target;
  var keys = Object.keys(source);
  for (var i = keys.length - 1; i >= 0; i--) target[keys[i]] = source[keys[i]];
  return target;
}
var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function pad2(n) { return n < 10 ? '0' + n : String(n); }
function log() {
  var d = new Date();
  var time = [pad2(d.getHours()), pad2(d.getMinutes()), pad2(d.getSeconds())].join(':');
  console.log('%s - %s', d.getDate() + ' ' + MONTHS[d.getMonth()] + ' ' + time, format.apply(null, arguments));
}

// --- util.parseArgs (Node's lib/internal/util/parse_args) ---
function ownValue(obj, prop) { return hasOwn.call(obj, prop) ? obj[prop] : undefined; }
function optionGet(options, name, prop) { return hasOwn.call(options, name) ? ownValue(options[name], prop) : undefined; }
function longForShort(short, options) {
  var names = Object.keys(options);
  for (var i = 0; i < names.length; i++) if (ownValue(options[names[i]], 'short') === short) return names[i];
  return short;
}
function isOptionLike(v) { return v != null && v.length > 1 && v[0] === '-'; }
function startsShort(arg) { return arg.length > 2 && arg[0] === '-' && arg[1] !== '-'; }

// The arguments as tokens: option (with its value), positional, option-terminator.
function argsToTokens(args, options) {
  var tokens = [], index = -1, groupCount = 0, rest = args.slice();
  while (rest.length > 0) {
    var arg = rest.shift(), next = rest[0], long, value, inline;
    if (groupCount > 0) groupCount--; else index++;
    if (arg === '--') {
      tokens.push({ kind: 'option-terminator', index: index });
      rest.forEach(function (r) { tokens.push({ kind: 'positional', index: ++index, value: r }); });
      break;
    }
    if (arg.length === 2 && arg[0] === '-' && arg[1] !== '-') {
      long = longForShort(arg[1], options);
      value = undefined; inline = undefined;
      if (optionGet(options, long, 'type') === 'string' && next != null) { value = rest.shift(); inline = false; }
      tokens.push({ kind: 'option', name: long, rawName: arg, index: index, value: value, inlineValue: inline });
      if (value != null) ++index;
      continue;
    }
    if (startsShort(arg) && optionGet(options, longForShort(arg[1], options), 'type') !== 'string') {
      var expanded = [];
      for (var j = 1; j < arg.length; j++) {
        var l = longForShort(arg[j], options);
        if (optionGet(options, l, 'type') !== 'string' || j === arg.length - 1) expanded.push('-' + arg[j]);
        else { expanded.push('-' + arg.slice(j)); break; }
      }
      rest.unshift.apply(rest, expanded);
      groupCount = expanded.length;
      continue;
    }
    if (startsShort(arg)) {
      tokens.push({ kind: 'option', name: longForShort(arg[1], options), rawName: '-' + arg[1], index: index, value: arg.slice(2), inlineValue: true });
      continue;
    }
    if (arg.length > 2 && arg.startsWith('--')) {
      var eq = arg.indexOf('=', 3);
      if (eq < 0) {
        long = arg.slice(2);
        value = undefined; inline = undefined;
        if (optionGet(options, long, 'type') === 'string' && next != null) { value = rest.shift(); inline = false; }
        tokens.push({ kind: 'option', name: long, rawName: arg, index: index, value: value, inlineValue: inline });
        if (value != null) ++index;
      } else {
        long = arg.slice(2, eq);
        tokens.push({ kind: 'option', name: long, rawName: '--' + long, index: index, value: arg.slice(eq + 1), inlineValue: true });
      }
      continue;
    }
    tokens.push({ kind: 'positional', index: index, value: arg });
  }
  return tokens;
}

function checkOptionUsage(config, token) {
  var name = token.name;
  if (!hasOwn.call(config.options, name)) {
    var negated = config.allowNegative && name.startsWith('no-') ? name.slice(3) : null;
    if (negated === null || !hasOwn.call(config.options, negated) || optionGet(config.options, negated, 'type') !== 'boolean') {
      throw nodeError(TypeError, 'ERR_PARSE_ARGS_UNKNOWN_OPTION', "Unknown option '" + token.rawName + "'" + (config.allowPositionals
        ? ". To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- " + JSON.stringify(token.rawName) : ''));
    }
    name = negated;
  }
  var short = optionGet(config.options, name, 'short');
  var shortAndLong = (short ? '-' + short + ', ' : '') + '--' + name;
  var type = optionGet(config.options, name, 'type');
  if (type === 'string' && typeof token.value !== 'string') {
    throw nodeError(TypeError, 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', "Option '" + shortAndLong + " <value>' argument missing");
  }
  if (type === 'boolean' && token.value != null) {
    throw nodeError(TypeError, 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', "Option '" + shortAndLong + "' does not take an argument");
  }
  if (!token.inlineValue && isOptionLike(token.value)) {
    var example = token.rawName.startsWith('--') ? "'" + token.rawName + "=-XYZ'" : "'--" + token.name + "=-XYZ' or '" + token.rawName + "-XYZ'";
    throw nodeError(TypeError, 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', "Option '" + token.rawName + "' argument is ambiguous.\nDid you forget to specify the option argument for '" +
      token.rawName + "'?\nTo specify an option argument starting with a dash use " + example + '.');
  }
}

function parseArgs(config) {
  config = config || {};
  var args = ownValue(config, 'args');
  if (args === undefined) args = process.argv.slice(2);
  var strict = ownValue(config, 'strict'); if (strict === undefined) strict = true;
  var allowPositionals = ownValue(config, 'allowPositionals'); if (allowPositionals === undefined) allowPositionals = !strict;
  var returnTokens = ownValue(config, 'tokens') || false;
  var allowNegative = ownValue(config, 'allowNegative') || false;
  var options = ownValue(config, 'options') || Object.create(null);
  if (!Array.isArray(args)) throw errInvalidArgType('args', 'an instance of Array', args);
  Object.keys(options).forEach(function (name) {
    var type = ownValue(options[name], 'type');
    if (type !== 'string' && type !== 'boolean') {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "options.' + name + '.type" property must be one of: \'string\', \'boolean\'. Received ' + inspect(type));
    }
  });
  var parseConfig = { options: options, allowPositionals: allowPositionals, allowNegative: allowNegative };
  var tokens = argsToTokens(args, options);
  var result = { values: Object.create(null), positionals: [] };
  if (returnTokens) result.tokens = tokens;
  tokens.forEach(function (token) {
    if (token.kind === 'option') {
      if (strict) checkOptionUsage(parseConfig, token);
      var name = token.name, value = token.value;
      if (name === '__proto__') return;
      if (allowNegative && name.startsWith('no-') && value === undefined) { name = token.name = name.slice(3); value = false; }
      var v = value === undefined || value === null ? true : value;
      if (optionGet(options, name, 'multiple')) (result.values[name] = result.values[name] || []).push(v);
      else result.values[name] = v;
    } else if (token.kind === 'positional') {
      if (!allowPositionals) {
        throw nodeError(TypeError, 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL', "Unexpected argument '" + token.value + "'. This command does not take positional arguments");
      }
      result.positionals.push(token.value);
    }
  });
  Object.keys(options).forEach(function (name) {
    var def = ownValue(options[name], 'default');
    if (def !== undefined && result.values[name] === undefined && name !== '__proto__') result.values[name] = def;
  });
  return result;
}

// util.debuglog(section): logs `SECTION <pid>: message` when NODE_DEBUG names the section.
function debuglog(section, cb) {
  var name = String(section).toUpperCase();
  var enabled;
  function isEnabled() {
    if (enabled === undefined) {
      var list = String(process.env.NODE_DEBUG || '').split(/[\s,]+/).map(function (s) { return s.toUpperCase(); });
      enabled = list.some(function (s) { return s === name || (s.endsWith('*') && name.indexOf(s.slice(0, -1)) === 0); });
    }
    return enabled;
  }
  function logger() {
    if (!isEnabled()) return;
    console.error('%s %d: %s', name, process.pid, format.apply(null, arguments));
  }
  Object.defineProperty(logger, 'enabled', { get: isEnabled, configurable: true, enumerable: true });
  if (typeof cb === 'function') cb(logger);
  return logger;
}

function isDeepStrictEqual(a, b) { return require('assert').__deepEqual(a, b, true); }

module.exports = {
  _extend: _extend,
  callbackify: callbackify,
  debug: debuglog,
  debuglog: debuglog,
  deprecate: deprecate,
  format: format,
  formatWithOptions: formatWithOptions,
  getSystemErrorMap: getSystemErrorMap,
  getSystemErrorName: getSystemErrorName,
  inherits: inherits,
  inspect: inspect,
  isArray: Array.isArray,
  isBoolean: function (v) { return typeof v === 'boolean'; },
  isBuffer: function (v) { return require('buffer').Buffer.isBuffer(v); },
  isDeepStrictEqual: isDeepStrictEqual,
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
  isPrimitive: function (v) { return v === null || (typeof v !== 'object' && typeof v !== 'function'); },
  log: log,
  parseArgs: parseArgs,
  promisify: promisify,
  stripVTControlCharacters: stripVTControlCharacters,
  toUSVString: toUSVString,
  TextDecoder: TextDecoder,
  TextEncoder: TextEncoder,
  types: types
};

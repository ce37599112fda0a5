// fngate's JavaScript prelude: Node's module system over the function's code
// directory, the built-in modules (node/*.js, compiled on first use), console,
// process, timers and the event loop, and the SCF calling convention.
(function (global) {
  'use strict';

  // Node's name for the global object.
  Object.defineProperty(global, 'global', { value: global, writable: true, configurable: true, enumerable: false });
  var CODE_ROOT = '/code';
  // SCF mounts the code at /var/user (USER_CODE_ROOT); fngate at /code.
  var SCF_ROOT = '/var/user';
  var hasOwn = Object.prototype.hasOwnProperty;
  // The context of the invocation under way (null while loading).
  var invocationContext = null;
  function inspect(v) { return builtin('util').inspect(v); }

  Object.defineProperty(Math, 'random', { value: __fngate_random, writable: true, configurable: true });
  // Byte codecs (natives.rs does UTF-8, base64 and hex; the one-byte and
  // UTF-16 encodings are done here, from the string's UTF-16 units).
  function view(bytes) {
    if (bytes instanceof Uint8Array || bytes instanceof ArrayBuffer) return bytes;
    if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return new Uint8Array(0);
  }
  global.__fngate_encode = function (s, encoding) {
    s = String(s);
    var n = s.length, out, i;
    if (encoding === 'latin1' || encoding === 'binary' || encoding === 'ascii') {
      out = new Uint8Array(n);
      for (i = 0; i < n; i++) out[i] = s.charCodeAt(i);
      return out.buffer;
    }
    if (encoding === 'utf16le' || encoding === 'ucs2') {
      out = new Uint8Array(n * 2);
      for (i = 0; i < n; i++) { var u = s.charCodeAt(i); out[2 * i] = u & 255; out[2 * i + 1] = u >> 8; }
      return out.buffer;
    }
    return __fngate_encode_native(s, encoding);
  };
  global.__fngate_decode = function (bytes, encoding) {
    bytes = view(bytes);
    if (encoding === 'latin1' || encoding === 'binary' || encoding === 'ascii' || encoding === 'utf16le' || encoding === 'ucs2') {
      var b = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
      var wide = encoding === 'utf16le' || encoding === 'ucs2';
      var mask = encoding === 'ascii' ? 0x7f : 0xff;
      var out = '', chunk = [];
      var n = wide ? b.length >> 1 : b.length;
      for (var i = 0; i < n; i++) {
        chunk.push(wide ? b[2 * i] | (b[2 * i + 1] << 8) : b[i] & mask);
        if (chunk.length === 8192) { out += String.fromCharCode.apply(null, chunk); chunk = []; }
      }
      return out + String.fromCharCode.apply(null, chunk);
    }
    return __fngate_decode_native(bytes, encoding);
  };

  // Stacks as Node prints them: `Name: message` (read when the stack is first
  // read, as V8 does), then `    at name (file:line:col)` for the handler's own
  // frames (the runtime's, `node:internal/...`, are left out). QuickJS calls
  // Error.prepareStackTrace when an error is made; the frames are kept as a
  // LazyStack until `stack` is read.
  var INTERNAL_FILE = /^node:internal\//;
  function LazyStack(frames) { this.frames = frames; }
  LazyStack.prototype.toString = function () { return this.frames; };
  function errorHeader(e) {
    var name, msg;
    try { name = e.name; msg = e.message; } catch (x) { /* a throwing getter */ }
    name = name === undefined ? 'Error' : String(name);
    msg = msg === undefined ? '' : String(msg);
    return !name ? msg : !msg ? name : name + ': ' + msg;
  }
  function callSite(cs) {
    var file = cs.getFileName(), fn = cs.getFunctionName();
    var where = file ? file + ':' + cs.getLineNumber() + ':' + cs.getColumnNumber() : '<anonymous>';
    if (cs.isConstructor() && fn) fn = 'new ' + fn;
    return '    at ' + (fn ? fn + ' (' + where + ')' : where);
  }
  // V8's wording for the engine's own errors, the words users search for.
  var V8_WORDS = [
    [/^cannot read property '(.*)' of (undefined|null)$/, "Cannot read properties of $2 (reading '$1')"],
    [/^cannot set property '(.*)' of (undefined|null)$/, "Cannot set properties of $2 (setting '$1')"],
    [/^empty array$/, 'Reduce of empty array with no initial value'],
    [/^invalid array length$/, 'Invalid array length'],
    [/^cannot convert symbol to string$/, 'Cannot convert a Symbol value to a string'],
    [/^cannot convert BigInt to number$/, 'Cannot mix BigInt and other types, use explicit conversions'],
    [/^this is not initialized$/, "Must call super constructor in derived class before accessing 'this' or returning from derived constructor"],
    [/^(.+) is not initialized$/, "Cannot access '$1' before initialization"],
    [/^invalid 'instanceof' right operand$/, "Right-hand side of 'instanceof' is not an object"],
    [/^cannot convert symbol to number$/, 'Cannot convert a Symbol value to a number'],
    [/^BigInt are forbidden in JSON\.stringify$/, 'Do not know how to serialize a BigInt'],
    [/^circular prototype chain$/, 'Cyclic __proto__ value'],
    [/^private class field '(#.*)' does not exist$/, 'Cannot read private member $1 from an object whose class did not declare it'],
    [/^Cannot access 'this' before initialization$/, "Must call super constructor in derived class before accessing 'this' or returning from derived constructor"],
    [/^invalid value used as WeakMap key$/, 'Invalid value used as weak map key'],
    [/^invalid value used as WeakSet key$/, 'Invalid value used in weak set'],
    [/^bad normalization form$/, 'The normalization form should be one of NFC, NFD, NFKC, NFKD.'],
    [/^Date value is NaN$/, 'Invalid time value'],
  ];
  var DIGITS_WORDS = {
    toFixed: 'toFixed() digits argument must be between 0 and 100',
    toPrecision: 'toPrecision() argument must be between 1 and 100',
    toExponential: 'toExponential() argument must be between 0 and 100',
    toString: 'toString() radix must be between 2 and 36'
  };
  var sources = new Map();
  // The source line of a call site and the column in it, or null.
  function siteLine(site) {
    var file = site && site.getFileName();
    if (!file || INTERNAL_FILE.test(file)) return null;
    var text = sources.get(file);
    if (text === undefined) {
      try { text = __fngate_decode_native(__fngate_fs_read(file), 'utf8'); } catch (e) { text = null; }
      if (sources.size > 32) sources.clear();
      sources.set(file, text);
    }
    if (typeof text !== 'string') return null;
    var line = text.split('\n')[site.getLineNumber() - 1];
    return line === undefined ? null : { line: line, at: site.getColumnNumber() - 1 };
  }
  // The callee as written at a call site (`obj.a.bar`), for "is not a function".
  function calleeAt(site) {
    var src = siteLine(site);
    if (!src) return null;
    var line = src.line, at = src.at, end = at;
    while (end < line.length && /[\w$]/.test(line[end])) end++;
    var start = at;
    for (;;) {
      while (start > 0 && /[\w$]/.test(line[start - 1])) start--;
      if (start > 1 && line[start - 1] === '.' && line[start - 2] === '?') { start -= 2; continue; }
      if (start > 0 && line[start - 1] === '.' && start > 1 && /[\w$]/.test(line[start - 2])) { start--; continue; }
      break;
    }
    var callee = line.slice(start, end);
    if (!/^[A-Za-z_$][\w$.?]*$/.test(callee)) return null;
    // obj['key']() is `obj.key`, make()() is `make(...)`, as V8 prints them.
    var rest = line.slice(end);
    var key = /^\[\s*(['"])(.*?)\1\s*\]\s*\(/.exec(rest);
    if (key) return callee + '.' + key[2];
    if (rest[0] === '(') {
      var depth = 0, k = 0;
      for (; k < rest.length; k++) { if (rest[k] === '(') depth++; else if (rest[k] === ')' && --depth === 0) break; }
      if (rest[k + 1] === '(') return callee + '(...)';
    }
    // Another callee when this one is a global function (the column was an argument's call).
    if (callee.indexOf('.') < 0 && typeof globalThis[callee] === 'function') return null;
    return callee;
  }
  // `new X` as written at the site, for "is not a constructor".
  function constructedAt(site) {
    var src = siteLine(site);
    var m = src && /new\s+\(?([\w$.]+)\)?\s*\(?/.exec(src.line.slice(Math.max(0, src.line.lastIndexOf('new', src.at + 4))));
    return m ? m[1] : null;
  }
  // What is assigned at the site: {object, name} for `o.a = `, {name} for `k = `.
  function assignedAt(site) {
    var src = siteLine(site);
    if (!src) return null;
    var m = /^([\w$.]*?)(\.)?([\w$]+)\s*(=|\+=|-=|\+\+|--)/.exec(src.line.slice(src.at).replace(/^\s+/, ''));
    if (!m) {
      var before = /([\w$]+)\.([\w$]+)\s*=[^=]/.exec(src.line.slice(0, src.at + 40));
      return before ? { object: before[1], name: before[2] } : null;
    }
    return m[2] ? { object: m[1], name: m[3] } : { name: m[3] };
  }
  function v8Words(error, callsites) {
    var own = Object.getOwnPropertyDescriptor(error, 'message');
    if (!own || typeof own.value !== 'string') return;
    var m = own.value, out = null;
    var fn = callsites.length ? callsites[0].getFunctionName() : null;
    if (error instanceof URIError) out = 'URI malformed';
    else if (m === 'not a function' && fn === 'sort') out = 'The comparison function must be either a function or undefined';
    else if (m === 'not a function' && fn === 'Promise') out = 'Promise resolver undefined is not a function';
    else if (m === 'not an object' && callsites.length && /^(ownKeys|getPrototypeOf|get|set|has|defineProperty|deleteProperty|apply|construct|isExtensible|preventExtensions|getOwnPropertyDescriptor|setPrototypeOf)$/.test(fn)) {
      out = 'Reflect.' + fn + ' called on non-object';
    } else if (m === 'not a function' && error instanceof TypeError) {
      var ctor = /\bnew\b/.test((siteLine(callsites[0]) || { line: '' }).line) && constructedAt(callsites[0]);
      var callee = ctor ? null : calleeAt(callsites[0]);
      if (ctor) out = ctor + ' is not a constructor';
      else if (callee) out = callee + ' is not a function';
    } else if (m === 'not a constructor') {
      var made = constructedAt(callsites[0]);
      if (made) out = made + ' is not a constructor';
    } else if (/^'(.*)' is read-only$/.test(m)) {
      var target = assignedAt(callsites[0]);
      var name = /^'(.*)' is read-only$/.exec(m)[1];
      out = target && target.object !== undefined ? "Cannot assign to read only property '" + name + "' of object '#<Object>'" : 'Assignment to constant variable.';
    } else if (m === 'no setter for property') {
      var set = assignedAt(callsites[0]);
      if (set && set.name) out = 'Cannot set property ' + set.name + ' of #<Object> which has only a getter';
    } else if (m === "class constructors must be invoked with 'new'") {
      var cls = calleeAt(callsites[0]);
      if (cls) out = 'Class constructor ' + cls.split('.').pop() + " cannot be invoked without 'new'";
    } else if (m === "cannot read property 'Symbol.iterator' of undefined" || m === "cannot read property 'Symbol.iterator' of null") {
      var v = m.slice(m.lastIndexOf(' ') + 1);
      out = /\[\s*Symbol\.iterator\s*\]/.test((siteLine(callsites[0]) || { line: '' }).line) ? v + ' is not iterable (cannot read property Symbol(Symbol.iterator))' : v + ' is not iterable';
    } else if (m === 'invalid number of digits' && callsites.length) out = DIGITS_WORDS[callsites[0].getFunctionName()] || null;
    else {
      for (var i = 0; i < V8_WORDS.length; i++) {
        if (V8_WORDS[i][0].test(m)) { out = m.replace(V8_WORDS[i][0], V8_WORDS[i][1]); break; }
      }
    }
    if (out !== null) error.message = out;
  }
  // Promise.any's AggregateError carries V8's message.
  var promiseAny = Promise.any;
  Object.defineProperty(Promise, 'any', {
    writable: true, configurable: true,
    value: function any(values) {
      return promiseAny.call(this, values).then(undefined, function (e) {
        if (e instanceof AggregateError && e.message === '') e.message = 'All promises were rejected';
        throw e;
      });
    }
  });
  // JSON's errors in V8's words: what is wrong at which position, and the
  // path of a circular structure.
  var jsonParse = JSON.parse, jsonStringify = JSON.stringify;
  function jsonSyntax(s) {
    var i = 0, n = s.length;
    function fail(kind) { throw { kind: kind, at: i }; }
    function ws() { while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++; }
    function digits() { var from = i; while (i < n && s[i] >= '0' && s[i] <= '9') i++; return i > from; }
    function string() {
      for (i++; ; i++) {
        if (i >= n) fail('unterminated');
        var c = s[i];
        if (c === '"') { i++; return; }
        if (c < ' ') fail('control');
        if (c === '\\') {
          i++;
          if (i < n && 'bfnrt"\\/'.indexOf(s[i]) >= 0) continue;
          if (s[i] === 'u') {
            for (var h = 1; h <= 4; h++) if (!/[0-9a-fA-F]/.test(s[i + h] || '')) { i += h; fail(i >= n ? 'end' : 'unicode'); }
            i += 4;
            continue;
          }
          fail('escape');
        }
      }
    }
    function value() {
      ws();
      if (i >= n) fail('end');
      var c = s[i];
      if (c === '{') {
        i++; ws();
        if (s[i] === '}') { i++; return; }
        for (var first = true; ; first = false) {
          ws();
          if (s[i] !== '"') fail(first ? 'name' : 'quotedName');
          string(); ws();
          if (s[i] !== ':') fail('colon');
          i++; value(); ws();
          if (s[i] === ',') { i++; continue; }
          if (s[i] === '}') { i++; return; }
          fail('afterValue');
        }
      }
      if (c === '[') {
        i++; ws();
        if (s[i] === ']') { i++; return; }
        for (;;) {
          value(); ws();
          if (s[i] === ',') { i++; continue; }
          if (s[i] === ']') { i++; return; }
          fail('afterElement');
        }
      }
      if (c === '"') return string();
      if (c === '-' || (c >= '0' && c <= '9')) {
        if (c === '-') { i++; if (!(s[i] >= '0' && s[i] <= '9')) fail(i >= n ? 'end' : 'minus'); }
        if (s[i] === '0') { i++; if (s[i] >= '0' && s[i] <= '9') fail('number'); } else digits();
        if (s[i] === '.') { i++; if (!digits()) fail(i >= n ? 'end' : 'fraction'); }
        if (s[i] === 'e' || s[i] === 'E') { i++; if (s[i] === '+' || s[i] === '-') i++; if (!digits()) fail(i >= n ? 'end' : 'exponent'); }
        return;
      }
      var words = ['true', 'false', 'null'];
      for (var w = 0; w < words.length; w++) {
        if (c !== words[w][0]) continue;
        for (var k = 0; k < words[w].length; k++, i++) if (s[i] !== words[w][k]) fail(i >= n ? 'end' : 'token');
        return;
      }
      fail('token');
    }
    try {
      value(); ws();
      if (i < n) fail('after');
      return null;
    } catch (e) {
      if (!e || typeof e.kind !== 'string') throw e;
      var at = ' in JSON at position ' + e.at;
      switch (e.kind) {
        case 'end': return 'Unexpected end of JSON input';
        case 'name': return "Expected property name or '}'" + at;
        case 'quotedName': return 'Expected double-quoted property name' + at;
        case 'colon': return "Expected ':' after property name" + at;
        case 'afterValue': return "Expected ',' or '}' after property value" + at;
        case 'afterElement': return "Expected ',' or ']' after array element" + at;
        case 'after': return 'Unexpected non-whitespace character after JSON at position ' + e.at;
        case 'unterminated': return 'Unterminated string' + at;
        case 'control': return 'Bad control character in string literal' + at;
        case 'escape': return 'Bad escaped character' + at;
        case 'unicode': return 'Bad Unicode escape' + at;
        case 'number': return 'Unexpected number' + at;
        case 'minus': return 'No number after minus sign' + at;
        case 'fraction': return 'Unterminated fractional number' + at;
        case 'exponent': return 'Exponent part is missing a number' + at;
      }
      if (s === 'undefined' || s === 'NaN' || s === 'Infinity' || s === '[object Object]') return '"' + s + '" is not valid JSON';
      var token = "Unexpected token '" + s[e.at] + "', ";
      if (n < 21) return token + '"' + s + '" is not valid JSON';
      var from = Math.max(0, e.at - 10), to = Math.min(n, e.at + 10);
      return token + (from > 0 ? '...' : '') + '"' + s.slice(from, to) + '"' + (to < n ? '...' : '') + ' is not valid JSON';
    }
  }
  function circularPath(root) {
    var stack = [], keys = [];
    function ctorName(o) { var c = o.constructor; return c && typeof c.name === 'string' ? c.name : 'Object'; }
    function walk(o, key) {
      if (o === null || typeof o !== 'object') return null;
      if (typeof o.toJSON === 'function') return null;
      var seen = stack.indexOf(o);
      if (seen >= 0) return { start: seen, closing: key };
      stack.push(o); keys.push(key);
      var names = Array.isArray(o) ? o.map(function (_, j) { return j; }) : Object.keys(o);
      for (var j = 0; j < names.length; j++) {
        var r = walk(o[names[j]], names[j]);
        if (r) return r;
      }
      stack.pop(); keys.pop();
      return null;
    }
    var found = walk(root, '');
    if (!found) return null;
    function prop(parent, k) { return Array.isArray(parent) ? 'index ' + k : "property '" + k + "'"; }
    var lines = ['Converting circular structure to JSON', "    --> starting at object with constructor '" + ctorName(stack[found.start]) + "'"];
    for (var k = found.start + 1; k < stack.length; k++) {
      lines.push('    |     ' + prop(stack[k - 1], keys[k]) + " -> object with constructor '" + ctorName(stack[k]) + "'");
    }
    lines.push('    --- ' + prop(stack[stack.length - 1], found.closing) + ' closes the circle');
    return lines.join('\n');
  }
  Object.defineProperty(JSON, 'parse', {
    writable: true, configurable: true,
    value: function parse(text, reviver) {
      try {
        return jsonParse(text, reviver);
      } catch (e) {
        if (e instanceof SyntaxError && /JSON|unexpected|Unexpected/.test(e.message)) {
          var words = jsonSyntax(String(text));
          if (words) e.message = words;
        }
        throw e;
      }
    }
  });
  Object.defineProperty(JSON, 'stringify', {
    writable: true, configurable: true,
    value: function stringify(value, replacer, space) {
      try {
        return jsonStringify(value, replacer, space);
      } catch (e) {
        if (e instanceof TypeError && e.message === 'circular reference') {
          var words = circularPath(value);
          if (words) e.message = words;
        }
        throw e;
      }
    }
  });

  function prepareStackTrace(error, callsites) {
    if (error instanceof SyntaxError) {
      var own = Object.getOwnPropertyDescriptor(error, 'message');
      var t = own && typeof own.value === 'string' && /^unexpected token in expression: '(.*)'$/.exec(own.value);
      if (t) error.message = "Unexpected token '" + t[1] + "'";
    }
    if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof URIError) {
      try { v8Words(error, callsites); } catch (e) { /* keep the engine's words */ }
    }
    // As V8, leave out the frames of the error's own constructors (`new
    // ValidationError` calling `super`).
    var ctors = [], i = 0, out = '';
    try {
      for (var p = Object.getPrototypeOf(error); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
        if (hasOwn.call(p, 'constructor') && typeof p.constructor === 'function') ctors.push(p.constructor.name);
      }
    } catch (e) { /* a proxy */ }
    while (i < callsites.length && callsites[i].isConstructor() && ctors.indexOf(callsites[i].getFunctionName()) >= 0) i++;
    for (; i < callsites.length; i++) {
      var file = callsites[i].getFileName();
      if (file && INTERNAL_FILE.test(file)) continue;
      out += '\n' + callSite(callsites[i]);
    }
    return new LazyStack(out);
  }
  function settleStack(target, v) {
    if (!(v instanceof LazyStack)) return v;
    var text = errorHeader(target) + v.frames;
    try { Object.defineProperty(target, 'stack', { value: text, writable: true, configurable: true }); } catch (e) { /* frozen */ }
    return text;
  }
  Error.stackTraceLimit = 10;
  // The rest of V8's call-site API, for the code that formats its own stacks
  // (depd, callsites): QuickJS's call sites have the core of it.
  (function () {
    var proto = null;
    Error.prepareStackTrace = function (e, sites) { proto = sites.length ? Object.getPrototypeOf(sites[0]) : null; return ''; };
    void new Error().stack;
    if (!proto) return;
    var extra = {
      isEval: function () { return false; }, getEvalOrigin: function () { return undefined; },
      isNative: function () { return false; }, isToplevel: function () { return !this.getFunctionName(); },
      isAsync: function () { return false; }, isPromiseAll: function () { return false; },
      getPromiseIndex: function () { return null; }, getTypeName: function () { return null; },
      getMethodName: function () { return null; }, getThis: function () { return undefined; },
      getFunction: function () { return undefined; },
      getScriptNameOrSourceURL: function () { return this.getFileName(); },
      getScriptHash: function () { return ''; }, getEnclosingColumnNumber: function () { return this.getColumnNumber(); },
      getEnclosingLineNumber: function () { return this.getLineNumber(); }, getPosition: function () { return 0; },
      toString: function () { return callSite(this).slice(7); }
    };
    Object.keys(extra).forEach(function (k) {
      if (typeof proto[k] !== 'function' || k === 'toString') Object.defineProperty(proto, k, { value: extra[k], writable: true, configurable: true });
    });
  })();
  Error.prepareStackTrace = prepareStackTrace;
  var stackDesc = Object.getOwnPropertyDescriptor(Error.prototype, 'stack');
  Object.defineProperty(Error.prototype, 'stack', {
    configurable: true,
    get: function () { return settleStack(this, stackDesc.get.call(this)); },
    set: function (v) { Object.defineProperty(this, 'stack', { value: v, writable: true, configurable: true }); }
  });
  // Error.captureStackTrace(target) leaves an own `stack` on the target: made
  // lazy the same way.
  var captureStackTrace = Error.captureStackTrace;
  Object.defineProperty(Error, 'captureStackTrace', {
    writable: true,
    configurable: true,
    value: function captureStackTrace2(target, fn) {
      captureStackTrace(target, fn || captureStackTrace2);
      var d = Object.getOwnPropertyDescriptor(target, 'stack');
      if (d && d.value instanceof LazyStack) {
        var lazy = d.value;
        Object.defineProperty(target, 'stack', {
          configurable: true,
          get: function () { return settleStack(this, lazy); },
          set: function (v) { Object.defineProperty(this, 'stack', { value: v, writable: true, configurable: true }); }
        });
      }
    }
  });
  Object.defineProperty(Error.captureStackTrace, 'name', { value: 'captureStackTrace' });
  // The stack of an error as the error body carries it.
  function stackOf(e) { return typeof e.stack === 'string' ? e.stack : ''; }

  // --- built-in modules ---
  // Modules a sandboxed function cannot have, and why.
  var UNAVAILABLE = {
    dgram: 'it needs UDP', cluster: 'it needs host processes',
    inspector: 'it needs a debugger', repl: 'it needs a terminal'
  };
  var ALIASES = { 'fs/promises': ['fs', 'promises'], 'stream/promises': ['stream', 'promises'], 'dns/promises': ['dns', 'promises'], 'readline/promises': ['readline', 'promises'],
    'timers/promises': ['timers', 'promises'], 'path/posix': ['path', 'posix'], 'util/types': ['util', 'types'],
    'assert/strict': ['assert', 'strict'], 'stream/consumers': ['stream', 'consumers'], 'stream/web': ['internal/fetch', 'streams'] };
  var builtinCache = {};
  // What the built-ins share with the prelude (and nothing a handler can reach).
  var internal = {
    codeRoot: CODE_ROOT,
    abortError: function (signal) {
      var e = new Error('The operation was aborted');
      e.name = 'AbortError';
      e.code = 'ABORT_ERR';
      if (signal && signal.reason !== undefined) e.cause = signal.reason;
      return e;
    },
    requestId: function () { return invocationContext ? invocationContext.request_id : undefined; }
  };
  function builtin(id) {
    var name = id.slice(0, 5) === 'node:' ? id.slice(5) : id;
    if (hasOwn.call(ALIASES, name)) return builtin(ALIASES[name][0])[ALIASES[name][1]];
    if (hasOwn.call(builtinCache, name)) return builtinCache[name].exports;
    var source = __fngate_builtin(name);
    if (source == null) return undefined;
    var module = { exports: {}, id: name };
    builtinCache[name] = module;
    var wrapper = __fngate_compile('(function (exports, require, module, internal) {' + source + '\n})', 'node:internal/' + name);
    wrapper.call(module.exports, module.exports, builtinRequire, module, internal);
    if (name === 'events') becomeEmitter(module.exports);
    return module.exports;
  }
  function isBuiltin(id) {
    var name = id.slice(0, 5) === 'node:' ? id.slice(5) : id;
    return hasOwn.call(ALIASES, name) || hasOwn.call(UNAVAILABLE, name) || hasOwn.call(builtinCache, name) ||
      __fngate_builtin(name) != null;
  }
  function builtinRequire(id) {
    var m = builtin(id);
    if (m === undefined) throw new Error('fngate: no built-in module ' + id);
    return m;
  }
  function unavailable(id) {
    var name = id.replace(/^node:/, '');
    var e = new Error("Cannot find module '" + id + "': Node's '" + name + "' module is not available in fngate's sandbox, because " +
      UNAVAILABLE[name] + ' (functions have TCP, TLS and HTTP, but no UDP, processes, threads or debugger)');
    e.code = 'ERR_UNAVAILABLE_IN_SANDBOX';
    return e;
  }

  // --- CommonJS, resolved as Node resolves it, within the code directory ---
  function readText(p) {
    var t = tmpEntry(p);
    if (t !== undefined) return t === null || t === 'dir' ? null : __fngate_decode(t, 'utf8');
    var r = __fngate_fs_read(p);
    return typeof r === 'string' ? null : __fngate_decode(r, 'utf8');
  }
  function kind(p) {
    var t = tmpEntry(p);
    if (t !== undefined) return t === null ? null : t === 'dir' ? 'dir' : 'file';
    var s = __fngate_fs_stat(p);
    return typeof s === 'string' ? null : s[0];
  }
  // A file the function wrote to its /tmp (fs.js keeps /tmp), once fs is loaded:
  // its bytes, 'dir', null when absent; undefined for paths elsewhere.
  function tmpEntry(p) {
    if (p.slice(0, 5) !== '/tmp/' || typeof internal.tmpFile !== 'function') return undefined;
    return internal.tmpFile(p);
  }
  function dirname(p) { var i = p.lastIndexOf('/'); return i <= 0 ? '/' : p.slice(0, i); }
  function normalize(p) {
    var out = [];
    p.split('/').forEach(function (seg) {
      if (seg === '' || seg === '.') return;
      if (seg === '..') out.pop(); else out.push(seg);
    });
    return '/' + out.join('/');
  }
  // An absolute path as the sandbox sees it: SCF's /var/user is the code.
  function toSandbox(p) {
    if (p === SCF_ROOT || p.indexOf(SCF_ROOT + '/') === 0) return CODE_ROOT + p.slice(SCF_ROOT.length);
    return p;
  }
  internal.toSandbox = toSandbox;
  function inCode(p) { return p === CODE_ROOT || p.indexOf(CODE_ROOT + '/') === 0; }
  var packageCache = {};
  function readPackage(dir) {
    var file = dir + '/package.json';
    if (hasOwn.call(packageCache, file)) return packageCache[file];
    var text = readText(file);
    var pkg = null;
    if (text !== null) {
      try { pkg = JSON.parse(text); } catch (e) { throw new Error('Invalid package config ' + file + ': ' + e.message); }
      if (!pkg || typeof pkg !== 'object') pkg = {};
    }
    packageCache[file] = pkg;
    return pkg;
  }
  function asFile(p) {
    if (kind(p) === 'file') return p;
    if (kind(p + '.js') === 'file') return p + '.js';
    if (kind(p + '.json') === 'file') return p + '.json';
    if (kind(p + '.node') === 'file') return p + '.node';
    return null;
  }
  function asIndex(p) {
    if (kind(p + '/index.js') === 'file') return p + '/index.js';
    if (kind(p + '/index.json') === 'file') return p + '/index.json';
    return null;
  }
  function asDirectory(p) {
    var pkg = readPackage(p);
    if (pkg && typeof pkg.main === 'string' && pkg.main) {
      var m = normalize(p + '/' + pkg.main);
      var found = asFile(m) || asIndex(m) || asIndex(p);
      if (found) return found;
      var e = new Error("Cannot find module '" + m + "'. Please verify that the package.json has a valid \"main\" entry");
      e.code = 'MODULE_NOT_FOUND';
      throw e;
    }
    return asIndex(p);
  }
  var REQUIRE_CONDITIONS = ['node', 'require', 'default'];
  var IMPORT_CONDITIONS = ['node', 'import', 'default'];
  // The conditions of the resolution under way: `require`'s, or `import`'s
  // while an ES module's specifier is resolved.
  var CONDITIONS = REQUIRE_CONDITIONS;
  // A target of an "exports" map for the conditions `require` and `node`.
  function exportTarget(target, star) {
    if (typeof target === 'string') {
      return star === undefined ? target : target.split('*').join(star);
    }
    if (Array.isArray(target)) {
      for (var i = 0; i < target.length; i++) {
        var t = exportTarget(target[i], star);
        if (t !== null) return t;
      }
      return null;
    }
    if (target && typeof target === 'object') {
      var keys = Object.keys(target);
      for (var k = 0; k < keys.length; k++) {
        if (CONDITIONS.indexOf(keys[k]) >= 0) {
          var r = exportTarget(target[keys[k]], star);
          if (r !== null) return r;
        }
      }
    }
    return null;
  }
  function exportsResolve(dir, pkg, subpath) {
    var exp = pkg.exports;
    var isSubpathMap = exp && typeof exp === 'object' && !Array.isArray(exp) &&
      Object.keys(exp).some(function (k) { return k[0] === '.'; });
    if (!isSubpathMap) exp = { '.': exp };
    var target = null;
    if (hasOwn.call(exp, subpath) && subpath.indexOf('*') < 0) {
      target = exportTarget(exp[subpath]);
    } else {
      var best = null, bestStar;
      Object.keys(exp).forEach(function (key) {
        var star = key.indexOf('*');
        if (star < 0) {
          // Node 12's folder mappings ("./features/").
          if (key[key.length - 1] === '/' && subpath.indexOf(key) === 0 && (!best || key.length > best.length)) {
            best = key; bestStar = subpath.slice(key.length);
          }
          return;
        }
        var pre = key.slice(0, star), post = key.slice(star + 1);
        if (subpath.length >= key.length - 1 && subpath.indexOf(pre) === 0 &&
            subpath.slice(subpath.length - post.length) === post && (!best || key.length > best.length)) {
          best = key; bestStar = subpath.slice(pre.length, subpath.length - post.length);
        }
      });
      if (best !== null) {
        target = best.indexOf('*') >= 0 ? exportTarget(exp[best], bestStar) : (function () {
          var t = exportTarget(exp[best]);
          return t === null ? null : t + bestStar;
        })();
      }
    }
    if (target === null || target.slice(0, 2) !== './') {
      var e = new Error((subpath === '.' ? 'No "exports" main defined' : "Package subpath '" + subpath + "' is not defined by \"exports\"") +
        ' in ' + dir + '/package.json');
      e.code = 'ERR_PACKAGE_PATH_NOT_EXPORTED';
      throw e;
    }
    return normalize(dir + '/' + target);
  }
  function nodeModules(id, from) {
    var parts = id.split('/');
    var nameLen = id[0] === '@' ? 2 : 1;
    var name = parts.slice(0, nameLen).join('/');
    var subpath = parts.length > nameLen ? './' + parts.slice(nameLen).join('/') : '.';
    for (var dir = from; inCode(dir); dir = dirname(dir)) {
      if (/\/node_modules$/.test(dir)) continue;
      var base = dir + '/node_modules';
      var pkgDir = base + '/' + name;
      var pkg = kind(pkgDir) === 'dir' ? readPackage(pkgDir) : null;
      if (pkg && pkg.exports !== undefined && pkg.exports !== null) return exportsResolve(pkgDir, pkg, subpath);
      var found = asFile(base + '/' + id) || (kind(base + '/' + id) === 'dir' && asDirectory(base + '/' + id));
      if (found) return found;
      if (dir === CODE_ROOT) break;
    }
    return null;
  }
  function resolve(id, from, parent) {
    if (typeof id !== 'string' || !id) {
      var t = new TypeError('The "id" argument must be of type string. Received ' + (id === '' ? "''" : typeof id));
      t.code = 'ERR_INVALID_ARG_TYPE';
      throw t;
    }
    var found = null;
    if (id[0] === '/' || id.slice(0, 2) === './' || id.slice(0, 3) === '../' || id === '.' || id === '..') {
      var p = normalize(id[0] === '/' ? toSandbox(id) : from + '/' + id);
      found = asFile(p) || (kind(p) === 'dir' && asDirectory(p)) || null;
    } else {
      found = nodeModules(id, from);
    }
    if (!found) {
      var stack = [];
      for (var m = parent; m && m !== mainModule; m = m.parent) stack.push('- ' + m.filename);
      var e = new Error("Cannot find module '" + id + "'" + (stack.length ? '\nRequire stack:\n' + stack.join('\n') : ''));
      e.code = 'MODULE_NOT_FOUND';
      e.requireStack = stack.map(function (s) { return s.slice(2); });
      throw e;
    }
    return found;
  }

  var moduleCache = {};
  function Module(filename, parent) {
    this.id = filename;
    this.path = dirname(filename);
    this.exports = {};
    this.filename = filename;
    this.loaded = false;
    this.children = [];
    this.parent = parent || null;
    var paths = [];
    for (var d = this.path; inCode(d); d = dirname(d)) {
      if (!/\/node_modules$/.test(d)) paths.push(d + '/node_modules');
      if (d === CODE_ROOT) break;
    }
    this.paths = paths;
    if (parent) parent.children.push(this);
  }
  Module.prototype.require = function (id) { return requireFrom(this, id); };
  function requireFrom(parent, id) {
    if (typeof id === 'string' && isBuiltin(id)) {
      if (hasOwn.call(UNAVAILABLE, id.replace(/^node:/, ''))) throw unavailable(id);
      return builtin(id);
    }
    var filename = resolve(id, parent ? parent.path : CODE_ROOT, parent);
    if (hasOwn.call(moduleCache, filename)) return moduleCache[filename].exports;
    var module = new Module(filename, parent);
    moduleCache[filename] = module;
    try {
      compile(module);
    } catch (e) {
      delete moduleCache[filename];
      throw e;
    }
    module.loaded = true;
    return module.exports;
  }
  // module.createRequire(filename): a require as the module at `filename` has it.
  internal.createRequire = function (filename) {
    return makeRequire(new Module(normalize(toSandbox(filename)), null));
  };
  function makeRequire(module) {
    var require = function require(id) { return requireFrom(module, id); };
    require.resolve = function (id) {
      if (isBuiltin(id)) return id;
      return resolve(id, module.path, module);
    };
    require.resolve.paths = function (id) { return isBuiltin(id) ? null : module.paths.slice(); };
    require.cache = moduleCache;
    require.main = mainModule;
    Object.defineProperty(require, 'extensions', { configurable: true, enumerable: true, get: function () { return builtin('module')._extensions; } });
    return require;
  }
  function compile(module) {
    var filename = module.filename;
    if (/\.node$/.test(filename)) {
      throw new Error('Cannot load native addon ' + filename + ': fngate runs JavaScript only (no .node binaries in WebAssembly)');
    }
    var text = readText(filename);
    if (text === null) throw new Error("Cannot read module '" + filename + "'");
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (isEsm(filename)) {
      var esm = new Error('require() of ES Module ' + filename + ' not supported.\nInstead change the require of ' + filename +
        ' to a dynamic import() which is available in all CommonJS modules.');
      esm.code = 'ERR_REQUIRE_ESM';
      throw esm;
    }
    if (/\.json$/.test(filename)) {
      try { module.exports = JSON.parse(text); } catch (e) { e.message = filename + ': ' + e.message; throw e; }
      return;
    }
    if (text.slice(0, 2) === '#!') text = '//' + text.slice(2);
    var wrapper = __fngate_compile('(function (exports, require, module, __filename, __dirname) {' + text + '\n})', filename);
    wrapper.call(module.exports, module.exports, makeRequire(module), module, filename, module.path);
  }
  var mainModule;

  // --- ES modules: QuickJS asks (modules.rs) for each specifier's resolution
  // and for the source of each module, by its resolved name ---
  // Whether a file is an ES module: `.mjs`, or `.js` under a package.json
  // that says "type": "module".
  function isEsm(filename) {
    if (/\.mjs$/.test(filename)) return true;
    if (!/\.js$/.test(filename)) return false;
    for (var dir = dirname(filename); inCode(dir); dir = dirname(dir)) {
      var pkg = readPackage(dir);
      if (pkg) return pkg.type === 'module';
      if (dir === CODE_ROOT) break;
    }
    return false;
  }
  var IDENT = /^[A-Za-z_$][\w$]*$/;
  var RESERVED = ['default', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'delete', 'do', 'else',
    'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
    'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
    'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval'];
  // A module that re-exports what `require` gives: `default` and each own key
  // that can be an export name (Node finds those by reading the source; here
  // they are read off the loaded exports, which is a superset).
  function reexport(load, exportsValue) {
    var names = exportsValue !== null && (typeof exportsValue === 'object' || typeof exportsValue === 'function')
      ? Object.keys(exportsValue).filter(function (k) { return IDENT.test(k) && RESERVED.indexOf(k) < 0; }) : [];
    return 'const m = ' + load + ';\nexport default m;\n' +
      (names.length ? 'export const { ' + names.join(', ') + ' } = m;\n' : '');
  }
  var esmRequires = {};
  global.__fngate_esm_require = function (name) { return esmRequires[name]; };
  global.__fngate_esm_resolve = function (base, specifier) {
    if (isBuiltin(specifier)) {
      var bare = specifier.replace(/^node:/, '');
      if (hasOwn.call(UNAVAILABLE, bare)) throw unavailable(specifier);
      return 'node:' + bare;
    }
    if (/^file:\/\//.test(specifier)) specifier = decodeURIComponent(specifier.slice(7));
    var from = base.slice(0, 5) === 'node:' || base === 'eval_script' ? CODE_ROOT : dirname(toSandbox(base));
    CONDITIONS = IMPORT_CONDITIONS;
    try {
      var found = resolve(specifier, from, null);
    } catch (e) {
      if (e.code === 'MODULE_NOT_FOUND') {
        e.message = "Cannot find module '" + specifier + "' imported from " + (base.slice(0, 5) === 'node:' ? CODE_ROOT : base);
        e.code = 'ERR_MODULE_NOT_FOUND';
      }
      throw e;
    } finally {
      CONDITIONS = REQUIRE_CONDITIONS;
    }
    return found;
  };
  global.__fngate_esm_source = function (name) {
    if (name.slice(0, 5) === 'node:') {
      esmRequires[name] = builtin(name.slice(5));
      return reexport('__fngate_esm_require(' + JSON.stringify(name) + ')', esmRequires[name]);
    }
    if (isEsm(name)) {
      var text = readText(name);
      if (text === null) throw new Error("Cannot read module '" + name + "'");
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    }
    // CommonJS (or JSON), loaded by require and re-exported.
    esmRequires[name] = requireFrom(mainModule, name);
    return reexport('__fngate_esm_require(' + JSON.stringify(name) + ')', esmRequires[name]);
  };

  // --- console: SCF's Node lines, `<ISO time>\t<requestId>\t<message>` ---
  function log() {
    var text = fastFormat(arguments);
    if (text === undefined) text = builtin('util').format.apply(null, arguments);
    if (groupIndent) text = groupIndent + text.replace(/\n/g, '\n' + groupIndent);
    __fngate_log(new Date().toISOString() + '\t' + internal.requestId() + '\t' + text);
  }
  var groupIndent = '';
  // util.format's result for the common cases without compiling util.js:
  // strings, numbers, booleans, null, undefined and plain data (inspected
  // natively), with %s, %d, %i, %j and %%; undefined for anything else.
  function fastValue(a, depth) {
    if (typeof a === 'string') return a;
    if (typeof a === 'number') return Object.is(a, -0) ? '-0' : String(a);
    if (typeof a === 'boolean' || a === undefined || a === null) return String(a);
    if (typeof a === 'object') return __fngate_inspect(a, depth, 80, 3, 100);
    return undefined;
  }
  function fastFormat(args) {
    var out = '', i = 0;
    if (typeof args[0] === 'string' && args.length > 1 && args[0].indexOf('%') >= 0) {
      var f = args[0], next = 1, start = 0;
      for (var k = 0; k < f.length - 1; k++) {
        if (f.charCodeAt(k) !== 37) continue;
        var c = f[k + 1], piece;
        if (c === '%') { piece = '%'; }
        else if (next >= args.length) { continue; }
        else if (c === 's') {
          var a = args[next];
          piece = typeof a === 'object' && a !== null ? (Object.getPrototypeOf(a) === Object.prototype || Array.isArray(a) ? fastValue(a, 0) : undefined) : fastValue(a, 0);
          next++;
        } else if (c === 'd' || c === 'i') {
          var n = args[next++];
          if (typeof n !== 'number' && typeof n !== 'string') return undefined;
          piece = c === 'i' ? String(parseInt(n, 10)) : fastValue(Number(n));
        } else if (c === 'j') {
          try { piece = JSON.stringify(args[next++]); } catch (e) { return undefined; }
        } else {
          return undefined;
        }
        if (piece === undefined) return undefined;
        out += f.slice(start, k) + piece;
        start = k + 2;
        k++;
      }
      out += f.slice(start);
      i = next;
      for (; i < args.length; i++) {
        var rest = fastValue(args[i], 2);
        if (rest === undefined) return undefined;
        out += ' ' + rest;
      }
      return out;
    }
    for (; i < args.length; i++) {
      var v = fastValue(args[i], 2);
      if (v === undefined) return undefined;
      out += (i ? ' ' : '') + v;
    }
    return out;
  }
  var counts = {}, timings = {};
  function consoleModule() { return builtin('console'); }
  function label(l) { return l === undefined ? 'default' : String(l); }
  global.console = {
    log: log, info: log, warn: log, error: log, debug: log, dirxml: log,
    trace: function () {
      var e = { name: 'Trace', message: builtin('util').format.apply(null, arguments) };
      Error.captureStackTrace(e, global.console.trace);
      log(e.stack);
    },
    dir: function (v, opts) { log(builtin('util').inspect(v, Object.assign({ customInspect: false }, opts))); },
    assert: function (ok) {
      if (ok) return;
      var args = Array.prototype.slice.call(arguments, 1);
      if (typeof args[0] === 'string') args[0] = 'Assertion failed: ' + args[0];
      else args.unshift('Assertion failed');
      log.apply(null, args);
    },
    count: function (l) { l = label(l); counts[l] = (counts[l] || 0) + 1; log(l + ': ' + counts[l]); },
    countReset: function (l) {
      l = label(l);
      if (!hasOwn.call(counts, l)) log("Count for '" + l + "' does not exist");
      else delete counts[l];
    },
    time: function (l) {
      l = label(l);
      if (hasOwn.call(timings, l)) process.emitWarning("Label '" + l + "' already exists for console.time()");
      else timings[l] = __fngate_now();
    },
    timeEnd: function (l) {
      l = label(l);
      if (!hasOwn.call(timings, l)) { process.emitWarning("No such label '" + l + "' for console.timeEnd()"); return; }
      log(l + ': ' + consoleModule().__formatTime(__fngate_now() - timings[l]));
      delete timings[l];
    },
    timeLog: function (l) {
      l = label(l);
      if (!hasOwn.call(timings, l)) { process.emitWarning("No such label '" + l + "' for console.timeLog()"); return; }
      log.apply(null, [l + ': ' + consoleModule().__formatTime(__fngate_now() - timings[l])].concat(Array.prototype.slice.call(arguments, 1)));
    },
    table: function (data, properties) {
      var text = consoleModule().__table(data, properties);
      if (text === undefined) log(data); else log(text);
    },
    group: function () { if (arguments.length) log.apply(null, arguments); groupIndent += '  '; },
    groupCollapsed: function () { if (arguments.length) log.apply(null, arguments); groupIndent += '  '; },
    groupEnd: function () { groupIndent = groupIndent.slice(0, -2); },
    clear: function () {},
    timeStamp: function () {},
    profile: function () {},
    profileEnd: function () {}
  };
  Object.defineProperty(global.console, 'Console', {
    configurable: true,
    get: function () { return consoleModule().Console; }
  });

  // --- globals the built-ins provide, each compiled on first use ---
  function lazyGlobal(name, get) {
    Object.defineProperty(global, name, {
      configurable: true,
      enumerable: false,
      get: function () {
        var v = get();
        Object.defineProperty(global, name, { value: v, writable: true, configurable: true });
        return v;
      },
      set: function (v) { Object.defineProperty(global, name, { value: v, writable: true, configurable: true }); }
    });
  }
  lazyGlobal('Buffer', function () { return builtin('buffer').Buffer; });
  lazyGlobal('URLSearchParams', function () { return builtin('url').URLSearchParams; });
  lazyGlobal('crypto', function () { return builtin('crypto').webcrypto; });
  lazyGlobal('CryptoKey', function () { return builtin('crypto').webcrypto.CryptoKey; });
  lazyGlobal('performance', function () { return builtin('perf_hooks').performance; });
  // fetch and its companions (node/fetch.js), compiled on first use.
  ['fetch', 'Headers', 'Request', 'Response', 'FormData', 'Blob', 'Event', 'EventTarget', 'AbortController', 'AbortSignal', 'CustomEvent',
    'ReadableStream', 'WritableStream', 'TransformStream', 'TextDecoderStream', 'TextEncoderStream',
    'MessageChannel', 'MessagePort', 'BroadcastChannel'].forEach(function (name) {
    lazyGlobal(name, function () { return builtin('internal/fetch')[name]; });
  });
  // The Web APIs (node/web.js), compiled on first use of any of them.
  ['URL', 'TextEncoder', 'TextDecoder', 'structuredClone', 'atob', 'btoa', 'DOMException'].forEach(function (name) {
    lazyGlobal(name, function () {
      var web = builtin('internal/web');
      if (name === 'URL') builtin('url');
      return web[name];
    });
  });

  // --- process ---
  var startedAt = __fngate_now();
  var processListeners = {};
  var nodeVersion = 'v16.13.0';
  global.process = {
    env: {},
    version: nodeVersion,
    // What Node 16.13.0 reports (SCF's Nodejs16.13).
    versions: { node: nodeVersion.slice(1), v8: '9.4.146.19-node.13', uv: '1.42.0', zlib: '1.2.11', brotli: '1.0.9', ares: '1.17.2', modules: '93', nghttp2: '1.45.1', napi: '8', llhttp: '6.0.4', openssl: '1.1.1l+quic', cldr: '39.0', icu: '69.1', tz: '2021a', unicode: '13.0' },
    release: { name: 'node', lts: 'Gallium', sourceUrl: 'https://nodejs.org/download/release/v16.13.0/node-v16.13.0.tar.gz', headersUrl: 'https://nodejs.org/download/release/v16.13.0/node-v16.13.0-headers.tar.gz' },
    platform: 'linux',
    arch: 'x64',
    pid: 1,
    ppid: 0,
    title: 'node',
    argv: ['/usr/bin/node', CODE_ROOT + '/index.js'],
    execArgv: [],
    argv0: 'node',
    execPath: '/usr/bin/node',
    exitCode: undefined,
    cwd: function () { return CODE_ROOT; },
    uptime: function () { return (__fngate_now() - startedAt) / 1e3; },
    hrtime: function (prev) {
      var ns = Math.round(__fngate_now() * 1e6);
      var t = [Math.floor(ns / 1e9), ns % 1e9];
      if (prev) { t = [t[0] - prev[0], t[1] - prev[1]]; if (t[1] < 0) { t[0]--; t[1] += 1e9; } }
      return t;
    },
    on: function (name, fn) { (processListeners[name] = processListeners[name] || []).push(fn); return this; },
    once: function (name, fn) { return this.on(name, fn); },
    off: function (name, fn) { var l = processListeners[name] || []; var i = l.indexOf(fn); if (i >= 0) l.splice(i, 1); return this; },
    emit: function (name) {
      var args = Array.prototype.slice.call(arguments, 1);
      (processListeners[name] || []).slice().forEach(function (fn) { fn.apply(undefined, args); });
      return !!(processListeners[name] || []).length;
    },
    listenerCount: function (name) { return (processListeners[name] || []).length; },
    stdout: { write: function (s) { String(s).replace(/\n$/, '').split('\n').forEach(function (l) { __fngate_log(l); }); return true; }, isTTY: false },
    stderr: { write: function (s) { String(s).replace(/\n$/, '').split('\n').forEach(function (l) { __fngate_log(l); }); return true; }, isTTY: false }
  };
  Object.defineProperty(process, Symbol.toStringTag, { value: 'process', configurable: true });
  // Ending the process ends the instance, as on SCF: the invocation gets no
  // answer (an error), and a warm instance is replaced.
  process.exit = function exit(code) {
    if (code !== undefined) process.exitCode = code;
    process.emit('exit', process.exitCode || 0);
    __fngate_exit(Number(process.exitCode) || 0);
  };
  process.reallyExit = process.exit;
  process.abort = function abort() { __fngate_exit(134); };
  process.getuid = process.geteuid = function () { return 0; };
  process.getgid = process.getegid = function () { return 0; };
  process.umask = function () { return 18; };
  var SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19 };
  process.kill = function kill(pid, signal) {
    if (typeof signal === 'string' && !hasOwn.call(SIGNALS, signal)) {
      var t = new TypeError('Unknown signal: ' + signal);
      t.code = 'ERR_UNKNOWN_SIGNAL';
      throw t;
    }
    var e = new Error('kill EPERM'); e.code = 'EPERM'; e.errno = -1; e.syscall = 'kill'; throw e;
  };
  process.cpuUsage = function cpuUsage(prev) {
    var us = Math.round((__fngate_now() - startedAt) * 1000);
    return prev ? { user: us - prev.user, system: 0 - prev.system } : { user: us, system: 0 };
  };
  process.resourceUsage = function resourceUsage() {
    var us = Math.round((__fngate_now() - startedAt) * 1000);
    return { userCPUTime: us, systemCPUTime: 0, maxRSS: Math.round(__fngate_heap() / 1024), sharedMemorySize: 0, unsharedDataSize: 0, unsharedStackSize: 0, minorPageFault: 0, majorPageFault: 0, swappedOut: 0, fsRead: 0, fsWrite: 0, ipcSent: 0, ipcReceived: 0, signalsCount: 0, voluntaryContextSwitches: 0, involuntaryContextSwitches: 0 };
  };
  process.memoryUsage = function memoryUsage() {
    var heap = __fngate_heap();
    return { rss: heap, heapTotal: heap, heapUsed: heap, external: 0, arrayBuffers: 0 };
  };
  process.memoryUsage.rss = function rss() { return __fngate_heap(); };
  process.binding = function binding(name) { throw new Error('No such module: ' + name); };
  var captureCallback = null;
  process.setUncaughtExceptionCaptureCallback = function (fn) { captureCallback = fn; };
  process.hasUncaughtExceptionCaptureCallback = function () { return captureCallback !== null; };
  process.allowedNodeEnvironmentFlags = new Set();
  process.emitWarning = function emitWarning(warning, type, code) {
    var options = type !== null && typeof type === 'object' ? type : { type: type, code: code };
    if (typeof warning === 'string') {
      var w = new Error(warning);
      w.name = String(options.type || 'Warning');
      if (options.code !== undefined) w.code = options.code;
      if (options.detail !== undefined) w.detail = options.detail;
      warning = w;
    }
    log('(node:' + process.pid + ') ' + (warning.code ? '[' + warning.code + '] ' : '') + warning.name + ': ' + warning.message);
    process.nextTick(function () { process.emit('warning', warning); });
  };
  process.chdir = function chdir(dir) {
    var e = new Error("ENOENT: no such file or directory, chdir " + process.cwd() + " -> '" + dir + "'");
    e.errno = -2; e.code = 'ENOENT'; e.syscall = 'chdir'; e.path = process.cwd(); e.dest = String(dir);
    if (typeof __fngate_fs_stat(String(dir)) === 'string') throw e;
    throw new Error('process.chdir() is not supported in a function');
  };
  process.stdin = { fd: 0, isTTY: false, on: function () { return this; }, once: function () { return this; }, resume: function () { return this; }, pause: function () { return this; } };
  ['stdout', 'stderr'].forEach(function (name, i) {
    var s = process[name];
    s.fd = i + 1;
    s.on = s.once = s.off = s.removeListener = s.addListener = function () { return this; };
    s.emit = function () { return false; };
    s.end = function () {};
  });
  process.config = { variables: {} };
  process.features = { inspector: false, debug: false, uv: true, ipv6: true, tls_alpn: true, tls_sni: true, tls_ocsp: true, tls: true, cached_builtins: true };

  // process.env as Node has it: what is set becomes a string, and TZ moves
  // local time at once.
  function environment(vars) {
    __fngate_tz_set(vars.TZ);
    return new Proxy(vars, {
      set: function (target, key, value) {
        target[key] = String(value);
        if (key === 'TZ') __fngate_tz_set(target[key]);
        return true;
      },
      defineProperty: function (target, key, desc) {
        if ('value' in desc) desc.value = String(desc.value);
        Object.defineProperty(target, key, desc);
        if (key === 'TZ') __fngate_tz_set(target[key]);
        return true;
      },
      deleteProperty: function (target, key) {
        delete target[key];
        if (key === 'TZ') __fngate_tz_set(undefined);
        return true;
      }
    });
  }

  // --- Intl and the locale-dependent methods (node/intl.js), compiled on first use ---
  lazyGlobal('Intl', function () { return builtin('internal/intl').Intl; });
  function intl() { return builtin('internal/intl'); }
  Object.defineProperties(Date.prototype, {
    toLocaleString: { value: function toLocaleString(locales, options) { return intl().dateToLocaleString(this, locales, options, 'any'); }, writable: true, configurable: true },
    toLocaleDateString: { value: function toLocaleDateString(locales, options) { return intl().dateToLocaleString(this, locales, options, 'date'); }, writable: true, configurable: true },
    toLocaleTimeString: { value: function toLocaleTimeString(locales, options) { return intl().dateToLocaleString(this, locales, options, 'time'); }, writable: true, configurable: true }
  });
  [Number, BigInt].forEach(function (C) {
    Object.defineProperty(C.prototype, 'toLocaleString', {
      value: function toLocaleString(locales, options) { return intl().numberToLocaleString(this, locales, options); }, writable: true, configurable: true
    });
  });
  Object.defineProperty(String.prototype, 'localeCompare', {
    value: function localeCompare(that, locales, options) {
      if (this === null || this === undefined) throw new TypeError('String.prototype.localeCompare called on null or undefined');
      return intl().localeCompare(String(this), String(that), locales, options);
    }, writable: true, configurable: true
  });
  // Turkish and Azeri dotted and dotless i, the locale rules of case mapping that ICU adds.
  var toUpper = String.prototype.toLocaleUpperCase, toLower = String.prototype.toLocaleLowerCase;
  function turkic(locales) { var l = Array.isArray(locales) ? locales[0] : locales; return typeof l === 'string' && /^(tr|az)(-|$)/i.test(l); }
  Object.defineProperties(String.prototype, {
    toLocaleUpperCase: { value: function toLocaleUpperCase(locales) {
      var s = String(this);
      return turkic(locales) ? toUpper.call(s.replace(/i/g, '\u0130')) : toUpper.call(s);
    }, writable: true, configurable: true },
    toLocaleLowerCase: { value: function toLocaleLowerCase(locales) {
      var s = String(this);
      return turkic(locales) ? toLower.call(s.replace(/I/g, '\u0131').replace(/\u0130/g, 'i')) : toLower.call(s);
    }, writable: true, configurable: true }
  });
  // A Date setter given NaN leaves an invalid date (QuickJS kept the old time).
  var setTime = Date.prototype.setTime;
  ['setFullYear', 'setUTCFullYear', 'setMonth', 'setUTCMonth', 'setDate', 'setUTCDate', 'setHours', 'setUTCHours', 'setMinutes', 'setUTCMinutes',
    'setSeconds', 'setUTCSeconds', 'setMilliseconds', 'setUTCMilliseconds'].forEach(function (name) {
    var set = Date.prototype[name];
    Object.defineProperty(Date.prototype, name, {
      writable: true, configurable: true,
      value: { [name]: function () { var r = set.apply(this, arguments); if (r !== r) setTime.call(this, NaN); return r; } }[name]
    });
    Object.defineProperty(Date.prototype[name], 'length', { value: set.length });
  });
  // Native and bound functions print on one line, as V8 prints them.
  var functionToString = Function.prototype.toString;
  Object.defineProperty(Function.prototype, 'toString', {
    writable: true, configurable: true,
    value: function toString() {
      var text = functionToString.call(this);
      var m = /^function (bound )?([^(]*)\(\) \{\n {4}\[native code\]\n\}$/.exec(text);
      return m ? 'function ' + (m[1] ? '' : m[2]) + '() { [native code] }' : text;
    }
  });
  // V8's words for a bad repeat count and a number that is no BigInt.
  var stringRepeat = String.prototype.repeat;
  Object.defineProperty(String.prototype, 'repeat', {
    writable: true, configurable: true,
    value: function repeat(count) {
      try {
        return stringRepeat.call(this, count);
      } catch (e) {
        if (e instanceof RangeError) e.message = 'Invalid count value: ' + String(Number(count));
        throw e;
      }
    }
  });
  var NativeBigInt = BigInt;
  var BigIntFunction = { BigInt: (value) => {
    try {
      return NativeBigInt(value);
    } catch (e) {
      if (e instanceof RangeError && typeof value === 'number') e.message = 'The number ' + value + ' cannot be converted to a BigInt because it is not an integer';
      else if (e instanceof SyntaxError && typeof value === 'string') e.message = 'Cannot convert ' + value + ' to a BigInt';
      throw e;
    }
  } }.BigInt;
  Object.getOwnPropertyNames(NativeBigInt).forEach(function (k) {
    if (k !== 'length' && k !== 'name') Object.defineProperty(BigIntFunction, k, Object.getOwnPropertyDescriptor(NativeBigInt, k));
  });
  Object.defineProperty(NativeBigInt.prototype, 'constructor', { value: BigIntFunction, writable: true, configurable: true });
  Object.defineProperty(global, 'BigInt', { value: BigIntFunction, writable: true, configurable: true });
  // Date.parse reads ISO dates with a lower-case t or z too, as V8 does.
  var dateParse = Date.parse;
  Object.defineProperty(Date, 'parse', {
    writable: true, configurable: true,
    value: function parse(text) {
      var t = dateParse(text);
      if (t !== t && typeof text === 'string' && /^\d{4}-\d\d-\d\dt/.test(text)) t = dateParse(text.toUpperCase());
      return t;
    }
  });
  // V8 names the zone after the offset: "GMT+0800 (China Standard Time)".
  var dateToString = Date.prototype.toString, dateToTimeString = Date.prototype.toTimeString;
  function zoneName(d) { var t = d.getTime(); return t === t ? ' (' + intl().timeZoneLongName(t) + ')' : ''; }
  Object.defineProperties(Date.prototype, {
    toString: { value: function toString() { return dateToString.call(this) + zoneName(this); }, writable: true, configurable: true },
    toTimeString: { value: function toTimeString() { return dateToTimeString.call(this) + zoneName(this); }, writable: true, configurable: true }
  });
  process.addListener = process.on;
  // process is an EventEmitter once events is loaded: the listeners added
  // before move to it.
  function becomeEmitter(EventEmitter) {
    ['on', 'once', 'off', 'emit', 'listenerCount', 'addListener', 'removeListener'].forEach(function (k) { delete process[k]; });
    Object.setPrototypeOf(process, EventEmitter.prototype);
    EventEmitter.call(process);
    Object.keys(processListeners).forEach(function (n) { processListeners[n].forEach(function (fn) { process.on(n, fn); }); });
  }
  process.removeListener = process.off;
  process.hrtime.bigint = function () { return BigInt(Math.round(__fngate_now() * 1e6)); };

  // --- timers and the event loop (driven by main.rs: `__fngate_ticks` after
  // every callback, `__fngate_step` for each next callback or the wait) ---
  var ticks = [];
  var timers = [];
  var immediates = [];
  var batch = [];
  var lastPhase = 'immediates';
  var timerSeq = 0;
  function Timeout(fn, args, delay, repeat) {
    delay = Number(delay);
    if (!(delay >= 1 && delay <= 2147483647)) delay = 1;
    this._id = ++timerSeq;
    this._fn = fn;
    this._args = args;
    this._delay = delay;
    this._repeat = repeat;
    this._when = __fngate_now() + delay;
    this._cleared = false;
    this._frame = asyncFrame;
  }
  Timeout.prototype.ref = function () { this._unref = false; return this; };
  Timeout.prototype.unref = function () { this._unref = true; return this; };
  Timeout.prototype.hasRef = function () { return !this._unref; };
  Timeout.prototype.refresh = function () { this._when = __fngate_now() + this._delay; return this; };
  Timeout.prototype[Symbol.toPrimitive] = function () { return this._id; };
  function Immediate(fn, args) {
    this._id = ++timerSeq;
    this._fn = fn;
    this._args = args;
    this._cleared = false;
    this._frame = asyncFrame;
  }
  Immediate.prototype.ref = function () { this._unref = false; return this; };
  Immediate.prototype.unref = function () { this._unref = true; return this; };
  Immediate.prototype.hasRef = function () { return !this._unref; };
  // Node's words for a callback that is not a function.
  function notCallback(v) {
    var shown = typeof v === 'string' ? "type string ('" + (v.length > 28 ? v.slice(0, 25) + '...' : v) + "')"
      : v === null || v === undefined ? String(v)
      : typeof v === 'object' ? 'an instance of ' + ((v.constructor && v.constructor.name) || 'Object')
      : 'type ' + typeof v + ' (' + String(v) + ')';
    var e = new TypeError('The "callback" argument must be of type function. Received ' + shown);
    e.code = 'ERR_INVALID_ARG_TYPE';
    return e;
  }
  function schedule(fn, delay, args, repeat) {
    if (typeof fn !== 'function') throw notCallback(fn);
    var t = new Timeout(fn, args, delay, repeat);
    timers.push(t);
    return t;
  }
  function clearTimer(t) {
    if (t === null || t === undefined) return;
    var id = typeof t === 'object' ? t._id : Number(t);
    for (var i = 0; i < timers.length; i++) {
      if (timers[i]._id === id) { timers[i]._cleared = true; timers.splice(i, 1); return; }
    }
    for (var j = 0; j < immediates.length; j++) {
      if (immediates[j]._id === id) { immediates[j]._cleared = true; immediates.splice(j, 1); return; }
    }
    for (var k = 0; k < batch.length; k++) if (batch[k]._id === id) batch[k]._cleared = true;
  }
  global.setTimeout = function setTimeout(fn, delay) { return schedule(fn, delay, Array.prototype.slice.call(arguments, 2), false); };
  global.setInterval = function setInterval(fn, delay) { return schedule(fn, delay, Array.prototype.slice.call(arguments, 2), true); };
  global.setImmediate = function setImmediate(fn) {
    if (typeof fn !== 'function') throw notCallback(fn);
    var im = new Immediate(fn, Array.prototype.slice.call(arguments, 1));
    immediates.push(im);
    return im;
  };
  // util.promisify(setTimeout) and (setImmediate) resolve with the value given, as in Node.
  Object.defineProperty(global.setTimeout, Symbol.for('nodejs.util.promisify.custom'), {
    value: function (delay, value) { return new Promise(function (resolve) { global.setTimeout(resolve, delay, value); }); }
  });
  Object.defineProperty(global.setImmediate, Symbol.for('nodejs.util.promisify.custom'), {
    value: function (value) { return new Promise(function (resolve) { global.setImmediate(resolve, value); }); }
  });
  global.clearTimeout = clearTimer;
  global.clearInterval = clearTimer;
  global.clearImmediate = clearTimer;
  global.queueMicrotask = function queueMicrotask(fn) {
    if (typeof fn !== 'function') throw notCallback(fn);
    Promise.resolve().then(function () { fn(); }).then(undefined, uncaught);
  };
  process.nextTick = function nextTick(fn) {
    if (typeof fn !== 'function') throw notCallback(fn);
    ticks.push({ fn: fn, args: Array.prototype.slice.call(arguments, 1), frame: asyncFrame });
  };
  // An exception no one catches ends the invocation with it, as it ends a Node process.
  function uncaught(e) {
    if (outcome.state === 'pending') settle(e);
    else console.error('Uncaught', e);
  }
  // Runs the next-tick queue; true if it ran anything.
  global.__fngate_ticks = function () {
    if (!ticks.length) return false;
    while (ticks.length) {
      var t = ticks.shift();
      try { callInFrame(t.frame, t.fn, undefined, t.args); } catch (e) { uncaught(e); }
    }
    return true;
  };
  // Runs the next timer or immediate callback, in Node's phases (the timers
  // due now, then the immediates queued before them): 0 when it ran one, the
  // milliseconds to wait for the next timer, or -1 when the invocation is done
  // (the loop is empty, or the handler answered and does not wait for it).
  global.__fngate_step = function () {
    if (outcome.state !== 'pending' && !waitForEmptyLoop()) return -1;
    if (!batch.length && !immediates.length && !timers.some(isRef) && !ioKeepsAlive()) return -1;
    for (var guard = 0; guard < 2 && !batch.length; guard++) {
      if (lastPhase === 'immediates') {
        lastPhase = 'timers';
        var now = __fngate_now();
        batch = timers.filter(function (t) { return t._when <= now; });
        batch.sort(function (a, b) { return a._when - b._when || a._id - b._id; });
        timers = timers.filter(function (t) { return t._when > now; });
      } else {
        lastPhase = 'immediates';
        batch = immediates;
        immediates = [];
      }
    }
    while (batch.length) {
      var next = batch.shift();
      if (next._cleared) continue;
      if (next._repeat) {
        next._when = __fngate_now() + next._delay;
        timers.push(next);
      }
      try { callInFrame(next._frame, next._fn, undefined, next._args); } catch (e) { uncaught(e); }
      return 0;
    }
    if (immediates.length) return 0;
    if (!timers.some(isRef) && !ioKeepsAlive()) return -1;
    if (!timers.length) return Infinity;
    var soonest = Math.min.apply(null, timers.map(function (t) { return t._when; }));
    return Math.max(soonest - __fngate_now(), 0) || 0.001;
  };
  // --- the async context AsyncLocalStorage reads: each callback (a timer,
  // tick, immediate, network event, and from the first AsyncLocalStorage on a
  // `then` reaction) runs in the frame that was current when it was
  // scheduled, and leaves it current for the promise jobs it causes, so an
  // `await` resumes in the context of what it waited for. (QuickJS has no
  // hook on promise reactions, which would give each `await` its own.) ---
  var asyncFrame;
  var asyncEnabled = false;
  function runInFrame(frame, fn, self, args) {
    var prev = asyncFrame;
    asyncFrame = frame;
    try { return fn.apply(self, args); } finally { asyncFrame = prev; }
  }
  function callInFrame(frame, fn, self, args) {
    asyncFrame = frame;
    return fn.apply(self, args);
  }
  internal.asyncContext = {
    enable: function () {
      if (asyncEnabled) return;
      asyncEnabled = true;
      var then = Promise.prototype.then;
      Object.defineProperty(Promise.prototype, 'then', {
        writable: true, configurable: true,
        value: function then2(onFulfilled, onRejected) {
          var frame = asyncFrame;
          return then.call(this,
            typeof onFulfilled === 'function' ? function (v) { asyncFrame = frame; return onFulfilled(v); } : onFulfilled,
            typeof onRejected === 'function' ? function (e) { asyncFrame = frame; return onRejected(e); } : onRejected);
        }
      });
      Object.defineProperty(Promise.prototype.then, 'name', { value: 'then' });
    },
    current: function () { return asyncFrame; },
    set: function (f) { asyncFrame = f; },
    runIn: function (frame, fn) { return runInFrame(frame, fn, undefined, []); },
    bind: function (fn) { var f = asyncFrame; return function () { return runInFrame(f, fn, this, arguments); }; }
  };

  // --- the host's network (net.rs): sockets, requests and lookups by id ---
  // Each handle has `event(type, header, bytes)`, and `ref`/`active`: a ref'd
  // handle keeps the loop alive until the handler answers; after that only an
  // active one (connecting, a request in flight), so an idle pooled
  // connection never holds an invocation open.
  var ioHandles = new Map();
  internal.io = {
    open: function (kind, spec, handle) {
      var id = __fngate_net_open(kind, JSON.stringify(spec));
      if (id === -2) { var e = new Error('EMFILE: too many open connections'); e.code = 'EMFILE'; throw e; }
      if (id < 0) throw new Error('fngate: the host refused a malformed network request');
      if (handle.ref === undefined) handle.ref = true;
      handle.frame = asyncFrame;
      ioHandles.set(id, handle);
      return id;
    },
    write: function (id, bytes) { return __fngate_net_write(id, bytes) === 0; },
    end: function (id) { __fngate_net_end(id); },
    close: function (id) { if (ioHandles.delete(id)) __fngate_net_close(id); }
  };
  function ioKeepsAlive() {
    var answered = outcome.state !== 'pending';
    for (var h of ioHandles.values()) if (h.ref && (!answered || h.active)) return true;
    return false;
  }
  global.__fngate_io = function (headerJson, bytes) {
    var header = JSON.parse(headerJson);
    var handle = ioHandles.get(header.id);
    if (!handle) return;
    try { callInFrame(handle.frame, handle.event, handle, [header.type, header, bytes]); } catch (e) { uncaught(e); }
  };
  // Handles a snapshot holds belong to the process that made it: each fails
  // (ECONNRESET) when the first invocation starts, so clients reconnect.
  var lostHandles = [];
  global.__fngate_io_forget = function () {
    ioHandles.forEach(function (h) { lostHandles.push(h); });
    ioHandles.clear();
  };
  function failLostHandles() {
    var lost = lostHandles;
    lostHandles = [];
    lost.forEach(function (h) {
      process.nextTick(function () {
        try { h.event('error', { code: 'ECONNRESET', syscall: 'read', message: 'read ECONNRESET (the connection was opened while loading, before the instance started)' }); } catch (e) { uncaught(e); }
      });
    });
  }
  function isRef(t) { return !t._unref; }
  function waitForEmptyLoop() {
    return !invocationContext || invocationContext.callbackWaitsForEmptyEventLoop !== false;
  }

  // --- the SCF calling convention ---
  var outcome = { state: 'pending' };
  function settle(err, result) {
    if (outcome.state !== 'pending') return;
    if (err !== null && err !== undefined) {
      var e = err instanceof Error ? err : new Error(typeof err === 'string' ? err : inspect(err));
      outcome = { state: 'error', message: e.message, stack: stackOf(e) };
    } else {
      // Serialized when the invocation ends (the loop empty), as SCF's runtime
      // does, so what the handler changes after answering is part of it.
      outcome = { state: 'ok', value: result };
    }
  }

  // Loading, once per function (and so before a snapshot): the environment as
  // configured, the handler's module and its top-level code (an ES module's
  // settles in the promise jobs main.rs runs next). `__fngate_load_error` then
  // says whether it failed: null, or the error as JSON.
  var handlerFn = null;
  var loadError = null;
  function loadFailed(e) {
    var err = e instanceof Error ? e : new Error(inspect(e));
    loadError = JSON.stringify({ message: err.message, stack: stackOf(err) });
  }
  function takeHandler(exported, name, file) {
    var fn = exported == null ? undefined : exported[name];
    if (typeof fn !== 'function') throw new Error('Handler ' + name + ' is not a function exported by ' + file);
    handlerFn = fn;
  }
  // A web function (`type: web`): the app its scf_bootstrap starts, run as
  // node runs it (the main module), and for each event an HTTP request to the
  // server it listens on at port 9000, served in memory; its response is the
  // integrated response.
  var WEB_PORT = 9000;
  function loadWeb(root, entry) {
    var path = normalize(root + '/' + entry);
    if (kind(path) !== 'file') throw new Error('Cannot find the web function\'s entry ' + entry + ' (started by scf_bootstrap)');
    var module = new Module(path, null);
    module.id = '.';
    mainModule = module;
    moduleCache[path] = module;
    if (isEsm(path)) {
      import(path).then(function () { handlerFn = webHandler; }).then(undefined, loadFailed);
      return;
    }
    compile(module);
    module.loaded = true;
    handlerFn = webHandler;
  }
  var TEXTUAL = /^(text\/|application\/(json|javascript|ecmascript|xml|xhtml\+xml|x-www-form-urlencoded|graphql)|[^;]*\+(json|xml)\b)/i;
  function webHandler(event, context) {
    var Buffer = builtin('buffer').Buffer;
    var servers = internal.servers || (internal.servers = new Map());
    var waited = 0;
    return new Promise(function (resolve, reject) {
      (function whenListening() {
        if (servers.has('port:' + WEB_PORT)) return send();
        // The app may listen once something it awaits is ready; give it the invocation's time.
        if (waited >= context.time_limit_in_ms) return reject(new Error('The web function\'s app does not listen on port ' + WEB_PORT + ' (scf_bootstrap must start a server on port 9000)'));
        waited += 10;
        setTimeout(whenListening, 10);
      })();
      function send() {
        var headers = {};
        var h = event.headers || {};
        Object.keys(h).forEach(function (k) { headers[k.toLowerCase()] = h[k]; });
        headers['x-scf-request-id'] = context.request_id;
        headers['x-scf-name'] = context.function_name;
        headers['x-scf-version'] = context.function_version;
        headers['x-scf-memory'] = String(context.memory_limit_in_mb);
        headers['x-scf-timeout'] = String(context.time_limit_in_ms);
        var source = event.requestContext && event.requestContext.sourceIp;
        if (source && !headers['x-forwarded-for']) headers['x-forwarded-for'] = source;
        var body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : null;
        delete headers['transfer-encoding'];
        if (body) headers['content-length'] = String(body.length); else delete headers['content-length'];
        var query = event.queryString || event.queryStringParameters || {};
        var search = builtin('querystring').stringify(query);
        var req = builtin('http').request({
          host: '127.0.0.1', port: WEB_PORT, method: event.httpMethod || 'GET',
          path: (event.path || '/') + (search ? '?' + search : ''), headers: headers
        }, function (res) {
          var parts = [];
          res.on('data', function (c) { parts.push(c); });
          res.on('error', reject);
          res.on('end', function () {
            var bytes = Buffer.concat(parts);
            var type = String(res.headers['content-type'] || '');
            var text = TEXTUAL.test(type) || (!type && bytes.toString('utf8').indexOf('\ufffd') < 0);
            var out = {};
            Object.keys(res.headers).forEach(function (k) {
              if (k !== 'connection' && k !== 'keep-alive' && k !== 'transfer-encoding') out[k] = res.headers[k];
            });
            resolve({ isBase64Encoded: !text, statusCode: res.statusCode, headers: out, body: bytes.toString(text ? 'utf8' : 'base64') });
          });
        });
        req.on('error', reject);
        req.end(body || undefined);
      }
    });
  }
  global.__fngate_load = function (handler, root, envJson) {
    process.env = environment(JSON.parse(envJson));
    if (process.env.FNGATE_WEB_ENTRY) {
      try { loadWeb(root, process.env.FNGATE_WEB_ENTRY); } catch (e) { loadFailed(e); }
      return;
    }
    var dot = handler.lastIndexOf('.');
    var file = dot < 0 ? handler : handler.slice(0, dot);
    var name = dot < 0 ? 'main_handler' : handler.slice(dot + 1);
    try {
      var base = normalize(root + '/' + file);
      var path = ['.js', '.mjs', '.cjs'].map(function (ext) { return base + ext; })
        .filter(function (p) { return kind(p) === 'file'; })[0];
      if (!path) throw new Error('Cannot find handler file ' + file + '.js in the code directory');
      // As on SCF, the handler's module is required by the runtime's bootstrap,
      // which is require.main.
      mainModule = new Module(CODE_ROOT + '/.fngate-bootstrap.js', null);
      mainModule.id = '.';
      mainModule.loaded = true;
      var shown = path.slice(root.length + 1);
      if (isEsm(path)) {
        import(path).then(function (ns) { takeHandler(ns, name, shown); }).then(undefined, loadFailed);
      } else {
        takeHandler(requireFrom(mainModule, path), name, shown);
      }
    } catch (e) {
      loadFailed(e);
    }
  };
  global.__fngate_load_error = function () {
    if (loadError === null && handlerFn === null) loadFailed(new Error('the handler module did not finish loading (a top-level await that never settles?)'));
    return loadError;
  };

  // One invocation: its environment and context, the event, the handler called.
  // A warm instance's realm serves many: each starts pending, and the callback
  // and promise of an earlier one (settling late, from a timer it left) no
  // longer settle anything.
  var invocationSeq = 0;
  global.__fngate_run = function (event, context, env) {
    outcome = { state: 'pending' };
    asyncFrame = undefined;
    // The handler is called as from an I/O callback: the immediates it queues
    // run before its timers (node's check phase follows the poll phase),
    // however long the handler took.
    lastPhase = 'timers';
    if (lostHandles.length) failLostHandles();
    var seq = ++invocationSeq;
    function done(err, result) { if (seq === invocationSeq) settle(err, result); }
    process.env = environment(env || {});
    context.callbackWaitsForEmptyEventLoop = true;
    invocationContext = context;
    try {
      var r = handlerFn(event, context, done);
      if (r && typeof r.then === 'function') {
        r.then(function (v) { done(null, v); }, function (e) { done(e || new Error("the handler's promise was rejected")); }).then(undefined, uncaught);
      } else if (r !== undefined) {
        done(null, r);
      }
    } catch (e) {
      done(e);
    }
  };
  global.__fngate_outcome = function () {
    if (outcome.state === 'ok' && outcome.json === undefined) {
      try {
        var json = JSON.stringify(outcome.value === undefined ? null : outcome.value);
        outcome = { state: 'ok', json: json === undefined ? 'null' : json };
      } catch (e) {
        outcome = { state: 'error', message: e.message, stack: e.stack || '' };
      }
    }
    return outcome;
  };
  // Which globals are enumerable, and in Node's order; the natives are not.
  Object.getOwnPropertyNames(global).forEach(function (name) {
    if (name.slice(0, 8) === '__fngate') Object.defineProperty(global, name, { enumerable: false });
  });
  ['global', 'clearImmediate', 'setImmediate', 'clearInterval', 'clearTimeout', 'setInterval', 'setTimeout', 'queueMicrotask',
    'structuredClone', 'atob', 'btoa', 'performance', 'fetch', 'crypto'].forEach(function (name) {
    var d = Object.getOwnPropertyDescriptor(global, name);
    if (!d) return;
    delete global[name];
    d.enumerable = true;
    Object.defineProperty(global, name, d);
  });
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams'].forEach(function (name) {
    Object.defineProperty(global, name, { enumerable: false });
  });
})(globalThis);

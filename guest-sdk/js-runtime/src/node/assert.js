// node:assert and node:assert/strict — the assertions, AssertionError with
// Node's code, operator, actual and expected, and deep equality (loose and strict).
'use strict';

function inspect(v) { return require('util').inspect(v); }

class AssertionError extends Error {
  constructor(options) {
    super(options.message);
    this.generatedMessage = !options.userMessage;
    this.code = 'ERR_ASSERTION';
    this.actual = options.actual;
    this.expected = options.expected;
    this.operator = options.operator;
  }
  get name() { return 'AssertionError'; }
  toString() { return 'AssertionError [ERR_ASSERTION]: ' + this.message; }
}
Object.defineProperty(AssertionError.prototype, 'name', { value: 'AssertionError', writable: true, configurable: true });

function fail(actual, expected, message, operator, generated) {
  if (message instanceof Error) throw message;
  throw new AssertionError({ message: message === undefined ? generated : message, userMessage: message !== undefined, actual: actual, expected: expected, operator: operator });
}

function isDeepEqual(a, b, strict, memo) {
  if (strict ? Object.is(a, b) : (a === b || (a !== a && b !== b) || (a == b && (typeof a !== 'object' || a === null) && (typeof b !== 'object' || b === null)))) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    if (!strict && (a === null || typeof a !== 'object') && (b === null || typeof b !== 'object')) return a == b;
    return false;
  }
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  var tagA = Object.prototype.toString.call(a), tagB = Object.prototype.toString.call(b);
  if (tagA !== tagB) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Date) { if (a.getTime() !== b.getTime()) return false; }
  else if (a instanceof RegExp) { if (String(a) !== String(b) || a.lastIndex !== b.lastIndex) return false; }
  else if (a instanceof Error) { if (a.message !== b.message || a.name !== b.name) return false; }
  else if (ArrayBuffer.isView(a)) {
    if (a.length !== b.length || a.byteLength !== b.byteLength) return false;
    for (var i = 0; i < a.length; i++) if (!(strict ? Object.is(a[i], b[i]) : a[i] == b[i])) return false;
    var ka = Object.keys(a).filter(function (k) { return !/^\d+$/.test(k); });
    var kb = Object.keys(b).filter(function (k) { return !/^\d+$/.test(k); });
    return ka.length === kb.length && ka.every(function (k) { return isDeepEqual(a[k], b[k], strict, memo); });
  } else if (a instanceof Number || a instanceof String || a instanceof Boolean) {
    if (!Object.is(a.valueOf(), b.valueOf())) return false;
  }
  memo = memo || { a: [], b: [] };
  var at = memo.a.indexOf(a);
  if (at >= 0 && memo.b[at] === b) return true;
  memo.a.push(a); memo.b.push(b);
  try {
    if (a instanceof Map) {
      if (a.size !== b.size) return false;
      var ok = true;
      a.forEach(function (v, k) {
        if (!ok) return;
        if (b.has(k)) { ok = isDeepEqual(v, b.get(k), strict, memo); return; }
        var found = false;
        b.forEach(function (v2, k2) { if (!found && isDeepEqual(k, k2, strict, memo) && isDeepEqual(v, v2, strict, memo)) found = true; });
        ok = found;
      });
      if (!ok) return false;
    } else if (a instanceof Set) {
      if (a.size !== b.size) return false;
      var all = true;
      a.forEach(function (v) {
        if (!all || b.has(v)) return;
        var f = false;
        b.forEach(function (w) { if (!f && isDeepEqual(v, w, strict, memo)) f = true; });
        all = f;
      });
      if (!all) return false;
    }
    var keysA = Object.keys(a), keysB = Object.keys(b);
    if (keysA.length !== keysB.length) return false;
    for (var j = 0; j < keysA.length; j++) {
      if (!Object.prototype.hasOwnProperty.call(b, keysA[j])) return false;
      if (!isDeepEqual(a[keysA[j]], b[keysA[j]], strict, memo)) return false;
    }
    if (strict) {
      var symA = Object.getOwnPropertySymbols(a).filter(function (s) { return Object.prototype.propertyIsEnumerable.call(a, s); });
      var symB = Object.getOwnPropertySymbols(b).filter(function (s) { return Object.prototype.propertyIsEnumerable.call(b, s); });
      if (symA.length !== symB.length) return false;
      for (var k = 0; k < symA.length; k++) if (!isDeepEqual(a[symA[k]], b[symA[k]], strict, memo)) return false;
    }
    return true;
  } finally {
    memo.a.pop(); memo.b.pop();
  }
}

function ok(value, message) {
  if (!value) fail(value, true, message, '==', arguments.length === 0 ? 'No value argument passed to `assert.ok()`' : 'The expression evaluated to a falsy value:\n\n  assert.ok(' + inspect(value) + ')\n');
}

function matchesExpected(err, expected, message, fnName) {
  if (expected === undefined) return;
  if (expected instanceof RegExp) {
    if (expected.test(String(err))) return;
    fail(err, expected, message, fnName, 'The input did not match the regular expression ' + expected + '. Input:\n\n' + inspect(String(err)) + '\n');
  }
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && err instanceof expected) return;
    if (Error.isPrototypeOf(expected) || expected === Error) throw err;
    if (expected.call({}, err) === true) return;
    fail(err, expected, message, fnName, 'The ' + (expected.name ? '"' + expected.name + '" ' : '') + 'validation function is expected to return "true". Received ' + inspect(expected.call({}, err)));
  }
  if (typeof expected === 'object' && expected !== null) {
    Object.keys(expected).forEach(function (k) {
      var want = expected[k], got = err === null || err === undefined ? undefined : err[k];
      if (want instanceof RegExp && typeof got === 'string') { if (want.test(got)) return; }
      else if (isDeepEqual(got, want, true)) return;
      fail(err, expected, message, fnName, 'Expected values to be strictly deep-equal:\n' + inspect(got) + ' !== ' + inspect(want) + ' (property ' + inspect(k) + ')');
    });
  }
}
function missing(expected, message, fnName, kind) {
  var details = '';
  if (typeof expected === 'function' && expected.name) details = ' (' + expected.name + ')';
  if (typeof message === 'string') { details += ': ' + message; message = undefined; }
  fail(undefined, expected, message, fnName, 'Missing expected ' + kind + details + '.');
}

function equalityAsserts(strictMode) {
  var a = function assert(value, message) {
    if (!value) fail(value, true, message, '==', arguments.length === 0 ? 'No value argument passed to `assert.ok()`' : 'The expression evaluated to a falsy value:\n\n  assert(' + inspect(value) + ')\n');
  };
  a.ok = ok;
  a.AssertionError = AssertionError;
  a.fail = function (message) {
    if (arguments.length >= 2) fail(arguments[0], arguments[1], arguments[2], arguments[3] || '!=', inspect(arguments[0]) + ' ' + (arguments[3] || '!=') + ' ' + inspect(arguments[1]));
    fail(undefined, undefined, message, 'fail', 'Failed');
  };
  a.strictEqual = function (actual, expected, message) {
    if (!Object.is(actual, expected)) fail(actual, expected, message, 'strictEqual', 'Expected values to be strictly equal:\n\n' + inspect(actual) + ' !== ' + inspect(expected) + '\n');
  };
  a.notStrictEqual = function (actual, expected, message) {
    if (Object.is(actual, expected)) fail(actual, expected, message, 'notStrictEqual', 'Expected "actual" to be strictly unequal to: ' + inspect(expected));
  };
  a.deepStrictEqual = function (actual, expected, message) {
    if (!isDeepEqual(actual, expected, true)) fail(actual, expected, message, 'deepStrictEqual', 'Expected values to be strictly deep-equal:\n' + inspect(actual) + '\n\nshould equal\n\n' + inspect(expected));
  };
  a.notDeepStrictEqual = function (actual, expected, message) {
    if (isDeepEqual(actual, expected, true)) fail(actual, expected, message, 'notDeepStrictEqual', 'Expected "actual" not to be strictly deep-equal to: ' + inspect(expected));
  };
  if (strictMode) {
    a.equal = a.strictEqual;
    a.notEqual = a.notStrictEqual;
    a.deepEqual = a.deepStrictEqual;
    a.notDeepEqual = a.notDeepStrictEqual;
  } else {
    a.equal = function (actual, expected, message) {
      if (!(actual == expected || (actual !== actual && expected !== expected))) fail(actual, expected, message, '==', inspect(actual) + ' == ' + inspect(expected));
    };
    a.notEqual = function (actual, expected, message) {
      if (actual == expected || (actual !== actual && expected !== expected)) fail(actual, expected, message, '!=', inspect(actual) + ' != ' + inspect(expected));
    };
    a.deepEqual = function (actual, expected, message) {
      if (!isDeepEqual(actual, expected, false)) fail(actual, expected, message, 'deepEqual', 'Expected values to be loosely deep-equal:\n\n' + inspect(actual) + '\n\nshould loosely deep-equal\n\n' + inspect(expected));
    };
    a.notDeepEqual = function (actual, expected, message) {
      if (isDeepEqual(actual, expected, false)) fail(actual, expected, message, 'notDeepEqual', '"actual" deepEqual "expected"');
    };
  }
  a.throws = function (fn, expected, message) {
    if (typeof expected === 'string') { message = expected; expected = undefined; }
    var threw = false, err;
    try { fn(); } catch (e) { threw = true; err = e; }
    if (!threw) missing(expected, message, 'throws', 'exception');
    matchesExpected(err, expected, message, 'throws');
  };
  a.doesNotThrow = function (fn, expected, message) {
    try { fn(); } catch (e) {
      if (typeof expected === 'string') message = expected;
      fail(e, expected, undefined, 'doesNotThrow', 'Got unwanted exception' + (message ? ': ' + message : '.') + '\nActual message: "' + (e && e.message) + '"');
    }
  };
  a.rejects = function (promiseOrFn, expected, message) {
    if (typeof expected === 'string') { message = expected; expected = undefined; }
    return Promise.resolve().then(function () { return typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn; }).then(
      function () { missing(expected, message, 'rejects', 'rejection'); },
      function (err) { matchesExpected(err, expected, message, 'rejects'); });
  };
  a.doesNotReject = function (promiseOrFn, expected, message) {
    return Promise.resolve().then(function () { return typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn; }).then(
      function () {},
      function (e) { fail(e, expected, undefined, 'doesNotReject', 'Got unwanted rejection.\nActual message: "' + (e && e.message) + '"' + (message ? ': ' + message : '')); });
  };
  a.ifError = function (err) {
    if (err !== null && err !== undefined) {
      var e = new AssertionError({ message: 'ifError got unwanted exception: ' + (err && err.message !== undefined ? err.message : inspect(err)), actual: err, expected: null, operator: 'ifError' });
      e.generatedMessage = false;
      throw e;
    }
  };
  a.match = function (string, regexp, message) {
    if (typeof string !== 'string' || !regexp.test(string)) {
      fail(string, regexp, message, 'match', typeof string !== 'string'
        ? 'The "string" argument must be of type string. Received type ' + typeof string + ' (' + inspect(string) + ')'
        : 'The input did not match the regular expression ' + regexp + '. Input:\n\n' + inspect(string) + '\n');
    }
  };
  a.doesNotMatch = function (string, regexp, message) {
    if (typeof string === 'string' && regexp.test(string)) {
      fail(string, regexp, message, 'doesNotMatch', 'The input was expected to not match the regular expression ' + regexp + '. Input:\n\n' + inspect(string) + '\n');
    }
  };
  return a;
}

var loose = equalityAsserts(false);
var strict = equalityAsserts(true);
loose.strict = strict;
strict.strict = strict;
loose.__deepEqual = isDeepEqual;
module.exports = loose;

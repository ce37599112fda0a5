// node:assert and node:assert/strict — the assertions, AssertionError with
// Node's code, operator, actual and expected, and deep equality (loose and strict).
'use strict';

function inspect(v) { return require('util').inspect(v); }

// --- AssertionError and its messages (Node's lib/internal/assert/assertion_error.js;
// no colors: the diff markers are plain text as on a non-TTY stderr) ---
const colors = { blue: '', green: '', white: '', red: '' };
function removeColors(s) { return s; }

const kReadableOperator = {
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  strictEqual: 'Expected values to be strictly equal:',
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: 'Expected values to be loosely deep-equal:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: 'Values have same structure but are not reference-equal:',
  notDeepEqualUnequal: 'Expected values not to be loosely deep-equal:',
};

// Comparing short primitives shows === / !== instead of a diff.
const kMaxShortLength = 12;

function copyError(source) {
  const target = Object.assign(Object.create(Object.getPrototypeOf(source)), source);
  Object.defineProperty(target, 'message', { value: source.message });
  return target;
}

function inspectValue(val) {
  return require('util').inspect(val, {
    compact: false, customInspect: false, depth: 1000, maxArrayLength: Infinity,
    showHidden: false, showProxy: false, sorted: true, getters: true,
  });
}

function getErrorMessage(operator, message) {
  return message || kReadableOperator[operator];
}

function createErrDiff(actual, expected, operator, message = '') {
  let other = '';
  let res = '';
  let end = '';
  let skipped = false;
  const actualInspected = inspectValue(actual);
  const actualLines = actualInspected.split('\n');
  const expectedLines = inspectValue(expected).split('\n');

  let i = 0;
  let indicator = '';

  // In case both values are objects or functions explicitly mark them as not
  // reference equal for the `strictEqual` operator.
  if (operator === 'strictEqual' &&
      ((typeof actual === 'object' && actual !== null &&
        typeof expected === 'object' && expected !== null) ||
       (typeof actual === 'function' && typeof expected === 'function'))) {
    operator = 'strictEqualObject';
  }

  // If "actual" and "expected" fit on a single line and they are not strictly
  // equal, check further special handling.
  if (actualLines.length === 1 && expectedLines.length === 1 &&
    actualLines[0] !== expectedLines[0]) {
    // Check for the visible length using the `removeColors()` function, if
    // appropriate.
    const c = false;
    const actualRaw = c ? removeColors(actualLines[0]) : actualLines[0];
    const expectedRaw = c ? removeColors(expectedLines[0]) : expectedLines[0];
    const inputLength = actualRaw.length + expectedRaw.length;
    // If the character length of "actual" and "expected" together is less than
    // kMaxShortLength and if neither is an object and at least one of them is
    // not `zero`, use the strict equal comparison to visualize the output.
    if (inputLength <= kMaxShortLength) {
      if ((typeof actual !== 'object' || actual === null) &&
          (typeof expected !== 'object' || expected === null) &&
          (actual !== 0 || expected !== 0)) { // -0 === +0
        return `${getErrorMessage(operator, message)}\n\n` +
            `${actualLines[0]} !== ${expectedLines[0]}\n`;
      }
    } else if (operator !== 'strictEqualObject') {
      // If the stderr is a tty and the input length is lower than the current
      // columns per line, add a mismatch indicator below the output. If it is
      // not a tty, use a default value of 80 characters.
      const maxLength = 80;
      if (inputLength < maxLength) {
        while (actualRaw[i] === expectedRaw[i]) {
          i++;
        }
        // Ignore the first characters.
        if (i > 2) {
          // Add position indicator for the first mismatch in case it is a
          // single line and the input length is less than the column length.
          indicator = `\n  ${' '.repeat(i)}^`;
          i = 0;
        }
      }
    }
  }

  // Remove all ending lines that match (this optimizes the output for
  // readability by reducing the number of total changed lines).
  let a = actualLines[actualLines.length - 1];
  let b = expectedLines[expectedLines.length - 1];
  while (a === b) {
    if (i++ < 3) {
      end = `\n  ${a}${end}`;
    } else {
      other = a;
    }
    actualLines.pop();
    expectedLines.pop();
    if (actualLines.length === 0 || expectedLines.length === 0)
      break;
    a = actualLines[actualLines.length - 1];
    b = expectedLines[expectedLines.length - 1];
  }

  const maxLines = Math.max(actualLines.length, expectedLines.length);
  // Strict equal with identical objects that are not identical by reference.
  // E.g., assert.deepStrictEqual({ a: Symbol() }, { a: Symbol() })
  if (maxLines === 0) {
    // We have to get the result again. The lines were all removed before.
    const actualLines = actualInspected.split('\n');

    // Only remove lines in case it makes sense to collapse those.
    // TODO: Accept env to always show the full error.
    if (actualLines.length > 50) {
      actualLines[46] = `${colors.blue}...${colors.white}`;
      while (actualLines.length > 47) {
        actualLines.pop();
      }
    }

    return `${kReadableOperator.notIdentical}\n\n` +
           `${actualLines.join('\n')}\n`;
  }

  // There were at least five identical lines at the end. Mark a couple of
  // skipped.
  if (i >= 5) {
    end = `\n${colors.blue}...${colors.white}${end}`;
    skipped = true;
  }
  if (other !== '') {
    end = `\n  ${other}${end}`;
    other = '';
  }

  let printedLines = 0;
  let identical = 0;
  const msg = `${getErrorMessage(operator, message)}\n${colors.green}+ actual${colors.white} ${colors.red}- expected${colors.white}`;
  const skippedMsg = ` ${colors.blue}...${colors.white} Lines skipped`;

  let lines = actualLines;
  let plusMinus = `${colors.green}+${colors.white}`;
  let maxLength = expectedLines.length;
  if (actualLines.length < maxLines) {
    lines = expectedLines;
    plusMinus = `${colors.red}-${colors.white}`;
    maxLength = actualLines.length;
  }

  for (i = 0; i < maxLines; i++) {
    if (maxLength < i + 1) {
      // If more than two former lines are identical, print them. Collapse them
      // in case more than five lines were identical.
      if (identical > 2) {
        if (identical > 3) {
          if (identical > 4) {
            if (identical === 5) {
              res += `\n  ${lines[i - 3]}`;
              printedLines++;
            } else {
              res += `\n${colors.blue}...${colors.white}`;
              skipped = true;
            }
          }
          res += `\n  ${lines[i - 2]}`;
          printedLines++;
        }
        res += `\n  ${lines[i - 1]}`;
        printedLines++;
      }
      // No identical lines before.
      identical = 0;
      // Add the expected line to the cache.
      if (lines === actualLines) {
        res += `\n${plusMinus} ${lines[i]}`;
      } else {
        other += `\n${plusMinus} ${lines[i]}`;
      }
      printedLines++;
    // Only extra actual lines exist
    // Lines diverge
    } else {
      const expectedLine = expectedLines[i];
      let actualLine = actualLines[i];
      // If the lines diverge, specifically check for lines that only diverge by
      // a trailing comma. In that case it is actually identical and we should
      // mark it as such.
      let divergingLines =
        actualLine !== expectedLine &&
        (!actualLine.endsWith(',') ||
         actualLine.slice(0, -1) !== expectedLine);
      // If the expected line has a trailing comma but is otherwise identical,
      // add a comma at the end of the actual line. Otherwise the output could
      // look weird as in:
      //
      //   [
      //     1         // No comma at the end!
      // +   2
      //   ]
      //
      if (divergingLines &&
          expectedLine.endsWith(',') &&
          expectedLine.slice(0, -1) === actualLine) {
        divergingLines = false;
        actualLine += ',';
      }
      if (divergingLines) {
        // If more than two former lines are identical, print them. Collapse
        // them in case more than five lines were identical.
        if (identical > 2) {
          if (identical > 3) {
            if (identical > 4) {
              if (identical === 5) {
                res += `\n  ${actualLines[i - 3]}`;
                printedLines++;
              } else {
                res += `\n${colors.blue}...${colors.white}`;
                skipped = true;
              }
            }
            res += `\n  ${actualLines[i - 2]}`;
            printedLines++;
          }
          res += `\n  ${actualLines[i - 1]}`;
          printedLines++;
        }
        // No identical lines before.
        identical = 0;
        // Add the actual line to the result and cache the expected diverging
        // line so consecutive diverging lines show up as +++--- and not +-+-+-.
        res += `\n${colors.green}+${colors.white} ${actualLine}`;
        other += `\n${colors.red}-${colors.white} ${expectedLine}`;
        printedLines += 2;
      // Lines are identical
      } else {
        // Add all cached information to the result before adding other things
        // and reset the cache.
        res += other;
        other = '';
        identical++;
        // The very first identical line since the last diverging line is be
        // added to the result.
        if (identical <= 2) {
          res += `\n  ${actualLine}`;
          printedLines++;
        }
      }
    }
    // Inspected object to big (Show ~50 rows max)
    if (printedLines > 50 && i < maxLines - 2) {
      return `${msg}${skippedMsg}\n${res}\n${colors.blue}...${colors.white}${other}\n` +
             `${colors.blue}...${colors.white}`;
    }
  }

  return `${msg}${skipped ? skippedMsg : ''}\n${res}${other}${end}${indicator}`;
}

function messageFor(options) {
  const message = options.message, operator = options.operator;
  let actual = options.actual, expected = options.expected;
  if (message != null) {
    if (operator === 'deepStrictEqual' || operator === 'strictEqual') return createErrDiff(actual, expected, operator, message);
    return String(message);
  }
  if (typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null &&
      'stack' in actual && actual instanceof Error && 'stack' in expected && expected instanceof Error) {
    actual = copyError(actual);
    expected = copyError(expected);
  }
  if (operator === 'deepStrictEqual' || operator === 'strictEqual') return createErrDiff(actual, expected, operator);
  if (operator === 'notDeepStrictEqual' || operator === 'notStrictEqual') {
    let base = kReadableOperator[operator];
    const res = inspectValue(actual).split('\n');
    if (operator === 'notStrictEqual' && ((typeof actual === 'object' && actual !== null) || typeof actual === 'function')) {
      base = kReadableOperator.notStrictEqualObject;
    }
    if (res.length > 50) {
      res[46] = '...';
      while (res.length > 47) res.pop();
    }
    if (res.length === 1) return base + (res[0].length > 5 ? '\n\n' : ' ') + res[0];
    return base + '\n\n' + res.join('\n') + '\n';
  }
  let res = inspectValue(actual);
  let other = inspectValue(expected);
  const knownOperator = kReadableOperator[operator];
  if (operator === 'notDeepEqual' && res === other) {
    res = knownOperator + '\n\n' + res;
    if (res.length > 1024) res = res.slice(0, 1021) + '...';
    return res;
  }
  if (res.length > 512) res = res.slice(0, 509) + '...';
  if (other.length > 512) other = other.slice(0, 509) + '...';
  if (operator === 'deepEqual') {
    res = knownOperator + '\n\n' + res + '\n\nshould loosely deep-equal\n\n';
  } else {
    const newOp = kReadableOperator[operator + 'Unequal'];
    if (newOp) res = newOp + '\n\n' + res + '\n\nshould not loosely deep-equal\n\n';
    else other = ' ' + operator + ' ' + other;
  }
  return res + other;
}

class AssertionError extends Error {
  constructor(options) {
    if (options === null || typeof options !== 'object') {
      const e = new TypeError('The "options" argument must be of type object. Received ' + (options === null ? 'null' : 'type ' + typeof options + ' (' + inspect(options) + ')'));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    super(messageFor(options));
    this.generatedMessage = !options.message;
    this.code = 'ERR_ASSERTION';
    this.actual = options.actual;
    this.expected = options.expected;
    this.operator = options.operator;
  }
  toString() { return this.name + ' [' + this.code + ']: ' + this.message; }
}
Object.defineProperty(AssertionError.prototype, 'name', { value: 'AssertionError', writable: true, configurable: true });

// Throws `message` when it is an Error, else an AssertionError.
function innerFail(obj) {
  if (obj.message instanceof Error) throw obj.message;
  throw new AssertionError(obj);
}
function fail(actual, expected, message, operator, generated) {
  if (message instanceof Error) throw message;
  const err = new AssertionError({ message: message === undefined ? generated : message, actual: actual, expected: expected, operator: operator });
  err.generatedMessage = message === undefined;
  throw err;
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

function makeAssert() {
  var a = function assert(value, message) {
    if (!value) fail(value, true, message, '==', arguments.length === 0 ? 'No value argument passed to `assert.ok()`' : 'The expression evaluated to a falsy value:\n\n  assert(' + inspect(value) + ')\n');
  };
  a.ok = ok;
  a.AssertionError = AssertionError;
  a.fail = function (message) {
    if (arguments.length >= 2) fail(arguments[0], arguments[1], arguments[2], arguments[3] || '!=', inspect(arguments[0]) + ' ' + (arguments[3] || '!=') + ' ' + inspect(arguments[1]));
    fail(undefined, undefined, message, 'fail', 'Failed');
  };
  a.strictEqual = function strictEqual(actual, expected, message) {
    if (!Object.is(actual, expected)) innerFail({ actual: actual, expected: expected, message: message, operator: 'strictEqual' });
  };
  a.notStrictEqual = function notStrictEqual(actual, expected, message) {
    if (Object.is(actual, expected)) innerFail({ actual: actual, expected: expected, message: message, operator: 'notStrictEqual' });
  };
  a.deepStrictEqual = function deepStrictEqual(actual, expected, message) {
    if (!isDeepEqual(actual, expected, true)) innerFail({ actual: actual, expected: expected, message: message, operator: 'deepStrictEqual' });
  };
  a.notDeepStrictEqual = function notDeepStrictEqual(actual, expected, message) {
    if (isDeepEqual(actual, expected, true)) innerFail({ actual: actual, expected: expected, message: message, operator: 'notDeepStrictEqual' });
  };
  a.equal = function equal(actual, expected, message) {
    if (!(actual == expected || (actual !== actual && expected !== expected))) innerFail({ actual: actual, expected: expected, message: message, operator: '==' });
  };
  a.notEqual = function notEqual(actual, expected, message) {
    if (actual == expected || (actual !== actual && expected !== expected)) innerFail({ actual: actual, expected: expected, message: message, operator: '!=' });
  };
  a.deepEqual = function deepEqual(actual, expected, message) {
    if (!isDeepEqual(actual, expected, false)) innerFail({ actual: actual, expected: expected, message: message, operator: 'deepEqual' });
  };
  a.notDeepEqual = function notDeepEqual(actual, expected, message) {
    if (isDeepEqual(actual, expected, false)) innerFail({ actual: actual, expected: expected, message: message, operator: 'notDeepEqual' });
  };
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

// assert.strict: the same functions, with the loose comparisons made strict.
var loose = makeAssert();
var strict = function strict(value, message) { return loose.ok.apply(null, arguments); };
Object.assign(strict, loose, {
  equal: loose.strictEqual, deepEqual: loose.deepStrictEqual,
  notEqual: loose.notStrictEqual, notDeepEqual: loose.notDeepStrictEqual
});
loose.strict = strict;
strict.strict = strict;
Object.defineProperty(loose, '__deepEqual', { value: isDeepEqual });
module.exports = loose;

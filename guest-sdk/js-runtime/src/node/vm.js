// node:vm — code run with an object as its global scope (a `with` scope over a
// context object, not a separate realm: QuickJS has one realm per instance,
// and Node's vm is no security boundary either).
'use strict';

var kContext = Symbol('vm.context');

function createContext(context) {
  context = context === undefined ? {} : context;
  if (context === null || typeof context !== 'object') {
    var e = new TypeError('The "contextObject" argument must be of type object. Received ' + (context === null ? 'null' : 'type ' + typeof context));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  Object.defineProperty(context, kContext, { value: true });
  return context;
}
function isContext(context) { return context !== null && typeof context === 'object' && context[kContext] === true; }

// Evaluates `code` with the context's properties as variables; assignments to
// them land on the context.
function runIn(code, context, filename) {
  var run = __fngate_compile('(function (__vmContext) { with (__vmContext) { return eval(' + JSON.stringify(String(code)) + '); } })', filename || 'evalmachine.<anonymous>');
  return run.call(context, context);
}

function Script(code, options) {
  if (!(this instanceof Script)) throw new TypeError("Class constructor Script cannot be invoked without 'new'");
  this._code = String(code);
  this._filename = typeof options === 'string' ? options : options && options.filename;
  // Syntax errors show at construction, as in Node.
  __fngate_compile('(function () {' + this._code + '\n})', this._filename || 'evalmachine.<anonymous>');
}
Script.prototype.runInThisContext = function () { return (0, eval)(this._code); };
Script.prototype.runInContext = function (context) { return runIn(this._code, context, this._filename); };
Script.prototype.runInNewContext = function (context) { return runIn(this._code, createContext(context), this._filename); };
Script.prototype.createCachedData = function () { return require('buffer').Buffer.alloc(0); };

module.exports = {
  Script: Script,
  createContext: createContext,
  isContext: isContext,
  runInContext: function (code, context, options) { return new Script(code, options).runInContext(context); },
  runInNewContext: function (code, context, options) { return new Script(code, options).runInNewContext(context); },
  runInThisContext: function (code, options) { return new Script(code, options).runInThisContext(); },
  compileFunction: function (code, params, options) {
    return __fngate_compile('(function (' + (params || []).join(', ') + ') {' + code + '\n})', (options && options.filename) || 'evalmachine.<anonymous>');
  }
};

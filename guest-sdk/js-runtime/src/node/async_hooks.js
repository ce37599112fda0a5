// node:async_hooks — AsyncLocalStorage and AsyncResource, carried across
// awaits, promise callbacks, timers, ticks, immediates and network callbacks
// by the prelude's async context (internal.asyncContext); createHook's hooks
// are accepted and never called.
'use strict';

var ctx = internal.asyncContext;

function AsyncLocalStorage() {
  if (!(this instanceof AsyncLocalStorage)) throw new TypeError("Class constructor AsyncLocalStorage cannot be invoked without 'new'");
  this._key = Symbol('AsyncLocalStorage');
  this._enabled = true;
  ctx.enable();
}
AsyncLocalStorage.prototype.getStore = function () {
  var frame = ctx.current();
  return frame ? frame.get(this._key) : undefined;
};
// A `fn` that returns a promise leaves its store current for the promise
// jobs that follow (its awaits resume there); the next callback sets its own.
AsyncLocalStorage.prototype.run = function (store, fn) {
  var args = Array.prototype.slice.call(arguments, 2);
  var prev = ctx.current();
  var next = new Map(prev || []);
  next.set(this._key, store);
  ctx.set(next);
  var result;
  try { result = fn.apply(undefined, args); } catch (e) { ctx.set(prev); throw e; }
  if (!result || typeof result.then !== 'function') ctx.set(prev);
  return result;
};
AsyncLocalStorage.prototype.exit = function (fn) {
  var args = Array.prototype.slice.call(arguments, 1);
  var next = new Map(ctx.current() || []);
  next.delete(this._key);
  return ctx.runIn(next, function () { return fn.apply(undefined, args); });
};
AsyncLocalStorage.prototype.enterWith = function (store) {
  var next = new Map(ctx.current() || []);
  next.set(this._key, store);
  ctx.set(next);
};
AsyncLocalStorage.prototype.disable = function () {
  var next = new Map(ctx.current() || []);
  next.delete(this._key);
  ctx.set(next);
};
AsyncLocalStorage.bind = function (fn) { return ctx.bind(fn); };
AsyncLocalStorage.snapshot = function () {
  var frame = ctx.current();
  return function (fn) { var args = Array.prototype.slice.call(arguments, 1); return ctx.runIn(frame, function () { return fn.apply(undefined, args); }); };
};

var nextId = 1;
function AsyncResource(type, options) {
  if (!(this instanceof AsyncResource)) throw new TypeError("Class constructor AsyncResource cannot be invoked without 'new'");
  this._type = type;
  this._id = ++nextId;
  this._trigger = options && typeof options === 'object' ? options.triggerAsyncId || 1 : (options || 1);
  this._frame = ctx.current();
}
AsyncResource.prototype.runInAsyncScope = function (fn, thisArg) {
  var args = Array.prototype.slice.call(arguments, 2);
  return ctx.runIn(this._frame, function () { return fn.apply(thisArg, args); });
};
AsyncResource.prototype.emitDestroy = function () { return this; };
AsyncResource.prototype.asyncId = function () { return this._id; };
AsyncResource.prototype.triggerAsyncId = function () { return this._trigger; };
AsyncResource.prototype.bind = function (fn, thisArg) {
  var self = this;
  var bound = function () { return self.runInAsyncScope.apply(self, [fn, thisArg === undefined ? this : thisArg].concat(Array.prototype.slice.call(arguments))); };
  Object.defineProperty(bound, 'length', { value: fn.length });
  bound.asyncResource = this;
  return bound;
};
AsyncResource.bind = function (fn, type, thisArg) { return new AsyncResource(type || fn.name || 'bound-anonymous-fn').bind(fn, thisArg); };

function createHook() {
  return { enable: function () { return this; }, disable: function () { return this; } };
}

module.exports = {
  AsyncLocalStorage: AsyncLocalStorage,
  AsyncResource: AsyncResource,
  createHook: createHook,
  executionAsyncId: function () { return 1; },
  triggerAsyncId: function () { return 0; },
  executionAsyncResource: function () { return {}; },
  asyncWrapProviders: {}
};

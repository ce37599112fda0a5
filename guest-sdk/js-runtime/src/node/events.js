// node:events — EventEmitter as Node has it (listeners in order, once,
// prepend, 'error' with no listener throws, 'newListener'/'removeListener').
'use strict';

function EventEmitter(opts) {
  EventEmitter.init.call(this, opts);
}
EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;
EventEmitter.defaultMaxListeners = 10;
EventEmitter.errorMonitor = Symbol('events.errorMonitor');
// captureRejections: a listener's rejected promise becomes an 'error' event
// (or a call of emitter[Symbol.for('nodejs.rejection')]).
var kCapture = Symbol('kCapture');
var kShapeMode = Symbol('shapeMode');
var kRejection = Symbol.for('nodejs.rejection');
EventEmitter.captureRejectionSymbol = kRejection;
EventEmitter.prototype[kCapture] = false;
Object.defineProperty(EventEmitter, 'captureRejections', {
  get: function () { return EventEmitter.prototype[kCapture]; },
  set: function (value) {
    if (typeof value !== 'boolean') throw invalidArgType('EventEmitter.captureRejections', 'of type boolean', value);
    EventEmitter.prototype[kCapture] = value;
  },
  enumerable: true
});

EventEmitter.init = function (opts) {
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = Object.create(null);
    this._eventsCount = 0;
    this[kShapeMode] = false;
  } else {
    this[kShapeMode] = true;
  }
  this._maxListeners = this._maxListeners || undefined;
  if (opts && opts.captureRejections) {
    if (typeof opts.captureRejections !== 'boolean') throw invalidArgType('options.captureRejections', 'of type boolean', opts.captureRejections);
    this[kCapture] = true;
  } else {
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
};

function addCatch(that, promise, type, args) {
  if (!that[kCapture]) return;
  try {
    var then = promise.then;
    if (typeof then === 'function') {
      then.call(promise, undefined, function (err) {
        process.nextTick(emitUnhandledRejectionOrErr, that, err, type, args);
      });
    }
  } catch (err) {
    that.emit('error', err);
  }
}
function emitUnhandledRejectionOrErr(ee, err, type, args) {
  if (typeof ee[kRejection] === 'function') {
    ee[kRejection].apply(ee, [err, type].concat(args));
  } else {
    var prev = ee[kCapture];
    try {
      ee[kCapture] = false;
      ee.emit('error', err);
    } finally {
      ee[kCapture] = prev;
    }
  }
}

// Node's ERR_INVALID_ARG_TYPE wording of what was received.
function invalidArgType(name, expected, v) {
  var got;
  if (v === null || v === undefined) got = String(v);
  else if (typeof v === 'function') got = v.name ? 'function ' + v.name : 'type function';
  else if (typeof v === 'object') got = v.constructor && v.constructor.name ? 'an instance of ' + v.constructor.name : require('util').inspect(v, { depth: -1 });
  else {
    var text = require('util').inspect(v);
    if (text.length > 28) text = text.slice(0, 25) + '...';
    got = 'type ' + typeof v + ' (' + text + ')';
  }
  var e = new TypeError('The "' + name + '" argument must be ' + expected + '. Received ' + got);
  e.code = 'ERR_INVALID_ARG_TYPE';
  return e;
}

function checkListener(fn) {
  if (typeof fn !== 'function') throw invalidArgType('listener', 'of type function', fn);
}

EventEmitter.prototype.setMaxListeners = function (n) { this._maxListeners = n; return this; };
EventEmitter.prototype.getMaxListeners = function () {
  return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners;
};

EventEmitter.prototype.emit = function (type) {
  var args = Array.prototype.slice.call(arguments, 1);
  var events = this._events;
  if (type === 'error' && events && events[EventEmitter.errorMonitor]) {
    this.emit.apply(this, [EventEmitter.errorMonitor].concat(args));
  }
  var handler = events && events[type];
  if (handler === undefined) {
    if (type === 'error') {
      var er = args[0];
      if (er instanceof Error) throw er;
      var text;
      try { text = require('util').inspect(er); } catch (e) { text = er; }
      var err = new Error('Unhandled error. (' + text + ')');
      err.code = 'ERR_UNHANDLED_ERROR';
      err.context = er;
      throw err;
    }
    return false;
  }
  var result;
  if (typeof handler === 'function') {
    result = handler.apply(this, args);
    if (result !== undefined && result !== null) addCatch(this, result, type, args);
  } else {
    var listeners = handler.slice();
    for (var i = 0; i < listeners.length; i++) {
      result = listeners[i].apply(this, args);
      if (result !== undefined && result !== null) addCatch(this, result, type, args);
    }
  }
  return true;
};

function addListener(target, type, listener, prepend) {
  checkListener(listener);
  var events = target._events;
  if (events === undefined) {
    events = target._events = Object.create(null);
    target._eventsCount = 0;
  } else if (events.newListener !== undefined) {
    target.emit('newListener', type, listener.listener ? listener.listener : listener);
    events = target._events;
  }
  var existing = events[type];
  if (existing === undefined) {
    events[type] = listener;
    target._eventsCount++;
  } else if (typeof existing === 'function') {
    events[type] = prepend ? [listener, existing] : [existing, listener];
  } else if (prepend) {
    existing.unshift(listener);
  } else {
    existing.push(listener);
  }
  var m = target.getMaxListeners();
  var count = typeof events[type] === 'function' ? 1 : events[type].length;
  if (m > 0 && count > m && !events[type].warned) {
    if (typeof events[type] !== 'function') events[type].warned = true;
    process.emitWarning('Possible EventEmitter memory leak detected. ' + count + ' ' + String(type) +
      ' listeners added to ' + (target.constructor && target.constructor.name || 'EventEmitter') +
      '. Use emitter.setMaxListeners() to increase limit');
  }
  return target;
}

EventEmitter.prototype.addListener = function (type, listener) { return addListener(this, type, listener, false); };
EventEmitter.prototype.on = EventEmitter.prototype.addListener;
EventEmitter.prototype.prependListener = function (type, listener) { return addListener(this, type, listener, true); };

function onceWrapper(target, type, listener) {
  var state = { fired: false, target: target, type: type, listener: listener };
  function wrapped() {
    if (!state.fired) {
      state.target.removeListener(state.type, wrapped);
      state.fired = true;
      return state.listener.apply(state.target, arguments);
    }
  }
  wrapped.listener = listener;
  return wrapped;
}
EventEmitter.prototype.once = function (type, listener) {
  checkListener(listener);
  return this.on(type, onceWrapper(this, type, listener));
};
EventEmitter.prototype.prependOnceListener = function (type, listener) {
  checkListener(listener);
  return this.prependListener(type, onceWrapper(this, type, listener));
};

EventEmitter.prototype.removeListener = function (type, listener) {
  checkListener(listener);
  var events = this._events;
  if (events === undefined) return this;
  var list = events[type];
  if (list === undefined) return this;
  if (list === listener || list.listener === listener) {
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete events[type];
    if (events.removeListener) this.emit('removeListener', type, list.listener || listener);
  } else if (typeof list !== 'function') {
    for (var i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        var removed = list[i];
        list.splice(i, 1);
        if (list.length === 1) events[type] = list[0];
        if (events.removeListener !== undefined) this.emit('removeListener', type, removed.listener || listener);
        break;
      }
    }
  }
  return this;
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

EventEmitter.prototype.removeAllListeners = function (type) {
  var events = this._events;
  if (events === undefined) return this;
  if (arguments.length === 0) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  } else if (events[type] !== undefined) {
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete events[type];
  }
  return this;
};

function listenersOf(target, type, unwrap) {
  var events = target._events;
  if (events === undefined || events[type] === undefined) return [];
  var l = events[type];
  if (typeof l === 'function') return unwrap ? [l.listener || l] : [l];
  return l.map(function (f) { return unwrap ? f.listener || f : f; });
}
EventEmitter.prototype.listeners = function (type) { return listenersOf(this, type, true); };
EventEmitter.prototype.rawListeners = function (type) { return listenersOf(this, type, false); };
EventEmitter.prototype.listenerCount = function (type) { return listenersOf(this, type, false).length; };
EventEmitter.prototype.eventNames = function () { return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : []; };

EventEmitter.listenerCount = function (emitter, type) { return emitter.listenerCount(type); };
EventEmitter.once = function (emitter, name) {
  return new Promise(function (resolve, reject) {
    function onError(err) { emitter.removeListener(name, onEvent); reject(err); }
    function onEvent() {
      if (name !== 'error') emitter.removeListener('error', onError);
      resolve(Array.prototype.slice.call(arguments));
    }
    emitter.once(name, onEvent);
    if (name !== 'error') emitter.once('error', onError);
  });
};

// events.on(emitter, name): an async iterator of the arguments of each event.
var AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);
EventEmitter.on = function on(emitter, event, options) {
  var signal = options && options.signal;
  if (signal && signal.aborted) throw abortError(signal);
  var unconsumedEvents = [], unconsumedPromises = [];
  var error = null, finished = false;
  function result(value, done) { return { value: value, done: done }; }
  var iterator = Object.setPrototypeOf({
    next: function () {
      var value = unconsumedEvents.shift();
      if (value) return Promise.resolve(result(value, false));
      if (error) { var p = Promise.reject(error); error = null; return p; }
      if (finished) return Promise.resolve(result(undefined, true));
      return new Promise(function (resolve, reject) { unconsumedPromises.push({ resolve: resolve, reject: reject }); });
    },
    return: function () {
      removeAll();
      finished = true;
      unconsumedPromises.splice(0).forEach(function (p) { p.resolve(result(undefined, true)); });
      return Promise.resolve(result(undefined, true));
    },
    throw: function (err) {
      if (!err || !(err instanceof Error)) throw invalidArgType('EventEmitter.AsyncIterator', 'an instance of Error', err);
      error = err;
      removeAll();
    },
    [Symbol.asyncIterator]: function () { return this; }
  }, AsyncIteratorPrototype);
  function eventHandler() {
    var args = Array.prototype.slice.call(arguments);
    var p = unconsumedPromises.shift();
    if (p) p.resolve(result(args, false));
    else unconsumedEvents.push(args);
  }
  function errorHandler(err) {
    finished = true;
    var p = unconsumedPromises.shift();
    if (p) p.reject(err);
    else error = err;
    iterator.return();
  }
  function abortListener() { errorHandler(abortError(signal)); }
  function removeAll() {
    emitter.removeListener(event, eventHandler);
    emitter.removeListener('error', errorHandler);
    if (signal) signal.removeEventListener('abort', abortListener);
  }
  emitter.on(event, eventHandler);
  if (event !== 'error') emitter.on('error', errorHandler);
  if (signal) signal.addEventListener('abort', abortListener, { once: true });
  return iterator;
};
// Node's AbortError for an aborted signal (shared by the built-ins).
var abortError = internal.abortError;

// getEventListeners / getMaxListeners / setMaxListeners for emitters (and EventTargets
// as far as they show their listeners).
EventEmitter.getEventListeners = function getEventListeners(emitterOrTarget, type) {
  if (emitterOrTarget && typeof emitterOrTarget.listeners === 'function') return emitterOrTarget.listeners(type);
  if (typeof EventTarget === 'function' && emitterOrTarget instanceof EventTarget) {
    var list = emitterOrTarget._listeners instanceof Map && emitterOrTarget._listeners.get(type);
    return list ? list.map(function (l) { return l.fn; }) : [];
  }
  throw invalidArgType('emitter', 'an instance of EventEmitter or EventTarget', emitterOrTarget);
};
EventEmitter.getMaxListeners = function getMaxListeners(emitterOrTarget) {
  if (emitterOrTarget && typeof emitterOrTarget.getMaxListeners === 'function') return emitterOrTarget.getMaxListeners();
  throw invalidArgType('emitter', 'an instance of EventEmitter or EventTarget', emitterOrTarget);
};
EventEmitter.setMaxListeners = function setMaxListeners(n) {
  if (n === undefined) n = EventEmitter.defaultMaxListeners;
  var targets = Array.prototype.slice.call(arguments, 1);
  if (targets.length === 0) EventEmitter.defaultMaxListeners = n;
  else targets.forEach(function (t) { if (typeof t.setMaxListeners === 'function') t.setMaxListeners(n); });
};
EventEmitter.addAbortListener = function addAbortListener(signal, listener) {
  if (signal.aborted) queueMicrotask(function () { listener(); });
  else signal.addEventListener('abort', listener, { once: true });
  return { [Symbol.dispose || Symbol.for('nodejs.dispose')]: function () { signal.removeEventListener('abort', listener); } };
};
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.usingDomains = false;

module.exports = EventEmitter;

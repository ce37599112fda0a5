// node:worker_threads — the main thread's view (isMainThread, no parent
// port); functions run on one thread, so starting a Worker fails when called.
'use strict';

var EE = require('events');

function Worker() {
  var e = new Error('fngate: worker threads are not available (a function runs on one thread)');
  e.code = 'ERR_WORKER_INIT_FAILED';
  throw e;
}
function MessageChannel() {
  var a = new MessagePort(), b = new MessagePort();
  a._other = b; b._other = a;
  this.port1 = a; this.port2 = b;
}
function MessagePort() { EE.call(this); }
Object.setPrototypeOf(MessagePort.prototype, EE.prototype);
MessagePort.prototype.postMessage = function (v) {
  var other = this._other;
  if (!other) return;
  var copy = structuredClone(v);
  setImmediate(function () { other.emit('message', copy); });
};
MessagePort.prototype.start = function () {};
MessagePort.prototype.close = function () { this._other = null; this.emit('close'); };
MessagePort.prototype.ref = function () { return this; };
MessagePort.prototype.unref = function () { return this; };
function BroadcastChannel(name) { EE.call(this); this.name = name; }
Object.setPrototypeOf(BroadcastChannel.prototype, EE.prototype);
BroadcastChannel.prototype.postMessage = function () {};
BroadcastChannel.prototype.close = function () {};

var env = new Map();
module.exports = {
  isMainThread: true,
  parentPort: null,
  workerData: null,
  threadId: 0,
  resourceLimits: {},
  SHARE_ENV: Symbol('nodejs.worker_threads.SHARE_ENV'),
  Worker: Worker,
  MessageChannel: MessageChannel,
  MessagePort: MessagePort,
  BroadcastChannel: BroadcastChannel,
  markAsUntransferable: function () {},
  moveMessagePortToContext: function (p) { return p; },
  receiveMessageOnPort: function () { return undefined; },
  getEnvironmentData: function (k) { return env.get(k); },
  setEnvironmentData: function (k, v) { env.set(k, v); }
};

// node:diagnostics_channel — named channels that frameworks publish to and
// instrumentation subscribes to, within the instance.
'use strict';

var channels = {};
function Channel(name) { this.name = name; this._subscribers = []; }
Object.defineProperty(Channel.prototype, 'hasSubscribers', { get: function () { return this._subscribers.length > 0; } });
Channel.prototype.subscribe = function (fn) { this._subscribers.push(fn); };
Channel.prototype.unsubscribe = function (fn) {
  var i = this._subscribers.indexOf(fn);
  if (i < 0) return false;
  this._subscribers.splice(i, 1);
  return true;
};
Channel.prototype.publish = function (message) {
  var name = this.name;
  this._subscribers.slice().forEach(function (fn) {
    try { fn(message, name); } catch (e) { process.nextTick(function () { throw e; }); }
  });
};
Channel.prototype.bindStore = function () {};
Channel.prototype.unbindStore = function () { return false; };
Channel.prototype.runStores = function (data, fn, thisArg) {
  this.publish(data);
  return fn.apply(thisArg, Array.prototype.slice.call(arguments, 3));
};
function channel(name) {
  if (!Object.prototype.hasOwnProperty.call(channels, name)) channels[name] = new Channel(name);
  return channels[name];
}
module.exports = {
  channel: channel,
  hasSubscribers: function (name) { return Object.prototype.hasOwnProperty.call(channels, name) && channels[name].hasSubscribers; },
  subscribe: function (name, fn) { channel(name).subscribe(fn); },
  unsubscribe: function (name, fn) { return channel(name).unsubscribe(fn); },
  Channel: Channel
};

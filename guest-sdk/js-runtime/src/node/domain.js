// node:domain — deprecated in Node, kept for the code that still loads it:
// a domain catches errors thrown by functions it runs or binds (and emitted
// by emitters it holds) and emits them as its 'error'.
'use strict';

var EE = require('events');

var stack = [];
function Domain() {
  EE.call(this);
  this.members = [];
}
Object.setPrototypeOf(Domain.prototype, EE.prototype);
Object.setPrototypeOf(Domain, EE);
Domain.prototype._caught = function (e) {
  if (e && typeof e === 'object') { e.domain = this; e.domainThrown = true; }
  if (this.listenerCount('error')) this.emit('error', e); else throw e;
};
Domain.prototype.enter = function () { stack.push(this); exports.active = this; };
Domain.prototype.exit = function () { var i = stack.lastIndexOf(this); if (i >= 0) stack.splice(i); exports.active = stack[stack.length - 1] || null; };
Domain.prototype.run = function (fn) {
  var args = Array.prototype.slice.call(arguments, 1);
  this.enter();
  try { return fn.apply(this, args); } catch (e) { this._caught(e); } finally { this.exit(); }
};
Domain.prototype.bind = function (fn) {
  var self = this;
  return function () {
    try { return fn.apply(this, arguments); } catch (e) { self._caught(e); }
  };
};
Domain.prototype.intercept = function (fn) {
  var self = this;
  return function (err) {
    if (err) { self._caught(err); return; }
    try { return fn.apply(this, Array.prototype.slice.call(arguments, 1)); } catch (e) { self._caught(e); }
  };
};
Domain.prototype.add = function (ee) {
  var self = this;
  this.members.push(ee);
  if (ee && typeof ee.on === 'function') ee.on('error', function (e) { self._caught(e); });
};
Domain.prototype.remove = function (ee) { var i = this.members.indexOf(ee); if (i >= 0) this.members.splice(i, 1); };
Domain.prototype.dispose = function () { this.exit(); };

exports.Domain = Domain;
exports.active = null;
exports.create = exports.createDomain = function () { return new Domain(); };

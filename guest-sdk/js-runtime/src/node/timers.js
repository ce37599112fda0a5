// node:timers and node:timers/promises — the global timers, and their promise forms.
'use strict';

module.exports = {
  setTimeout: setTimeout,
  clearTimeout: clearTimeout,
  setInterval: setInterval,
  clearInterval: clearInterval,
  setImmediate: setImmediate,
  clearImmediate: clearImmediate,
  promises: {
    setTimeout: function (delay, value) {
      return new Promise(function (resolve) { setTimeout(resolve, delay, value); });
    },
    setImmediate: function (value) {
      return new Promise(function (resolve) { setImmediate(resolve, value); });
    }
  }
};

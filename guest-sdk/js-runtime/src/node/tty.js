// node:tty — a function's standard streams are never terminals.
'use strict';

function notATerminal() {
  var e = new Error('ENOTTY: inappropriate ioctl for device: a function has no terminal');
  e.code = 'ENOTTY';
  return e;
}
function ReadStream() { throw notATerminal(); }
function WriteStream() { throw notATerminal(); }
module.exports = {
  isatty: function isatty() { return false; },
  ReadStream: ReadStream,
  WriteStream: WriteStream
};

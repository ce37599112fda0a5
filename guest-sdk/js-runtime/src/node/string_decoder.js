// node:string_decoder — decodes a byte stream chunk by chunk without splitting
// a multi-byte UTF-8 or UTF-16 character, or a base64 group, across chunks.
'use strict';

var normEncoding = require('buffer').__normEncoding;

function StringDecoder(encoding) {
  this.encoding = normEncoding(encoding);
  this.pending = new Uint8Array(0);
}

// How many bytes at the end of `b` start a character that is not complete yet.
function incomplete(enc, b) {
  if (enc === 'utf8') {
    for (var back = 1; back <= Math.min(3, b.length); back++) {
      var c = b[b.length - back];
      if ((c & 0xc0) === 0x80) continue; // continuation byte
      var need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      return need > back ? back : 0;
    }
    return 0;
  }
  if (enc === 'utf16le') {
    var odd = b.length % 2;
    if (!odd && b.length >= 2) {
      var hi = b[b.length - 1];
      if (hi >= 0xd8 && hi <= 0xdb) return 2;
    }
    return odd;
  }
  if (enc === 'base64' || enc === 'base64url') return b.length % 3;
  return 0;
}

StringDecoder.prototype.write = function (buf) {
  if (typeof buf === 'string') return buf;
  var all = new Uint8Array(this.pending.length + buf.length);
  all.set(this.pending, 0);
  all.set(buf, this.pending.length);
  var keep = incomplete(this.encoding, all);
  this.pending = all.slice(all.length - keep);
  return __fngate_decode(all.subarray(0, all.length - keep), this.encoding);
};
StringDecoder.prototype.end = function (buf) {
  var s = buf ? this.write(buf) : '';
  if (this.pending.length) s += __fngate_decode(this.pending, this.encoding);
  this.pending = new Uint8Array(0);
  return s;
};
StringDecoder.prototype.text = function (buf, offset) { return this.write(buf.subarray(offset)); };

module.exports = { StringDecoder: StringDecoder };

// node:punycode — the deprecated module, as Node bundles it (punycode.js
// 2.1.0): RFC 3492 by the idna crate (natives.rs), labels and domains here.
'use strict';

function invalid() { return new RangeError('Invalid input'); }
function decode(input) {
  var out = __fngate_punycode('decode', String(input));
  if (out == null) throw invalid();
  return out;
}
function encode(input) {
  var out = __fngate_punycode('encode', String(input));
  if (out == null) throw invalid();
  return out;
}
// Maps each label of a domain (or of an email address's domain part).
function mapDomain(domain, fn) {
  var parts = String(domain).split('@');
  var result = '';
  if (parts.length > 1) {
    result = parts[0] + '@';
    domain = parts[1];
  } else {
    domain = parts[0];
  }
  domain = domain.replace(/[\x2E\u3002\uFF0E\uFF61]/g, '\x2E');
  return result + domain.split('.').map(fn).join('.');
}
var ucs2 = {
  decode: function (string) {
    var out = [];
    for (var i = 0; i < string.length; i++) {
      var c = string.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < string.length) {
        var d = string.charCodeAt(i + 1);
        if ((d & 0xfc00) === 0xdc00) { out.push(((c & 0x3ff) << 10) + (d & 0x3ff) + 0x10000); i++; continue; }
      }
      out.push(c);
    }
    return out;
  },
  encode: function (codePoints) { return String.fromCodePoint.apply(null, codePoints); }
};
module.exports = {
  version: '2.1.0',
  ucs2: ucs2,
  decode: decode,
  encode: encode,
  toASCII: function (input) {
    return mapDomain(input, function (s) { return /[^\0-\x7F]/.test(s) ? 'xn--' + encode(s) : s; });
  },
  toUnicode: function (input) {
    return mapDomain(input, function (s) { return /^xn--/.test(s) ? decode(s.slice(4).toLowerCase()) : s; });
  }
};

// node:path — POSIX paths (the function's working directory is its code, /code).
'use strict';

function check(p, name) {
  if (typeof p !== 'string') {
    var e = new TypeError('The "' + (name || 'path') + '" argument must be of type string. Received ' + (p === null ? 'null' : typeof p === 'object' ? 'an instance of ' + ((p.constructor && p.constructor.name) || 'Object') : 'type ' + typeof p + ' (' + String(p) + ')'));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
}

function normalizeString(p, allowAboveRoot) {
  var out = [];
  p.split('/').forEach(function (seg) {
    if (seg === '' || seg === '.') return;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (allowAboveRoot) out.push('..');
    } else {
      out.push(seg);
    }
  });
  return out.join('/');
}

var posix = {
  sep: '/',
  delimiter: ':',
  resolve: function () {
    var resolved = '';
    var absolute = false;
    for (var i = arguments.length - 1; i >= -1 && !absolute; i--) {
      var p = i >= 0 ? arguments[i] : process.cwd();
      check(p, 'paths[' + i + ']');
      if (!p) continue;
      resolved = p + '/' + resolved;
      absolute = p[0] === '/';
    }
    resolved = normalizeString(resolved, !absolute);
    return absolute ? '/' + resolved : resolved || '.';
  },
  normalize: function (p) {
    check(p);
    if (!p) return '.';
    var absolute = p[0] === '/';
    var trailing = p[p.length - 1] === '/';
    var out = normalizeString(p, !absolute);
    if (!out && !absolute) out = '.';
    if (out && trailing) out += '/';
    return absolute ? '/' + out : out;
  },
  isAbsolute: function (p) { check(p); return p.length > 0 && p[0] === '/'; },
  join: function () {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) {
      check(arguments[i]);
      if (arguments[i]) parts.push(arguments[i]);
    }
    return parts.length ? posix.normalize(parts.join('/')) : '.';
  },
  relative: function (from, to) {
    check(from, 'from'); check(to, 'to');
    if (from === to) return '';
    var f = posix.resolve(from).split('/').filter(Boolean);
    var t = posix.resolve(to).split('/').filter(Boolean);
    var i = 0;
    while (i < f.length && i < t.length && f[i] === t[i]) i++;
    return f.slice(i).map(function () { return '..'; }).concat(t.slice(i)).join('/');
  },
  dirname: function (p) {
    check(p);
    if (!p) return '.';
    var end = p.length;
    while (end > 1 && p[end - 1] === '/') end--;
    var i = p.lastIndexOf('/', end - 1);
    if (i < 0) return '.';
    if (i === 0) return '/';
    var d = p.slice(0, i);
    while (d.length > 1 && d[d.length - 1] === '/') d = d.slice(0, -1);
    return d;
  },
  basename: function (p, ext) {
    check(p);
    if (ext !== undefined) check(ext, 'ext');
    var end = p.length;
    while (end > 0 && p[end - 1] === '/') end--;
    if (end === 0) return '';
    var base = p.slice(p.lastIndexOf('/', end - 1) + 1, end);
    if (ext !== undefined && ext !== base && base.slice(base.length - ext.length) === ext) base = base.slice(0, base.length - ext.length);
    return base;
  },
  extname: function (p) {
    check(p);
    var base = posix.basename(p);
    var i = base.lastIndexOf('.');
    if (i <= 0 || (base === '..')) return '';
    return base.slice(i);
  },
  parse: function (p) {
    check(p);
    var root = p[0] === '/' ? '/' : '';
    var base = posix.basename(p);
    var ext = posix.extname(p);
    var dir = posix.dirname(p);
    if (dir === '.' && p.indexOf('/') < 0) dir = '';
    if (!base) dir = root;
    return { root: root, dir: dir, base: base, ext: ext, name: ext ? base.slice(0, base.length - ext.length) : base };
  },
  format: function (o) {
    if (o === null || typeof o !== 'object') {
      var e = new TypeError('The "pathObject" argument must be of type object. Received ' + (o === null ? 'null' : 'type ' + typeof o));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    var dir = o.dir || o.root;
    var base = o.base || ((o.name || '') + (o.ext ? (o.ext[0] === '.' ? '' : '.') + o.ext : ''));
    if (!dir) return base;
    return dir === o.root ? dir + base : dir + '/' + base;
  },
  toNamespacedPath: function (p) { return p; }
};
posix.posix = posix;
posix.win32 = null;
module.exports = posix;

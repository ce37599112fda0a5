// node:fs and node:fs/promises as SCF gives them to a function: its code
// (/code, also reachable as SCF's /var/user) read-only, and a writable /tmp
// private to the instance. /tmp lives in the instance's own memory, so its
// bytes count against the function's memorySize, and it holds at most
// TMP_LIMIT bytes (SCF's 512 MB); it starts empty for every invocation.
// Writing anywhere else fails as on SCF: EROFS in the code, EACCES elsewhere.
'use strict';

var Buffer = require('buffer').Buffer;
var pathMod = require('path');
var normEncoding = require('buffer').__normEncoding;

var TMP = '/tmp';
var TMP_LIMIT = 512 * 1024 * 1024;
var ERRNO = {
  ENOENT: [-2, 'no such file or directory'], EACCES: [-13, 'permission denied'],
  EISDIR: [-21, 'illegal operation on a directory'], ENOTDIR: [-20, 'not a directory'],
  EROFS: [-30, 'read-only file system'], EEXIST: [-17, 'file already exists'],
  ENOTEMPTY: [-39, 'directory not empty'], EIO: [-5, 'i/o error'], ENOSPC: [-28, 'no space left on device'],
  EINVAL: [-22, 'invalid argument'], EPERM: [-1, 'operation not permitted']
};

function fsError(code, syscall, path, dest) {
  var info = ERRNO[code] || ERRNO.EIO;
  // Node names no path for a read of a directory ("EISDIR: ..., read").
  var where = syscall === 'read' ? '' : " '" + path + "'" + (dest ? " -> '" + dest + "'" : '');
  var e = new Error(code + ': ' + info[1] + ', ' + syscall + where);
  e.errno = info[0];
  e.code = code;
  e.syscall = syscall;
  e.path = path;
  if (dest) e.dest = dest;
  return e;
}

function toPath(p, name) {
  if (p instanceof URL) p = require('url').fileURLToPath(p);
  if (p instanceof Uint8Array) p = Buffer.from(p).toString();
  if (typeof p !== 'string') {
    var e = new TypeError('The "' + (name || 'path') + '" argument must be of type string or an instance of Buffer or URL. Received ' +
      (p === null ? 'null' : p === undefined ? 'undefined' : 'type ' + typeof p));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  return p;
}
// The path as given (for messages) and where it is in the sandbox.
function locate(p, name) {
  var given = toPath(p, name);
  return { given: given, real: internal.toSandbox(pathMod.resolve(given)) };
}
function inTmp(real) { return real === TMP || real.indexOf(TMP + '/') === 0; }
function inCode(real) { return real === internal.codeRoot || real.indexOf(internal.codeRoot + '/') === 0; }
function writeRefusal(real) { return inCode(real) ? 'EROFS' : 'EACCES'; }

// --- /tmp, in memory ---
var tmp = new Map([[TMP, { dir: true, mtime: Date.now(), birth: Date.now() }]]);
var tmpBytes = 0;
function tmpParentOk(real, syscall, given) {
  var parent = tmp.get(pathMod.dirname(real));
  if (!parent) throw fsError('ENOENT', syscall, given);
  if (!parent.dir) throw fsError('ENOTDIR', syscall, given);
}
function tmpWrite(real, given, bytes, append, syscall) {
  var node = tmp.get(real);
  if (node && node.dir) throw fsError('EISDIR', syscall, given);
  if (!node) tmpParentOk(real, syscall, given);
  var old = node ? node.data : new Uint8Array(0);
  var data;
  if (append) {
    data = new Uint8Array(old.length + bytes.length);
    data.set(old, 0);
    data.set(bytes, old.length);
  } else {
    data = new Uint8Array(bytes);
  }
  if (tmpBytes - old.length + data.length > TMP_LIMIT) throw fsError('ENOSPC', syscall, given);
  tmpBytes += data.length - old.length;
  var now = Date.now();
  tmp.set(real, { dir: false, data: data, mtime: now, birth: node ? node.birth : now });
}
function tmpChildren(real) {
  var out = [];
  var prefix = real === '/' ? '/' : real + '/';
  tmp.forEach(function (node, p) {
    if (p.indexOf(prefix) === 0 && p.length > prefix.length && p.slice(prefix.length).indexOf('/') < 0) out.push(p.slice(prefix.length) + (node.dir ? '/' : ''));
  });
  return out.sort();
}

// --- what every form shares: a node for a path ---
function statOf(real, given, syscall) {
  if (inTmp(real)) {
    var n = tmp.get(real);
    if (!n) throw fsError('ENOENT', syscall, given);
    return new Stats(n.dir, n.dir ? 4096 : n.data.length, n.mtime, n.birth, 0o644);
  }
  if (real === '/') return new Stats(true, 4096, 0, 0, 0o555);
  var s = __fngate_fs_stat(real);
  if (typeof s === 'string') throw fsError(s, syscall, given);
  return new Stats(s[0] === 'dir', s[1], s[2], s[2], s[0] === 'dir' ? 0o555 : 0o444);
}
function readBytes(real, given) {
  if (inTmp(real)) {
    var n = tmp.get(real);
    if (!n) throw fsError('ENOENT', 'open', given);
    if (n.dir) throw fsError('EISDIR', 'read', given);
    return Buffer.from(n.data);
  }
  var r = __fngate_fs_read(real);
  if (typeof r === 'string') throw fsError(r, r === 'EISDIR' ? 'read' : 'open', given);
  return Buffer.from(r);
}
function encodingOf(options) {
  if (typeof options === 'string') return options;
  return options && options.encoding ? options.encoding : null;
}
function dataBytes(data, options) {
  if (typeof data === 'string') return Buffer.from(data, encodingOf(options) || 'utf8');
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  var e = new TypeError('The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ' +
    (data === null ? 'null' : 'type ' + typeof data));
  e.code = 'ERR_INVALID_ARG_TYPE';
  throw e;
}

function Stats(dir, size, mtimeMs, birthMs, perm) {
  this.dev = 1; this.mode = (dir ? 0o040000 : 0o100000) | perm; this.nlink = 1; this.uid = 0; this.gid = 0;
  this.rdev = 0; this.blksize = 4096; this.ino = 0; this.size = size; this.blocks = Math.ceil(size / 512);
  this.atimeMs = mtimeMs; this.mtimeMs = mtimeMs; this.ctimeMs = mtimeMs; this.birthtimeMs = birthMs;
  this.atime = new Date(mtimeMs); this.mtime = new Date(mtimeMs); this.ctime = new Date(mtimeMs); this.birthtime = new Date(birthMs);
  Object.defineProperty(this, '_dir', { value: dir });
}
Stats.prototype.isFile = function () { return !this._dir; };
Stats.prototype.isDirectory = function () { return this._dir; };
Stats.prototype.isSymbolicLink = function () { return false; };
Stats.prototype.isFIFO = Stats.prototype.isSocket = Stats.prototype.isBlockDevice = Stats.prototype.isCharacterDevice = function () { return false; };

function Dirent(name, dir, parent) { this.name = name; this.path = parent; Object.defineProperty(this, '_dir', { value: dir }); }
Dirent.prototype.isFile = function () { return !this._dir; };
Dirent.prototype.isDirectory = function () { return this._dir; };
Dirent.prototype.isSymbolicLink = Dirent.prototype.isFIFO = Dirent.prototype.isSocket = function () { return false; };
Dirent.prototype.isBlockDevice = Dirent.prototype.isCharacterDevice = function () { return false; };

// --- the synchronous forms; the callback and promise forms wrap them ---
var sync = {
  readFileSync: function (p, options) {
    var loc = locate(p);
    var b = readBytes(loc.real, loc.given);
    var enc = encodingOf(options);
    return enc ? b.toString(normEncoding(enc)) : b;
  },
  writeFileSync: function (p, data, options) {
    var loc = locate(p);
    var bytes = dataBytes(data, options);
    if (!inTmp(loc.real)) throw fsError(writeRefusal(loc.real), 'open', loc.given);
    var flag = options && typeof options === 'object' && options.flag;
    if (flag === 'wx' || flag === 'xw') { if (tmp.has(loc.real)) throw fsError('EEXIST', 'open', loc.given); }
    tmpWrite(loc.real, loc.given, bytes, flag === 'a' || flag === 'a+', 'open');
  },
  appendFileSync: function (p, data, options) {
    var loc = locate(p);
    var bytes = dataBytes(data, options);
    if (!inTmp(loc.real)) throw fsError(writeRefusal(loc.real), 'open', loc.given);
    tmpWrite(loc.real, loc.given, bytes, true, 'open');
  },
  existsSync: function (p) {
    try { var loc = locate(p); statOf(loc.real, loc.given, 'stat'); return true; } catch (e) { return false; }
  },
  statSync: function (p, options) {
    var loc = locate(p);
    try { return statOf(loc.real, loc.given, 'stat'); } catch (e) {
      if (options && options.throwIfNoEntry === false && e.code === 'ENOENT') return undefined;
      throw e;
    }
  },
  readdirSync: function (p, options) {
    var loc = locate(p);
    var names;
    if (inTmp(loc.real)) {
      var n = tmp.get(loc.real);
      if (!n) throw fsError('ENOENT', 'scandir', loc.given);
      if (!n.dir) throw fsError('ENOTDIR', 'scandir', loc.given);
      names = tmpChildren(loc.real);
    } else if (loc.real === '/') {
      names = ['code/', 'tmp/'];
    } else {
      names = __fngate_fs_readdir(loc.real);
      if (typeof names === 'string') throw fsError(names, 'scandir', loc.given);
    }
    var withTypes = options && typeof options === 'object' && options.withFileTypes;
    var enc = encodingOf(options);
    return names.map(function (entry) {
      var dir = entry[entry.length - 1] === '/';
      var name = dir ? entry.slice(0, -1) : entry;
      if (withTypes) return new Dirent(name, dir, loc.given);
      return enc === 'buffer' ? Buffer.from(name) : name;
    });
  },
  mkdirSync: function (p, options) {
    var loc = locate(p);
    var recursive = options && typeof options === 'object' && options.recursive;
    if (!inTmp(loc.real)) {
      if (sync.existsSync(loc.real) && !recursive) throw fsError('EEXIST', 'mkdir', loc.given);
      if (sync.existsSync(loc.real)) return undefined;
      throw fsError(writeRefusal(loc.real), 'mkdir', loc.given);
    }
    var existing = tmp.get(loc.real);
    if (existing) {
      if (recursive && existing.dir) return undefined;
      throw fsError('EEXIST', 'mkdir', loc.given);
    }
    if (recursive) {
      var parts = loc.real.slice(TMP.length + 1).split('/');
      var at = TMP, first;
      for (var i = 0; i < parts.length; i++) {
        at += '/' + parts[i];
        var node = tmp.get(at);
        if (node && !node.dir) throw fsError('ENOTDIR', 'mkdir', loc.given);
        if (!node) { tmp.set(at, { dir: true, mtime: Date.now(), birth: Date.now() }); if (!first) first = at; }
      }
      return first;
    }
    tmpParentOk(loc.real, 'mkdir', loc.given);
    tmp.set(loc.real, { dir: true, mtime: Date.now(), birth: Date.now() });
    return undefined;
  },
  unlinkSync: function (p) {
    var loc = locate(p);
    if (!inTmp(loc.real)) { statOf(loc.real, loc.given, 'unlink'); throw fsError(writeRefusal(loc.real), 'unlink', loc.given); }
    var n = tmp.get(loc.real);
    if (!n) throw fsError('ENOENT', 'unlink', loc.given);
    if (n.dir) throw fsError('EISDIR', 'unlink', loc.given);
    tmpBytes -= n.data.length;
    tmp.delete(loc.real);
  },
  rmdirSync: function (p, options) {
    var loc = locate(p);
    if (!inTmp(loc.real) || loc.real === TMP) { statOf(loc.real, loc.given, 'rmdir'); throw fsError(loc.real === TMP ? 'EACCES' : writeRefusal(loc.real), 'rmdir', loc.given); }
    var n = tmp.get(loc.real);
    if (!n) throw fsError('ENOENT', 'rmdir', loc.given);
    if (!n.dir) throw fsError('ENOTDIR', 'rmdir', loc.given);
    if (tmpChildren(loc.real).length) {
      if (!(options && options.recursive)) throw fsError('ENOTEMPTY', 'rmdir', loc.given);
      return sync.rmSync(p, { recursive: true });
    }
    tmp.delete(loc.real);
  },
  rmSync: function (p, options) {
    var loc = locate(p);
    var force = options && options.force, recursive = options && options.recursive;
    if (!inTmp(loc.real) || loc.real === TMP) {
      if (!sync.existsSync(loc.real) && force) return;
      statOf(loc.real, loc.given, 'rm');
      throw fsError(loc.real === TMP ? 'EACCES' : writeRefusal(loc.real), 'rm', loc.given);
    }
    var n = tmp.get(loc.real);
    if (!n) { if (force) return; throw fsError('ENOENT', 'stat', loc.given); }
    if (n.dir && !recursive) {
      var e = new Error('Path is a directory: rm returned EISDIR (is a directory) ' + loc.given);
      e.code = 'ERR_FS_EISDIR';
      throw e;
    }
    var prefix = loc.real + '/';
    Array.from(tmp.keys()).forEach(function (k) {
      if (k === loc.real || k.indexOf(prefix) === 0) {
        var node = tmp.get(k);
        if (!node.dir) tmpBytes -= node.data.length;
        tmp.delete(k);
      }
    });
  },
  renameSync: function (from, to) {
    var a = locate(from, 'oldPath'), b = locate(to, 'newPath');
    if (!inTmp(a.real) || !inTmp(b.real)) {
      statOf(a.real, a.given, 'rename');
      throw fsError(writeRefusal(inTmp(a.real) ? b.real : a.real), 'rename', a.given, b.given);
    }
    var n = tmp.get(a.real);
    if (!n) throw fsError('ENOENT', 'rename', a.given, b.given);
    tmpParentOk(b.real, 'rename', b.given);
    var prefix = a.real + '/';
    var moves = [];
    tmp.forEach(function (node, k) { if (k === a.real || k.indexOf(prefix) === 0) moves.push([k, node]); });
    var old = tmp.get(b.real);
    if (old && !old.dir) tmpBytes -= old.data.length;
    moves.forEach(function (m) { tmp.delete(m[0]); });
    moves.forEach(function (m) { tmp.set(b.real + m[0].slice(a.real.length), m[1]); });
  },
  copyFileSync: function (src, dest, mode) {
    var a = locate(src, 'src'), b = locate(dest, 'dest');
    var data = readBytes(a.real, a.given);
    if (!inTmp(b.real)) throw fsError(writeRefusal(b.real), 'copyfile', a.given, b.given);
    if (mode & 1 && tmp.has(b.real)) throw fsError('EEXIST', 'copyfile', a.given, b.given);
    tmpWrite(b.real, b.given, data, false, 'copyfile');
  },
  accessSync: function (p, mode) {
    var loc = locate(p);
    statOf(loc.real, loc.given, 'access');
    if ((mode & 2) && !inTmp(loc.real)) throw fsError(writeRefusal(loc.real), 'access', loc.given);
  },
  realpathSync: function (p) {
    var loc = locate(p);
    statOf(loc.real, loc.given, 'lstat');
    return pathMod.resolve(loc.given);
  },
  mkdtempSync: function (prefix) {
    var chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    var bytes = new Uint8Array(__fngate_random_bytes(6));
    var name = toPath(prefix, 'prefix') + Array.from(bytes, function (b) { return chars[b % chars.length]; }).join('');
    sync.mkdirSync(name);
    return name;
  }
};
sync.lstatSync = sync.statSync;
sync.realpathSync.native = sync.realpathSync;

var fs = {};
Object.keys(sync).forEach(function (name) {
  var f = sync[name];
  fs[name] = f;
  if (name === 'existsSync') return;
  var base = name.slice(0, -4);
  fs[base] = function () {
    var args = Array.prototype.slice.call(arguments);
    var cb = args.pop();
    if (typeof cb !== 'function') {
      var e = new TypeError('The "cb" argument must be of type function. Received ' + (cb === undefined ? 'undefined' : 'type ' + typeof cb));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    var result, error = null;
    try { result = f.apply(null, args); } catch (err) { error = err; }
    setImmediate(function () { if (error) cb(error); else cb(null, result); });
  };
});
fs.exists = function (p, cb) { var r = sync.existsSync(p); setImmediate(function () { cb(r); }); };
fs.realpath.native = fs.realpath;
fs.Stats = Stats;
fs.Dirent = Dirent;
fs.constants = { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, COPYFILE_EXCL: 1, COPYFILE_FICLONE: 2, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2 };
fs.F_OK = 0; fs.R_OK = 4; fs.W_OK = 2; fs.X_OK = 1;

fs.promises = {};
Object.keys(sync).forEach(function (name) {
  if (name === 'existsSync') return;
  var f = sync[name];
  fs.promises[name.slice(0, -4)] = function () {
    var args = arguments;
    return new Promise(function (resolve, reject) {
      setImmediate(function () {
        try { resolve(f.apply(null, args)); } catch (e) { reject(e); }
      });
    });
  };
});
fs.promises.constants = fs.constants;

fs.createReadStream = function (p, options) {
  if (typeof options === 'string') options = { encoding: options };
  options = options || {};
  var Readable = require('stream').Readable;
  var loc = locate(p);
  var start = options.start || 0;
  var end = options.end === undefined ? Infinity : options.end + 1;
  var chunk = options.highWaterMark || 65536;
  var data = null, pos = start;
  var stream = new Readable({
    highWaterMark: chunk,
    encoding: options.encoding,
    read: function () {
      if (data === null) {
        try { data = readBytes(loc.real, loc.given); } catch (e) { this.destroy(e); return; }
        stream.emit('open', 3);
        stream.emit('ready');
      }
      var stop = Math.min(end, data.length);
      if (pos >= stop) { this.push(null); return; }
      var next = Math.min(pos + chunk, stop);
      this.bytesRead = next - start;
      this.push(data.subarray(pos, next));
      pos = next;
    }
  });
  stream.path = loc.given;
  stream.bytesRead = 0;
  return typed(stream, ReadStream, Readable);
};
fs.createWriteStream = function (p, options) {
  if (typeof options === 'string') options = { encoding: options };
  options = options || {};
  var Writable = require('stream').Writable;
  var loc = locate(p);
  var append = options.flags === 'a';
  var opened = false;
  var stream = new Writable({
    write: function (c, enc, cb) {
      try {
        tmpWriteChecked(loc, typeof c === 'string' ? Buffer.from(c, enc) : c, append || opened);
        opened = true;
        stream.bytesWritten += c.length;
        cb();
      } catch (e) { cb(e); }
    },
    final: function (cb) {
      try { if (!opened) tmpWriteChecked(loc, new Uint8Array(0), append); cb(); } catch (e) { cb(e); }
    }
  });
  stream.path = loc.given;
  stream.bytesWritten = 0;
  return typed(stream, WriteStream, Writable);
};
// fs.ReadStream and fs.WriteStream: what createReadStream and
// createWriteStream make (`instanceof` works; `new` makes one too).
function ReadStream(p, options) { return fs.createReadStream(p, options); }
function WriteStream(p, options) { return fs.createWriteStream(p, options); }
function typed(stream, Type, Base) {
  if (Object.getPrototypeOf(Type.prototype) !== Base.prototype) Object.setPrototypeOf(Type.prototype, Base.prototype);
  Object.setPrototypeOf(stream, Type.prototype);
  return stream;
}
fs.ReadStream = ReadStream;
fs.WriteStream = WriteStream;
function tmpWriteChecked(loc, bytes, append) {
  if (!inTmp(loc.real)) throw fsError(writeRefusal(loc.real), 'open', loc.given);
  tmpWrite(loc.real, loc.given, bytes, append, 'write');
}
fs.watch = fs.watchFile = function () {
  throw new Error('fs.watch is not available in fngate: a function\'s files do not change while it runs');
};

module.exports = fs;

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
  EINVAL: [-22, 'invalid argument'], EPERM: [-1, 'operation not permitted'], EBADF: [-9, 'bad file descriptor'],
  ELOOP: [-40, 'too many symbolic links encountered'], EXDEV: [-18, 'cross-device link not permitted']
};
// Linux's numbers, as node reports them there.
var constants = {
  UV_FS_SYMLINK_DIR: 1, UV_FS_SYMLINK_JUNCTION: 2, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2,
  UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1, UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3, UV_DIRENT_FIFO: 4,
  UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7, EXTENSIONLESS_FORMAT_JAVASCRIPT: 0,
  EXTENSIONLESS_FORMAT_WASM: 1, S_IFMT: 61440, S_IFREG: 32768, S_IFDIR: 16384, S_IFCHR: 8192,
  S_IFBLK: 24576, S_IFIFO: 4096, S_IFLNK: 40960, S_IFSOCK: 49152, O_CREAT: 64, O_EXCL: 128,
  UV_FS_O_FILEMAP: 0, O_NOCTTY: 256, O_TRUNC: 512, O_APPEND: 1024, O_DIRECTORY: 65536,
  O_NOATIME: 262144, O_NOFOLLOW: 131072, O_SYNC: 1052672, O_DSYNC: 4096, O_DIRECT: 16384,
  O_NONBLOCK: 2048, S_IRWXU: 448, S_IRUSR: 256, S_IWUSR: 128, S_IXUSR: 64, S_IRWXG: 56, S_IRGRP: 32,
  S_IWGRP: 16, S_IXGRP: 8, S_IRWXO: 7, S_IROTH: 4, S_IWOTH: 2, S_IXOTH: 1, F_OK: 0, R_OK: 4, W_OK: 2,
  X_OK: 1, UV_FS_COPYFILE_EXCL: 1, COPYFILE_EXCL: 1, UV_FS_COPYFILE_FICLONE: 2, COPYFILE_FICLONE: 2,
  UV_FS_COPYFILE_FICLONE_FORCE: 4, COPYFILE_FICLONE_FORCE: 4
};
var O = constants;

// --- errors, with node's messages and properties ---
function fsError(code, syscall, path, dest) {
  var info = ERRNO[code] || ERRNO.EIO;
  // Node names no path for a read of a directory ("EISDIR: ..., read") nor for an fd.
  var where = syscall === 'read' || path === undefined ? '' : " '" + path + "'" + (dest ? " -> '" + dest + "'" : '');
  var e = new Error(code + ': ' + info[1] + ', ' + syscall + where);
  e.errno = info[0];
  e.code = code;
  e.syscall = syscall;
  if (path !== undefined) e.path = path;
  if (dest) e.dest = dest;
  return e;
}
function typeError(code, message) {
  var e = new TypeError(message);
  e.code = code;
  return e;
}
function describe(v) {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return 'an instance of ' + ((v.constructor && v.constructor.name) || 'Object');
  if (typeof v === 'function') return 'function ' + v.name;
  return 'type ' + typeof v + ' (' + (typeof v === 'string' ? "'" + v + "'" : String(v)) + ')';
}

function toPath(p, name) {
  if (typeof URL !== 'undefined' && p instanceof URL) p = require('url').fileURLToPath(p);
  if (p instanceof Uint8Array) p = Buffer.from(p).toString();
  if (typeof p !== 'string') {
    throw typeError('ERR_INVALID_ARG_TYPE', 'The "' + (name || 'path') + '" argument must be of type string or an instance of Buffer or URL. Received ' +
      (p === null ? 'null' : p === undefined ? 'undefined' : describe(p)));
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

// --- /tmp, in memory: a node per path, a file's bytes in a growable buffer ---
var tmp = new Map();
var tmpBytes = 0;
var nextIno = 1;
function newNode(kind, mode) {
  var now = Date.now();
  var n = { kind: kind, mode: mode, ino: nextIno++, nlink: 1, atime: now, mtime: now, ctime: now, birth: now };
  if (kind === 'file') { n.buf = new Uint8Array(0); n.size = 0; }
  return n;
}
tmp.set(TMP, newNode('dir', 0o1777));
function fileData(n) { return n.buf.subarray(0, n.size); }
// Writes `bytes` into a file node at `at`, growing it (and /tmp's total).
function fileWrite(n, bytes, at, syscall, given) {
  var end = at + bytes.length;
  if (end > n.size) fileResize(n, end, syscall, given);
  n.buf.set(bytes, at);
  n.mtime = n.ctime = Date.now();
}
function fileResize(n, size, syscall, given) {
  if (tmpBytes - n.size + size > TMP_LIMIT) throw fsError('ENOSPC', syscall, given);
  if (size > n.buf.length) {
    var grown = new Uint8Array(Math.max(size, Math.min(n.buf.length * 2, n.buf.length + (1 << 24))));
    grown.set(n.buf.subarray(0, n.size));
    n.buf = grown;
  } else if (size < n.size) {
    n.buf.fill(0, size, n.size);
  }
  tmpBytes += size - n.size;
  n.size = size;
  n.mtime = n.ctime = Date.now();
}
function dropNode(n) {
  if (--n.nlink > 0 || n.kind !== 'file') return;
  tmpBytes -= n.size;
}

// Follows /tmp's symbolic links in `real`: its directories always, its last
// part when `last`. Returns the path it names (outside /tmp too).
function follow(real, last, syscall, given) {
  for (var hops = 0; hops < 40; hops++) {
    if (!inTmp(real)) return real;
    var parts = real.split('/'), at = '', moved = false;
    for (var i = 1; i < parts.length; i++) {
      at += '/' + parts[i];
      var n = tmp.get(at);
      if (!n || n.kind !== 'link' || (i === parts.length - 1 && !last)) continue;
      var target = pathMod.resolve(pathMod.dirname(at), n.target);
      real = internal.toSandbox(pathMod.join(target, parts.slice(i + 1).join('/')));
      moved = true;
      break;
    }
    if (!moved) return real;
  }
  throw fsError('ELOOP', syscall, given);
}
function tmpParentOk(real, syscall, given, dest) {
  var parent = tmp.get(pathMod.dirname(real));
  if (!parent) throw fsError('ENOENT', syscall, given, dest);
  if (parent.kind !== 'dir') throw fsError('ENOTDIR', syscall, given, dest);
}
// Replaces (or creates) a /tmp file's whole content, or appends to it.
function tmpWrite(real, given, bytes, append, syscall, mode) {
  var n = tmp.get(real);
  if (n && n.kind === 'dir') throw fsError('EISDIR', syscall, given);
  if (!n) {
    tmpParentOk(real, syscall, given);
    n = newNode('file', (mode === undefined ? 0o666 : mode) & ~0o022);
    tmp.set(real, n);
  }
  if (!append) fileResize(n, 0, syscall, given);
  fileWrite(n, bytes, n.size, syscall, given);
}
// The names in a /tmp directory, sorted, with their kinds.
function tmpChildren(real) {
  var out = [];
  var prefix = real === '/' ? '/' : real + '/';
  tmp.forEach(function (node, p) {
    if (p.indexOf(prefix) === 0 && p.length > prefix.length && p.slice(prefix.length).indexOf('/') < 0) out.push([p.slice(prefix.length), node.kind]);
  });
  return out.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
}
function tmpRemove(real) {
  var prefix = real + '/';
  Array.from(tmp.keys()).forEach(function (k) {
    if (k === real || k.indexOf(prefix) === 0) { dropNode(tmp.get(k)); tmp.delete(k); }
  });
}

// --- what every form shares: a node's stats, a file's bytes ---
function statOf(real, given, syscall, noFollow) {
  if (inTmp(real)) {
    var target = follow(real, !noFollow, syscall, given);
    if (!inTmp(target)) return statOf(target, given, syscall);
    var n = tmp.get(target);
    if (!n) throw fsError('ENOENT', syscall, given);
    return tmpStats(n);
  }
  if (real === '/') return new Stats('dir', 4096, 0, 0, 0o555);
  var s = __fngate_fs_stat(real);
  if (typeof s === 'string') throw fsError(s, syscall, given);
  return new Stats(s[0] === 'dir' ? 'dir' : 'file', s[1], s[2], s[2], s[0] === 'dir' ? 0o555 : 0o444);
}
function tmpStats(n) {
  var size = n.kind === 'file' ? n.size : n.kind === 'link' ? Buffer.byteLength(n.target) : 4096;
  var st = new Stats(n.kind, size, n.mtime, n.birth, n.mode & 0o7777, n.atime, n.ctime);
  st.ino = n.ino;
  st.nlink = n.kind === 'dir' ? 2 : n.nlink;
  return st;
}
function readBytes(real, given) {
  real = follow(real, true, 'open', given);
  if (inTmp(real)) {
    var n = tmp.get(real);
    if (!n) throw fsError('ENOENT', 'open', given);
    if (n.kind === 'dir') throw fsError('EISDIR', 'read', given);
    n.atime = Date.now();
    return Buffer.from(fileData(n));
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
  throw typeError('ERR_INVALID_ARG_TYPE', 'The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ' +
    describe(data));
}
// What the hooks of the module loader see of /tmp (require of a file written there).
internal.tmpFile = function (real) {
  real = follow(real, true, 'open', real);
  var n = tmp.get(real);
  if (!n) return null;
  return n.kind === 'dir' ? 'dir' : fileData(n);
};

function Stats(kind, size, mtimeMs, birthMs, perm, atimeMs, ctimeMs) {
  var type = kind === 'dir' ? O.S_IFDIR : kind === 'link' ? O.S_IFLNK : O.S_IFREG;
  if (atimeMs === undefined) atimeMs = mtimeMs;
  if (ctimeMs === undefined) ctimeMs = mtimeMs;
  this.dev = 1; this.mode = type | perm; this.nlink = 1; this.uid = 0; this.gid = 0;
  this.rdev = 0; this.blksize = 4096; this.ino = 0; this.size = size; this.blocks = Math.ceil(size / 4096) * 8;
  this.atimeMs = atimeMs; this.mtimeMs = mtimeMs; this.ctimeMs = ctimeMs; this.birthtimeMs = birthMs;
  this.atime = new Date(atimeMs); this.mtime = new Date(mtimeMs); this.ctime = new Date(ctimeMs); this.birthtime = new Date(birthMs);
}
function modeIs(type) { return function () { return (this.mode & O.S_IFMT) === type; }; }
Stats.prototype.isFile = modeIs(O.S_IFREG);
Stats.prototype.isDirectory = modeIs(O.S_IFDIR);
Stats.prototype.isSymbolicLink = modeIs(O.S_IFLNK);
Stats.prototype.isFIFO = modeIs(O.S_IFIFO);
Stats.prototype.isSocket = modeIs(O.S_IFSOCK);
Stats.prototype.isBlockDevice = modeIs(O.S_IFBLK);
Stats.prototype.isCharacterDevice = modeIs(O.S_IFCHR);

function Dirent(name, kind, parent) { this.name = name; this.path = parent; Object.defineProperty(this, '_kind', { value: kind }); }
Dirent.prototype.isFile = function () { return this._kind === 'file'; };
Dirent.prototype.isDirectory = function () { return this._kind === 'dir'; };
Dirent.prototype.isSymbolicLink = function () { return this._kind === 'link'; };
Dirent.prototype.isFIFO = Dirent.prototype.isSocket = function () { return false; };
Dirent.prototype.isBlockDevice = Dirent.prototype.isCharacterDevice = function () { return false; };

// --- file descriptors: an open file's node, access and position ---
var FLAGS = {
  r: O.O_RDONLY, rs: O.O_RDONLY | O.O_SYNC, sr: O.O_RDONLY | O.O_SYNC, 'r+': O.O_RDWR, 'rs+': O.O_RDWR | O.O_SYNC, 'sr+': O.O_RDWR | O.O_SYNC,
  w: O.O_TRUNC | O.O_CREAT | O.O_WRONLY, wx: O.O_TRUNC | O.O_CREAT | O.O_WRONLY | O.O_EXCL, xw: O.O_TRUNC | O.O_CREAT | O.O_WRONLY | O.O_EXCL,
  'w+': O.O_TRUNC | O.O_CREAT | O.O_RDWR, 'wx+': O.O_TRUNC | O.O_CREAT | O.O_RDWR | O.O_EXCL, 'xw+': O.O_TRUNC | O.O_CREAT | O.O_RDWR | O.O_EXCL,
  a: O.O_APPEND | O.O_CREAT | O.O_WRONLY, ax: O.O_APPEND | O.O_CREAT | O.O_WRONLY | O.O_EXCL, xa: O.O_APPEND | O.O_CREAT | O.O_WRONLY | O.O_EXCL,
  as: O.O_APPEND | O.O_CREAT | O.O_WRONLY | O.O_SYNC, sa: O.O_APPEND | O.O_CREAT | O.O_WRONLY | O.O_SYNC,
  'a+': O.O_APPEND | O.O_CREAT | O.O_RDWR, 'ax+': O.O_APPEND | O.O_CREAT | O.O_RDWR | O.O_EXCL, 'xa+': O.O_APPEND | O.O_CREAT | O.O_RDWR | O.O_EXCL,
  'as+': O.O_APPEND | O.O_CREAT | O.O_RDWR | O.O_SYNC, 'sa+': O.O_APPEND | O.O_CREAT | O.O_RDWR | O.O_SYNC
};
function flagsOf(flags, fallback) {
  if (flags === undefined || flags === null) flags = fallback;
  if (typeof flags === 'number') return flags;
  if (typeof flags === 'string' && Object.prototype.hasOwnProperty.call(FLAGS, flags)) return FLAGS[flags];
  throw typeError('ERR_INVALID_ARG_VALUE', "The argument 'flags' is invalid. Received " + (typeof flags === 'string' ? "'" + flags + "'" : String(flags)));
}
var fds = new Map();
var nextFd = 20;
function openFile(p, flags, mode) {
  var loc = locate(p);
  var f = flagsOf(flags, 'r');
  var access = f & 3, writes = access !== O.O_RDONLY;
  var real = follow(loc.real, !(f & O.O_NOFOLLOW), 'open', loc.given);
  var node;
  if (inTmp(real)) {
    node = tmp.get(real);
    if (node && (f & O.O_CREAT) && (f & O.O_EXCL)) throw fsError('EEXIST', 'open', loc.given);
    if (!node && !(f & O.O_CREAT)) throw fsError('ENOENT', 'open', loc.given);
    if (node && node.kind === 'dir' && writes) throw fsError('EISDIR', 'open', loc.given);
    if (!node) {
      tmpParentOk(real, 'open', loc.given);
      node = newNode('file', (mode === undefined ? 0o666 : mode) & ~0o022);
      tmp.set(real, node);
    } else if ((f & O.O_TRUNC) && writes) {
      fileResize(node, 0, 'open', loc.given);
    }
  } else {
    var st = statOf(real, loc.given, 'open');
    if (writes || (f & O.O_CREAT)) throw fsError(writeRefusal(real), 'open', loc.given);
    node = { kind: st.isDirectory() ? 'dir' : 'file', readOnly: true, size: 0, mtime: st.mtimeMs };
    if (node.kind === 'file') { node.buf = readBytes(real, loc.given); node.size = node.buf.length; }
  }
  var fd = nextFd++;
  fds.set(fd, { node: node, path: loc.given, read: access !== O.O_WRONLY, write: writes, append: !!(f & O.O_APPEND), pos: 0 });
  return fd;
}
function fdEntry(fd, syscall) {
  if (typeof fd !== 'number') throw typeError('ERR_INVALID_ARG_TYPE', 'The "fd" argument must be of type number. Received ' + describe(fd));
  var e = fds.get(fd);
  if (!e) throw fsError('EBADF', syscall);
  return e;
}
function positionOf(position) {
  if (typeof position === 'bigint') return Number(position);
  return typeof position === 'number' && position >= 0 ? position : null;
}
function readFd(fd, buffer, offset, length, position) {
  if (offset !== null && typeof offset === 'object' && !ArrayBuffer.isView(offset)) {
    var o = offset;
    offset = o.offset; length = o.length; position = o.position;
  }
  var e = fdEntry(fd, 'read');
  if (!ArrayBuffer.isView(buffer)) {
    throw typeError('ERR_INVALID_ARG_TYPE', 'The "buffer" argument must be an instance of Buffer, TypedArray, or DataView. Received ' + describe(buffer));
  }
  var view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  offset = offset === undefined || offset === null ? 0 : offset;
  length = length === undefined || length === null ? view.length - offset : length;
  if (offset < 0 || offset > view.length) throw rangeError('offset', '>= 0 && <= ' + view.length, offset);
  if (length < 0 || offset + length > view.length) throw rangeError('length', '>= 0 && <= ' + (view.length - offset), length);
  if (!e.read) throw fsError('EBADF', 'read');
  if (e.node.kind === 'dir') throw fsError('EISDIR', 'read');
  var at = positionOf(position);
  var from = at === null ? e.pos : at;
  var n = Math.max(0, Math.min(length, e.node.size - from));
  view.set(e.node.buf.subarray(from, from + n), offset);
  if (at === null) e.pos += n;
  e.node.atime = Date.now();
  return n;
}
function rangeError(name, range, value) {
  var e = new RangeError('The value of "' + name + '" is out of range. It must be ' + range + '. Received ' + value);
  e.code = 'ERR_OUT_OF_RANGE';
  return e;
}
// writeSync(fd, buffer, offset?, length?, position?) or (fd, string, position?, encoding?)
function writeFd(fd, data, a, b, c) {
  var e = fdEntry(fd, 'write');
  var bytes, position;
  if (typeof data === 'string') {
    bytes = Buffer.from(data, typeof b === 'string' ? b : 'utf8');
    position = a;
  } else if (ArrayBuffer.isView(data)) {
    if (a !== null && typeof a === 'object') { position = a.position; b = a.length; a = a.offset; } else position = c;
    var view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    var offset = a === undefined || a === null ? 0 : a;
    var length = b === undefined || b === null ? view.length - offset : b;
    bytes = view.subarray(offset, offset + length);
  } else {
    throw typeError('ERR_INVALID_ARG_TYPE', 'The "buffer" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ' + describe(data));
  }
  if (!e.write || e.node.readOnly) throw fsError('EBADF', 'write');
  var at = positionOf(position);
  var where = e.append ? e.node.size : at === null ? e.pos : at;
  fileWrite(e.node, bytes, where, 'write', e.path);
  if (at === null || e.append) e.pos = where + bytes.length;
  return bytes.length;
}

// --- the synchronous forms; the callback and promise forms wrap them ---
var sync = {
  readFileSync: function (p, options) {
    var enc = encodingOf(options);
    var b;
    if (typeof p === 'number') {
      var e = fdEntry(p, 'read');
      if (e.node.kind === 'dir') throw fsError('EISDIR', 'read');
      b = Buffer.from(e.node.buf.subarray(e.pos, e.node.size));
      e.pos = e.node.size;
    } else {
      var loc = locate(p);
      b = readBytes(loc.real, loc.given);
    }
    return enc ? b.toString(normEncoding(enc)) : b;
  },
  writeFileSync: function (p, data, options) {
    var bytes = dataBytes(data, options);
    if (typeof p === 'number') { writeFd(p, bytes); return; }
    var loc = locate(p);
    var real = follow(loc.real, true, 'open', loc.given);
    if (!inTmp(real)) throw fsError(writeRefusal(real), 'open', loc.given);
    var flag = options && typeof options === 'object' && options.flag;
    if (flag && /x/.test(flag) && tmp.has(real)) throw fsError('EEXIST', 'open', loc.given);
    tmpWrite(real, loc.given, bytes, flag && /a/.test(flag), 'open', options && options.mode);
  },
  appendFileSync: function (p, data, options) {
    var bytes = dataBytes(data, options);
    if (typeof p === 'number') { writeFd(p, bytes); return; }
    var loc = locate(p);
    var real = follow(loc.real, true, 'open', loc.given);
    if (!inTmp(real)) throw fsError(writeRefusal(real), 'open', loc.given);
    tmpWrite(real, loc.given, bytes, true, 'open', options && options.mode);
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
  lstatSync: function (p, options) {
    var loc = locate(p);
    try { return statOf(loc.real, loc.given, 'lstat', true); } catch (e) {
      if (options && options.throwIfNoEntry === false && e.code === 'ENOENT') return undefined;
      throw e;
    }
  },
  readdirSync: function (p, options) {
    var loc = locate(p);
    var real = follow(loc.real, true, 'scandir', loc.given);
    var entries;
    if (inTmp(real)) {
      var n = tmp.get(real);
      if (!n) throw fsError('ENOENT', 'scandir', loc.given);
      if (n.kind !== 'dir') throw fsError('ENOTDIR', 'scandir', loc.given);
      entries = tmpChildren(real);
    } else if (real === '/') {
      entries = [['code', 'dir'], ['tmp', 'dir']];
    } else {
      var names = __fngate_fs_readdir(real);
      if (typeof names === 'string') throw fsError(names, 'scandir', loc.given);
      entries = names.map(function (e) { return e[e.length - 1] === '/' ? [e.slice(0, -1), 'dir'] : [e, 'file']; });
    }
    var withTypes = options && typeof options === 'object' && options.withFileTypes;
    var enc = encodingOf(options);
    return entries.map(function (entry) {
      if (withTypes) return new Dirent(entry[0], entry[1], loc.given);
      return enc === 'buffer' ? Buffer.from(entry[0]) : entry[0];
    });
  },
  mkdirSync: function (p, options) {
    var loc = locate(p);
    var recursive = options && typeof options === 'object' && options.recursive;
    var mode = ((options && typeof options === 'object' ? options.mode : options) || 0o777) & ~0o022;
    if (!inTmp(loc.real)) {
      if (sync.existsSync(loc.real) && !recursive) throw fsError('EEXIST', 'mkdir', loc.given);
      if (sync.existsSync(loc.real)) return undefined;
      throw fsError(writeRefusal(loc.real), 'mkdir', loc.given);
    }
    var existing = tmp.get(loc.real);
    if (existing) {
      if (recursive && existing.kind === 'dir') return undefined;
      throw fsError('EEXIST', 'mkdir', loc.given);
    }
    if (recursive) {
      var parts = loc.real.slice(TMP.length + 1).split('/');
      var at = TMP, first;
      for (var i = 0; i < parts.length; i++) {
        at += '/' + parts[i];
        var node = tmp.get(follow(at, true, 'mkdir', loc.given));
        if (node && node.kind !== 'dir') throw fsError('ENOTDIR', 'mkdir', loc.given);
        if (!node) { tmp.set(at, newNode('dir', mode)); if (!first) first = at; }
      }
      return first;
    }
    tmpParentOk(loc.real, 'mkdir', loc.given);
    tmp.set(loc.real, newNode('dir', mode));
    return undefined;
  },
  unlinkSync: function (p) {
    var loc = locate(p);
    if (!inTmp(loc.real)) { statOf(loc.real, loc.given, 'unlink'); throw fsError(writeRefusal(loc.real), 'unlink', loc.given); }
    var n = tmp.get(loc.real);
    if (!n) throw fsError('ENOENT', 'unlink', loc.given);
    if (n.kind === 'dir') throw fsError('EISDIR', 'unlink', loc.given);
    dropNode(n);
    tmp.delete(loc.real);
  },
  rmdirSync: function (p, options) {
    var loc = locate(p);
    if (!inTmp(loc.real) || loc.real === TMP) { statOf(loc.real, loc.given, 'rmdir'); throw fsError(loc.real === TMP ? 'EACCES' : writeRefusal(loc.real), 'rmdir', loc.given); }
    var n = tmp.get(loc.real);
    if (!n) throw fsError('ENOENT', 'rmdir', loc.given);
    if (n.kind !== 'dir') throw fsError('ENOTDIR', 'rmdir', loc.given);
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
    if (n.kind === 'dir' && !recursive) {
      var e = new Error('Path is a directory: rm returned EISDIR (is a directory) ' + loc.given);
      e.code = 'ERR_FS_EISDIR';
      throw e;
    }
    tmpRemove(loc.real);
  },
  renameSync: function (from, to) {
    var a = locate(from, 'oldPath'), b = locate(to, 'newPath');
    if (!inTmp(a.real) || !inTmp(b.real)) {
      statOf(a.real, a.given, 'rename', true);
      throw fsError(writeRefusal(inTmp(a.real) ? b.real : a.real), 'rename', a.given, b.given);
    }
    var n = tmp.get(a.real);
    if (!n) throw fsError('ENOENT', 'rename', a.given, b.given);
    tmpParentOk(b.real, 'rename', a.given, b.given);
    if (a.real === b.real) return;
    var prefix = a.real + '/';
    var moves = [];
    tmp.forEach(function (node, k) { if (k === a.real || k.indexOf(prefix) === 0) moves.push([k, node]); });
    var old = tmp.get(b.real);
    if (old) {
      if (old.kind === 'dir' && n.kind !== 'dir') throw fsError('EISDIR', 'rename', a.given, b.given);
      if (old.kind === 'dir' && tmpChildren(b.real).length) throw fsError('ENOTEMPTY', 'rename', a.given, b.given);
      dropNode(old);
    }
    moves.forEach(function (m) { tmp.delete(m[0]); });
    moves.forEach(function (m) { tmp.set(b.real + m[0].slice(a.real.length), m[1]); });
  },
  copyFileSync: function (src, dest, mode) {
    var a = locate(src, 'src'), b = locate(dest, 'dest');
    var data = readBytes(a.real, a.given);
    var real = follow(b.real, true, 'copyfile', b.given);
    if (!inTmp(real)) throw fsError(writeRefusal(real), 'copyfile', a.given, b.given);
    if (mode & 1 && tmp.has(real)) throw fsError('EEXIST', 'copyfile', a.given, b.given);
    tmpWrite(real, b.given, data, false, 'copyfile');
  },
  accessSync: function (p, mode) {
    var loc = locate(p);
    statOf(loc.real, loc.given, 'access');
    if ((mode & 2) && !inTmp(follow(loc.real, true, 'access', loc.given))) throw fsError(writeRefusal(loc.real), 'access', loc.given);
  },
  realpathSync: function (p) {
    var loc = locate(p);
    var real = follow(loc.real, true, 'lstat', loc.given);
    statOf(real, loc.given, 'lstat');
    return real === loc.real ? pathMod.resolve(loc.given) : real;
  },
  mkdtempSync: function (prefix) {
    var chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    var bytes = new Uint8Array(__fngate_random_bytes(6));
    var name = toPath(prefix, 'prefix') + Array.from(bytes, function (b) { return chars[b % chars.length]; }).join('');
    sync.mkdirSync(name, 0o700);
    return name;
  },
  truncateSync: function (p, len) {
    if (typeof p === 'number') return sync.ftruncateSync(p, len);
    var loc = locate(p);
    var real = follow(loc.real, true, 'open', loc.given);
    if (!inTmp(real)) { statOf(real, loc.given, 'open'); throw fsError(writeRefusal(real), 'open', loc.given); }
    var n = tmp.get(real);
    if (!n) throw fsError('ENOENT', 'open', loc.given);
    if (n.kind === 'dir') throw fsError('EISDIR', 'open', loc.given);
    fileResize(n, Math.max(0, len || 0), 'ftruncate', loc.given);
  },
  symlinkSync: function (target, p) {
    var t = toPath(target, 'target');
    var loc = locate(p);
    if (!inTmp(loc.real)) throw fsError(writeRefusal(loc.real), 'symlink', t, loc.given);
    if (tmp.has(loc.real)) throw fsError('EEXIST', 'symlink', t, loc.given);
    tmpParentOk(loc.real, 'symlink', t, loc.given);
    var n = newNode('link', 0o777);
    n.target = t;
    tmp.set(loc.real, n);
  },
  readlinkSync: function (p, options) {
    var loc = locate(p);
    var n = inTmp(loc.real) ? tmp.get(follow(loc.real, false, 'readlink', loc.given)) : null;
    if (!n) { statOf(loc.real, loc.given, 'readlink'); throw fsError('EINVAL', 'readlink', loc.given); }
    if (n.kind !== 'link') throw fsError('EINVAL', 'readlink', loc.given);
    return encodingOf(options) === 'buffer' ? Buffer.from(n.target) : n.target;
  },
  linkSync: function (existing, p) {
    var a = locate(existing, 'existingPath'), b = locate(p, 'newPath');
    var n = inTmp(a.real) ? tmp.get(a.real) : null;
    if (!n) { statOf(a.real, a.given, 'link'); throw fsError(inTmp(b.real) ? 'EXDEV' : writeRefusal(b.real), 'link', a.given, b.given); }
    if (n.kind === 'dir') throw fsError('EPERM', 'link', a.given, b.given);
    if (!inTmp(b.real)) throw fsError(writeRefusal(b.real), 'link', a.given, b.given);
    if (tmp.has(b.real)) throw fsError('EEXIST', 'link', a.given, b.given);
    tmpParentOk(b.real, 'link', a.given, b.given);
    n.nlink++;
    tmp.set(b.real, n);
  },
  utimesSync: function (p, atime, mtime) { setTimes(p, atime, mtime, true, 'utime'); },
  lutimesSync: function (p, atime, mtime) { setTimes(p, atime, mtime, false, 'lutime'); },
  chmodSync: function (p, mode) { tmpNodeFor(p, true, 'chmod').mode = modeNumber(mode); },
  lchmodSync: function (p, mode) { tmpNodeFor(p, false, 'lchmod').mode = modeNumber(mode); },
  chownSync: function (p) { tmpNodeFor(p, true, 'chown'); },
  lchownSync: function (p) { tmpNodeFor(p, false, 'lchown'); },
  openSync: function (p, flags, mode) { return openFile(p, flags, mode); },
  closeSync: function (fd) { fdEntry(fd, 'close'); fds.delete(fd); },
  readSync: readFd,
  writeSync: writeFd,
  fstatSync: function (fd) {
    var e = fdEntry(fd, 'fstat');
    var n = e.node;
    return n.readOnly ? new Stats(n.kind, n.kind === 'dir' ? 4096 : n.size, n.mtime, n.mtime, n.kind === 'dir' ? 0o555 : 0o444) : tmpStats(n);
  },
  ftruncateSync: function (fd, len) {
    var e = fdEntry(fd, 'ftruncate');
    if (!e.write || e.node.readOnly) throw fsError('EINVAL', 'ftruncate');
    fileResize(e.node, Math.max(0, len || 0), 'ftruncate');
  },
  futimesSync: function (fd, atime, mtime) {
    var e = fdEntry(fd, 'futime');
    if (e.node.readOnly) throw fsError('EROFS', 'futime');
    e.node.atime = timeMs(atime, 'atime'); e.node.mtime = timeMs(mtime, 'mtime');
  },
  fchmodSync: function (fd, mode) { fdEntry(fd, 'fchmod').node.mode = modeNumber(mode); },
  fchownSync: function (fd) { fdEntry(fd, 'fchown'); },
  fsyncSync: function (fd) { fdEntry(fd, 'fsync'); },
  fdatasyncSync: function (fd) { fdEntry(fd, 'fdatasync'); },
  cpSync: function (src, dest, options) {
    var a = locate(src, 'src'), b = locate(dest, 'dest');
    var st = statOf(a.real, a.given, 'stat');
    if (st.isDirectory()) {
      if (!(options && options.recursive)) {
        var e = new Error('Recursive option is required to copy a directory: ' + a.given);
        e.code = 'ERR_FS_EISDIR';
        throw e;
      }
      sync.mkdirSync(b.given, { recursive: true });
      sync.readdirSync(a.given).forEach(function (name) {
        sync.cpSync(pathMod.join(a.given, name), pathMod.join(b.given, name), options);
      });
      return;
    }
    if (options && options.errorOnExist && options.force === false && sync.existsSync(b.given)) {
      var x = new Error('Target already exists: cp returned EEXIST (' + b.given + ' already exists)');
      x.code = 'ERR_FS_CP_EEXIST';
      throw x;
    }
    if (options && options.force === false && sync.existsSync(b.given)) return;
    sync.copyFileSync(a.given, b.given);
  }
};
sync.realpathSync.native = sync.realpathSync;

// The /tmp node `p` names (changing anything else fails as on SCF).
function tmpNodeFor(p, followLast, syscall) {
  var loc = locate(p);
  var real = follow(loc.real, followLast, syscall, loc.given);
  if (!inTmp(real)) { statOf(real, loc.given, syscall); throw fsError(writeRefusal(real), syscall, loc.given); }
  var n = tmp.get(real);
  if (!n) throw fsError('ENOENT', syscall, loc.given);
  return n;
}
function modeNumber(mode) {
  if (typeof mode === 'string' && /^[0-7]+$/.test(mode)) return parseInt(mode, 8);
  if (typeof mode === 'number' && Number.isInteger(mode)) return mode & 0o7777;
  throw typeError('ERR_INVALID_ARG_TYPE', 'The "mode" argument must be of type number or string. Received ' + describe(mode));
}
// A time as utimes takes it (seconds, a numeric string or a Date), in ms.
function timeMs(t, name) {
  if (t instanceof Date) return t.getTime();
  if (typeof t === 'string' && +t == t) return +t * 1000;
  if (typeof t === 'number' && Number.isFinite(t)) return t * 1000;
  if (typeof t === 'number') return Date.now();
  throw typeError('ERR_INVALID_ARG_TYPE', 'The "' + name + '" argument must be of type number or an instance of Date. Received ' + describe(t));
}
function setTimes(p, atime, mtime, followLast, syscall) {
  var a = timeMs(atime, 'atime'), m = timeMs(mtime, 'mtime');
  var n = tmpNodeFor(p, followLast, syscall);
  n.atime = a;
  n.mtime = m;
  n.ctime = Date.now();
}

// --- the callback forms: the result (or error) after the caller returns ---
var fs = {};
function later(cb, args) { setImmediate(function () { cb.apply(null, args); }); }
function needCallback(cb) {
  if (typeof cb !== 'function') throw typeError('ERR_INVALID_ARG_TYPE', 'The "cb" argument must be of type function. Received ' + describe(cb));
}
Object.keys(sync).forEach(function (name) {
  var f = sync[name];
  fs[name] = f;
  if (name === 'existsSync') return;
  fs[name.slice(0, -4)] = function () {
    var args = Array.prototype.slice.call(arguments);
    var cb = args.pop();
    needCallback(cb);
    var result, error = null;
    try { result = f.apply(null, args); } catch (err) { error = err; }
    later(cb, error ? [error] : [null, result]);
  };
});
fs.read = function (fd, buffer, offset, length, position, cb) {
  var args = Array.prototype.slice.call(arguments, 1);
  cb = args.pop();
  needCallback(cb);
  if (!args.length) args = [Buffer.alloc(16384)];
  var n, error = null;
  try { n = readFd.apply(null, [fd].concat(args)); } catch (e) { error = e; }
  var buf = ArrayBuffer.isView(args[0]) ? args[0] : args[0] && args[0].buffer;
  later(cb, error ? [error] : [null, n, buf]);
};
fs.write = function (fd, data) {
  var args = Array.prototype.slice.call(arguments);
  var cb = args.pop();
  needCallback(cb);
  var n, error = null;
  try { n = writeFd.apply(null, args); } catch (e) { error = e; }
  later(cb, error ? [error] : [null, n, data]);
};
fs.exists = function (p, cb) { var r = sync.existsSync(p); setImmediate(function () { cb(r); }); };
fs.realpath.native = fs.realpath;
fs.Stats = Stats;
fs.Dirent = Dirent;
fs.constants = constants;
fs.F_OK = 0; fs.R_OK = 4; fs.W_OK = 2; fs.X_OK = 1;

// --- fs.promises: the same, as promises; open gives a FileHandle ---
function promised(f) {
  return function () {
    var self = this, args = arguments;
    return new Promise(function (resolve, reject) {
      setImmediate(function () {
        try { resolve(f.apply(self, args)); } catch (e) { reject(e); }
      });
    });
  };
}
fs.promises = {};
['access', 'appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'lchmod', 'lchown', 'link', 'lstat', 'lutimes', 'mkdir',
  'mkdtemp', 'readFile', 'readdir', 'readlink', 'realpath', 'rename', 'rm', 'rmdir', 'stat', 'symlink', 'truncate',
  'unlink', 'utimes', 'writeFile'].forEach(function (name) {
  fs.promises[name] = promised(function (p) {
    if (p instanceof FileHandle) arguments[0] = p.fd;
    return sync[name + 'Sync'].apply(null, arguments);
  });
});
fs.promises.open = promised(function (p, flags, mode) { return new FileHandle(openFile(p, flags, mode)); });
fs.promises.constants = constants;

function FileHandle(fd) { this.fd = fd; }
FileHandle.prototype.getAsyncId = function () { return this.fd; };
FileHandle.prototype.read = promised(function (buffer, offset, length, position) {
  if (buffer === undefined || (buffer !== null && typeof buffer === 'object' && !ArrayBuffer.isView(buffer))) {
    var o = buffer || {};
    buffer = o.buffer || Buffer.alloc(16384);
    offset = o.offset; length = o.length; position = o.position;
  }
  return { bytesRead: readFd(this.fd, buffer, offset, length, position), buffer: buffer };
});
FileHandle.prototype.write = promised(function (data, a, b, c) {
  return { bytesWritten: writeFd(this.fd, data, a, b, c), buffer: data };
});
FileHandle.prototype.readFile = promised(function (options) { return sync.readFileSync(this.fd, options); });
FileHandle.prototype.writeFile = promised(function (data, options) { sync.writeFileSync(this.fd, data, options); });
FileHandle.prototype.appendFile = promised(function (data, options) { sync.appendFileSync(this.fd, data, options); });
FileHandle.prototype.stat = promised(function () { return sync.fstatSync(this.fd); });
FileHandle.prototype.truncate = promised(function (len) { sync.ftruncateSync(this.fd, len); });
FileHandle.prototype.utimes = promised(function (a, m) { sync.futimesSync(this.fd, a, m); });
FileHandle.prototype.chmod = promised(function (mode) { sync.fchmodSync(this.fd, mode); });
FileHandle.prototype.chown = promised(function () { sync.fchownSync(this.fd); });
FileHandle.prototype.sync = FileHandle.prototype.datasync = promised(function () { sync.fsyncSync(this.fd); });
FileHandle.prototype.close = function () {
  var self = this;
  return new Promise(function (resolve, reject) {
    setImmediate(function () {
      if (self.fd === -1) { resolve(); return; }
      try { sync.closeSync(self.fd); self.fd = -1; resolve(); } catch (e) { reject(e); }
    });
  });
};
FileHandle.prototype.createReadStream = function (options) { return fs.createReadStream(null, Object.assign({}, options, { fd: this })); };
FileHandle.prototype.createWriteStream = function (options) { return fs.createWriteStream(null, Object.assign({}, options, { fd: this })); };
if (Symbol.asyncDispose) FileHandle.prototype[Symbol.asyncDispose] = FileHandle.prototype.close;

// --- streams: opened right away (an error is the stream's 'error'), closed at the end ---
function streamFd(stream, p, options, flags) {
  var given = options.fd;
  if (given instanceof FileHandle) given = given.fd;
  stream.fd = typeof given === 'number' ? given : null;
  stream.path = typeof given === 'number' ? undefined : toPath(p);
  stream.flags = options.flags === undefined ? flags : options.flags;
  stream.mode = options.mode === undefined ? 0o666 : options.mode;
  stream.pending = stream.fd === null;
  stream._waiting = [];
  var autoClose = options.autoClose !== false;
  stream._closeFd = function () {
    if (autoClose && stream.fd !== null && fds.has(stream.fd)) sync.closeSync(stream.fd);
  };
  if (stream.fd !== null) return;
  process.nextTick(function () {
    if (stream.destroyed) return;
    try {
      stream.fd = openFile(stream.path, stream.flags, stream.mode);
    } catch (e) {
      stream.destroy(e);
      return;
    }
    stream.pending = false;
    stream.emit('open', stream.fd);
    stream.emit('ready');
    stream._waiting.splice(0).forEach(function (f) { f(); });
  });
}
function whenOpen(stream, f) {
  if (stream.fd !== null) f(); else stream._waiting.push(f);
}
fs.createReadStream = function (p, options) {
  if (typeof options === 'string') options = { encoding: options };
  options = options || {};
  var Readable = require('stream').Readable;
  var start = options.start || 0;
  var end = options.end === undefined ? Infinity : options.end + 1;
  var hwm = options.highWaterMark || 65536;
  var pos = start;
  var stream = new Readable({
    highWaterMark: hwm,
    encoding: options.encoding,
    read: function () {
      whenOpen(stream, function () {
        var want = Math.min(hwm, end - pos);
        if (want <= 0) { stream.push(null); return; }
        var buf = Buffer.allocUnsafe(want), got;
        try { got = readFd(stream.fd, buf, 0, want, pos); } catch (e) { stream.destroy(e); return; }
        if (got === 0) { stream.push(null); return; }
        pos += got;
        stream.bytesRead += got;
        stream.push(buf.subarray(0, got));
      });
    },
    destroy: function (err, cb) {
      try { stream._closeFd(); } catch (e) { err = err || e; }
      cb(err);
    }
  });
  stream.bytesRead = 0;
  stream.start = options.start;
  stream.end = options.end === undefined ? Infinity : options.end;
  streamFd(stream, p, options, 'r');
  return typed(stream, ReadStream, Readable);
};
fs.createWriteStream = function (p, options) {
  if (typeof options === 'string') options = { encoding: options };
  options = options || {};
  var Writable = require('stream').Writable;
  var pos = options.start;
  var stream = new Writable({
    highWaterMark: options.highWaterMark,
    defaultEncoding: options.encoding || 'utf8',
    write: function (c, enc, cb) {
      whenOpen(stream, function () {
        try {
          var bytes = typeof c === 'string' ? Buffer.from(c, enc) : c;
          var n = writeFd(stream.fd, bytes, 0, bytes.length, pos === undefined ? null : pos);
          if (pos !== undefined) pos += n;
          stream.bytesWritten += n;
          cb();
        } catch (e) { cb(e); }
      });
    },
    final: function (cb) { whenOpen(stream, function () { cb(); }); },
    destroy: function (err, cb) {
      try { stream._closeFd(); } catch (e) { err = err || e; }
      cb(err);
    }
  });
  stream.bytesWritten = 0;
  stream.start = options.start;
  streamFd(stream, p, options, 'w');
  stream.close = function (cb) {
    if (cb) { if (stream.closed || stream.destroyed) process.nextTick(cb); else stream.once('close', cb); }
    stream.end();
  };
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
fs.watch = fs.watchFile = function () {
  throw new Error('fs.watch is not available in fngate: a function\'s files do not change while it runs');
};
fs.unwatchFile = function () {};

module.exports = fs;

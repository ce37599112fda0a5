"""/tmp in the instance's memory, as SCF gives a function a writable /tmp.

The code is mounted read-only and the host lends no directory, so /tmp lives in
the interpreter's heap: its bytes count against the function's memorySize, a
fresh instance starts with it empty, and a warm one keeps it between
invocations. `open` (every mode, text and binary, buffered as the real one)
and the `os` calls handlers use on it (`stat`, `lstat`, `listdir`, `scandir`,
`mkdir`, `makedirs`, `remove`, `unlink`, `rmdir`, `rename`, `replace`, `chmod`,
`utime`, and through them `os.path.exists`, `isfile`, `isdir`, `getsize`,
`os.walk`, `glob`) see it; descriptors (`os.open`) and so `tempfile` do not.
A file is one shared buffer: every handle on it reads and writes the same
bytes, a rename or removal moves or drops only its name.
"""

import builtins
import errno
import io
import itertools
import os
import stat
import time

ROOT = "/tmp"
_inodes = itertools.count(1)


class _Node:
    """A file's bytes, or a directory, with its times and inode number."""

    def __init__(self, directory=False):
        self.data = None if directory else bytearray()
        self.mtime = time.time()
        self.ino = next(_inodes)


_nodes = {ROOT: _Node(directory=True)}
_real = {}


def _path(p):
    """The normalized /tmp path `p` names, or None when it is not under /tmp."""
    if isinstance(p, int):
        return None
    try:
        p = os.fspath(p)
    except TypeError:
        return None
    if isinstance(p, bytes):
        p = os.fsdecode(p)
    full = os.path.normpath(p if p.startswith("/") else os.path.join(os.getcwd(), p))
    if full.startswith("//"):
        full = full[1:]
    if full != ROOT and not full.startswith(ROOT + "/"):
        return None
    if p.endswith("/") and full in _nodes and _nodes[full].data is not None:
        raise _error(NotADirectoryError, errno.ENOTDIR, p)
    return full


def _error(kind, code, path):
    return kind(code, os.strerror(code), path)


def _directory(path):
    node = _nodes.get(path)
    if node is None:
        raise _error(FileNotFoundError, errno.ENOENT, path)
    if node.data is not None:
        raise _error(NotADirectoryError, errno.ENOTDIR, path)
    return node


def _children(path):
    prefix = path + "/"
    return sorted({name[len(prefix):].split("/")[0] for name in _nodes if name.startswith(prefix)})


class _Raw(io.RawIOBase):
    """An open /tmp file: a position in its node's shared bytes."""

    def __init__(self, path, node, mode, readable, writable, append):
        super().__init__()
        self.name, self.mode, self._node = path, mode, node
        self._readable, self._writable, self._append = readable, writable, append
        self._pos = 0

    def readable(self):
        return self._readable

    def writable(self):
        return self._writable

    def seekable(self):
        return True

    def readinto(self, buffer):
        if not self._readable:
            raise io.UnsupportedOperation("read")
        data = self._node.data[self._pos:self._pos + len(buffer)]
        buffer[:len(data)] = data
        self._pos += len(data)
        return len(data)

    def write(self, data):
        if not self._writable:
            raise io.UnsupportedOperation("write")
        data = bytes(data)
        buf = self._node.data
        if self._append:
            self._pos = len(buf)
        if self._pos > len(buf):
            buf.extend(bytes(self._pos - len(buf)))
        buf[self._pos:self._pos + len(data)] = data
        self._pos += len(data)
        self._node.mtime = time.time()
        return len(data)

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._node.data)}[whence]
        if base + offset < 0:
            raise _error(OSError, errno.EINVAL, self.name)
        self._pos = base + offset
        return self._pos

    def tell(self):
        return self._pos

    def truncate(self, size=None):
        if not self._writable:
            raise io.UnsupportedOperation("truncate")
        size = self._pos if size is None else size
        del self._node.data[size:]
        return size


def _open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None):
    path = _path(file)
    if path is None:
        return _real["open"](file, mode, buffering, encoding, errors, newline, closefd, opener)
    kinds = set(mode)
    creating = kinds & set("wax")
    if len(mode) != len(kinds) or not kinds <= set("rwaxbt+") or len(kinds & set("rwax")) != 1 \
            or {"b", "t"} <= kinds:
        raise ValueError("invalid mode: %r" % mode)
    node = _nodes.get(path)
    if node is not None and node.data is None:
        raise _error(IsADirectoryError, errno.EISDIR, path)
    if "r" in kinds and node is None:
        raise _error(FileNotFoundError, errno.ENOENT, path)
    if "x" in kinds and node is not None:
        raise _error(FileExistsError, errno.EEXIST, path)
    if creating and node is None:
        _directory(os.path.dirname(path))
        node = _nodes[path] = _Node()
    if "w" in kinds:
        del node.data[:]
        node.mtime = time.time()
    plus = "+" in kinds
    readable, writable = "r" in kinds or plus, bool(creating) or plus
    raw = _Raw(path, node, mode, readable, writable, "a" in kinds)
    if buffering == 0 and "b" in kinds:
        return raw
    kind = io.BufferedRandom if readable and writable else io.BufferedWriter if writable else io.BufferedReader
    buffered = kind(raw)
    if "b" in kinds:
        return buffered
    text = io.TextIOWrapper(buffered, encoding=encoding or "utf-8", errors=errors, newline=newline,
                            line_buffering=buffering == 1)
    text.mode = mode
    return text


def _routed(name):
    """Makes `memory(path, *args)` the os function `name` for /tmp paths;
    every other path goes to the real one."""

    def wrap(memory):
        def call(p=".", *args, **kwargs):
            path = _path(p)
            if path is None:
                return _real[name](p, *args, **kwargs)
            return memory(path, *args, **kwargs)

        return call

    return wrap


def _node(path):
    node = _nodes.get(path)
    if node is None:
        raise _error(FileNotFoundError, errno.ENOENT, path)
    return node


@_routed("stat")
def _stat(path, *args, **kwargs):
    node = _node(path)
    if node.data is None:
        mode, size = stat.S_IFDIR | 0o755, 4096
    else:
        mode, size = stat.S_IFREG | 0o644, len(node.data)
    when = node.mtime
    return os.stat_result((mode, node.ino, 0x746D70, 1, 0, 0, size, when, when, when))


@_routed("lstat")
def _lstat(path, *args, **kwargs):
    return _stat(path)


@_routed("listdir")
def _listdir(path):
    _directory(path)
    return _children(path)


class _Entry:
    """An `os.DirEntry` of /tmp."""

    def __init__(self, directory, name):
        self.name, self.path = name, os.path.join(directory, name)

    def is_dir(self, *, follow_symlinks=True):
        return self.path in _nodes and _nodes[self.path].data is None

    def is_file(self, *, follow_symlinks=True):
        return self.path in _nodes and _nodes[self.path].data is not None

    def is_symlink(self):
        return False

    def is_junction(self):
        return False

    def stat(self, *, follow_symlinks=True):
        return _stat(self.path)

    def inode(self):
        return _nodes[self.path].ino

    def __fspath__(self):
        return self.path

    def __repr__(self):
        return "<DirEntry %r>" % self.name


class _Scandir:
    def __init__(self, entries):
        self._entries = iter(entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._entries = iter(())


def _scandir(p="."):
    path = _path(p)
    if path is None:
        return _real["scandir"](p)
    _directory(path)
    shown = os.fspath(p)
    return _Scandir([_Entry(shown if isinstance(shown, str) else path, name) for name in _children(path)])


@_routed("mkdir")
def _mkdir(path, *args, **kwargs):
    if path in _nodes:
        raise _error(FileExistsError, errno.EEXIST, path)
    _directory(os.path.dirname(path))
    _nodes[path] = _Node(directory=True)


@_routed("remove")
def _remove(path, *args, **kwargs):
    if _node(path).data is None:
        raise _error(IsADirectoryError, errno.EISDIR, path)
    del _nodes[path]


@_routed("rmdir")
def _rmdir(path, *args, **kwargs):
    _directory(path)
    if path == ROOT:
        raise _error(PermissionError, errno.EACCES, path)
    if _children(path):
        raise _error(OSError, errno.ENOTEMPTY, path)
    del _nodes[path]


def _rename(src, dst, *args, **kwargs):
    a, b = _path(src), _path(dst)
    if a is None and b is None:
        return _real["rename"](src, dst, *args, **kwargs)
    if a is None or b is None:
        raise _error(OSError, errno.EXDEV, src)
    moving = _node(a)
    if a == b:
        return
    _directory(os.path.dirname(b))
    target = _nodes.get(b)
    if moving.data is not None:
        if target is not None and target.data is None:
            raise _error(IsADirectoryError, errno.EISDIR, b)
        _nodes[b] = _nodes.pop(a)
        return
    if a == ROOT or b.startswith(a + "/"):
        raise _error(OSError, errno.EINVAL, b)
    if target is not None:
        if target.data is not None:
            raise _error(NotADirectoryError, errno.ENOTDIR, b)
        if _children(b):
            raise _error(OSError, errno.ENOTEMPTY, b)
        del _nodes[b]
    for name in [n for n in _nodes if n == a or n.startswith(a + "/")]:
        _nodes[b + name[len(a):]] = _nodes.pop(name)


@_routed("chmod")
def _chmod(path, mode, *args, **kwargs):
    _node(path)


@_routed("utime")
def _utime(path, times=None, *args, **kwargs):
    _node(path).mtime = times[1] if times else time.time()


def install():
    """Routes /tmp paths to memory (once per instance)."""
    if _real:
        return
    _real.update(open=builtins.open, stat=os.stat, lstat=os.lstat, listdir=os.listdir, scandir=os.scandir,
                 mkdir=os.mkdir, remove=os.remove, rmdir=os.rmdir, rename=os.rename, chmod=os.chmod,
                 utime=os.utime)
    builtins.open = io.open = _open
    os.stat, os.lstat, os.listdir, os.scandir, os.mkdir, os.rmdir = _stat, _lstat, _listdir, _scandir, _mkdir, _rmdir
    os.remove = os.unlink = _remove
    os.rename = os.replace = _rename
    os.chmod, os.utime = _chmod, _utime

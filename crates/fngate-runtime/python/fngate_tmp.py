"""/tmp in the instance's memory, as SCF gives a function a writable /tmp.

The code is mounted read-only and the host lends no directory, so /tmp lives in
the interpreter's heap: its bytes count against the function's memorySize, a
fresh instance starts with it empty, and a warm one keeps it between
invocations. `open` (every mode, text and binary) and the `os` calls handlers
use on it (`stat`, `lstat`, `listdir`, `mkdir`, `makedirs`, `remove`,
`unlink`, `rmdir`, `rename`, `replace`, and through them `os.path.exists`,
`isfile`, `isdir`, `getsize`) see it; descriptors (`os.open`) and so
`tempfile` do not.
"""

import builtins
import errno
import io
import os
import stat
import time

ROOT = "/tmp"
_files = {}
_dirs = {ROOT: time.time()}
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
    return full if full == ROOT or full.startswith(ROOT + "/") else None


def _error(kind, code, path):
    return kind(code, os.strerror(code), path)


def _parent_exists(path):
    if os.path.dirname(path) not in _dirs:
        raise _error(FileNotFoundError, errno.ENOENT, path)


class _File(io.BytesIO):
    """An open /tmp file: its bytes go back to /tmp at each flush and at close."""

    def __init__(self, path, data, readable, writable, append):
        super().__init__(data)
        self.name = path
        self._readable, self._writable, self._append = readable, writable, append
        if append:
            self.seek(0, io.SEEK_END)

    def readable(self):
        return self._readable

    def writable(self):
        return self._writable

    def read(self, *args):
        if not self._readable:
            raise io.UnsupportedOperation("not readable")
        return super().read(*args)

    def write(self, data):
        if not self._writable:
            raise io.UnsupportedOperation("not writable")
        if self._append:
            self.seek(0, io.SEEK_END)
        return super().write(data)

    def flush(self):
        super().flush()
        if self._writable and not self.closed and self.name in _files:
            _files[self.name] = (self.getvalue(), time.time())

    def close(self):
        if not self.closed:
            self.flush()
        super().close()


def _open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None):
    path = _path(file)
    if path is None:
        return _real["open"](file, mode, buffering, encoding, errors, newline, closefd, opener)
    if path in _dirs:
        raise _error(IsADirectoryError, errno.EISDIR, path)
    plus = "+" in mode
    if "r" in mode:
        if path not in _files:
            raise _error(FileNotFoundError, errno.ENOENT, path)
        data, readable, writable, append = _files[path][0], True, plus, False
    elif "x" in mode and path in _files:
        raise _error(FileExistsError, errno.EEXIST, path)
    else:
        _parent_exists(path)
        append = "a" in mode
        data = _files[path][0] if append and path in _files else b""
        readable, writable = plus, True
        _files[path] = (data, time.time())
    f = _File(path, data, readable, writable, append)
    if "b" in mode:
        return f
    return io.TextIOWrapper(f, encoding=encoding or "utf-8", errors=errors, newline=newline, write_through=True)


def _stat(p, *args, **kwargs):
    path = _path(p)
    if path is None:
        return _real["stat"](p, *args, **kwargs)
    if path in _dirs:
        mode, size, when = stat.S_IFDIR | 0o755, 4096, _dirs[path]
    elif path in _files:
        data, when = _files[path]
        mode, size = stat.S_IFREG | 0o644, len(data)
    else:
        raise _error(FileNotFoundError, errno.ENOENT, path)
    return os.stat_result((mode, 0, 0, 1, 0, 0, size, int(when), int(when), int(when)))


def _lstat(p, *args, **kwargs):
    return _stat(p) if _path(p) is not None else _real["lstat"](p, *args, **kwargs)


def _listdir(p="."):
    path = _path(p)
    if path is None:
        return _real["listdir"](p)
    if path not in _dirs:
        raise _error(NotADirectoryError if path in _files else FileNotFoundError,
                     errno.ENOTDIR if path in _files else errno.ENOENT, path)
    prefix = path + "/"
    return sorted({name[len(prefix):].split("/")[0] for name in (*_files, *_dirs) if name.startswith(prefix)})


def _mkdir(p, mode=0o777, *args, **kwargs):
    path = _path(p)
    if path is None:
        return _real["mkdir"](p, mode, *args, **kwargs)
    if path in _dirs or path in _files:
        raise _error(FileExistsError, errno.EEXIST, path)
    _parent_exists(path)
    _dirs[path] = time.time()


def _remove(p, *args, **kwargs):
    path = _path(p)
    if path is None:
        return _real["remove"](p, *args, **kwargs)
    if path in _dirs:
        raise _error(IsADirectoryError, errno.EISDIR, path)
    if _files.pop(path, None) is None:
        raise _error(FileNotFoundError, errno.ENOENT, path)


def _rmdir(p, *args, **kwargs):
    path = _path(p)
    if path is None:
        return _real["rmdir"](p, *args, **kwargs)
    if path not in _dirs or path == ROOT:
        raise _error(FileNotFoundError if path not in _dirs else PermissionError,
                     errno.ENOENT if path not in _dirs else errno.EACCES, path)
    if _listdir(path):
        raise _error(OSError, errno.ENOTEMPTY, path)
    del _dirs[path]


def _rename(src, dst, *args, **kwargs):
    a, b = _path(src), _path(dst)
    if a is None and b is None:
        return _real["rename"](src, dst, *args, **kwargs)
    if a is None or b is None:
        raise _error(OSError, errno.EXDEV, src)
    if a in _files:
        _parent_exists(b)
        if b in _dirs:
            raise _error(IsADirectoryError, errno.EISDIR, b)
        _files[b] = _files.pop(a)
    elif a in _dirs and a != ROOT:
        _parent_exists(b)
        for table in (_files, _dirs):
            for name in [n for n in table if n == a or n.startswith(a + "/")]:
                table[b + name[len(a):]] = table.pop(name)
    else:
        raise _error(FileNotFoundError, errno.ENOENT, a)


def install():
    """Routes /tmp paths to memory (once per instance)."""
    if _real:
        return
    _real.update(open=builtins.open, stat=os.stat, lstat=os.lstat, listdir=os.listdir, mkdir=os.mkdir,
                 remove=os.remove, rmdir=os.rmdir, rename=os.rename)
    builtins.open = io.open = _open
    os.stat, os.lstat, os.listdir, os.mkdir, os.rmdir = _stat, _lstat, _listdir, _mkdir, _rmdir
    os.remove = os.unlink = _remove
    os.rename = os.replace = _rename

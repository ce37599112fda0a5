"""fngate's Python runtime: runs an SCF handler, `main_handler(event, context)`.

componentize-py builds this module, with CPython, into one WASI 0.2 command
component, pre-initialized: the interpreter and the modules imported below are
in its snapshot, and the rest of the standard library rides along compressed
(`_Stdlib`), compiled when first imported. The handler itself is imported from
the function's code, mounted read-only at /code, the first time an instance
runs, so that its top-level code sees the function's variables and files as on
SCF (the working directory is /code, so `open("./demo.html")` works).

An instance reads its event on stdin and writes its answer on stdout: the
handler's return value as JSON (the integrated or passthrough response; the
host decides), or on an exception the SCF error body and exit code 1. With
FNGATE_FRAMING=1 (a warm instance) it reads framed events and answers framed
responses until stdin ends (docs/guest-contract.md). `print` and `logging` go
to stderr, the function's log. /tmp is in the instance's memory (fngate_tmp).
"""

import os
import sys
import zlib
import importlib.abc
import importlib.machinery

from wit_world import exports
from componentize_py_types import Err

import fngate_tmp

# What handlers use most, in the snapshot: imported for nothing at run time.
import base64, binascii, calendar, collections, copy, dataclasses, datetime  # noqa: E401,F401
import decimal, enum, functools, hashlib, hmac, html, io, itertools, json  # noqa: E401,F401
import logging, math, operator, random, re, secrets, string, struct  # noqa: E401,F401
import textwrap, time, traceback, typing, urllib.parse, uuid  # noqa: E401,F401
import email.utils, http.cookies, linecache, importlib.util  # noqa: E401,F401

def _pbkdf2_hmac(hash_name, password, salt, iterations, dklen=None):
    """hashlib.pbkdf2_hmac (RFC 8018), which CPython builds only with OpenSSL."""
    password, salt = bytes(password), bytes(salt)
    if iterations < 1:
        raise ValueError("iteration value must be greater than 0.")
    inner, outer = hashlib.new(hash_name), hashlib.new(hash_name)
    if len(password) > inner.block_size:
        password = hashlib.new(hash_name, password).digest()
    password = password.ljust(inner.block_size, b"\0")
    inner.update(password.translate(bytes(x ^ 0x36 for x in range(256))))
    outer.update(password.translate(bytes(x ^ 0x5C for x in range(256))))

    def prf(message):
        i, o = inner.copy(), outer.copy()
        i.update(message)
        o.update(i.digest())
        return o.digest()

    dklen = dklen or outer.digest_size
    if dklen < 1:
        raise ValueError("key length must be greater than 0.")
    key, block = b"", 1
    while len(key) < dklen:
        u = prf(salt + block.to_bytes(4, "big"))
        result = int.from_bytes(u, "big")
        for _ in range(iterations - 1):
            u = prf(u)
            result ^= int.from_bytes(u, "big")
        key += result.to_bytes(outer.digest_size, "big")
        block += 1
    return key[:dklen]


if not hasattr(hashlib, "pbkdf2_hmac"):
    hashlib.pbkdf2_hmac = _pbkdf2_hmac
    hashlib.algorithms_available = set(hashlib.algorithms_available)

CODE = "/code"
# Where componentize-py mounts CPython's library while it builds.
LIBRARY = "/python"
# Not for functions: tests, GUIs, installers, the REPL, virtual environments.
SKIP = {"test", "tests", "idlelib", "tkinter", "turtledemo", "ensurepip", "lib2to3",
        "pydoc_data", "_pyrepl", "venv", "site-packages", "__pycache__", "__phello__"}


def _library():
    """The library's modules: name -> (is a package, compressed source, file)."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(LIBRARY):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP and "-" not in d)
        rel = os.path.relpath(dirpath, LIBRARY)
        package = "" if rel == "." else rel.replace(os.sep, ".")
        for filename in filenames:
            if not filename.endswith(".py"):
                continue
            stem = filename[:-3]
            is_package = stem == "__init__"
            name = package if is_package else (package + "." + stem if package else stem)
            if not name or name in found:
                continue
            path = os.path.join(dirpath, filename)
            with open(path, "rb") as f:
                found[name] = (is_package, zlib.compress(f.read(), 6), path)
    return found


class _Stdlib(importlib.abc.MetaPathFinder, importlib.abc.InspectLoader):
    """Imports the standard library modules that are not in the snapshot."""

    def __init__(self, modules):
        self.modules = modules

    def find_spec(self, name, path=None, target=None):
        entry = self.modules.get(name)
        if entry is None:
            return None
        is_package, _, origin = entry
        spec = importlib.machinery.ModuleSpec(name, self, origin=origin, is_package=is_package)
        spec.has_location = True
        if is_package:
            spec.submodule_search_locations = []
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        spec = module.__spec__
        module.__file__ = spec.origin
        exec(self.get_code(spec.name), module.__dict__)

    def is_package(self, name):
        return self.modules[name][0]

    def get_source(self, name):
        return zlib.decompress(self.modules[name][1]).decode("utf-8")

    def get_code(self, name):
        return compile(self.get_source(name), self.modules[name][2], "exec", dont_inherit=True)


class _Packages(importlib.abc.MetaPathFinder):
    """Imports the packages of requirements.txt (/opt/python, and /opt as on
    SCF), after the standard library, as site-packages come in CPython."""

    PLACES = ["/opt/python", "/opt"]

    def find_spec(self, name, path=None, target=None):
        if path is not None:
            return None
        return importlib.machinery.PathFinder.find_spec(name, [p for p in self.PLACES if os.path.isdir(p)])


sys.meta_path.append(_Stdlib(_library()))
sys.meta_path.append(_Packages())


class _Log(io.TextIOBase):
    """`sys.stdout` and `sys.stderr` of the handler: lines to the function's log.

    An invocation's first writes go out at once (a handler that then hangs has
    logged them); past `DIRECT` writes they are gathered `BATCH` bytes at a
    time, so a flood of prints costs few host calls. `flush` at the end of each
    invocation writes the rest."""

    DIRECT = 1000
    BATCH = 8192
    # Nothing waits longer than this for a later write to send it.
    LATEST = 0.1
    encoding = "utf-8"
    errors = "backslashreplace"

    def __init__(self):
        self.writes = 0
        self.pending = []
        self.size = 0
        self.since = 0.0
        self.buffer = _LogBytes(self)

    def writable(self):
        return True

    def write(self, text):
        self.writes += 1
        data = text.encode("utf-8", "backslashreplace")
        if self.writes <= self.DIRECT and not self.pending:
            _write_all(2, data)
            return len(text)
        self.write_bytes(data)
        return len(text)

    def write_bytes(self, data):
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append(data)
        self.size += len(data)
        # The clock is a host call too: looked at every 32nd write only.
        if self.size >= self.BATCH or (len(self.pending) % 32 == 0
                                       and time.monotonic() - self.since >= self.LATEST):
            self.flush()

    def flush(self):
        if self.pending:
            data, self.pending, self.size = b"".join(self.pending), [], 0
            _write_all(2, data)

    def new_invocation(self):
        self.flush()
        self.writes = 0

    def fileno(self):
        return 2

    def isatty(self):
        return False


def _write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


class _LogBytes(io.RawIOBase):
    """`sys.stdout.buffer`: bytes to the function's log."""

    def __init__(self, log):
        super().__init__()
        self._log = log

    def writable(self):
        return True

    def write(self, data):
        data = bytes(data)
        self._log.writes += 1
        if self._log.writes <= self._log.DIRECT and not self._log.pending:
            _write_all(2, data)
        else:
            self._log.write_bytes(data)
        return len(data)

    def flush(self):
        self._log.flush()


class _Formatter(logging.Formatter):
    """`[LEVEL]\\t<time>Z\\t<request id>\\t<message>`, as SCF's Python runtime logs."""

    def format(self, record):
        when = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        line = "[%s]\t%s.%03dZ\t%s\t%s" % (record.levelname, when, record.msecs, _state.request_id,
                                         record.getMessage())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class _State:
    handler = None
    log = None
    request_id = ""
    started = False


_state = _State()


def _start():
    """The instance's first run: its streams, its random seed, its handler."""
    _state.started = True
    # The code is read-only: no __pycache__ next to it.
    sys.dont_write_bytecode = True
    sys.stdout = sys.stderr = _state.log = _Log()
    random.seed()
    fngate_tmp.install()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    logging.getLogger().addHandler(handler)
    if os.path.isdir(CODE):
        os.chdir(CODE)
        sys.path.insert(0, CODE)


def _handler():
    """The handler `_HANDLER` names (`file.function`), its module imported once."""
    if _state.handler is None:
        name = os.environ.get("_HANDLER", "index.main_handler")
        module_name, _, function = name.rpartition(".")
        if not module_name:
            raise _LoadError("Handler %r is not of the form file.function" % name)
        dotted = module_name.replace("/", ".")
        try:
            module = importlib.import_module(dotted)
        except ModuleNotFoundError as e:
            if e.name != dotted:
                raise
            raise _LoadError("Unable to import module '%s': No module named '%s'" % (module_name, module_name))
        handler = getattr(module, function, None)
        if not callable(handler):
            raise _LoadError("Handler '%s' missing on module '%s'" % (function, module_name))
        _state.handler = handler
    return _state.handler


class _LoadError(Exception):
    """The handler cannot be found (SCF's HandlerNotFound, 437)."""


def _context(request_id):
    env = dict(os.environ)
    env["SCF_REQUESTID"] = request_id
    return {
        "memory_limit_in_mb": int(env.get("SCF_MEMORY_LIMIT_IN_MB", "128")),
        "time_limit_in_ms": int(env.get("SCF_TIME_LIMIT_IN_MS", "3000")),
        "request_id": request_id,
        "environment": json.dumps(env),
        "environ": ";".join("%s=%s" % kv for kv in env.items()),
        "function_version": env.get("SCF_FUNCTIONVERSION", "$LATEST"),
        "function_name": env.get("SCF_FUNCTIONNAME", ""),
        "namespace": env.get("SCF_NAMESPACE", "default"),
        "tencentcloud_region": env.get("TENCENTCLOUD_REGION", ""),
        "tencentcloud_appid": env.get("TENCENTCLOUD_APPID", ""),
        "tencentcloud_uin": env.get("TENCENTCLOUD_UIN", ""),
    }


def _error(status, message, stack=None):
    body = {"errorCode": -1, "errorMessage": message, "statusCode": status}
    if stack:
        body["stackTrace"] = stack
    return json.dumps(body).encode()


def _invoke(event_bytes, request_id):
    """One invocation: (ok, answer bytes)."""
    _state.request_id = request_id
    _state.log.new_invocation()
    os.environ["SCF_REQUESTID"] = request_id
    try:
        event = json.loads(event_bytes) if event_bytes.strip() else {}
    except Exception as e:  # not JSON, or too deep to parse
        return False, _error(400, "the event is not JSON: %s" % e)
    try:
        handler = _handler()
        result = handler(event, _context(request_id))
        answer = json.dumps(result).encode()
    except _LoadError as e:
        return False, _error(437, str(e))
    except BaseException as e:  # noqa: B902 (SystemExit too: it ends the handler, not the instance)
        stack = "".join(traceback.format_exception(e)).rstrip("\n")
        sys.stderr.write(stack + "\n")
        return False, _error(430, "user code exception caught", stack)
    finally:
        _state.log.flush()
    return True, answer


def _read_exactly(n, buffered):
    data = bytearray(buffered)
    while len(data) < n:
        chunk = os.read(0, max(n - len(data), 65536))
        if not chunk:
            break
        data += chunk
    return bytes(data[:n]), bytes(data[n:])


def _write(data):
    _write_all(1, data)


def _serve_frames():
    """A warm instance: framed events in, framed answers out, until stdin ends."""
    pending = b""
    while True:
        while b"\n" not in pending:
            chunk = os.read(0, 65536)
            if not chunk:
                return
            pending += chunk
            if len(pending) > 256 and b"\n" not in pending:
                raise SystemExit("bad event frame header")
        header, _, pending = pending.partition(b"\n")
        length, _, request_id = header.decode().partition(" ")
        event, pending = _read_exactly(int(length), pending)
        if len(event) < int(length):
            return  # stdin ended within the event: the host has gone
        ok, answer = _invoke(event, request_id)
        _write(b"%d %s\n" % (len(answer), b"ok" if ok else b"error") + answer)


class Run(exports.Run):
    def run(self) -> None:
        if not _state.started:
            _start()
        if os.environ.get("FNGATE_FRAMING") == "1":
            _serve_frames()
            return
        event = b""
        while True:
            chunk = os.read(0, 65536)
            if not chunk:
                break
            event += chunk
        ok, answer = _invoke(event, os.environ.get("SCF_REQUESTID", ""))
        _write(answer)
        if not ok:
            raise Err(None)

#!/usr/bin/env python3
"""Python handlers in fngate beside CPython itself: same handler, same event.

Each case is an SCF handler (`main_handler(event, context)`) over what handlers
use: json, datetime and time zones, re, hashlib, hmac, base64, urllib.parse,
uuid, decimal, dataclasses, logging, and pure-Python packages from a
`requirements.txt` (python-dateutil, tzdata). fngate runs each with
`fngate invoke` (its own CPython, built with componentize-py, installing the
requirements with pip); this machine's `python3` runs the same file on the same
event. The answers must be equal. With --demos DIR (a checkout of
tencentyun/scf-demo-repo), Tencent's Python API-gateway demos are compared too.

FNGATE_BIN=/path/to/fngate runs another build; otherwise this tree's release
build is built first. Exit 1 when an answer differs. Usage:
  bench/py-compat.py [--only CASE] [--demos DIR]
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/fngate/target"))
BIN = os.environ.get("FNGATE_BIN") or f"{TARGET}/release/fngate"

# name -> the handler's body; it returns a JSON-serializable answer.
CASES = {
    "json": """
    import json
    data = {"b": [1, 2.5, None, True], "a": "中文 \\u2028 \\"q\\"", "n": {"x": 1e21, "y": -0.0, "z": 10**20}}
    text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)
    return {"compact": json.dumps(data), "sorted": text, "back": json.loads(text),
            "sep": json.dumps([1, {"k": 2}], separators=(",", ":")), "float": json.loads("1.10"),
            "big": json.loads("123456789012345678901234567890")}
""",
    "datetime": """
    import datetime, time, calendar
    from datetime import timezone, timedelta
    d = datetime.datetime(2024, 2, 29, 23, 59, 58, 123456)
    cst = timezone(timedelta(hours=8), "CST")
    aware = d.replace(tzinfo=cst)
    return {"iso": d.isoformat(), "fmt": d.strftime("%Y-%m-%d %H:%M:%S %a %b %j %U"),
            "plus": (d + timedelta(days=1, seconds=3)).isoformat(), "utc": aware.astimezone(timezone.utc).isoformat(),
            "ts": aware.timestamp(), "from_iso": datetime.datetime.fromisoformat("2024-03-01T08:00:00+08:00").isoformat(),
            "parsed": datetime.datetime.strptime("05/Dec/2026:10:11:12", "%d/%b/%Y:%H:%M:%S").isoformat(),
            "gm": list(time.gmtime(1700000000)[:6]), "leap": calendar.isleap(2100), "week": d.isocalendar()[1],
            "date": datetime.date(2026, 12, 6).weekday()}
""",
    "zoneinfo": """
    import datetime, zoneinfo
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    newyork = zoneinfo.ZoneInfo("America/New_York")
    d = datetime.datetime(2026, 3, 8, 6, 30, tzinfo=datetime.timezone.utc)
    return {"sh": d.astimezone(shanghai).isoformat(), "ny": d.astimezone(newyork).isoformat(),
            "ny_after": (d + datetime.timedelta(hours=2)).astimezone(newyork).isoformat(),
            "name": d.astimezone(newyork).tzname()}
""",
    "re": """
    import re
    text = "user-12@example.com, Admin_7@Example.org; bad@@x, 中文@例子.cn"
    emails = re.findall(r"[\\w.-]+@[\\w.-]+\\.\\w+", text)
    return {"emails": emails, "sub": re.sub(r"(\\d+)", lambda m: str(int(m.group(1)) * 2), "a1b22c333"),
            "split": re.split(r"[,;]\\s*", text), "named": re.match(r"(?P<u>\\w+)-(?P<n>\\d+)", "user-12").groupdict(),
            "flags": bool(re.search(r"^ADMIN", "x\\nadmin", re.I | re.M)), "escape": re.escape("a.b*c")}
""",
    "hashlib": """
    import hashlib
    data = "SCF 云函数".encode()
    out = {name: hashlib.new(name, data).hexdigest() for name in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "blake2b", "blake2s"]}
    out["pbkdf2"] = hashlib.pbkdf2_hmac("sha256", b"pw", b"salt", 1000).hex()
    out["shake"] = hashlib.shake_128(data).hexdigest(16)
    return out
""",
    "hmac": """
    import hmac, hashlib, base64
    key, msg = b"secret-key", b"GET\\n/release/hello\\nx-date: Sat, 05 Dec 2026 10:00:00 GMT"
    sig = hmac.new(key, msg, hashlib.sha256).digest()
    return {"b64": base64.b64encode(sig).decode(), "sha1": hmac.new(key, msg, "sha1").hexdigest(),
            "eq": hmac.compare_digest(sig, hmac.new(key, msg, hashlib.sha256).digest()),
            "digest": hmac.digest(key, msg, "md5").hex()}
""",
    "base64": """
    import base64, binascii
    data = bytes(range(256))
    return {"b64": base64.b64encode(data).decode(), "url": base64.urlsafe_b64encode(data[:40]).decode(),
            "b32": base64.b32encode(b"fngate").decode(), "b85": base64.b85encode(b"fngate!").decode(),
            "a85": base64.a85encode(b"fngate!").decode(), "hex": binascii.hexlify(b"\\x00\\xff").decode(),
            "back": list(base64.b64decode("AAEC/w==")), "crc": binascii.crc32(data)}
""",
    "urllib": """
    from urllib.parse import quote, quote_plus, unquote, urlencode, parse_qs, parse_qsl, urlsplit, urljoin
    u = urlsplit("https://user:pw@example.com:8443/a/b;p?x=1&x=2&y=%E4%B8%AD#frag")
    return {"parts": [u.scheme, u.netloc, u.hostname, u.port, u.path, u.query, u.fragment],
            "qs": parse_qs(u.query), "qsl": parse_qsl("a=1&b=&c", keep_blank_values=True),
            "quote": quote("中文 /?&="), "plus": quote_plus("a b&c"), "unquote": unquote("%E4%B8%AD%20x"),
            "enc": urlencode({"q": "云 函数", "n": [1, 2]}, doseq=True), "join": urljoin("https://x.com/a/b", "../c")}
""",
    "uuid": """
    import uuid
    ns = uuid.UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
    v4 = uuid.uuid4()
    return {"v3": str(uuid.uuid3(ns, "fngate")), "v5": str(uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com")),
            "parse": uuid.UUID("{12345678-1234-5678-1234-567812345678}").hex, "v4_version": v4.version,
            "v4_variant": v4.variant, "int": uuid.UUID(int=2**100).urn}
""",
    "decimal": """
    from decimal import Decimal, getcontext, localcontext, ROUND_HALF_UP
    price = Decimal("19.99") * 3 - Decimal("0.015")
    with localcontext() as ctx:
        ctx.prec = 50
        third = str(Decimal(1) / Decimal(3))
    return {"price": str(price), "rounded": str(price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
            "third": third, "default": str(Decimal(2).sqrt()), "tuple": list(Decimal("-1.50").as_tuple()[1]),
            "prec": getcontext().prec, "sci": str(Decimal("1E+3").normalize())}
""",
    "dataclasses": """
    import dataclasses, typing, enum
    class Color(enum.Enum):
        RED = 1
        BLUE = 2
    @dataclasses.dataclass(order=True)
    class Item:
        name: str
        qty: int = 0
        tags: typing.List[str] = dataclasses.field(default_factory=list)
        color: Color = Color.RED
    items = sorted([Item("b", 2, ["x"]), Item("a", 5)])
    return {"items": [dataclasses.asdict(i) | {"color": i.color.name} for i in items],
            "fields": [f.name for f in dataclasses.fields(Item)], "repr": repr(items[0]),
            "replace": dataclasses.asdict(dataclasses.replace(items[0], qty=9)) | {"color": 1}}
""",
    "logging": """
    import io, logging
    stream = io.StringIO()
    log = logging.getLogger("compat")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s|%(levelname)s|%(message)s|%(funcName)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    log.debug("debug %d", 1)
    log.warning("warn %s", {"a": 1})
    try:
        1 / 0
    except ZeroDivisionError:
        log.exception("failed")
    lines = stream.getvalue().splitlines()
    return {"first": lines[:2], "exc": lines[2], "last": lines[-1], "levels": logging.getLevelName(25)}
""",
    "dateutil (requirements.txt)": """
    from dateutil import parser, relativedelta, tz
    d = parser.parse("Sat, 05 Dec 2026 10:11:12 +0800")
    return {"parsed": d.isoformat(), "next_month": (d + relativedelta.relativedelta(months=+1, day=31)).isoformat(),
            "utc": d.astimezone(tz.UTC).isoformat(), "fuzzy": parser.parse("today is 2026-12-06, ok", fuzzy=True).date().isoformat()}
""",
}

# The interpreter's version, reported beside the results.
VERSION = """
    import sys
    return sys.version.split()[0]
"""

# What each case needs from PyPI, pure Python only.
REQUIREMENTS = {"zoneinfo": "tzdata==2025.2\n", "dateutil (requirements.txt)": "python-dateutil==2.9.0.post0\n"}

RUNNER = """
import json, os, sys, importlib
sys.path.insert(0, sys.argv[1])
os.chdir(sys.argv[1])
module, _, name = sys.argv[2].rpartition(".")
event = json.load(open(sys.argv[3]))
context = {"request_id": "compat", "function_name": "compat", "memory_limit_in_mb": 128, "time_limit_in_ms": 3000}
print(json.dumps(getattr(importlib.import_module(module), name)(event, context)))
"""


def fngate_answer(project, function, event_file):
    out = subprocess.run([BIN, "invoke", project, function, "--event", event_file], capture_output=True, text=True)
    try:
        return json.loads(out.stdout), out.stderr
    except ValueError:
        return {"fngate-failed": out.stdout}, out.stderr


def cpython_answer(code_dir, handler, event_file, packages):
    env = dict(os.environ, PYTHONPATH=packages or "")
    out = subprocess.run([sys.executable, "-c", RUNNER, code_dir, handler, event_file], capture_output=True, text=True, env=env)
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"cpython-failed": out.stderr[-2000:]}


def case_project(root, name, body):
    d = os.path.join(root, "".join(c if c.isalnum() else "_" for c in name))
    os.makedirs(d)
    with open(os.path.join(d, "index.py"), "w") as f:
        f.write("def main_handler(event, context):\n" + "\n".join("    " + l[4:] if l.strip() else "" for l in body.strip("\n").splitlines()) + "\n")
    packages = None
    if name in REQUIREMENTS:
        with open(os.path.join(d, "requirements.txt"), "w") as f:
            f.write(REQUIREMENTS[name])
        packages = os.path.join(root, "site-" + os.path.basename(d))
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target", packages,
                        "-r", os.path.join(d, "requirements.txt")], check=True)
    with open(os.path.join(d, "serverless.yml"), "w") as f:
        f.write("functions:\n  compat:\n    handler: index.main_handler\n    runtime: Python3.9\n"
                "    events:\n      - apigw: {parameters: {path: /compat}}\n")
    return d, packages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only")
    ap.add_argument("--demos", help="a checkout of tencentyun/scf-demo-repo")
    args = ap.parse_args()
    if not os.environ.get("FNGATE_BIN"):
        subprocess.run(["cargo", "build", "-q", "--release", "-p", "fngate"], cwd=ROOT, check=True)
    root = tempfile.mkdtemp(prefix="py-compat-")
    event_file = os.path.join(root, "event.json")
    with open(event_file, "w") as f:
        f.write(subprocess.run([BIN, "event", "apigw", "-X", "GET", "--path", "/compat?a=1"],
                               capture_output=True, text=True, check=True).stdout)
    differ = 0
    rows = []
    for name, body in CASES.items():
        if args.only and args.only != name:
            continue
        project, packages = case_project(root, name, body)
        mine, log = fngate_answer(project, "compat", event_file)
        theirs = cpython_answer(project, "index.main_handler", event_file, packages)
        same = mine == theirs
        differ += not same
        rows.append((name, "equal" if same else "DIFFERENT"))
        if not same:
            print(f"--- {name}\nfngate:  {json.dumps(mine, ensure_ascii=False)}\ncpython: {json.dumps(theirs, ensure_ascii=False)}\n{log[-1500:]}")
    if args.demos:
        for demo in ["Python2.7-API GW Basic Demo", "Python3.6-CustomHtml", "Python3.6-WebPageDemo", "Python3.6-helloworld"]:
            src = os.path.join(args.demos, demo)
            if not os.path.isdir(src):
                rows.append((demo, "not in the checkout"))
                continue
            project = os.path.join(root, demo.replace(" ", "_"))
            shutil.copytree(src, project)
            config = open(os.path.join(project, "serverless.yaml")).read()
            handler = config.split("handler:")[1].split()[0]
            note = ""
            if not os.path.exists(os.path.join(project, handler.rpartition(".")[0] + ".py")):
                # Its handler names a file the demo lacks (both runtimes fail):
                # compare its index.py, as the console deploys it.
                note = f" (its handler {handler} names a missing file; run as index.main_handler)"
                with open(os.path.join(project, "serverless.yaml"), "w") as f:
                    f.write(config.replace(handler, "index.main_handler"))
                handler = "index.main_handler"
            mine, log = fngate_answer(project, config.split("name:")[2].split()[0], event_file)
            theirs = cpython_answer(project, handler, event_file, None)
            same = mine == theirs
            differ += not same
            rows.append((demo, ("equal" if same else "DIFFERENT") + note))
            if not same:
                print(f"--- {demo}\nfngate:  {json.dumps(mine, ensure_ascii=False)[:600]}\ncpython: {json.dumps(theirs, ensure_ascii=False)[:600]}\n{log[-1500:]}")
    print(f"{'case':32} result")
    for name, result in rows:
        print(f"{name:32} {result}")
    print(f"fngate: {os.path.basename(BIN)} with CPython {json.dumps(fngate_answer(case_project(root, 'version', VERSION)[0], 'compat', event_file)[0])}; "
          f"beside: CPython {sys.version.split()[0]}")
    shutil.rmtree(root, ignore_errors=True)
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()

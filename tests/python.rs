//! Python functions end to end: handlers in SCF's style (`main_handler(event,
//! context)`) run by CPython, built with componentize-py (installed from PyPI on
//! first use), through the real `fngate serve`: integrated and passthrough
//! responses, SCF's error body with the traceback, `print` and `logging` in the
//! log, the code directory as the working directory, the standard library past
//! the snapshot, warm instances, and the sandbox's limits.

mod common;

use std::path::PathBuf;
use std::sync::Once;
use std::time::Duration;

use common::{Server, repo, scratch};
use serde_json::Value;

/// Builds the Python runtime once for this test binary, with no start-up
/// timeout: `fngate check` of the example builds it (a fresh machine installs
/// componentize-py first) and compiles it into the test run's module cache.
fn prepared() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let out = common::run(&["check", repo().join("examples/hello-world-py").to_str().unwrap()]);
        assert!(
            out.status.success(),
            "fngate check of the Python example failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    });
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap()
}

const HANDLERS: &str = r#"
import json, logging, os, sys

print("loading handlers")
GREETING = os.environ.get("GREETING", "unset")
logger = logging.getLogger()
logger.setLevel(logging.INFO)
COUNT = 0

def hello(event, context):
    return {"isBase64Encoded": False, "statusCode": 201, "headers": {"Content-Type": "text/plain"},
            "body": "hello " + event["httpMethod"]}

def passthrough(event, context):
    return {"answer": 42, "path": event["path"], "ctx": sorted(context)}

def fail(event, context):
    def inner():
        raise ValueError("bad input: %s" % event["path"])
    inner()

def logs(event, context):
    print("printed", context["request_id"])
    logger.info("logged %s", "info")
    logging.debug("not shown")
    sys.stderr.write("to stderr\n")
    return {"isBase64Encoded": False, "statusCode": 200, "headers": {}, "body": "ok"}

def files(event, context):
    with open("./page.html", encoding="utf-8") as f:
        page = f.read()
    here = open(os.path.join(os.path.dirname(__file__), "page.html")).read()
    try:
        open("./written.txt", "w").write("x")
        wrote = "yes"
    except OSError as e:
        wrote = type(e).__name__
    return {"isBase64Encoded": False, "statusCode": 200, "headers": {"Content-Type": "text/html"},
            "body": json.dumps({"page": page, "same": page == here, "cwd": os.getcwd(), "wrote": wrote,
                                "config": os.path.exists("serverless.yml"), "env": os.path.exists(".env")})}

def env(event, context):
    return {"isBase64Encoded": False, "statusCode": 200, "headers": {},
            "body": json.dumps({"top": GREETING, "now": os.environ["GREETING"], "fn": os.environ["SCF_FUNCTIONNAME"],
                                "request": context["request_id"], "memory": context["memory_limit_in_mb"],
                                "timeout": context["time_limit_in_ms"], "name": context["function_name"]})}

def library(event, context):
    import statistics, fractions, colorsys, textwrap
    from email.message import EmailMessage
    m = EmailMessage()
    m["Subject"] = "hi"
    return {"isBase64Encoded": False, "statusCode": 200, "headers": {},
            "body": json.dumps({"mean": statistics.mean([1, 2, 3, 4]), "frac": str(fractions.Fraction(3, 6)),
                                "hls": colorsys.rgb_to_hls(1, 0, 0)[0], "subject": m["Subject"]})}

def counter(event, context):
    global COUNT
    COUNT += 1
    return {"isBase64Encoded": False, "statusCode": 200, "headers": {}, "body": str(COUNT)}

def scratch(event, context):
    os.makedirs("/tmp/cache/deep", exist_ok=True)
    with open("/tmp/cache/deep/data.json", "w") as f:
        json.dump({"n": 1}, f)
    with open("/tmp/cache/deep/data.json", "a") as f:
        f.write("\n")
    with open("/tmp/log.bin", "wb") as f:
        f.write(bytes(range(256)))
    os.rename("/tmp/log.bin", "/tmp/cache/log.bin")
    seen = {"listing": os.listdir("/tmp/cache"), "data": open("/tmp/cache/deep/data.json").read(),
            "size": os.path.getsize("/tmp/cache/log.bin"), "isdir": os.path.isdir("/tmp/cache/deep"),
            "exists_before": os.path.exists("/tmp/before")}
    open("/tmp/before", "w").close()
    os.remove("/tmp/cache/log.bin")
    seen["after_remove"] = os.listdir("/tmp/cache")
    a, b = open("/tmp/two", "a"), open("/tmp/two", "a")
    a.write("A"); a.close(); b.write("B"); b.close()
    import glob
    seen["two"], seen["glob"] = open("/tmp/two").read(), glob.glob("/tmp/cache/*")
    try:
        open("/tmp/missing/file", "w")
    except FileNotFoundError:
        seen["missing_parent"] = "FileNotFoundError"
    return {"isBase64Encoded": False, "statusCode": 200, "headers": {}, "body": json.dumps(seen)}

def hoard_tmp(event, context):
    with open("/tmp/big", "wb") as f:
        while True:
            f.write(b"x" * (1 << 20))

def escape(event, context):
    seen = {}
    for path in ["/etc/passwd", "/code/../etc/passwd", "../serverless.yml", "/proc/self/environ"]:
        try:
            seen[path] = open(path).read()[:20]
        except OSError as e:
            seen[path] = type(e).__name__
    return {"isBase64Encoded": False, "statusCode": 200, "headers": {}, "body": json.dumps(seen)}

def flood(event, context):
    for i in range(50000):
        print("line", i)
    return {"isBase64Encoded": False, "statusCode": 200, "headers": {}, "body": "flooded"}

def big(event, context):
    return {"isBase64Encoded": False, "statusCode": 200, "headers": {}, "body": "x" * 7000000}

def spin(event, context):
    while True:
        pass

def bomb(event, context):
    hoard = []
    while True:
        hoard.append(bytearray(1 << 20))
"#;

/// A project of the handlers above, one route each (`/<name>`).
fn project() -> PathBuf {
    let dir = scratch("python-handlers");
    std::fs::write(dir.join("handlers.py"), HANDLERS).unwrap();
    std::fs::write(dir.join("page.html"), "<h1>页面</h1>\n").unwrap();
    std::fs::write(dir.join(".env"), "SECRET=1\n").unwrap();
    let mut yml = String::from(
        "service: pyh\nprovider:\n  name: tencent\n  runtime: Python3.6\n  environment:\n    variables:\n      GREETING: hi\n\
         custom:\n  fngate:\n    functions:\n      counter:\n        warm: {maxInstances: 1, idleSeconds: 60, maxInvocations: 100}\n\
         functions:\n",
    );
    for name in [
        "hello",
        "passthrough",
        "fail",
        "logs",
        "files",
        "env",
        "library",
        "counter",
        "spin",
        "bomb",
        "missing",
        "escape",
        "scratch",
        "hoard_tmp",
        "flood",
        "big",
    ] {
        let limits = match name {
            "spin" => "    timeout: 1\n",
            "bomb" | "hoard_tmp" => "    memorySize: 64\n",
            "flood" => "    timeout: 20\n",
            _ => "",
        };
        let integrated = if name == "passthrough" { "false" } else { "true" };
        yml.push_str(&format!(
            "  {name}:\n    handler: handlers.{name}\n{limits}    events:\n      - apigw:\n          parameters:\n            path: /{name}\n            integratedResponse: {integrated}\n"
        ));
    }
    std::fs::write(dir.join("serverless.yml"), yml).unwrap();
    dir
}

/// Asserts that `path` answers the SCF error body with `status`.
fn assert_scf_status(server: &Server, path: &str, status: u16) {
    let (_, body, _) = get(server, path);
    let error: Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{path}: {body}"));
    assert_eq!(error["statusCode"], status, "{path}: {body}");
}

fn get(server: &Server, path: &str) -> (u16, String, reqwest::header::HeaderMap) {
    let r = client().get(server.url(&format!("/release{path}"))).send().unwrap();
    let (status, headers) = (r.status().as_u16(), r.headers().clone());
    (status, r.text().unwrap(), headers)
}

#[test]
fn python_handlers_answer_as_scf_runs_them() {
    prepared();
    let server = Server::start(&project(), &["--no-watch"]);

    let (status, body, headers) = get(&server, "/hello");
    assert_eq!((status, body.as_str()), (201, "hello GET"));
    assert_eq!(headers["content-type"], "text/plain");

    // Without the integrated response, the return value is the body, as JSON.
    let (status, body, _) = get(&server, "/passthrough");
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["answer"], 42);
    assert_eq!(answer["path"], "/passthrough");
    let keys: Vec<&str> = answer["ctx"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
    for key in [
        "environ",
        "environment",
        "function_name",
        "function_version",
        "memory_limit_in_mb",
        "namespace",
        "request_id",
        "tencentcloud_appid",
        "tencentcloud_region",
        "tencentcloud_uin",
        "time_limit_in_ms",
    ] {
        assert!(keys.contains(&key), "context lacks {key}: {keys:?}");
    }

    // An exception: SCF's 430 body, with Python's traceback.
    let (status, body, headers) = get(&server, "/fail");
    let id = headers["x-api-requestid"].to_str().unwrap().to_owned();
    let error: Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{status} {body}"));
    assert_eq!(error["statusCode"], 430, "{body}");
    assert_eq!(error["errorMessage"], "user code exception caught", "{body}");
    let stack = error["stackTrace"].as_str().unwrap();
    assert!(stack.starts_with("Traceback (most recent call last):"), "{stack}");
    assert!(stack.contains("/code/handlers.py\", line ") && stack.contains("in inner"), "{stack}");
    assert!(stack.ends_with("ValueError: bad input: /fail"), "{stack}");
    let log = server.wait_for_log(&format!("ERROR RequestId:{id}"));
    assert!(log.contains(&format!("[fail {id}] ValueError: bad input: /fail")), "{log}");

    // print, logging and stderr go to the log, attributed to the request.
    let (status, _, headers) = get(&server, "/logs");
    assert_eq!(status, 200);
    let id = headers["x-api-requestid"].to_str().unwrap().to_owned();
    let log = server.wait_for_log(&format!("Report RequestId:{id}"));
    assert!(log.contains(&format!("[logs {id}] printed {id}")), "{log}");
    assert!(
        log.contains(&format!("[logs {id}] [INFO]")) && log.contains(&format!("\t{id}\tlogged info")),
        "{log}"
    );
    assert!(log.contains(&format!("[logs {id}] to stderr")), "{log}");
    assert!(!log.contains("not shown"), "{log}");

    // The code directory is the working directory, read-only, without the config or dotfiles.
    let (status, body, _) = get(&server, "/files");
    assert_eq!(status, 200, "{body}");
    let files: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(files["page"], "<h1>页面</h1>\n");
    assert_eq!(files["same"], true);
    assert_eq!(files["cwd"], "/code");
    assert_ne!(files["wrote"], "yes");
    assert_eq!((files["config"].as_bool(), files["env"].as_bool()), (Some(false), Some(false)));

    // Top-level code sees the function's variables (it runs at the first invocation).
    let (status, body, headers) = get(&server, "/env");
    assert_eq!(status, 200, "{body}");
    let env: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (env["top"].as_str(), env["now"].as_str(), env["fn"].as_str()),
        (Some("hi"), Some("hi"), Some("env"))
    );
    assert_eq!(env["request"], headers["x-api-requestid"].to_str().unwrap());
    assert_eq!((env["memory"].as_u64(), env["timeout"].as_u64()), (Some(128), Some(3000)));

    // The standard library past what the snapshot holds.
    let (status, body, _) = get(&server, "/library");
    assert_eq!(status, 200, "{body}");
    let lib: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (lib["mean"].as_f64(), lib["frac"].as_str(), lib["subject"].as_str()),
        (Some(2.5), Some("1/2"), Some("hi"))
    );

    // A handler the module does not have: SCF's HandlerNotFound.
    let (_, body, _) = get(&server, "/missing");
    let error: Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{body}"));
    assert_eq!(error["statusCode"], 437, "{body}");
    assert!(error["errorMessage"].as_str().unwrap().contains("missing"), "{body}");

    // The gateway keeps serving.
    assert_eq!(get(&server, "/hello").0, 201);
}

#[test]
fn python_warm_instances_keep_module_state() {
    prepared();
    let server = Server::start(&project(), &["--no-watch"]);
    let counts: Vec<String> = (0..3).map(|_| get(&server, "/counter").1).collect();
    assert_eq!(counts, ["1", "2", "3"]);
    // A fresh function starts from its module each time.
    assert_eq!(get(&server, "/hello").0, 201);
}

#[test]
fn python_guests_are_held_to_their_limits() {
    prepared();
    let server = Server::start(&project(), &["--no-watch"]);
    assert_scf_status(&server, "/spin", 433);
    assert_scf_status(&server, "/bomb", 434);
    // /tmp is in the instance's memory: writable, and bounded by memorySize.
    let (status, body, _) = get(&server, "/scratch");
    assert_eq!(status, 200, "{body}");
    let tmp: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(tmp["listing"], serde_json::json!(["deep", "log.bin"]));
    assert_eq!(tmp["data"], "{\"n\": 1}\n");
    assert_eq!((tmp["size"].as_u64(), tmp["isdir"].as_bool()), (Some(256), Some(true)));
    assert_eq!(tmp["after_remove"], serde_json::json!(["deep"]));
    assert_eq!(tmp["missing_parent"], "FileNotFoundError");
    assert_eq!((tmp["two"].as_str(), &tmp["glob"]), (Some("AB"), &serde_json::json!(["/tmp/cache/deep"])));
    // A fresh instance starts with it empty.
    let (_, body, _) = get(&server, "/scratch");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["exists_before"], false, "{body}");
    assert_scf_status(&server, "/hoard_tmp", 434);
    // Nothing outside its code: no host file, however the path is spelled.
    let (status, body, _) = get(&server, "/escape");
    assert_eq!(status, 200, "{body}");
    let seen: Value = serde_json::from_str(&body).unwrap();
    for (path, what) in seen.as_object().unwrap() {
        let what = what.as_str().unwrap();
        assert!(what.ends_with("Error"), "{path} was read: {what:?}");
    }
    // A flood of log lines is cut at the log's bound; an answer past 6 MB is SCF's 407.
    let (status, body, headers) = get(&server, "/flood");
    assert_eq!((status, body.as_str()), (200, "flooded"));
    let id = headers["x-api-requestid"].to_str().unwrap().to_owned();
    let log = server.wait_for_log(&format!("Report RequestId:{id}"));
    assert!(log.matches(&format!("[flood {id}] line ")).count() < 20_000, "the log was not bounded");
    let (_, body, _) = get(&server, "/big");
    let error: Value =
        serde_json::from_str(&body).unwrap_or_else(|_| panic!("{}", &body[..200.min(body.len())]));
    assert_eq!(error["statusCode"], 407, "{error}");
    assert_eq!(get(&server, "/hello").0, 201);
}

/// A project of one function, `index.main_handler` at `/f`, with `requirements`.
fn requirements_project(name: &str, requirements: &str, code: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("requirements.txt"), requirements).unwrap();
    std::fs::write(dir.join("index.py"), code).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: req\nprovider:\n  name: tencent\n  runtime: Python3.9\nfunctions:\n  f:\n    handler: index.main_handler\n    events:\n      - apigw: {parameters: {path: /f, integratedResponse: true}}\n",
    )
    .unwrap();
    dir
}

#[test]
fn requirements_install_pure_python_packages_and_name_native_ones() {
    prepared();
    let pure = requirements_project(
        "python-requirements-pure",
        "python-dateutil==2.9.0.post0\n",
        "from dateutil import parser\n\ndef main_handler(event, context):\n    \
         return {'isBase64Encoded': False, 'statusCode': 200, 'headers': {}, \
         'body': parser.parse('Sat, 05 Dec 2026 10:11:12 +0800').isoformat()}\n",
    );
    // Check first: it installs from PyPI without serve's start-up timeout.
    let out = common::run(&["check", pure.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let server = Server::start(&pure, &["--no-watch"]);
    let (status, body, _) = get(&server, "/f");
    assert_eq!((status, body.as_str()), (200, "2026-12-05T10:11:12+08:00"));

    let native = requirements_project(
        "python-requirements-native",
        "numpy==2.3.5\n",
        "import numpy\n\ndef main_handler(event, context):\n    return 1\n",
    );
    let out = common::run(&["check", native.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success() && said.contains("no pure-Python wheel of `numpy` was found"), "{said}");
    let server = Server::start(&native, &["--no-watch"]);
    let (status, body, _) = get(&server, "/f");
    assert!(status >= 400 && body.contains("numpy"), "{status} {body}");
}

#[test]
fn a_changed_py_file_is_served_at_once_after_its_reload() {
    prepared();
    let dir = scratch("python-reload");
    let handler = |body: &str| {
        format!(
            "def main_handler(event, context):\n    return {{'isBase64Encoded': False, 'statusCode': 200, 'headers': {{}}, 'body': '{body}'}}\n"
        )
    };
    std::fs::write(dir.join("index.py"), handler("first")).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: rl\nprovider:\n  name: tencent\n  runtime: Python3.10\nfunctions:\n  f:\n    handler: index.main_handler\n    events:\n      - apigw: {parameters: {path: /f, integratedResponse: true}}\n",
    )
    .unwrap();
    let server = Server::start(&dir, &[]);
    assert_eq!(get(&server, "/f").1, "first");
    std::fs::write(dir.join("index.py"), handler("second")).unwrap();
    server.wait_for_log("reloaded function f:");
    assert_eq!(get(&server, "/f").1, "second");
}

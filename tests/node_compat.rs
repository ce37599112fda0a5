//! Node.js as users write it: the handlers in `tests/fixtures/node-compat` (the
//! built-in modules, util.inspect, fs on their own files and /tmp, require
//! resolution through node_modules and exports maps, the event loop, streams)
//! served by the real `fngate serve` answer exactly what node answers for them,
//! when node is installed; the values that do not need node to be known are
//! checked either way, and so is what only the sandbox shows.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Server, repo};
use serde_json::{Value, json};

/// The fixture's functions that node can run too.
const COMPARED: &[&str] = &["modules", "text", "files", "resolution", "loop", "streams", "zlib", "builtins"];

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap()
}

/// The handler's answer under node (through the fixture's `run-node.js`), or
/// `None` when node is not installed.
fn under_node(function: &str) -> Option<Value> {
    let dir = repo().join("tests/fixtures/node-compat");
    let mut child = Command::new("node")
        .args(["run-node.js", function, "main_handler"])
        .current_dir(&dir)
        .env("COMPAT", "yes")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(b"{}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed on {function}");
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    Some(answer.get("result").cloned().unwrap_or_else(|| panic!("node: {function}: {answer}")))
}

#[tokio::test]
async fn handlers_answer_what_node_answers() {
    let server = Server::start(&repo().join("tests/fixtures/node-compat"), &["--no-watch"]);
    let c = client();
    let mut answers = serde_json::Map::new();
    for &f in COMPARED {
        let r = c.post(server.url(&format!("/release/{f}"))).body("{}").send().await.unwrap();
        assert_eq!(r.status(), 200, "{f}");
        answers.insert(f.to_owned(), r.json().await.unwrap());
    }

    // What is known without node.
    assert_eq!(
        answers["builtins"]["sandbox"]["spawned"],
        json!(["ENOSYS", "spawn ENOSYS"]),
        "processes are refused when started"
    );
    let m = &answers["modules"];
    assert_eq!(m["crypto"]["md5"], "5d41402abc4b2a76b9719d911017c592");
    assert_eq!(m["crypto"]["hmac256"], "8b5f48702995c1598c573db1e21866a9b825d4a794d169d7060a03605796360b");
    assert_eq!(m["path"]["join"], "/a/c/d.txt");
    assert_eq!(m["url"]["y"], "two words");
    assert_eq!(m["buffer"]["fromB64"], "héllo");
    assert_eq!(m["env"], "yes");
    assert_eq!(
        answers["text"]["inspect"][0],
        "{\n  a: 1,\n  b: 'str',\n  c: [ 1, 2, 3 ],\n  d: { e: { f: [Object] } },\n  'needs-quote': true\n}"
    );
    let r = &answers["resolution"];
    assert_eq!(
        r["exportsMap"],
        json!([
            "exports-map via require condition",
            "feature via node condition",
            "pattern alpha.js",
            "2.0.0"
        ])
    );
    assert_eq!(r["nested"], json!({"nested": 2, "parentSees": "1.0.0"}));
    assert_eq!(r["notExported"]["code"], "ERR_PACKAGE_PATH_NOT_EXPORTED");
    assert_eq!(r["missing"]["code"], "MODULE_NOT_FOUND");
    let order = &answers["loop"]["order"];
    assert_eq!(order[0], "tick");
    assert_eq!(
        order[3], "immediate",
        "an immediate runs before a timer when called from I/O, as on SCF: {order}"
    );
    assert!(!order.as_array().unwrap().iter().any(|s| s == "cleared timeout ran"), "{order}");
    assert_eq!(order.as_array().unwrap().last().unwrap(), "after the callback, before the loop empties");

    // What only the sandbox shows: the code is read-only, the rest of the
    // filesystem is not there, and /tmp is the instance's own.
    let sandbox = &answers["files"]["sandbox"];
    assert_eq!(sandbox["writeCode"]["code"], "EROFS", "{sandbox}");
    assert_eq!(sandbox["writeCode"]["message"], "EROFS: read-only file system, open '<code>/new.txt'");
    assert_eq!(sandbox["writeEtc"]["code"], "EACCES");
    assert_eq!(sandbox["mkdirCode"]["code"], "EROFS");
    assert_eq!(sandbox["cwd"], "/code");
    assert_eq!(sandbox["scfPath"], true, "SCF's /var/user is the code");
    assert_eq!(sandbox["etc"], false);
    assert_eq!(sandbox["tmpAtStart"], json!([]));
    // The first invocation left a file in its /tmp; the next one starts empty.
    let again: Value = c.post(server.url("/release/files")).send().await.unwrap().json().await.unwrap();
    assert_eq!(again["sandbox"]["tmpAtStart"], json!([]), "/tmp outlived its instance");

    let Some(_) = under_node("modules") else {
        eprintln!("skipped the comparison with node: node is not installed");
        return;
    };
    for &f in COMPARED {
        let mut ours = answers[f].clone();
        let mut theirs = under_node(f).unwrap();
        for v in [&mut ours, &mut theirs] {
            if let Some(o) = v.as_object_mut() {
                o.remove("sandbox");
            }
        }
        assert_eq!(ours, theirs, "{f}: fngate (left) and node (right) differ");
    }
}

#[tokio::test]
async fn a_tmp_that_fills_the_memory_is_the_functions_problem_alone() {
    let server = Server::start(&repo().join("tests/fixtures/node-compat"), &["--no-watch"]);
    let c = client();
    let r = c.post(server.url("/release/tmpbomb")).send().await.unwrap();
    assert_eq!(r.status(), 434);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errorMessage"], "Memory limit reached: the function tried to use more than 64 MB");
    let r = c.post(server.url("/release/resolution")).send().await.unwrap();
    assert_eq!(r.status(), 200, "the other functions keep serving");
}

#[tokio::test]
async fn a_decompression_bomb_is_bounded_by_the_functions_memory() {
    let server = Server::start(&repo().join("tests/fixtures/node-compat"), &["--no-watch"]);
    let c = client();
    let r = c.post(server.url("/release/zipbomb")).send().await.unwrap();
    assert_eq!(r.status(), 434);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errorMessage"], "Memory limit reached: the function tried to use more than 64 MB");
    let r = c.post(server.url("/release/zlib")).send().await.unwrap();
    assert_eq!(r.status(), 200, "the other functions keep serving");
}

/// A copy of `examples/npm-packages-js` with its packages installed by
/// `npm ci`, or `None` when npm is not installed.
fn npm_example() -> Option<std::path::PathBuf> {
    if !common::has_npm() {
        return None;
    }
    let example = repo().join("examples/npm-packages-js");
    let dir = common::scratch("npm-example");
    for file in ["package.json", "package-lock.json", "index.js", "serverless.yml", "templates/report.html"] {
        std::fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
        std::fs::copy(example.join(file), dir.join(file)).unwrap();
    }
    common::npm_ci(&dir);
    Some(dir)
}

#[tokio::test]
async fn npm_packages_installed_with_npm_ci_serve_as_under_node() {
    let Some(dir) = npm_example() else {
        eprintln!("skipped the npm example: npm is not installed");
        return;
    };
    let server = Server::start(&dir, &["--no-watch"]);
    let c = client();
    for (query, event) in [
        ("team=runtime", json!({"path": "/report", "queryString": {"team": "runtime"}})),
        ("format=json", json!({"path": "/report", "queryString": {"format": "json"}})),
    ] {
        let r = c.get(server.url(&format!("/release/report?{query}"))).send().await.unwrap();
        assert_eq!(r.status(), 200, "{query}");
        let content_type = r.headers()["content-type"].to_str().unwrap().to_owned();
        let body = r.text().await.unwrap();
        if query == "team=runtime" {
            assert!(body.contains("<li>Linus &mdash; maintainer</li>") && !body.contains("Grace"), "{body}");
            assert!(body.contains("(valid: true) for &#x2F;report"), "{body}");
        }
        // The same handler under node, given the fields it reads.
        let Ok(mut child) = Command::new("node")
            .args([
                repo().join("tests/fixtures/node-compat/run-node.js").to_str().unwrap(),
                "index",
                "main_handler",
            ])
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
        else {
            eprintln!("skipped the comparison with node: node is not installed");
            continue;
        };
        child.stdin.take().unwrap().write_all(event.to_string().as_bytes()).unwrap();
        let out: Value = serde_json::from_slice(&child.wait_with_output().unwrap().stdout).unwrap();
        let node = &out["result"];
        assert_eq!(node["statusCode"], 200);
        assert_eq!(node["headers"]["Content-Type"], content_type.as_str());
        assert_eq!(node["body"], body.as_str(), "fngate and node render {query} differently");
    }
}

#[test]
fn console_lines_are_what_node_prints_behind_scfs_prefix() {
    let dir = repo().join("tests/fixtures/node-compat");
    let out = common::run(&["invoke", dir.to_str().unwrap(), "console", "--no-cache"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let log = String::from_utf8(out.stderr).unwrap();
    // `[console <id>] <ISO time>\t<id>\t<message>`, continuation lines without the SCF prefix.
    let mut ours = Vec::new();
    for line in log.lines().filter_map(|l| l.strip_prefix("[console ")) {
        let (id, rest) = line.split_once("] ").unwrap_or((line.trim_end_matches(']'), ""));
        let message = match rest.split_once('\t') {
            Some((time, tail)) if time.ends_with('Z') && time.len() == 24 => {
                let (logged_id, message) = tail.split_once('\t').expect("time, request id, message");
                assert_eq!(logged_id, id, "{line}");
                message
            }
            _ => rest,
        };
        ours.push(message.to_owned());
    }
    assert_eq!(ours[0], "plain text", "{log}");
    assert_eq!(ours[2], "request abc for fn extra 42");
    let Ok(node) =
        Command::new("node").args(["-e", "require('./console-lines')()"]).current_dir(&dir).output()
    else {
        eprintln!("skipped the comparison with node: node is not installed");
        return;
    };
    let theirs: Vec<String> = String::from_utf8(node.stdout).unwrap().lines().map(str::to_owned).collect();
    let theirs_err: Vec<String> =
        String::from_utf8(node.stderr).unwrap().lines().map(str::to_owned).collect();
    // node prints warn and error to stderr; put them back in call order.
    let mut merged = theirs.clone();
    let at = merged.iter().position(|l| l == "]").expect("the grouped array") + 1;
    merged.splice(at..at, theirs_err[..3].iter().cloned());
    assert_eq!(ours, merged, "fngate (left) and node (right) print differently");
}

/// The fidelity suite's handlers (`tests/fixtures/node-fidelity/*.js`, served
/// through its one function, `suite.js`), by name.
fn fidelity_handlers(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".js").map(str::to_owned))
        .filter(|f| f != "run-node" && f != "compare" && f != "suite")
        .collect();
    names.sort();
    names
}

/// One fidelity handler's checks under node, or `None` when node is not installed.
fn fidelity_under_node(dir: &std::path::Path, name: &str) -> Option<serde_json::Map<String, Value>> {
    let mut command = Command::new("node");
    command.args(["run-node.js", &format!("{name}.js")]).current_dir(dir);
    // As serverless.yml sets it for fngate; and a locale, without which node's ICU has none.
    command.env("TZ", "Asia/Shanghai").env("LANG", "en_US.UTF-8").env_remove("LANGUAGE").env_remove("LC_ALL");
    let mut child =
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().ok()?;
    child.stdin.take().unwrap().write_all(b"{}").unwrap();
    let out = child.wait_with_output().unwrap();
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("node on {name}: {e}"));
    let checks = answer["result"]["checks"].as_object().unwrap_or_else(|| panic!("node on {name}: {answer}"));
    Some(checks.clone())
}

/// Node as SCF users meet it: the fidelity suite (`tests/fixtures/node-fidelity`:
/// 68 handlers, 1,866 checks of Buffer, crypto, URL, util, events, streams, fs,
/// timers, errors, dates and time zones, Intl in en-US and zh-CN, process, and
/// 23 npm packages pinned as a Node 16 SCF user installs them) answers node's
/// value for at least 97 % of its checks; the ones that differ are printed. A
/// few anchors are checked without node too.
#[tokio::test]
async fn the_fidelity_suite_answers_what_node_answers() {
    if !common::has_npm() {
        eprintln!("skipped the fidelity suite: npm is not installed to install its packages");
        return;
    }
    let dir = repo().join("tests/fixtures/node-fidelity");
    if !dir.join("node_modules").is_dir() {
        common::npm_ci(&dir);
    }
    let server = Server::start(&dir, &["--no-watch"]);
    let c = client();
    let names = fidelity_handlers(&dir);
    assert!(names.len() >= 68, "{names:?}");
    let run = |name: String| {
        let (c, url) = (c.clone(), server.url("/release/suite"));
        async move {
            let r = c.post(url).json(&json!({ "handler": name })).send().await.unwrap();
            let status = r.status();
            let body: Value = r.json().await.unwrap();
            if status == 200 { body["checks"].clone() } else { json!({}) }
        }
    };
    let mut ours = serde_json::Map::new();
    for name in &names {
        ours.insert(name.clone(), run(name.clone()).await);
    }

    // Known without node: JWT HS256, WeChat's decryptData (AES-128-CBC), GBK, local time in Shanghai.
    let jwt = &ours["pkg-jsonwebtoken"]["hs256-sign-noTimestamp"];
    assert_eq!(
        jwt,
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1MSIsInJvbGUiOiJhZG1pbiJ9.CwxDKrSTLTLUVs4hetZRBrRQ2VZ9jU6w8qBtsM4Sv8A"
    );
    assert_eq!(ours["crypto-wechat"]["decryptData"]["nickName"], "微信用户");
    assert_eq!(ours["pkg-iconv-lite"]["gbk-decode"], "你好世界");
    assert_eq!(ours["dates-local-tz"]["toLocaleString-zh-CN"], "2024/1/15 10:30:00");

    if fidelity_under_node(&dir, "globals").is_none() {
        eprintln!("skipped the comparison with node: node is not installed");
        return;
    }
    let (mut equal, mut total, mut differences) = (0, 0, Vec::new());
    for name in &names {
        let mut theirs = fidelity_under_node(&dir, name).unwrap();
        let differ = |ours: &Value, theirs: &serde_json::Map<String, Value>| {
            theirs.iter().filter(|(k, v)| ours.get(k.as_str()) != Some(v)).count()
        };
        // A handler that differs runs once more on both sides, so that a check
        // timed out by a loaded machine is told from a difference.
        if differ(&ours[name], &theirs) > 0 {
            let (again, theirs_again) = (run(name.clone()).await, fidelity_under_node(&dir, name).unwrap());
            if differ(&again, &theirs_again) < differ(&ours[name], &theirs) {
                ours.insert(name.clone(), again);
                theirs = theirs_again;
            }
        }
        for (check, value) in &theirs {
            total += 1;
            match ours[name].get(check) {
                Some(v) if v == value => equal += 1,
                v => differences
                    .push(format!("{name}/{check}: fngate={} node={value}", v.unwrap_or(&Value::Null))),
            }
        }
    }
    let share = 100.0 * equal as f64 / total as f64;
    eprintln!("fidelity: {equal}/{total} checks equal to node's ({share:.1} %); the others:");
    for d in &differences {
        eprintln!("  {}", d.chars().take(300).collect::<String>());
    }
    assert!(total >= 1800, "the suite shrank to {total} checks");
    assert!(share >= 97.0, "{equal}/{total} ({share:.1} %) checks equal to node's, fewer than 97 %");
}

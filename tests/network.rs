//! JavaScript functions on the network, through the real `fngate serve`: the
//! handlers of `tests/fixtures/network` (axios, fetch, https with an extra CA,
//! got, node-fetch, request, ioredis, mysql2, Express through tencent-serverless-http, Koa through
//! serverless-http) against real servers this test starts (an HTTP upstream,
//! a TLS one with its own CA, redis-server, MariaDB), answering what node
//! answers for the same events; and the calls the sandbox refuses.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use common::{Server, repo, scratch};
use serde_json::{Value, json};
use tokio_rustls::rustls;

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(60)).build().unwrap()
}

/// A copy of the fixture with its packages installed by `npm ci` and a CA of
/// its own (`ca.pem`), or `None` when npm is not installed.
fn project() -> Option<&'static (PathBuf, Pki)> {
    static PROJECT: OnceLock<Option<(PathBuf, Pki)>> = OnceLock::new();
    PROJECT
        .get_or_init(|| {
            if !common::has_npm() {
                return None;
            }
            let fixture = repo().join("tests/fixtures/network");
            let dir = scratch("network-project");
            for entry in std::fs::read_dir(&fixture).unwrap() {
                let entry = entry.unwrap();
                if entry.file_type().unwrap().is_file() {
                    std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
                }
            }
            common::npm_ci(&dir);
            let pki = Pki::new();
            std::fs::write(dir.join("ca.pem"), &pki.ca_pem).unwrap();
            Some((dir, pki))
        })
        .as_ref()
}

/// A CA of the test's own and a certificate it signed for `localhost` and 127.0.0.1.
struct Pki {
    ca_pem: String,
    cert_pem: String,
    key_pem: String,
}

impl Pki {
    fn new() -> Pki {
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca.distinguished_name.push(rcgen::DnType::CommonName, "fngate network test CA");
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let ca_pem = ca.self_signed(&ca_key).unwrap().pem();
        let leaf =
            rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = leaf.signed_by(&key, &rcgen::Issuer::from_params(&ca, &ca_key)).unwrap();
        Pki { ca_pem, cert_pem: cert.pem(), key_pem: key.serialize_pem() }
    }

    fn server_config(&self) -> Arc<rustls::ServerConfig> {
        use rustls::pki_types::pem::PemObject;
        let certs = rustls::pki_types::CertificateDer::pem_slice_iter(self.cert_pem.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        let key = rustls::pki_types::PrivateKeyDer::from_pem_slice(self.key_pem.as_bytes()).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        Arc::new(
            rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(certs, key)
                .unwrap(),
        )
    }
}

/// One request of the upstream, answered and the connection closed:
/// `/json` and `/echo` describe the request as JSON, `/slow` stops after
/// 10 bytes of 1,000, `/big` sends 256 MB, anything else is a 404.
fn answer(stream: &mut (impl Read + Write)) {
    let mut reader = BufReader::new(&mut *stream);
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if line == "\r\n" {
            break;
        }
        head.push(line.trim_end().to_owned());
    }
    let mut parts = head[0].split(' ');
    let (method, path) = (parts.next().unwrap().to_owned(), parts.next().unwrap().to_owned());
    let header = |name: &str| {
        head.iter().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    };
    let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    drop(reader);
    let (status, content) = match path.split('?').next().unwrap() {
        "/json" | "/echo" => (
            "200 OK",
            json!({
                "method": method, "path": path, "test": header("x-test"),
                "type": header("content-type"), "body": String::from_utf8_lossy(&body),
            }),
        ),
        "/slow" => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n0123456789");
            let _ = stream.flush();
            std::thread::sleep(Duration::from_secs(10));
            return;
        }
        "/big" => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 268435456\r\n\r\n");
            let chunk = vec![b'x'; 1 << 16];
            for _ in 0..4096 {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
            }
            return;
        }
        p if p.starts_with("/repos/") => (
            "200 OK",
            json!({"full_name": &p["/repos/".len()..], "stargazers_count": 42, "language": "Rust", "agent": header("user-agent")}),
        ),
        _ => ("404 Not Found", json!({"error": "not found", "path": path})),
    };
    let content = content.to_string();
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{content}",
        content.len()
    );
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.flush();
}

/// Serves [`answer`] on a loopback port, over TLS when `tls` is given.
fn upstream(tls: Option<Arc<rustls::ServerConfig>>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let tls = tls.clone();
            std::thread::spawn(move || match tls {
                None => answer(&mut stream),
                Some(config) => {
                    let Ok(conn) = rustls::ServerConnection::new(config) else { return };
                    let mut tls = rustls::StreamOwned::new(conn, stream);
                    answer(&mut tls);
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                }
            });
        }
    });
    port
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_for_port(port: u16, child: &mut Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(child.try_wait().unwrap().is_none(), "{what} exited");
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A server process, killed when dropped.
struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// redis-server and MariaDB on loopback ports (installed by `servers.sh`
/// when missing), or `None` when they cannot be had.
fn databases(dir: &Path) -> Option<(u16, u16, Daemon, Daemon)> {
    let script = repo().join("tests/fixtures/network/servers.sh");
    let ok = Command::new("sh").arg(&script).status().map(|s| s.success()).unwrap_or(false);
    if !ok {
        return None;
    }
    let redis_port = free_port();
    let mut redis = Command::new("redis-server")
        .args(["--port", &redis_port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_port(redis_port, &mut redis, "redis-server");
    let data = dir.join("mariadb");
    let _ = std::fs::remove_dir_all(&data);
    let out = Command::new("mariadb-install-db")
        .args(["--no-defaults", "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db"])
        .arg(format!("--datadir={}", data.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "mariadb-install-db: {}", String::from_utf8_lossy(&out.stderr));
    let mysql_port = free_port();
    let mut mysql = Command::new("mariadbd")
        .args(["--no-defaults", "--user=root", "--bind-address=127.0.0.1", "--skip-grant-tables"])
        .arg(format!("--datadir={}", data.display()))
        .arg(format!("--socket={}", data.join("sock").display()))
        .arg(format!("--port={mysql_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_port(mysql_port, &mut mysql, "mariadbd");
    Some((redis_port, mysql_port, Daemon(redis), Daemon(mysql)))
}

/// The answer of `file`'s handler under node for `event`, or `None` without node.
fn under_node(dir: &Path, file: &str, event: &Value) -> Option<Value> {
    let mut child = Command::new("node")
        .args(["run-node.js", file, "main_handler"])
        .current_dir(dir)
        .env("NODE_EXTRA_CA_CERTS", "./ca.pem")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(event.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    Some(answer.get("result").cloned().unwrap_or_else(|| panic!("node: {file}: {answer}")))
}

/// The API event the gateway makes of a POST with `body` (the fields the handlers read).
fn event(path: &str, body: &Value) -> Value {
    json!({"path": path, "httpMethod": "POST", "headers": {"content-type": "application/json"},
           "queryString": {}, "body": body.to_string(), "isBase64Encoded": false})
}

#[tokio::test]
async fn clients_reach_real_servers_and_answer_as_under_node() {
    let Some((dir, pki)) = project() else {
        eprintln!("skipped: npm is not installed");
        return;
    };
    let Some((redis, mysql, _redis, _mysql)) = databases(dir) else {
        eprintln!("skipped: redis-server and mariadbd cannot be installed here");
        return;
    };
    let ports = json!({"http": upstream(None), "https": upstream(Some(pki.server_config())), "redis": redis, "mysql": mysql});
    let server = Server::start(dir, &["--no-watch"]);
    let c = client();
    let mut answers = serde_json::Map::new();
    for f in ["clients", "more", "redis", "mysql"] {
        let r = c.post(server.url(&format!("/release/{f}"))).json(&ports).send().await.unwrap();
        let status = r.status();
        let body: Value = r.json().await.unwrap();
        assert_eq!(status, 200, "{f}: {body}");
        answers.insert(f.to_owned(), body);
    }

    // What is known without node.
    let clients = &answers["clients"];
    assert_eq!(clients["axios"]["data"]["path"], "/json?x=1", "{clients}");
    assert_eq!(clients["axios"]["data"]["test"], "axios");
    assert_eq!(clients["posted"]["body"], r#"{"n":42,"s":"héllo"}"#);
    assert_eq!(clients["fetched"]["body"]["test"], "fetch");
    assert_eq!(clients["sent"]["body"], "a=1&b=two");
    assert_eq!(clients["sent"]["type"], "application/x-www-form-urlencoded;charset=UTF-8");
    assert_eq!(clients["tls"]["body"]["path"], "/json?tls=1");
    assert_eq!(clients["tls"]["authorized"], true);
    assert_eq!(clients["missing"]["status"], 404);
    assert_eq!(answers["redis"]["list"], json!(["a", "b", "c"]));
    assert_eq!(answers["redis"]["bin"], "00ff01");
    assert_eq!(answers["mysql"]["rows"], json!([{"id": 1, "name": "alpha"}, {"id": 2, "name": "中文"}]));
    assert_eq!(answers["mysql"]["calc"], json!({"two": 2, "s": "ab"}));
    // Each connection was logged, attributed to its function.
    server.wait_for_log(&format!("redis: outbound tcp 127.0.0.1:{redis}: ok"));

    assert_eq!(answers["more"]["got"]["test"], "got");
    assert_eq!(answers["more"]["requested"]["body"]["body"], r#"{"r":true}"#);
    for f in ["clients", "more", "redis", "mysql"] {
        let Some(theirs) = under_node(dir, f, &event(&format!("/{f}"), &ports)) else {
            eprintln!("skipped the comparison with node: node is not installed");
            return;
        };
        assert_eq!(answers[f], theirs, "{f}: fngate (left) and node (right) differ");
    }
}

#[tokio::test]
async fn express_and_koa_apps_answer_as_under_node() {
    let Some((dir, _)) = project() else {
        eprintln!("skipped: npm is not installed");
        return;
    };
    let server = Server::start(dir, &["--no-watch"]);
    let c = client();
    let r =
        c.get(server.url("/release/express?a=1&b=two")).header("user-agent", "ua/1").send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-powered-by"], "Express");
    let got: Value = r.json().await.unwrap();
    assert_eq!(got, json!({"hello": "express", "query": {"a": "1", "b": "two"}, "ua": "ua/1"}));
    let r = c.post(server.url("/release/express")).json(&json!({"n": [1, 2]})).send().await.unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["x-made"], "yes");
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"got": {"n": [1, 2]}}));
    let r = c.get(server.url("/release/koa?k=v")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-koa"], "yes");
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"hello": "koa", "path": "/koa", "method": "GET", "query": {"k": "v"}})
    );

    // The functions' integrated responses, compared with node's for the same events.
    let events = [
        (
            "express",
            json!({"path": "/express", "httpMethod": "GET", "headers": {"user-agent": "ua/1"},
                           "queryString": {"a": "1"}, "body": "", "isBase64Encoded": false}),
        ),
        ("express", event("/express", &json!({"n": [1, 2]}))),
        ("express", event("/elsewhere", &json!({}))),
        (
            "koa",
            json!({"path": "/koa", "httpMethod": "GET", "headers": {}, "queryString": {"k": "v"},
                       "body": "", "isBase64Encoded": false}),
        ),
    ];
    let bin = env!("CARGO_BIN_EXE_fngate");
    for (f, ev) in events {
        let out = Command::new(bin)
            .args(["invoke", f, "--event", "-"])
            .current_dir(dir)
            .env("FNGATE_CACHE_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("module-cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                child.stdin.take().unwrap().write_all(ev.to_string().as_bytes())?;
                child.wait_with_output()
            })
            .unwrap();
        assert!(out.status.success(), "{f}: {}", String::from_utf8_lossy(&out.stderr));
        let ours: Value = serde_json::from_slice(&out.stdout).unwrap();
        let Some(theirs) = under_node(dir, f, &ev) else {
            eprintln!("skipped the comparison with node: node is not installed");
            return;
        };
        assert_eq!(ours, theirs, "{f} {ev}: fngate (left) and node (right) differ");
    }
}

#[tokio::test]
async fn calls_without_a_grant_are_refused_and_the_gateway_keeps_serving() {
    let Some((dir, _)) = project() else {
        eprintln!("skipped: npm is not installed");
        return;
    };
    let http = upstream(None);
    let server = Server::start(dir, &["--no-watch"]);
    let c = client();
    let call = |f: &str, body: Value| c.post(server.url(&format!("/release/{f}"))).json(&body).send();

    // No grant: Node's refused connection, naming the setting.
    let r: Value =
        call("nogrant", json!({"http": http, "host": "127.0.0.1"})).await.unwrap().json().await.unwrap();
    assert_eq!(r["code"], "ECONNREFUSED", "{r}");
    assert_eq!(
        r["message"],
        format!(
            "connect ECONNREFUSED 127.0.0.1:{http} (fngate: custom.fngate.allowedOutboundHosts does not list 127.0.0.1)"
        )
    );
    // A name the function may reach, resolving to an internal address it does not list.
    let r: Value =
        call("byname", json!({"http": http, "host": "localhost"})).await.unwrap().json().await.unwrap();
    assert_eq!(r["code"], "ECONNREFUSED", "{r}");
    let message = r["message"].as_str().unwrap();
    assert!(
        message.contains("localhost is the internal address") && message.contains("by address"),
        "{message}"
    );

    // An upstream that stops mid-response: the function's 2 s timeout ends it.
    let started = Instant::now();
    let r = call("slow", json!({"http": http})).await.unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errorMessage"], "Invoking task timed out after 2 seconds", "{body}");
    assert!(started.elapsed() < Duration::from_secs(8), "{:?}", started.elapsed());

    // A response larger than the function's 64 MB: its memory limit.
    let r = call("big", json!({"http": http})).await.unwrap();
    assert_eq!(r.status(), 434);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errorMessage"], "Memory limit reached: the function tried to use more than 64 MB");

    // A function that opens connections without end: at most 1,024 at once
    // per instance (Node's EMFILE), all closed when the instance ends.
    let (sink, held) = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let held = Arc::new(std::sync::Mutex::new(Vec::new()));
        let keep = held.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                keep.lock().unwrap().push(stream);
            }
        });
        (port, held)
    };
    let r: Value = call("flood", json!({"sink": sink})).await.unwrap().json().await.unwrap();
    assert_eq!(r["opened"], 1024, "{r}");
    assert_eq!(r["code"], "EMFILE");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        // Every accepted connection was closed by the host when the instance ended.
        let open = held
            .lock()
            .unwrap()
            .iter()
            .filter(|s| {
                s.set_nonblocking(true).unwrap();
                let mut byte = [0u8; 1];
                !matches!((&**s).read(&mut byte), Ok(0))
            })
            .count();
        if open == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{open} connections still open");
        std::thread::sleep(Duration::from_millis(100));
    }

    // The gateway is unharmed; the refusals were logged and counted.
    let r = c.get(server.url("/release/koa")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    server.wait_for_log(&format!("nogrant: outbound http http://127.0.0.1:{http}/json: ECONNREFUSED"));
    let metrics = c.get(server.admin_url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(
        metrics.contains(
            r#"fngate_outbound_total{function="nogrant",host="127.0.0.1",result="ECONNREFUSED"} 1"#
        ),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_web_function_serves_its_express_app_as_node_does() {
    let Some((dir, _)) = project() else {
        eprintln!("skipped: npm is not installed");
        return;
    };
    let server = Server::start(dir, &["--no-watch"]);
    // The same app under node, on a port of its own.
    let port = free_port();
    let node = Command::new("node")
        .arg("web.js")
        .current_dir(dir)
        .env("WEB_PORT", port.to_string())
        .stdout(Stdio::null())
        .spawn()
        .ok()
        .map(Daemon);
    let c = client();
    let requests: [(&str, &str, Option<Value>); 4] = [
        ("GET", "/web/hello?name=n", None),
        ("POST", "/web/echo", Some(json!({"list": [1, "two"]}))),
        ("GET", "/web/bytes", None),
        ("DELETE", "/web/nothing", None),
    ];
    let mut node = node;
    if let Some(Daemon(child)) = node.as_mut() {
        wait_for_port(port, child, "node web.js");
    }
    for (method, path, body) in requests {
        let send = |url: String| {
            let mut r = c.request(method.parse().unwrap(), url);
            if let Some(body) = &body {
                r = r.json(body);
            }
            r.send()
        };
        let ours = send(server.url(&format!("/release{path}"))).await.unwrap();
        let (status, headers) = (ours.status(), ours.headers().clone());
        let bytes = ours.bytes().await.unwrap();
        match path {
            "/web/hello?name=n" => {
                assert_eq!(status, 200);
                let v: Value = serde_json::from_slice(&bytes).unwrap();
                assert_eq!(
                    v,
                    json!({"hello": "n", "method": "GET", "fromScf": "string"}),
                    "SCF's headers reach the app"
                );
                let cookies: Vec<_> =
                    headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
                assert_eq!(cookies, ["a=1; Path=/", "b=2; Path=/"]);
            }
            "/web/bytes" => assert_eq!(&bytes[..], [0, 1, 2, 253, 254, 255]),
            _ => {}
        }
        if node.is_none() {
            continue;
        }
        let theirs = send(format!("http://127.0.0.1:{port}{path}")).await.unwrap();
        assert_eq!(status, theirs.status(), "{method} {path}");
        // Node's app gets no SCF headers: that answer differs in `fromScf` (and so in length).
        let scf_headers = path == "/web/hello?name=n";
        let compared: &[&str] = if scf_headers {
            &["content-type", "x-powered-by"]
        } else {
            &["content-type", "content-length", "etag", "x-powered-by"]
        };
        for h in compared {
            assert_eq!(headers.get(*h), theirs.headers().get(*h), "{method} {path}: {h}");
        }
        let expected = theirs.bytes().await.unwrap();
        let mut ours_body = bytes.to_vec();
        if scf_headers {
            ours_body =
                String::from_utf8(ours_body).unwrap().replace("\"string\"", "\"undefined\"").into_bytes();
        }
        assert_eq!(
            String::from_utf8_lossy(&ours_body),
            String::from_utf8_lossy(&expected),
            "{method} {path}"
        );
    }
}

/// A copy of `examples/<name>` with the packages of `package_dir` in it
/// installed by `npm ci`.
fn example(name: &str, package_dir: &str) -> PathBuf {
    let dir = scratch(&format!("example-{name}"));
    copy_tree(&repo().join("examples").join(name), &dir);
    common::npm_ci(&dir.join(package_dir));
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "node_modules" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// `node <args>` in `dir` with `env`, listening on `port`, or `None` without node.
fn node_server(dir: &Path, args: &[&str], env: &[(&str, String)], port: u16) -> Option<Daemon> {
    let mut child = Command::new("node")
        .args(args)
        .current_dir(dir)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::null())
        .spawn()
        .ok()?;
    wait_for_port(port, &mut child, "node");
    Some(Daemon(child))
}

/// The same request to fngate (`ours`) and to node (`theirs`): the same
/// status, body and the headers named.
async fn same_answer(
    ours: &str,
    theirs: Option<&str>,
    method: &str,
    path: &str,
    body: Option<Value>,
    headers: &[&str],
) -> Value {
    let c = client();
    let send = |base: &str| {
        let mut r = c.request(method.parse().unwrap(), format!("{base}{path}"));
        if let Some(body) = &body {
            r = r.json(body);
        }
        r.send()
    };
    let r = send(ours).await.unwrap();
    let (status, got) = (r.status(), r.headers().clone());
    let bytes = r.bytes().await.unwrap();
    if let Some(theirs) = theirs {
        let n = send(theirs).await.unwrap();
        assert_eq!(status, n.status(), "{method} {path}");
        for h in headers {
            assert_eq!(got.get(*h), n.headers().get(*h), "{method} {path}: {h}");
        }
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(&n.bytes().await.unwrap()),
            "{method} {path}"
        );
    }
    json!({"status": status.as_u16(), "body": serde_json::from_slice::<Value>(&bytes).unwrap_or(Value::Null)})
}

#[tokio::test]
async fn the_network_examples_answer_as_under_node() {
    if !common::has_npm() {
        eprintln!("skipped: npm is not installed");
        return;
    }
    // Express through tencent-serverless-http, beside the same app under node.
    let dir = example("express-js", ".");
    let server = Server::start(&dir, &["--no-watch"]);
    let port = free_port();
    let script = format!("require('./app').listen({port})");
    let node = node_server(&dir, &["-e", &script], &[], port);
    let theirs = node.as_ref().map(|_| format!("http://127.0.0.1:{port}"));
    let ours = server.url("/release");
    let express = [
        ("GET", "/api/users?team=runtime", None),
        ("GET", "/api/users/2", None),
        ("GET", "/api/users/9", None),
        ("POST", "/api/users", Some(json!({"name": "Ada"}))),
        ("POST", "/api/users", Some(json!({}))),
    ];
    let mut answers = Vec::new();
    for (method, path, body) in express {
        let headers = ["content-type", "content-length", "etag", "location", "x-powered-by"];
        answers.push(same_answer(&ours, theirs.as_deref(), method, path, body, &headers).await);
    }
    assert_eq!(answers[0], json!({"status": 200, "body": [{"id": 1, "name": "Linus", "team": "runtime"}]}));
    assert_eq!(answers[2]["status"], 404);
    assert_eq!(answers[3], json!({"status": 201, "body": {"id": 3, "name": "Ada"}}));
    drop((server, node));

    // Koa as a web function, beside the same app under node.
    let dir = example("koa-web-js", "src");
    let server = Server::start(&dir, &["--no-watch"]);
    let port = free_port();
    let node = node_server(&dir.join("src"), &["app.js"], &[("PORT", port.to_string())], port);
    let theirs = node.as_ref().map(|_| format!("http://127.0.0.1:{port}"));
    let ours = server.url("/release");
    let hello = same_answer(&ours, None, "GET", "/hello?name=koa", None, &[]).await;
    assert_eq!(
        hello,
        json!({"status": 200, "body": {"hello": "koa", "requestId": "set"}}),
        "SCF's headers reach the app"
    );
    let echo =
        same_answer(&ours, theirs.as_deref(), "POST", "/echo", Some(json!({"a": 1})), &["content-type"])
            .await;
    assert_eq!(echo, json!({"status": 201, "body": {"got": "{\"a\":1}", "type": "application/json"}}));
    same_answer(&ours, theirs.as_deref(), "GET", "/nothing", None, &["content-type"]).await;
    same_answer(&ours, theirs.as_deref(), "PUT", "/hello", None, &["allow"]).await;
    drop((server, node));

    // axios to an upstream the function is allowed (a local one here).
    let dir = example("axios-js", ".");
    let upstream = format!("http://127.0.0.1:{}", upstream(None));
    let yml = std::fs::read_to_string(dir.join("serverless.yml"))
        .unwrap()
        .replace("https://api.github.com", &upstream);
    std::fs::write(dir.join("serverless.yml"), yml).unwrap();
    let server = Server::start(&dir, &["--no-watch"]);
    let r = client().get(server.url("/release/repo?name=rust-lang/rust")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let ours: Value = r.json().await.unwrap();
    assert_eq!(ours, json!({"name": "rust-lang/rust", "stars": 42, "language": "Rust"}));
    std::fs::copy(repo().join("tests/fixtures/network/run-node.js"), dir.join("run-node.js")).unwrap();
    let event = json!({"path": "/repo", "httpMethod": "GET", "headers": {}, "queryString": {"name": "rust-lang/rust"}, "body": ""});
    let mut child = match Command::new("node")
        .args(["run-node.js", "index", "main_handler"])
        .current_dir(&dir)
        .env("UPSTREAM", &upstream)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(_) => return,
    };
    child.stdin.take().unwrap().write_all(event.to_string().as_bytes()).unwrap();
    let theirs: Value = serde_json::from_slice(&child.wait_with_output().unwrap().stdout).unwrap();
    assert_eq!(serde_json::from_str::<Value>(theirs["result"]["body"].as_str().unwrap()).unwrap(), ours);
}

//! The edge box: TLS with HTTP/2 (certificates made at test time, real TLS
//! clients), the API's `protocols`, HTTP/2 abuse, trusted proxies (behind a
//! real nginx when it can be installed), and the command line's conventions.

mod common;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Server, example_module, fngate, scratch};
use serde_json::Value;

/// A test CA and a server certificate for `localhost` and 127.0.0.1 signed by it.
struct Pki {
    dir: PathBuf,
    ca: rcgen::CertificateParams,
    ca_key: rcgen::KeyPair,
}

impl Pki {
    fn new(dir: &Path) -> Pki {
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca.distinguished_name.push(rcgen::DnType::CommonName, "fngate test CA");
        let ca_key = rcgen::KeyPair::generate().unwrap();
        std::fs::write(dir.join("ca.pem"), ca.self_signed(&ca_key).unwrap().pem()).unwrap();
        Pki { dir: dir.to_owned(), ca, ca_key }
    }

    /// Writes `server.pem` and `server.key` for a leaf named `cn`.
    fn issue(&self, cn: &str) {
        let mut leaf =
            rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        leaf.distinguished_name.push(rcgen::DnType::CommonName, cn);
        let key = rcgen::KeyPair::generate().unwrap();
        let issuer = rcgen::Issuer::from_params(&self.ca, &self.ca_key);
        let cert = leaf.signed_by(&key, &issuer).unwrap();
        // The key first: a handshake between the two writes sees a mismatched
        // pair, which fngate refuses to load (it keeps serving the old one).
        std::fs::write(self.dir.join("server.key"), key.serialize_pem()).unwrap();
        std::fs::write(self.dir.join("server.pem"), cert.pem()).unwrap();
    }

    fn args(&self) -> Vec<String> {
        let path = |name: &str| self.dir.join(name).to_str().unwrap().to_owned();
        vec!["--tls-cert".into(), path("server.pem"), "--tls-key".into(), path("server.key")]
    }
}

/// A project serving `examples/echo-event` (which answers its event) on `/echo`
/// with the given extra `apigw` parameters.
fn echo_project(name: &str, parameters: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::copy(example_module("echo-event", "echo_event"), dir.join("echo_event.wasm")).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        format!(
            "service: {name}\nprovider: {{name: tencent, runtime: Wasm}}\nfunctions:\n  echo:\n    handler: echo_event.main_handler\n    events:\n      - apigw:\n          parameters:\n            path: /echo\n            integratedResponse: true\n            serviceId: service-edge0001\n{parameters}"
        ),
    )
    .unwrap();
    dir
}

/// `curl` with the test CA against the server's port under the name `localhost`.
fn curl(server: &Server, pki: &Pki, args: &[&str]) -> std::process::Output {
    let port = server.addr.rsplit(':').next().unwrap();
    let ca = pki.dir.join("ca.pem");
    Command::new("curl")
        .args(["-sS", "--max-time", "20", "--cacert", ca.to_str().unwrap()])
        .args(["--resolve", &format!("localhost:{port}:127.0.0.1")])
        .args(args)
        .output()
        .expect("curl is part of the machine image")
}

#[test]
fn https_serves_http2_and_a_renewed_certificate_without_a_restart() {
    let dir = echo_project("tls", "");
    let pki = Pki::new(&dir);
    pki.issue("first");
    let args = pki.args();
    let mut extra: Vec<&str> = args.iter().map(String::as_str).collect();
    extra.push("--no-watch");
    let server = Server::start(&dir, &extra);
    let port = server.addr.rsplit(':').next().unwrap().to_owned();
    let url = format!("https://localhost:{port}/release/echo");
    let out = curl(&server, &pki, &["--http2", "-v", "-w", "\n%{http_version}", &url]);
    let (body, verbose) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{verbose}");
    let (event, version) = body.rsplit_once('\n').unwrap();
    assert_eq!(version, "2", "{verbose}");
    assert!(verbose.contains("CN=first"), "{verbose}");
    let event: Value = serde_json::from_str(event).unwrap();
    assert_eq!(event["headers"]["x-api-scheme"], "https");
    // HTTP/1.1 is still offered.
    let out = curl(&server, &pki, &["--http1.1", "-w", "\n%{http_version}", &url]);
    assert!(
        String::from_utf8_lossy(&out.stdout).ends_with("\n1.1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A renewed certificate is served to the next connection.
    std::thread::sleep(Duration::from_millis(20));
    pki.issue("second");
    let out = curl(&server, &pki, &["--http2", "-v", &url]);
    let verbose = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && verbose.contains("CN=second"), "{verbose}");
    server.wait_for_log("reloaded the TLS certificate");
}

#[test]
fn an_apis_protocols_are_enforced_with_the_clouds_426() {
    let dir = echo_project("protocols", "            protocols: [https]\n");
    let pki = Pki::new(&dir);
    pki.issue("protocols");
    // Plain HTTP to an https-only API.
    let server = Server::start(&dir, &["--no-watch"]);
    let r = reqwest::blocking::Client::builder().no_proxy().build().unwrap();
    let resp = r.get(server.url("/release/echo")).send().unwrap();
    assert_eq!(resp.status(), 426);
    assert!(resp.text().unwrap().contains("Not allow use HTTP protocol."));
    drop(server);
    // HTTPS to an http-only API.
    std::fs::write(
        dir.join("serverless.yml"),
        std::fs::read_to_string(dir.join("serverless.yml")).unwrap().replace("[https]", "[http]"),
    )
    .unwrap();
    let args = pki.args();
    let server = Server::start(&dir, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let port = server.addr.rsplit(':').next().unwrap().to_owned();
    let out =
        curl(&server, &pki, &["-w", "\n%{http_code}", &format!("https://localhost:{port}/release/echo")]);
    let body = String::from_utf8_lossy(&out.stdout);
    assert!(body.contains("Not allow use HTTPS protocol.") && body.ends_with("\n426"), "{body}");
}

/// A rustls client trusting the test CA, offering HTTP/2 only.
fn h2_tls_client(pki: &Pki) -> tokio_rustls::TlsConnector {
    use tokio_rustls::rustls;
    let mut roots = rustls::RootCertStore::empty();
    let ca = std::fs::read(pki.dir.join("ca.pem")).unwrap();
    for cert in rustls::pki_types::pem::PemObject::pem_slice_iter(&ca) {
        roots.add(cert.unwrap()).unwrap();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec()];
    tokio_rustls::TlsConnector::from(Arc::new(config))
}

#[tokio::test]
async fn an_http2_rapid_reset_flood_closes_only_that_connection() {
    let dir = echo_project("rapid-reset", "");
    std::fs::copy(common::fixture("sleep.wat"), dir.join("sleep.wat")).unwrap();
    let config = std::fs::read_to_string(dir.join("serverless.yml")).unwrap();
    let slow = "  slow:\n    handler: sleep.main_handler\n    events:\n      - apigw: {parameters: {path: /slow, serviceId: service-edge0001}}\n";
    std::fs::write(dir.join("serverless.yml"), config + slow).unwrap();
    let pki = Pki::new(&dir);
    pki.issue("reset");
    let args = pki.args();
    let server = Server::start(&dir, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let connector = h2_tls_client(&pki);
    let connect = || async {
        let tcp = tokio::net::TcpStream::connect(&server.addr).await.unwrap();
        let name = tokio_rustls::rustls::pki_types::ServerName::try_from("localhost").unwrap();
        let tls = connector.connect(name, tcp).await.unwrap();
        let (client, connection) = h2::client::handshake(tls).await.unwrap();
        (client, tokio::spawn(connection))
    };
    let request =
        |path: &str| http::Request::get(format!("https://localhost/release{path}")).body(()).unwrap();
    let ended = |connection: tokio::task::JoinHandle<Result<(), h2::Error>>| async {
        match tokio::time::timeout(Duration::from_secs(10), connection).await {
            Ok(Ok(Err(e))) => e,
            other => panic!("the connection survived: {other:?}"),
        }
    };
    // A burst of streams each reset at once (CVE-2023-44487): h2 closes the
    // connection before the gateway starts any of them.
    let (mut client, connection) = connect().await;
    for _ in 0..10_000 {
        let Ok(ready) = client.clone().ready().await else { break };
        client = ready;
        let Ok((_, mut stream)) = client.send_request(request("/echo"), true) else { break };
        stream.send_reset(h2::Reason::CANCEL);
    }
    let error = ended(connection).await;
    assert!(error.is_go_away() || error.is_io(), "{error:?}");
    assert!(!server.log().contains("/release/echo"), "requests of the burst were served:\n{}", server.log());
    // Streams reset once the gateway has started them: the gateway closes the
    // connection once they outnumber the finished ones past its limit.
    let (mut client, connection) = connect().await;
    let mut sent = 0;
    for _ in 0..1_000 {
        let Ok(ready) = client.clone().ready().await else { break };
        client = ready;
        let Ok((_, mut stream)) = client.send_request(request("/slow"), true) else { break };
        tokio::time::sleep(Duration::from_millis(3)).await;
        stream.send_reset(h2::Reason::CANCEL);
        sent += 1;
    }
    ended(connection).await;
    let log = server.wait_for_log("(rapid reset?); closed");
    eprintln!("the gateway closed the connection after {sent} started-then-reset streams");
    assert!(sent < 1_000, "no limit after {sent} cancelled requests:\n{log}");
    // Everyone else is served, however many requests a connection carries.
    let (mut client, _connection) = connect().await;
    for _ in 0..300 {
        client = client.ready().await.unwrap();
        let (response, _) = client.send_request(request("/echo"), true).unwrap();
        assert_eq!(response.await.unwrap().status(), 200);
    }
}

/// nginx from Debian's packages, installed when missing; `None` (the test is
/// skipped with a message) when it cannot be.
fn nginx() -> Option<PathBuf> {
    let found = common::debian_tool(&["/usr/sbin/nginx", "/usr/bin/nginx"], "nginx-light")?;
    // The package's own service is not this test's.
    let _ = Command::new(&found).args(["-s", "quit"]).stderr(std::process::Stdio::null()).status();
    Some(found)
}

/// A running nginx, stopped when dropped.
struct Nginx(std::process::Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[tokio::test]
async fn behind_nginx_the_real_client_is_seen() {
    let Some(nginx) = nginx() else { return };
    let dir = echo_project("behind-nginx", "");
    let config = std::fs::read_to_string(dir.join("serverless.yml")).unwrap();
    let policy = "custom:\n  fngate:\n    services:\n      service-edge0001: {ipDeny: [127.0.0.2]}\n";
    std::fs::write(dir.join("serverless.yml"), format!("{policy}{config}")).unwrap();
    let server = Server::start(&dir, &["--no-watch", "--trusted-proxy", "127.0.0.1"]);
    let port = free_port();
    let prefix = scratch("nginx");
    std::fs::create_dir_all(prefix.join("logs")).unwrap();
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {p}/nginx.pid;\nerror_log {p}/logs/error.log;\nevents {{ worker_connections 64; }}\nhttp {{\n  access_log off;\n  client_body_temp_path {p}/body; proxy_temp_path {p}/proxy; fastcgi_temp_path {p}/fastcgi; uwsgi_temp_path {p}/uwsgi; scgi_temp_path {p}/scgi;\n  server {{\n    listen 127.0.0.1:{port};\n    location / {{\n      proxy_pass http://{upstream};\n      proxy_set_header Host $host;\n      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n      proxy_set_header X-Forwarded-Proto $scheme;\n    }}\n  }}\n}}\n",
        p = prefix.display(),
        upstream = server.addr
    );
    std::fs::write(prefix.join("nginx.conf"), conf).unwrap();
    // One process (no workers to outlive it), holding none of the test's pipes.
    let child = Command::new(&nginx)
        .args(["-p", prefix.to_str().unwrap(), "-c", prefix.join("nginx.conf").to_str().unwrap()])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let _nginx = Nginx(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "nginx did not start: {:?}",
            std::fs::read_to_string(prefix.join("logs/error.log"))
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let from = |ip: &str| {
        reqwest::Client::builder().no_proxy().local_address(ip.parse::<IpAddr>().unwrap()).build().unwrap()
    };
    let url = format!("http://127.0.0.1:{port}/release/echo");
    // The deny list sees the client behind nginx, not nginx.
    let r = from("127.0.0.2").get(&url).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let r = from("127.0.0.3").get(&url).header("X-Forwarded-For", "127.0.0.2").send().await.unwrap();
    assert_eq!(r.status(), 200);
    let event: Value = r.json().await.unwrap();
    assert_eq!(event["requestContext"]["sourceIp"], "127.0.0.3");
    assert_eq!(event["headers"]["x-forwarded-for"], "127.0.0.3, 127.0.0.1");
    // (The access line is written after the answer: wait for it, not for any "200",
    // which every timestamp of this year holds.)
    server.wait_for_log("/release/echo 200");
    assert!(
        server.log().lines().any(|l| l.contains("/release/echo 200") && l.ends_with("127.0.0.3")),
        "{}",
        server.log()
    );
    // Straight to fngate, a client's own X-Forwarded-For is not believed.
    let r = from("127.0.0.3")
        .get(server.url("/release/echo"))
        .header("X-Forwarded-For", "10.9.9.9")
        .send()
        .await
        .unwrap();
    let event: Value = r.json().await.unwrap();
    assert_eq!(event["requestContext"]["sourceIp"], "127.0.0.3");
}

#[test]
fn settings_from_the_environment_are_checked_and_exit_codes_say_whose_fault() {
    let dir = echo_project("cli", "");
    // A bad value names its variable; usage errors exit 2.
    let out = fngate().arg("serve").arg(&dir).env("FNGATE_MAX_INSTANCES", "abc").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("FNGATE_MAX_INSTANCES") || stderr.contains("--max-instances"), "{stderr}");
    let out = fngate()
        .arg("serve")
        .arg(&dir)
        .env("FNGATE_TRUSTED_PROXIES", "10.0.0.0/8,nonsense")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A port in use is a runtime failure: exit 1.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = fngate()
        .args(["serve", dir.to_str().unwrap(), "--admin", "off"])
        .env("FNGATE_LISTEN", &addr)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    // RUST_LOG filters the logs; a bad filter is a usage error naming it.
    let out = fngate().args(["routes", dir.to_str().unwrap()]).env("RUST_LOG", "error").output().unwrap();
    assert!(out.status.success());
    let out =
        fngate().args(["routes", dir.to_str().unwrap()]).env("FNGATE_LOG", "fngate=loud").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FNGATE_LOG"));
    // Completions.
    let out = fngate().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("fngate"));
}

/// The event echo-event answered with, from `fngate invoke`'s integrated response.
fn answered_event(stdout: &[u8]) -> Value {
    let response: Value = serde_json::from_slice(stdout).unwrap();
    serde_json::from_str(response["body"].as_str().unwrap()).unwrap()
}

#[test]
fn invoke_takes_the_offline_loops_options() {
    let dir = echo_project("invoke-options", "");
    let out = fngate()
        .args([
            "invoke",
            dir.to_str().unwrap(),
            "echo",
            "--path",
            "/echo/x",
            "-X",
            "PUT",
            "-H",
            "X-A: 1",
            "-b",
            "hi",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let event = answered_event(&out.stdout);
    assert_eq!(
        (&event["path"], &event["httpMethod"], &event["body"]),
        (&Value::from("/echo/x"), &Value::from("PUT"), &Value::from("hi"))
    );
    assert_eq!(event["headers"]["x-a"], "1");
    let out = fngate()
        .args(["invoke", dir.to_str().unwrap(), "echo", "-d", r#"{"custom": true}"#])
        .output()
        .unwrap();
    let event = answered_event(&out.stdout);
    assert_eq!(event["custom"], true);
    let out = fngate().args(["invoke", dir.to_str().unwrap(), "echo", "-d", "{nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // -e reaches the function, over its configured variables.
    let js = scratch("invoke-env");
    std::fs::write(
        js.join("serverless.yml"),
        "functions:\n  env:\n    handler: index.main_handler\n    runtime: Nodejs16.13\n    environment: {variables: {GREETING: configured, OTHER: kept}}\n",
    )
    .unwrap();
    std::fs::write(
        js.join("index.js"),
        "exports.main_handler = async () => [process.env.GREETING, process.env.OTHER];\n",
    )
    .unwrap();
    let out =
        fngate().args(["invoke", js.to_str().unwrap(), "env", "-e", "GREETING=hello"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer, serde_json::json!(["hello", "kept"]));
}

#[test]
fn the_systemd_unit_verifies() {
    let Ok(analyze) = which("systemd-analyze") else {
        return eprintln!("SKIPPED: systemd-analyze is not installed");
    };
    // `verify` checks that ExecStart's binary exists: point it at the one under test.
    let unit = std::fs::read_to_string(common::repo().join("deploy/fngate.service")).unwrap();
    let unit = unit.replace("/usr/local/bin/fngate", env!("CARGO_BIN_EXE_fngate"));
    let dir = scratch("systemd");
    std::fs::write(dir.join("fngate.service"), unit).unwrap();
    let out = Command::new(analyze).arg("verify").arg(dir.join("fngate.service")).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // It exits 0 on unknown keys and bad values too, with a line for each.
    assert!(out.status.success() && stderr.trim().is_empty(), "{stderr}");
}

/// A program on the PATH.
fn which(name: &str) -> Result<PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file()).ok_or(())
}

#[test]
fn sighup_reloads_the_config_without_the_watcher() {
    let dir = echo_project("sighup", "");
    let server = Server::start(&dir, &["--no-watch"]);
    let client = reqwest::blocking::Client::builder().no_proxy().build().unwrap();
    assert_eq!(client.get(server.url("/release/moved")).send().unwrap().status(), 404);
    let config = std::fs::read_to_string(dir.join("serverless.yml")).unwrap();
    std::fs::write(dir.join("serverless.yml"), config.replace("path: /echo", "path: /moved")).unwrap();
    // The file changed, but --no-watch: nothing until the signal.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(client.get(server.url("/release/moved")).send().unwrap().status(), 404);
    let status = Command::new("kill").args(["-HUP", &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    server.wait_for_log("reloaded config");
    assert_eq!(client.get(server.url("/release/moved")).send().unwrap().status(), 200);
}

//! A function's own keys, as every dialect spells them, and the checks that
//! make a [`Function`] of them.

use std::path::{Path, PathBuf};

use saphyr::MarkedYamlOwned;

use crate::model::{self, Function};
use crate::node::{Checker, join};

/// Runtimes fngate runs; matched case-insensitively.
const WASM_RUNTIMES: &[&str] = &["Wasm", "WASI", "WasiHttp"];
/// Timeout range in seconds (SCF: 1–900).
pub(crate) const TIMEOUT_RANGE: std::ops::RangeInclusive<u64> = 1..=900;
/// memorySize range in MB: up to the 4 GiB a wasm32 memory can address.
pub(crate) const MEMORY_RANGE: std::ops::RangeInclusive<u64> = 1..=4096;

/// What a function's keys said so far, on top of its defaults.
#[derive(Default)]
pub(crate) struct Draft<'n> {
    handler: Option<(String, &'n MarkedYamlOwned)>,
    runtime: Option<(String, &'n MarkedYamlOwned)>,
    description: String,
    timeout: Option<u64>,
    memory_size: Option<u64>,
    reserved_concurrency: Option<usize>,
    /// The defaults' variables, then the function's (a function's own win).
    environment: Vec<(String, String)>,
    /// `type: web` (SCF's API says `HTTP`): where it was said.
    web: Option<&'n MarkedYamlOwned>,
}

/// The defaults a function takes when its own keys are silent.
pub(crate) struct Defaults<'a> {
    /// The default runtime and where it was set (`provider.runtime`), if any.
    pub(crate) runtime: Option<(&'a str, &'a str)>,
    /// Seconds.
    pub(crate) timeout: Option<u64>,
    /// MB.
    pub(crate) memory_size: Option<u64>,
    /// The region.
    pub(crate) region: &'a str,
}

impl<'n> Draft<'n> {
    /// Takes a key every dialect has; false for others.
    pub(crate) fn take(
        &mut self,
        c: &mut Checker,
        key: &str,
        value: &'n MarkedYamlOwned,
        path: &str,
    ) -> bool {
        match key {
            "handler" => self.handler = c.string(value, path).map(|h| (h, value)),
            "runtime" => self.runtime = c.string(value, path).map(|r| (r, value)),
            "description" => self.description = c.string(value, path).unwrap_or_default(),
            "timeout" => self.timeout = c.integer(value, path, TIMEOUT_RANGE, "seconds"),
            "memorySize" => self.memory_size = c.integer(value, path, MEMORY_RANGE, "MB"),
            "reservedConcurrency" => {
                self.reserved_concurrency =
                    c.integer(value, path, 1..=100_000, "concurrent invocations").map(|n| n as usize)
            }
            "environment" => {
                let vars = environment(c, value, path);
                self.set_environment(vars);
            }
            "type" => match c.string(value, path).as_deref() {
                None | Some("event" | "Event") => {}
                Some("web" | "HTTP") => self.web = Some(value),
                Some(other) => c.error(
                    Some(value),
                    path,
                    format!("`{other}` is not a function type: use `event` or `web`"),
                ),
            },
            _ => return false,
        }
        true
    }

    /// A draft that starts from the defaults' variables.
    pub(crate) fn with_environment(environment: Vec<(String, String)>) -> Self {
        Draft { environment, ..Draft::default() }
    }

    /// Adds variables over those set so far.
    pub(crate) fn set_environment(&mut self, vars: Vec<(String, String)>) {
        merge_environment(&mut self.environment, vars);
    }

    /// The function, or `None` when its keys had errors (reported from `errors_before` on).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn finish(
        self,
        c: &mut Checker,
        errors_before: usize,
        name: &str,
        base: &str,
        key_node: &MarkedYamlOwned,
        code_dir: &Path,
        defaults: &Defaults<'_>,
    ) -> Option<Function> {
        let web_entry = match self.web {
            Some(node) => Some(web_entry(c, node, &join(base, "type"), code_dir)?),
            None => None,
        };
        let handler = match self.handler {
            _ if web_entry.is_some() => {
                let entry = web_entry.as_deref().unwrap_or_default();
                entry.rsplit_once('.').map_or(entry, |(stem, _)| stem).to_owned() + ".main_handler"
            }
            Some((h, _)) if !h.is_empty() && !h.contains('/') => h,
            Some((h, node)) => {
                c.error(
                    Some(node),
                    &join(base, "handler"),
                    format!("`{h}` is not a `file.entry` handler in the code directory"),
                );
                return None;
            }
            None => "index.main_handler".to_owned(),
        };
        let runtime = match (self.runtime, defaults.runtime) {
            (Some((r, node)), _) => check_runtime(c, &r, Some(node), &join(base, "runtime")),
            (None, Some((r, at))) => check_runtime(c, r, Some(key_node), at),
            (None, None) => {
                c.error(
                    Some(key_node),
                    &join(base, "runtime"),
                    "missing: set `runtime: Wasm` (or `Nodejs16.13`)",
                );
                None
            }
        }?;
        if web_entry.is_some() && !crate::model::is_javascript(&runtime) {
            let at = join(base, "type");
            c.error(
                self.web,
                &at,
                format!("a web function runs a Node.js app here: `{runtime}` is not a Nodejs runtime"),
            );
        }
        if c.diagnostics[errors_before..].iter().any(|d| d.severity == crate::Severity::Error) {
            return None;
        }
        Some(Function {
            name: name.to_owned(),
            module: match &web_entry {
                Some(entry) => code_dir.join(entry),
                None => module_file(code_dir, &handler, &runtime),
            },
            web_entry,
            handler,
            runtime,
            description: self.description,
            timeout: self.timeout.or(defaults.timeout).unwrap_or(model::DEFAULT_TIMEOUT_SECS),
            memory_size: self.memory_size.or(defaults.memory_size).unwrap_or(model::DEFAULT_MEMORY_MB),
            environment: self.environment,
            reserved_concurrency: self.reserved_concurrency,
            code_dir: code_dir.to_owned(),
            region: defaults.region.to_owned(),
            file: c.file.to_owned(),
            line: crate::node::line(key_node),
            allowed_outbound_hosts: Vec::new(),
            warm: None,
        })
    }
}

/// The Node.js file a web function's `scf_bootstrap` starts (`node app.js`,
/// `/var/lang/node16/bin/node ./src/server.js`), relative to the code directory.
fn web_entry(c: &mut Checker, node: &MarkedYamlOwned, path: &str, code_dir: &Path) -> Option<String> {
    let bootstrap = code_dir.join("scf_bootstrap");
    let Ok(script) = std::fs::read_to_string(&bootstrap) else {
        let message =
            format!("a web function starts from `scf_bootstrap`, and {} has none", code_dir.display());
        c.error(Some(node), path, message);
        return None;
    };
    let entry = script.lines().filter(|l| !l.trim_start().starts_with('#')).find_map(|line| {
        let mut words = line.split_whitespace().skip_while(|w| !(*w == "node" || w.ends_with("/node")));
        words.next()?;
        words.find(|w| !w.starts_with('-'))
    });
    let entry = entry.map(|e| e.trim_matches(['"', '\'']).trim_start_matches("./").to_owned());
    match entry {
        Some(e) if code_dir.join(&e).is_file() => Some(e),
        Some(e) => {
            c.error(
                Some(node),
                path,
                format!("{} starts `node {e}`, which is not a file of the code", bootstrap.display()),
            );
            None
        }
        None => {
            c.error(Some(node), path, format!("{} starts no `node <file>`", bootstrap.display()));
            None
        }
    }
}

/// Adds `vars` to `into`, replacing variables of the same name.
pub(crate) fn merge_environment(into: &mut Vec<(String, String)>, vars: Vec<(String, String)>) {
    for (k, v) in vars {
        into.retain(|(existing, _)| *existing != k);
        into.push((k, v));
    }
}

/// `environment: {variables: {NAME: value}}`.
pub(crate) fn environment(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> Vec<(String, String)> {
    let mut vars = Vec::new();
    for (key, _, value) in c.mapping(node, path, &["variables"]) {
        if key == "variables" {
            vars = c.string_map(value, &join(path, "variables"));
        }
    }
    vars
}

/// The module a handler names: `file.wasm`, or `file.wat` when only that
/// exists; for JavaScript `file.js`, or `file.mjs` or `file.cjs` when only
/// that exists (the engine looks in the same order); for Python `file.py`.
fn module_file(code_dir: &Path, handler: &str, runtime: &str) -> PathBuf {
    let file = model::handler_file(handler);
    let wasm = code_dir.join(format!("{file}.wasm"));
    let wat = code_dir.join(format!("{file}.wat"));
    if model::is_python(runtime) {
        code_dir.join(format!("{file}.py"))
    } else if model::is_javascript(runtime) {
        let js = code_dir.join(format!("{file}.js"));
        ["mjs", "cjs"]
            .iter()
            .map(|ext| code_dir.join(format!("{file}.{ext}")))
            .find(|p| !js.exists() && p.exists())
            .unwrap_or(js)
    } else if !wasm.exists() && wat.exists() {
        wat
    } else {
        wasm
    }
}

fn check_runtime(
    c: &mut Checker,
    runtime: &str,
    node: Option<&MarkedYamlOwned>,
    path: &str,
) -> Option<String> {
    if WASM_RUNTIMES.iter().any(|r| r.eq_ignore_ascii_case(runtime)) || model::is_javascript(runtime) {
        return Some(runtime.to_owned());
    }
    if model::is_python(runtime) {
        if runtime.eq_ignore_ascii_case("Python2.7")
            && let Some(node) = node
        {
            c.warning(
                node,
                path,
                "Python 2.7 runs on Python 3 here: a handler that is valid Python 3 serves as it is, Python 2 only code fails when it loads",
            );
        }
        return Some(runtime.to_owned());
    }
    c.error(
        node,
        path,
        format!(
            "runtime `{runtime}` is not supported: use `Wasm` (or `WASI`) for a WebAssembly module or component, `WasiHttp` for a wasi:http component, `Nodejs…` (e.g. Nodejs16.13) for JavaScript, or `Python…` (e.g. Python3.9) for Python"
        ),
    );
    None
}

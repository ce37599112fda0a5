//! A directory of instances: the Components app layout, one subdirectory per
//! instance each with its own `serverless.yml`, served together as one config.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Config, Custom};
use crate::node::Checker;

/// The immediate subdirectories of `dir` that hold a config file, in name order.
pub(crate) fn instance_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut dirs: Vec<PathBuf> =
        entries.filter_map(|e| Some(e.ok()?.path())).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs.iter()
        .filter_map(|d| crate::CONFIG_FILE_NAMES.iter().map(|n| d.join(n)).find(|f| f.is_file()))
        .collect()
}

/// One config of the instances' configs (each valid on its own), checked as a whole.
pub(crate) fn merge(dir: &Path, configs: Vec<Config>) -> Result<Config, Diagnostics> {
    let mut c = Checker { file: dir, diagnostics: Vec::new(), env_values: Vec::new() };
    let mut merged = Config {
        file: dir.to_owned(),
        files: Vec::new(),
        dir: dir.to_owned(),
        functions: Vec::new(),
        apis: Vec::new(),
        timers: Vec::new(),
        custom: Custom::default(),
        ..configs[0].clone()
    };
    let mut custom_from: Vec<(PathBuf, Custom)> = Vec::new();
    for config in configs {
        for function in config.functions {
            if let Some(first) = merged.functions.iter().find(|f| f.name == function.name) {
                let message = format!(
                    "function `{}` is already defined in {}{}: function names are unique across the instances",
                    function.name,
                    first.file.display(),
                    first.line.map(|l| format!(":{l}")).unwrap_or_default()
                );
                c.diagnostics.push(Diagnostic::error(&function.file, function.line, "", message));
                continue;
            }
            merged.functions.push(function);
        }
        merged.files.extend(config.files);
        merged.apis.extend(config.apis);
        merged.timers.extend(config.timers);
        custom_from.push((config.file, config.custom));
    }
    merged.custom = merge_custom(&mut c, &custom_from);
    crate::parse::check(&mut c, &mut merged);
    crate::parse::apply_function_settings(&mut merged);
    let diagnostics = Diagnostics(c.diagnostics);
    if diagnostics.has_errors() { Err(diagnostics) } else { Ok(merged) }
}

/// Each instance's `fngate` section into one: the same key pair, variable or
/// policy declared twice must say the same thing.
fn merge_custom(c: &mut Checker, customs: &[(PathBuf, Custom)]) -> Custom {
    let mut out = Custom::default();
    let mut status_from: Option<&Path> = None;
    let mut failure_from: Option<&Path> = None;
    let conflict = |c: &mut Checker, file: &Path, key: &str, what: String, first: &Path| {
        let message = format!(
            "{what} differs from the one in {}: instances served together must agree",
            first.display()
        );
        c.diagnostics.push(Diagnostic::error(file, None, key, message));
    };
    for (i, (file, custom)) in customs.iter().enumerate() {
        let first_with = |test: &dyn Fn(&Custom) -> bool| -> PathBuf {
            customs[..i].iter().find(|(_, c)| test(c)).map(|(f, _)| f.clone()).unwrap_or_default()
        };
        for pair in &custom.key_pairs {
            match out.key_pairs.iter().find(|k| k.secret_id == pair.secret_id) {
                Some(existing) if existing.secret_key != pair.secret_key => {
                    let first = first_with(&|c| c.key_pairs.iter().any(|k| k.secret_id == pair.secret_id));
                    let what = format!("the key pair `{}`", pair.secret_id);
                    conflict(c, file, "fngate.keyPairs", what, &first);
                }
                Some(_) => {}
                None => out.key_pairs.push(pair.clone()),
            }
        }
        for (stage, vars) in &custom.stage_variables {
            let into = out.stage_variables.entry(stage.clone()).or_default();
            for (name, value) in vars {
                match into.get(name) {
                    Some(existing) if existing != value => {
                        let first = first_with(&|c| {
                            c.stage_variables.get(stage).is_some_and(|v| v.contains_key(name))
                        });
                        let key = format!("fngate.stageVariables.{stage}.{name}");
                        conflict(c, file, &key, format!("the stage variable `{name}`"), &first);
                    }
                    _ => {
                        into.insert(name.clone(), value.clone());
                    }
                }
            }
        }
        for (id, policy) in &custom.services {
            match out.services.get(id) {
                Some(existing) if existing != policy => {
                    let first = first_with(&|c| c.services.contains_key(id));
                    let key = format!("fngate.services.{id}");
                    conflict(c, file, &key, format!("the policy of service `{id}`"), &first);
                }
                _ => {
                    out.services.insert(id.clone(), policy.clone());
                }
            }
        }
        for (name, settings) in &custom.functions {
            out.functions.entry(name.clone()).or_insert_with(|| settings.clone());
        }
        if let Some(build) = &custom.build {
            match &out.build {
                None => out.build = Some(build.clone()),
                Some(existing) if existing != build => {
                    let first = first_with(&|c| c.build.is_some());
                    conflict(c, file, "fngate.build", "`build`".into(), &first);
                }
                Some(_) => {}
            }
        }
        if let Some(url) = &custom.state {
            match &out.state {
                None => out.state = Some(url.clone()),
                Some(existing) if existing != url => {
                    let first = first_with(&|c| c.state.is_some());
                    conflict(c, file, "fngate.state", "`state`".into(), &first);
                }
                Some(_) => {}
            }
        }
        if custom.state_failure != Default::default() {
            match failure_from {
                None => {
                    out.state_failure = custom.state_failure;
                    failure_from = Some(file);
                }
                Some(first) if out.state_failure != custom.state_failure => {
                    conflict(c, file, "fngate.stateFailure", "`stateFailure`".into(), first)
                }
                Some(_) => {}
            }
        }
        if custom.function_error_status != Default::default() {
            match status_from {
                None => {
                    out.function_error_status = custom.function_error_status;
                    status_from = Some(file);
                }
                Some(first) if out.function_error_status != custom.function_error_status => {
                    conflict(c, file, "fngate.functionErrorStatus", "`functionErrorStatus`".into(), first)
                }
                Some(_) => {}
            }
        }
    }
    out
}

//! `fngate check`: everything `serve` would refuse or warn about, without
//! serving: the config (every problem at once), then every function compiled
//! or snapshotted. For users' CI: exit 0 when all is well, 2 when not.

use std::process::ExitCode;
use std::sync::Arc;

use fngate_config::Severity;
use fngate_gateway::Snapshot;
use fngate_runtime::Runtime;

use crate::EXIT_USAGE;
use crate::cli::CheckArgs;
use crate::commands::runtime_config;
use crate::progress::Progress;

pub(crate) fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let (config, diagnostics) = match fngate_config::load(&args.config) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            eprintln!("{}", diagnostics.to_string().trim_end());
            let errors = diagnostics.errors().count();
            let warnings = diagnostics.0.len() - errors;
            eprintln!(
                "fngate check: {}, {} ({})",
                count(errors, "error"),
                count(warnings, "warning"),
                fngate_config::resolve_path(&args.config).display()
            );
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let warnings = diagnostics.0.iter().filter(|d| d.severity == Severity::Warning).count();
    if warnings > 0 {
        eprintln!("{}", diagnostics.to_string().trim_end());
    }
    let broken = if args.config_only {
        0
    } else {
        let runtime = Arc::new(Runtime::new(runtime_config(&args.runtime))?);
        let total = config.functions.len();
        let progress = Progress::new(total, &format!("checking {}", count(total, "function")));
        let snapshot = Snapshot::load_reporting(&runtime, &config, None, &progress);
        progress.done(&format!("{} of {total} load", snapshot.functions.len()));
        for (name, e) in &snapshot.broken {
            eprintln!("error: function {name}: {e}");
        }
        snapshot.broken.len()
    };
    let failed = broken > 0 || (args.deny_warnings && warnings > 0);
    crate::commands::print_out(&format!(
        "{}: {}, {}, {}, {}, {}{}",
        config.file.display(),
        count(config.functions.len(), "function"),
        count(config.apis.len(), "API"),
        count(config.timers.len(), "timer"),
        count(warnings, "warning"),
        if args.config_only {
            "functions not compiled".to_owned()
        } else {
            count(broken, "function that cannot load")
        },
        if failed { "" } else { ": ok" }
    ));
    Ok(if failed { ExitCode::from(EXIT_USAGE) } else { ExitCode::SUCCESS })
}

/// "1 error", "3 errors".
fn count(n: usize, what: &str) -> String {
    match (n, what.split_once(' ')) {
        (1, _) => format!("1 {what}"),
        (_, Some((noun, rest))) => format!("{n} {noun}s {rest}"),
        (_, None) => format!("{n} {what}s"),
    }
}

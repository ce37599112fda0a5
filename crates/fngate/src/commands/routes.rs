//! The route table as a text table: `fngate routes`, and `fngate serve` at start-up.

use std::io::Write;

use fngate_config::Config;
use fngate_gateway::display_path;

/// Prints the route table with URLs on `addr`; `serving` adds the line tests
/// and scripts wait for.
pub(crate) fn print(config: &Config, addr: &str, serving: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let rows: Vec<[String; 7]> = config
        .apis
        .iter()
        .map(|api| {
            [
                api.stage.clone(),
                api.method.clone(),
                format!("http://{addr}/{}{}", api.stage, display_path(&api.path)),
                api.function.clone(),
                if api.integrated_response { "integrated" } else { "passthrough" }.to_owned(),
                if api.auth.is_some() { "key-pair" } else { "none" }.to_owned(),
                api.service_id.clone(),
            ]
        })
        .collect();
    let header = ["STAGE", "METHOD", "URL", "FUNCTION", "RESPONSE", "AUTH", "SERVICE"].map(String::from);
    let mut widths = header.clone().map(|h| h.len());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row.iter().zip(widths).map(|(cell, w)| format!("{cell:w$}")).collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    if rows.is_empty() {
        writeln!(out, "(no apigw events: nothing to route)")?;
    }
    if serving {
        writeln!(out, "listening on http://{addr}")?;
    }
    out.flush()
}

//! The route table and the timers as text tables: `fngate routes`, and
//! `fngate serve` at start-up.

use std::io::Write;

use fngate_config::Config;
use fngate_gateway::display_path;

/// How the API answers: the function's HTTP response (`runtime: WasiHttp`),
/// or its integrated or passthrough JSON.
fn response_kind(config: &Config, api: &fngate_config::Api) -> &'static str {
    let http = config.function(&api.function).is_some_and(|f| f.runtime.eq_ignore_ascii_case("WasiHttp"));
    match (http, api.integrated_response) {
        (true, _) => "wasi:http",
        (false, true) => "integrated",
        (false, false) => "passthrough",
    }
}

/// Prints the route table with `scheme` URLs on `addr`, then the timers;
/// `serving` adds the line tests and scripts wait for.
pub(crate) fn print(config: &Config, addr: &str, scheme: &str, serving: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let rows: Vec<Vec<String>> = config
        .apis
        .iter()
        .map(|api| {
            vec![
                api.stage.clone(),
                api.method.clone(),
                format!("{scheme}://{addr}/{}{}", api.stage, display_path(&api.path)),
                api.function.clone(),
                response_kind(config, api).to_owned(),
                if api.auth.is_some() { "key-pair" } else { "none" }.to_owned(),
                api.service_id.clone(),
            ]
        })
        .collect();
    let header = ["STAGE", "METHOD", "URL", "FUNCTION", "RESPONSE", "AUTH", "SERVICE"];
    table(&mut out, &header, &rows)?;
    if rows.is_empty() {
        writeln!(out, "(no apigw events: nothing to route)")?;
    }
    if !config.timers.is_empty() {
        let now = chrono::Utc::now();
        let rows: Vec<Vec<String>> = config
            .timers
            .iter()
            .map(|t| {
                let next = match t.next_after(&now) {
                    Some(at) if t.enabled => at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                    Some(_) => "disabled".to_owned(),
                    None => "never".to_owned(),
                };
                vec![t.name.clone(), t.function.clone(), t.cron.clone(), next]
            })
            .collect();
        writeln!(out)?;
        table(&mut out, &["TIMER", "FUNCTION", "CRON", "NEXT (UTC)"], &rows)?;
    }
    if serving {
        writeln!(out, "listening on {scheme}://{addr}")?;
    }
    out.flush()
}

/// Writes a header and rows in aligned columns.
fn table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let mut widths: Vec<usize> = header.iter().map(String::len).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    for row in std::iter::once(&header).chain(rows) {
        let line: Vec<String> = row.iter().zip(&widths).map(|(cell, w)| format!("{cell:w$}")).collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    Ok(())
}

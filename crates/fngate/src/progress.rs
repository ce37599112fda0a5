//! What the command line shows while something takes long (compiling,
//! snapshotting, building): a progress bar on a terminal, a line per step
//! with its time otherwise. Log lines written while a bar shows go above it.

use std::io::IsTerminal as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use fngate_gateway::{LoadProgress, LogWriter, human_duration, loaded_in};
use fngate_runtime::{Function, ModuleError};
use indicatif::{ProgressBar, ProgressStyle};

/// Whether stderr gets colours: a terminal, and `NO_COLOR` unset or empty (no-color.org).
pub(crate) fn colors() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The bar on screen, if any (log lines are written above it).
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);
/// Whether [`BAR`] holds one: the log writer's fast path checks only this.
static SHOWING: AtomicBool = AtomicBool::new(false);
/// Whether bars may be drawn: stderr is a terminal and log lines are text.
static BARS: AtomicBool = AtomicBool::new(false);

/// Allows bars when stderr is a terminal and logs are text (not JSON, not CI).
pub(crate) fn init(text_logs: bool) {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    BARS.store(text_logs && !ci && std::io::stderr().is_terminal(), Ordering::Relaxed);
}

/// Progress through `total` steps of one kind (functions to load, units to build).
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    state: std::sync::Arc<Lines>,
}

/// The steps running now, and whether the whole is done (for the reminder lines).
#[derive(Default)]
struct Lines {
    running: Mutex<Vec<(String, String, Instant)>>,
    done: Mutex<bool>,
    wake: std::sync::Condvar,
}

/// Without a bar, how often a line says what is still running.
const REMIND_EVERY: Duration = Duration::from_secs(5);

impl Progress {
    /// Starts showing progress through `total` steps, described by `what`
    /// ("loading 12 functions").
    pub(crate) fn new(total: usize, what: &str) -> Progress {
        Progress::start_with(total, what, BARS.load(Ordering::Relaxed), true)
    }

    /// Progress as lines only, for steps whose child processes (cargo) draw
    /// their own progress on the terminal.
    pub(crate) fn lines(total: usize, what: &str) -> Progress {
        Progress::start_with(total, what, false, false)
    }

    fn start_with(total: usize, what: &str, bar: bool, remind_lines: bool) -> Progress {
        // Lines logged so far go out before the bar is drawn below them.
        fngate_gateway::flush_log();
        let bar = bar.then(|| {
            let template = match colors() {
                true => "{spinner:.green} {prefix} [{bar:24.cyan/blue}] {pos}/{len} {elapsed} {wide_msg}",
                false => "{spinner} {prefix} [{bar:24}] {pos}/{len} {elapsed} {wide_msg}",
            };
            let style =
                ProgressStyle::with_template(template).expect("a valid template").progress_chars("=> ");
            let bar = ProgressBar::new(total as u64).with_style(style);
            bar.set_prefix(what.to_owned());
            bar.enable_steady_tick(Duration::from_millis(120));
            *BAR.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar.clone());
            SHOWING.store(true, Ordering::Release);
            bar
        });
        let state = std::sync::Arc::new(Lines::default());
        if bar.is_none() {
            if total > 1 {
                tracing::info!("{what}");
            }
            if remind_lines {
                let state = state.clone();
                // Without a bar, a step running long is said again every few seconds.
                std::thread::spawn(move || remind(&state));
            }
        }
        Progress { bar, started: Instant::now(), state }
    }

    /// A step starts: shown in the bar (or, without one, said once it takes long).
    pub(crate) fn start(&self, name: &str, doing: &str) {
        let mut running = self.state.running.lock().unwrap_or_else(|e| e.into_inner());
        running.push((name.to_owned(), doing.to_owned(), Instant::now()));
        if let Some(bar) = &self.bar {
            bar.set_message(running_now(&running));
        }
    }

    /// A step ends, with what became of it ("compiled in 1.2 s").
    pub(crate) fn finish(&self, name: &str, outcome: &str) {
        let mut running = self.state.running.lock().unwrap_or_else(|e| e.into_inner());
        running.retain(|(n, _, _)| n != name);
        match &self.bar {
            Some(bar) => {
                bar.inc(1);
                bar.set_message(running_now(&running));
                bar.println(format!("  {name}: {outcome}"));
            }
            None => tracing::info!("{name}: {outcome}"),
        }
    }

    /// All steps are done: the bar goes, a summary line stays.
    pub(crate) fn done(self, summary: &str) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            SHOWING.store(false, Ordering::Release);
            *BAR.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
        tracing::info!("{summary} in {}", human_duration(self.started.elapsed()));
        fngate_gateway::flush_log();
    }
}

/// Takes any bar off the screen for good (start-up stopped while it showed).
pub(crate) fn clear() {
    if let Some(bar) = BAR.lock().unwrap_or_else(|e| e.into_inner()).take() {
        SHOWING.store(false, Ordering::Release);
        bar.finish_and_clear();
    }
}

/// "snapshotting hello, compiling world".
fn running_now(running: &[(String, String, Instant)]) -> String {
    running.iter().map(|(name, doing, _)| format!("{doing} {name}")).collect::<Vec<_>>().join(", ")
}

/// Every [`REMIND_EVERY`] until done: a line for each step running that long.
fn remind(state: &Lines) {
    let mut done = state.done.lock().unwrap_or_else(|e| e.into_inner());
    while !*done {
        done = state.wake.wait_timeout(done, REMIND_EVERY).unwrap_or_else(|e| e.into_inner()).0;
        if *done {
            return;
        }
        for (name, doing, since) in state.running.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            if since.elapsed() >= REMIND_EVERY {
                tracing::info!("{name}: still {doing} ({} so far)", human_duration(since.elapsed()));
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        *self.state.done.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.state.wake.notify_all();
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
            SHOWING.store(false, Ordering::Release);
            *BAR.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
    }
}

impl LoadProgress for Progress {
    fn started(&self, name: &str, kind: &str) {
        self.start(name, kind);
    }

    fn finished(&self, name: &str, result: Result<&Function, &ModuleError>, done: usize, total: usize) {
        let outcome = match result {
            Ok(loaded) => format!("{} ({done}/{total})", loaded_in(loaded)),
            Err(e) => format!("cannot load ({done}/{total}): {e}"),
        };
        self.finish(name, &outcome);
    }
}

/// The log writer: the gateway's buffered one, or above the bar while one shows.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct CliLogWriter;

impl std::io::Write for CliLogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if SHOWING.load(Ordering::Acquire)
            && let Some(bar) = BAR.lock().unwrap_or_else(|e| e.into_inner()).as_ref()
        {
            fngate_gateway::flush_log();
            bar.suspend(|| std::io::stderr().write_all(buf))?;
            return Ok(buf.len());
        }
        LogWriter.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

//! `fngate serve --build`: rebuilds a function when one of its watched sources
//! changes; the gateway's hot reload then picks up the new module. The units
//! and their commands are the ones of the config at start-up: a config edit
//! never makes fngate run a command the operator did not start it with.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use globset::{Glob, GlobSet, GlobSetBuilder};
use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::commands::build::{Unit, build_unit};

/// Quiet time after the last change before a rebuild (an editor's save is
/// several writes).
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Watches every unit's sources; dropping it stops the rebuilds.
pub(crate) struct Rebuilder {
    _watcher: notify::RecommendedWatcher,
}

/// Starts watching the sources of `units` that have any; `None` when none has.
pub(crate) fn watch(units: Vec<Unit>) -> anyhow::Result<Option<Rebuilder>> {
    let watched: Vec<(Unit, GlobSet)> = units
        .into_iter()
        .filter_map(|mut unit| {
            // Events name canonical paths.
            let canonical = unit.dir.canonicalize().unwrap_or_else(|_| unit.dir.clone());
            for (_, module) in &mut unit.functions {
                *module = canonical.join(module.strip_prefix(&unit.dir).unwrap_or(module));
            }
            unit.dir = canonical;
            let mut set = GlobSetBuilder::new();
            for pattern in unit.watch() {
                set.add(Glob::new(&pattern).ok()?);
            }
            let set = set.build().ok()?;
            (!set.is_empty()).then_some((unit, set))
        })
        .collect();
    if watched.is_empty() {
        return Ok(None);
    }
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_))
        {
            let _ = tx.send(event.paths);
        }
    })?;
    let mut dirs: Vec<PathBuf> = watched.iter().map(|(u, _)| u.dir.clone()).collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        watcher.watch(dir, RecursiveMode::Recursive)?;
    }
    for (unit, _) in &watched {
        let names: Vec<&str> = unit.functions.iter().map(|(n, _)| n.as_str()).collect();
        tracing::info!("rebuilding {} when {} changes", names.join(", "), unit.watch().join(" or "));
    }
    std::thread::Builder::new().name("fngate-rebuild".into()).spawn(move || rebuild_loop(&watched, &rx))?;
    Ok(Some(Rebuilder { _watcher: watcher }))
}

/// Collects changes until they pause, then rebuilds each unit they touch, one
/// after the other. A failed build is logged; the module it would have
/// replaced keeps serving. Files last written while a build ran are its
/// outputs, not changes to build again for (an edit saved after the build
/// finished is seen, however soon).
fn rebuild_loop(watched: &[(Unit, GlobSet)], rx: &mpsc::Receiver<Vec<PathBuf>>) {
    let mut building: Option<(SystemTime, SystemTime)> = None;
    while let Ok(first) = rx.recv() {
        let mut changed = first;
        while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
            changed.extend(more);
        }
        if let Some((from, to)) = building {
            changed.retain(|p| {
                std::fs::metadata(p).and_then(|m| m.modified()).map_or(true, |t| t < from || t > to)
            });
        }
        let started = SystemTime::now();
        for (unit, set) in watched {
            let Some(path) = changed.iter().find(|p| is_source(unit, set, p)) else { continue };
            tracing::info!("{} changed: rebuilding", path.display());
            if let Err(e) = build_unit(unit) {
                tracing::error!("{e:#}; the previous version keeps serving");
            }
        }
        building = Some((started, SystemTime::now()));
    }
}

/// Whether `path` is one of `unit`'s watched sources: inside its directory,
/// matching a pattern, and neither a module nor under a dot-directory or `target`.
fn is_source(unit: &Unit, set: &GlobSet, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(&unit.dir) else { return false };
    let skipped = relative.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c.starts_with('.') || c == "target"
    });
    !skipped && !unit.functions.iter().any(|(_, module)| module == path) && set.is_match(relative)
}

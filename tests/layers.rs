//! The house: inside each crate, the modules' imports (`crate::…`, through the
//! crate root's re-exports too) form no circle, so each module can be read
//! standing on the ones below it. A module is a file under `src/` or a
//! directory with its files; the crate root is not one.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments' lines (doc links name modules too).
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segment of each item a `crate::` path names: `crate::a::X`
/// gives `a`; `crate::{a::X, b}` gives `a` and `b`.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            out.extend(group_heads(group));
        } else {
            out.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    out
}

/// The first segment of each top-level entry of a `{…}` use group.
fn group_heads(group: &str) -> Vec<String> {
    let (mut depth, mut heads, mut entry) = (0, Vec::new(), String::new());
    for c in group.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => heads.push(std::mem::take(&mut entry)),
            c if depth == 0 => entry.push(c),
            _ => {}
        }
    }
    heads.push(entry);
    heads
        .iter()
        .map(|e| e.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>())
        .filter(|h| !h.is_empty())
        .collect()
}

/// What the crate root re-exports, by name: the module each name comes from.
fn reexports(root: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for statement in root.split(';') {
        let Some(at) = statement.find("pub use ") else { continue };
        let path = statement[at + "pub use ".len()..].trim();
        let Some((module, items)) = path.split_once("::") else { continue };
        let items = items.trim();
        let list = match items.strip_prefix('{') {
            Some(group) => group_heads(group)
                .into_iter()
                .chain(group.split(',').filter_map(|e| e.rsplit("::").next()?.rsplit(" as ").next()).map(
                    |e| {
                        e.trim()
                            .trim_end_matches('}')
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect()
                    },
                ))
                .collect(),
            None => vec![items.rsplit("::").next().unwrap_or("").trim().to_owned()],
        };
        for name in list.into_iter().filter(|n| !n.is_empty()) {
            names.insert(name, module.trim().to_owned());
        }
    }
    names
}

/// The crate's module graph: each module and the modules it imports.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let root = ["lib.rs", "main.rs"].iter().map(|f| src.join(f)).find(|p| p.exists()).unwrap();
    let exported = reexports(&code(&root));
    let mut all = Vec::new();
    files(src, &mut all);
    let module_of = |path: &Path| -> String {
        let relative = path.strip_prefix(src).unwrap();
        let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        first.trim_end_matches(".rs").to_owned()
    };
    let modules: BTreeSet<String> = all.iter().filter(|p| **p != root).map(|p| module_of(p)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> =
        modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    for path in all.iter().filter(|p| **p != root) {
        let from = module_of(path);
        for head in crate_paths(&code(path)) {
            let to = if modules.contains(&head) { Some(head) } else { exported.get(&head).cloned() };
            if let Some(to) = to.filter(|to| *to != from && modules.contains(to)) {
                graph.get_mut(&from).unwrap().insert(to);
            }
        }
    }
    graph
}

/// The graph's circles: its strongly connected components of more than one module.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    let reaches = |from: &str| {
        let (mut seen, mut todo) = (BTreeSet::new(), vec![from.to_owned()]);
        while let Some(m) = todo.pop() {
            for next in &graph[&m] {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<_, _> = graph.keys().map(|m| (m.clone(), reaches(m))).collect();
    let mut out: Vec<BTreeSet<String>> = Vec::new();
    for m in graph.keys() {
        let circle: BTreeSet<String> = graph
            .keys()
            .filter(|n| *n == m || (reach[m].contains(*n) && reach[*n].contains(m)))
            .cloned()
            .collect();
        if circle.len() > 1 && !out.contains(&circle) {
            out.push(circle);
        }
    }
    out
}

#[test]
fn no_crate_imports_in_a_circle() {
    let mut crates: Vec<PathBuf> = std::fs::read_dir(common::repo().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("src"))
        .collect();
    crates.push(common::repo().join("guest-sdk/rust/src"));
    crates.sort();
    let mut failures = Vec::new();
    for src in &crates {
        let name = src.parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
        let graph = graph(src);
        let edges: usize = graph.values().map(BTreeSet::len).sum();
        println!("{name}: {} modules, {edges} imports between them", graph.len());
        for circle in circles(&graph) {
            println!("  circle: {circle:?}");
            failures.push(format!("{name}: {circle:?}"));
        }
    }
    assert!(failures.is_empty(), "modules that import each other in a circle: {failures:#?}");
}

#[test]
fn the_parser_sees_groups_reexports_and_nested_paths() {
    assert_eq!(crate_paths("use crate::{a::X, b, c::{d, e}};\nlet x = crate::f::g();"), ["a", "b", "c", "f"]);
    assert!(crate_paths("use fngate_crate::x;").is_empty());
    let exported = reexports("pub use a::{X, Y as Z};\npub use b::W;\nmod c;");
    assert_eq!(exported.get("X").map(String::as_str), Some("a"));
    assert_eq!(exported.get("Z").map(String::as_str), Some("a"));
    assert_eq!(exported.get("W").map(String::as_str), Some("b"));
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_owned(), ["b".to_owned()].into()),
        ("b".to_owned(), ["a".to_owned()].into()),
        ("c".to_owned(), ["a".to_owned()].into()),
    ]
    .into();
    assert_eq!(circles(&graph), [BTreeSet::from(["a".to_owned(), "b".to_owned()])]);
}

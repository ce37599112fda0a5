//! Serverless Framework variables: `${env:NAME}`, `${opt:NAME}` and `${self:path.to.key}`, each
//! with an optional fallback (`${env:PORT, 8080}`), and in Components files the
//! instance's `${name}`, `${stage}`, `${app}` and `${org}`; resolved on the YAML
//! tree before validation so every value is checked as the function will see it.

use std::collections::BTreeMap;

use saphyr::{MarkedYamlOwned, ScalarOwned, YamlDataOwned};

use crate::bounds::MAX_EXPANDED_BYTES;
use crate::node::{Checker, join, scalar_string};

/// How deep `${self:…}` references may chain before they count as a cycle.
const MAX_DEPTH: usize = 16;

static OPTIONS: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();

/// Sets the values of `${opt:NAME}` variables for this process, as the
/// Serverless Framework takes them from its command line (`--stage dev` is
/// `${opt:stage}`). Only the first call counts.
pub fn set_options(options: BTreeMap<String, String>) {
    let _ = OPTIONS.set(options);
}

fn options() -> &'static BTreeMap<String, String> {
    OPTIONS.get_or_init(BTreeMap::new)
}

/// How many variables one file may resolve, `${self:…}` chains included.
const MAX_LOOKUPS: usize = 100_000;

/// Returns a copy of `root` with every variable replaced. What variables
/// produce is bounded ([`MAX_LOOKUPS`], and [`MAX_EXPANDED_BYTES`] of text), so
/// a file of references to references cannot take unbounded work or memory.
/// `plain` holds the values of bare names (`${stage}`); empty outside Components files.
pub(crate) fn resolve(
    c: &mut Checker,
    root: &MarkedYamlOwned,
    plain: &BTreeMap<String, String>,
) -> MarkedYamlOwned {
    Resolver { root, plain, c, lookups: 0, bytes: 0, exhausted: false }.node(root, "", 0)
}

struct Resolver<'a, 'c, 'f> {
    root: &'a MarkedYamlOwned,
    plain: &'a BTreeMap<String, String>,
    c: &'c mut Checker<'f>,
    lookups: usize,
    bytes: usize,
    exhausted: bool,
}

impl Resolver<'_, '_, '_> {
    fn node(&mut self, node: &MarkedYamlOwned, path: &str, depth: usize) -> MarkedYamlOwned {
        let mut out = node.clone();
        match &mut out.data {
            YamlDataOwned::Value(ScalarOwned::String(s)) if s.contains("${") => {
                let s = s.clone();
                return self.string(node, &s, path, depth);
            }
            YamlDataOwned::Sequence(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    *item = self.node(item, &format!("{path}[{i}]"), depth);
                }
            }
            YamlDataOwned::Mapping(map) => {
                for (k, v) in map.iter_mut() {
                    let key = scalar_string(k).unwrap_or_default();
                    *v = self.node(v, &join(path, &key), depth);
                }
            }
            _ => {}
        }
        out
    }

    /// A string holding variables: a value that is exactly one variable takes the
    /// referenced node (any type); otherwise each variable is spliced in as text.
    fn string(&mut self, node: &MarkedYamlOwned, s: &str, path: &str, depth: usize) -> MarkedYamlOwned {
        let trimmed = s.trim();
        if let Some(inner) = trimmed.strip_prefix("${").and_then(|r| r.strip_suffix('}'))
            && !inner.contains("${")
        {
            let mut found = self.lookup(node, inner, path, depth);
            found.span = node.span;
            return found;
        }
        let mut out = String::new();
        let mut rest = s;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let Some(len) = rest[start..].find('}') else {
                self.c.error(Some(node), path, format!("unclosed variable in `{s}`"));
                return text(node, s.to_owned());
            };
            let inner = &rest[start + 2..start + len];
            let value = self.lookup(node, inner, path, depth);
            match scalar_string(&value) {
                Some(v) => out.push_str(&v),
                None if crate::node::is_null(&value) => {}
                None => self.c.error(
                    Some(node),
                    path,
                    format!("`${{{inner}}}` is a list or mapping and cannot be part of a string"),
                ),
            }
            rest = &rest[start + len + 1..];
        }
        out.push_str(rest);
        text(node, out)
    }

    /// Counts what a lookup produced; false (with one error) past the budget.
    fn spend(&mut self, node: &MarkedYamlOwned, path: &str, bytes: usize) -> bool {
        self.lookups += 1;
        self.bytes = self.bytes.saturating_add(bytes);
        if self.lookups <= MAX_LOOKUPS && self.bytes <= MAX_EXPANDED_BYTES {
            return true;
        }
        if !self.exhausted {
            self.exhausted = true;
            self.c.error(
                Some(node),
                path,
                format!(
                    "variables expand to more than {MAX_LOOKUPS} references or {} MiB of text",
                    MAX_EXPANDED_BYTES >> 20
                ),
            );
        }
        false
    }

    fn lookup(&mut self, node: &MarkedYamlOwned, expr: &str, path: &str, depth: usize) -> MarkedYamlOwned {
        if self.exhausted || !self.spend(node, path, 0) {
            return text(node, String::new());
        }
        let found = self.lookup_unbounded(node, expr, path, depth);
        if !self.spend(node, path, size(&found)) {
            return text(node, String::new());
        }
        found
    }

    fn lookup_unbounded(
        &mut self,
        node: &MarkedYamlOwned,
        expr: &str,
        path: &str,
        depth: usize,
    ) -> MarkedYamlOwned {
        let (reference, fallback) = match expr.split_once(',') {
            Some((r, f)) => (r.trim(), Some(unquote(f.trim()))),
            None => (expr.trim(), None),
        };
        let found = if let Some(name) = reference.strip_prefix("env:") {
            // Remembered, so no error message ever shows the value.
            self.c.env_values.push((node.span.start.index(), name.trim().to_owned()));
            std::env::var(name.trim()).ok().map(|v| text(node, v))
        } else if let Some(name) = reference.strip_prefix("opt:") {
            options().get(name.trim()).map(|v| text(node, v.clone()))
        } else if let Some(target) = reference.strip_prefix("self:") {
            if depth >= MAX_DEPTH {
                self.c.error(Some(node), path, format!("`${{{expr}}}` refers to itself (a cycle)"));
                return text(node, String::new());
            }
            find(self.root, target.trim()).map(|n| self.node(n, target.trim(), depth + 1))
        } else if let Some(value) = self.plain.get(reference) {
            Some(text(node, value.clone()))
        } else if reference.starts_with("output:") {
            self.c.error(
                Some(node),
                path,
                format!(
                    "`${{{expr}}}` is not supported: fngate serves the instances it is given and has no deployed outputs to read (write the value, or use ${{env:NAME}})"
                ),
            );
            return text(node, String::new());
        } else {
            self.c.error(
                Some(node),
                path,
                format!(
                    "unknown variable `${{{expr}}}`: fngate resolves ${{env:NAME}}, ${{opt:NAME}} and ${{self:path.to.key}}{}",
                    if self.plain.is_empty() { "" } else { ", and ${name}, ${stage}, ${app} and ${org}" }
                ),
            );
            return text(node, String::new());
        };
        match (found, fallback) {
            (Some(value), _) => value,
            (None, Some(fallback)) => text(node, fallback.to_owned()),
            (None, None) => {
                let what = if let Some(name) = reference.strip_prefix("env:") {
                    format!("environment variable `{}` is not set", name.trim())
                } else if let Some(name) = reference.strip_prefix("opt:") {
                    format!("no `--opt {}=…` (or `--stage`) was given", name.trim())
                } else {
                    format!("`{reference}` does not exist in this file")
                };
                self.c.error(
                    Some(node),
                    path,
                    format!(
                        "cannot resolve `${{{expr}}}`: {what} (add a fallback: `${{{reference}, value}}`)"
                    ),
                );
                text(node, String::new())
            }
        }
    }
}

/// The bytes of scalars in a node.
fn size(node: &MarkedYamlOwned) -> usize {
    match &node.data {
        YamlDataOwned::Sequence(items) => items.iter().map(size).sum(),
        YamlDataOwned::Mapping(map) => map.iter().map(|(k, v)| size(k) + size(v)).sum(),
        _ => scalar_string(node).map_or(1, |s| s.len() + 1),
    }
}

fn text(node: &MarkedYamlOwned, s: String) -> MarkedYamlOwned {
    MarkedYamlOwned { span: node.span, data: YamlDataOwned::Value(ScalarOwned::String(s)) }
}

fn unquote(s: &str) -> &str {
    for q in ['\'', '"'] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// The node at a dotted path (`provider.region`, `functions.f.events.0`).
fn find<'a>(root: &'a MarkedYamlOwned, path: &str) -> Option<&'a MarkedYamlOwned> {
    path.split('.').try_fold(root, |node, segment| match &node.data {
        YamlDataOwned::Mapping(map) => {
            map.iter().find(|(k, _)| scalar_string(k).as_deref() == Some(segment)).map(|(_, v)| v)
        }
        YamlDataOwned::Sequence(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

//! Serverless Framework variables: `${env:NAME}` and `${self:path.to.key}`, each
//! with an optional fallback (`${env:PORT, 8080}`), resolved on the YAML tree
//! before validation so every value is checked as the function will see it.

use saphyr::{MarkedYamlOwned, ScalarOwned, YamlDataOwned};

use crate::node::{Checker, join, scalar_string};

/// How deep `${self:…}` references may chain before they count as a cycle.
const MAX_DEPTH: usize = 16;

/// Returns a copy of `root` with every variable replaced.
pub(crate) fn resolve(c: &mut Checker, root: &MarkedYamlOwned) -> MarkedYamlOwned {
    Resolver { root, c }.node(root, "", 0)
}

struct Resolver<'a, 'c, 'f> {
    root: &'a MarkedYamlOwned,
    c: &'c mut Checker<'f>,
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

    fn lookup(&mut self, node: &MarkedYamlOwned, expr: &str, path: &str, depth: usize) -> MarkedYamlOwned {
        let (reference, fallback) = match expr.split_once(',') {
            Some((r, f)) => (r.trim(), Some(unquote(f.trim()))),
            None => (expr.trim(), None),
        };
        let found = if let Some(name) = reference.strip_prefix("env:") {
            std::env::var(name.trim()).ok().map(|v| text(node, v))
        } else if let Some(target) = reference.strip_prefix("self:") {
            if depth >= MAX_DEPTH {
                self.c.error(Some(node), path, format!("`${{{expr}}}` refers to itself (a cycle)"));
                return text(node, String::new());
            }
            find(self.root, target.trim()).map(|n| self.node(n, target.trim(), depth + 1))
        } else {
            self.c.error(
                Some(node),
                path,
                format!(
                    "unknown variable `${{{expr}}}`: fngate resolves ${{env:NAME}} and ${{self:path.to.key}}"
                ),
            );
            return text(node, String::new());
        };
        match (found, fallback) {
            (Some(value), _) => value,
            (None, Some(fallback)) => text(node, fallback.to_owned()),
            (None, None) => {
                let what = match reference.strip_prefix("env:") {
                    Some(name) => format!("environment variable `{}` is not set", name.trim()),
                    None => format!("`{reference}` does not exist in this file"),
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

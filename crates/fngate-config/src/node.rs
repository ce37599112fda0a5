//! Typed access to YAML nodes that records a diagnostic, with file, line and key
//! path, for every value of the wrong shape.

use std::path::Path;

use saphyr::{MarkedYamlOwned, ScalarOwned, YamlDataOwned};

use crate::diagnostic::Diagnostic;

/// Collects diagnostics while the tree is walked.
pub(crate) struct Checker<'f> {
    pub(crate) file: &'f Path,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Where `${env:NAME}` values were put (node start, NAME): a message about
    /// such a node names the variable, never its value (it may be a secret).
    pub(crate) env_values: Vec<(usize, String)>,
}

/// The 1-based line a node starts on.
pub(crate) fn line(node: &MarkedYamlOwned) -> Option<usize> {
    Some(node.span.start.line()).filter(|l| *l > 0)
}

/// Joins a key path: `a` + `b` = `a.b`.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

/// The node's kind, for messages.
fn kind(node: &MarkedYamlOwned) -> &'static str {
    match &node.data {
        YamlDataOwned::Value(ScalarOwned::Null) => "null",
        YamlDataOwned::Value(ScalarOwned::Boolean(_)) => "a boolean",
        YamlDataOwned::Value(ScalarOwned::Integer(_)) => "an integer",
        YamlDataOwned::Value(ScalarOwned::FloatingPoint(_)) => "a number",
        YamlDataOwned::Value(ScalarOwned::String(_)) | YamlDataOwned::Representation(..) => "a string",
        YamlDataOwned::Sequence(_) => "a list",
        YamlDataOwned::Mapping(_) => "a mapping",
        _ => "an unsupported YAML node",
    }
}

/// Whether the node is a mapping holding `key`.
pub(crate) fn has_key(node: &MarkedYamlOwned, key: &str) -> bool {
    let YamlDataOwned::Mapping(map) = &node.data else { return false };
    map.keys().any(|k| scalar_string(k).as_deref() == Some(key))
}

/// Keys that ask for an API to be protected: where fngate does not read them,
/// they stop the config rather than leave the API open.
const PROTECTION_KEYS: &[&str] = &["auth", "authRequired", "authType", "secretIds"];

/// Whether the node is null (`key:` with nothing after it).
pub(crate) fn is_null(node: &MarkedYamlOwned) -> bool {
    matches!(node.data, YamlDataOwned::Value(ScalarOwned::Null))
}

/// The known key `name` is most likely a misspelling of: close in edit
/// distance (at most 2, or a third of the name) or the same but for case.
fn did_you_mean<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = name.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(d, _)| *d <= 2.max(name.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

impl Checker<'_> {
    pub(crate) fn error(&mut self, node: Option<&MarkedYamlOwned>, key: &str, message: impl Into<String>) {
        let line = node.and_then(line);
        let message = self.scrub(node, message.into());
        self.diagnostics.push(Diagnostic::error(self.file, line, key, message));
    }

    pub(crate) fn warning(&mut self, node: &MarkedYamlOwned, key: &str, message: impl Into<String>) {
        let message = self.scrub(Some(node), message.into());
        self.diagnostics.push(Diagnostic::warning(self.file, line(node), key, message));
    }

    /// Replaces an environment-derived value of `node` in `message` by the
    /// variable's name.
    fn scrub(&self, node: Option<&MarkedYamlOwned>, message: String) -> String {
        let Some(node) = node else { return message };
        let at = node.span.start.index();
        let Some((_, name)) = self.env_values.iter().find(|(start, _)| *start == at) else { return message };
        match scalar_string(node) {
            Some(value) if !value.is_empty() => message.replace(&value, &format!("${{env:{name}}}")),
            _ => message,
        }
    }

    /// Warns that a key the cloud accepts has no effect in fngate (`why` says more, or "").
    pub(crate) fn ignored(&mut self, key_node: &MarkedYamlOwned, path: &str, why: &str) {
        let why = if why.is_empty() { String::new() } else { format!(": {why}") };
        self.warning(key_node, path, format!("accepted as the cloud does, but has no effect in fngate{why}"));
    }

    /// The entries of a mapping node (empty for null), warning about keys not in `known`.
    pub(crate) fn mapping<'n>(
        &mut self,
        node: &'n MarkedYamlOwned,
        path: &str,
        known: &[&str],
    ) -> Vec<(String, &'n MarkedYamlOwned, &'n MarkedYamlOwned)> {
        let YamlDataOwned::Mapping(map) = &node.data else {
            if !is_null(node) {
                self.error(Some(node), path, format!("expected a mapping, found {}", kind(node)));
            }
            return Vec::new();
        };
        let mut entries = Vec::new();
        for (k, v) in map {
            let Some(name) = scalar_string(k) else {
                self.error(Some(k), path, format!("keys must be strings, found {}", kind(k)));
                continue;
            };
            if !known.is_empty()
                && !known.contains(&name.as_str())
                && PROTECTION_KEYS.contains(&name.as_str())
            {
                self.error(
                    Some(k),
                    &join(path, &name),
                    format!(
                        "`{name}` is not read here, so the API would be served without the protection it asks for (known keys: {})",
                        known.join(", ")
                    ),
                );
                continue;
            }
            if !known.is_empty() && !known.contains(&name.as_str()) {
                let message = match did_you_mean(&name, known) {
                    Some(close) => format!("unknown key, ignored: did you mean `{close}`?"),
                    None => format!("unknown key, ignored (known keys: {})", known.join(", ")),
                };
                self.warning(k, &join(path, &name), message);
                continue;
            }
            entries.push((name, k, v));
        }
        entries
    }

    /// A string value (numbers and booleans are taken as their text); `None` for null.
    pub(crate) fn string(&mut self, node: &MarkedYamlOwned, path: &str) -> Option<String> {
        if is_null(node) {
            return None;
        }
        let s = scalar_string(node);
        if s.is_none() {
            self.error(Some(node), path, format!("expected a string, found {}", kind(node)));
        }
        s
    }

    /// An integer within `range`; `None` (with an error) otherwise or for null.
    pub(crate) fn integer(
        &mut self,
        node: &MarkedYamlOwned,
        path: &str,
        range: std::ops::RangeInclusive<u64>,
        unit: &str,
    ) -> Option<u64> {
        if is_null(node) {
            return None;
        }
        let value = match &node.data {
            YamlDataOwned::Value(ScalarOwned::Integer(i)) => u64::try_from(*i).ok(),
            YamlDataOwned::Value(ScalarOwned::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        match value {
            Some(v) if range.contains(&v) => Some(v),
            _ => {
                let shown = scalar_string(node).unwrap_or_else(|| kind(node).to_owned());
                self.error(
                    Some(node),
                    path,
                    format!(
                        "{shown} is not allowed: expected an integer from {} to {} {unit}",
                        range.start(),
                        range.end()
                    ),
                );
                None
            }
        }
    }

    /// A boolean (YAML `true`/`false`, or the plugin's strings `"TRUE"`/`"FALSE"`); `None` for null.
    pub(crate) fn boolean(&mut self, node: &MarkedYamlOwned, path: &str) -> Option<bool> {
        match &node.data {
            YamlDataOwned::Value(ScalarOwned::Null) => None,
            YamlDataOwned::Value(ScalarOwned::Boolean(b)) => Some(*b),
            YamlDataOwned::Value(ScalarOwned::String(s)) if s.eq_ignore_ascii_case("true") => Some(true),
            YamlDataOwned::Value(ScalarOwned::String(s)) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => {
                self.error(Some(node), path, format!("expected true or false, found {}", kind(node)));
                None
            }
        }
    }

    /// The items of a list node (empty for null).
    pub(crate) fn list<'n>(&mut self, node: &'n MarkedYamlOwned, path: &str) -> &'n [MarkedYamlOwned] {
        match &node.data {
            YamlDataOwned::Sequence(items) => items,
            _ => {
                if !is_null(node) {
                    self.error(Some(node), path, format!("expected a list, found {}", kind(node)));
                }
                &[]
            }
        }
    }

    /// A `name: value` map of strings (environment variables), in file order.
    pub(crate) fn string_map(&mut self, node: &MarkedYamlOwned, path: &str) -> Vec<(String, String)> {
        self.mapping(node, path, &[])
            .into_iter()
            .map(|(k, _, v)| {
                let value = self.string(v, &join(path, &k)).unwrap_or_default();
                (k, value)
            })
            .collect()
    }
}

/// The text of a scalar node.
pub(crate) fn scalar_string(node: &MarkedYamlOwned) -> Option<String> {
    match &node.data {
        YamlDataOwned::Value(ScalarOwned::String(s)) => Some(s.clone()),
        YamlDataOwned::Value(ScalarOwned::Integer(i)) => Some(i.to_string()),
        YamlDataOwned::Value(ScalarOwned::FloatingPoint(f)) => Some(f.to_string()),
        YamlDataOwned::Value(ScalarOwned::Boolean(b)) => Some(b.to_string()),
        YamlDataOwned::Representation(s, ..) => Some(s.clone()),
        _ => None,
    }
}

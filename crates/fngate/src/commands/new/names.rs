//! Which project names `fngate new` takes: ones SCF takes as a function name
//! and, for a Rust project, cargo as a package and binary name.

/// Rust's keywords, which cargo refuses as package names.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static",
    "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual",
    "where", "while", "yield",
];

/// Names cargo refuses: the standard library's crates and its own directories.
const RESERVED: &[&str] =
    &["std", "core", "alloc", "proc_macro", "proc-macro", "test", "deps", "examples", "build", "incremental"];

/// Words YAML reads as something other than a string (`service: null`).
const YAML_WORDS: &[&str] = &["null", "true", "false", "yes", "no", "on", "off", "y", "n"];

/// `Ok` when `name` can name the project; else why not, in the user's words.
pub(super) fn check(name: &str, rust: bool) -> Result<(), String> {
    let Some(first) = name.chars().next() else { return Err("the project needs a name".to_owned()) };
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        return Err(format!("`{name}` cannot name a function: `{c}` is not a letter, digit, `-` or `_`"));
    }
    if !first.is_ascii_alphabetic() {
        return Err(format!(
            "`{name}` cannot name a function: it must start with a letter (SCF's rule{})",
            if rust { ", and cargo's" } else { "" }
        ));
    }
    if name.len() > 60 {
        return Err(format!("`{name}` is {} characters: SCF's function names have at most 60", name.len()));
    }
    if YAML_WORDS.contains(&name.to_ascii_lowercase().as_str()) {
        return Err(format!(
            "`{name}` reads as a YAML value, not a name, in serverless.yml: choose another name"
        ));
    }
    let underscored = name.to_ascii_lowercase().replace('-', "_");
    if rust
        && (KEYWORDS.contains(&underscored.as_str())
            || RESERVED.contains(&name.to_ascii_lowercase().as_str()))
    {
        return Err(format!("`{name}` is reserved in Rust or by cargo: choose another name"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn names_as_cargo_and_scf_take_them() {
        assert!(check("demo", true).is_ok());
        assert!(check("my-api_2", true).is_ok());
        assert!(check("9lives", true).unwrap_err().contains("start with a letter"));
        assert!(check("9lives", false).is_err());
        assert!(check("fn", true).unwrap_err().contains("reserved"));
        assert!(check("fn", false).is_ok());
        assert!(check("test", true).is_err());
        assert!(check("null", false).unwrap_err().contains("YAML"));
        assert!(check("True", false).is_err());
        assert!(check("hé", false).unwrap_err().contains("`é`"));
        assert!(check(&"a".repeat(61), false).is_err());
    }
}

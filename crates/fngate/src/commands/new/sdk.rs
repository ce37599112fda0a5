//! The Rust guest SDK carried in the binary: `fngate new` writes it into the
//! project, so a new project builds without fngate's source tree and without
//! the crates registry holding `fngate-sdk`.

/// One crate's files: its path in the project and its content.
type Files = &'static [(&'static str, &'static str)];

/// `fngate-event`: the event and response types the SDK is built on.
const EVENT: Files = &[
    ("src/lib.rs", include_str!("../../../../fngate-event/src/lib.rs")),
    ("src/context.rs", include_str!("../../../../fngate-event/src/context.rs")),
    ("src/de.rs", include_str!("../../../../fngate-event/src/de.rs")),
    ("src/error.rs", include_str!("../../../../fngate-event/src/error.rs")),
    ("src/event.rs", include_str!("../../../../fngate-event/src/event.rs")),
    ("src/frame.rs", include_str!("../../../../fngate-event/src/frame.rs")),
    ("src/parsed.rs", include_str!("../../../../fngate-event/src/parsed.rs")),
    ("src/response.rs", include_str!("../../../../fngate-event/src/response.rs")),
];

/// `fngate-sdk`: the typed handler and `entry!`.
const SDK: Files = &[("src/lib.rs", include_str!("../../../../../guest-sdk/rust/src/lib.rs"))];

/// Where the SDK goes in a project, relative to its root.
pub(super) const DIR: &str = "fngate-sdk";

/// The files of the SDK as they go into a project (under [`DIR`]): both crates,
/// with manifests of their own (no workspace inheritance) and a note.
pub(super) fn files() -> Vec<(String, String)> {
    let version = env!("CARGO_PKG_VERSION");
    let manifest = |name: &str, deps: &str| {
        format!(
            "# Written by `fngate new` (fngate {version}); `fngate new` in a newer fngate writes a newer copy.\n\
             [package]\nname = \"{name}\"\nversion = \"{version}\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{deps}serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n"
        )
    };
    let mut files = vec![
        (format!("{DIR}/event/Cargo.toml"), manifest("fngate-event", "base64 = \"0.22\"\n")),
        (format!("{DIR}/sdk/Cargo.toml"), manifest("fngate-sdk", "fngate-event = { path = \"../event\" }\n")),
        (
            format!("{DIR}/README.md"),
            format!(
                "The fngate guest SDK (fngate {version}), written here by `fngate new` so that this \
                 project builds without fngate's source tree. `sdk` is the `fngate-sdk` crate, `event` \
                 the `fngate-event` crate it uses.\n"
            ),
        ),
    ];
    let crates = [("event", EVENT), ("sdk", SDK)];
    for (dir, crate_files) in crates {
        files.extend(
            crate_files.iter().map(|(path, text)| (format!("{DIR}/{dir}/{path}"), (*text).to_owned())),
        );
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every source file of `fngate-event` goes into a new project: one left
    /// out would break the project's first build, far from here.
    #[test]
    fn every_event_source_is_carried() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fngate-event/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(src)
            .unwrap()
            .map(|e| format!("src/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        on_disk.sort();
        let mut carried: Vec<String> = EVENT.iter().map(|(path, _)| path.to_string()).collect();
        carried.sort();
        assert_eq!(carried, on_disk);
    }
}

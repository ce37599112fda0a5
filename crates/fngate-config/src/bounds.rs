//! Bounds on what a config may cost to load, checked on the YAML event stream
//! before any tree is built: the file's size, and the bytes its anchors and
//! aliases would expand to (a "billion laughs" file, or one long string
//! aliased thousands of times, would otherwise take gigabytes). The YAML crate
//! also caps alias expansion at 100,000 nodes; this caps bytes.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

/// The largest config file read.
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// The most bytes of scalars the file may expand to, aliases included; also
/// the budget of `${…}` variable substitution.
pub const MAX_EXPANDED_BYTES: usize = 16 << 20;

/// Why a file is refused, with the 1-based line where that became clear.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TooBig {
    pub(crate) line: Option<usize>,
    pub(crate) message: String,
}

/// Checks the file's size and the size its aliases expand to. A file that does
/// not parse passes here: the loader reports that with its own message.
pub(crate) fn check(source: &str) -> Result<(), TooBig> {
    if source.len() > MAX_FILE_BYTES {
        return Err(TooBig {
            line: None,
            message: format!("the file is {} bytes; at most {MAX_FILE_BYTES} are read", source.len()),
        });
    }
    // Size of each open collection, and of each anchor once complete.
    let mut open: Vec<(usize, usize)> = vec![(0, 0)];
    let mut anchors: HashMap<usize, usize> = HashMap::new();
    for event in Parser::new_from_str(source) {
        let Ok((event, span)) = event else { return Ok(()) };
        let add = match event {
            Event::Scalar(value, _, anchor, _) => {
                let size = value.len() + 1;
                if anchor > 0 {
                    anchors.insert(anchor, size);
                }
                size
            }
            Event::Alias(id) => anchors.get(&id).copied().unwrap_or(1),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, 1));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (anchor, size) = open.pop().unwrap_or((0, 1));
                if anchor > 0 {
                    anchors.insert(anchor, size);
                }
                size
            }
            _ => continue,
        };
        let top = open.last_mut().expect("the document level stays open");
        top.1 = top.1.saturating_add(add);
        if open.iter().map(|(_, size)| *size).fold(0usize, usize::saturating_add) > MAX_EXPANDED_BYTES {
            return Err(TooBig {
                line: Some(span.start.line()),
                message: format!(
                    "anchors and aliases expand to more than {} MiB (an alias bomb?)",
                    MAX_EXPANDED_BYTES >> 20
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_files_pass_and_bombs_do_not() {
        assert_eq!(check("a: &x [1, 2]\nb: *x\nc: {d: *x}\n"), Ok(()));
        // Nine levels of ten aliases: a billion laughs.
        let mut bomb = String::from("l0: &l0 [\"lol\"]\n");
        for i in 1..10 {
            let prev = format!("*l{}", i - 1);
            bomb += &format!("l{i}: &l{i} [{}]\n", [prev.as_str(); 10].join(", "));
        }
        let err = check(&bomb).unwrap_err();
        assert!(err.message.contains("alias bomb"), "{err:?}");
        // One long string aliased many times.
        let long = format!("s: &s \"{}\"\nlist: [{}]\n", "x".repeat(100_000), vec!["*s"; 200].join(", "));
        assert!(check(&long).is_err());
        assert!(check(&"#".repeat(MAX_FILE_BYTES + 1)).is_err());
    }
}

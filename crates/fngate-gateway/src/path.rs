//! Request-path normalization before routing, so that a path and its raw
//! variants (`//admin`, `/./admin`, `/x/../admin`, `/%61dmin`) reach the same API
//! with the same policies, and the function sees the path that was routed.
//!
//! In order: percent-encoded unreserved characters (RFC 3986 §2.3: letters,
//! digits, `-._~`) are decoded and other escapes kept (upper-cased); an encoded
//! `/`, `\` or NUL, or a raw `\`, is refused; dot segments are removed (RFC 3986
//! §5.2.4, never above the root) and repeated slashes collapsed. A trailing
//! slash is kept.

/// Why a path is refused (400).
#[derive(Debug, PartialEq, Eq)]
pub struct BadPath;

/// The normalized form of a request path.
pub fn normalize(raw: &str) -> Result<String, BadPath> {
    if is_normal(raw) {
        return Ok(raw.to_owned());
    }
    normalize_in_full(raw)
}

/// [`normalize`]'s every step.
fn normalize_in_full(raw: &str) -> Result<String, BadPath> {
    let decoded = decode_unreserved(raw)?;
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let trailing = decoded.ends_with('/') || decoded.ends_with("/.") || decoded.ends_with("/..");
    let mut out = String::with_capacity(decoded.len() + 1);
    for s in &segments {
        out.push('/');
        out.push_str(s);
    }
    if out.is_empty() || trailing {
        out.push('/');
    }
    Ok(out)
}

/// Whether `raw` is its own normal form, as nearly every request's path is:
/// rooted, with no escape, backslash, repeated slash or dot segment.
fn is_normal(raw: &str) -> bool {
    raw.starts_with('/')
        && !raw.contains(['%', '\\'])
        && !raw.contains("//")
        && raw.split('/').all(|segment| segment != "." && segment != "..")
}

fn decode_unreserved(raw: &str) -> Result<String, BadPath> {
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => return Err(BadPath),
            b'%' if i + 2 < bytes.len() && hex(bytes[i + 1]).is_some() && hex(bytes[i + 2]).is_some() => {
                let value = hex(bytes[i + 1]).unwrap_or(0) * 16 + hex(bytes[i + 2]).unwrap_or(0);
                match value {
                    b'/' | b'\\' | 0 => return Err(BadPath),
                    v if v.is_ascii_alphanumeric() || b"-._~".contains(&v) => out.push(v as char),
                    v => {
                        out.push('%');
                        out.push_str(&format!("{v:02X}"));
                    }
                }
                i += 3;
            }
            _ => {
                // Copy up to the next byte that needs a look (keeps UTF-8 whole).
                let next = bytes[i + 1..]
                    .iter()
                    .position(|b| matches!(b, b'%' | b'\\'))
                    .map_or(bytes.len(), |p| i + 1 + p);
                out.push_str(&raw[i..next]);
                i = next;
            }
        }
    }
    Ok(out)
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_variants_normalize_to_one_path() {
        for raw in
            ["/admin", "//admin", "/./admin", "/x/../admin", "/%61dmin", "/x/%2e%2e/admin", "/../admin"]
        {
            assert_eq!(normalize(raw), Ok("/admin".to_owned()), "{raw}");
        }
        assert_eq!(normalize("/release//a///b/"), Ok("/release/a/b/".to_owned()));
        assert_eq!(normalize("/a/b/.."), Ok("/a/".to_owned()));
        assert_eq!(normalize(""), Ok("/".to_owned()));
        assert_eq!(normalize("/a%20b/%e4%bd%a0"), Ok("/a%20b/%E4%BD%A0".to_owned()));
        assert_eq!(normalize("/a%zz"), Ok("/a%zz".to_owned()), "a stray % is kept");
    }

    #[test]
    fn a_path_taken_as_normal_is_what_every_step_makes_of_it() {
        // Every path of up to 6 characters from an alphabet of the cases.
        let alphabet = ['/', '.', 'a', '%', '2', 'e'];
        let (mut level, mut paths) = (vec![String::new()], Vec::new());
        for _ in 0..6 {
            level = level.iter().flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}"))).collect();
            paths.extend(level.iter().cloned());
        }
        let mut normal = 0;
        for path in &paths {
            if is_normal(path) {
                normal += 1;
                assert_eq!(normalize_in_full(path).as_deref(), Ok(path.as_str()), "{path:?}");
            }
        }
        assert!(normal > 100, "{normal} of {} taken as normal", paths.len());
    }

    #[test]
    fn encoded_separators_and_nul_are_refused() {
        for raw in ["/a%2fb", "/a%2Fb", "/a%5cb", "/a%00b", "/a\\b"] {
            assert_eq!(normalize(raw), Err(BadPath), "{raw}");
        }
    }
}

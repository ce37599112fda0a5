//! The framing of a warm instance's stdin and stdout (docs/guest-contract.md), shared by the host, which writes events and reads responses, and
//! the guests (the Rust SDK, the JavaScript engine), which do the opposite.
//!
//! - host → guest: `<length> <request id>\n`, then `<length>` bytes of event JSON;
//! - guest → host: `<length> ok\n` or `<length> error\n`, then `<length>` bytes
//!   of response JSON (an SCF error body for `error`);
//! - end of stdin: the guest exits 0.
//!
//! A guest speaks it when the host sets [`crate::env::FRAMING`] to `1`.

use std::io::{self, BufRead, Read, Write};

/// The longest header line either side may write, newline included.
pub const MAX_HEADER: usize = 256;

/// The header line of an event frame.
pub fn event_header(length: usize, request_id: &str) -> String {
    // Per warm request on the host: without `format!`'s machinery (an
    // integer's `to_string` is specialized).
    let length = length.to_string();
    let mut header = String::with_capacity(length.len() + request_id.len() + 2);
    for part in [&length, " ", request_id, "\n"] {
        header.push_str(part);
    }
    header
}

/// The next event frame on `input`: its request id and event bytes, or `None`
/// at the end of the stream. A malformed header is an `InvalidData` error.
pub fn read_event<R: BufRead>(input: &mut R) -> io::Result<Option<(String, Vec<u8>)>> {
    let (mut header, mut event) = (Vec::new(), Vec::new());
    let request_id = read_event_into(input, &mut header, &mut event)?.map(str::to_owned);
    Ok(request_id.map(|id| (id, event)))
}

/// [`read_event`] into the caller's buffers, kept from one frame to the next
/// (a warm guest then allocates nothing to read an event): the event's bytes
/// are left in `event`, and the request id, borrowed from `header`, returned.
pub fn read_event_into<'h, R: BufRead>(
    input: &mut R,
    header: &'h mut Vec<u8>,
    event: &mut Vec<u8>,
) -> io::Result<Option<&'h str>> {
    header.clear();
    if input.by_ref().take(MAX_HEADER as u64).read_until(b'\n', header)? == 0 {
        return Ok(None);
    }
    let bad = |header: &[u8]| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("bad event frame header: {:?}", String::from_utf8_lossy(header)),
        )
    };
    let Some((length, request_id)) = std::str::from_utf8(header)
        .ok()
        .and_then(|h| h.strip_suffix('\n'))
        .and_then(|line| line.split_once(' '))
        .and_then(|(length, id)| Some((length.parse::<usize>().ok()?, id)))
        .filter(|(length, _)| *length <= crate::PAYLOAD_LIMIT)
    else {
        return Err(bad(header));
    };
    event.clear();
    event.resize(length, 0);
    input.read_exact(event)?;
    Ok(Some(request_id))
}

/// Writes one response frame (`ok`: a response; else an SCF error body) and
/// flushes: header and body in one `write_all`, since each write a guest makes
/// is a host call.
pub fn write_response(out: &mut impl Write, ok: bool, body: &[u8]) -> io::Result<()> {
    let status: &[u8] = if ok { b" ok\n" } else { b" error\n" };
    let mut frame = Vec::with_capacity(body.len() + 32);
    // Without `fmt`'s machinery, as in `event_header` (a guest pays for it on
    // every response).
    frame.extend_from_slice(body.len().to_string().as_bytes());
    frame.extend_from_slice(status);
    frame.extend_from_slice(body);
    out.write_all(&frame)?;
    out.flush()
}

/// What the start of a guest's stdout holds, to the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// Not a whole frame yet.
    Incomplete,
    /// A whole frame: its header's length, whether it is `ok`, its body's length.
    Complete {
        /// Bytes of the header line, newline included.
        header: usize,
        /// `ok` (a response) rather than `error` (an SCF error body).
        ok: bool,
        /// Bytes of the body after the header.
        length: usize,
    },
    /// Not a frame: what is wrong with it.
    Malformed(String),
}

/// Reads a response frame at the start of `out`.
pub fn parse_response(out: &[u8]) -> Response {
    let Some(newline) = out.iter().take(MAX_HEADER).position(|b| *b == b'\n') else {
        return if out.len() < MAX_HEADER && out.iter().all(|b| b.is_ascii_alphanumeric() || *b == b' ') {
            Response::Incomplete
        } else {
            Response::Malformed(format!(
                "stdout does not start with a response frame header: {:?}",
                preview(out)
            ))
        };
    };
    let line = &out[..newline];
    let parsed = std::str::from_utf8(line).ok().and_then(|h| {
        let (length, status) = h.split_once(' ')?;
        let ok = match status {
            "ok" => true,
            "error" => false,
            _ => return None,
        };
        Some((length.parse::<usize>().ok()?, ok))
    });
    match parsed {
        None => Response::Malformed(format!("bad response frame header: {:?}", preview(line))),
        Some((length, _)) if length > crate::PAYLOAD_LIMIT => Response::Malformed(format!(
            "response frame of {length} bytes, past the {} byte limit",
            crate::PAYLOAD_LIMIT
        )),
        Some((length, ok)) if out.len() >= newline + 1 + length => {
            Response::Complete { header: newline + 1, ok, length }
        }
        Some(_) => Response::Incomplete,
    }
}

fn preview(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(40)]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip() {
        let mut stream = Vec::new();
        for (id, event) in [("a", &b"{}"[..]), ("b-2", b"{\"x\":1}")] {
            stream.extend_from_slice(event_header(event.len(), id).as_bytes());
            stream.extend_from_slice(event);
        }
        let mut input = &stream[..];
        assert_eq!(read_event(&mut input).unwrap(), Some(("a".into(), b"{}".to_vec())));
        assert_eq!(read_event(&mut input).unwrap(), Some(("b-2".into(), b"{\"x\":1}".to_vec())));
        assert_eq!(read_event(&mut input).unwrap(), None);
    }

    #[test]
    fn events_read_into_kept_buffers() {
        let mut stream = Vec::new();
        for (id, event) in [("first-id", &b"{\"long\":\"event\"}"[..]), ("b", b"{}")] {
            stream.extend_from_slice(event_header(event.len(), id).as_bytes());
            stream.extend_from_slice(event);
        }
        let (mut input, mut header, mut event) = (&stream[..], Vec::new(), Vec::new());
        assert_eq!(read_event_into(&mut input, &mut header, &mut event).unwrap(), Some("first-id"));
        assert_eq!(event, b"{\"long\":\"event\"}");
        assert_eq!(read_event_into(&mut input, &mut header, &mut event).unwrap(), Some("b"));
        assert_eq!(event, b"{}", "nothing of the longer event before it is left");
        assert_eq!(read_event_into(&mut input, &mut header, &mut event).unwrap(), None);
    }

    #[test]
    fn bad_event_headers_are_errors() {
        for bad in [&b"x id\n{}"[..], b"2\n{}", b"99999999999 id\n", &[b'1'; 300]] {
            let err = read_event(&mut &bad[..]).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData, "{bad:?}");
        }
        assert!(read_event(&mut &b"5 id\n{}"[..]).is_err(), "a short body is an error");
    }

    #[test]
    fn response_frames() {
        let mut out = Vec::new();
        write_response(&mut out, true, b"hello").unwrap();
        assert_eq!(parse_response(&out), Response::Complete { header: 5, ok: true, length: 5 });
        for length in [0, 9, 10, 1234567] {
            let (mut out, body) = (Vec::new(), vec![b'x'; length]);
            write_response(&mut out, false, &body).unwrap();
            assert!(out.starts_with(format!("{length} error\n").as_bytes()));
        }
        assert_eq!(parse_response(b"5 error\nhel"), Response::Incomplete, "the body is not all there");
        assert_eq!(parse_response(b"2 error\n{}"), Response::Complete { header: 8, ok: false, length: 2 });
        assert_eq!(parse_response(b"2 ok\n{}3 ok\n"), Response::Complete { header: 5, ok: true, length: 2 });
        assert_eq!(parse_response(b"12"), Response::Incomplete);
        assert_eq!(parse_response(b""), Response::Incomplete);
    }

    #[test]
    fn unframed_output_is_malformed_at_once() {
        for bad in [&b"{\"statusCode\":200}"[..], b"x ok\n", b"2 maybe\n{}", b"9999999999 ok\n", &[b'7'; 300]]
        {
            assert!(matches!(parse_response(bad), Response::Malformed(_)), "{bad:?}");
        }
    }
}

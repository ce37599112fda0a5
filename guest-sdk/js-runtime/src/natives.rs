//! The native functions under the JavaScript built-ins: byte codecs for `Buffer`,
//! hashing and HMAC for `crypto`, WASI random bytes, the read-only view of the
//! code directory for `fs`, the clock, and the log. The prelude and the Node
//! modules (`node/*.js`) call them as `__fngate_*` globals; each takes and
//! returns plain values (strings, numbers, `ArrayBuffer`s, arrays), so the
//! JavaScript side owns every Node-facing behaviour.

use std::io::Write;

use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD, URL_SAFE_NO_PAD};
use boa_engine::object::builtins::{AlignedVec, JsArray, JsArrayBuffer, JsTypedArray};
use boa_engine::value::TryFromJs;
use boa_engine::{Context, JsNativeError, JsResult, JsString, JsValue, NativeFunction, js_string};
use hmac::{Hmac, Mac};
use sha2::Digest;

use crate::AsText;

/// A native function as boa calls it.
type Native = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;

/// The natives, by global name, with their arity.
const NATIVES: &[(&str, usize, Native)] = &[
    ("__fngate_log", 1, write_log),
    ("__fngate_now", 0, now),
    ("__fngate_random", 0, crate::random),
    ("__fngate_random_bytes", 1, random_bytes),
    ("__fngate_encode", 2, encode),
    ("__fngate_decode", 2, decode),
    ("__fngate_hash", 2, hash),
    ("__fngate_hmac", 3, hmac),
    ("__fngate_fs_read", 1, fs_read),
    ("__fngate_fs_stat", 1, fs_stat),
    ("__fngate_fs_readdir", 1, fs_readdir),
    ("__fngate_builtin", 1, builtin_source),
    ("__fngate_web_apis", 0, web_apis),
    ("__fngate_json_parse", 1, crate::json::parse),
    ("__fngate_json_stringify", 1, crate::json::stringify),
    ("__fngate_inspect", 5, crate::inspect::inspect),
];

/// The sources of the built-in Node modules, compiled on first `require`.
const BUILTINS: &[(&str, &str)] = &[
    ("assert", include_str!("node/assert.js")),
    ("buffer", include_str!("node/buffer.js")),
    ("crypto", include_str!("node/crypto.js")),
    ("events", include_str!("node/events.js")),
    ("fs", include_str!("node/fs.js")),
    ("os", include_str!("node/os.js")),
    ("path", include_str!("node/path.js")),
    ("querystring", include_str!("node/querystring.js")),
    ("stream", include_str!("node/stream.js")),
    ("string_decoder", include_str!("node/string_decoder.js")),
    ("timers", include_str!("node/timers.js")),
    ("url", include_str!("node/url.js")),
    ("util", include_str!("node/util.js")),
];

/// Registers the natives.
pub fn register(ctx: &mut Context) {
    for &(name, arity, f) in NATIVES {
        ctx.register_global_builtin_callable(JsString::from(name), arity, NativeFunction::from_fn_ptr(f))
            .expect("fresh global");
    }
}

/// `__fngate_web_apis()`: registers the Web APIs boa_runtime provides (`URL`,
/// `TextEncoder`/`TextDecoder`, `structuredClone`, `atob`/`btoa`); the prelude
/// does it on first use of any of them, so functions that use none of them do
/// not carry their classes in the snapshot.
fn web_apis(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    use boa_runtime::extensions::{
        Base64Extension, EncodingExtension, StructuredCloneExtension, UrlExtension,
    };
    boa_runtime::register_extensions(
        (UrlExtension, EncodingExtension, StructuredCloneExtension, Base64Extension),
        None,
        ctx,
    )?;
    Ok(JsValue::undefined())
}

/// The argument at `i` as Rust text.
fn text(args: &[JsValue], i: usize, ctx: &mut Context) -> JsResult<String> {
    Ok(args.get(i).cloned().unwrap_or_default().to_string(ctx)?.as_text())
}

/// The bytes of an `ArrayBuffer` or of a typed array's view of one.
fn bytes(value: &JsValue, ctx: &mut Context) -> JsResult<Vec<u8>> {
    if let Ok(buffer) = JsArrayBuffer::try_from_js(value, ctx) {
        return Ok(buffer.data().map(|d| d.to_vec()).unwrap_or_default());
    }
    let array = JsTypedArray::try_from_js(value, ctx)
        .map_err(|_| JsNativeError::typ().with_message("expected an ArrayBuffer or a typed array"))?;
    let offset = array.byte_offset(ctx)?;
    let length = array.byte_length(ctx)?;
    let buffer = array.buffer(ctx)?;
    let buffer = buffer.as_object().map(JsArrayBuffer::from_object).transpose()?;
    let data = buffer.as_ref().and_then(JsArrayBuffer::data);
    Ok(data.and_then(|d| d.get(offset..offset + length).map(<[u8]>::to_vec)).unwrap_or_default())
}

/// A new `ArrayBuffer` holding `data`.
fn buffer(data: Vec<u8>, ctx: &mut Context) -> JsResult<JsValue> {
    Ok(JsArrayBuffer::from_byte_block(AlignedVec::from_slice(0, &data), ctx)?.into())
}

/// `__fngate_log(line)`: one line to stderr, the function's log.
fn write_log(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let line = text(args, 0, ctx)?;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
    Ok(JsValue::undefined())
}

/// `__fngate_now()`: the time in milliseconds, for timers and `Date`-free
/// clocks. The wall clock, not an `Instant`: a monotonic origin kept in a
/// snapshot means nothing to the instances started from it.
fn now(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    Ok(JsValue::from(since_epoch.as_secs_f64() * 1e3))
}

/// `__fngate_random_bytes(n)`: `n` bytes from WASI's secure random source.
fn random_bytes(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let n = args.first().cloned().unwrap_or_default().to_length(ctx)?;
    let n = usize::try_from(n).ok().filter(|&n| n <= 1 << 31).ok_or_else(|| {
        JsNativeError::range().with_message("The value of \"size\" is out of range. It must be <= 2147483647")
    })?;
    let mut data = vec![0; n];
    getrandom::fill(&mut data)
        .map_err(|e| JsNativeError::error().with_message(format!("no random source: {e}")))?;
    buffer(data, ctx)
}

/// Node's lenient base64 decoder: both alphabets, padding optional, anything
/// else (whitespace, stray characters) skipped, decoding stopping at a `=`.
fn base64_decode(s: &str) -> Vec<u8> {
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let mut clean: String = s
        .chars()
        .take_while(|&c| c != '=')
        .filter_map(|c| match c {
            '-' => Some('+'),
            '_' => Some('/'),
            c if c.is_ascii_alphanumeric() || c == '+' || c == '/' => Some(c),
            _ => None,
        })
        .collect();
    if clean.len() % 4 == 1 {
        clean.pop();
    }
    LENIENT.decode(clean).unwrap_or_default()
}

/// Node's hex decoder: pairs of hex digits up to the first that is not one.
fn hex_decode(s: &str) -> Vec<u8> {
    let digits = s.as_bytes();
    digits
        .chunks_exact(2)
        .map_while(|pair| std::str::from_utf8(pair).ok().and_then(|p| u8::from_str_radix(p, 16).ok()))
        .collect()
}

/// `__fngate_encode(string, encoding)`: the string's bytes in a Node encoding
/// (`utf8`, `base64`, `base64url`, `hex`, `latin1`/`binary`, `ascii`,
/// `utf16le`/`ucs2`), as an `ArrayBuffer`.
fn encode(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let s = args.first().cloned().unwrap_or_default().to_string(ctx)?;
    let encoding = text(args, 1, ctx)?;
    let units: Vec<u16> = s.iter().collect();
    let data = match encoding.as_str() {
        "base64" | "base64url" => base64_decode(&s.as_text()),
        "hex" => hex_decode(&s.as_text()),
        "latin1" | "binary" | "ascii" => units.iter().map(|&u| u as u8).collect(),
        "utf16le" | "ucs2" => units.iter().flat_map(|u| u.to_le_bytes()).collect(),
        _ => char::decode_utf16(units.iter().copied())
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
            .into_bytes(),
    };
    buffer(data, ctx)
}

/// `__fngate_decode(bytes, encoding)`: the bytes as a string in a Node encoding;
/// invalid UTF-8 becomes U+FFFD, as Node decodes it.
fn decode(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let data = bytes(&args.first().cloned().unwrap_or_default(), ctx)?;
    let encoding = text(args, 1, ctx)?;
    let s = match encoding.as_str() {
        "base64" => JsString::from(STANDARD.encode(&data).as_str()),
        "base64url" => JsString::from(URL_SAFE_NO_PAD.encode(&data).as_str()),
        "hex" => JsString::from(data.iter().map(|b| format!("{b:02x}")).collect::<String>().as_str()),
        "latin1" | "binary" => {
            JsString::from(data.iter().map(|&b| u16::from(b)).collect::<Vec<_>>().as_slice())
        }
        "ascii" => JsString::from(data.iter().map(|&b| u16::from(b & 0x7f)).collect::<Vec<_>>().as_slice()),
        "utf16le" | "ucs2" => JsString::from(
            data.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect::<Vec<_>>().as_slice(),
        ),
        _ => JsString::from(String::from_utf8_lossy(&data).as_ref()),
    };
    Ok(s.into())
}

/// The digest of `data` with a Node algorithm name, or `None` for an unknown one.
fn digest(algorithm: &str, data: &[u8]) -> Option<Vec<u8>> {
    Some(match algorithm.to_ascii_lowercase().as_str() {
        "md5" => md5::Md5::digest(data).to_vec(),
        "sha1" => sha1::Sha1::digest(data).to_vec(),
        "sha224" => sha2::Sha224::digest(data).to_vec(),
        "sha256" => sha2::Sha256::digest(data).to_vec(),
        "sha384" => sha2::Sha384::digest(data).to_vec(),
        "sha512" => sha2::Sha512::digest(data).to_vec(),
        _ => return None,
    })
}

/// HMAC of `data` under `key` with a Node algorithm name, or `None` for an unknown one.
fn mac(algorithm: &str, key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut m = <M as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
        m.update(data);
        m.finalize().into_bytes().to_vec()
    }
    Some(match algorithm.to_ascii_lowercase().as_str() {
        "md5" => run::<Hmac<md5::Md5>>(key, data),
        "sha1" => run::<Hmac<sha1::Sha1>>(key, data),
        "sha224" => run::<Hmac<sha2::Sha224>>(key, data),
        "sha256" => run::<Hmac<sha2::Sha256>>(key, data),
        "sha384" => run::<Hmac<sha2::Sha384>>(key, data),
        "sha512" => run::<Hmac<sha2::Sha512>>(key, data),
        _ => return None,
    })
}

/// `__fngate_hash(algorithm, bytes)`: the digest as an `ArrayBuffer`, or `null`
/// for an algorithm fngate does not have.
fn hash(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let algorithm = text(args, 0, ctx)?;
    let data = bytes(&args.get(1).cloned().unwrap_or_default(), ctx)?;
    match digest(&algorithm, &data) {
        Some(d) => buffer(d, ctx),
        None => Ok(JsValue::null()),
    }
}

/// `__fngate_hmac(algorithm, key, bytes)`: the MAC as an `ArrayBuffer`, or `null`.
fn hmac(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let algorithm = text(args, 0, ctx)?;
    let key = bytes(&args.get(1).cloned().unwrap_or_default(), ctx)?;
    let data = bytes(&args.get(2).cloned().unwrap_or_default(), ctx)?;
    match mac(&algorithm, &key, &data) {
        Some(d) => buffer(d, ctx),
        None => Ok(JsValue::null()),
    }
}

/// Node's name for an I/O error (`ENOENT`, `EACCES`, ...).
fn code(e: &std::io::Error) -> JsValue {
    use std::io::ErrorKind::*;
    let code = match e.kind() {
        NotFound => "ENOENT",
        PermissionDenied => "EACCES",
        IsADirectory => "EISDIR",
        NotADirectory => "ENOTDIR",
        ReadOnlyFilesystem => "EROFS",
        DirectoryNotEmpty => "ENOTEMPTY",
        AlreadyExists => "EEXIST",
        _ => "EIO",
    };
    JsValue::from(JsString::from(code))
}

/// `__fngate_fs_read(path)`: the file's bytes as an `ArrayBuffer`, or the error
/// code as a string.
fn fs_read(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = text(args, 0, ctx)?;
    match std::fs::read(&path) {
        Ok(data) => buffer(data, ctx),
        Err(_) if std::path::Path::new(&path).is_dir() => Ok(js_string!("EISDIR").into()),
        Err(e) => Ok(code(&e)),
    }
}

/// `__fngate_fs_stat(path)`: `[kind, size, mtimeMs]` with kind `file`, `dir`
/// or `other`, or the error code as a string.
fn fs_stat(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = text(args, 0, ctx)?;
    let meta = match std::fs::metadata(&path) {
        Ok(meta) => meta,
        Err(e) => return Ok(code(&e)),
    };
    let kind = if meta.is_file() {
        "file"
    } else if meta.is_dir() {
        "dir"
    } else {
        "other"
    };
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0.0, |d| d.as_secs_f64() * 1e3);
    let values =
        [JsValue::from(JsString::from(kind)), JsValue::from(meta.len() as f64), JsValue::from(mtime)];
    Ok(JsArray::from_iter(values, ctx).into())
}

/// `__fngate_fs_readdir(path)`: the entry names, sorted, each with a `/` after
/// it when it is a directory; or the error code as a string.
fn fs_readdir(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = text(args, 0, ctx)?;
    let entries = match std::fs::read_dir(&path) {
        Ok(entries) => entries,
        Err(e) => return Ok(code(&e)),
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| {
            let dir = e.file_type().is_ok_and(|t| t.is_dir());
            e.file_name().to_string_lossy().into_owned() + if dir { "/" } else { "" }
        })
        .collect();
    names.sort();
    let values = names.iter().map(|n| JsValue::from(JsString::from(n.as_str())));
    Ok(JsArray::from_iter(values, ctx).into())
}

/// `__fngate_builtin(name)`: the source of a built-in module, or `null`.
fn builtin_source(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let name = text(args, 0, ctx)?;
    Ok(BUILTINS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(JsValue::null(), |(_, src)| JsString::from(*src).into()))
}

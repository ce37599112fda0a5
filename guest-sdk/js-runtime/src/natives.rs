//! The native functions under the JavaScript built-ins: byte codecs for `Buffer`,
//! hashing and HMAC for `crypto`, WASI random bytes, the read-only view of the
//! code directory for `fs`, WHATWG URL parsing, script compilation with a file
//! name, the clock, and the log. The prelude and the Node modules (`node/*.js`)
//! call them as `__fngate_*` globals; each takes and returns plain values
//! (strings, numbers, `ArrayBuffer`s, arrays), so the JavaScript side owns every
//! Node-facing behaviour.

use std::io::Write;

use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD, URL_SAFE_NO_PAD};
use rquickjs::function::Opt;
use rquickjs::{ArrayBuffer, Ctx, Exception, Function, IntoJs, Result, TypedArray, Value};

/// The sources of the built-in Node modules, compiled on first `require`.
const BUILTINS: &[(&str, &str)] = &[
    ("assert", include_str!("node/assert.js")),
    ("async_hooks", include_str!("node/async_hooks.js")),
    ("buffer", include_str!("node/buffer.js")),
    ("child_process", include_str!("node/child_process.js")),
    ("console", include_str!("node/console.js")),
    ("constants", include_str!("node/constants.js")),
    ("crypto", include_str!("node/crypto.js")),
    ("diagnostics_channel", include_str!("node/diagnostics_channel.js")),
    ("dns", include_str!("node/dns.js")),
    ("domain", include_str!("node/domain.js")),
    ("events", include_str!("node/events.js")),
    ("fs", include_str!("node/fs.js")),
    ("http", include_str!("node/http.js")),
    ("http2", include_str!("node/http2.js")),
    ("https", include_str!("node/https.js")),
    ("module", include_str!("node/module.js")),
    ("net", include_str!("node/net.js")),
    ("os", include_str!("node/os.js")),
    ("path", include_str!("node/path.js")),
    ("perf_hooks", include_str!("node/perf_hooks.js")),
    ("process", include_str!("node/process.js")),
    ("punycode", include_str!("node/punycode.js")),
    ("querystring", include_str!("node/querystring.js")),
    ("readline", include_str!("node/readline.js")),
    ("stream", include_str!("node/stream.js")),
    ("string_decoder", include_str!("node/string_decoder.js")),
    ("timers", include_str!("node/timers.js")),
    ("tls", include_str!("node/tls.js")),
    ("tty", include_str!("node/tty.js")),
    ("url", include_str!("node/url.js")),
    ("util", include_str!("node/util.js")),
    ("v8", include_str!("node/v8.js")),
    ("vm", include_str!("node/vm.js")),
    ("worker_threads", include_str!("node/worker_threads.js")),
    ("zlib", include_str!("node/zlib.js")),
    ("internal/fetch", include_str!("node/fetch.js")),
    ("internal/web", include_str!("node/web.js")),
    ("internal/intl", include_str!("node/intl.js")),
    ("internal/intl_data", include_str!("node/intl_data.js")),
];

/// Registers the natives as globals.
pub fn register(ctx: &Ctx<'_>) -> Result<()> {
    let g = ctx.globals();
    g.set("__fngate_log", Function::new(ctx.clone(), write_log)?)?;
    g.set("__fngate_now", Function::new(ctx.clone(), now)?)?;
    g.set("__fngate_exit", Function::new(ctx.clone(), exit)?)?;
    g.set("__fngate_heap", Function::new(ctx.clone(), heap)?)?;
    g.set("__fngate_random", Function::new(ctx.clone(), crate::random)?)?;
    g.set("__fngate_random_bytes", Function::new(ctx.clone(), random_bytes)?)?;
    g.set("__fngate_encode_native", Function::new(ctx.clone(), encode)?)?;
    g.set("__fngate_decode_native", Function::new(ctx.clone(), decode)?)?;
    g.set("__fngate_fs_read", Function::new(ctx.clone(), fs_read)?)?;
    g.set("__fngate_fs_stat", Function::new(ctx.clone(), fs_stat)?)?;
    g.set("__fngate_fs_readdir", Function::new(ctx.clone(), fs_readdir)?)?;
    g.set("__fngate_builtin", Function::new(ctx.clone(), builtin_source)?)?;
    g.set("__fngate_compile", Function::new(ctx.clone(), compile)?)?;
    g.set("__fngate_inspect", Function::new(ctx.clone(), crate::inspect::inspect)?)?;
    g.set("__fngate_url", Function::new(ctx.clone(), parse_url)?)?;
    g.set("__fngate_zlib", Function::new(ctx.clone(), crate::zlib::zlib)?)?;
    g.set("__fngate_crc32", Function::new(ctx.clone(), crate::zlib::crc32)?)?;
    g.set("__fngate_punycode", Function::new(ctx.clone(), punycode)?)?;
    g.set("__fngate_url_set", Function::new(ctx.clone(), set_url)?)?;
    Ok(())
}

/// The bytes of an `ArrayBuffer` or a `Uint8Array` (the prelude turns other
/// views into one), copied out of the engine's heap.
pub(crate) fn bytes(value: Value<'_>) -> Result<Vec<u8>> {
    if let Some(buffer) = ArrayBuffer::from_value(value.clone()) {
        // SAFETY: copied before any JavaScript runs again.
        return Ok(unsafe { buffer.as_bytes() }.map(<[u8]>::to_vec).unwrap_or_default());
    }
    let array = TypedArray::<u8>::from_value(value)?;
    // SAFETY: copied before any JavaScript runs again.
    Ok(unsafe { array.as_bytes() }.map(<[u8]>::to_vec).unwrap_or_default())
}

/// A new `ArrayBuffer` holding `data`.
fn buffer(ctx: Ctx<'_>, data: Vec<u8>) -> Result<ArrayBuffer<'_>> {
    ArrayBuffer::new(ctx, data)
}

/// `__fngate_log(line)`: one line to stderr, the function's log, in one write
/// (one host call; stderr is unbuffered).
fn write_log(mut line: String) {
    line.push('\n');
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// `__fngate_exit(code)`: `process.exit`, the instance ends here.
fn exit(code: f64) {
    let _ = std::io::stdout().flush();
    std::process::exit(code as i32);
}

/// `__fngate_heap()`: the bytes the engine has allocated (`process.memoryUsage()`).
fn heap(ctx: Ctx<'_>) -> f64 {
    let mut usage = std::mem::MaybeUninit::<rquickjs::qjs::JSMemoryUsage>::zeroed();
    // SAFETY: the runtime of a live context; the struct is written by QuickJS.
    unsafe {
        let rt = rquickjs::qjs::JS_GetRuntime(ctx.as_raw().as_ptr());
        rquickjs::qjs::JS_ComputeMemoryUsage(rt, usage.as_mut_ptr());
        usage.assume_init().malloc_size as f64
    }
}

/// `__fngate_now()`: the time in milliseconds, for timers and `Date`-free
/// clocks. The wall clock, not an `Instant`: a monotonic origin kept in a
/// snapshot means nothing to the instances started from it.
fn now() -> f64 {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    since_epoch.as_secs_f64() * 1e3
}

/// `__fngate_random_bytes(n)`: `n` bytes from WASI's secure random source.
fn random_bytes(ctx: Ctx<'_>, n: f64) -> Result<ArrayBuffer<'_>> {
    if !(0.0..=2147483647.0).contains(&n) {
        return Err(Exception::throw_range(
            &ctx,
            "The value of \"size\" is out of range. It must be <= 2147483647",
        ));
    }
    let mut data = vec![0; n as usize];
    getrandom::fill(&mut data)
        .map_err(|e| Exception::throw_message(&ctx, &format!("no random source: {e}")))?;
    buffer(ctx, data)
}

/// `__fngate_encode_native(string, encoding)`: the string's bytes in `base64`
/// (either alphabet) or `hex`, else UTF-8 (lone surrogates as U+FFFD), as an
/// `ArrayBuffer`. The one-byte and UTF-16 encodings are the prelude's.
fn encode<'js>(ctx: Ctx<'js>, s: rquickjs::String<'js>, encoding: String) -> Result<ArrayBuffer<'js>> {
    let s = text(&s)?;
    let data = match encoding.as_str() {
        "base64" | "base64url" => base64_decode(&s),
        "hex" => hex_decode(&s),
        _ => s.into_bytes(),
    };
    buffer(ctx, data)
}

/// `__fngate_decode_native(bytes, encoding)`: the bytes as `base64`,
/// `base64url` or `hex` text, else as UTF-8 (invalid sequences as U+FFFD, as
/// Node decodes them).
fn decode(data: Value<'_>, encoding: String) -> Result<String> {
    let data = bytes(data)?;
    Ok(match encoding.as_str() {
        "base64" => STANDARD.encode(&data),
        "base64url" => URL_SAFE_NO_PAD.encode(&data),
        "hex" => {
            let mut out = String::with_capacity(data.len() * 2);
            for b in &data {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("{b:02x}"));
            }
            out
        }
        _ => String::from_utf8(data).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    })
}

/// A JavaScript string as Rust text, each lone surrogate as U+FFFD (as Node
/// encodes it to UTF-8).
pub(crate) fn text(s: &rquickjs::String<'_>) -> Result<String> {
    let mut len = 0;
    let ctx = s.ctx().as_raw().as_ptr();
    // SAFETY: the string value lives for the call; the C string is freed below.
    let ptr = unsafe { rquickjs::qjs::JS_ToCStringLen(ctx, &mut len, s.as_raw()) };
    if ptr.is_null() {
        return Err(rquickjs::Error::Unknown);
    }
    // SAFETY: QuickJS returned `len` bytes at `ptr`.
    let wtf8 = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    let owned = match std::str::from_utf8(wtf8) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            // WTF-8: a lone surrogate is ED A0..BF xx; anything else is UTF-8.
            let mut out = Vec::with_capacity(wtf8.len());
            let mut i = 0;
            while i < wtf8.len() {
                if wtf8[i] == 0xED && wtf8.get(i + 1).is_some_and(|&b| b >= 0xA0) && i + 2 < wtf8.len() {
                    out.extend_from_slice("\u{FFFD}".as_bytes());
                    i += 3;
                } else {
                    out.push(wtf8[i]);
                    i += 1;
                }
            }
            String::from_utf8_lossy(&out).into_owned()
        }
    };
    // SAFETY: allocated by JS_ToCStringLen above.
    unsafe { rquickjs::qjs::JS_FreeCString(ctx, ptr) };
    Ok(owned)
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

/// Node's name for an I/O error (`ENOENT`, `EACCES`, ...).
fn code(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "ENOENT",
        PermissionDenied => "EACCES",
        IsADirectory => "EISDIR",
        NotADirectory => "ENOTDIR",
        ReadOnlyFilesystem => "EROFS",
        DirectoryNotEmpty => "ENOTEMPTY",
        AlreadyExists => "EEXIST",
        _ => "EIO",
    }
}

/// `__fngate_fs_read(path)`: the file's bytes as an `ArrayBuffer`, or the error
/// code as a string.
fn fs_read(ctx: Ctx<'_>, path: String) -> Result<Value<'_>> {
    match std::fs::read(&path) {
        Ok(data) => buffer(ctx, data).map(ArrayBuffer::into_value),
        Err(_) if std::path::Path::new(&path).is_dir() => "EISDIR".into_js(&ctx),
        Err(e) => code(&e).into_js(&ctx),
    }
}

/// `__fngate_fs_stat(path)`: `[kind, size, mtimeMs]` with kind `file`, `dir`
/// or `other`, or the error code as a string.
fn fs_stat(ctx: Ctx<'_>, path: String) -> Result<Value<'_>> {
    let meta = match std::fs::metadata(&path) {
        Ok(meta) => meta,
        Err(e) => return code(&e).into_js(&ctx),
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
    let stat = rquickjs::Array::new(ctx.clone())?;
    stat.set(0, kind)?;
    stat.set(1, meta.len() as f64)?;
    stat.set(2, mtime)?;
    Ok(stat.into_value())
}

/// `__fngate_fs_readdir(path)`: the entry names, sorted, each with a `/` after
/// it when it is a directory; or the error code as a string.
fn fs_readdir(ctx: Ctx<'_>, path: String) -> Result<Value<'_>> {
    let entries = match std::fs::read_dir(&path) {
        Ok(entries) => entries,
        Err(e) => return code(&e).into_js(&ctx),
    };
    let mut names: Vec<String> = entries
        .filter_map(std::result::Result::ok)
        .map(|e| {
            let dir = e.file_type().is_ok_and(|t| t.is_dir());
            e.file_name().to_string_lossy().into_owned() + if dir { "/" } else { "" }
        })
        .collect();
    names.sort();
    names.into_js(&ctx)
}

/// `__fngate_builtin(name)`: the source of a built-in module, or `null`.
fn builtin_source(name: String) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, src)| *src)
}

/// `__fngate_compile(source, filename)`: the value of `source` evaluated as a
/// script whose stack frames name `filename`.
fn compile<'js>(ctx: Ctx<'js>, source: rquickjs::String<'js>, filename: String) -> Result<Value<'js>> {
    crate::eval_script(&ctx, text(&source)?, &filename)
}

/// `__fngate_url(input, base)`: the WHATWG parse of `input` (against `base`
/// when given) as [`url_fields`], or `null` when it is not a valid URL.
fn parse_url<'js>(ctx: Ctx<'js>, input: String, base: Opt<String>) -> Result<Value<'js>> {
    let parsed = match base.0 {
        Some(base) => url::Url::parse(&base).and_then(|b| b.join(&input)),
        None => url::Url::parse(&input),
    };
    match parsed {
        Ok(u) => url_fields(&u).into_js(&ctx),
        Err(_) => Ok(Value::new_null(ctx)),
    }
}

/// `__fngate_url_set(href, field, value)`: the URL `href` with one of its
/// parts set as the WHATWG setters set it (`href`, `protocol`, `username`,
/// `password`, `host`, `hostname`, `port`, `pathname`, `search`, `hash`), as
/// [`url_fields`]; `null` when `href` is to be refused (an invalid new href).
fn set_url<'js>(ctx: Ctx<'js>, href: String, field: String, value: String) -> Result<Value<'js>> {
    use url::quirks;
    let Ok(mut u) = url::Url::parse(&href) else { return Ok(Value::new_null(ctx)) };
    // A setter given a value it cannot take leaves the URL as it was.
    match field.as_str() {
        "href" if quirks::set_href(&mut u, &value).is_err() => return Ok(Value::new_null(ctx)),
        "protocol" => drop(quirks::set_protocol(&mut u, &value)),
        "username" => drop(quirks::set_username(&mut u, &value)),
        "password" => drop(quirks::set_password(&mut u, &value)),
        "host" => drop(quirks::set_host(&mut u, &value)),
        "hostname" => drop(quirks::set_hostname(&mut u, &value)),
        "port" => drop(quirks::set_port(&mut u, &value)),
        "pathname" => quirks::set_pathname(&mut u, &value),
        "search" => quirks::set_search(&mut u, &value),
        "hash" => quirks::set_hash(&mut u, &value),
        _ => {}
    }
    url_fields(&u).into_js(&ctx)
}

/// A URL's parts as the `URL` class reads them: `[href, protocol, username,
/// password, host, hostname, port, pathname, search, hash, origin]`.
fn url_fields(u: &url::Url) -> Vec<String> {
    use url::quirks;
    vec![
        quirks::href(u).to_owned(),
        quirks::protocol(u).to_owned(),
        quirks::username(u).to_owned(),
        quirks::password(u).to_owned(),
        quirks::host(u).to_owned(),
        quirks::hostname(u).to_owned(),
        quirks::port(u).to_owned(),
        quirks::pathname(u).to_owned(),
        quirks::search(u).to_owned(),
        quirks::hash(u).to_owned(),
        quirks::origin(u),
    ]
}

/// `__fngate_punycode(op, text)`: RFC 3492 Punycode of one label, `encode`d
/// (Unicode to ASCII, without `xn--`) or `decode`d; `null` for input the
/// algorithm refuses.
fn punycode(op: String, text: String) -> Option<String> {
    match op.as_str() {
        "encode" => idna::punycode::encode_str(&text),
        _ => idna::punycode::decode_to_string(&text),
    }
}

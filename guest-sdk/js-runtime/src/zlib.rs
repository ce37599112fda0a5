//! The codecs under `zlib`: deflate in its three framings (zlib, gzip, raw)
//! by flate2 (miniz_oxide, pure Rust), brotli by the `brotli` crate, and
//! CRC-32. `node/zlib.js` owns the Node API (sync, callback and stream forms,
//! options, errors) over `__fngate_zlib` and `__fngate_crc32`.

use std::io::{Read, Write};

use flate2::Compression;
use rquickjs::{ArrayBuffer, Ctx, Result, Value};

/// The most a decompression may produce before it fails as Node's does past
/// `maxOutputLength` (Node's default is the largest Buffer; the instance's
/// memory bounds it long before this).
const MAX_OUTPUT: u64 = 1 << 31;

/// `__fngate_zlib(mode, bytes, level)`: `bytes` compressed or decompressed by
/// `mode` (`gzip`, `gunzip`, `deflate`, `inflate`, `deflateRaw`,
/// `inflateRaw`, `unzip`, `brotliCompress`, `brotliDecompress`) at `level`
/// (-1 for the default; for brotli, the quality 0-11), as an `ArrayBuffer`; or, when the input is not valid,
/// the error as `code:message` (`Z_DATA_ERROR:incorrect header check`).
pub(crate) fn zlib<'js>(ctx: Ctx<'js>, mode: String, data: Value<'js>, requested: i32) -> Result<Value<'js>> {
    let input = crate::natives::bytes(data)?;
    let level =
        u32::try_from(requested).ok().filter(|l| *l <= 9).map_or_else(Compression::default, Compression::new);
    if !header_ok(&mode, &input) {
        return rquickjs::IntoJs::into_js("Z_DATA_ERROR:incorrect header check", &ctx);
    }
    let out = match mode.as_str() {
        // Node's gzip header names Unix (3) as the OS, as zlib does on Linux.
        "gzip" => encode(flate2::GzBuilder::new().operating_system(3).write(Vec::new(), level), &input),
        "deflate" => encode(flate2::write::ZlibEncoder::new(Vec::new(), level), &input),
        "deflateRaw" => encode(flate2::write::DeflateEncoder::new(Vec::new(), level), &input),
        "gunzip" => decode(flate2::read::MultiGzDecoder::new(&input[..])),
        "inflate" => decode(flate2::read::ZlibDecoder::new(&input[..])),
        "inflateRaw" => decode(flate2::read::DeflateDecoder::new(&input[..])),
        "unzip" if input.starts_with(&[0x1f, 0x8b]) => decode(flate2::read::MultiGzDecoder::new(&input[..])),
        "unzip" => decode(flate2::read::ZlibDecoder::new(&input[..])),
        "brotliCompress" => {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: if (0..=11).contains(&requested) { requested } else { 11 },
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &input[..], &mut out, &params)
                .map(|_| out)
                .map_err(|e| format!("ERR_BROTLI_COMPRESSION_FAILED:{e}"))
        }
        "brotliDecompress" => {
            let mut out = Vec::new();
            brotli::BrotliDecompress(&mut &input[..], &mut out)
                .map(|()| out)
                .map_err(|_| "ERR_BROTLI_DECOMPRESSION_FAILED:Decompression failed".to_owned())
        }
        other => Err(format!("ERR_INVALID_ARG_VALUE:unknown zlib mode {other}")),
    };
    match out {
        Ok(bytes) => ArrayBuffer::new(ctx, bytes).map(ArrayBuffer::into_value),
        Err(error) => rquickjs::IntoJs::into_js(error, &ctx),
    }
}

/// Writes `input` through an encoder and finishes it.
fn encode<W: Write + Finish>(mut encoder: W, input: &[u8]) -> std::result::Result<Vec<u8>, String> {
    encoder.write_all(input).map_err(|e| format!("Z_STREAM_ERROR:{e}"))?;
    encoder.done().map_err(|e| format!("Z_STREAM_ERROR:{e}"))
}

/// The encoders' `finish`, under one name.
trait Finish {
    fn done(self) -> std::io::Result<Vec<u8>>;
}

impl Finish for flate2::write::GzEncoder<Vec<u8>> {
    fn done(self) -> std::io::Result<Vec<u8>> {
        self.finish()
    }
}

impl Finish for flate2::write::ZlibEncoder<Vec<u8>> {
    fn done(self) -> std::io::Result<Vec<u8>> {
        self.finish()
    }
}

impl Finish for flate2::write::DeflateEncoder<Vec<u8>> {
    fn done(self) -> std::io::Result<Vec<u8>> {
        self.finish()
    }
}

/// Whether the first two bytes can start `mode`'s input (checked before
/// decoding, as zlib reports a wrong header before anything else).
fn header_ok(mode: &str, input: &[u8]) -> bool {
    let &[a, b, ..] = input else { return true };
    let gzip = [a, b] == [0x1f, 0x8b];
    let zlib = a & 0x0f == 8 && (u16::from(a) * 256 + u16::from(b)) % 31 == 0;
    match mode {
        "gunzip" => gzip,
        "inflate" => zlib,
        "unzip" => gzip || zlib,
        _ => true,
    }
}

/// Reads a decoder to its end, with Node's error codes and messages.
fn decode(decoder: impl Read) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match decoder.take(MAX_OUTPUT).read_to_end(&mut out) {
        Ok(_) => Ok(out),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            Err("Z_BUF_ERROR:unexpected end of file".to_owned())
        }
        Err(e) => {
            let text = e.to_string();
            let message = if text.contains("header") || text.contains("invalid gzip") {
                "incorrect header check"
            } else if text.contains("checksum") || text.contains("corrupt") {
                "incorrect data check"
            } else {
                "invalid stored block lengths"
            };
            Err(format!("Z_DATA_ERROR:{message}"))
        }
    }
}

/// `__fngate_crc32(bytes, initial)`: CRC-32 of `bytes` continuing from `initial`.
pub(crate) fn crc32(data: Value<'_>, initial: f64) -> Result<f64> {
    let input = crate::natives::bytes(data)?;
    let mut hasher = crc32fast::Hasher::new_with_initial(initial as u32);
    hasher.update(&input);
    Ok(f64::from(hasher.finalize()))
}

//! The legacy encodings of the WHATWG Encoding standard (GBK, gb18030, Big5,
//! Shift_JIS, EUC-JP, ISO-2022-JP, EUC-KR and the single-byte ones) for
//! `TextDecoder`, decoded by encoding_rs; `node/web.js` keeps UTF-8, UTF-16
//! and windows-1252 (as Node decodes it, latin1) to itself.

use encoding_rs::{DecoderResult, Encoding};
use rquickjs::{Ctx, Function, Result, Value};

/// Registers `__fngate_text_encoding` and `__fngate_text_decode`.
pub fn register(ctx: &Ctx<'_>) -> Result<()> {
    let g = ctx.globals();
    g.set("__fngate_text_encoding", Function::new(ctx.clone(), encoding_name)?)?;
    g.set("__fngate_text_decode", Function::new(ctx.clone(), decode)?)?;
    Ok(())
}

/// The encoding a label names, if `TextDecoder` can decode it here.
fn lookup(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.as_bytes())
        .filter(|e| *e != encoding_rs::REPLACEMENT && *e != encoding_rs::X_USER_DEFINED)
}

/// `__fngate_text_encoding(label)`: the encoding's name as Node reports it
/// (lowercase, `gbk` for `gb2312`), or `null` when the label names none.
fn encoding_name(label: String) -> Option<String> {
    lookup(&label).map(|e| e.name().to_ascii_lowercase())
}

/// `__fngate_text_decode(label, bytes, fatal, stream)`: `[text, held]`, the
/// bytes decoded and, when streaming, how many bytes at the end begin a
/// character still incomplete (decoded with the next call); or `null` when
/// `fatal` and the bytes are malformed.
fn decode<'js>(
    ctx: Ctx<'js>,
    label: String,
    bytes: Value<'js>,
    fatal: bool,
    stream: bool,
) -> Result<Value<'js>> {
    let Some(encoding) = lookup(&label) else {
        return Ok(Value::new_null(ctx));
    };
    let input = crate::natives::bytes(bytes)?;
    let held = if stream { incomplete_tail(encoding, &input) } else { 0 };
    let body = &input[..input.len() - held];
    let text = if fatal {
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let mut out = String::with_capacity(body.len() * 3 + 16);
        let (result, _) = decoder.decode_to_string_without_replacement(body, &mut out, true);
        if result != DecoderResult::InputEmpty {
            return Ok(Value::new_null(ctx));
        }
        out
    } else {
        encoding.decode_without_bom_handling(body).0.into_owned()
    };
    let pair = rquickjs::Array::new(ctx.clone())?;
    pair.set(0, text)?;
    pair.set(1, held as u32)?;
    Ok(pair.into_value())
}

/// How many of the last bytes (at most 3, the longest unfinished sequence)
/// leave the rest decodable without a character cut in two.
fn incomplete_tail(encoding: &'static Encoding, input: &[u8]) -> usize {
    (0..=3.min(input.len())).find(|&held| !pending(encoding, &input[..input.len() - held])).unwrap_or(0)
}

/// Whether decoding `input` leaves a character unfinished at its end.
fn pending(encoding: &'static Encoding, input: &[u8]) -> bool {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(input.len() * 3 + 16);
    let _ = decoder.decode_to_string(input, &mut out, false);
    let before = out.len();
    let (_, _, replaced) = decoder.decode_to_string(&[], &mut out, true);
    replaced && out.len() > before
}

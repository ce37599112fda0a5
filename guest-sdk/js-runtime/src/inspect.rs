//! `util.inspect` of plain data, natively: the same output as `node/util.js`
//! (Node's rules: entries on one line when they fit in `breakLength` and sit
//! within `compact` levels of the innermost object, arrays of more than six
//! short entries grouped in columns, `[Object]` past `depth`), for ordinary
//! objects and arrays with data properties only, strings, numbers, booleans,
//! `null` and `undefined`. Anything else (a class instance, a getter, a symbol
//! key, a hole, a cycle, a Date, a Map, a function) returns `undefined` and the
//! JavaScript implementation formats the value: `console.log(event)` is the
//! common case, and boa interpreting util.js for it cost ~1.5 ms.

use boa_engine::object::JsObject;
use boa_engine::property::PropertyKey;
use boa_engine::value::JsVariant;
use boa_engine::{Context, JsResult, JsValue, js_string};

/// How deep the native walk goes before leaving a value to util.js.
const MAX_NESTING: usize = 64;

/// `__fngate_inspect(value, depth, breakLength, compact, maxArrayLength)`:
/// the inspected text, or `undefined` to use util.js. A negative `depth` means
/// no limit.
pub(crate) fn inspect(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let value = arg(0);
    let depth = arg(1).to_number(ctx)?;
    let options = Options {
        depth: (depth >= 0.0).then_some(depth as usize),
        break_length: arg(2).to_number(ctx)?.min(1e9) as usize,
        compact: arg(3).to_number(ctx)?.max(0.0) as usize,
        max_array_length: arg(4).to_number(ctx)?.clamp(0.0, 1e9) as usize,
    };
    let mut walker = Walker::new(options, ctx);
    Ok(match walker.value(&value, 0, ctx)? {
        Some(text) => JsValue::from(js_string!(text.as_str())),
        None => JsValue::undefined(),
    })
}

#[derive(Clone, Copy)]
struct Options {
    depth: Option<usize>,
    break_length: usize,
    compact: usize,
    max_array_length: usize,
}

struct Walker {
    options: Options,
    object_proto: JsObject,
    array_proto: JsObject,
    /// The objects being formatted, outermost first (a cycle goes to util.js).
    stack: Vec<JsObject>,
    indentation: usize,
    current_depth: usize,
}

/// The length JavaScript gives a string (UTF-16 code units), which Node's
/// line-breaking rules count in.
fn js_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// A string literal as Node quotes it: single quotes unless the string holds
/// one (then double quotes, then backquotes), control characters escaped.
pub(crate) fn quote(s: &str) -> String {
    let q = if !s.contains('\'') {
        '\''
    } else if !s.contains('"') {
        '"'
    } else if !s.contains('`') && !s.contains("${") {
        '`'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            '\\' => out.push_str("\\\\"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// A property name as Node prints it: bare when it is an identifier.
fn key_text(name: &str) -> String {
    let mut chars = name.chars();
    let ident = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident { name.to_owned() } else { quote(name) }
}

impl Walker {
    fn new(options: Options, ctx: &mut Context) -> Walker {
        Walker {
            options,
            object_proto: ctx.intrinsics().constructors().object().prototype(),
            array_proto: ctx.intrinsics().constructors().array().prototype(),
            stack: Vec::new(),
            indentation: 0,
            current_depth: 0,
        }
    }

    /// The text of `value` at nesting `depth`, `None` to leave it to util.js.
    fn value(&mut self, value: &JsValue, depth: usize, ctx: &mut Context) -> JsResult<Option<String>> {
        Ok(Some(match value.variant() {
            JsVariant::Null => "null".to_owned(),
            JsVariant::Undefined => "undefined".to_owned(),
            JsVariant::Boolean(b) => b.to_string(),
            JsVariant::Integer32(i) => i.to_string(),
            JsVariant::Float64(f) if f == 0.0 && f.is_sign_negative() => "-0".to_owned(),
            JsVariant::Float64(_) => value.to_string(ctx)?.to_std_string_escaped(),
            JsVariant::String(s) => match s.to_std_string() {
                Ok(s) => quote(&s),
                Err(_) => return Ok(None),
            },
            JsVariant::Symbol(_) | JsVariant::BigInt(_) => return Ok(None),
            JsVariant::Object(obj) => return self.object(&obj, depth, ctx),
        }))
    }

    fn object(&mut self, obj: &JsObject, depth: usize, ctx: &mut Context) -> JsResult<Option<String>> {
        let array = obj.is_array();
        let proto = if array { &self.array_proto } else { &self.object_proto };
        if obj.is_callable()
            || !(array || obj.is_ordinary())
            || !obj.prototype().is_some_and(|p| JsObject::equals(&p, proto))
            || self.stack.len() >= MAX_NESTING
            || self.stack.iter().any(|o| JsObject::equals(o, obj))
        {
            return Ok(None);
        }
        // The entries, checked for plainness before anything is printed.
        let mut fields = Vec::new();
        let mut length = 0;
        for key in obj.own_property_keys(ctx)? {
            let desc = obj.borrow().properties().get(&key);
            let Some(desc) = desc else { return Ok(None) };
            match &key {
                PropertyKey::Symbol(_) => return Ok(None),
                PropertyKey::Index(_) if array => {}
                PropertyKey::String(s) if array && s.to_std_string().is_ok_and(|s| s == "length") => {
                    length = desc.value().map(|v| v.to_u32(ctx)).transpose()?.unwrap_or(0);
                    continue;
                }
                _ if array => return Ok(None),
                _ => {}
            }
            if desc.enumerable() != Some(true) {
                continue;
            }
            let Some(v) = desc.value().cloned() else { return Ok(None) };
            fields.push((key, v));
        }
        if array && fields.len() != length as usize {
            return Ok(None); // holes
        }
        let (open, close) = if array { ("[", "]") } else { ("{", "}") };
        if fields.is_empty() {
            return Ok(Some(format!("{open}{close}")));
        }
        if self.options.depth.is_some_and(|d| depth > d) {
            return Ok(Some(if array { "[Array]" } else { "[Object]" }.to_owned()));
        }
        self.stack.push(obj.clone());
        self.current_depth = depth;
        let shown = if array { fields.len().min(self.options.max_array_length) } else { fields.len() };
        let mut output = Vec::with_capacity(shown + 1);
        let mut all_numbers = true;
        for (key, v) in &fields[..shown] {
            all_numbers &= v.is_number();
            self.indentation += 2;
            let text = self.value(v, depth + 1, ctx)?;
            self.indentation -= 2;
            let Some(text) = text else {
                self.stack.pop();
                return Ok(None);
            };
            output.push(match key {
                _ if array => text,
                PropertyKey::String(s) => format!("{}: {text}", key_text(&s.to_std_string_escaped())),
                PropertyKey::Index(i) => format!("'{}': {text}", i.get()),
                PropertyKey::Symbol(_) => unreachable!("symbol keys were refused"),
            });
        }
        let more = fields.len() - shown;
        if more > 0 {
            output.push(format!("... {more} more item{}", if more > 1 { "s" } else { "" }));
        }
        self.stack.pop();
        Ok(Some(self.reduce(output, open, close, array, all_numbers, depth)))
    }

    /// Node's `reduceToSingleString`: one line when it fits, else one entry per line.
    fn reduce(
        &self,
        output: Vec<String>,
        open: &str,
        close: &str,
        array: bool,
        numbers: bool,
        depth: usize,
    ) -> String {
        let entries = output.len();
        let output = if array && entries > 6 { self.group(output, numbers) } else { output };
        if self.current_depth - depth < self.options.compact && entries == output.len() {
            let start = output.len() + self.indentation + open.len() + 10;
            if self.below_break_length(&output, start) {
                let joined = output.join(", ");
                if !joined.contains('\n') {
                    return format!("{open} {joined} {close}");
                }
            }
        }
        let indentation = format!("\n{}", " ".repeat(self.indentation));
        format!("{open}{indentation}  {}{indentation}{close}", output.join(&format!(",{indentation}  ")))
    }

    fn below_break_length(&self, output: &[String], start: usize) -> bool {
        let mut total = output.len() + start;
        if total + output.len() > self.options.break_length {
            return false;
        }
        for entry in output {
            total += js_len(entry);
            if total > self.options.break_length {
                return false;
            }
        }
        true
    }

    /// Node's `groupArrayElements`: short entries of a long array in columns.
    fn group(&self, output: Vec<String>, numbers: bool) -> Vec<String> {
        let separator = 2;
        let mut count = output.len();
        if self.options.max_array_length < output.len() {
            count -= 1; // the "... more items" entry
        }
        let lengths: Vec<usize> = output[..count].iter().map(|s| js_len(s)).collect();
        let total: usize = lengths.iter().map(|l| l + separator).sum();
        let max = lengths.iter().copied().max().unwrap_or(0);
        let actual_max = max + separator;
        if !(actual_max * 3 + self.indentation < self.options.break_length
            && (total as f64 / actual_max as f64 > 5.0 || max <= 6))
        {
            return output;
        }
        let average_bias = (actual_max as f64 - total as f64 / output.len() as f64).sqrt();
        let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
        let columns = ((2.5 * biased_max * count as f64).sqrt() / biased_max)
            .round()
            .min((self.options.break_length.saturating_sub(self.indentation) / actual_max) as f64)
            .min((self.options.compact * 4) as f64)
            .min(15.0) as usize;
        if columns <= 1 {
            return output;
        }
        let widths: Vec<usize> = (0..columns)
            .map(|i| {
                (i..output.len())
                    .step_by(columns)
                    .map(|j| lengths.get(j).copied().unwrap_or(0))
                    .max()
                    .unwrap_or(0)
                    + separator
            })
            .collect();
        let pad = |s: &str, width: usize| {
            let fill = " ".repeat(width.saturating_sub(js_len(s)));
            if numbers { format!("{fill}{s}") } else { format!("{s}{fill}") }
        };
        let mut grouped = Vec::new();
        for row in (0..count).step_by(columns) {
            let end = (row + columns).min(count);
            let mut line = String::new();
            for j in row..end - 1 {
                line.push_str(&pad(&format!("{}, ", output[j]), widths[j - row]));
            }
            let last = &output[end - 1];
            if numbers {
                line.push_str(&pad(last, widths[end - 1 - row] - separator));
            } else {
                line.push_str(last);
            }
            grouped.push(line);
        }
        if count < output.len() {
            grouped.push(output[count].clone());
        }
        grouped
    }
}

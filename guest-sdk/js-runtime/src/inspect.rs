//! `util.inspect` of plain data, natively: the same output as `node/util.js`
//! (Node's rules: entries on one line when they fit in `breakLength` and sit
//! within `compact` levels of the innermost object, arrays of more than six
//! short entries grouped in columns, `[Object]` past `depth`), for ordinary
//! objects and arrays with data properties only, strings, numbers, booleans,
//! `null` and `undefined`. Anything else (a class instance, a getter, a symbol
//! key, a hole, a cycle, a Date, a Map, a function, a proxy) returns
//! `undefined` and the JavaScript implementation formats the value:
//! `console.log(event)` is the common case, and util.js took most of a hello
//! world's invocation for it.
//!
//! The same function answers util.js what JavaScript cannot see:
//! `__fngate_inspect(value, 'proxy')` is `[target, handler]` of a proxy and
//! `__fngate_inspect(value, 'promise')` is `[state, result]` of a promise
//! (`undefined` for anything else).

use rquickjs::function::Opt;
use rquickjs::{Array, Coerced, Ctx, IntoJs, Object, Result, Type, Value, qjs};

/// How deep the native walk goes before leaving a value to util.js.
const MAX_NESTING: usize = 64;

/// The class ids of ordinary objects and arrays (the first two of QuickJS's
/// built-in classes); arguments objects, proxies and the like have others.
const JS_CLASS_OBJECT: u32 = 1;
const JS_CLASS_ARRAY: u32 = 2;

/// `__fngate_inspect(value, depth, breakLength, compact, maxArrayLength)`:
/// the inspected text, or `undefined` to use util.js. A negative `depth` means
/// no limit. With a string for `depth`, the query described above.
pub(crate) fn inspect<'js>(
    ctx: Ctx<'js>,
    value: Value<'js>,
    depth: Value<'js>,
    break_length: Opt<f64>,
    compact: Opt<f64>,
    max_array_length: Opt<f64>,
) -> Result<Value<'js>> {
    if let Some(query) = depth.as_string() {
        return internals(&ctx, &value, &query.to_string()?);
    }
    let depth = depth.as_number().unwrap_or(2.0);
    let options = Options {
        depth: (depth >= 0.0).then_some(depth as usize),
        break_length: break_length.0.unwrap_or(80.0).clamp(0.0, 1e9) as usize,
        compact: compact.0.unwrap_or(3.0).max(0.0) as usize,
        max_array_length: max_array_length.0.unwrap_or(100.0).clamp(0.0, 1e9) as usize,
    };
    let object: Object = ctx.globals().get("Object")?;
    let array: Object = ctx.globals().get("Array")?;
    let mut walker = Walker {
        options,
        object_proto: object.get("prototype")?,
        array_proto: array.get("prototype")?,
        stack: Vec::new(),
        indentation: 0,
        current_depth: 0,
    };
    walker.value(&ctx, &value, 0)?.into_js(&ctx)
}

/// What the engine knows of a proxy (`'proxy'`: `[target, handler]`) or a
/// promise (`'promise'`: `[state, result]`), `undefined` for other values.
fn internals<'js>(ctx: &Ctx<'js>, value: &Value<'js>, query: &str) -> Result<Value<'js>> {
    let raw_ctx = ctx.as_raw().as_ptr();
    let pair = |a: Value<'js>, b: Value<'js>| -> Result<Value<'js>> {
        let array = Array::new(ctx.clone())?;
        array.set(0, a)?;
        array.set(1, b)?;
        Ok(array.into_value())
    };
    match query {
        // SAFETY: `value` is a live value of `ctx`; the returned values are owned.
        "proxy" if unsafe { qjs::JS_IsProxy(value.as_raw()) } => unsafe {
            let target = Value::from_raw(ctx.clone(), qjs::JS_GetProxyTarget(raw_ctx, value.as_raw()));
            let handler = Value::from_raw(ctx.clone(), qjs::JS_GetProxyHandler(raw_ctx, value.as_raw()));
            pair(target, handler)
        },
        "promise" => {
            // SAFETY: as above.
            let state = unsafe { qjs::JS_PromiseState(raw_ctx, value.as_raw()) };
            let name = match state {
                qjs::JSPromiseStateEnum_JS_PROMISE_PENDING => "pending",
                qjs::JSPromiseStateEnum_JS_PROMISE_FULFILLED => "fulfilled",
                qjs::JSPromiseStateEnum_JS_PROMISE_REJECTED => "rejected",
                _ => return Ok(Value::new_undefined(ctx.clone())),
            };
            // SAFETY: a promise of `ctx`; the result is owned.
            let result =
                unsafe { Value::from_raw(ctx.clone(), qjs::JS_PromiseResult(raw_ctx, value.as_raw())) };
            pair(name.into_js(ctx)?, result)
        }
        _ => Ok(Value::new_undefined(ctx.clone())),
    }
}

#[derive(Clone, Copy)]
struct Options {
    depth: Option<usize>,
    break_length: usize,
    compact: usize,
    max_array_length: usize,
}

struct Walker<'js> {
    options: Options,
    object_proto: Object<'js>,
    array_proto: Object<'js>,
    /// The objects being formatted, outermost first (a cycle goes to util.js).
    stack: Vec<Object<'js>>,
    indentation: usize,
    current_depth: usize,
}

/// The length JavaScript gives a string (UTF-16 code units), which Node's
/// line-breaking rules count in.
fn js_len(s: &str) -> usize {
    if s.is_ascii() { s.len() } else { s.encode_utf16().count() }
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
    // Most strings need no escape at all.
    let plain = |b: u8| b >= 0x20 && b != 0x7f && b != b'\\' && b != q as u8;
    if s.bytes().all(plain) {
        out.push_str(s);
        out.push(q);
        return out;
    }
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

impl<'js> Walker<'js> {
    /// The text of `value` at nesting `depth`, `None` to leave it to util.js.
    fn value(&mut self, ctx: &Ctx<'js>, value: &Value<'js>, depth: usize) -> Result<Option<String>> {
        Ok(Some(match value.type_of() {
            Type::Null => "null".to_owned(),
            Type::Undefined => "undefined".to_owned(),
            Type::Bool => value.as_bool().unwrap_or_default().to_string(),
            Type::Int => value.as_int().unwrap_or_default().to_string(),
            Type::Float => match value.as_float() {
                Some(f) if f == 0.0 && f.is_sign_negative() => "-0".to_owned(),
                _ => value.get::<Coerced<String>>()?.0,
            },
            Type::String => match value.as_string().map(|s| s.to_string()) {
                // A long string with line breaks (printed one line per piece) or
                // past maxStringLength: util.js.
                Some(Ok(s)) if (s.len() > 16 && s.contains('\n')) || s.len() > 10000 => return Ok(None),
                Some(Ok(s)) => quote(&s),
                // A lone surrogate: util.js escapes it as Node does.
                _ => return Ok(None),
            },
            Type::Object => return self.object(ctx, value, false, depth),
            Type::Array => return self.object(ctx, value, true, depth),
            _ => return Ok(None),
        }))
    }

    fn object(
        &mut self,
        ctx: &Ctx<'js>,
        value: &Value<'js>,
        array: bool,
        depth: usize,
    ) -> Result<Option<String>> {
        let Some(obj) = value.as_object() else { return Ok(None) };
        // SAFETY: a live value; reading its class id has no side effect.
        let class = unsafe { qjs::JS_GetClassID(value.as_raw()) };
        if class != if array { JS_CLASS_ARRAY } else { JS_CLASS_OBJECT } {
            return Ok(None);
        }
        let proto = if array { &self.array_proto } else { &self.object_proto };
        if obj.get_prototype().as_ref() != Some(proto)
            || self.stack.len() >= MAX_NESTING
            || self.stack.iter().any(|o| o == obj)
        {
            return Ok(None);
        }
        // The entries, checked for plainness before anything is printed.
        let Some(fields) = own_data_properties(ctx, obj)? else { return Ok(None) };
        if array {
            let length: u32 = obj.get("length")?;
            // Holes, or properties beside the elements.
            let indexed = fields.iter().enumerate().all(|(i, (k, _))| k.parse::<usize>().ok() == Some(i));
            if fields.len() != length as usize || !indexed {
                return Ok(None);
            }
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
            let text = self.value(ctx, v, depth + 1)?;
            self.indentation -= 2;
            let Some(text) = text else {
                self.stack.pop();
                return Ok(None);
            };
            output.push(if array {
                text
            } else {
                let mut entry = key_text(key);
                entry.push_str(": ");
                entry.push_str(&text);
                entry
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

/// The own enumerable properties of `obj` in order, names and values, or
/// `None` when one of them is not plain data to print: an accessor (Node
/// prints `[Getter]` without calling it), a symbol key, a name that is not
/// UTF-8.
fn own_data_properties<'js>(ctx: &Ctx<'js>, obj: &Object<'js>) -> Result<Option<Vec<(String, Value<'js>)>>> {
    let raw_ctx = ctx.as_raw().as_ptr();
    let mut tab: *mut qjs::JSPropertyEnum = std::ptr::null_mut();
    let mut len: u32 = 0;
    let flags = (qjs::JS_GPN_STRING_MASK | qjs::JS_GPN_SYMBOL_MASK) as i32;
    // SAFETY: `obj` is a live object of `ctx`; the table is freed below.
    if unsafe { qjs::JS_GetOwnPropertyNames(raw_ctx, &mut tab, &mut len, obj.as_raw(), flags) } < 0 {
        return Err(ctx.throw(ctx.catch()));
    }
    // SAFETY: QuickJS returned `len` entries at `tab`.
    let entries = unsafe { std::slice::from_raw_parts(tab, len as usize) };
    let mut fields = Some(Vec::with_capacity(entries.len()));
    for entry in entries {
        let mut desc = std::mem::MaybeUninit::<qjs::JSPropertyDescriptor>::uninit();
        // SAFETY: as above; a found descriptor's values are owned here and freed.
        let found = unsafe { qjs::JS_GetOwnProperty(raw_ctx, desc.as_mut_ptr(), obj.as_raw(), entry.atom) };
        if found <= 0 {
            fields = None;
            break;
        }
        // SAFETY: filled in by JS_GetOwnProperty (found > 0).
        let desc = unsafe { desc.assume_init() };
        // SAFETY: each value is owned by the descriptor; wrapping frees it.
        let (value, getter, setter) = unsafe {
            (
                Value::from_raw(ctx.clone(), desc.value),
                Value::from_raw(ctx.clone(), desc.getter),
                Value::from_raw(ctx.clone(), desc.setter),
            )
        };
        drop((getter, setter));
        // SAFETY: an atom of this context; the value returned is owned.
        let name = unsafe { Value::from_raw(ctx.clone(), qjs::JS_AtomToValue(raw_ctx, entry.atom)) };
        // A symbol key, even a hidden one (Symbol.toStringTag names `Math`), goes to util.js.
        if name.is_symbol() {
            fields = None;
            break;
        }
        if desc.flags as u32 & qjs::JS_PROP_ENUMERABLE == 0 {
            continue;
        }
        let name = match name.as_string().map(|s| s.to_string()) {
            Some(Ok(name)) if desc.flags as u32 & qjs::JS_PROP_GETSET == 0 => name,
            _ => {
                fields = None;
                break;
            }
        };
        if let Some(fields) = &mut fields {
            fields.push((name, value));
        }
    }
    // SAFETY: the table from JS_GetOwnPropertyNames above, freed once.
    unsafe { qjs::JS_FreePropertyEnum(raw_ctx, tab, len) };
    Ok(fields)
}

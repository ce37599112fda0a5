//! `JSON.parse` and `JSON.stringify` without a reviver, replacer or indent, done
//! natively: boa's own parse runs its JavaScript parser and its stringify is
//! the biggest cost of a typical handler (`console.log(event)`, a JSON body).
//! Each returns `undefined` where it is not sure to match the standard
//! functions exactly, and the prelude then calls boa's.

use boa_engine::object::JsObject;
use boa_engine::property::PropertyKey;
use boa_engine::value::JsVariant;
use boa_engine::{Context, JsResult, JsValue, js_string};

/// How deep the native stringify goes before leaving a value to boa's.
const MAX_DEPTH: usize = 256;

/// `__fngate_json_parse(text)`: the value of `text` by serde_json, or `undefined`
/// when serde_json refuses it (boa's then gives the exact `SyntaxError`, or
/// accepts what only JavaScript does, such as lone surrogates in escapes or
/// numbers past `f64`) or might read it differently (a `-0`).
pub(crate) fn parse(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let text = args.first().cloned().unwrap_or_default().to_string(ctx)?;
    let Ok(text) = text.to_std_string() else { return Ok(JsValue::undefined()) };
    // serde_json reads `-0` as the integer 0; JavaScript keeps the sign.
    if text.contains("-0") {
        return Ok(JsValue::undefined());
    }
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(value) => JsValue::from_json(&value, ctx),
        Err(_) => Ok(JsValue::undefined()),
    }
}

/// `__fngate_json_stringify(value)`: the JSON text of plain data (ordinary
/// objects of `Object.prototype` and arrays of `Array.prototype` with data
/// properties only, strings, finite numbers, booleans, null), or `undefined` for
/// anything else: a `toJSON`, a getter, a class instance, a `Date`, a `BigInt`,
/// a cycle, a hole, a lone surrogate.
pub(crate) fn stringify(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let value = args.first().cloned().unwrap_or_default();
    let mut writer = Writer::new(ctx);
    let mut out = String::new();
    Ok(match writer.value(&value, &mut out, ctx)? {
        Some(true) => JsValue::from(js_string!(out.as_str())),
        _ => JsValue::undefined(),
    })
}

struct Writer {
    object_proto: JsObject,
    array_proto: JsObject,
    /// The objects being written, outermost first (a cycle is left to boa's).
    stack: Vec<JsObject>,
    /// Whether `Object.prototype` or `Array.prototype` has a `toJSON`.
    patched: bool,
}

impl Writer {
    fn new(ctx: &mut Context) -> Writer {
        let object_proto = ctx.intrinsics().constructors().object().prototype();
        let array_proto = ctx.intrinsics().constructors().array().prototype();
        let to_json = PropertyKey::from(js_string!("toJSON"));
        let patched =
            [&object_proto, &array_proto].iter().any(|p| p.borrow().properties().get(&to_json).is_some());
        Writer { object_proto, array_proto, stack: Vec::new(), patched }
    }

    /// Writes `value`: `Some(true)` if written, `Some(false)` if JSON has no
    /// text for it (undefined, a function, a symbol), `None` to leave it to boa.
    fn value(&mut self, value: &JsValue, out: &mut String, ctx: &mut Context) -> JsResult<Option<bool>> {
        match value.variant() {
            JsVariant::Null => out.push_str("null"),
            JsVariant::Boolean(b) => out.push_str(if b { "true" } else { "false" }),
            JsVariant::Integer32(i) => out.push_str(&i.to_string()),
            JsVariant::Float64(f) if f.is_finite() => {
                out.push_str(&value.to_string(ctx)?.to_std_string_escaped())
            }
            JsVariant::Float64(_) => out.push_str("null"),
            JsVariant::String(s) => match s.to_std_string() {
                Ok(s) => out.push_str(&serde_json::to_string(&s).expect("a string always serializes")),
                Err(_) => return Ok(None),
            },
            JsVariant::Undefined | JsVariant::Symbol(_) => return Ok(Some(false)),
            JsVariant::BigInt(_) => return Ok(None),
            JsVariant::Object(obj) if obj.is_callable() => return Ok(Some(false)),
            JsVariant::Object(obj) => return self.object(&obj, out, ctx).map(|w| w.then_some(true)),
        }
        Ok(Some(true))
    }

    /// Writes a plain object or array; `false` to leave it to boa.
    fn object(&mut self, obj: &JsObject, out: &mut String, ctx: &mut Context) -> JsResult<bool> {
        let array = obj.is_array();
        let proto = if array { &self.array_proto } else { &self.object_proto };
        if self.patched
            || !(array || obj.is_ordinary())
            || !obj.prototype().is_some_and(|p| JsObject::equals(&p, proto))
            || self.stack.len() >= MAX_DEPTH
            || self.stack.iter().any(|o| JsObject::equals(o, obj))
        {
            return Ok(false);
        }
        self.stack.push(obj.clone());
        let written = if array { self.array(obj, out, ctx)? } else { self.fields(obj, out, ctx)? };
        self.stack.pop();
        Ok(written)
    }

    fn array(&mut self, obj: &JsObject, out: &mut String, ctx: &mut Context) -> JsResult<bool> {
        let len = obj.get(js_string!("length"), ctx)?.to_u32(ctx)?;
        out.push('[');
        for i in 0..len {
            if i > 0 {
                out.push(',');
            }
            let Some(v) = data_property(obj, PropertyKey::from(i)) else { return Ok(false) };
            match self.value(&v, out, ctx)? {
                Some(true) => {}
                Some(false) => out.push_str("null"),
                None => return Ok(false),
            }
        }
        out.push(']');
        Ok(true)
    }

    fn fields(&mut self, obj: &JsObject, out: &mut String, ctx: &mut Context) -> JsResult<bool> {
        out.push('{');
        let mut first = true;
        for key in obj.own_property_keys(ctx)? {
            let name = match &key {
                PropertyKey::String(s) => match s.to_std_string() {
                    Ok(s) => s,
                    Err(_) => return Ok(false),
                },
                PropertyKey::Index(i) => i.get().to_string(),
                PropertyKey::Symbol(_) => continue,
            };
            let desc = obj.borrow().properties().get(&key);
            let Some(desc) = desc else { return Ok(false) };
            if desc.enumerable() != Some(true) {
                continue;
            }
            let Some(v) = desc.value().cloned() else { return Ok(false) };
            if name == "toJSON" {
                return Ok(false);
            }
            let mark = out.len();
            if !first {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(&name).expect("a string always serializes"));
            out.push(':');
            match self.value(&v, out, ctx)? {
                Some(true) => first = false,
                Some(false) => out.truncate(mark),
                None => return Ok(false),
            }
        }
        out.push('}');
        Ok(true)
    }
}

/// The value of an own enumerable data property, `None` for anything else.
fn data_property(obj: &JsObject, key: PropertyKey) -> Option<JsValue> {
    let desc = obj.borrow().properties().get(&key)?;
    (desc.enumerable() == Some(true)).then(|| desc.value().cloned()).flatten()
}

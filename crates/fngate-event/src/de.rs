//! Deserialization that keeps unknown fields without serde's `flatten`.
//!
//! `#[serde(flatten)]` makes serde buffer every field of the struct into an
//! intermediate tree before deserializing it, roughly doubling the cost of parsing
//! an event in the guest. The visitor generated here matches the known keys
//! directly and stores only the unknown ones in `extra`.

/// Implements `Deserialize` for a `Default` struct with an `extra` map: each
/// `field: "jsonName"` pair is read in place, any other key goes to `extra`.
macro_rules! deserialize_keeping_extra {
    ($ty:ident { $($field:ident: $name:literal),* $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> serde::de::Visitor<'de> for Fields {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a JSON object (", stringify!($ty), ")"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        let mut out = $ty::default();
                        while let Some($crate::de::Key(key)) = map.next_key()? {
                            match key.as_ref() {
                                $($name => out.$field = map.next_value()?,)*
                                _ => {
                                    out.extra.insert(key.into_owned(), map.next_value()?);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                deserializer.deserialize_map(Fields)
            }
        }
    };
}

pub(crate) use deserialize_keeping_extra;

/// An object key, borrowed from the input when it has no escapes.
#[derive(serde::Deserialize)]
pub(crate) struct Key<'a>(#[serde(borrow)] pub(crate) std::borrow::Cow<'a, str>);

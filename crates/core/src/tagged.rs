//! Deserialisation of the internally tagged model enums ([`Block`], [`Inline`])
//! without serde's buffering.
//!
//! The derived impl of an internally tagged enum reads every object into serde's
//! private `Content` tree before it knows the variant, then deserialises the payload
//! from that tree again: about half the time of reading an article. Dateline always
//! writes `"kind"` first, so these impls read the first key and, when it is `"kind"`,
//! deserialise the payload straight from the rest of the map. Any other key order is
//! still accepted: the entries before `"kind"` are buffered in a small [`Buf`] tree
//! and replayed ahead of the rest of the map.
//!
//! Accepted inputs and resulting values are those of the derived impls: a map with
//! `kind` anywhere, or a sequence whose first element is the kind; a kind given as
//! its name or its variant index. The payload structs keep their derived impls, so
//! their `deny_unknown_fields` still applies. Only the messages of an unknown kind
//! differ: they name the block or inline kind instead of a "variant".

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{
    BorrowedStrDeserializer, MapAccessDeserializer, MapDeserializer, SeqAccessDeserializer,
    SeqDeserializer,
};
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    Visitor,
};
use serde::{Deserialize, forward_to_deserialize_any};

use crate::model::{Block, Inline};

/// The name of the tag key, as `#[serde(tag = "kind")]` on the enums says.
const TAG: &str = "kind";

/// An internally tagged enum: its kinds, and how to read a payload once the kind is known.
trait Tagged<'de>: Sized {
    /// What the enum is called in error messages: `block`, `inline`.
    const WHAT: &'static str;
    /// What [`Visitor::expecting`] says, as the derived impl does.
    const EXPECTING: &'static str;
    /// The kinds, in declaration order (their index is the variant index).
    const KINDS: &'static [&'static str];

    /// Reads the payload of the kind with index `kind` (always `< KINDS.len()`).
    fn payload<D: Deserializer<'de>>(kind: usize, payload: D) -> Result<Self, D::Error>;
}

impl<'de, 'a> Tagged<'de> for Block<'a> {
    const WHAT: &'static str = "block";
    const EXPECTING: &'static str = "internally tagged enum Block";
    const KINDS: &'static [&'static str] = &["paragraph", "related"];

    fn payload<D: Deserializer<'de>>(kind: usize, payload: D) -> Result<Self, D::Error> {
        match kind {
            0 => Deserialize::deserialize(payload).map(Block::Paragraph),
            _ => Deserialize::deserialize(payload).map(Block::Related),
        }
    }
}

impl<'de, 'a> Tagged<'de> for Inline<'a> {
    const WHAT: &'static str = "inline";
    const EXPECTING: &'static str = "internally tagged enum Inline";
    const KINDS: &'static [&'static str] = &["text", "attribution", "quotation"];

    fn payload<D: Deserializer<'de>>(kind: usize, payload: D) -> Result<Self, D::Error> {
        match kind {
            0 => Deserialize::deserialize(payload).map(Inline::Text),
            1 => Deserialize::deserialize(payload).map(Inline::Attribution),
            _ => Deserialize::deserialize(payload).map(Inline::Quotation),
        }
    }
}

impl<'de, 'a> Deserialize<'de> for Block<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `deserialize_any`, as the derived impl: it also accepts the sequence form.
        deserializer.deserialize_any(TaggedVisitor(PhantomData))
    }
}

impl<'de, 'a> Deserialize<'de> for Inline<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TaggedVisitor(PhantomData))
    }
}

struct TaggedVisitor<T>(PhantomData<T>);

impl<'de, T: Tagged<'de>> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        // Entries read before the tag, to replay ahead of the rest of the map.
        let mut before = Vec::new();
        loop {
            match map.next_key_seed(KeySeed)? {
                None => return Err(de::Error::missing_field(TAG)),
                Some(Key::Tag) => {
                    let kind = map.next_value_seed(KindSeed::<T>(PhantomData))?;
                    return if before.is_empty() {
                        // The fast path: the payload reads the rest of the map directly.
                        T::payload(kind, MapAccessDeserializer::new(map))
                    } else {
                        let replay = Replay {
                            before: before.into_iter(),
                            value: None,
                            rest: map,
                        };
                        T::payload(kind, MapAccessDeserializer::new(replay))
                    };
                }
                Some(Key::Other(key)) => before.push((key, map.next_value::<Buf<'de>>()?)),
            }
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        // The derived impl reads `[kind, payload fields...]` too; keep accepting it.
        let kind = seq
            .next_element_seed(KindSeed::<T>(PhantomData))?
            .ok_or_else(|| de::Error::missing_field(TAG))?;
        T::payload(kind, SeqAccessDeserializer::new(seq))
    }
}

/// A map key: the tag, or any other key (buffered, since it comes before the tag).
enum Key<'de> {
    Tag,
    Other(Buf<'de>),
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// Recognises the tag as a string or bytes, as serde's `TagOrContentVisitor` does,
/// without allocating for it; any other key is buffered.
struct KeyVisitor;

impl KeyVisitor {
    fn str<'de>(v: &str, buffered: impl FnOnce() -> Buf<'de>) -> Key<'de> {
        if v == TAG {
            Key::Tag
        } else {
            Key::Other(buffered())
        }
    }

    fn bytes<'de>(v: &[u8], buffered: impl FnOnce() -> Buf<'de>) -> Key<'de> {
        if v == TAG.as_bytes() {
            Key::Tag
        } else {
            Key::Other(buffered())
        }
    }
}

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Self::str(v, || Buf::Str(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Self::str(v, || Buf::String(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
        Ok(if v == TAG {
            Key::Tag
        } else {
            Key::Other(Buf::String(v))
        })
    }

    fn visit_borrowed_bytes<E>(self, v: &'de [u8]) -> Result<Key<'de>, E> {
        Ok(Self::bytes(v, || Buf::Bytes(v)))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<Key<'de>, E> {
        Ok(Self::bytes(v, || Buf::OwnedBytes(v.to_owned())))
    }

    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Key<'de>, E> {
        Ok(if v == TAG.as_bytes() {
            Key::Tag
        } else {
            Key::Other(Buf::OwnedBytes(v))
        })
    }

    // Keys of other types (not in JSON) are buffered as they are.

    fn visit_bool<E>(self, v: bool) -> Result<Key<'de>, E> {
        Ok(Key::Other(Buf::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Key<'de>, E> {
        Ok(Key::Other(Buf::I64(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Key<'de>, E> {
        Ok(Key::Other(Buf::U64(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Key<'de>, E> {
        Ok(Key::Other(Buf::F64(v)))
    }

    fn visit_unit<E>(self) -> Result<Key<'de>, E> {
        Ok(Key::Other(Buf::Unit))
    }

    fn visit_none<E>(self) -> Result<Key<'de>, E> {
        Ok(Key::Other(Buf::Unit))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        BufVisitor.visit_some(d).map(Key::Other)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        BufVisitor.visit_newtype_struct(d).map(Key::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Key<'de>, A::Error> {
        BufVisitor.visit_seq(seq).map(Key::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Key<'de>, A::Error> {
        BufVisitor.visit_map(map).map(Key::Other)
    }
}

/// Reads the tag's value: a kind's name, or its index (as the derived field
/// identifier accepts), into the kind's index in [`Tagged::KINDS`].
struct KindSeed<T>(PhantomData<T>);

impl<'de, T: Tagged<'de>> DeserializeSeed<'de> for KindSeed<T> {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, T: Tagged<'de>> KindSeed<T> {
    fn unknown<E: de::Error>(found: &str) -> E {
        E::custom(format_args!(
            "unknown {} kind `{found}`, expected {}",
            T::WHAT,
            OneOf(T::KINDS)
        ))
    }
}

impl<'de, T: Tagged<'de>> Visitor<'de> for KindSeed<T> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a kind of {}: {}", T::WHAT, OneOf(T::KINDS))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        match usize::try_from(v) {
            Ok(i) if i < T::KINDS.len() => Ok(i),
            _ => Err(E::invalid_value(
                Unexpected::Unsigned(v),
                &format!("variant index 0 <= i < {}", T::KINDS.len()).as_str(),
            )),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        T::KINDS
            .iter()
            .position(|k| *k == v)
            .ok_or_else(|| Self::unknown(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        T::KINDS
            .iter()
            .position(|k| k.as_bytes() == v)
            .ok_or_else(|| Self::unknown(&String::from_utf8_lossy(v)))
    }
}

/// `` `a` or `b` ``, `` one of `a`, `b`, `c` ``: as serde words its expected variants.
struct OneOf(&'static [&'static str]);

impl fmt::Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.0 {
            [] => f.write_str("no kind"),
            [one] => write!(f, "`{one}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            many => {
                f.write_str("one of ")?;
                for (i, k) in many.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{k}`")?;
                }
                Ok(())
            }
        }
    }
}

/// The buffered entries read before the tag, then the rest of the original map.
struct Replay<'de, A> {
    before: std::vec::IntoIter<(Buf<'de>, Buf<'de>)>,
    /// The value of the buffered key last returned, until it is asked for.
    value: Option<Buf<'de>>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.before.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key.into_deserializer()).map(Some)
            }
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value.into_deserializer()),
            None => self.rest.next_value_seed(seed),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.rest
            .size_hint()
            .map(|n| n.saturating_add(self.before.len()))
    }
}

/// A buffered value: what a self-describing format told a visitor, to give it back
/// later. Strings and bytes stay borrowed when the input lent them.
#[derive(Debug)]
enum Buf<'de> {
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(&'de str),
    String(String),
    Bytes(&'de [u8]),
    OwnedBytes(Vec<u8>),
    /// `null` (JSON says unit) and `None` alike, as serde's own buffer reads them back.
    Unit,
    Some(Box<Buf<'de>>),
    Seq(Vec<Buf<'de>>),
    Map(Vec<(Buf<'de>, Buf<'de>)>),
}

impl<'de> Deserialize<'de> for Buf<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BufVisitor)
    }
}

struct BufVisitor;

impl<'de> Visitor<'de> for BufVisitor {
    type Value = Buf<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Buf<'de>, E> {
        Ok(Buf::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Buf<'de>, E> {
        Ok(Buf::I64(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Buf<'de>, E> {
        Ok(Buf::U64(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Buf<'de>, E> {
        Ok(Buf::F64(v))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Buf<'de>, E> {
        Ok(Buf::Str(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Buf<'de>, E> {
        Ok(Buf::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Buf<'de>, E> {
        Ok(Buf::String(v))
    }

    fn visit_borrowed_bytes<E>(self, v: &'de [u8]) -> Result<Buf<'de>, E> {
        Ok(Buf::Bytes(v))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<Buf<'de>, E> {
        Ok(Buf::OwnedBytes(v.to_owned()))
    }

    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Buf<'de>, E> {
        Ok(Buf::OwnedBytes(v))
    }

    fn visit_unit<E>(self) -> Result<Buf<'de>, E> {
        Ok(Buf::Unit)
    }

    fn visit_none<E>(self) -> Result<Buf<'de>, E> {
        Ok(Buf::Unit)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Buf<'de>, D::Error> {
        Buf::deserialize(d).map(|v| Buf::Some(Box::new(v)))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Buf<'de>, D::Error> {
        Buf::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Buf<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Buf::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Buf<'de>, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Buf::Map(entries))
    }
}

impl<'de, E: de::Error> IntoDeserializer<'de, E> for Buf<'de> {
    type Deserializer = BufDeserializer<'de, E>;

    fn into_deserializer(self) -> BufDeserializer<'de, E> {
        BufDeserializer {
            buf: self,
            error: PhantomData,
        }
    }
}

/// Gives a [`Buf`] back to a visitor, as the format first gave it.
struct BufDeserializer<'de, E> {
    buf: Buf<'de>,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> Deserializer<'de> for BufDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.buf {
            Buf::Bool(v) => visitor.visit_bool(v),
            Buf::I64(v) => visitor.visit_i64(v),
            Buf::U64(v) => visitor.visit_u64(v),
            Buf::F64(v) => visitor.visit_f64(v),
            Buf::Str(v) => visitor.visit_borrowed_str(v),
            Buf::String(v) => visitor.visit_string(v),
            Buf::Bytes(v) => visitor.visit_borrowed_bytes(v),
            Buf::OwnedBytes(v) => visitor.visit_byte_buf(v),
            Buf::Unit => visitor.visit_unit(),
            Buf::Some(v) => visitor.visit_some(v.into_deserializer()),
            // These check that the visitor read every element or entry.
            Buf::Seq(v) => SeqDeserializer::new(v.into_iter()).deserialize_any(visitor),
            Buf::Map(v) => MapDeserializer::new(v.into_iter()).deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.buf {
            Buf::Unit => visitor.visit_none(),
            Buf::Some(v) => visitor.visit_some(v.into_deserializer()),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        // The model's externally tagged enums (`Repair`, `QuoteStyle`) are unit-only:
        // a string names the variant. A one-entry map is `{variant: payload}`.
        match self.buf {
            Buf::Str(v) => visitor.visit_enum(BorrowedStrDeserializer::new(v)),
            Buf::String(v) => visitor.visit_enum(v.into_deserializer()),
            Buf::Map(entries) if entries.len() == 1 => visitor.visit_enum(
                MapAccessDeserializer::new(MapDeserializer::new(entries.into_iter())),
            ),
            other => Err(de::Error::invalid_type(
                other.unexpected(),
                &"a string or a map with one entry",
            )),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

impl Buf<'_> {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Buf::Bool(v) => Unexpected::Bool(*v),
            Buf::I64(v) => Unexpected::Signed(*v),
            Buf::U64(v) => Unexpected::Unsigned(*v),
            Buf::F64(v) => Unexpected::Float(*v),
            Buf::Str(v) => Unexpected::Str(v),
            Buf::String(v) => Unexpected::Str(v),
            Buf::Bytes(v) => Unexpected::Bytes(v),
            Buf::OwnedBytes(v) => Unexpected::Bytes(v),
            Buf::Unit => Unexpected::Unit,
            Buf::Some(_) => Unexpected::Option,
            Buf::Seq(_) => Unexpected::Seq,
            Buf::Map(_) => Unexpected::Map,
        }
    }
}

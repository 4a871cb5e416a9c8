//! Maps from a string key to the articles that have it, keeping a 64-bit hash
//! of each key rather than the key.
//!
//! The corpus's keys (a normalised headline, a slug, a URL's match key, an
//! id) are other spellings of what each article's record holds already:
//! storing them again would double the index's size. A [`KeyMap`] or
//! [`PostingMap`] stores the key's [`key_hash`] and its first article (12
//! bytes a key), and a lookup checks a hit against the key as that article
//! spells it (the caller's `is_key_of`), so a hash collision costs a second
//! lookup, never a wrong answer: a key whose hash another key took first is
//! kept, spelt out, in a small side map.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};

/// The 64-bit hash of a key: SipHash with fixed keys, so the same in every
/// run and on every thread (a record's keys are hashed on the parallel
/// workers, and looked up on another thread).
pub(crate) fn key_hash(key: &str) -> KeyHash {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    KeyHash::new(hasher.finish())
}

/// A [`key_hash`], stored as two `u32`s so that a map entry of it and a `u32`
/// takes 12 bytes, not 16.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyHash([u32; 2]);

impl KeyHash {
    fn new(hash: u64) -> KeyHash {
        // Truncation intended: the two halves of the hash.
        KeyHash([hash as u32, (hash >> 32) as u32])
    }

    fn get(self) -> u64 {
        u64::from(self.0[0]) | (u64::from(self.0[1]) << 32)
    }
}

impl Hash for KeyHash {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.get());
    }
}

/// A hasher for [`KeyHash`]es, which are hashes already: it passes the `u64`
/// through.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not used for `KeyHash`es; a fold keeps it a hasher for anything.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by [`KeyHash`]es.
pub(crate) type ByHash<V> = HashMap<KeyHash, V, BuildHasherDefault<PassThrough>>;

/// A map from string keys to one article each, keyed by the keys' hashes
/// (see the [module docs](self)).
#[derive(Debug, Default)]
pub(crate) struct KeyMap {
    by_hash: ByHash<u32>,
    /// Keys whose hash an earlier key has: spelt out (none, in practice).
    collided: HashMap<Box<str>, u32>,
}

impl KeyMap {
    /// The article of `key` (whose [`key_hash`] is `hash`). `is_key_of(i)`
    /// tells whether article `i`'s key is `key`.
    pub(crate) fn get(
        &self,
        key: &str,
        hash: KeyHash,
        is_key_of: impl FnOnce(u32) -> bool,
    ) -> Option<u32> {
        if let Some(&found) = self.by_hash.get(&hash)
            && is_key_of(found)
        {
            return Some(found);
        }
        if self.collided.is_empty() {
            None
        } else {
            self.collided.get(key).copied()
        }
    }

    /// The article of `key` (whose hash is `hash`), made `at` if it had
    /// none. `is_key_of` is as for [`KeyMap::get`].
    pub(crate) fn get_or_insert(
        &mut self,
        key: &str,
        hash: KeyHash,
        is_key_of: impl FnOnce(u32) -> bool,
        at: u32,
    ) -> u32 {
        match self.by_hash.entry(hash) {
            Entry::Vacant(vacant) => *vacant.insert(at),
            Entry::Occupied(occupied) if is_key_of(*occupied.get()) => *occupied.get(),
            Entry::Occupied(_) => *self.collided.entry(key.into()).or_insert(at),
        }
    }

    /// Room for `additional` more keys.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.by_hash.reserve(additional);
    }
}

/// A map from string keys to the articles that have each, in input order,
/// keyed by the keys' hashes (see the [module docs](self)). Most keys name
/// one article, kept in the entry itself: only keys of two or more have a
/// list of their own.
#[derive(Debug, Default)]
pub(crate) struct PostingMap {
    /// The first article of each key.
    first: ByHash<u32>,
    /// For keys of two or more articles: where their list is in `lists`.
    more: ByHash<u32>,
    lists: Vec<Vec<u32>>,
    /// Keys whose hash an earlier key has: spelt out (none, in practice).
    collided: HashMap<Box<str>, Vec<u32>>,
}

impl PostingMap {
    /// The articles with `key` (whose [`key_hash`] is `hash`), ascending;
    /// none if no article has it. `is_key_of(i)` tells whether article `i`'s
    /// key is `key`.
    pub(crate) fn hits(
        &self,
        key: &str,
        hash: KeyHash,
        is_key_of: impl FnOnce(u32) -> bool,
    ) -> &[u32] {
        if let Some(first) = self.first.get(&hash)
            && is_key_of(*first)
        {
            return match self.more.get(&hash) {
                Some(&list) => self.lists.get(list as usize).map_or(&[], Vec::as_slice),
                None => std::slice::from_ref(first),
            };
        }
        if self.collided.is_empty() {
            &[]
        } else {
            self.collided.get(key).map_or(&[], Vec::as_slice)
        }
    }

    /// Appends article `at` (not below any article pushed before) to the
    /// articles of `key`, once. `is_key_of` is as for [`PostingMap::hits`].
    pub(crate) fn push(
        &mut self,
        key: &str,
        hash: KeyHash,
        at: u32,
        is_key_of: impl FnOnce(u32) -> bool,
    ) {
        let first = match self.first.entry(hash) {
            Entry::Vacant(vacant) => {
                vacant.insert(at);
                return;
            }
            Entry::Occupied(occupied) if is_key_of(*occupied.get()) => *occupied.get(),
            Entry::Occupied(_) => {
                let list = self.collided.entry(key.into()).or_default();
                if list.last() != Some(&at) {
                    list.push(at);
                }
                return;
            }
        };
        if first == at {
            return;
        }
        match self.more.entry(hash) {
            Entry::Occupied(occupied) => {
                if let Some(list) = self.lists.get_mut(*occupied.get() as usize)
                    && list.last() != Some(&at)
                {
                    list.push(at);
                }
            }
            Entry::Vacant(vacant) => {
                // As many lists as keys at most, and keys are below u32::MAX.
                vacant.insert(u32::try_from(self.lists.len()).unwrap_or(u32::MAX));
                self.lists.push(vec![first, at]);
            }
        }
    }

    /// The article lists of the keys of two or more articles, in no
    /// particular order.
    pub(crate) fn shared(&self) -> impl Iterator<Item = &[u32]> {
        self.lists
            .iter()
            .chain(self.collided.values())
            .map(Vec::as_slice)
            .filter(|list| list.len() >= 2)
    }

    /// Room for `additional` more keys.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.first.reserve(additional);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collision_is_told_apart_by_the_key() {
        // Two keys forced onto one hash: each keeps its own articles.
        let spelt = |i: u32| if i.is_multiple_of(2) { "alpha" } else { "beta" };
        let hash = KeyHash::new(7);
        let mut map = PostingMap::default();
        for (at, key) in [
            (0, "alpha"),
            (1, "beta"),
            (2, "alpha"),
            (3, "beta"),
            (3, "beta"),
        ] {
            map.push(key, hash, at, |i| spelt(i) == key);
        }
        assert_eq!(map.hits("alpha", hash, |i| spelt(i) == "alpha"), [0, 2]);
        assert_eq!(map.hits("beta", hash, |i| spelt(i) == "beta"), [1, 3]);
        assert!(map.hits("gamma", hash, |i| spelt(i) == "gamma").is_empty());
        assert!(map.hits("alpha", KeyHash::new(8), |_| true).is_empty());
        assert_eq!(map.shared().count(), 2);

        let mut ids = KeyMap::default();
        assert_eq!(ids.get_or_insert("alpha", hash, |_| false, 0), 0);
        assert_eq!(
            ids.get_or_insert("beta", hash, |i| spelt(i) == "beta", 1),
            1
        );
        assert_eq!(
            ids.get_or_insert("beta", hash, |i| spelt(i) == "beta", 3),
            1
        );
        assert_eq!(ids.get("alpha", hash, |i| spelt(i) == "alpha"), Some(0));
        assert_eq!(ids.get("beta", hash, |i| spelt(i) == "beta"), Some(1));
        assert_eq!(ids.get("gamma", hash, |i| spelt(i) == "gamma"), None);
    }

    #[test]
    fn one_article_is_kept_in_the_entry_and_once() {
        let mut map = PostingMap::default();
        let hash = key_hash("a");
        map.push("a", hash, 4, |_| true);
        map.push("a", hash, 4, |_| true);
        assert_eq!(map.hits("a", hash, |_| true), [4]);
        assert!(map.lists.is_empty());
        map.push("a", hash, 9, |_| true);
        map.push("a", hash, 9, |_| true);
        assert_eq!(map.hits("a", hash, |_| true), [4, 9]);
        assert_eq!(key_hash("a"), key_hash("a"));
        assert_ne!(key_hash("a"), key_hash("b"));
        assert_eq!(size_of::<(KeyHash, u32)>(), 12);
    }
}

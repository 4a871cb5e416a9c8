//! The three indexes of a gazetteer (id, name key, domain) and the rule that
//! no two outlets share a key.
//!
//! Shared with the crate's build script: building the index is where a file's
//! duplicate ids, names and domains are found, for a user's file and the
//! built-in one alike.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::error::GazetteerError;
use super::key::name_key;
use super::outlet::Outlet;

/// Outlet positions by id, name key and domain. Keys are borrowed when they
/// come from the built-in table, which lives as long as the program.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Index {
    by_id: KeyMap,
    by_name: KeyMap,
    by_domain: KeyMap,
    /// The last word of every name key: a name can end only with one of
    /// these, which rules out most words before `said` without building the
    /// names that end with them.
    last_words: WordSet,
    /// A filter of `last_words`: bit [`word_bit`] of each of them is set, so
    /// a word whose bit is clear (most words before a `said`: about three
    /// in four of all bits are clear) is no last word, without hashing it.
    last_word_bits: WordBits,
    /// The first word of every name key, likewise: most runs of capitalised
    /// words before a `said` start with none of these.
    first_words: WordSet,
}

/// A set of name-key words. Asked of most words before a `said` and after a
/// cue, so hashed with foldhash, made for short keys, rather than the default
/// SipHash: the words hashed are the gazetteer's and the input's, but only
/// the gazetteer's are inserted, so no input can crowd the table.
type WordSet = HashSet<Cow<'static, [u8]>, foldhash::fast::FixedState>;

/// The bits of a [`word_bit`] filter.
type WordBits = [u64; 16];

/// A word's bit in a [`WordBits`] filter: from its length and its first and
/// last bytes, which tell most words apart from the few hundred last words
/// of the names.
fn word_bit(word: &[u8]) -> usize {
    let (first, last) = (word.first().copied(), word.last().copied());
    let mixed =
        word.len() * 131 + usize::from(first.unwrap_or(0)) * 31 + usize::from(last.unwrap_or(0));
    mixed % (64 * 16)
}

/// The [`word_bit`] filter of `words`.
fn word_bits<'w>(words: impl Iterator<Item = &'w [u8]>) -> WordBits {
    let mut bits = [0u64; 16];
    for word in words {
        let bit = word_bit(word);
        if let Some(slot) = bits.get_mut(bit / 64) {
            *slot |= 1 << (bit % 64);
        }
    }
    bits
}

/// Outlet positions by a key: asked of every name and host an article cites,
/// so hashed with foldhash as [`WordSet`] is, and for the same reason: only
/// the gazetteer's keys are inserted.
type KeyMap = HashMap<Cow<'static, str>, usize, foldhash::fast::FixedState>;

/// How [`Index::build`] reports two outlets claiming one key.
#[derive(Clone, Copy)]
pub(crate) enum Clash {
    /// Both come from one file: [`GazetteerError::Duplicate`].
    Duplicate,
    /// They come from a merge: [`GazetteerError::Conflict`].
    Conflict,
}

impl Index {
    /// Indexes `outlets`, checking that no two claim an id, a name key or a
    /// domain. `lines` holds each outlet's line, where known; a clash is
    /// reported as `clash` says.
    pub(crate) fn build(
        outlets: &[Outlet],
        lines: &[Option<usize>],
        clash: Clash,
    ) -> Result<Index, GazetteerError> {
        let mut index = Index::with_capacity(outlets);
        for (i, outlet) in outlets.iter().enumerate() {
            let line = |i: usize| lines.get(i).copied().flatten();
            let clash = |what: &'static str, key: &str, other: usize| match clash {
                Clash::Duplicate => GazetteerError::Duplicate {
                    line: line(i).unwrap_or_default(),
                    id: outlet.id.clone(),
                    what,
                    key: key.to_owned(),
                    other: outlets[other].id.clone(),
                },
                Clash::Conflict => GazetteerError::Conflict {
                    line: line(i).or_else(|| line(other)),
                    what,
                    key: key.to_owned(),
                    first: outlets[other].id.clone(),
                    second: outlet.id.clone(),
                },
            };
            if let Some(&other) = index.by_id.get(outlet.id.as_str()) {
                return Err(clash("id", &outlet.id, other));
            }
            index.by_id.insert(Cow::Owned(outlet.id.clone()), i);
            for name in outlet.names() {
                let key = name_key(name);
                match index.by_name.get(key.as_str()) {
                    Some(&other) if other != i => return Err(clash("name", &key, other)),
                    _ => {
                        index
                            .last_words
                            .insert(Cow::Owned(last_word(&key).as_bytes().to_owned()));
                        index
                            .first_words
                            .insert(Cow::Owned(first_word(&key).as_bytes().to_owned()));
                        index.by_name.insert(Cow::Owned(key), i);
                    }
                }
            }
            for domain in &outlet.domains {
                match index.by_domain.get(domain.as_str()) {
                    Some(&other) if other != i => return Err(clash("domain", domain, other)),
                    _ => {
                        index.by_domain.insert(Cow::Owned(domain.clone()), i);
                    }
                }
            }
        }
        index.last_word_bits = word_bits(index.last_words.iter().map(|w| &**w));
        Ok(index)
    }

    /// An index of keys already checked (by [`Index::build`], when the crate
    /// was built): each `(key, position)` is inserted as it is, unchecked.
    pub(crate) fn trusted(
        ids: impl ExactSizeIterator<Item = (&'static str, usize)>,
        names: impl ExactSizeIterator<Item = (&'static str, usize)>,
        domains: impl ExactSizeIterator<Item = (&'static str, usize)>,
    ) -> Index {
        let names: Vec<(&'static str, usize)> = names.collect();
        let last_words: WordSet = names
            .iter()
            .map(|&(key, _)| Cow::Borrowed(last_word(key).as_bytes()))
            .collect();
        Index {
            by_id: borrowed(ids),
            last_word_bits: word_bits(last_words.iter().map(|w| &**w)),
            last_words,
            first_words: names
                .iter()
                .map(|&(key, _)| Cow::Borrowed(first_word(key).as_bytes()))
                .collect(),
            by_name: borrowed(names.into_iter()),
            by_domain: borrowed(domains),
        }
    }

    /// Maps sized for `outlets`: one id each, and about as many names and
    /// domains as those outlets have.
    fn with_capacity(outlets: &[Outlet]) -> Index {
        let names = outlets.iter().map(|o| 1 + o.aliases.len()).sum();
        let domains = outlets.iter().map(|o| o.domains.len()).sum();
        Index {
            by_id: KeyMap::with_capacity_and_hasher(outlets.len(), Default::default()),
            by_name: KeyMap::with_capacity_and_hasher(names, Default::default()),
            by_domain: KeyMap::with_capacity_and_hasher(domains, Default::default()),
            last_words: WordSet::with_capacity_and_hasher(names, Default::default()),
            // Set from `last_words` once they are all in.
            last_word_bits: [0; 16],
            first_words: WordSet::with_capacity_and_hasher(names, Default::default()),
        }
    }

    /// The position of the outlet with this id.
    pub(crate) fn id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The position of the outlet with this name key.
    pub(crate) fn name(&self, key: &str) -> Option<usize> {
        self.by_name.get(key).copied()
    }

    /// Whether some name key ends with the word `key` (a name key of one
    /// word).
    pub(crate) fn ends_a_name(&self, key: &[u8]) -> bool {
        let bit = word_bit(key);
        let maybe = self
            .last_word_bits
            .get(bit / 64)
            .is_some_and(|bits| bits & (1 << (bit % 64)) != 0);
        maybe && self.last_words.contains(key)
    }

    /// Whether some name key starts with the word `key` (a name key of one
    /// word).
    pub(crate) fn starts_a_name(&self, key: &[u8]) -> bool {
        self.first_words.contains(key)
    }

    /// The position of the outlet claiming this domain.
    pub(crate) fn domain(&self, domain: &str) -> Option<usize> {
        self.by_domain.get(domain).copied()
    }
}

/// The first word of a name key (words are separated by one space).
fn first_word(key: &str) -> &str {
    key.split(' ').next().unwrap_or(key)
}

/// The last word of a name key (words are separated by one space).
fn last_word(key: &str) -> &str {
    key.rsplit(' ').next().unwrap_or(key)
}

/// A map of static keys, sized once.
fn borrowed(keys: impl ExactSizeIterator<Item = (&'static str, usize)>) -> KeyMap {
    let mut map = KeyMap::with_capacity_and_hasher(keys.len(), Default::default());
    map.extend(keys.map(|(key, i)| (Cow::Borrowed(key), i)));
    map
}

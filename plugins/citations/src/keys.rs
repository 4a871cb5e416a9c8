//! Citation keys: `bibtex` entry keys and `csl-json` ids.
//!
//! A key is `{stem}{year}{word}`, lower-case ASCII letters and digits only:
//!
//! - `stem`: the outlet id when a linker resolved the outlet (`bbc`), else the
//!   first label of the registrable domain when a linker gave URL facts
//!   (`hngn` of `hngn.com`), else the first label of the URL's host after a
//!   leading `www.` (`hngn` of `www.hngn.com`); `article` when nothing is left.
//!   At most 24 characters.
//! - `year`: the article's year, four digits.
//! - `word`: the first word of the headline that is not a short function word
//!   (`a`, `the`, `of`, ...), at most 24 characters; nothing if the headline has
//!   no such word.
//!
//! Each word is lower-cased and folded to ASCII: Latin letters lose their
//! accents (`é` → `e`, `ß` → `ss`, `æ` → `ae`), anything else that is not an
//! ASCII letter or digit is dropped (`De-escalate` → `deescalate`, `日本` →
//! nothing, so the next word is tried).
//!
//! Keys are unique within one document: a key already given gets the suffix `a`,
//! then `b`, ..., `z`, `aa`, `ab`, ... (the first free one), so the first
//! article keeps the plain key and the output does not depend on anything but the
//! articles and their order. A new document (`begin`) starts afresh.
//!
//! Memory: the keys given so far are remembered as 64-bit FNV-1a hashes, not as
//! strings: about 16 bytes per article (a million articles: about 16 MB). Two
//! different keys with the same hash only make the second skip to its next
//! suffix (a key is never given twice, since every given key's hash is
//! remembered); the hash is fixed, so the output stays deterministic.

use std::collections::HashSet;

/// The most characters taken from the stem, and from the headline word.
const MAX_PART: usize = 24;

/// Function words skipped when choosing the headline word.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "of",
    "on", "or", "the", "to", "was", "with",
];

/// Hands out unique keys within one document.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    given: HashSet<u64>,
}

impl Keys {
    /// Forgets every key given: a new document.
    pub(crate) fn clear(&mut self) {
        self.given = HashSet::new();
    }

    /// The key for an article, unique among those this `Keys` has given.
    pub(crate) fn next(&mut self, stem: &str, year: u16, title: &str) -> String {
        let mut key = base(stem, year, title);
        if self.given.insert(fnv1a(&key)) {
            return key;
        }
        let base_len = key.len();
        for n in 0u64.. {
            key.truncate(base_len);
            push_suffix(&mut key, n);
            if self.given.insert(fnv1a(&key)) {
                break;
            }
        }
        key
    }
}

/// The key before any collision suffix.
pub(crate) fn base(stem: &str, year: u16, title: &str) -> String {
    let mut key = String::with_capacity(MAX_PART * 2 + 4);
    fold_into(&mut key, stem, MAX_PART);
    if key.is_empty() {
        key.push_str("article");
    }
    key.push_str(&format!("{year:04}"));
    let mut word = String::with_capacity(MAX_PART);
    for candidate in title.split_whitespace() {
        word.clear();
        fold_into(&mut word, candidate, MAX_PART);
        if !word.is_empty() && !STOP_WORDS.contains(&word.as_str()) {
            key.push_str(&word);
            break;
        }
    }
    key
}

/// The collision suffix number `n`: `a` .. `z`, `aa` .. `az`, `ba`, ...
/// (bijective base 26).
fn push_suffix(key: &mut String, n: u64) {
    let mut letters = Vec::new();
    let mut n = n + 1;
    while n > 0 {
        n -= 1;
        letters.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    letters.reverse();
    key.extend(letters.into_iter().map(char::from));
}

/// Appends `s` lower-cased and folded to ASCII letters and digits, at most `max`
/// characters.
fn fold_into(out: &mut String, s: &str, max: usize) {
    let start = out.len();
    for c in s.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'a'..='z' | '0'..='9' => {
                if out.len() - start < max {
                    out.push(c);
                }
                continue;
            }
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
            'ĥ' | 'ħ' => "h",
            'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
            'ĵ' => "j",
            'ķ' => "k",
            'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
            'ñ' | 'ń' | 'ņ' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
            'ŕ' | 'ŗ' | 'ř' => "r",
            'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
            'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
            'ŵ' => "w",
            'ý' | 'ÿ' | 'ŷ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            'þ' => "th",
            _ => continue,
        };
        for f in folded.chars() {
            if out.len() - start < max {
                out.push(f);
            }
        }
    }
}

/// 64-bit FNV-1a: a fixed hash, so that which suffix a key gets never depends
/// on a random seed.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_keys() {
        assert_eq!(
            base("hngn", 2022, "Macron Heads To Meet Putin"),
            "hngn2022macron"
        );
        assert_eq!(base("bbc", 2022, "The Talks: A Plan"), "bbc2022talks");
        assert_eq!(base("", 987, "日本 Ünïcødé—news"), "article0987unicodenews");
        assert_eq!(
            base("Le-Monde.fr", 2022, "Œuvre d'été"),
            "lemondefr2022oeuvre"
        );
        assert_eq!(base("x", 2022, "{} \\ %"), "x2022");
        assert_eq!(
            base(&"s".repeat(40), 2022, &"w".repeat(40)),
            format!("{}2022{}", "s".repeat(24), "w".repeat(24))
        );
    }

    #[test]
    fn collisions_get_suffixes_in_order() {
        let mut keys = Keys::default();
        let got: Vec<String> = (0..29).map(|_| keys.next("x", 2022, "Talks")).collect();
        assert_eq!(got[0], "x2022talks");
        assert_eq!(got[1], "x2022talksa");
        assert_eq!(got[26], "x2022talksz");
        assert_eq!(got[27], "x2022talksaa");
        assert_eq!(got[28], "x2022talksab");
        // A base key that looks like a suffixed one is still kept apart.
        assert_eq!(keys.next("x", 2022, "Talksa"), "x2022talksac");
        keys.clear();
        assert_eq!(keys.next("x", 2022, "Talks"), "x2022talks");
    }
}

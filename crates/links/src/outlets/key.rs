//! Name keys: the form in which outlet names and aliases are compared.
//!
//! A name key is the name put in the [`normalize`](crate::text::normalize)d
//! form (NFKC, lowercase, unified quotes and dashes), accents removed, `&` read
//! as `and`, apostrophes and dots deleted (`Barron's` → `barrons`, `U.S.` →
//! `us`), every other non-alphanumeric character read as a space, spaces
//! collapsed, and a leading `the` dropped when another word follows.
//!
//! Shared with the crate's build script, which keys the built-in names once,
//! when the crate is built.

use crate::text;

/// The name key of a name or alias (see the [module docs](self)).
pub(crate) fn name_key(name: &str) -> String {
    if name.is_ascii() {
        name_key_ascii(name)
    } else if let Some(ascii) = latin_as_ascii(name) {
        name_key_ascii(&ascii)
    } else {
        name_key_unicode(name)
    }
}

/// The first code point of [`LATIN_KEYS`].
const LATIN_FIRST: u32 = 0xC0;

/// The keys of the Latin letters U+00C0 to U+024F (Latin-1, Extended-A and
/// -B), from [`name_key_unicode`] itself: `é` → `e`, `ß` → `ss`, `Ł` → `l`;
/// empty for the characters there whose key is not ASCII letters, alone and
/// inside a word (`×`, `÷`, `Ŀ`).
fn latin_keys() -> &'static [String] {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        (LATIN_FIRST..=0x24F)
            .map(|u| {
                let Some(c) = char::from_u32(u) else {
                    return String::new();
                };
                let key = name_key_unicode(c.encode_utf8(&mut [0; 4]));
                let letters = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric());
                // Inside a word too (`Ŀ` is `L·`, which breaks one).
                if letters && name_key_unicode(&format!("a{c}a")) == format!("a{key}a") {
                    key
                } else {
                    String::new()
                }
            })
            .collect()
    })
}

/// `name` made ASCII with the same key, when it can be done a character at a
/// time: typographic quotes and dashes unified (`Reuters’`), and the Latin
/// letters of [`latin_keys`] replaced by their keys (`Le Monde Diplomatique`
/// with its accents, `Süddeutsche Zeitung`). NFKC and accent folding then
/// change nothing, and [`name_key_ascii`] gives the key at a fraction of the
/// cost of [`name_key_unicode`]: the spaced attributions look up names such
/// as `Sánchez` and `Bogotá`. `None` for any other character.
fn latin_as_ascii(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let unified = text::unify_punctuation(c);
        if c.is_ascii() || (!c.is_alphanumeric() && unified.is_ascii()) {
            out.push(unified);
            continue;
        }
        let at = usize::try_from(u32::from(c).checked_sub(LATIN_FIRST)?).ok()?;
        match latin_keys().get(at) {
            Some(key) if !key.is_empty() => out.push_str(key),
            _ => return None,
        }
    }
    Some(out)
}

/// [`name_key`] of ASCII text in one pass and one allocation: NFKC and accent
/// folding change nothing there, so the key is the lowercase ASCII letters and
/// digits, with `'`, `.` and the backtick (which [`text::normalize`] makes an
/// apostrophe) deleted, `&` read as the word `and`, and any other character a
/// word break. Source names are looked up once per attribution, and the general
/// path builds five strings each time. A property test holds it to
/// [`name_key_unicode`].
fn name_key_ascii(name: &str) -> String {
    /// Appends a character of a word, after one space if a word break came
    /// since the previous word.
    fn push_word_char(key: &mut String, c: char, word_break: &mut bool) {
        if *word_break && !key.is_empty() {
            key.push(' ');
        }
        *word_break = false;
        key.push(c);
    }
    let mut key = String::with_capacity(name.len());
    // Whether a word break came since the last character of a word.
    let mut word_break = false;
    for b in name.bytes() {
        match b {
            b'\'' | b'.' | b'`' => {}
            b'&' => {
                word_break = true;
                for c in ['a', 'n', 'd'] {
                    push_word_char(&mut key, c, &mut word_break);
                }
                word_break = true;
            }
            b if b.is_ascii_alphanumeric() => {
                push_word_char(
                    &mut key,
                    char::from(b.to_ascii_lowercase()),
                    &mut word_break,
                );
            }
            _ => word_break = true,
        }
    }
    // A leading `the` goes when another word follows it.
    if key.starts_with("the ") {
        key.drain(..4);
    }
    key
}

/// The last word of [`name_key`] of an ASCII `name` without a dot, written
/// into `buf`, without building the key: the reporting-verb check asks it of
/// every word before a `said` ([`Gazetteer::may_end_source`]), most of
/// which end no name. `None` when the word does not fit in `buf`; empty
/// when the key is empty. Bytes (ASCII), as the index's word sets hold them:
/// no UTF-8 check on the way.
///
/// [`Gazetteer::may_end_source`]: super::Gazetteer
pub(crate) fn last_key_word_ascii<'b>(name: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    debug_assert!(name.is_ascii() && !name.contains('.'));
    // `edge_key_word`'s reading, from the end and on indices (this runs for
    // most words before a `said`): the letters go into the end of `buf`, so
    // that they need no reversing.
    let bytes = name.as_bytes();
    let deleted = |b: u8| matches!(b, b'\'' | b'`');
    let mut end = bytes.len();
    while let Some(&b) = end.checked_sub(1).and_then(|i| bytes.get(i)) {
        if b.is_ascii_alphanumeric() {
            break;
        }
        if b == b'&' {
            return Some(b"and");
        }
        end -= 1;
    }
    let mut start = buf.len();
    while let Some(&b) = end.checked_sub(1).and_then(|i| bytes.get(i)) {
        if !deleted(b) {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            start = start.checked_sub(1)?;
            *buf.get_mut(start)? = b.to_ascii_lowercase();
        }
        end -= 1;
    }
    buf.get(start..)
}

/// The first word of [`name_key_ascii`]'s key of `name` (ASCII, without a
/// dot), written into `buf`, as [`last_key_word_ascii`] gives the last;
/// `None` when it does not fit. A leading `the` is given as it is: the key
/// drops it only when another word follows.
pub(crate) fn first_key_word_ascii<'b>(name: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    debug_assert!(name.is_ascii() && !name.contains('.'));
    match edge_key_word(name.bytes(), buf)? {
        EdgeWord::And => Some(b"and"),
        EdgeWord::Letters(len) => buf.get(..len),
    }
}

/// The key word at one end of a name: the word `and` (of a `&`), or the
/// letters and digits [`edge_key_word`] wrote.
enum EdgeWord {
    And,
    Letters(usize),
}

/// The first key word of `bytes` (a name's), as
/// [`name_key_ascii`] makes words: `'` and the backtick deleted, `&` the word
/// `and`, any other character that is not a letter or digit a break (breaks
/// before the word add none). Its letters, lowercased, go into `buf` in the
/// order read; `None` when they do not fit.
fn edge_key_word(bytes: impl Iterator<Item = u8>, buf: &mut [u8]) -> Option<EdgeWord> {
    let mut bytes = bytes.filter(|b| !matches!(b, b'\'' | b'`'));
    let mut next = bytes
        .by_ref()
        .find(|b| b.is_ascii_alphanumeric() || *b == b'&');
    if next == Some(b'&') {
        return Some(EdgeWord::And);
    }
    let mut len = 0;
    while let Some(b) = next.filter(u8::is_ascii_alphanumeric) {
        *buf.get_mut(len)? = b.to_ascii_lowercase();
        len += 1;
        next = bytes.next();
    }
    Some(EdgeWord::Letters(len))
}

/// [`name_key`] of any text: normalised, accents folded, then split into words.
fn name_key_unicode(name: &str) -> String {
    let folded = text::fold_accents(&text::normalize(name));
    let mut key = String::with_capacity(folded.len());
    for c in folded.chars() {
        match c {
            '\'' | '.' => {}
            '&' => key.push_str(" and "),
            c if c.is_alphanumeric() => key.push(c),
            _ => key.push(' '),
        }
    }
    let words: Vec<&str> = key.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys_ignore_case_the_punctuation_and_accents() {
        assert_eq!(name_key("The Associated Press"), "associated press");
        assert_eq!(name_key("  the   ASSOCIATED press. "), "associated press");
        assert_eq!(name_key("Barron’s"), "barrons");
        assert_eq!(
            name_key("U.S. News & World Report"),
            "us news and world report"
        );
        assert_eq!(name_key("RFE/RL"), "rfe rl");
        assert_eq!(name_key("Agence France-Presse"), "agence france presse");
        assert_eq!(name_key("RTÉ"), "rte");
        assert_eq!(name_key("The"), "the");
        assert_eq!(name_key("!!!"), "");
    }

    #[test]
    fn ascii_name_keys_agree_with_the_general_path() {
        for name in [
            "The Associated Press",
            "  the   ASSOCIATED press. ",
            "U.S. News & World Report",
            "AT&T",
            "&&",
            "&the",
            "the&",
            "the &x",
            "The",
            "the the",
            "The\x0bTimes",
            "a\x1fb",
            "Barron`s",
            "Barron's",
            "RFE/RL",
            "",
            "!!!",
            "theodore x",
        ] {
            assert_eq!(name_key_ascii(name), name_key_unicode(name), "{name:?}");
        }
        for b in 0u8..128 {
            let name = format!("the x{}Y {} z", char::from(b), char::from(b));
            assert_eq!(name_key_ascii(&name), name_key_unicode(&name), "byte {b}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_name_key_agrees_on_any_ascii(name in "[\\x00-\\x7f]{0,40}") {
            proptest::prop_assert_eq!(name_key_ascii(&name), name_key_unicode(&name));
        }

        #[test]
        fn the_last_key_word_is_the_keys_last_word(
            name in "(?-u:(the|a|&|[a-zA-Z0-9]{1,6}|[ '`&/,-]{1,3}){0,8})"
        ) {
            let key = name_key_ascii(&name);
            let mut buf = [0u8; 64];
            proptest::prop_assert_eq!(
                last_key_word_ascii(&name, &mut buf),
                Some(key.rsplit(' ').next().unwrap_or_default().as_bytes())
            );
        }

        #[test]
        fn the_first_key_word_is_the_keys_first_word_but_the(
            name in "(?-u:(the|a|&|[a-zA-Z0-9]{1,6}|[ '`&/,-]{1,3}){0,8})"
        ) {
            let key = name_key_ascii(&name);
            let mut buf = [0u8; 64];
            let first = first_key_word_ascii(&name, &mut buf)
                .map(|w| String::from_utf8_lossy(w).into_owned());
            // The key drops a leading `the` that another word follows.
            let kept_the = format!("the {key}");
            let key = if first.as_deref() == Some("the") && key != "the" { &kept_the } else { &key };
            proptest::prop_assert_eq!(first.as_deref(), Some(key.split(' ').next().unwrap_or_default()));
        }

        #[test]
        fn the_ascii_name_key_agrees_on_name_like_ascii(
            name in "(?i)(the|a|&|and|[a-z0-9]{1,6}|[ .'`&/-]{1,3}){0,8}"
        ) {
            // `(?i)` also yields non-ASCII letters (`ſ`, the Kelvin sign): those
            // take the general path.
            proptest::prop_assert_eq!(name_key(&name), name_key_unicode(&name));
        }

        #[test]
        fn latin_letters_take_the_ascii_path_to_the_same_key(
            name in "(?-u:[a-zA-Z0-9 .'&-]){0,8}[\u{c0}-\u{24f}]{1,3}(?-u:[a-zA-Z0-9 .'&-]){0,8}[\u{c0}-\u{24f}\u{2019}]{0,2}"
        ) {
            proptest::prop_assert_eq!(name_key(&name), name_key_unicode(&name));
        }

        #[test]
        fn typographic_punctuation_takes_the_ascii_path_to_the_same_key(
            name in "(?-u:[a-zA-Z0-9 .'&]){0,12}[\u{2018}\u{2019}\u{201C}\u{201D}\u{2013}\u{2014}\u{b4}\u{ab}\u{bb}\u{2212}]{1,3}(?-u:[a-zA-Z0-9 .'&]){0,12}"
        ) {
            proptest::prop_assert_eq!(name_key(&name), name_key_unicode(&name));
        }
    }
}

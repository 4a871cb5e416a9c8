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
    } else if name
        .chars()
        .all(|c| c.is_ascii() || (!c.is_alphanumeric() && text::unify_punctuation(c).is_ascii()))
    {
        // Typographic quotes and dashes (`Reuters’`) are made ASCII before
        // anything else is done to a name: its key is then the ASCII one.
        name_key_ascii(
            &name
                .chars()
                .map(text::unify_punctuation)
                .collect::<String>(),
        )
    } else {
        name_key_unicode(name)
    }
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
        fn the_ascii_name_key_agrees_on_name_like_ascii(
            name in "(?i)(the|a|&|and|[a-z0-9]{1,6}|[ .'`&/-]{1,3}){0,8}"
        ) {
            // `(?i)` also yields non-ASCII letters (`ſ`, the Kelvin sign): those
            // take the general path.
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

//! Promo lines: `<label>:<headline of another article>`.
//!
//! A line is a promo only when it *starts* with a known label, written with any case
//! and any single run of spaces between its words, followed by a colon. A paragraph
//! that merely contains a colon ("He said: ...") never matches, because its opening
//! words are not a label.

/// The labels recognised, lower case, words separated by one space.
///
/// The seed shows `Read Also` and `Related Article`; the rest are the variants news
/// sites use for the same promo box.
pub const PROMO_LABELS: &[&str] = &[
    "read also",
    "also read",
    "read more",
    "related",
    "related article",
    "related articles",
    "related story",
    "related stories",
    "related news",
    "related coverage",
    "related content",
    "related reading",
    "see also",
    "also see",
    "recommended",
    "recommended reading",
    "you may also like",
];

/// The first words of the [`PROMO_LABELS`], each once: a line starting with
/// another word is no promo.
const LABEL_FIRST_WORDS: &[&str] = &["read", "also", "related", "see", "recommended", "you"];

/// Whether a byte can start a promo line: the first letter of one of the
/// [`LABEL_FIRST_WORDS`], in either case. Built from that list, so the two
/// cannot disagree; a table lookup is the one test most paragraphs take.
const STARTS_LABEL: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < LABEL_FIRST_WORDS.len() {
        let first = LABEL_FIRST_WORDS[i].as_bytes()[0];
        table[first as usize] = true;
        table[first.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    table
};

/// The longest label, in words: the parser never reads further than this.
const MAX_LABEL_WORDS: usize = 4;

/// How far into a line the colon of a promo can be: the longest label, with room
/// for doubled spaces around its words and the colon. A line whose first colon is
/// further away is a paragraph, decided without running the parser.
const MAX_LABEL_BYTES: usize = 40;

/// A promo line split into its parts (all slices of the line content).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Promo<'a> {
    pub label: &'a str,
    pub separator: &'a str,
    pub title: &'a str,
}

/// The label words and the separator (spaces, colon, spaces): the rest of the
/// line, the label and the separator. Read byte by byte: the label is a few
/// ASCII words, and this runs for every line that starts with a label's word.
fn label_and_separator(input: &str) -> Option<(&str, &str, &str)> {
    let bytes = input.as_bytes();
    let blanks = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count()
    };
    let mut words = [""; MAX_LABEL_WORDS];
    let mut count = 0;
    // The end of the last word read, and where the next one may start.
    let (mut end, mut at) = (0, 0);
    loop {
        let len = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        if len == 0 {
            // Blanks not followed by a word belong to the separator.
            break;
        }
        *words.get_mut(count)? = &input[at..at + len];
        count += 1;
        end = at + len;
        match blanks(end) {
            0 => break,
            n => at = end + n,
        }
    }
    if count == 0 || !is_label(&words[..count]) {
        return None;
    }
    let before_colon = end + blanks(end);
    if bytes.get(before_colon) != Some(&b':') {
        return None;
    }
    let title = before_colon + 1 + blanks(before_colon + 1);
    Some((&input[title..], &input[..end], &input[end..title]))
}

fn is_label(words: &[&str]) -> bool {
    // Lower-case the words into one buffer, single-spaced, and look that up: no
    // allocation, one pass over a few bytes.
    let mut buf = [0u8; MAX_LABEL_BYTES];
    let mut len = 0;
    for (i, word) in words.iter().enumerate() {
        let needed = usize::from(i > 0) + word.len();
        let Some(slot) = buf.get_mut(len..len + needed) else {
            return false;
        };
        let (space, rest) = slot.split_at_mut(usize::from(i > 0));
        space.fill(b' ');
        rest.copy_from_slice(word.as_bytes());
        rest.make_ascii_lowercase();
        len += needed;
    }
    PROMO_LABELS
        .iter()
        .any(|known| known.as_bytes() == &buf[..len])
}

/// Reads `content` (a trimmed, non-empty line) as a promo.
///
/// Returns `Err(true)` when the line is a label with nothing after it (`Read Also:`):
/// not a promo, but worth a warning; `Err(false)` when it is no promo at all.
#[inline]
pub(crate) fn promo(content: &str) -> Result<Promo<'_>, bool> {
    // Cheap rejections first, most paragraphs failing the first: the first
    // letter is no label's first word's (one byte, looked up in a table where
    // the caller is, before any call); the first word is no label's ("The",
    // "He said: ..."); no colon follows within a label's length. Only then is
    // the label read.
    match content.as_bytes().first() {
        Some(&first) if STARTS_LABEL[usize::from(first)] => labelled(content),
        _ => Err(false),
    }
}

/// [`promo`] of a line whose first byte may start a label.
#[inline(never)]
fn labelled(content: &str) -> Result<Promo<'_>, bool> {
    let bytes = content.as_bytes();
    let window = &bytes[..bytes.len().min(MAX_LABEL_BYTES)];
    let first_word = window
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .map_or(window, |end| &window[..end]);
    if !LABEL_FIRST_WORDS
        .iter()
        .any(|first| first.as_bytes().eq_ignore_ascii_case(first_word))
    {
        return Err(false);
    }
    if !window[first_word.len()..].contains(&b':') {
        return Err(false);
    }
    match label_and_separator(content) {
        Some((title, label, separator)) if !title.is_empty() => Ok(Promo {
            label,
            separator,
            title,
        }),
        Some(_) => Err(true),
        None => Err(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(line: &str) -> Option<&str> {
        promo(line).ok().map(|p| p.title)
    }

    #[test]
    fn the_seed_labels() {
        let p = promo("Read Also:US, Russia Still Open for Diplomacy").unwrap();
        assert_eq!(
            p,
            Promo {
                label: "Read Also",
                separator: ":",
                title: "US, Russia Still Open for Diplomacy"
            }
        );
        let p = promo("Related Article:Biden Set To Visit Israel").unwrap();
        assert_eq!(p.label, "Related Article");
    }

    #[test]
    fn variants_are_case_insensitive_with_optional_spaces() {
        for line in [
            "Also Read: Headline",
            "READ MORE:Headline",
            "related: Headline",
            "See Also : Headline",
            "Related Story:  Headline",
            "Read  also:Headline",
            "You may also like: Headline",
        ] {
            assert_eq!(title(line), Some("Headline"), "{line}");
        }
        let p = promo("See Also : Headline").unwrap();
        assert_eq!(p.separator, " : ");
    }

    #[test]
    fn titles_may_contain_colons() {
        assert_eq!(
            title("Read Also: Ukraine: What We Know"),
            Some("Ukraine: What We Know")
        );
    }

    #[test]
    fn paragraphs_with_colons_are_not_promos() {
        for line in [
            "He said: the talks will go on.",
            "Related to this: the talks will go on.",
            "Read the statement: it is short.",
            "Also: more news",
            "Reading Also: x",
            "Read Alsox: y",
            "2022: a year",
            ": Headline",
            "Related",
        ] {
            assert_eq!(promo(line), Err(false), "{line}");
        }
    }

    #[test]
    fn the_first_words_are_those_of_the_labels() {
        let mut firsts: Vec<&str> = PROMO_LABELS
            .iter()
            .filter_map(|label| label.split(' ').next())
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        let mut listed = LABEL_FIRST_WORDS.to_vec();
        listed.sort_unstable();
        assert_eq!(firsts, listed);
    }

    #[test]
    fn the_first_byte_table_is_that_of_the_first_words() {
        for b in 0..=u8::MAX {
            let starts = LABEL_FIRST_WORDS
                .iter()
                .any(|word| word.as_bytes()[0].eq_ignore_ascii_case(&b));
            assert_eq!(STARTS_LABEL[usize::from(b)], starts, "byte {b:#04x}");
        }
    }

    proptest::proptest! {
        /// What `lint` tests before reading a line: a label alone ends with
        /// its colon, blanks aside.
        #[test]
        fn a_label_alone_ends_with_its_colon(
            line in "(Read Also|related|See  also|You may also like|Readx)[ \t:]{0,4}[a-z:]{0,2}[ \t]{0,2}",
        ) {
            if promo(&line) == Err(true) {
                proptest::prop_assert!(line.trim_end_matches([' ', '\t']).ends_with(':'), "{line:?}");
            }
        }
    }

    #[test]
    fn a_label_alone_is_flagged_but_not_a_promo() {
        assert_eq!(promo("Read Also:"), Err(true));
        assert_eq!(promo("Related Article: "), Err(true));
    }
}

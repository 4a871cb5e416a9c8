//! Promo lines: `<label>:<headline of another article>`.
//!
//! A line is a promo only when it *starts* with a known label, written with any case
//! and any single run of spaces between its words, followed by a colon. A paragraph
//! that merely contains a colon ("He said: ...") never matches, because its opening
//! words are not a label.

use nom::bytes::complete::take_while;
use nom::character::complete::{alpha1, char, space0, space1};
use nom::multi::separated_list1;
use nom::{IResult, Parser};

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

/// The label words and the separator (spaces, colon, spaces).
fn label_and_separator(input: &str) -> IResult<&str, (&str, &str)> {
    let (rest, words) = separated_list1(space1, alpha1).parse(input)?;
    let label = &input[..input.len() - rest.len()];
    if words.len() > MAX_LABEL_WORDS || !is_label(&words) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        )));
    }
    let (after, _) = (space0, char(':'), take_while(|c| c == ' ' || c == '\t')).parse(rest)?;
    let separator = &rest[..rest.len() - after.len()];
    Ok((after, (label, separator)))
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
pub(crate) fn promo(content: &str) -> Result<Promo<'_>, bool> {
    // Cheap rejection first: a label starts with an ASCII letter and a colon follows
    // within a few words. Most paragraphs fail one of these.
    let bytes = content.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        return Err(false);
    }
    let window = &bytes[..bytes.len().min(MAX_LABEL_BYTES)];
    if memchr::memchr(b':', window).is_none() {
        return Err(false);
    }
    // "He said: ..." has its colon early too: its first word starts no label.
    let first_word = window
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .map_or(window, |end| &window[..end]);
    if !PROMO_LABELS.iter().any(|label| {
        let first = label.split(' ').next().unwrap_or(label);
        first.as_bytes().eq_ignore_ascii_case(first_word)
    }) {
        return Err(false);
    }
    match label_and_separator(content) {
        Ok((title, (label, separator))) if !title.is_empty() => Ok(Promo {
            label,
            separator,
            title,
        }),
        Ok(_) => Err(true),
        Err(_) => Err(false),
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
    fn a_label_alone_is_flagged_but_not_a_promo() {
        assert_eq!(promo("Read Also:"), Err(true));
        assert_eq!(promo("Related Article: "), Err(true));
    }
}

//! Spaced attributions: `according to Reuters`, `told the BBC`, `Reuters
//! reported`, `(AP)`, found in a paragraph's plain text when the source named
//! is an outlet of a [`Gazetteer`] (built-in or a user file).
//!
//! The parser finds glued attributions (`PerBBC,the`) on its own, since the
//! glue is the defect it repairs. Spaced ones read like any prose, so a cue is
//! taken only with an outlet the gazetteer knows right after it (or right
//! before a reporting verb, or alone in parentheses), written with a capital:
//! `per cent`, `Per Nilsson`, `per Article 5` and `according to officials`
//! name no outlet and are not attributions.
//!
//! | cue | the source is | example |
//! | --- | --- | --- |
//! | `according to`, `per`, `reported by`, `told` | the words after it (an optional `the` first) | `according to Reuters`, `told the BBC` |
//! | `reported`, `reports`, `said`, `says` | the words before it | `Reuters reported` |
//! | `()` | the whole text in parentheses | `(AP)` |
//!
//! The longest run of at most [`MAX_SOURCE_WORDS`] words that the gazetteer
//! knows ([`Gazetteer::lookup_source`]) is the source; a run stops at
//! punctuation (`BBC,` ends one) and `'s` is dropped (`Reuters's`).
//!
//! ```
//! use dateline_links::Gazetteer;
//! use dateline_links::spaced::find;
//!
//! let found = find("Talks stalled, according to Reuters. Officials told the BBC on Monday.", Gazetteer::builtin());
//! let sources: Vec<(&str, &str)> = found.iter().map(|a| (a.cue.as_str(), a.source.as_str())).collect();
//! assert_eq!(sources, [("according to", "Reuters"), ("told", "BBC")]);
//! assert!(find("Prices rose 3 per cent, according to officials.", Gazetteer::builtin()).is_empty());
//! ```

use dateline_core::{Article, Inline};
use serde::{Deserialize, Serialize};

use crate::outlets::{Gazetteer, Outlet};

/// The most words a spaced source may have (`The Wall Street Journal`).
pub const MAX_SOURCE_WORDS: usize = 5;

/// Cues the source follows.
const BEFORE_SOURCE: &[&[&str]] = &[
    &["according", "to"],
    &["reported", "by"],
    &["per"],
    &["told"],
];

/// Reporting verbs the source precedes.
const AFTER_SOURCE: &[&str] = &["reported", "reports", "said", "says"];

/// Whether an attribution was glued to its cue in the text (`PerBBC,`, found
/// and repaired by the parser) or written with spaces (`according to
/// Reuters`, found here).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttributionKind {
    /// Glued to its cue: the parser's attributions.
    #[default]
    Glued,
    /// Written with spaces: found by [`find`].
    Spaced,
}

impl AttributionKind {
    /// `"glued"` or `"spaced"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributionKind::Glued => "glued",
            AttributionKind::Spaced => "spaced",
        }
    }
}

/// A spaced attribution found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spaced {
    /// The cue as written (`according to`, `told`, `reported`), or `()`.
    pub cue: String,
    /// The source as written (`Reuters`, `BBC`).
    pub source: String,
    /// The byte offset of the source in the text.
    pub start: usize,
}

/// A word of the text: its byte range, and the range without the punctuation
/// around it (and without a final `'s`).
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    core_start: usize,
    core_end: usize,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(word(text, s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

fn word(text: &str, start: usize, end: usize) -> Word {
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    let mut core = raw.trim_matches(|c: char| !c.is_alphanumeric());
    for possessive in ["'s", "\u{2019}s"] {
        core = core.strip_suffix(possessive).unwrap_or(core);
    }
    let core_start = start + lead.min(raw.len());
    Word {
        start,
        end,
        core_start,
        core_end: (core_start + core.len()).max(core_start),
    }
}

impl Word {
    fn core<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.core_start..self.core_end).unwrap_or_default()
    }
    /// Punctuation after the word's letters: a source cannot run past it.
    fn ends_phrase(&self) -> bool {
        self.core_end < self.end
    }
    /// Punctuation before the word's letters.
    fn starts_phrase(&self) -> bool {
        self.core_start > self.start
    }
}

/// The spaced attributions of `text`, in order, naming outlets of `gazetteer`.
pub fn find(text: &str, gazetteer: &Gazetteer) -> Vec<Spaced> {
    let words = words(text);
    let mut found: Vec<Spaced> = Vec::new();
    let push = |found: &mut Vec<Spaced>, cue: String, first: usize, last: usize| {
        let (Some(a), Some(b)) = (words.get(first), words.get(last)) else {
            return;
        };
        let start = a.core_start;
        if found.iter().any(|f| f.start == start) {
            return;
        }
        found.push(Spaced {
            cue,
            source: text[start..b.core_end].to_owned(),
            start,
        });
    };
    for i in 0..words.len() {
        // A cue the source follows.
        for cue in BEFORE_SOURCE {
            let Some(cue_words) = words.get(i..i + cue.len()) else {
                continue;
            };
            let same = cue_words
                .iter()
                .zip(*cue)
                .all(|(w, c)| w.core(text).eq_ignore_ascii_case(c) && !w.starts_phrase());
            // The cue's words run on: no punctuation inside or after them.
            if !same || cue_words.iter().any(Word::ends_phrase) {
                continue;
            }
            let mut first = i + cue.len();
            if words
                .get(first)
                .is_some_and(|w| w.core(text).eq_ignore_ascii_case("the") && !w.ends_phrase())
                && source_at(text, &words, first, gazetteer).is_none()
            {
                first += 1;
            }
            if let Some(last) = source_at(text, &words, first, gazetteer) {
                let cue_text =
                    text[cue_words[0].core_start..cue_words[cue.len() - 1].core_end].to_owned();
                push(&mut found, cue_text, first, last);
            }
        }
        // A reporting verb the source precedes.
        let w = words[i];
        if i > 0
            && !w.starts_phrase()
            && AFTER_SOURCE.contains(&w.core(text))
            && let Some(first) = source_before(text, &words, i, gazetteer)
        {
            push(&mut found, w.core(text).to_owned(), first, i - 1);
        }
        // A source alone in parentheses.
        if text[w.start..].starts_with('(') {
            let close = (i..words.len().min(i + MAX_SOURCE_WORDS))
                .find(|&j| text[words[j].start..words[j].end].contains(')'));
            if let Some(j) = close {
                let inner = text[w.start + 1..].split(')').next().unwrap_or_default();
                if capitalised(inner) && gazetteer.lookup_source(inner.trim()).is_some() {
                    push(&mut found, "()".to_owned(), i, j);
                }
            }
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

/// Whether a name starts with a capital letter (or a digit: `9News`).
fn capitalised(name: &str) -> bool {
    name.trim()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The last word of the longest source starting at word `first`.
fn source_at(text: &str, words: &[Word], first: usize, gazetteer: &Gazetteer) -> Option<usize> {
    let start = words.get(first)?;
    if start.starts_phrase() && !text[start.start..].starts_with('"') {
        return None;
    }
    // The run ends at the first word with punctuation after it.
    let mut end = first;
    while end + 1 < words.len() && end + 1 < first + MAX_SOURCE_WORDS && !words[end].ends_phrase() {
        end += 1;
    }
    (first..=end).rev().find(|&last| {
        let name = &text[start.core_start..words[last].core_end];
        capitalised(name) && lookup(gazetteer, name).is_some()
    })
}

/// The first word of the longest source ending with the word before `verb`.
fn source_before(text: &str, words: &[Word], verb: usize, gazetteer: &Gazetteer) -> Option<usize> {
    let last = words.get(verb.checked_sub(1)?)?;
    if last.ends_phrase() {
        return None;
    }
    let mut begin = verb - 1;
    while begin > 0
        && begin + MAX_SOURCE_WORDS > verb
        && !words[begin - 1].ends_phrase()
        && !words[begin].starts_phrase()
    {
        begin -= 1;
    }
    (begin..verb).find(|&first| {
        let name = &text[words[first].core_start..last.core_end];
        capitalised(name) && lookup(gazetteer, name).is_some()
    })
}

fn lookup<'g>(gazetteer: &'g Gazetteer, name: &str) -> Option<&'g Outlet> {
    gazetteer.lookup_source(name)
}

/// The spaced attributions of an article's paragraphs, with each paragraph's
/// line, in document order: only in plain text (not in quotations, nor in the
/// parser's own attributions).
pub fn in_article(article: &Article<'_>, gazetteer: &Gazetteer) -> Vec<(u32, Spaced)> {
    let mut out = Vec::new();
    for p in article.paragraphs() {
        for inline in &p.inlines {
            if let Inline::Text(t) = inline {
                out.extend(find(&t.raw, gazetteer).into_iter().map(|s| (p.line, s)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(text: &str) -> Vec<(String, String)> {
        find(text, Gazetteer::builtin())
            .into_iter()
            .map(|s| (s.cue, s.source))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|&(a, b)| (a.to_owned(), b.to_owned()))
            .collect()
    }

    #[test]
    fn cues_before_and_after_and_parentheses() {
        assert_eq!(
            sources("The talks failed, according to Reuters."),
            pairs(&[("according to", "Reuters")])
        );
        assert_eq!(
            sources("A spokesman told the BBC on Monday."),
            pairs(&[("told", "BBC")])
        );
        assert_eq!(
            sources("Kyiv was calm, Reuters reported."),
            pairs(&[("reported", "Reuters")])
        );
        assert_eq!(
            sources("WASHINGTON (AP) — The Senate voted."),
            pairs(&[("()", "AP")])
        );
        assert_eq!(
            sources("according to The Wall Street Journal, prices rose"),
            pairs(&[("according to", "The Wall Street Journal")])
        );
        assert_eq!(
            sources("as reported by Bloomberg News."),
            pairs(&[("reported by", "Bloomberg News")])
        );
        assert_eq!(
            sources("Prices fell, per Reuters's tally."),
            pairs(&[("per", "Reuters")])
        );
    }

    #[test]
    fn never_on_words_that_name_no_outlet() {
        for text in [
            "Inflation rose 3 per cent in May.",
            "Per Nilsson, the Swedish minister, spoke.",
            "Members act per Article 5 of the treaty.",
            "The deal stalls, according to officials.",
            "He told reporters the talks had failed.",
            "Officials said the plan would work.",
            "The vote (held on Monday) passed.",
            "according to reuters, lower case",
        ] {
            assert_eq!(sources(text), [], "{text}");
        }
    }
}

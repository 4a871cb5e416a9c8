//! Headline text for matching: an exact key, an outlet-style slug, and tokens.
//!
//! A promo line `Read Also:US, Russia Still Open for Diplomacy on Ukraine Tension…`
//! names another article by its headline, which may be spelled with other
//! quotes, dashes, case or spacing than the article's own, or only survive as
//! the slug of a URL. This module gives three keys, from strict to loose, on
//! which a headline index can be built:
//!
//! | key | function | equal when headlines differ only in |
//! | --- | --- | --- |
//! | exact | [`normalize`] | Unicode form, case, quote and dash style, spacing |
//! | slug | [`slugify`] | also punctuation, accents, stop words |
//! | tokens | [`tokens`] | (fuzzy) compare with [`jaccard`] or [`containment`] |
//!
//! [`HeadlineKey`] computes all three at once:
//!
//! ```
//! use dateline_links::text::{HeadlineKey, slugify, tokens};
//!
//! let headline = "Biden Set To Visit Israel After Bennett’s Invitation";
//! assert_eq!(slugify(headline), "biden-set-visit-israel-after-bennetts-invitation");
//!
//! // A URL slug and a headline meet on their tokens.
//! let from_headline = HeadlineKey::new(headline);
//! let from_url = HeadlineKey::new("biden-set-to-visit-israel-after-bennetts-invitation");
//! assert_eq!(from_headline.tokens(), from_url.tokens());
//! assert_eq!(tokens("Macron Heads To Meet Putin"), ["macron", "heads", "meet", "putin"]);
//! ```
//!
//! # An index on these keys
//!
//! Store each article under its [`HeadlineKey::normalized`] and
//! [`HeadlineKey::slug`] in two hash maps for exact and slug matches, and
//! under each of its [`HeadlineKey::tokens`] in an inverted index: candidates
//! for a fuzzy match are the articles that share a token, ranked by
//! [`jaccard`]. Use [`containment`] when one side may be truncated, as URL
//! slugs often are (HNGN's slug of "Macron Heads To Meet Putin in Russia In Bid
//! To Deescalate Ukraine Tensions By Proposing A New Balance" stops at
//! "tensions").

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words that [`slugify`] and [`tokens`] drop, as outlets drop them from slugs:
/// articles, the commonest prepositions and conjunctions, and forms of "to
/// be". Words that carry meaning in a headline ("not", "no", "after",
/// "over") are kept.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "for", "from", "in",
    "into", "is", "it", "its", "of", "on", "onto", "or", "nor", "than", "that", "the", "these",
    "this", "those", "to", "was", "were", "with",
];

/// Is `word` (lowercase) one of the [`STOP_WORDS`]?
pub fn is_stop_word(word: &str) -> bool {
    // No stop word is longer than five letters.
    word.len() <= 5 && STOP_WORDS.contains(&word)
}

/// The exact-match key of a headline.
///
/// In order: quotes and dashes are unified (`’ ‘ ‚ ‛ ′ ‹ › ´` and the backtick
/// become `'`; `“ ” „ ‟ ″ « » 〝 〞` become `"`; `‐ ‑ ‒ – — ― −` and
/// the small and fullwidth dashes become `-`), the text is put in Unicode NFKC
/// form (so `ﬁ` is `fi` and a fullwidth `Ａ` is `A`), case folded (Unicode
/// full default case folding, so `STRASSE`, `Straße` and `straße` are one key,
/// as are a final `ς` and `σ`) and put in NFKC form again, invisible format
/// characters (soft hyphen, zero-width spaces and joiners, word joiner, BOM)
/// are removed, and runs of whitespace become one space, with none at either
/// end. For ASCII text, case folding is lowercasing.
///
/// Punctuation is otherwise kept: "Putin." and "Putin" differ here (but not in
/// [`slugify`]). The result is its own normal form:
/// `normalize(&normalize(s)) == normalize(s)`.
///
/// ```
/// use dateline_links::text::normalize;
///
/// assert_eq!(
///     normalize("  Macron’s  “Dialogue”\u{a0}— Putin "),
///     normalize("macron's \"dialogue\" - putin"),
/// );
/// assert_eq!(normalize("Macron’s  “Dialogue”"), "macron's \"dialogue\"");
/// ```
pub fn normalize(headline: &str) -> String {
    if headline.is_ascii() {
        return normalize_ascii(headline);
    }
    // Typographic quotes and dashes are often a headline's only non-ASCII
    // characters: unified first, the ASCII path applies (the Unicode one
    // unifies them first too, and agrees with it on ASCII).
    let unified: String = headline.chars().map(unify_punctuation).collect();
    if unified.is_ascii() {
        normalize_ascii(&unified)
    } else {
        normalize_unicode(&unified)
    }
}

/// [`normalize`] of ASCII text, where NFKC changes nothing, the only
/// punctuation to unify is the backtick and no character is invisible.
fn normalize_ascii(headline: &str) -> String {
    let mut out = String::with_capacity(headline.len());
    for word in headline
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.bytes().map(|b| {
            char::from(if b == b'`' {
                b'\''
            } else {
                b.to_ascii_lowercase()
            })
        }));
    }
    out
}

/// [`normalize`] of any text.
fn normalize_unicode(headline: &str) -> String {
    let unified: String = headline.chars().map(unify_punctuation).collect();
    let lowered = caseless::default_case_fold_str(&unified.nfkc().collect::<String>());
    let mut out = String::with_capacity(lowered.len());
    let mut pending_space = false;
    for c in lowered.nfkc().map(unify_punctuation) {
        if c.is_whitespace() {
            pending_space = true;
        } else if !is_invisible(c) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    out
}

/// Maps typographic quotes and dashes to ASCII; other characters are unchanged.
pub(crate) fn unify_punctuation(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}'
        | '\u{2039}' | '\u{203A}' | '\u{00B4}' | '`' | '\u{FF07}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}'
        | '\u{00AB}' | '\u{00BB}' | '\u{301D}' | '\u{301E}' | '\u{301F}' | '\u{FF02}' => '"',
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{2E3A}'
        | '\u{2E3B}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{FF0D}' => '-',
        _ => c,
    }
}

/// Format characters that render as nothing.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// The words of a headline or slug, for fuzzy matching: [`normalize`]d,
/// accents removed (`é` → `e`, `ß` → `ss`, `ø` → `o`, ...), [`STOP_WORDS`]
/// dropped.
///
/// Words are runs of letters and digits. Apostrophes join (`Bennett's` →
/// `bennetts`), as do the dots of an abbreviation (`U.S.` → `us`); every
/// other character separates (`de-escalate` → `de`, `escalate`). Letters of
/// other scripts are kept (lowercased), so non-Latin headlines still have tokens.
///
/// ```
/// use dateline_links::text::tokens;
///
/// assert_eq!(
///     tokens("U.S., Russia Still Open for Diplomacy on Ukraine’s Tension"),
///     ["us", "russia", "still", "open", "diplomacy", "ukraines", "tension"],
/// );
/// assert_eq!(tokens("macron-heads-meet-putin"), ["macron", "heads", "meet", "putin"]);
/// ```
pub fn tokens(text: &str) -> Vec<String> {
    tokens_of_normalized(&normalize(text))
}

/// [`tokens`] of a text given [`normalize`]d (as [`HeadlineKey::new`] has
/// it already).
fn tokens_of_normalized(normalized: &str) -> Vec<String> {
    let folded = fold_accents(normalized);
    let chars: Vec<char> = folded.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            word.push(c);
        } else if c == '\'' && !word.is_empty() {
            // An apostrophe inside or at the end of a word joins it.
        } else if c == '.' && is_abbreviation_dot(&chars, i) {
            // `U.S.`: the dots of a one-letter abbreviation join.
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words.retain(|w| !is_stop_word(w));
    words
}

/// Is the `.` at `chars[i]` part of a one-letter-per-dot abbreviation such as
/// `U.S.` or `U.K.`? It is if a lone letter precedes it and another lone
/// letter follows it, or if it ends such an abbreviation.
fn is_abbreviation_dot(chars: &[char], i: usize) -> bool {
    let lone_letter_before = |j: usize| {
        // chars[j] is a letter with no letter or digit before it, other than
        // through an abbreviation dot.
        chars.get(j).is_some_and(|c| c.is_alphabetic())
            && (j == 0 || !chars[j - 1].is_alphanumeric())
    };
    let letter_after = chars.get(i + 1).is_some_and(|c| c.is_alphabetic())
        && chars.get(i + 2).is_some_and(|&c| c == '.');
    let ends_abbreviation = i >= 3 && chars[i - 2] == '.' && lone_letter_before(i - 3);
    i >= 1 && lone_letter_before(i - 1) && (letter_after || ends_abbreviation)
}

/// Removes accents (canonical decomposition, then combining marks dropped) and
/// spells out the Latin letters that do not decompose (`ß` → `ss`, `æ` → `ae`...).
pub(crate) fn fold_accents(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfd().filter(|&c| !is_combining_mark(c)) {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            _ => out.push(c),
        }
    }
    out
}

/// The slug an outlet would make of a headline: the [`tokens`] that are ASCII
/// once accents are removed, joined with `-`. Tokens in other scripts are
/// dropped, as most outlets' slugs drop them.
///
/// ```
/// use dateline_links::text::slugify;
///
/// assert_eq!(
///     slugify("Biden Set To Visit Israel After Bennett's Invitation To Talk About Blocking Iran's Nuclear Program"),
///     "biden-set-visit-israel-after-bennetts-invitation-talk-about-blocking-irans-nuclear-program",
/// );
/// assert_eq!(slugify("Zelensky: «Ukraine — Not Russia — Decides»"), "zelensky-ukraine-not-russia-decides");
/// assert_eq!(slugify("Café Society & Élysée"), "cafe-society-elysee");
/// ```
pub fn slugify(headline: &str) -> String {
    slug_of(&tokens(headline))
}

/// The ASCII `tokens` joined with `-`: [`slugify`] of the text they are the
/// [`tokens`] of.
pub(crate) fn slug_of(tokens: &[String]) -> String {
    let ascii: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|w| w.is_ascii())
        .collect();
    ascii.join("-")
}

/// The Jaccard similarity of two token lists as sets: shared distinct tokens
/// over all distinct tokens, from 0.0 (nothing shared) to 1.0 (same set).
/// Two empty lists have similarity 0.0: nothing supports a match.
///
/// ```
/// use dateline_links::text::{jaccard, tokens};
///
/// let a = tokens("Macron Heads To Meet Putin");
/// let b = tokens("Macron meets Putin");
/// assert_eq!(jaccard(&a, &b), 2.0 / 5.0);
/// ```
pub fn jaccard<S: AsRef<str>>(a: &[S], b: &[S]) -> f64 {
    let a: HashSet<&str> = a.iter().map(AsRef::as_ref).collect();
    let b: HashSet<&str> = b.iter().map(AsRef::as_ref).collect();
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    ratio(a.intersection(&b).count(), union)
}

/// How much of `part` is in `whole`: the share of `part`'s distinct tokens that
/// `whole` also has, from 0.0 to 1.0; 0.0 when `part` is empty. Use it when
/// `part` may be a truncated form of `whole` (a URL slug cut after a few words).
///
/// ```
/// use dateline_links::text::{containment, tokens};
///
/// let slug = tokens("macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions");
/// let headline = tokens(
///     "Macron Heads To Meet Putin in Russia In Bid To De-escalate Ukraine Tensions By Proposing A New Balance",
/// );
/// assert_eq!(containment(&slug, &headline), 1.0);
/// assert!(containment(&headline, &slug) < 1.0);
/// ```
pub fn containment<S: AsRef<str>>(part: &[S], whole: &[S]) -> f64 {
    let part: HashSet<&str> = part.iter().map(AsRef::as_ref).collect();
    if part.is_empty() {
        return 0.0;
    }
    let whole: HashSet<&str> = whole.iter().map(AsRef::as_ref).collect();
    ratio(part.intersection(&whole).count(), part.len())
}

#[allow(clippy::cast_precision_loss)] // Token counts are far below 2^52.
fn ratio(numerator: usize, denominator: usize) -> f64 {
    numerator as f64 / denominator as f64
}

/// The three matching keys of one headline (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HeadlineKey {
    normalized: String,
    slug: String,
    tokens: Vec<String>,
}

impl HeadlineKey {
    /// Computes the keys of `headline`.
    pub fn new(headline: &str) -> HeadlineKey {
        let normalized = normalize(headline);
        let tokens = tokens_of_normalized(&normalized);
        let slug = slug_of(&tokens);
        HeadlineKey {
            normalized,
            slug,
            tokens,
        }
    }

    /// The keys, owned: the normalised headline, the slug and the tokens.
    pub(crate) fn into_parts(self) -> (String, String, Vec<String>) {
        (self.normalized, self.slug, self.tokens)
    }

    /// The exact-match key: [`normalize`] of the headline.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// The slug key: [`slugify`] of the headline.
    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// The fuzzy-match tokens: [`tokens`] of the headline.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// [`jaccard`] of the two headlines' tokens.
    pub fn jaccard(&self, other: &HeadlineKey) -> f64 {
        jaccard(&self.tokens, &other.tokens)
    }

    /// [`containment`] of this headline's tokens in `other`'s.
    pub fn containment_in(&self, other: &HeadlineKey) -> f64 {
        containment(&self.tokens, &other.tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_unifies_quotes_and_dashes() {
        assert_eq!(
            normalize("‘a’ ‚b‛ “c” „d‟ «e» ‹f›"),
            "'a' 'b' \"c\" \"d\" \"e\" 'f'"
        );
        assert_eq!(normalize("a–b—c‒d―e−f‐g‑h"), "a-b-c-d-e-f-g-h");
        assert_eq!(normalize("don´t"), "don't");
    }

    #[test]
    fn normalize_applies_nfkc_and_case_folding() {
        assert_eq!(normalize("ＡＢＣ ﬁnal ①"), "abc final 1");
        assert_eq!(normalize("CAFE\u{301}"), "café");
        // Full case folding: one key for every spelling a headline may use.
        assert_eq!(normalize("STRAßE"), "strasse");
        assert_eq!(normalize("Große Straße"), normalize("GROSSE STRASSE"));
        assert_eq!(normalize("ΟΔΥΣΣΕΥΣ"), "οδυσσευσ");
        assert_eq!(normalize("Οδυσσεύς"), "οδυσσεύσ");
        assert_eq!(normalize("ǅ ﬀ"), "dž ff");
    }

    #[test]
    fn normalize_collapses_whitespace_and_drops_invisibles() {
        assert_eq!(normalize("\t a \u{a0}\u{2003} b\n\nc  "), "a b c");
        assert_eq!(
            normalize("zero\u{200B}width soft\u{AD}hyphen\u{FEFF}"),
            "zerowidth softhyphen"
        );
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("  \u{200B} "), "");
    }

    #[test]
    fn the_ascii_fast_path_agrees_with_the_unicode_path() {
        let samples = [
            "  Macron's  `Dialogue`\t- Putin ",
            "US, Russia Still Open for Diplomacy\r\n\x0b\x0cX",
            "",
            " \t ",
            "ALL CAPS 8,500 TROOPS!",
            "a\x1fb",
        ];
        for s in samples {
            assert_eq!(normalize_ascii(s), normalize_unicode(s), "{s:?}");
        }
        for b in 0u8..128 {
            let s = format!("x{}Y {} z", char::from(b), char::from(b));
            assert_eq!(normalize_ascii(&s), normalize_unicode(&s), "byte {b}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_fast_path_agrees_on_any_ascii(s in "[\\x00-\\x7f]{0,40}") {
            proptest::prop_assert_eq!(normalize_ascii(&s), normalize_unicode(&s));
            proptest::prop_assert_eq!(fold_accents(&s), s);
        }

        #[test]
        fn typographic_punctuation_takes_the_ascii_path_with_the_same_answer(
            s in "[a-zA-Z0-9 ,.`'\"\u{2018}\u{2019}\u{201C}\u{201D}\u{2013}\u{2014}\u{00A0}\u{00E9}]{0,40}"
        ) {
            proptest::prop_assert_eq!(normalize(&s), normalize_unicode(&s));
            let key = HeadlineKey::new(&s);
            let alone = tokens(&s);
            proptest::prop_assert_eq!(key.tokens(), alone.as_slice());
        }
    }

    #[test]
    fn normalize_is_idempotent_on_tricky_input() {
        for s in ["İstanbul", "ﬃ ﬄ", "´ ´", "Ǆ ǅ", "ẞ", "\u{0345}", "Ⅻ"] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "{s:?}");
        }
    }

    #[test]
    fn tokens_join_apostrophes_and_abbreviations() {
        assert_eq!(tokens("Bennett's"), ["bennetts"]);
        assert_eq!(
            tokens("Iran’s Nuclear Program"),
            ["irans", "nuclear", "program"]
        );
        assert_eq!(tokens("U.S. and U.K. Warn"), ["us", "uk", "warn"]);
        assert_eq!(tokens("E.U.-Russia"), ["eu", "russia"]);
        assert_eq!(tokens("Putin. Macron."), ["putin", "macron"]);
        assert_eq!(tokens("3.5 million"), ["3", "5", "million"]);
        assert_eq!(tokens("'Dialogue'"), ["dialogue"]);
    }

    #[test]
    fn tokens_drop_stop_words_and_split_on_punctuation() {
        assert_eq!(
            tokens(
                "Macron Heads To Meet Putin in Russia In Bid To Deescalate Ukraine Tensions By Proposing A New Balance"
            ),
            [
                "macron",
                "heads",
                "meet",
                "putin",
                "russia",
                "bid",
                "deescalate",
                "ukraine",
                "tensions",
                "proposing",
                "new",
                "balance"
            ]
        );
        assert_eq!(tokens("de-escalate"), ["de", "escalate"]);
        assert_eq!(
            tokens("70% of forces; 50,000 civilians"),
            ["70", "forces", "50", "000", "civilians"]
        );
        assert_eq!(tokens("The"), Vec::<String>::new());
    }

    #[test]
    fn tokens_fold_accents_but_keep_other_scripts() {
        assert_eq!(
            tokens("Élysée Straße Ørsted Łódź"),
            ["elysee", "strasse", "orsted", "lodz"]
        );
        assert_eq!(tokens("Путин и Макрон"), ["путин", "и", "макрон"]);
    }

    #[test]
    fn every_stop_word_is_lowercase_and_dropped() {
        for w in STOP_WORDS {
            assert_eq!(*w, w.to_lowercase());
            assert!(tokens(w).is_empty(), "{w}");
            assert!(tokens(&w.to_uppercase()).is_empty(), "{w}");
        }
        assert!(!is_stop_word("not"));
        assert!(!is_stop_word("after"));
    }

    #[test]
    fn slugify_matches_outlet_slugs() {
        assert_eq!(
            slugify("Biden Set To Visit Israel After Bennett's Invitation"),
            "biden-set-visit-israel-after-bennetts-invitation"
        );
        assert_eq!(
            slugify(
                "US, Russia Still Open for Diplomacy on Ukraine Tension, But Britain Warns On Cyber Attacks From Moscow"
            ),
            "us-russia-still-open-diplomacy-ukraine-tension-britain-warns-cyber-attacks-moscow"
        );
        assert_eq!(slugify("Путин и Macron"), "macron");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn slugify_is_stable_on_slugs() {
        let slug = slugify("Macron Heads To Meet Putin in Russia");
        assert_eq!(slugify(&slug), slug);
    }

    #[test]
    fn similarity_measures() {
        let a = ["a", "b", "c"];
        let b = ["b", "c", "d"];
        assert_eq!(jaccard(&a, &b), 0.5);
        assert_eq!(jaccard(&a, &a), 1.0);
        assert_eq!(jaccard::<&str>(&[], &[]), 0.0);
        assert_eq!(containment(&["b", "c"], &a), 1.0);
        assert_eq!(containment(&a, &["b"]), 1.0 / 3.0);
        assert_eq!(containment::<&str>(&[], &a), 0.0);
        // Duplicates count once.
        assert_eq!(jaccard(&["a", "a"], &["a"]), 1.0);
    }

    #[test]
    fn headline_key_bundles_the_three_keys() {
        let headline = "Biden Set To Visit Israel After Bennett’s Invitation";
        let key = HeadlineKey::new(headline);
        assert_eq!(key.normalized(), normalize(headline));
        assert_eq!(key.slug(), slugify(headline));
        assert_eq!(key.tokens(), tokens(headline).as_slice());

        let slug = HeadlineKey::new("biden-set-visit-israel");
        assert_eq!(slug.containment_in(&key), 1.0);
        assert_eq!(slug.jaccard(&key), 4.0 / 7.0);
    }
}

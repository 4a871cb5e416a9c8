//! What a corpus holds: articles, dates by month, hosts, promos, attributions,
//! repairs, diagnostics by code. Serialises (serde) to the JSON of
//! `dateline stats --format json`.
//!
//! A worker reduces each input to its [`Facts`] (a few strings and counts, not
//! the article); [`Stats::add`] adds them up in input order, so memory holds
//! the counts, not the corpus.
//!
//! ```
//! use dateline_corpus::stats::{Facts, Stats};
//!
//! let mut stats = Stats::default();
//! let article = dateline_core::parse("Talks\n20220131\nhttps://www.bbc.com/news/x\nPerReuters,they met.\n")?;
//! stats.add(Facts::of_article(&article, 72));
//! assert_eq!(stats.articles, 1);
//! assert_eq!(stats.hosts["www.bbc.com"], 1);
//! assert_eq!(stats.attributions.by["Reuters"], 1);
//! assert_eq!(stats.months["2022-01"], 1);
//! let spaced = dateline_core::parse("Talks\n20220131\nhttps://x.com/a\nThey met, the BBC reported.\n")?;
//! stats.add(Facts::of_article(&spaced, 60));
//! assert_eq!(stats.spaced_attributions.by["BBC"], 1);
//! # Ok::<(), dateline_core::ParseError>(())
//! ```

use std::collections::BTreeMap;

use dateline_core::{Article, Code, Date, Diagnostic, Repair, Severity};
use serde::Serialize;

use dateline_links::Gazetteer;

use crate::load::{Loaded, Rejected};

/// What one input contributes to the [`Stats`].
#[derive(Clone, Debug)]
pub struct Facts {
    bytes: u64,
    /// Every diagnostic code found (errors of a bad input, warnings of a good one).
    codes: Vec<Code>,
    article: Option<ArticleFacts>,
}

/// What one article contributes.
#[derive(Clone, Debug)]
struct ArticleFacts {
    date: Date,
    host: String,
    paragraphs: u64,
    promo_labels: Vec<String>,
    sources: Vec<String>,
    /// Spaced attributions' sources (`according to Reuters`).
    spaced: Vec<String>,
    repairs: [u64; 2],
    repaired_paragraphs: u64,
}

impl Facts {
    /// The facts of a loaded or rejected input (the article's lint warnings
    /// included).
    pub fn of(input: &Result<Loaded<'_>, Rejected<'_>>) -> Facts {
        match input {
            Ok(loaded) => Facts::of_article(&loaded.article, loaded.bytes.len() as u64),
            Err(rejected) => Facts::of_rejected(&rejected.diagnostics, rejected.bytes.len() as u64),
        }
    }

    /// The facts of an article parsed from `bytes` bytes, its lint warnings
    /// included.
    pub fn of_article(article: &Article<'_>, bytes: u64) -> Facts {
        let mut repairs = [0u64; 2];
        let mut repaired_paragraphs = 0;
        let mut sources = Vec::new();
        for p in article.paragraphs() {
            repaired_paragraphs += u64::from(p.is_repaired());
            for a in p.attributions() {
                sources.push(a.source.clone().into_owned());
                for r in &a.repairs {
                    match r {
                        Repair::SpaceAfterCue => repairs[0] += 1,
                        Repair::SpaceAfterPunctuation => repairs[1] += 1,
                    }
                }
            }
        }
        Facts {
            bytes,
            codes: dateline_core::lint(article)
                .iter()
                .map(|d| d.code)
                .collect(),
            article: Some(ArticleFacts {
                date: article.date,
                host: article.url_host().into_owned(),
                paragraphs: article.paragraphs().count() as u64,
                promo_labels: article
                    .related()
                    .map(|r| r.label.clone().into_owned())
                    .collect(),
                sources,
                spaced: dateline_links::spaced::in_article(article, Gazetteer::builtin())
                    .into_iter()
                    .map(|(_, s)| s.source)
                    .collect(),
                repairs,
                repaired_paragraphs,
            }),
        }
    }

    /// The facts of an input of `bytes` bytes that was rejected with
    /// `diagnostics`.
    pub fn of_rejected(diagnostics: &[Diagnostic], bytes: u64) -> Facts {
        Facts {
            bytes,
            codes: diagnostics.iter().map(|d| d.code).collect(),
            article: None,
        }
    }
}

/// The statistics of a corpus, as `dateline stats --format json` prints them.
#[derive(Debug, Default, Serialize)]
#[non_exhaustive]
pub struct Stats {
    /// Inputs read (articles, good or bad).
    pub files: u64,
    /// Inputs that parsed.
    pub articles: u64,
    /// Inputs that did not (unreadable, or rejected by the parser).
    pub failed: u64,
    /// Non-article files left out (set by the caller, from the run's totals).
    pub skipped: u64,
    /// Bytes of the inputs.
    pub bytes: u64,
    /// The first and last dates, or null without articles.
    pub dates: Option<DateRange>,
    /// Articles per month (`2022-01`), months without articles left out.
    pub months: BTreeMap<String, u64>,
    /// Articles per host of the URL (lower case, without port).
    pub hosts: BTreeMap<String, u64>,
    /// Paragraphs (blocks that are not promos).
    pub paragraphs: u64,
    /// Promo lines (`Read Also:...`), by label as written.
    pub promos: Tally,
    /// Attributions glued to their cue (`perBBC`, found by the parser), by
    /// source.
    pub attributions: Tally,
    /// Spaced attributions (`according to Reuters`, `told the BBC`, `Reuters
    /// reported`, `(AP)`) naming an outlet of the built-in gazetteer
    /// (`dateline_links::spaced`), by source as written.
    pub spaced_attributions: Tally,
    /// Repairs made to glued link text.
    pub repairs: Repairs,
    /// Diagnostics by code (`W001`).
    pub diagnostics: BTreeMap<&'static str, CodeCount>,
}

/// The first and the last date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DateRange {
    /// The earliest date.
    pub first: Date,
    /// The latest date.
    pub last: Date,
}

/// A total, and the count of each kind (promo label as written, source name).
#[derive(Debug, Default, Serialize)]
pub struct Tally {
    /// How many in all.
    pub total: u64,
    /// How many of each.
    pub by: BTreeMap<String, u64>,
}

/// The repairs made.
#[derive(Debug, Default, Serialize)]
pub struct Repairs {
    /// Spaces put back, in all.
    pub total: u64,
    /// `perBBC` -> `per BBC`.
    pub space_after_cue: u64,
    /// `BBC,the` -> `BBC, the`.
    pub space_after_punctuation: u64,
    /// Paragraphs with at least one repair.
    pub paragraphs: u64,
}

/// How often a diagnostic code was found.
#[derive(Debug, Serialize)]
pub struct CodeCount {
    /// `date-mismatch`.
    pub name: &'static str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// How many times.
    pub count: u64,
}

impl Stats {
    /// Adds one input's facts.
    pub fn add(&mut self, facts: Facts) {
        self.files += 1;
        self.bytes += facts.bytes;
        for code in facts.codes {
            self.diagnostics
                .entry(code.as_str())
                .or_insert(CodeCount {
                    name: code.name(),
                    severity: code.severity(),
                    count: 0,
                })
                .count += 1;
        }
        let Some(a) = facts.article else {
            self.failed += 1;
            return;
        };
        self.articles += 1;
        self.dates = Some(match self.dates {
            None => DateRange {
                first: a.date,
                last: a.date,
            },
            Some(r) => DateRange {
                first: r.first.min(a.date),
                last: r.last.max(a.date),
            },
        });
        *self.months.entry(month(a.date)).or_default() += 1;
        *self.hosts.entry(a.host).or_default() += 1;
        self.paragraphs += a.paragraphs;
        for label in a.promo_labels {
            self.promos.total += 1;
            *self.promos.by.entry(label).or_default() += 1;
        }
        for source in a.sources {
            self.attributions.total += 1;
            *self.attributions.by.entry(source).or_default() += 1;
        }
        for source in a.spaced {
            self.spaced_attributions.total += 1;
            *self.spaced_attributions.by.entry(source).or_default() += 1;
        }
        self.repairs.space_after_cue += a.repairs[0];
        self.repairs.space_after_punctuation += a.repairs[1];
        self.repairs.total += a.repairs[0] + a.repairs[1];
        self.repairs.paragraphs += a.repaired_paragraphs;
    }
}

/// `2022-01`, the key of [`Stats::months`].
pub fn month(date: Date) -> String {
    date.iso()[..7].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_count_their_errors() {
        let mut stats = Stats::default();
        let err = dateline_core::parse("Talks\n20221341\nhttps://example.com/\n").expect_err("bad");
        stats.add(Facts::of_rejected(&err.diagnostics, 36));
        assert_eq!((stats.files, stats.articles, stats.failed), (1, 0, 1));
        assert_eq!(stats.diagnostics["E002"].count, 1);
        assert_eq!(stats.diagnostics["E002"].name, "invalid-date");
        assert_eq!(stats.dates, None);
    }

    #[test]
    fn dates_months_and_repairs_add_up() -> Result<(), dateline_core::ParseError> {
        let mut stats = Stats::default();
        for text in [
            "A\n20220131\nhttps://www.bbc.com/a\nPerBBC,the talks. Read on.\nRead Also:B\n",
            "B\n20211105\nhttps://WWW.BBC.COM:8080/b\nThey met.\n",
        ] {
            stats.add(Facts::of_article(
                &dateline_core::parse(text)?,
                text.len() as u64,
            ));
        }
        let range = stats.dates.expect("two dates");
        assert_eq!(
            (range.first.to_string(), range.last.to_string()),
            ("2021-11-05".into(), "2022-01-31".into())
        );
        assert_eq!(
            stats.months.keys().collect::<Vec<_>>(),
            ["2021-11", "2022-01"]
        );
        assert_eq!(stats.hosts["www.bbc.com"], 2);
        assert_eq!(stats.promos.by["Read Also"], 1);
        assert_eq!(stats.repairs.space_after_cue, 1);
        assert_eq!(stats.repairs.space_after_punctuation, 1);
        assert_eq!(stats.repairs.paragraphs, 1);
        assert_eq!(stats.paragraphs, 2);
        Ok(())
    }
}

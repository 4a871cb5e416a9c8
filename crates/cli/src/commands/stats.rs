//! `dateline stats PATH... [--format text|json]`: what a corpus holds.
//!
//! Articles, their date range and a per-month histogram, articles per host, the
//! promos and attributions found, the repairs made, and the diagnostics by code.
//! Inputs are read in parallel ([`crate::corpus`]); each worker reduces its article
//! to a few facts, added up in input order, so memory holds the counts, not the
//! articles. Bad inputs are reported on standard error as `convert` reports them,
//! counted, and their diagnostics included.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use dateline_core::{Article, Code, Date, Diagnostic, Repair, Severity};
use serde::Serialize;

use crate::corpus::{self, Outcome};
use crate::output::{self, ColorChoice};
use crate::progress::{Progress, count};
use crate::source::{Item, Reader};
use crate::{EXIT_INPUT_ERRORS, EXIT_OK};

/// Hosts, sources and labels listed in the text report, at most (the JSON has all).
const TOP: usize = 20;
/// A month histogram spanning more months than this lists only the months that have
/// articles.
const MAX_MONTH_SPAN: i64 = 360;
/// The width of the longest histogram bar.
const BAR_WIDTH: u64 = 40;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: corpus::CorpusArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: StatsFormat,
    /// json: one line instead of indented.
    #[arg(long)]
    compact: bool,
    /// Color diagnostics.
    #[arg(long, value_enum, default_value_t)]
    color: ColorChoice,
}

/// How `stats` prints.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum StatsFormat {
    /// A report for people.
    #[default]
    Text,
    /// One JSON object.
    Json,
}

/// What one input contributes.
struct Facts {
    bytes: u64,
    /// A bad input's diagnostics, rendered for standard error.
    report: Vec<u8>,
    /// Every diagnostic code found (errors of a bad input, warnings of a good one).
    codes: Vec<Code>,
    article: Option<ArticleFacts>,
}

struct ArticleFacts {
    date: Date,
    host: String,
    paragraphs: u64,
    promo_labels: Vec<String>,
    sources: Vec<String>,
    repairs: [u64; 2],
    repaired_paragraphs: u64,
}

impl Outcome for Facts {
    fn bytes(&self) -> u64 {
        self.bytes
    }

    fn failed(&self) -> bool {
        self.article.is_none()
    }
}

/// The statistics of a corpus, as `--format json` prints them.
#[derive(Debug, Default, Serialize)]
pub struct Stats {
    /// Inputs read (articles, good or bad).
    pub files: u64,
    /// Inputs that parsed.
    pub articles: u64,
    /// Inputs that did not (unreadable, or rejected by the parser).
    pub failed: u64,
    /// Non-article files left out.
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
    /// Promo lines (`Read Also:...`).
    pub promos: Tally,
    /// Attributions (`per BBC`), by source.
    pub attributions: Tally,
    /// Repairs made to glued link text.
    pub repairs: Repairs,
    /// Diagnostics by code.
    pub diagnostics: BTreeMap<&'static str, CodeCount>,
}

/// The first and the last date.
#[derive(Clone, Copy, Debug, Serialize)]
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
    fn add(&mut self, facts: Facts) {
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
        self.repairs.space_after_cue += a.repairs[0];
        self.repairs.space_after_punctuation += a.repairs[1];
        self.repairs.total += a.repairs[0] + a.repairs[1];
        self.repairs.paragraphs += a.repaired_paragraphs;
    }
}

/// `2022-01`.
fn month(date: Date) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

fn article_facts(article: &Article<'_>) -> ArticleFacts {
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
    ArticleFacts {
        date: article.date,
        host: article.url_host().into_owned(),
        paragraphs: article.paragraphs().count() as u64,
        promo_labels: article
            .related()
            .map(|r| r.label.clone().into_owned())
            .collect(),
        sources,
        repairs,
        repaired_paragraphs,
    }
}

fn gather(reader: &mut Reader, mut item: Item, color: bool) -> Facts {
    let read = reader.read(&mut item.payload);
    let render = |source: &[u8], diagnostics: &[Diagnostic]| {
        output::human_report(&item.name(), source, diagnostics, color)
    };
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(e) => {
            let d = [output::unreadable(&e)];
            return Facts {
                bytes: 0,
                report: render(b"", &d),
                codes: vec![d[0].code],
                article: None,
            };
        }
    };
    match dateline_core::parse_bytes(bytes) {
        Ok(article) => Facts {
            bytes: bytes.len() as u64,
            report: Vec::new(),
            codes: dateline_core::lint(&article)
                .iter()
                .map(|d| d.code)
                .collect(),
            article: Some(article_facts(&article)),
        },
        Err(e) => Facts {
            bytes: bytes.len() as u64,
            report: render(bytes, &e.diagnostics),
            codes: e.diagnostics.iter().map(|d| d.code).collect(),
            article: None,
        },
    }
}

pub fn run(args: &Args) -> io::Result<u8> {
    let color = args.color.enabled() && io::stderr().is_terminal();
    let progress = Progress::new(args.corpus.quiet);
    let mut stats = Stats::default();
    let totals = corpus::run(
        &args.corpus,
        &progress,
        |_| (),
        Reader::new,
        |reader, item, ()| gather(reader, item, color),
        |mut facts| {
            let report = std::mem::take(&mut facts.report);
            stats.add(facts);
            if report.is_empty() {
                return Ok(());
            }
            progress.suspend(|| io::stderr().lock().write_all(&report))
        },
    )?;
    stats.skipped = totals.skipped;

    let mut out = output::stdout(8 * 1024);
    match args.format {
        StatsFormat::Json => {
            if args.compact {
                serde_json::to_writer(&mut out, &stats)?;
            } else {
                serde_json::to_writer_pretty(&mut out, &stats)?;
            }
            writeln!(out)?;
        }
        StatsFormat::Text => write_text(&mut out, &stats)?,
    }
    out.flush()?;
    drop(out);

    if !args.corpus.quiet {
        let stopped = if totals.stopped {
            "; stopped at the first error (--fail-fast)"
        } else {
            ""
        };
        eprintln!(
            "read {}: {}, {} failed{}{stopped}; {}",
            count(totals.items, "file"),
            count(stats.articles, "article"),
            totals.failed,
            totals.skipped_clause(),
            totals.figures
        );
    }
    Ok(if totals.failed > 0 {
        EXIT_INPUT_ERRORS
    } else {
        EXIT_OK
    })
}

/// `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The entries of `map` with the highest counts first (ties by name), at most `n`.
fn top(map: &BTreeMap<String, u64>, n: usize) -> Vec<(&str, u64)> {
    let mut all: Vec<(&str, u64)> = map.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    all.truncate(n);
    all
}

/// `Read Also 12, Related 3` (and `and 4 more`).
fn listing(map: &BTreeMap<String, u64>) -> String {
    let shown = top(map, 5);
    let mut text = shown
        .iter()
        .map(|(k, v)| format!("{k} {}", thousands(*v)))
        .collect::<Vec<_>>()
        .join(", ");
    if map.len() > shown.len() {
        text.push_str(&format!(", and {} more", map.len() - shown.len()));
    }
    text
}

fn write_text(out: &mut dyn Write, s: &Stats) -> io::Result<()> {
    writeln!(
        out,
        "articles       {} of {} ({} failed, {} non-article skipped), {:.1} MB",
        thousands(s.articles),
        count(s.files, "file"),
        thousands(s.failed),
        thousands(s.skipped),
        s.bytes as f64 / 1e6
    )?;
    match s.dates {
        Some(r) => writeln!(out, "dates          {} to {}", r.first, r.last)?,
        None => writeln!(out, "dates          none")?,
    }
    writeln!(out, "paragraphs     {}", thousands(s.paragraphs))?;
    writeln!(
        out,
        "promos         {}{}",
        thousands(s.promos.total),
        parenthesised(&listing(&s.promos.by))
    )?;
    writeln!(
        out,
        "attributions   {} from {}{}",
        thousands(s.attributions.total),
        count(s.attributions.by.len() as u64, "source"),
        parenthesised(&listing(&s.attributions.by))
    )?;
    writeln!(
        out,
        "repairs        {} in {} (space after cue {}, space after punctuation {})",
        thousands(s.repairs.total),
        count(s.repairs.paragraphs, "paragraph"),
        thousands(s.repairs.space_after_cue),
        thousands(s.repairs.space_after_punctuation)
    )?;

    if let Some(range) = s.dates {
        writeln!(out, "\nmonths")?;
        let max = s.months.values().copied().max().unwrap_or(1).max(1);
        let span = months_between(range.first, range.last);
        let months: Vec<(String, u64)> = if span <= MAX_MONTH_SPAN {
            every_month(range.first, range.last)
                .map(|m| {
                    let n = s.months.get(&m).copied().unwrap_or(0);
                    (m, n)
                })
                .collect()
        } else {
            s.months.iter().map(|(m, n)| (m.clone(), *n)).collect()
        };
        let width = months
            .iter()
            .map(|(_, n)| thousands(*n).len())
            .max()
            .unwrap_or(1);
        for (m, n) in months {
            let bar = "#".repeat((n * BAR_WIDTH).div_ceil(max) as usize);
            writeln!(out, "  {m}  {:>width$}  {bar}", thousands(n))?;
        }
    }

    if !s.hosts.is_empty() {
        let shown = top(&s.hosts, TOP);
        if shown.len() < s.hosts.len() {
            writeln!(out, "\nhosts ({} of {})", shown.len(), s.hosts.len())?;
        } else {
            writeln!(out, "\nhosts")?;
        }
        let width = shown.iter().map(|(h, _)| h.len()).max().unwrap_or(0);
        for (h, n) in shown {
            writeln!(out, "  {h:<width$}  {}", thousands(n))?;
        }
    }

    if !s.diagnostics.is_empty() {
        writeln!(out, "\ndiagnostics")?;
        let width = s
            .diagnostics
            .values()
            .map(|c| c.name.len())
            .max()
            .unwrap_or(0);
        for (code, c) in &s.diagnostics {
            let unit = format!("{}s", c.severity);
            let unit = if c.count == 1 {
                &unit[..unit.len() - 1]
            } else {
                &unit
            };
            writeln!(
                out,
                "  {code} {:<width$}  {} {unit}",
                c.name,
                thousands(c.count),
            )?;
        }
    }
    Ok(())
}

fn parenthesised(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(" ({text})")
    }
}

fn months_between(first: Date, last: Date) -> i64 {
    (i64::from(last.year()) - i64::from(first.year())) * 12 + i64::from(last.month())
        - i64::from(first.month())
}

/// `2022-01`, `2022-02`, ... from the month of `first` to that of `last`.
fn every_month(first: Date, last: Date) -> impl Iterator<Item = String> {
    let start = i64::from(first.year()) * 12 + i64::from(first.month()) - 1;
    let end = i64::from(last.year()) * 12 + i64::from(last.month()) - 1;
    (start..=end).map(|m| format!("{:04}-{:02}", m / 12, m % 12 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_lower_case_without_port_or_user() {
        assert_eq!(
            dateline_core::url_host("http://www.hngn.com/articles/1"),
            "www.hngn.com"
        );
        assert_eq!(
            dateline_core::url_host("https://u:p@WWW.Example.COM:8080/a?b"),
            "www.example.com"
        );
        assert_eq!(dateline_core::url_host("https://[::1]:80/"), "[::1]");
        assert_eq!(dateline_core::url_host("nonsense"), "");
    }

    #[test]
    fn numbers_and_months() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        let d = |y, m, d| Date::new(y, m, d).expect("a date");
        assert_eq!(months_between(d(2021, 11, 5), d(2022, 2, 1)), 3);
        assert_eq!(
            every_month(d(2021, 11, 5), d(2022, 2, 1)).collect::<Vec<_>>(),
            ["2021-11", "2021-12", "2022-01", "2022-02"]
        );
    }
}

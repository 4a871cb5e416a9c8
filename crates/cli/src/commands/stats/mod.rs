//! `dateline stats PATH... [--format text|json|html]`: what a corpus holds.
//!
//! Articles, their date range and a per-month histogram, articles per host, the
//! promos and attributions found, the repairs made, and the diagnostics by code
//! (`dateline_corpus::stats`). Inputs are read in parallel; each worker reduces
//! its article to a few facts, added up in input order, so memory holds the
//! counts, not the articles. Bad inputs are reported on standard error as
//! `convert` reports them, counted, and their diagnostics included. This module
//! renders the text report, `html` the page.

mod html;

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use dateline_core::Date;
use dateline_corpus::stats::{Facts, Stats};
use dateline_export::report_html::thousands;

use crate::args::{CorpusArgs, skipped_clause, stopped_clause};
use crate::error::{CliError, Status};
use crate::output::{self, ColorChoice};
use crate::progress::{Figures, Progress, count};

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
    corpus: CorpusArgs,
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
    /// One self-contained HTML page with charts (inline SVG): articles per
    /// month, per outlet and per host, diagnostics by code.
    Html,
}

pub fn run(args: &Args) -> Result<Status, CliError> {
    let color = args.color.enabled() && io::stderr().is_terminal();
    let corpus = args.corpus.corpus();
    let progress = Progress::for_corpus(args.corpus.quiet, &corpus);
    let mut stats = Stats::default();
    let totals = corpus.map(
        &progress,
        |loaded| {
            let report = match &loaded {
                Ok(_) => Vec::new(),
                Err(rejected) => output::rejected_report(rejected, color),
            };
            (Facts::of(&loaded), report)
        },
        |(facts, report)| -> Result<(), CliError> {
            stats.add(facts);
            if !report.is_empty() {
                progress.suspend(|| io::stderr().lock().write_all(&report))?;
            }
            Ok(())
        },
    );
    progress.finish();
    let totals = totals?;
    stats.skipped = totals.skipped;

    let mut out = output::stdout(8 * 1024);
    match args.format {
        StatsFormat::Json => {
            output::write_json(&mut out, &stats, args.compact)?;
            writeln!(out)?;
        }
        StatsFormat::Text => write_text(&mut out, &stats)?,
        StatsFormat::Html => html::write_html(&mut out, &stats)?,
    }
    out.flush()?;
    drop(out);

    if !args.corpus.quiet {
        eprintln!(
            "read {}: {}, {} failed{}{}; {}",
            count(totals.items, "file"),
            count(stats.articles, "article"),
            totals.failed,
            skipped_clause(&totals),
            stopped_clause(&totals),
            Figures::from(&totals),
        );
    }
    Ok(Status::from_failed(totals.failed))
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
        "spaced         {} from {}{}",
        thousands(s.spaced_attributions.total),
        count(s.spaced_attributions.by.len() as u64, "source"),
        parenthesised(&listing(&s.spaced_attributions.by))
    )?;
    writeln!(
        out,
        "repairs        {} in {} (space after cue {}, space after punctuation {})",
        thousands(s.repairs.total),
        count(s.repairs.paragraphs, "paragraph"),
        thousands(s.repairs.space_after_cue),
        thousands(s.repairs.space_after_punctuation)
    )?;

    if s.dates.is_some() {
        writeln!(out, "\nmonths")?;
        let max = s.months.values().copied().max().unwrap_or(1).max(1);
        let months = month_series(s);
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

/// The months of the histogram, with their counts: every month from the
/// first date's to the last's, or, over [`MAX_MONTH_SPAN`] months, only the
/// months that have articles. Empty without dates.
fn month_series(s: &Stats) -> Vec<(String, u64)> {
    let Some(range) = s.dates else {
        return Vec::new();
    };
    if months_between(range.first, range.last) <= MAX_MONTH_SPAN {
        every_month(range.first, range.last)
            .map(|m| {
                let n = s.months.get(&m).copied().unwrap_or(0);
                (m, n)
            })
            .collect()
    } else {
        s.months.iter().map(|(m, n)| (m.clone(), *n)).collect()
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
    fn numbers_and_months() {
        let d = |y, m, d| Date::new(y, m, d).expect("a date");
        assert_eq!(months_between(d(2021, 11, 5), d(2022, 2, 1)), 3);
        assert_eq!(
            every_month(d(2021, 11, 5), d(2022, 2, 1)).collect::<Vec<_>>(),
            ["2021-11", "2021-12", "2022-01", "2022-02"]
        );
    }
}

//! `dateline links PATH... [--format json|csv|dot|html] [--min-score S] [--outlets FILE]
//! [--max-candidates N] [--csv-safe]`:
//! resolve the promos of a corpus to its articles, and its sources to outlets.
//!
//! Every input is parsed and reduced to a light record (`dateline_links::corpus`),
//! so memory holds the headlines and URLs of the corpus, not its articles. Bad
//! inputs are reported on standard error as `check` reports them, skipped and
//! counted: the report covers the good ones and the exit code is 1 (with
//! `--fail-fast`, the run stops there and prints no report). An outlets
//! file that cannot be read or is malformed ends the run before any input is
//! read, with a message naming the file (and the line, for a format error), and
//! exit code 2.

use std::io::{self, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::ValueEnum;
use dateline_corpus::{Loaded, Rejected};
use dateline_export::formats::csv::guard_formula;
use dateline_export::report_html::links::write_links_report;
use dateline_links::graph::{write_csv, write_csv_with, write_dot};
use dateline_links::resolve::{DEFAULT_MAX_CANDIDATES, DEFAULT_MIN_SCORE};
use dateline_links::{LinksReport, Resolver};

use crate::args::{CorpusArgs, skipped_clause};
use crate::error::{CliError, Status};
use crate::output::{self, ColorChoice};
use crate::progress::Progress;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output format: json (the whole report), csv (one row per reference), dot (Graphviz),
    /// html (a page for people: counts, charts, the resolved graph, tables).
    #[arg(long, value_enum, default_value_t)]
    format: LinksFormat,
    /// Minimum score of a fuzzy headline match, from 0 to 1; a higher one also
    /// allows a typo match fewer letter edits. An unresolved reference shows
    /// its closest article and score (`best_candidate`, `best_score`).
    #[arg(long, value_name = "S", default_value_t = DEFAULT_MIN_SCORE, value_parser = parse_score)]
    min_score: f64,
    /// How many articles the fuzzy match reads at most per reference (those
    /// sharing the headline's rarest words): the bound on its work. A reference
    /// that hits it is flagged `capped`; raise it when many are.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CAP)]
    max_candidates: NonZeroUsize,
    /// Leave out the typo stage (letters compared by edit distance, which also
    /// confirms fuzzy matches): the exact, slug and fuzzy stages alone. Faster
    /// on a corpus where many promos name absent articles; damaged promos
    /// (`Bidne set to visit Israel`) are then missed.
    #[arg(long)]
    no_typos: bool,
    /// csv: put a `'` before cells a spreadsheet would run as formulas
    /// (starting with = + - @); changes the data, for spreadsheets only.
    #[arg(long)]
    csv_safe: bool,
    /// A gazetteer file (TOML, `[[outlet]]` records) extending the built-in one;
    /// a record with a built-in id replaces that outlet.
    #[arg(long, value_name = "FILE")]
    outlets: Option<PathBuf>,
    /// json: one line instead of indented.
    #[arg(long)]
    compact: bool,
    /// Color diagnostics.
    #[arg(long, value_enum, default_value_t)]
    color: ColorChoice,
}

/// [`DEFAULT_MAX_CANDIDATES`], for clap.
const DEFAULT_CAP: NonZeroUsize = match NonZeroUsize::new(DEFAULT_MAX_CANDIDATES) {
    Some(cap) => cap,
    None => NonZeroUsize::MIN,
};

/// What `links` prints.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum LinksFormat {
    /// The whole report: references, attributions, publishers, duplicates, date mismatches.
    #[default]
    Json,
    /// An edge list: one row per reference (`to` empty when unresolved).
    Csv,
    /// A Graphviz digraph of articles and references.
    Dot,
    /// One self-contained HTML page: counts, charts and the picture of the
    /// resolved graph in inline SVG, unresolved and ambiguous references.
    Html,
}

/// What standard error says of an input, rendered on its worker: a bad
/// input's diagnostics, or that its id was taken.
pub fn note(input: Result<&Loaded<'_>, &Rejected<'_>>, color: bool) -> Option<Vec<u8>> {
    match input {
        Ok(loaded) => match (loaded.renamed_from, loaded.article.id.as_deref()) {
            (Some(wanted), Some(id)) => Some(output::renamed_warning(&loaded.name, wanted, id)),
            _ => None,
        },
        Err(rejected) => Some(output::rejected_report(rejected, color)),
    }
}

/// Parses `--min-score`: a number from 0 to 1.
fn parse_score(s: &str) -> Result<f64, String> {
    let score: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&score) {
        Ok(score)
    } else {
        Err(format!("{s} is not between 0 and 1"))
    }
}

pub fn run(args: &Args) -> Result<Status, CliError> {
    let color = args.color.enabled() && io::stderr().is_terminal();
    // A bad outlets file ends the run before any input is read.
    let gazetteer = dateline_links::linker::gazetteer_with(args.outlets.as_deref())?;

    let corpus = args.corpus.corpus();
    let threads = corpus.thread_count();
    let progress = Progress::for_corpus(args.corpus.quiet, &corpus);
    let index = corpus.index_with_outlets(
        &gazetteer,
        &progress,
        |input| note(input, color),
        |note: Vec<u8>| -> Result<(), CliError> {
            progress.suspend(|| io::stderr().lock().write_all(&note))?;
            Ok(())
        },
    );
    progress.finish();
    let dateline_corpus::Index { corpus, totals, .. } = index?;
    let failed = totals.failed;
    if failed > 0 && args.corpus.fail_fast {
        // The report would cover the inputs read before the stop, in an order
        // that depends on nothing the user chose: print none, as `convert -o`
        // writes nothing.
        if !args.corpus.quiet {
            eprintln!("stopped at the first input with an error (--fail-fast): no report");
        }
        return Ok(Status::InputErrors);
    }

    let resolver = Resolver::new(&corpus)
        .with_min_score(args.min_score)
        .map_err(|e| CliError::usage(clap::error::ErrorKind::InvalidValue, e.to_string()))?
        .with_max_candidates(args.max_candidates.get())
        .with_typos(!args.no_typos)
        .with_threads(threads);
    let mut out = output::stdout(8 * 1024);
    // The JSON report is written as it is made (`LinksReport::stream`); the
    // edge lists are made from the built report.
    let counted = match args.format {
        LinksFormat::Json => {
            let report = LinksReport::stream(&resolver, &gazetteer);
            output::write_json(&mut out, &report, args.compact)?;
            writeln!(out)?;
            Counted {
                articles: report.articles(),
                references: report.references(),
                resolved: report.resolved(),
                self_references: report.self_references(),
                unresolved: report.unresolved(),
                ambiguous: report.ambiguous(),
                capped: report.capped(),
                duplicates: corpus.duplicates().len(),
                date_mismatches: corpus.date_mismatches().len(),
            }
        }
        LinksFormat::Csv | LinksFormat::Dot | LinksFormat::Html => {
            let report = LinksReport::build(&resolver, &gazetteer);
            match args.format {
                LinksFormat::Csv if args.csv_safe => {
                    write_csv_with(&report, &mut out, guard_formula)?;
                }
                LinksFormat::Csv => write_csv(&report, &mut out)?,
                LinksFormat::Html => write_links_report(&mut out, &report, "en")?,
                _ => write_dot(&report, &mut out)?,
            }
            Counted {
                articles: report.articles,
                references: report.references.len(),
                resolved: report.resolved,
                self_references: report.self_references,
                unresolved: report.unresolved,
                ambiguous: report.ambiguous,
                capped: report.capped,
                duplicates: report.duplicates.len(),
                date_mismatches: report.date_mismatches.len(),
            }
        }
    };
    out.flush()?;
    drop(out);

    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut summary = format!(
        "linked {}: {}, {} resolved, {}, {} unresolved ({} ambiguous); {}, {}",
        count(counted.articles, "article", "articles"),
        count(counted.references, "reference", "references"),
        counted.resolved,
        count(counted.self_references, "self-reference", "self-references"),
        counted.unresolved,
        counted.ambiguous,
        count(counted.duplicates, "duplicate group", "duplicate groups"),
        count(counted.date_mismatches, "date mismatch", "date mismatches"),
    );
    summary.push_str(&skipped_clause(&totals));
    if failed > 0 {
        summary.push_str("; ");
        summary.push_str(&count(failed as usize, "input", "inputs"));
        summary.push_str(" failed and skipped");
    }
    if !args.corpus.quiet {
        eprintln!("{summary}");
    }
    if counted.capped > 0 {
        // A warning even when quiet: a result may be wrong, not just slow.
        eprintln!(
            "warning: {} hit the candidate cap of {} articles sharing their rarest words \
             (marked `capped`): a better match may exist; \
             rerun with a larger --max-candidates",
            count(counted.capped, "reference", "references"),
            resolver.max_candidates(),
        );
    }
    Ok(Status::from_failed(failed))
}

/// What the summary on standard error counts.
struct Counted {
    articles: usize,
    references: usize,
    resolved: usize,
    self_references: usize,
    unresolved: usize,
    ambiguous: usize,
    capped: usize,
    duplicates: usize,
    date_mismatches: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_must_be_between_0_and_1() {
        assert_eq!(parse_score("0.75"), Ok(0.75));
        assert_eq!(parse_score("0"), Ok(0.0));
        assert_eq!(parse_score("1"), Ok(1.0));
        assert!(parse_score("1.01").is_err());
        assert!(parse_score("-0.5").is_err());
        assert!(parse_score("NaN").is_err());
        assert!(parse_score("high").is_err());
    }
}

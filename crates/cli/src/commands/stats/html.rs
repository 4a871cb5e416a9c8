//! The page of `dateline stats --format html`: the [`Stats`] as counts and
//! charts, drawn by `dateline_export::report_html` (which escapes every text).
//!
//! Sections (`<section id>`): `summary` (counts whose `data-key` is their
//! JSON path: `articles`, `promos.total`), `months` (a column per month,
//! the months of the text report), `outlets` (articles per outlet: each host
//! looked up in the built-in gazetteer), `hosts`, `diagnostics` (a bar per
//! code). Outlets and hosts show the top [`TOP`] and count the rest.

use std::collections::BTreeMap;
use std::io::Write;

use dateline_corpus::stats::Stats;
use dateline_export::ExportError;
use dateline_export::report_html::{Bar, BarChart, Count, Report};
use dateline_links::Gazetteer;

use super::{MAX_MONTH_SPAN, TOP, month_series};

pub fn write_html(out: &mut dyn Write, s: &Stats) -> Result<(), ExportError> {
    let mut page = Report::begin(out, "en", "Corpus statistics")?;
    page.section("summary", "Summary")?;
    page.counts(&[
        Count::new("files", "Files", s.files),
        Count::new("articles", "Articles", s.articles),
        Count::new("failed", "Failed", s.failed),
        Count::new("skipped", "Skipped (not articles)", s.skipped),
        Count::new("bytes", "Bytes", s.bytes),
        Count::new("paragraphs", "Paragraphs", s.paragraphs),
        Count::new("promos.total", "Promos", s.promos.total),
        Count::new("attributions.total", "Attributions", s.attributions.total),
        Count::new("repairs.total", "Repairs", s.repairs.total),
    ])?;

    page.section("months", "Articles per month")?;
    match s.dates {
        Some(range) => {
            let mut note = format!("From {} to {}.", range.first, range.last);
            let months = month_series(s);
            if months.len() < super::months_between(range.first, range.last) as usize + 1 {
                note.push_str(&format!(
                    " Over {MAX_MONTH_SPAN} months: only the months with articles are shown."
                ));
            }
            page.note(&note)?;
            let chart = BarChart::months(
                "Articles per month",
                months.iter().map(|(m, n)| (m.as_str(), *n)),
            )
            .unit("article", "articles");
            page.chart(&chart)?;
        }
        None => page.note("No article has a date.")?,
    }

    page.section("outlets", "Articles per outlet")?;
    let gazetteer = Gazetteer::builtin();
    let mut outlets: BTreeMap<&str, (&str, u64)> = BTreeMap::new();
    let mut unknown = 0;
    for (host, n) in &s.hosts {
        match gazetteer.lookup_host(host) {
            Some(outlet) => outlets.entry(outlet.id()).or_insert((outlet.name(), 0)).1 += n,
            None => unknown += n,
        }
    }
    page.counts(&[
        Count::new("outlets", "Outlets", outlets.len() as u64),
        Count::new("unknown_outlet", "Articles of no known outlet", unknown),
    ])?;
    let bars = outlets
        .iter()
        .map(|(id, (name, n))| Bar::new(*id, *name, *n));
    page.chart(&BarChart::top("Articles per outlet", bars, TOP).unit("article", "articles"))?;

    page.section("hosts", "Articles per host")?;
    let bars = s.hosts.iter().map(|(host, n)| Bar::new(host, host, *n));
    page.chart(&BarChart::top("Articles per host", bars, TOP).unit("article", "articles"))?;

    page.section("diagnostics", "Diagnostics by code")?;
    let mut chart = BarChart::rows("Diagnostics by code");
    for (code, c) in &s.diagnostics {
        chart.push(Bar::new(
            *code,
            format!("{code} {} ({})", c.name, c.severity),
            c.count,
        ));
    }
    page.chart(&chart)?;
    page.end()
}

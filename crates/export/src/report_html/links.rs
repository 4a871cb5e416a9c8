//! The page of `dateline links --format html`: a [`LinksReport`] for people.
//!
//! Sections, in order (each a `<section id>`):
//! - `summary`: the report's counts, each `data-key` its JSON key
//!   (`articles`, `resolved`, `self_references`, `unresolved`, `ambiguous`,
//!   `capped`) or the length of its JSON list (`references`, `duplicates`,
//!   `date_mismatches`, `invalid_urls`);
//! - `outcomes`: a bar per outcome of a reference: resolved to another article
//!   by `exact`, `slug` or `fuzzy` match, `self_reference`, `ambiguous`,
//!   `not_found` (unresolved without a candidate); they add up to `references`;
//! - `graph`: the resolved graph only: the articles with a reference
//!   resolved to another article, or named by one, and an edge per distinct
//!   (from, to) pair, drawn by [`Graph`] (at most [`MAX_GRAPH_NODES`]
//!   articles; the page says what it left out);
//! - `unresolved` and `ambiguous`: tables of those references (the columns
//!   are lists: [`UNRESOLVED`], [`AMBIGUOUS`]);
//! - `outlets`: the outlets the attributions name, the [`TOP_OUTLETS`] most
//!   cited as bars keyed by outlet id, and the attributions whose source the
//!   gazetteer does not know;
//! - `duplicates` and `date_mismatches`: tables.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;

use dateline_links::corpus::{DateMismatch, Duplicate, DuplicateReason};
use dateline_links::report::{LinksReport, ReferenceLink};
use dateline_links::resolve::Method;

use super::{Bar, BarChart, Column, Count, Graph, Report, thousands};
use crate::Result;

/// The articles the graph draws at most.
pub const MAX_GRAPH_NODES: usize = 400;
/// The outlets drawn as bars at most.
pub const TOP_OUTLETS: usize = 20;

/// The columns of the unresolved references' table.
pub const UNRESOLVED: &[Column<'static, ReferenceLink>] = &[
    Column::text("From article", |r: &ReferenceLink| Cow::Borrowed(&r.from)),
    Column::number("Line", |r: &ReferenceLink| line(r.line)),
    Column::text("Label", |r: &ReferenceLink| Cow::Borrowed(&r.label)),
    Column::text("Title", |r: &ReferenceLink| Cow::Borrowed(&r.title)),
    // The near miss: how far `--min-score` would have to drop for it to match.
    Column::text("Closest article", |r: &ReferenceLink| {
        Cow::Borrowed(r.best_candidate.as_deref().unwrap_or(""))
    }),
    Column::number("Its score", |r: &ReferenceLink| match r.best_score {
        Some(score) => Cow::Owned(format!("{score:.2}")),
        None => Cow::Borrowed(""),
    }),
];

/// The columns of the ambiguous references' table.
pub const AMBIGUOUS: &[Column<'static, ReferenceLink>] = &[
    Column::text("From article", |r: &ReferenceLink| Cow::Borrowed(&r.from)),
    Column::number("Line", |r: &ReferenceLink| line(r.line)),
    Column::text("Title", |r: &ReferenceLink| Cow::Borrowed(&r.title)),
    Column::text("Candidates", |r: &ReferenceLink| {
        Cow::Owned(r.candidates.join(", "))
    }),
];

const DUPLICATES: &[Column<'static, Duplicate>] = &[
    Column::text("Why", |d: &Duplicate| Cow::Borrowed(duplicate_reason(d))),
    Column::text("Key", |d: &Duplicate| Cow::Borrowed(&d.key)),
    Column::text("Articles", |d: &Duplicate| {
        Cow::Owned(d.articles.join(", "))
    }),
];

const DATE_MISMATCHES: &[Column<'static, DateMismatch>] = &[
    Column::text("Article", |m: &DateMismatch| Cow::Borrowed(&m.article)),
    Column::text("Header date", |m: &DateMismatch| {
        Cow::Owned(m.header_date.to_string())
    }),
    Column::text("URL date", |m: &DateMismatch| {
        Cow::Owned(m.url_date.to_string())
    }),
    Column::number("Days", |m: &DateMismatch| Cow::Owned(m.days.to_string())),
];

fn line(line: Option<u32>) -> Cow<'static, str> {
    line.map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string()))
}

fn duplicate_reason(d: &Duplicate) -> &'static str {
    match d.reason {
        DuplicateReason::Url => "same URL",
        DuplicateReason::HeadlineDate => "same headline and date",
    }
}

/// `1 group`, `2,345 groups`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(n as u64),
        if n == 1 { one } else { many }
    )
}

/// Whether a reference names another article (resolved, not to itself).
fn resolved(r: &ReferenceLink) -> bool {
    r.to.is_some() && !r.self_reference
}

/// Writes the page (see the [module docs](self)); `lang` is its language.
///
/// ```
/// use dateline_links::Gazetteer;
/// use dateline_links::corpus::{ArticleRecord, CorpusBuilder};
/// use dateline_links::report::LinksReport;
/// use dateline_links::resolve::Resolver;
///
/// let mut builder = CorpusBuilder::new();
/// builder.push(ArticleRecord::new("a", "Talks <go> on", "https://example.com/a")
///     .with_reference("Read Also", "Talks end"))?;
/// builder.push(ArticleRecord::new("b", "Talks end", "https://example.com/b"))?;
/// let corpus = builder.build();
/// let report = LinksReport::build(&Resolver::new(&corpus), Gazetteer::builtin());
/// let mut page = Vec::new();
/// dateline_export::report_html::links::write_links_report(&mut page, &report, "en")?;
/// let page = String::from_utf8(page).unwrap();
/// assert!(page.contains(r#"<dd data-key="resolved">1</dd>"#));
/// assert!(page.contains(r#"<line class="edge" data-from="a" data-to="b""#));
/// assert!(page.contains("a: Talks &lt;go&gt; on"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_links_report(out: &mut dyn Write, report: &LinksReport, lang: &str) -> Result<()> {
    let mut page = Report::begin(out, lang, "Links report")?;
    let len = |n: usize| n as u64;

    page.section("summary", "Summary")?;
    page.counts(&[
        Count::new("articles", "Articles", len(report.articles)),
        Count::new("references", "References", len(report.references.len())),
        Count::new("resolved", "Resolved", len(report.resolved)),
        Count::new(
            "self_references",
            "Self-references",
            len(report.self_references),
        ),
        Count::new("unresolved", "Unresolved", len(report.unresolved)),
        Count::new("ambiguous", "Ambiguous", len(report.ambiguous)),
        Count::new("capped", "Capped", len(report.capped)),
        Count::new(
            "duplicates",
            "Duplicate groups",
            len(report.duplicates.len()),
        ),
        Count::new(
            "date_mismatches",
            "Date mismatches",
            len(report.date_mismatches.len()),
        ),
        Count::new(
            "invalid_urls",
            "Invalid URLs",
            len(report.invalid_urls.len()),
        ),
    ])?;
    page.note(&format!(
        "Fuzzy matches score at least {}; the fuzzy search reads at most {} candidates a reference.",
        report.min_score,
        thousands(len(report.max_candidates))
    ))?;

    page.section("outcomes", "References by outcome")?;
    let mut outcomes = BarChart::rows("References by outcome").unit("reference", "references");
    for method in [Method::Exact, Method::Slug, Method::Fuzzy] {
        let n = report
            .references
            .iter()
            .filter(|r| resolved(r) && r.method == Some(method))
            .count();
        outcomes.push(Bar::new(
            method.as_str(),
            format!("resolved ({method})"),
            len(n),
        ));
    }
    let ambiguous = |r: &&ReferenceLink| r.to.is_none() && !r.candidates.is_empty();
    let not_found = |r: &&ReferenceLink| r.to.is_none() && r.candidates.is_empty();
    outcomes.push(Bar::new(
        "self_reference",
        "self-reference",
        len(report.self_references),
    ));
    outcomes.push(Bar::new("ambiguous", "ambiguous", len(report.ambiguous)));
    outcomes.push(Bar::new(
        "not_found",
        "not found",
        len(report.references.iter().filter(not_found).count()),
    ));
    page.chart(&outcomes)?;

    page.section("graph", "Resolved links")?;
    let titles: BTreeMap<&str, &str> = report
        .publishers
        .iter()
        .map(|p| (p.article.as_str(), p.title.as_str()))
        .collect();
    let title = |id: &str| titles.get(id).copied().unwrap_or("");
    let mut graph = Graph::new();
    for r in report.references.iter().filter(|r| resolved(r)) {
        let Some(to) = r.to.as_deref() else { continue };
        let from = graph.node(&r.from, title(&r.from));
        let to = graph.node(to, title(to));
        graph.edge(from, to, r.method.map_or("", Method::as_str));
    }
    if graph.edges() == 0 {
        page.note("No reference was resolved to another article.")?;
    } else {
        let picture = graph.picture(MAX_GRAPH_NODES);
        let (drawn_components, components) = picture.components();
        let mut note = format!(
            "{} joined by {} (distinct pairs of articles) in {}; an arrow points from the \
             article with the promo to the article it names. Hover a node for its id and \
             headline.",
            plural(graph.nodes(), "article", "articles"),
            plural(graph.edges(), "link", "links"),
            plural(components, "group", "groups"),
        );
        if picture.drawn_nodes() < graph.nodes() {
            note.push_str(&format!(
                " Drawn: the largest groups that fit in {} articles ({}, {}, {}); \
                 the json and dot formats have them all.",
                thousands(len(MAX_GRAPH_NODES)),
                plural(drawn_components, "group", "groups"),
                plural(picture.drawn_nodes(), "article", "articles"),
                plural(picture.drawn_edges(), "link", "links"),
            ));
        }
        page.note(&note)?;
        page.graph(&picture)?;
    }

    page.section("unresolved", "Unresolved references")?;
    page.note("References that name no article of the corpus.")?;
    page.table(
        "unresolved",
        UNRESOLVED,
        report.references.iter().filter(not_found),
    )?;

    page.section("ambiguous", "Ambiguous references")?;
    page.note("References that two or more articles match equally well: none is chosen.")?;
    page.table(
        "ambiguous",
        AMBIGUOUS,
        report.references.iter().filter(ambiguous),
    )?;

    page.section("outlets", "Outlets cited")?;
    let mut by_outlet: BTreeMap<&str, (&str, u64)> = BTreeMap::new();
    let mut unknown = 0u64;
    for a in &report.attributions {
        match (&a.outlet, &a.name) {
            (Some(id), name) => {
                by_outlet
                    .entry(id)
                    .or_insert((name.as_deref().unwrap_or(id), 0))
                    .1 += 1;
            }
            (None, _) => unknown += 1,
        }
    }
    page.counts(&[
        Count::new(
            "attributions",
            "Attributions",
            len(report.attributions.len()),
        ),
        Count::new("outlets", "Outlets named", len(by_outlet.len())),
        Count::new("unknown_sources", "Sources not in the gazetteer", unknown),
    ])?;
    let bars = by_outlet
        .iter()
        .map(|(id, (name, n))| Bar::new(*id, *name, *n));
    page.chart(
        &BarChart::top("Attributions by outlet", bars, TOP_OUTLETS)
            .unit("attribution", "attributions"),
    )?;

    page.section("duplicates", "Duplicates")?;
    page.table("duplicates", DUPLICATES, &report.duplicates)?;
    page.section("date_mismatches", "Date mismatches")?;
    page.note("Articles whose header date differs from the date in their URL.")?;
    page.table("date_mismatches", DATE_MISMATCHES, &report.date_mismatches)?;
    page.end()
}

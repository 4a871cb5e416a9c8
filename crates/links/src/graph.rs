//! Writing a [`LinksReport`]'s references as an edge list (CSV) or a Graphviz
//! graph (DOT).
//!
//! **CSV** ([`write_csv`]): a header, then one row per reference, in the
//! report's order, with the columns
//! `from,to,method,score,label,title,line,candidates,self_reference,capped,best_candidate,best_score`.
//! An unresolved reference has an empty `to` and `method`; an ambiguous one
//! lists its candidates in `candidates`, one per line (as `dateline convert`'s
//! csv lists sources: ids are file names, which may hold `;` or `,` but
//! hardly a line break). `best_candidate` and `best_score` are an unresolved
//! reference's near miss (empty otherwise). Quoting follows RFC 4180. [`write_csv_with`] can
//! neutralise cells a spreadsheet would run as formulas.
//!
//! **DOT** ([`write_dot`]): a `digraph` with one box per article (`a0`, `a1`,
//! ... in report order, labelled with the id, the headline wrapped at 40
//! characters, the date and the outlet) and one edge per reference:
//!
//! | reference | edge |
//! | --- | --- |
//! | resolved | solid, labelled with the method, and the score when below 1 (`fuzzy 0.91`, `slug 0.75`) |
//! | self-reference | dashed loop |
//! | ambiguous | dotted, grey, to each candidate, labelled `ambiguous` |
//! | unresolved | dashed, grey, to a grey note (`u0`, `u1`, ...) holding the promo's headline |
//!
//! A reference whose fuzzy search hit the candidate cap has ` (capped)` after
//! its label.
//!
//! Every label and tooltip is a quoted DOT string escaped by [`dot_escape`],
//! so headlines with quotes, backslashes or line breaks cannot break the graph.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::report::{LinksReport, ReferenceLink};
use crate::resolve::Method;

/// Writes the report's references as CSV (see the [module docs](self)).
///
/// # Errors
///
/// Any error writing to `out`.
pub fn write_csv<W: Write>(report: &LinksReport, out: W) -> io::Result<()> {
    write_csv_with(report, out, verbatim)
}

/// A cell as it is.
fn verbatim(cell: &str) -> Cow<'_, str> {
    Cow::Borrowed(cell)
}

/// Writes the report's references as CSV, every text cell passed through
/// `cell` first: a caller may neutralise spreadsheet formulas
/// (`dateline links --csv-safe` uses the same rule as `dateline convert`'s).
///
/// # Errors
///
/// Any error writing to `out`.
pub fn write_csv_with<W, F>(report: &LinksReport, out: W, cell: F) -> io::Result<()>
where
    W: Write,
    F: for<'a> Fn(&'a str) -> Cow<'a, str>,
{
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "from",
        "to",
        "method",
        "score",
        "label",
        "title",
        "line",
        "candidates",
        "self_reference",
        "capped",
        "best_candidate",
        "best_score",
    ])?;
    let flag = |b: bool| if b { "true" } else { "false" };
    for r in &report.references {
        csv.write_record([
            &*cell(&r.from),
            &*cell(r.to.as_deref().unwrap_or_default()),
            r.method.map(|m| m.as_str()).unwrap_or_default(),
            &r.score.to_string(),
            &*cell(&r.label),
            &*cell(&r.title),
            &r.line.map(|l| l.to_string()).unwrap_or_default(),
            &*cell(&r.candidates.join("\n")),
            flag(r.self_reference),
            flag(r.capped),
            &*cell(r.best_candidate.as_deref().unwrap_or_default()),
            &r.best_score.map(|s| s.to_string()).unwrap_or_default(),
        ])?;
    }
    csv.flush()
}

/// Writes the report as a Graphviz `digraph` (see the [module docs](self)).
///
/// # Errors
///
/// Any error writing to `out`.
pub fn write_dot<W: Write>(report: &LinksReport, mut out: W) -> io::Result<()> {
    writeln!(out, "digraph links {{")?;
    writeln!(out, "  graph [rankdir=LR];")?;
    writeln!(
        out,
        "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];"
    )?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];")?;

    let mut nodes: HashMap<&str, usize> = HashMap::with_capacity(report.publishers.len());
    for p in &report.publishers {
        let next = nodes.len();
        if let std::collections::hash_map::Entry::Vacant(slot) = nodes.entry(p.article.as_str()) {
            slot.insert(next);
            let mut label = dot_escape(&p.article);
            for line in wrap(&p.title, 40) {
                label.push_str("\\n");
                label.push_str(&dot_escape(&line));
            }
            let mut meta = Vec::new();
            if let Some(date) = p.date {
                meta.push(date.to_string());
            }
            if let Some(name) = p.name.as_deref().or(p.host.as_deref()) {
                meta.push(name.to_owned());
            }
            if !meta.is_empty() {
                label.push_str("\\n");
                label.push_str(&dot_escape(&meta.join(" · ")));
            }
            writeln!(
                out,
                "  a{next} [label=\"{label}\", tooltip=\"{}\"];",
                dot_escape(&p.url)
            )?;
        }
    }
    let mut node = |out: &mut W, id| node_for(&mut nodes, out, id);

    let mut unresolved = 0usize;
    for r in &report.references {
        let from = node(&mut out, &r.from)?;
        let tooltip = reference_tooltip(r);
        if let Some(to) = r.to.as_deref() {
            let to = node(&mut out, to)?;
            let style = if r.self_reference {
                ", style=dashed"
            } else {
                ""
            };
            writeln!(
                out,
                "  a{from} -> a{to} [label=\"{}\", tooltip=\"{tooltip}\"{style}];",
                method_label(r)
            )?;
        } else if !r.candidates.is_empty() {
            for candidate in &r.candidates {
                let to = node(&mut out, candidate)?;
                writeln!(
                    out,
                    "  a{from} -> a{to} [label=\"ambiguous\", tooltip=\"{tooltip}\", style=dotted, color=gray50, fontcolor=gray50];"
                )?;
            }
        } else {
            let u = unresolved;
            unresolved += 1;
            let label = wrap(&r.title, 40)
                .iter()
                .map(|l| dot_escape(l))
                .collect::<Vec<_>>()
                .join("\\n");
            writeln!(
                out,
                "  u{u} [label=\"{label}\", shape=note, style=dashed, color=gray50, fontcolor=gray50];"
            )?;
            writeln!(
                out,
                "  a{from} -> u{u} [label=\"unresolved{}\", tooltip=\"{tooltip}\", style=dashed, color=gray50, fontcolor=gray50];",
                if r.capped { " (capped)" } else { "" }
            )?;
        }
    }
    writeln!(out, "}}")?;
    out.flush()
}

/// The node of article `id`. Articles the report does not list (in a report
/// made by hand) get a node labelled with the id when first referenced.
fn node_for<'r, W: Write>(
    nodes: &mut HashMap<&'r str, usize>,
    out: &mut W,
    id: &'r str,
) -> io::Result<usize> {
    if let Some(&n) = nodes.get(id) {
        return Ok(n);
    }
    let n = nodes.len();
    writeln!(out, "  a{n} [label=\"{}\"];", dot_escape(id))?;
    nodes.insert(id, n);
    Ok(n)
}

/// `exact`, `slug`, or `fuzzy 0.91`.
fn method_label(r: &ReferenceLink) -> String {
    let mut label = match r.method {
        // Exact and whole-slug matches score 1: the score says nothing more.
        Some(method) if method == Method::Fuzzy || r.score < 1.0 => {
            format!("{method} {:.2}", r.score)
        }
        Some(method) => method.as_str().to_owned(),
        None => String::new(),
    };
    if r.capped {
        label.push_str(" (capped)");
    }
    label
}

/// `Read Also: <headline> (line 5)`, escaped.
fn reference_tooltip(r: &ReferenceLink) -> String {
    let mut tip = format!("{}: {}", r.label, r.title);
    if let Some(line) = r.line {
        let _ = write!(tip, " (line {line})");
    }
    dot_escape(&tip)
}

/// Escapes text for a quoted DOT string used as a label: `\` becomes `\\` (so
/// `\N` or `\l` in a headline is not read as an escape sequence), `"` becomes
/// `\"`, a line feed becomes `\n` (a centred line break), a carriage return is
/// dropped and other control characters become spaces.
///
/// ```
/// use dateline_links::graph::dot_escape;
///
/// assert_eq!(dot_escape(r#"Zelensky: "Not \N Panicking""#), r#"Zelensky: \"Not \\N Panicking\""#);
/// assert_eq!(dot_escape("two\r\nlines"), r"two\nlines");
/// ```
pub fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Splits `text` into lines of at most `width` characters at spaces (a longer
/// word gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Publisher;

    fn reference(from: &str, title: &str) -> ReferenceLink {
        ReferenceLink {
            from: from.into(),
            line: Some(4),
            label: "Read Also".into(),
            title: title.into(),
            to: None,
            method: None,
            score: 0.0,
            candidates: Vec::new(),
            self_reference: false,
            capped: false,
            best_candidate: None,
            best_score: None,
        }
    }

    fn publisher(id: &str, title: &str) -> Publisher {
        Publisher {
            article: id.into(),
            title: title.into(),
            date: None,
            url: format!("https://example.com/{id}"),
            host: Some("example.com".into()),
            domain: Some("example.com".into()),
            outlet: None,
            name: None,
        }
    }

    fn report() -> LinksReport {
        let resolved = ReferenceLink {
            to: Some("b".into()),
            method: Some(Method::Fuzzy),
            score: 10.0 / 11.0,
            ..reference("a", "Pentagon \"Alert\", Troops")
        };
        let itself = ReferenceLink {
            to: Some("a".into()),
            method: Some(Method::Exact),
            score: 1.0,
            self_reference: true,
            ..reference("a", "A")
        };
        let ambiguous = ReferenceLink {
            method: Some(Method::Exact),
            score: 1.0,
            candidates: vec!["b".into(), "c;d".into()],
            ..reference("b", "NATO")
        };
        let capped = ReferenceLink {
            capped: true,
            ..reference("c;d", "=HYPERLINK(\"http://x\")")
        };
        LinksReport {
            articles: 3,
            resolved: 2,
            unresolved: 2,
            ambiguous: 1,
            self_references: 1,
            capped: 1,
            min_score: 0.6,
            max_candidates: 4096,
            references: vec![
                resolved,
                itself,
                ambiguous,
                ReferenceLink {
                    best_candidate: Some("b".into()),
                    best_score: Some(0.5),
                    ..reference("c;d", "Back\\slash \\N\nnew line")
                },
                capped,
            ],
            attributions: Vec::new(),
            publishers: vec![
                publisher("a", "A"),
                publisher("b", "B \"quoted\""),
                publisher("c;d", "C"),
            ],
            duplicates: Vec::new(),
            date_mismatches: Vec::new(),
            invalid_urls: Vec::new(),
        }
    }

    /// The CSV of `report()`, read back by the csv crate.
    fn csv_rows(safe: bool) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        if safe {
            write_csv_with(&report(), &mut out, |cell| {
                if cell.starts_with('=') {
                    Cow::Owned(format!("'{cell}"))
                } else {
                    Cow::Borrowed(cell)
                }
            })
        } else {
            write_csv(&report(), &mut out)
        }
        .expect("writes");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(out.as_slice())
            .records()
            .map(|row| row.expect("valid CSV").iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn csv_has_a_row_per_reference() {
        let rows = csv_rows(false);
        assert_eq!(
            rows[0],
            "from,to,method,score,label,title,line,candidates,self_reference,capped,best_candidate,best_score"
                .split(',')
                .collect::<Vec<_>>()
        );
        assert_eq!(rows.len(), 6, "a header and five references");
        assert_eq!(
            rows[1],
            [
                "a",
                "b",
                "fuzzy",
                "0.9090909090909091",
                "Read Also",
                "Pentagon \"Alert\", Troops",
                "4",
                "",
                "false",
                "false",
                "",
                ""
            ]
        );
        assert_eq!(rows[2][..3], ["a", "a", "exact"]);
        assert_eq!(rows[2][8], "true");
        // Candidates one per line, so an id with `;` splits back.
        assert_eq!(rows[3][7].lines().collect::<Vec<_>>(), ["b", "c;d"]);
        assert_eq!(rows[4][0], "c;d");
        assert_eq!(rows[4][5], "Back\\slash \\N\nnew line");
        // An unresolved reference's near miss, read back as a number.
        assert_eq!(rows[4][10], "b");
        assert_eq!(rows[4][11].parse::<f64>().ok(), Some(0.5));
        assert_eq!(
            (rows[5][5].as_str(), rows[5][9].as_str()),
            ("=HYPERLINK(\"http://x\")", "true")
        );
    }

    #[test]
    fn csv_cells_go_through_the_callers_guard() {
        let rows = csv_rows(true);
        assert_eq!(rows[5][5], "'=HYPERLINK(\"http://x\")");
        // Numbers and flags are not cells a caller guards.
        assert_eq!(rows[0][0], "from");
        assert_eq!(rows[1][3], "0.9090909090909091");
    }

    #[test]
    fn dot_escapes_labels_and_draws_every_kind_of_edge() {
        let mut out = Vec::new();
        write_dot(&report(), &mut out).expect("writes");
        let dot = String::from_utf8(out).expect("utf-8");
        assert!(dot.starts_with("digraph links {\n"));
        assert!(dot.ends_with("}\n"));
        assert!(dot.contains(
            r#"a1 [label="b\nB \"quoted\"\nexample.com", tooltip="https://example.com/b"];"#
        ));
        assert!(dot.contains(r#"a0 -> a1 [label="fuzzy 0.91", tooltip="Read Also: Pentagon \"Alert\", Troops (line 4)"];"#));
        assert!(dot.contains(
            "a0 -> a0 [label=\"exact\", tooltip=\"Read Also: A (line 4)\", style=dashed];"
        ));
        assert!(dot.contains("a1 -> a1 [label=\"ambiguous\""));
        assert!(dot.contains("a1 -> a2 [label=\"ambiguous\""));
        assert!(dot.contains(r#"u0 [label="Back\\slash \\N new line", shape=note"#));
        assert!(dot.contains("a2 -> u0 [label=\"unresolved\""));
        // Every quote inside a line is escaped: unescaped quotes come in pairs.
        for line in dot.lines() {
            let unescaped = line.replace("\\\\", "").replace("\\\"", "");
            assert_eq!(unescaped.matches('"').count() % 2, 0, "{line}");
        }
    }

    #[test]
    fn dot_adds_nodes_for_unknown_ids() {
        let mut r = report();
        r.publishers.clear();
        let mut out = Vec::new();
        write_dot(&r, &mut out).expect("writes");
        let dot = String::from_utf8(out).expect("utf-8");
        assert!(dot.contains("  a0 [label=\"a\"];"));
        assert!(dot.contains("  a1 [label=\"b\"];"));
    }

    #[test]
    fn escaping_and_wrapping() {
        assert_eq!(dot_escape("a\"b\\c\nd\re\u{7}f"), "a\\\"b\\\\c\\nde f");
        assert_eq!(dot_escape("Élysée → «ok»"), "Élysée → «ok»");
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(
            wrap("supercalifragilistic x", 5),
            ["supercalifragilistic", "x"]
        );
        assert!(wrap("  ", 5).is_empty());
    }
}

//! Writing a [`LinksReport`]'s references as an edge list (CSV) or a Graphviz
//! graph (DOT).
//!
//! **CSV** ([`write_csv`]): a header, then one row per reference, in the
//! report's order, with the columns
//! `from,to,method,score,label,title,line,candidates,self_reference`. An
//! unresolved reference has an empty `to` and `method`; an ambiguous one lists
//! its candidates in `candidates`, separated by `;`. Quoting follows RFC 4180.
//!
//! **DOT** ([`write_dot`]): a `digraph` with one box per article (`a0`, `a1`,
//! ... in report order, labelled with the id, the headline wrapped at 40
//! characters, the date and the outlet) and one edge per reference:
//!
//! | reference | edge |
//! | --- | --- |
//! | resolved | solid, labelled with the method (`fuzzy 0.91`) |
//! | self-reference | dashed loop |
//! | ambiguous | dotted, grey, to each candidate, labelled `ambiguous` |
//! | unresolved | dashed, grey, to a grey note (`u0`, `u1`, ...) holding the promo's headline |
//!
//! Every label and tooltip is a quoted DOT string escaped by [`dot_escape`],
//! so headlines with quotes, backslashes or line breaks cannot break the graph.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::report::{LinksReport, ReferenceLink};

/// Writes the report's references as CSV (see the [module docs](self)).
///
/// # Errors
///
/// Any error writing to `out`.
pub fn write_csv<W: Write>(report: &LinksReport, out: W) -> io::Result<()> {
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
    ])?;
    for r in &report.references {
        csv.write_record([
            r.from.as_str(),
            r.to.as_deref().unwrap_or_default(),
            r.method.map(|m| m.as_str()).unwrap_or_default(),
            &r.score.to_string(),
            &r.label,
            &r.title,
            &r.line.map(|l| l.to_string()).unwrap_or_default(),
            &r.candidates.join(";"),
            if r.self_reference { "true" } else { "false" },
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
                "  a{from} -> u{u} [label=\"unresolved\", tooltip=\"{tooltip}\", style=dashed, color=gray50, fontcolor=gray50];"
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
    match r.method {
        Some(crate::resolve::Method::Fuzzy) => format!("fuzzy {:.2}", r.score),
        Some(method) => method.as_str().to_owned(),
        None => String::new(),
    }
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
    use crate::resolve::Method;

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
            candidates: vec!["b".into(), "c d".into()],
            ..reference("b", "NATO")
        };
        LinksReport {
            articles: 3,
            resolved: 2,
            unresolved: 2,
            ambiguous: 1,
            self_references: 1,
            min_score: 0.6,
            references: vec![
                resolved,
                itself,
                ambiguous,
                reference("c d", "Back\\slash \\N\nnew line"),
            ],
            attributions: Vec::new(),
            publishers: vec![
                publisher("a", "A"),
                publisher("b", "B \"quoted\""),
                publisher("c d", "C"),
            ],
            duplicates: Vec::new(),
            date_mismatches: Vec::new(),
            invalid_urls: Vec::new(),
        }
    }

    #[test]
    fn csv_has_a_row_per_reference() {
        let mut out = Vec::new();
        write_csv(&report(), &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "from,to,method,score,label,title,line,candidates,self_reference"
        );
        assert_eq!(
            lines[1],
            "a,b,fuzzy,0.9090909090909091,Read Also,\"Pentagon \"\"Alert\"\", Troops\",4,,false"
        );
        assert_eq!(lines[2], "a,a,exact,1,Read Also,A,4,,true");
        assert_eq!(lines[3], "b,,exact,1,Read Also,NATO,4,b;c d,false");
        assert_eq!(lines[4], "c d,,,0,Read Also,\"Back\\slash \\N");
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

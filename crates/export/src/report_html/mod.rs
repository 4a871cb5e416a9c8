//! Reports as one self-contained HTML5 page: counts, tables and pictures in
//! inline SVG, with an inline style sheet, no script and nothing fetched from
//! the network, so the page reads the same saved, mailed or opened offline.
//!
//! A [`Report`] writes the page as it goes: [`Report::begin`] (the page shell
//! of the `html` format: doctype, `lang`, charset, viewport, the style sheet),
//! then sections holding [`Count`]s, a [`BarChart`], a table of rows by
//! [`Column`]s, or a [`GraphPicture`], then [`Report::end`]. Every text goes
//! through the escaper of the `html` format, so a headline holding `<script>`
//! or `&` is text, in the HTML and in the SVG alike.
//!
//! The numbers are marked for programs as well as people: a count is
//! `<dd data-key="resolved">12</dd>`, a bar `<rect class="bar"
//! data-key="exact" data-value="5">`, a node of a graph `<g class="node"
//! data-id="001">`, an edge `<line class="edge" data-from data-to>`. Each
//! SVG is well-formed XML (`xmlns` declared, every element closed).
//!
//! [`links::write_links_report`] is the page of `dateline links --format html`.

use std::borrow::Cow;
use std::io::Write;

use crate::Result;
use crate::escape::{markup_attr, markup_text};
use crate::formats::html::{STYLE, head_start};

pub mod bars;
pub mod graph;
pub mod links;

pub use bars::{Bar, BarChart};
pub use graph::{Graph, GraphPicture};

/// The rows a table shows at most; the rest are counted ("and 12 more").
pub const TABLE_ROWS: usize = 500;

/// What a report adds to the `html` format's style sheet: a wider column,
/// count lists, pictures that shrink to the page.
const REPORT_STYLE: &str = "body{max-width:64rem;font-size:1rem}\
dl.counts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:0}\
dl.counts div{min-width:8rem}dt{color:#5f5f5f;font-size:.85rem}\
dd{margin:0;font-size:1.4rem;font-variant-numeric:tabular-nums}\
figure{margin:1rem 0}svg{max-width:100%;height:auto;font-family:sans-serif}\
td.n{text-align:right;font-variant-numeric:tabular-nums}\
.note{color:#5f5f5f;font-size:.9rem}";

/// A number with a name: `Resolved: 12`, marked `data-key="resolved"`.
#[derive(Clone, Copy, Debug)]
pub struct Count<'a> {
    /// What a program looks it up by (the JSON key, where there is one).
    pub key: &'a str,
    /// What a person reads.
    pub label: &'a str,
    /// The number.
    pub value: u64,
}

impl<'a> Count<'a> {
    /// A count.
    pub fn new(key: &'a str, label: &'a str, value: u64) -> Count<'a> {
        Count { key, label, value }
    }
}

/// A column of a table of `R`s: its heading and how a row fills its cell.
/// A table is a list of columns, so adding one is one more entry.
pub struct Column<'a, R> {
    /// The heading.
    pub heading: &'a str,
    /// The cell of a row (plain text; it is escaped).
    pub cell: fn(&R) -> Cow<'_, str>,
    /// Right-aligned, for numbers.
    pub numeric: bool,
}

impl<'a, R> Column<'a, R> {
    /// A text column.
    pub const fn text(heading: &'a str, cell: fn(&R) -> Cow<'_, str>) -> Column<'a, R> {
        Column {
            heading,
            cell,
            numeric: false,
        }
    }

    /// A right-aligned column.
    pub const fn number(heading: &'a str, cell: fn(&R) -> Cow<'_, str>) -> Column<'a, R> {
        Column {
            heading,
            cell,
            numeric: true,
        }
    }
}

/// A report page being written (see the [module docs](self)).
pub struct Report<'w> {
    out: &'w mut dyn Write,
    in_section: bool,
}

impl<'w> Report<'w> {
    /// Writes the page's head and its `<h1>`, titled `title`, in language
    /// `lang` (a BCP 47 tag: `en`).
    pub fn begin(out: &'w mut dyn Write, lang: &str, title: &str) -> Result<Report<'w>> {
        head_start(out, lang)?;
        out.write_all(b"<title>")?;
        markup_text(out, title)?;
        write!(
            out,
            "</title>\n<style>{STYLE}{REPORT_STYLE}</style>\n</head>\n<body>\n<main>\n<h1>"
        )?;
        markup_text(out, title)?;
        out.write_all(b"</h1>\n")?;
        Ok(Report {
            out,
            in_section: false,
        })
    }

    /// Starts a section (closing the one before) with a heading; `id` is its
    /// anchor and what a program finds it by.
    pub fn section(&mut self, id: &str, heading: &str) -> Result<()> {
        self.close_section()?;
        self.out.write_all(b"<section id=\"")?;
        markup_attr(self.out, id)?;
        self.out.write_all(b"\">\n<h2>")?;
        markup_text(self.out, heading)?;
        self.out.write_all(b"</h2>\n")?;
        self.in_section = true;
        Ok(())
    }

    /// A paragraph of small print.
    pub fn note(&mut self, text: &str) -> Result<()> {
        self.out.write_all(b"<p class=\"note\">")?;
        markup_text(self.out, text)?;
        self.out.write_all(b"</p>\n")?;
        Ok(())
    }

    /// Named numbers, side by side.
    pub fn counts(&mut self, counts: &[Count<'_>]) -> Result<()> {
        self.out.write_all(b"<dl class=\"counts\">\n")?;
        for c in counts {
            self.out.write_all(b"<div><dt>")?;
            markup_text(self.out, c.label)?;
            self.out.write_all(b"</dt><dd data-key=\"")?;
            markup_attr(self.out, c.key)?;
            writeln!(self.out, "\">{}</dd></div>", thousands(c.value))?;
        }
        self.out.write_all(b"</dl>\n")?;
        Ok(())
    }

    /// A bar chart, in a `<figure>`.
    pub fn chart(&mut self, chart: &BarChart) -> Result<()> {
        self.out.write_all(b"<figure>\n")?;
        chart.write_svg(self.out)?;
        self.out.write_all(b"</figure>\n")?;
        Ok(())
    }

    /// A picture of a graph, in a `<figure>`.
    pub fn graph(&mut self, picture: &GraphPicture) -> Result<()> {
        self.out.write_all(b"<figure>\n")?;
        picture.write_svg(self.out)?;
        self.out.write_all(b"</figure>\n")?;
        Ok(())
    }

    /// A table of `rows` (`<table class="CLASS">`), at most [`TABLE_ROWS`]
    /// of them; a note counts the rows left out. Without rows, "None.".
    pub fn table<'r, R: 'r>(
        &mut self,
        class: &str,
        columns: &[Column<'_, R>],
        rows: impl IntoIterator<Item = &'r R>,
    ) -> Result<()> {
        let mut rows = rows.into_iter().peekable();
        if rows.peek().is_none() {
            return self.note("None.");
        }
        self.out.write_all(b"<table class=\"")?;
        markup_attr(self.out, class)?;
        self.out.write_all(b"\">\n<thead><tr>")?;
        for c in columns {
            self.out.write_all(b"<th>")?;
            markup_text(self.out, c.heading)?;
            self.out.write_all(b"</th>")?;
        }
        self.out.write_all(b"</tr></thead>\n<tbody>\n")?;
        let mut left_out = 0usize;
        for (i, row) in rows.enumerate() {
            if i >= TABLE_ROWS {
                left_out += 1;
                continue;
            }
            self.out.write_all(b"<tr>")?;
            for c in columns {
                let td: &[u8] = if c.numeric {
                    b"<td class=\"n\">"
                } else {
                    b"<td>"
                };
                self.out.write_all(td)?;
                markup_text(self.out, &(c.cell)(row))?;
                self.out.write_all(b"</td>")?;
            }
            self.out.write_all(b"</tr>\n")?;
        }
        self.out.write_all(b"</tbody>\n</table>\n")?;
        if left_out > 0 {
            self.note(&format!(
                "and {} more rows, left out to keep the page small (the json format has them all)",
                thousands(left_out as u64)
            ))?;
        }
        Ok(())
    }

    fn close_section(&mut self) -> Result<()> {
        if self.in_section {
            self.out.write_all(b"</section>\n")?;
            self.in_section = false;
        }
        Ok(())
    }

    /// Ends the page.
    pub fn end(mut self) -> Result<()> {
        self.close_section()?;
        self.out.write_all(b"</main>\n</body>\n</html>\n")?;
        Ok(())
    }
}

/// `1,234,567`: how a report writes a number for people.
pub fn thousands(n: u64) -> String {
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

/// `s` cut to at most `max` characters, with `…` when cut: for labels in a
/// picture (the whole text goes in the tooltip).
fn shorten(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max.saturating_sub(1)) {
        Some((at, _)) if s.chars().count() > max => Cow::Owned(format!("{}…", &s[..at])),
        _ => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_labels() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abcdefg", 6), "abcde…");
        assert_eq!(shorten("ééééééé", 3), "éé…");
    }

    #[test]
    fn a_page_escapes_every_text() {
        let mut page = Vec::new();
        let mut report = Report::begin(&mut page, "en", "A <b> & \"c\"").expect("written");
        report.section("s\"x", "<h>").expect("written");
        report
            .counts(&[Count::new("k\"", "<l>", 1234)])
            .expect("written");
        let rows = ["<script>alert(1)</script>".to_owned()];
        report
            .table("t", &[Column::text("Title", |r: &String| r.into())], &rows)
            .expect("written");
        report.end().expect("written");
        let page = String::from_utf8(page).expect("UTF-8");
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
        assert!(page.contains("<dd data-key=\"k&quot;\">1,234</dd>"));
        assert!(page.contains("<title>A &lt;b&gt; &amp; \"c\"</title>"));
        assert!(page.ends_with("</section>\n</main>\n</body>\n</html>\n"));
    }
}

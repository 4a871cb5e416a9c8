//! `bibtex`: one BibLaTeX entry per article, for biblatex with biber.
//!
//! The entries use BibLaTeX's data model (`date`, `journaltitle`, `@online`).
//! Classic BibTeX styles (`plain.bst` and the like) read `year` and `journal`
//! and know no `@online`: with them only part of an entry comes through (the
//! title, and the URL in styles that print one). Writing both forms is not an
//! option: biber warns when `year` and `date` are both set.
//!
//! ```bib
//! @article{bbc2022macron,
//!   title = {{Macron Heads To Meet Putin}},
//!   journaltitle = {BBC News},
//!   date = {2022-01-31},
//!   url = {https://www.bbc.com/news/world-60274474},
//!   abstract = {The source also mentioned that ...}
//! }
//! ```
//!
//! Fields, in this order (see the crate documentation for the other formats):
//!
//! | field | value |
//! | --- | --- |
//! | entry type | `@article` when a linker resolved the outlet, else `@online` |
//! | key | `{stem}{year}{word}`, unique in the document (see below) |
//! | `title` | the headline, in one brace group (its capitalisation kept) |
//! | `journaltitle` | `@article`: the outlet's name |
//! | `organization` | `@online`: the URL's host (`www.hngn.com`), when it has one |
//! | `date` | `YYYY-MM-DD` |
//! | `url` | the canonical URL when a linker gave one, else the URL as written |
//! | `abstract` | the first paragraph; repaired, or as written with [`Options::raw`] |
//!
//! There is no `urldate`: the access date is not known, and none is invented.
//! There is no `author`: the article files do not name one (biblatex styles
//! then start the reference with the title).
//!
//! **Why `@article` when the outlet is known.** The biblatex manual files
//! newspaper articles under `@article` ("an article in a journal, magazine,
//! newspaper, or other periodical"), with the periodical in `journaltitle`; its
//! styles then print the paper's name in italics like a journal's. Without an
//! outlet there is no periodical to name (a host is not a newspaper title), so
//! the entry is `@online` and the host goes in `organization`, which `@online`
//! prints as the site's owner.
//!
//! **Keys** are made by [`crate::keys`]: `hngn2022macron`, then `hngn2022macrona`
//! for a second article with the same key, and so on. The same articles in the
//! same order always get the same keys (and `csl-json` gives the same ids).
//! The exporter remembers a 64-bit hash per key it gave in the current
//! document: about 16 bytes per article.
//!
//! **Escaping.** Text is kept as UTF-8 (biber reads UTF-8, and LaTeX has read
//! UTF-8 input by default since 2018); only what TeX or BibTeX would read as
//! markup is replaced:
//!
//! | character | written as | why |
//! | --- | --- | --- |
//! | `#` `$` `%` `&` `_` | `\#` `\$` `\%` `\&` `\_` | macro parameter, math, comment, alignment, subscript |
//! | `{` `}` | `\textbraceleft{}` `\textbraceright{}` | BibTeX and biber count braces even after a backslash, so `\{` would unbalance the field |
//! | `\` | `\textbackslash{}` | starts a command |
//! | `~` `^` | `\textasciitilde{}` `\textasciicircum{}` | tie, superscript / accent |
//! | `<` `>` `\|` | `\textless{}` `\textgreater{}` `\textbar{}` | print as `¡` `¿` `—` in the default OT1 font encoding |
//! | `--`, ` `` `, `''`, `,,`, `` !` ``, `` ?` `` | `-{}-`, `` `{}` ``, ... | TeX ligatures (dashes, curly quotes, inverted marks) |
//! | controls, line breaks, U+2028, U+2029 | a space | a blank line would end the paragraph |
//!
//! Every brace in the output is the exporter's own and balanced, so no field can
//! end early: a headline cannot break out of its entry. `"` and `@` are left as
//! they are: inside a brace-delimited value they are plain characters. As TeX
//! does, readers collapse runs of spaces into one.
//!
//! The URL goes in `url`, which biblatex reads verbatim (so `%`, `#`, `&` and `_`
//! stay as they are): only the bytes that are not printable ASCII, and `{`, `}`,
//! `\` and space, are percent-encoded (UTF-8 bytes, as in a URI).
//!
//! **Capitalisation.** The title is wrapped in an extra pair of braces, so that
//! a style that changes case (BibTeX's `plain`, biblatex's
//! `\MakeSentenceCase`, APA) prints the headline as the outlet published it.
//! Headlines are usually in title case and name people and places, and there is
//! no telling a proper noun from a capitalised common word: sentence-casing
//! `Macron Heads To Meet Putin In Russia` would print `putin` and `russia`.
//! Keeping the outlet's casing is the lesser evil. If the protected group would
//! start with a command, it starts with `{}` so that BibTeX does not take it for
//! a "special character" (which it case-changes).
//!
//! Options read: [`Options::raw`] (the abstract), [`Options::links`] (outlet,
//! canonical URL, key stem). The others do not apply: promos are never written.

use std::io::Write;

use dateline_plugin::dateline_core::Article;
use dateline_plugin::dateline_export::{Exporter, FormatInfo, Kind, Options, Result};

use crate::common::{Citation, Container, is_breaking};
use crate::keys::Keys;

/// The `bibtex` descriptor.
pub const INFO: FormatInfo = FormatInfo::new(
    "bibtex",
    Kind::Stream,
    "bib",
    "application/x-bibtex",
    "BibLaTeX: one @article (outlet known) or @online entry per article, for biber/biblatex",
);

/// The largest buffer kept between articles; an outsized article's is freed.
const RETAINED: usize = 1 << 20;

/// The `bibtex` exporter.
#[derive(Debug)]
pub struct Bibtex {
    options: Options,
    keys: Keys,
    entry: Vec<u8>,
}

impl Bibtex {
    /// An exporter with these options.
    pub fn new(options: &Options) -> Self {
        Bibtex {
            options: options.clone(),
            keys: Keys::default(),
            entry: Vec::new(),
        }
    }
}

impl Exporter for Bibtex {
    fn begin(&mut self, _out: &mut dyn Write) -> Result<()> {
        self.keys.clear();
        Ok(())
    }

    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        let citation = Citation::new(article, &self.options);
        let key = self
            .keys
            .next(&citation.key_stem, citation.date.year(), citation.title);
        let entry = &mut self.entry;
        entry.clear();
        write_entry(entry, &key, &citation)?;
        out.write_all(entry)?;
        if entry.capacity() > RETAINED {
            *entry = Vec::new();
        }
        Ok(())
    }

    fn end(&mut self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }
}

/// Writes one entry and the blank line after it.
fn write_entry(out: &mut Vec<u8>, key: &str, c: &Citation<'_>) -> std::io::Result<()> {
    let kind = match c.container {
        Some(Container::Outlet(_)) => "article",
        _ => "online",
    };
    write!(out, "@{kind}{{{key}")?;

    open(out, "title");
    out.push(b'{');
    let start = out.len();
    tex_text(out, c.title);
    if out.get(start) == Some(&b'\\') {
        out.splice(start..start, *b"{}");
    }
    out.extend_from_slice(b"}}");

    match &c.container {
        Some(Container::Outlet(name)) => text_field(out, "journaltitle", name),
        Some(Container::Host(host)) => text_field(out, "organization", host),
        None => {}
    }

    open(out, "date");
    let d = c.date;
    write!(out, "{:04}-{:02}-{:02}}}", d.year(), d.month(), d.day())?;

    open(out, "url");
    url(out, &c.url);
    out.push(b'}');

    if let Some(lede) = &c.lede {
        text_field(out, "abstract", lede);
    }
    out.extend_from_slice(b"\n}\n\n");
    Ok(())
}

/// Ends the previous line with a comma and opens field `name`: `,\n  name = {`.
fn open(out: &mut Vec<u8>, name: &str) {
    out.extend_from_slice(b",\n  ");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b" = {");
}

/// Writes field `name` with `value` escaped as text.
fn text_field(out: &mut Vec<u8>, name: &str, value: &str) {
    open(out, name);
    tex_text(out, value);
    out.push(b'}');
}

/// Writes `s` as the text of a brace-delimited field (see the module docs):
/// TeX specials as commands, ligatures broken, line breaks and controls as
/// spaces, everything else (UTF-8 included) as it is.
pub(crate) fn tex_text(out: &mut Vec<u8>, s: &str) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let replacement: &str = match c {
            '\\' => r"\textbackslash{}",
            '{' => r"\textbraceleft{}",
            '}' => r"\textbraceright{}",
            '#' => r"\#",
            '$' => r"\$",
            '%' => r"\%",
            '&' => r"\&",
            '_' => r"\_",
            '~' => r"\textasciitilde{}",
            '^' => r"\textasciicircum{}",
            '<' => r"\textless{}",
            '>' => r"\textgreater{}",
            '|' => r"\textbar{}",
            '-' if chars.peek() == Some(&'-') => "-{}",
            '`' if chars.peek() == Some(&'`') => "`{}",
            '\'' if chars.peek() == Some(&'\'') => "'{}",
            ',' if chars.peek() == Some(&',') => ",{}",
            '!' | '?' if chars.peek() == Some(&'`') => {
                out.extend_from_slice(if c == '!' { b"!{}" } else { b"?{}" });
                continue;
            }
            c if is_breaking(c) => " ",
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                continue;
            }
        };
        out.extend_from_slice(replacement.as_bytes());
    }
}

/// Writes `url` for the verbatim `url` field: controls, space, `{`, `}`, `\`,
/// DEL and every non-ASCII byte percent-encoded; the rest as it is.
fn url(out: &mut Vec<u8>, url: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in url.trim().as_bytes() {
        if b <= b' ' || b >= 0x7F || matches!(b, b'{' | b'}' | b'\\') {
            out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.push(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tex(s: &str) -> String {
        let mut out = Vec::new();
        tex_text(&mut out, s);
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn specials_become_commands() {
        assert_eq!(
            tex(r"a{b}c\d#$%&_~^<>|"),
            r"a\textbraceleft{}b\textbraceright{}c\textbackslash{}d\#\$\%\&\_\textasciitilde{}\textasciicircum{}\textless{}\textgreater{}\textbar{}"
        );
        assert_eq!(tex("Ünïcødé “q” 日本 \"@\""), "Ünïcødé “q” 日本 \"@\"");
        assert_eq!(tex("a\nb\r\tc\u{2028}"), "a b  c ");
    }

    #[test]
    fn ligatures_are_broken() {
        assert_eq!(tex("a---b -- c-d"), "a-{}-{}-b -{}- c-d");
        assert_eq!(
            tex("``q'' ,,x !`y ?`z it's"),
            "`{}`q'{}' ,{},x !{}`y ?{}`z it's"
        );
    }

    #[test]
    fn urls_stay_verbatim_but_braces_and_spaces_are_encoded() {
        let mut out = Vec::new();
        url(&mut out, "https://x.org/a b/{c}\\d?e=%20&f_g#h~é");
        assert_eq!(
            String::from_utf8(out).expect("ASCII"),
            "https://x.org/a%20b/%7Bc%7D%5Cd?e=%20&f_g#h~%C3%A9"
        );
    }
}

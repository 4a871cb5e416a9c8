//! What the three formats take from an article, computed once per article.

use std::borrow::Cow;

use dateline_plugin::dateline_core::{Article, Date, url_host};
use dateline_plugin::dateline_export::{ArticleLinks, Options};

/// Where the article appeared, as a citation names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Container {
    /// The outlet the [`Linker`](dateline_plugin::dateline_export::Linker)
    /// resolved: its display name (`BBC News`).
    Outlet(String),
    /// No outlet known: the host of the URL (`www.hngn.com`).
    Host(String),
}

impl Container {
    /// The name to write.
    pub(crate) fn name(&self) -> &str {
        match self {
            Container::Outlet(name) | Container::Host(name) => name,
        }
    }
}

/// The citation of one article: the fields every format maps.
#[derive(Debug)]
pub(crate) struct Citation<'a> {
    /// The headline.
    pub(crate) title: &'a str,
    /// The article's date.
    pub(crate) date: Date,
    /// The canonical URL when a linker gave one, else the URL as written.
    pub(crate) url: Cow<'a, str>,
    /// The outlet, or the host; `None` when the URL has no host.
    pub(crate) container: Option<Container>,
    /// What a citation key starts with, before sanitising: the outlet id, the
    /// registrable domain or the host (see [`crate::keys`]).
    pub(crate) key_stem: String,
    /// The first non-blank paragraph, repaired or as written
    /// ([`Options::raw`]); `None` for an article without one.
    pub(crate) lede: Option<Cow<'a, str>>,
}

impl<'a> Citation<'a> {
    /// The citation of `article`, with the links of `options`' linker if any.
    pub(crate) fn new(article: &'a Article<'_>, options: &Options) -> Citation<'a> {
        let links: Option<ArticleLinks> =
            options.links.as_ref().map(|linker| linker.links(article));
        let facts = links.as_ref().and_then(|l| l.url.as_ref());
        let outlet = links
            .as_ref()
            .and_then(|l| l.outlet.as_ref())
            .filter(|o| !o.name.trim().is_empty());

        let url = match facts {
            // A canonical URL is never empty.
            Some(f) => Cow::Owned(f.canonical.to_string()),
            None => Cow::Borrowed(&*article.url),
        };
        let host: String = match facts {
            Some(f) if !f.host().is_empty() => f.host().to_owned(),
            _ => url_host(&article.url).into_owned(),
        };
        let container = match outlet {
            Some(o) => Some(Container::Outlet(o.name.trim().to_owned())),
            None if host.is_empty() => None,
            None => Some(Container::Host(host.clone())),
        };
        let key_stem = match (outlet, facts.and_then(|f| f.domain.as_deref())) {
            (Some(o), _) if !o.id.is_empty() => o.id.clone(),
            (_, Some(domain)) if !domain.is_empty() => first_label(domain).to_owned(),
            _ => first_label(host.strip_prefix("www.").unwrap_or(&host)).to_owned(),
        };

        let raw = options.is_raw(false);
        let lede = article
            .paragraphs()
            .map(|p| {
                if raw {
                    p.raw()
                } else {
                    Cow::Borrowed(&*p.text)
                }
            })
            .find(|text| !text.trim().is_empty());

        Citation {
            title: &article.title,
            date: article.date,
            url,
            container,
            key_stem,
            lede,
        }
    }
}

/// `bbc` of `bbc.co.uk`.
fn first_label(host: &str) -> &str {
    host.split('.').next().unwrap_or(host)
}

/// Whether a reader of a line-oriented format could take `c` for a line break,
/// or a control character that has no place in a bibliographic field: C0
/// controls (tab, line feed, carriage return...), DEL, C1 controls (NEL),
/// U+2028 and U+2029.
pub(crate) fn is_breaking(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `s` on one line: each run of [`is_breaking`] characters becomes one space,
/// and whitespace at the ends is trimmed. Other spaces are kept as they are.
pub(crate) fn one_line(s: &str) -> Cow<'_, str> {
    let trimmed = s.trim_matches(|c: char| c.is_whitespace() || is_breaking(c));
    if !trimmed.contains(is_breaking) {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut in_break = false;
    for c in trimmed.chars() {
        if is_breaking(c) {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_collapses_breaks_and_runs() {
        assert_eq!(one_line("plain text"), "plain text");
        assert!(matches!(one_line("plain text"), Cow::Borrowed(_)));
        assert_eq!(
            one_line("  a\r\nER  - b\tc\u{85}d\u{2028}e\u{0}f  "),
            "a ER  - b c d e f"
        );
        assert_eq!(one_line("\n\n"), "");
    }

    #[test]
    fn first_labels() {
        assert_eq!(first_label("bbc.co.uk"), "bbc");
        assert_eq!(first_label("localhost"), "localhost");
        assert_eq!(first_label(""), "");
    }
}

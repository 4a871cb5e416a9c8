//! Fixtures and helpers shared by the round-trip tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dateline_core::{Article, Block};
use dateline_export::record::Record;
use dateline_export::{
    ArticleLinks, Exporter, Input, Options, OutletRef, RecordWriter, SourceRef, UrlFacts, formats,
};

/// One article file.
pub struct Fixture {
    /// The file stem: the article id.
    pub id: String,
    pub text: String,
}

impl Fixture {
    pub fn article(&self) -> Article<'_> {
        match dateline_core::parse(&self.text) {
            Ok(article) => article.with_id(self.id.as_str()),
            Err(e) => panic!("fixture {} does not parse: {e}", self.id),
        }
    }
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Fixture {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Fixture { id, text }
}

fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// The real sample.
pub fn seed() -> Fixture {
    read(&manifest_dir().join("../../tests/fixtures/000_4e9296dd8dfcdc21.txt"))
}

/// Names of this crate's own fixtures, which must all be present.
pub const OWN: [&str; 5] = [
    "crlf_bom",
    "empty_body",
    "hostile",
    "many_promos",
    "unicode",
];

/// The seed, this crate's fixtures, and the workspace's valid fixtures (if any).
pub fn fixtures() -> Vec<Fixture> {
    let mut all = vec![seed()];
    let own: Vec<Fixture> = txt_files(&manifest_dir().join("tests/fixtures"))
        .iter()
        .map(|p| read(p))
        .collect();
    for name in OWN {
        assert!(
            own.iter().any(|f| f.id == name),
            "fixture {name} is missing"
        );
    }
    all.extend(own);
    all.extend(
        txt_files(&manifest_dir().join("../../tests/fixtures/valid"))
            .iter()
            .map(|p| read(p)),
    );
    all
}

/// One of this crate's fixtures by name.
pub fn fixture(name: &str) -> Fixture {
    read(
        &manifest_dir()
            .join("tests/fixtures")
            .join(format!("{name}.txt")),
    )
}

/// Every combination of the options that change text.
pub fn option_sets() -> Vec<(&'static str, Options)> {
    vec![
        ("default", Options::new()),
        ("raw", Options::new().raw(true)),
        ("drop_promos", Options::new().drop_promos(true)),
        (
            "raw+drop_promos",
            Options::new().raw(true).drop_promos(true),
        ),
        (
            "compact+csv_safe",
            Options::new().compact(true).csv_safe(true),
        ),
    ]
}

/// A built-in format's writer, of articles or of records: records are made
/// from the articles as `dateline convert` makes them (no path here).
pub enum AnyWriter {
    /// A format that writes articles.
    Articles(Box<dyn Exporter>),
    /// A format that writes records, and the options to make them with.
    Records(Box<dyn RecordWriter>, Options),
}

impl AnyWriter {
    /// The writer of the built-in `format`.
    pub fn new(format: &str, options: &Options) -> AnyWriter {
        let info = formats::find(format).expect("a built-in format");
        match info.input {
            Input::Article => {
                AnyWriter::Articles(formats::create(format, options).expect("a built-in format"))
            }
            Input::Record => AnyWriter::Records(
                formats::create_records(format, options).expect("a built-in format"),
                options.clone(),
            ),
        }
    }

    pub fn begin(&mut self, out: &mut dyn Write) -> dateline_export::Result<()> {
        match self {
            AnyWriter::Articles(e) => e.begin(out),
            AnyWriter::Records(w, _) => w.begin(out),
        }
    }

    pub fn article(
        &mut self,
        out: &mut dyn Write,
        article: &Article<'_>,
    ) -> dateline_export::Result<()> {
        match self {
            AnyWriter::Articles(e) => e.article(out, article),
            AnyWriter::Records(w, options) => {
                let links = options.article_links(article);
                w.record(out, &Record::new(article, None, links.as_ref(), options))
            }
        }
    }

    pub fn end(&mut self, out: &mut dyn Write) -> dateline_export::Result<()> {
        match self {
            AnyWriter::Articles(e) => e.end(out),
            AnyWriter::Records(w, _) => w.end(out),
        }
    }
}

/// Exports `articles` as one document of `format`.
pub fn export(format: &str, options: &Options, articles: &[&Article<'_>]) -> String {
    let mut writer = AnyWriter::new(format, options);
    let mut out = Vec::new();
    writer.begin(&mut out).expect("begin");
    for article in articles {
        writer.article(&mut out, article).expect("article");
    }
    writer.end(&mut out).expect("end");
    String::from_utf8(out).expect("every format writes UTF-8")
}

/// The paragraphs' texts as the options want them.
pub fn paragraphs(article: &Article<'_>, options: &Options) -> Vec<String> {
    article
        .paragraphs()
        .map(|p| {
            if options.raw == Some(true) {
                p.raw().into_owned()
            } else {
                p.text.to_string()
            }
        })
        .collect()
}

/// The promos' headlines that the options keep.
pub fn related(article: &Article<'_>, options: &Options) -> Vec<String> {
    if options.drop_promos {
        return Vec::new();
    }
    article.related().map(|r| r.title.to_string()).collect()
}

/// The blocks the options keep, as (is_promo, text).
pub fn blocks(article: &Article<'_>, options: &Options) -> Vec<(bool, String)> {
    article
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some((
                false,
                if options.raw == Some(true) {
                    p.raw().into_owned()
                } else {
                    p.text.to_string()
                },
            )),
            Block::Related(r) if !options.drop_promos => Some((true, r.title.to_string())),
            Block::Related(_) => None,
        })
        .collect()
}

/// The outlets [`plain_links`] knows, by source name or by URL host.
fn known_outlet(name_or_host: &str) -> Option<Arc<OutletRef>> {
    Some(Arc::new(match name_or_host {
        "BBC" => OutletRef::new("bbc", "BBC News", "bbc.co.uk"),
        "NBC News" => OutletRef::new("nbc-news", "NBC News", "nbcnews.com"),
        "www.hngn.com" => OutletRef::new("hngn", "Headlines & Global News", "hngn.com"),
        "example.com" => OutletRef::new("example", "Example <News> & \"Co\"", "example.com"),
        _ => return None,
    }))
}

/// A linker that resolves like `dateline-links` would on the fixtures, by a
/// small table: some outlets known, some not, some URL facts missing.
pub fn plain_links(article: &Article<'_>) -> ArticleLinks {
    let host = article.url_host();
    let url = UrlFacts::parse(&article.url).ok().map(|mut url| {
        let article_id = url
            .canonical
            .as_str()
            .split(['/', '?'])
            .find(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && s.len() < 8)
            .map(str::to_owned);
        url.domain = host.strip_prefix("www.").map(str::to_owned);
        url.date = Some(article.date);
        url.article_id = article_id;
        url.slug = None;
        url
    });
    ArticleLinks {
        url,
        outlet: known_outlet(&host),
        sources: article
            .attributions()
            .map(|a| SourceRef {
                kind: Default::default(),
                source: a.source.to_string(),
                outlet: known_outlet(&a.source),
            })
            .collect(),
        promos: Vec::new(),
    }
}

/// What no format may let through as structure: markup, a script, a CDATA end,
/// a formula, YAML keys and document markers, line breaks.
pub const NASTY: &str =
    "=cmd|' /C calc'!A0 <script>alert(1)</script> \"q\" ]]> ---\n---\nkey: v & <b>x</b> #";

/// URL facts as hostile as their types allow: the canonical URL is canonical
/// (markup in it comes out percent-encoded) and the date a date; every other
/// fact is any string.
fn hostile_url() -> UrlFacts {
    let mut url = UrlFacts::parse("https://evil.example/\"><script>alert(1)</script>]]>")
        .expect("an odd path is still a URL");
    url.domain = Some(NASTY.to_owned());
    url.article_id = Some(NASTY.to_owned());
    url.slug = Some(NASTY.to_owned());
    url
}

/// A linker whose every string is hostile; the attributions alternate between a
/// hostile outlet with a web home page, one whose home page is `javascript:`,
/// and none.
pub fn hostile_links(article: &Article<'_>) -> ArticleLinks {
    let outlet = Arc::new(OutletRef {
        id: NASTY.to_owned(),
        name: NASTY.to_owned(),
        domain: NASTY.to_owned(),
        homepage: format!("https://evil.example/{NASTY}"),
    });
    let script = Arc::new(OutletRef {
        homepage: "javascript:alert(1)".to_owned(),
        ..(*outlet).clone()
    });
    ArticleLinks {
        url: Some(hostile_url()),
        outlet: Some(outlet.clone()),
        sources: article
            .attributions()
            .enumerate()
            .map(|(i, a)| SourceRef {
                kind: Default::default(),
                source: a.source.to_string(),
                outlet: match i % 3 {
                    0 => Some(outlet.clone()),
                    1 => Some(script.clone()),
                    _ => None,
                },
            })
            .collect(),
        promos: Vec::new(),
    }
}

/// Option sets with a linker: the plain one with the options that change
/// text, and the hostile one.
pub fn linked_option_sets() -> Vec<(&'static str, Options)> {
    vec![
        ("links", Options::new().links(plain_links)),
        (
            "links+raw+drop_promos",
            Options::new()
                .raw(true)
                .drop_promos(true)
                .links(plain_links),
        ),
        (
            "links+compact+csv_safe",
            Options::new()
                .compact(true)
                .csv_safe(true)
                .links(plain_links),
        ),
        ("hostile links", Options::new().links(hostile_links)),
        (
            "hostile links+compact+csv_safe",
            Options::new()
                .compact(true)
                .csv_safe(true)
                .links(hostile_links),
        ),
    ]
}

/// Every option set, without and with links.
pub fn all_option_sets() -> Vec<(&'static str, Options)> {
    let mut sets = option_sets();
    sets.extend(linked_option_sets());
    sets
}

/// The links the options' linker gives `article`, if there is a linker.
pub fn links(article: &Article<'_>, options: &Options) -> Option<ArticleLinks> {
    options.links.as_ref().map(|linker| linker.links(article))
}

/// The home page each attribution links to, in order: that of its resolved
/// outlet, when it is an `http(s)` URL.
pub fn source_homepages(article: &Article<'_>, options: &Options) -> Vec<Option<String>> {
    let links = links(article, options);
    article
        .attributions()
        .enumerate()
        .map(|(i, a)| {
            links
                .as_ref()
                .and_then(|l| l.source_outlet(i, a))
                .map(|o| o.homepage.clone())
                .filter(|url| url.starts_with("http://") || url.starts_with("https://"))
        })
        .collect()
}

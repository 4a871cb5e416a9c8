//! `xml` is valid TEI P5: every document validates against the published
//! `tei_all.rng` with Jing (see `relaxng.rs`), and the validator rejects what is
//! not valid TEI, so these tests cannot pass by validating nothing.

use std::borrow::Cow;
use std::path::PathBuf;

use dateline_core::{Article, Block};
use dateline_export::{ArticleLinks, Options, OutletRef, SourceRef, UrlFacts};

use crate::common::{NASTY, all_option_sets, export, fixture, fixtures, hostile_links};
use crate::relaxng::{Finding, validator};

/// Documents written into one temporary directory, to validate in one run.
struct Batch {
    dir: tempfile::TempDir,
    files: Vec<PathBuf>,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            dir: tempfile::tempdir().expect("a temporary directory"),
            files: Vec::new(),
        }
    }

    /// Adds a document; `name` says what it is in a failure message.
    fn add(&mut self, name: &str, xml: &str) -> PathBuf {
        let safe: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let path = self
            .dir
            .path()
            .join(format!("{:03}-{safe}.xml", self.files.len()));
        std::fs::write(&path, xml).expect("write a document");
        self.files.push(path.clone());
        path
    }

    /// Validates every document; panics listing the invalid ones with their
    /// text. `None` when the validator is not available (outside CI).
    fn assert_valid(&self) -> Option<()> {
        let findings = validator()?.check(&self.files);
        if findings.is_empty() {
            return Some(());
        }
        let mut report = String::new();
        for Finding { file, message } in &findings {
            report.push_str(&format!("{}:{message}\n", file.display()));
        }
        let first = &findings[0].file;
        let text = std::fs::read_to_string(first).unwrap_or_default();
        let invalid: std::collections::BTreeSet<_> = findings.iter().map(|f| &f.file).collect();
        panic!(
            "{} of {} documents are not valid TEI P5:\n{report}\n--- {}:\n{text}",
            invalid.len(),
            self.files.len(),
            first.display()
        );
    }
}

#[test]
fn every_fixture_is_valid_tei_in_every_option_set() {
    let mut batch = Batch::new();
    let fixtures = fixtures();
    for fixture in &fixtures {
        let article = fixture.article();
        for (label, options) in all_option_sets() {
            batch.add(
                &format!("{}-{label}", fixture.id),
                &export("xml", &options, &[&article]),
            );
        }
    }
    // The `<teiCorpus>` form, and the document for no article.
    let articles: Vec<_> = fixtures.iter().map(|f| f.article()).collect();
    for (label, options) in all_option_sets() {
        for n in [0, 2, articles.len()] {
            let refs: Vec<_> = articles.iter().take(n).collect();
            batch.add(
                &format!("corpus-of-{n}-{label}"),
                &export("xml", &options, &refs),
            );
        }
    }
    batch.assert_valid();
}

#[test]
fn the_seed_is_valid_tei_with_the_promo_labels_as_tokens() {
    let seed = crate::common::seed();
    let article = seed.article();
    let out = export("xml", &Options::new(), &[&article]);
    // What made 35% of a real corpus invalid: a space in `subtype`.
    assert!(out.contains("<ab type=\"related\" subtype=\"Read-Also\">"));
    assert!(out.contains("<ab type=\"related\" subtype=\"Related-Article\">"));
    let mut batch = Batch::new();
    batch.add("seed", &out);
    batch.assert_valid();
}

/// A deterministic generator (xorshift64*), so a failure is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
}

/// Promo labels no parser gives but a deserialised article may hold.
const LABELS: &[&str] = &[
    "Read Also",
    "Related",
    "RELATED  ARTICLE",
    "\tSee\u{a0}also ",
    "À lire",
    "x<y>&\"'",
    "",
    " ",
    "\u{200b}",
    "\u{1f525} Hot",
    "a\u{0}b\u{7}c",
    "\u{85}",
    "\u{feff}Related",
    "数字 新闻",
    "a\u{fffe}b\u{ffff}",
    "\u{e000}\u{10fffd}",
    "Read\nAlso\r",
    "-",
    "1st",
    "e\u{301}dition",
];

/// Source URLs and home pages: what the URL rule accepts, and worse.
const URLS: &[&str] = &[
    "http://www.hngn.com/articles/240451/20220207/macron.htm",
    "https://example.com/a b",
    "https://example.com/%zz%4",
    "https://example.com/a%",
    "https://example.com/a#b#c",
    "https://example.com/[x]{y}|^`\\",
    "https://[::1]:8080/x",
    "https://[x/",
    "https://a]b/",
    "https://[::1]x/",
    "https://[v1.fe80::a+en1]/",
    "https://user:pw@[fe80::1.2.3.4]:/",
    "https://example.com/\u{a0}\u{85}\t\n\r",
    "",
    " ",
    "example.com/a",
    "ftp://example.com/y",
    "mailto:a@example.com",
    "http:evil.com",
    "http:/\\evil.com",
    "https:///x",
    "http://-/",
    "https://user:pw@example.com:99/",
    "https://example.com/<script>\"'&",
    "javascript:alert(1)",
    "HTTPS://EXAMPLE.COM/%41",
    "https://example.com/\u{fffe}\u{ffff}\u{fdd0}\u{0}",
    "https://example.com/?q=]]>",
    "1http://x",
    "https://exämple.com/ü/数字",
    "https://evil.example/=cmd|' /C calc'!A0 <script>alert(1)</script> \"q\" ]]> ---\n---\nkey: v & <b>x</b> #",
];

/// Ids, headlines, names: text content, where TEI takes anything XML does.
const TEXTS: &[&str] = &[
    "0 starts with a digit",
    "has spaces and & < > \" '",
    "",
    "]]> <![CDATA[ x",
    "\u{0}\u{1b}[2J\u{7f}\u{85}\u{fffe}",
    "数字 \u{1f525} \u{200f}",
    NASTY,
];

const BODIES: &[&str] = &[
    "PerBBC,the talks went on.",
    "As perNBC News. And per AP News, more.",
    "He said \"dialogue with Russia\" and “peace”.",
    "Read Also:Another headline",
    "RELATED  ARTICLE : Yet another",
    "Related:",
    "See also:]]> <script>x</script>",
    "<p>not markup</p> & ]]>",
    "A plain paragraph.",
];

const DATES: &[&str] = &["00010101", "99991231", "20240229", "20220131"];

/// One generated article: parsed from a generated file, then given fields no
/// file could hold (that is what a deserialised article may carry).
fn generated(rng: &mut Rng, index: usize) -> Article<'static> {
    let mut text = format!(
        "Headline {index} {}\n{}\nhttps://example.com/{index}\n",
        rng.pick(TEXTS).replace(['\n', '\r'], " ").trim(),
        rng.pick(DATES)
    );
    for _ in 0..(rng.next() % 6) {
        text.push_str(rng.pick(BODIES));
        text.push('\n');
    }
    let mut article = dateline_core::parse(&text)
        .unwrap_or_else(|e| panic!("generated article {index} does not parse: {e}\n{text}"))
        .into_owned();
    article.id = Some(Cow::Owned(format!("{index} {}", rng.pick(TEXTS))));
    article.title = Cow::Owned(rng.pick(TEXTS).to_owned());
    article.url = Cow::Owned(rng.pick(URLS).to_owned());
    for block in &mut article.blocks {
        if let Block::Related(r) = block {
            r.label = Cow::Owned(rng.pick(LABELS).to_owned());
            r.title = Cow::Owned(rng.pick(TEXTS).to_owned());
        }
    }
    article
}

/// Links whose strings come from the palettes, chosen by the article's index
/// (the number its id starts with).
fn generated_links(article: &Article<'_>) -> ArticleLinks {
    let index: u64 = article
        .id
        .as_deref()
        .and_then(|id| id.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut rng = Rng(index.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut outlet = || OutletRef {
        id: rng.pick(TEXTS).to_owned(),
        name: rng.pick(TEXTS).to_owned(),
        domain: rng.pick(TEXTS).to_owned(),
        homepage: rng.pick(URLS).to_owned(),
    };
    let publisher = outlet();
    let sources = article
        .attributions()
        .map(|a| SourceRef {
            kind: Default::default(),
            source: a.source.to_string(),
            outlet: Some(outlet().into()),
        })
        .collect();
    ArticleLinks {
        // URL facts hold a canonical URL (a hostile one is percent-encoded or
        // does not canonicalize at all): the hostile URLs reach the writer
        // through the article's own `url` and the outlets' home pages.
        url: UrlFacts::parse(rng.pick(URLS)).ok(),
        outlet: Some(publisher.into()),
        sources,
        promos: Vec::new(),
    }
}

#[test]
fn generated_hostile_articles_are_valid_tei() {
    let mut rng = Rng(0x5EED_DA7E_11E5);
    let articles: Vec<Article<'static>> = (0..300).map(|i| generated(&mut rng, i)).collect();
    let plain = Options::new();
    let linked = Options::new().links(generated_links);
    let raw = Options::new().raw(true).links(hostile_links);
    let mut batch = Batch::new();
    for (i, article) in articles.iter().enumerate() {
        let options = [&plain, &linked, &raw][i % 3];
        batch.add(
            &format!("generated-{i}"),
            &export("xml", options, &[article]),
        );
    }
    let refs: Vec<_> = articles.iter().take(40).collect();
    batch.add("generated-corpus", &export("xml", &linked, &refs));
    batch.assert_valid();
}

/// Documents that are not valid TEI P5, each for one reason, and the rule
/// that must be reported.
const INVALID: &[(&str, &str, &str)] = &[
    (
        "a space in subtype (what xml wrote before)",
        r#"subtype="Read-Also""#,
        r#"subtype="Read Also""#,
    ),
    ("an unknown element", "<head>", "<bogus/><head>"),
    (
        "a bad percent escape in a pointer",
        "<ref target=\"https://news.example.com/",
        "<ref target=\"https://news.example.com/%zz",
    ),
    (
        "a second fragment in a pointer",
        "<ref target=\"https://news.example.com/",
        "<ref target=\"https://news.example.com/#a#b",
    ),
    (
        "a date that does not exist",
        r#"<date when="2021-07-04">"#,
        r#"<date when="2021-02-30">"#,
    ),
    (
        "a paragraph outside the body",
        "  <text>",
        "  <p>loose</p>\n  <text>",
    ),
    ("not well-formed", "</TEI>", "</TEI"),
];

#[test]
fn the_validator_rejects_what_is_not_tei() {
    let promos = fixture("many_promos");
    let article = promos.article();
    let valid = export("xml", &Options::new(), &[&article]);
    let mut batch = Batch::new();
    let good = batch.add("valid", &valid);
    let mut bad = Vec::new();
    for (what, from, to) in INVALID {
        assert!(valid.contains(from), "{what}: the document has no {from:?}");
        // Only the first occurrence: one defect per document.
        bad.push((*what, batch.add(what, &valid.replacen(from, to, 1))));
    }
    // A `<teiCorpus>` must hold a `<TEI>`: the corpus of two, without them.
    let corpus = export("xml", &Options::new(), &[&article, &article]);
    let start = corpus.find("<TEI ").expect("a <TEI> in the corpus");
    let end = corpus.rfind("</TEI>\n").expect("a </TEI> in the corpus");
    let empty = format!("{}{}", &corpus[..start], &corpus[end + "</TEI>\n".len()..]);
    bad.push(("an empty teiCorpus", batch.add("empty corpus", &empty)));
    let Some(validator) = validator() else {
        return;
    };
    let findings = validator.check(&batch.files);
    assert!(
        findings.iter().all(|f| f.file != good),
        "the valid document was rejected: {findings:?}"
    );
    for (what, path) in &bad {
        assert!(
            findings.iter().any(|f| &f.file == path),
            "{what}: not rejected by {} ({findings:?})",
            validator.schema().display()
        );
    }
    let subtype = &findings
        .iter()
        .find(|f| f.file == bad[0].1)
        .expect("the subtype finding")
        .message;
    assert!(
        subtype.contains("subtype"),
        "the space in subtype is what is reported: {subtype}"
    );
}

//! Fixtures and helpers shared by the round-trip tests.

use std::path::{Path, PathBuf};

use dateline_core::{Article, Block};
use dateline_export::{Options, formats};

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

/// Exports `articles` as one document of `format`.
pub fn export(format: &str, options: &Options, articles: &[&Article<'_>]) -> String {
    let mut exporter = formats::create(format, options).expect("a built-in format");
    let mut out = Vec::new();
    exporter.begin(&mut out).expect("begin");
    for article in articles {
        exporter.article(&mut out, article).expect("article");
    }
    exporter.end(&mut out).expect("end");
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

//! Spaced attributions (`according to Reuters`, `told the BBC`, `Reuters
//! reported`, `(AP)`): recall and false positives on a fixture set of
//! news-like prose, and every one found in the repository's example corpus,
//! reviewed (a snapshot).

use std::fmt::Write as _;
use std::path::Path;

use dateline_links::Gazetteer;
use dateline_links::spaced::{find, in_article};

/// The fixture: paragraphs, each followed by a line `=> cue|source; ...` with
/// the attributions a reader finds in it (`=>` alone: none).
fn fixture() -> Vec<(String, Vec<(String, String)>)> {
    let text = include_str!("fixtures/spaced/prose.txt");
    let mut cases = Vec::new();
    let mut paragraph: Option<String> = None;
    for line in text.lines() {
        if let Some(expected) = line.strip_prefix("=>") {
            let expected = expected
                .split(';')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(|e| {
                    let (cue, source) = e.split_once('|').expect("cue|source");
                    (cue.to_owned(), source.to_owned())
                })
                .collect();
            cases.push((paragraph.take().expect("a paragraph before =>"), expected));
        } else if !line.trim().is_empty() && !line.starts_with('#') {
            paragraph = Some(line.to_owned());
        }
    }
    cases
}

#[test]
fn recall_and_false_positives_on_news_prose() {
    let cases = fixture();
    let (mut expected, mut hit, mut false_positives) = (0usize, 0usize, Vec::new());
    let mut negatives = 0;
    for (paragraph, want) in &cases {
        let got: Vec<(String, String)> = find(paragraph, Gazetteer::builtin())
            .into_iter()
            .map(|s| (s.cue, s.source))
            .collect();
        expected += want.len();
        negatives += usize::from(want.is_empty());
        hit += want.iter().filter(|w| got.contains(w)).count();
        false_positives.extend(
            got.into_iter()
                .filter(|g| !want.contains(g))
                .map(|g| (paragraph.clone(), g)),
        );
    }
    let recall = hit as f64 / expected as f64;
    eprintln!(
        "{} paragraphs ({negatives} without any), {expected} attributions, recall {recall:.3}, {} false positives",
        cases.len(),
        false_positives.len()
    );
    assert!(
        expected >= 40 && negatives >= 20,
        "a fixture too small to measure"
    );
    assert_eq!(false_positives, [], "false positives");
    assert!(recall >= 0.9, "recall {recall}");
}

#[test]
fn example_corpus_attributions_are_reviewed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples/corpus")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() > 10);
    let mut listing = String::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        let Ok(article) = dateline_core::parse(&text) else {
            continue;
        };
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        for (line, s) in in_article(&article, Gazetteer::builtin()) {
            let outlet = Gazetteer::builtin()
                .lookup_source(&s.source)
                .map(|o| o.id())
                .unwrap_or_default();
            writeln!(
                listing,
                "{name}:{line} {} | {} -> {outlet}",
                s.cue, s.source
            )
            .expect("string");
        }
    }
    insta::assert_snapshot!("example_corpus_spaced", listing);
}

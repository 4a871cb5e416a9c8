//! `dateline links --format html` and `dateline stats --format html`: the
//! pages are valid HTML5, their numbers are the JSON formats' for the same
//! run, their pictures are well-formed SVG with a bar, node or edge per
//! thing counted, and no headline becomes markup.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use quick_xml::events::Event;
use scraper::{Html, Selector};
use serde_json::Value;

fn dateline(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the dateline binary runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn links_corpus() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../links/tests/fixtures/corpus")
        .display()
        .to_string()
}

fn fixtures(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// The JSON and the page of one command on the same inputs.
fn both(command: &str, inputs: &[&str]) -> (Value, String, Html) {
    let run = |format: &str| {
        let mut args = vec![command, "-q", "--format", format];
        args.extend_from_slice(inputs);
        dateline(&args).stdout
    };
    let json: Value = serde_json::from_slice(&run("json")).expect("one JSON document");
    let page = String::from_utf8(run("html")).expect("UTF-8");
    let html = Html::parse_document(&page);
    assert!(html.errors.is_empty(), "{:?}", html.errors);
    assert_eq!(html.root_element().value().attr("lang"), Some("en"));
    assert!(
        !page.contains("<script") && !page.contains("http-equiv") && !page.contains(" src="),
        "no script, nothing fetched"
    );
    (json, page, html)
}

fn select<'h>(html: &'h Html, css: &str) -> Vec<scraper::ElementRef<'h>> {
    let selector = Selector::parse(css).expect("a selector");
    html.select(&selector).collect()
}

fn attr<'e>(e: &scraper::ElementRef<'e>, name: &str) -> &'e str {
    e.value().attr(name).unwrap_or_else(|| panic!("no {name}"))
}

/// `data-key` -> the number in the element, for the counts of a section.
fn counts(html: &Html, section: &str) -> BTreeMap<String, u64> {
    select(html, &format!("section#{section} dd[data-key]"))
        .iter()
        .map(|dd| {
            let text: String = dd.text().collect::<String>().replace(',', "");
            (
                attr(dd, "data-key").to_owned(),
                text.parse().expect("a number"),
            )
        })
        .collect()
}

/// `data-key` -> `data-value` of the bars of a section, in order.
fn bars(html: &Html, section: &str) -> Vec<(String, u64)> {
    select(html, &format!("section#{section} rect.bar"))
        .iter()
        .map(|r| {
            let value = attr(r, "data-value").parse().expect("a number");
            (attr(r, "data-key").to_owned(), value)
        })
        .collect()
}

/// A JSON value at a dotted path, a list counting as its length.
fn number_at(json: &Value, path: &str) -> u64 {
    let value = path.split('.').fold(json, |v, key| {
        v.get(key).unwrap_or_else(|| panic!("no {path}"))
    });
    match value {
        Value::Array(a) => a.len() as u64,
        v => v.as_u64().unwrap_or_else(|| panic!("{path}: {v}")),
    }
}

/// The elements of every `<svg>` of the page, read by an XML parser:
/// (picture, element name, class).
fn svg_elements(page: &str) -> Vec<(usize, String, String)> {
    let mut elements = Vec::new();
    let mut rest = page;
    let mut picture = 0;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("a closed svg") + start + "</svg>".len();
        let mut reader = quick_xml::Reader::from_str(&rest[start..end]);
        let mut depth = 0usize;
        loop {
            let event = reader.read_event().expect("well-formed XML");
            let (e, empty) = match &event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => {
                    depth -= 1;
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let name = e.name().as_ref().to_owned();
            if depth == 0 {
                assert_eq!(name, "svg");
                let xmlns = e.try_get_attribute("xmlns").expect("attributes");
                assert_eq!(
                    xmlns.map(|a| a.value.into_owned()).as_deref(),
                    Some("http://www.w3.org/2000/svg")
                );
            }
            let class = e
                .try_get_attribute("class")
                .expect("attributes")
                .map(|a| a.value.into_owned())
                .unwrap_or_default();
            elements.push((picture, name, class));
            if !empty {
                depth += 1;
            }
        }
        assert_eq!(depth, 0, "every element closed");
        picture += 1;
        rest = &rest[end..];
    }
    elements
}

fn count_in_svg(elements: &[(usize, String, String)], name: &str, class: &str) -> usize {
    elements
        .iter()
        .filter(|(_, n, c)| n == name && c == class)
        .count()
}

#[test]
fn the_links_page_says_what_the_json_says() {
    let (json, page, html) = both("links", &[&links_corpus()]);

    let summary = counts(&html, "summary");
    assert_eq!(summary.len(), 10, "{summary:?}");
    for (key, value) in &summary {
        assert_eq!(*value, number_at(&json, key), "{key}");
    }

    // A bar per outcome; they add up to the references.
    let references = json["references"].as_array().expect("references");
    let outcome = |r: &Value| -> String {
        if r["self_reference"] == true {
            "self_reference".into()
        } else if !r["to"].is_null() {
            r["method"].as_str().expect("a method").into()
        } else if r["candidates"].as_array().is_some_and(|c| !c.is_empty()) {
            "ambiguous".into()
        } else {
            "not_found".into()
        }
    };
    let mut expected: BTreeMap<String, u64> = ["exact", "slug", "fuzzy", "self_reference"]
        .into_iter()
        .chain(["ambiguous", "not_found"])
        .map(|k| (k.to_owned(), 0))
        .collect();
    for r in references {
        *expected.entry(outcome(r)).or_default() += 1;
    }
    let outcomes: BTreeMap<String, u64> = bars(&html, "outcomes").into_iter().collect();
    assert_eq!(outcomes, expected);
    assert_eq!(outcomes.values().sum::<u64>(), references.len() as u64);

    // The resolved graph: its articles and its distinct edges.
    let resolved: Vec<&Value> = references
        .iter()
        .filter(|r| !r["to"].is_null() && r["self_reference"] == false)
        .collect();
    let edges: BTreeSet<(&str, &str)> = resolved
        .iter()
        .map(|r| {
            (
                r["from"].as_str().expect("id"),
                r["to"].as_str().expect("id"),
            )
        })
        .collect();
    let nodes: BTreeSet<&str> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
    let drawn_nodes: BTreeSet<&str> = select(&html, "section#graph g.node")
        .iter()
        .map(|g| attr(g, "data-id"))
        .collect();
    assert_eq!(drawn_nodes, nodes);
    let drawn_edges: BTreeSet<(&str, &str)> = select(&html, "section#graph line.edge")
        .iter()
        .map(|l| (attr(l, "data-from"), attr(l, "data-to")))
        .collect();
    assert_eq!(drawn_edges, edges);
    assert!(edges.len() >= 7, "{edges:?}");

    // The tables: a row per unresolved and per ambiguous reference.
    let rows = |class: &str| select(&html, &format!("table.{class} tbody tr")).len() as u64;
    assert_eq!(rows("unresolved"), outcomes["not_found"]);
    // Each unresolved row ends with its near miss, as the JSON has it.
    let near_misses: Vec<(String, String)> = select(&html, "table.unresolved tbody tr")
        .iter()
        .map(|tr| {
            let cells: Vec<String> = tr
                .select(&Selector::parse("td").expect("selector"))
                .map(|td| td.text().collect())
                .collect();
            let n = cells.len();
            (cells[n - 2].clone(), cells[n - 1].clone())
        })
        .collect();
    let expected: Vec<(String, String)> = references
        .iter()
        .filter(|r| r["to"].is_null() && r["candidates"].as_array().is_none_or(Vec::is_empty))
        .map(|r| {
            let best = r["best_candidate"].as_str().unwrap_or("").to_owned();
            let score = r["best_score"]
                .as_f64()
                .map_or(String::new(), |s| format!("{s:.2}"));
            (best, score)
        })
        .collect();
    assert_eq!(near_misses, expected);
    assert!(
        near_misses.iter().any(|(best, _)| !best.is_empty()),
        "a fixture reference has a near miss: {near_misses:?}"
    );
    assert_eq!(rows("ambiguous"), number_at(&json, "ambiguous"));
    let candidates: Vec<String> = select(&html, "table.ambiguous tbody td")
        .iter()
        .map(|td| td.text().collect())
        .collect();
    assert!(
        candidates.contains(&"006_nato_standby_guardian, 007_nato_standby_ap".to_owned()),
        "{candidates:?}"
    );
    assert_eq!(rows("duplicates"), number_at(&json, "duplicates"));
    assert_eq!(rows("date_mismatches"), number_at(&json, "date_mismatches"));

    // Outlets cited: the attributions grouped by outlet.
    let mut by_outlet: BTreeMap<String, u64> = BTreeMap::new();
    for a in json["attributions"].as_array().expect("attributions") {
        if let Some(outlet) = a["outlet"].as_str() {
            *by_outlet.entry(outlet.to_owned()).or_default() += 1;
        }
    }
    assert!(!by_outlet.is_empty());
    let cited: BTreeMap<String, u64> = bars(&html, "outlets").into_iter().collect();
    assert_eq!(cited, by_outlet);

    // The SVG as XML: the same bars, nodes and edges.
    let svg = svg_elements(&page);
    assert_eq!(
        count_in_svg(&svg, "rect", "bar"),
        outcomes.len() + cited.len()
    );
    assert_eq!(count_in_svg(&svg, "g", "node"), nodes.len());
    assert_eq!(count_in_svg(&svg, "line", "edge"), edges.len());
}

#[test]
fn the_stats_page_says_what_the_json_says() {
    let inputs = [fixtures("valid"), fixtures("invalid"), fixtures("prose")];
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let (json, page, html) = both("stats", &inputs);

    let summary = counts(&html, "summary");
    assert_eq!(summary.len(), 9, "{summary:?}");
    for (key, value) in &summary {
        assert_eq!(*value, number_at(&json, key), "{key}");
    }
    assert!(
        summary["failed"] > 0 && summary["articles"] > 0,
        "{summary:?}"
    );

    // Every month from the first to the last, those without articles at 0.
    let months = bars(&html, "months");
    let json_months = json["months"].as_object().expect("months");
    for (month, n) in &months {
        assert_eq!(
            *n,
            json_months.get(month).and_then(Value::as_u64).unwrap_or(0),
            "{month}"
        );
    }
    let drawn: BTreeSet<&str> = months.iter().map(|(m, _)| m.as_str()).collect();
    assert!(json_months.keys().all(|m| drawn.contains(m.as_str())));
    let first = &json["dates"]["first"].as_str().expect("a date")[..7];
    let last = &json["dates"]["last"].as_str().expect("a date")[..7];
    assert_eq!(months.first().map(|m| m.0.as_str()), Some(first));
    assert_eq!(months.last().map(|m| m.0.as_str()), Some(last));

    // Hosts: the largest first, all of them here (fewer than the top 20).
    let hosts = bars(&html, "hosts");
    let json_hosts: BTreeMap<String, u64> = json["hosts"]
        .as_object()
        .expect("hosts")
        .iter()
        .map(|(h, n)| (h.clone(), n.as_u64().expect("a count")))
        .collect();
    assert_eq!(
        hosts.iter().cloned().collect::<BTreeMap<_, _>>(),
        json_hosts
    );
    assert!(hosts.windows(2).all(|w| w[0].1 >= w[1].1), "{hosts:?}");

    // Outlets: every article with a host is counted once, known or not.
    let outlets = bars(&html, "outlets");
    let outlet_counts = counts(&html, "outlets");
    assert_eq!(
        outlets.iter().map(|b| b.1).sum::<u64>() + outlet_counts["unknown_outlet"],
        json_hosts.values().sum::<u64>()
    );
    assert_eq!(outlet_counts["outlets"], outlets.len() as u64);

    // Diagnostics by code.
    let diagnostics: BTreeMap<String, u64> = bars(&html, "diagnostics").into_iter().collect();
    let json_diagnostics: BTreeMap<String, u64> = json["diagnostics"]
        .as_object()
        .expect("diagnostics")
        .iter()
        .map(|(code, c)| (code.clone(), c["count"].as_u64().expect("a count")))
        .collect();
    assert_eq!(diagnostics, json_diagnostics);
    assert!(diagnostics.keys().any(|c| c.starts_with('E')));

    let svg = svg_elements(&page);
    assert_eq!(
        count_in_svg(&svg, "rect", "bar"),
        months.len() + outlets.len() + hosts.len() + diagnostics.len()
    );
}

/// A corpus whose headlines and labels hold markup.
fn hostile_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir(&corpus).expect("a directory");
    let write = |name: &str, text: &str| {
        std::fs::write(corpus.join(name), text).expect("written");
    };
    write(
        "a.txt",
        "Talks <script>alert(\"x\")</script> & \"more\"\n20220131\n\
         https://www.bbc.com/news/a\nPerReuters,the talks went on.\n\
         Read Also:Ministers <b>meet</b> & part\nRead Also:Nothing <i>like</i> it\n",
    );
    write(
        "b.txt",
        "Ministers <b>meet</b> & part\n20220201\nhttps://www.bbc.com/news/b\n\
         They met.\nRead Also:Talks <script>alert(\"x\")</script> & \"more\"\n",
    );
    corpus
}

#[test]
fn no_headline_becomes_markup() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let corpus = hostile_corpus(dir.path());
    let corpus = corpus.display().to_string();
    for command in ["links", "stats"] {
        let (_, page, html) = both(command, &[&corpus]);
        assert!(
            select(&html, "script, b, i").is_empty(),
            "{command}: {page}"
        );
        svg_elements(&page);
    }
    let (_, page, html) = both("links", &[&corpus]);
    assert!(page.contains("a: Talks &lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; \"more\""));
    let unresolved: Vec<String> = select(&html, "table.unresolved td")
        .iter()
        .map(|td| td.text().collect())
        .collect();
    assert!(
        unresolved.contains(&"Nothing <i>like</i> it".to_owned()),
        "{unresolved:?}"
    );
    let tooltips: Vec<String> = select(&html, "g.node title")
        .iter()
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(
        tooltips,
        [
            "a: Talks <script>alert(\"x\")</script> & \"more\"",
            "b: Ministers <b>meet</b> & part"
        ]
    );
}

/// The whole page of a two-article corpus, reviewed once.
#[test]
fn a_small_links_page() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let corpus = hostile_corpus(dir.path());
    let out = dateline(&[
        "links",
        "-q",
        "--format",
        "html",
        &corpus.display().to_string(),
    ]);
    insta::assert_snapshot!(String::from_utf8(out.stdout).expect("UTF-8"));
}

/// A densely linked generated corpus: the graph draws at most 400 articles,
/// connected, with every edge among them, says what it left out, and the
/// page is the same on every run.
#[test]
fn a_large_graph_is_capped_and_says_so() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let cfg = dateline_test_support::GenConfig::new(16);
    for article in dateline_test_support::corpus(&cfg, 3_000_000) {
        std::fs::write(dir.path().join(&article.file_name), &article.text).expect("written");
    }
    let corpus = dir.path().display().to_string();
    let (json, page, html) = both("links", &[&corpus]);
    let edges: BTreeSet<(&str, &str)> = json["references"]
        .as_array()
        .expect("references")
        .iter()
        .filter(|r| !r["to"].is_null() && r["self_reference"] == false)
        .map(|r| {
            (
                r["from"].as_str().expect("id"),
                r["to"].as_str().expect("id"),
            )
        })
        .collect();
    let nodes: BTreeSet<&str> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
    assert!(
        nodes.len() > 400,
        "{} articles linked: not past the cap",
        nodes.len()
    );

    let drawn: BTreeSet<&str> = select(&html, "g.node")
        .iter()
        .map(|g| attr(g, "data-id"))
        .collect();
    assert_eq!(drawn.len(), 400);
    assert!(drawn.is_subset(&nodes));
    let drawn_edges: BTreeSet<(&str, &str)> = select(&html, "line.edge")
        .iter()
        .map(|l| (attr(l, "data-from"), attr(l, "data-to")))
        .collect();
    let among: BTreeSet<(&str, &str)> = edges
        .iter()
        .filter(|(a, b)| drawn.contains(a) && drawn.contains(b))
        .copied()
        .collect();
    assert_eq!(drawn_edges, among);
    let note: String = select(&html, "section#graph p.note")
        .iter()
        .flat_map(|p| p.text())
        .collect::<String>()
        .replace(',', "");
    assert!(
        note.contains(&format!("{} articles joined", nodes.len())) && note.contains("Drawn:"),
        "{note}"
    );
    let again = dateline(&["links", "-q", "--format", "html", &corpus]);
    assert!(
        again.stdout == page.as_bytes(),
        "the same page on every run"
    );
}

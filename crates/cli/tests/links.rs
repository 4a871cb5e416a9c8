//! End-to-end tests of `dateline links` on the fixture corpus of dateline-links
//! (`crates/links/tests/fixtures/corpus/`, described in that crate's
//! `tests/corpus.rs`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dateline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the dateline binary runs")
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../links/tests/fixtures/corpus")
}

fn corpus_arg() -> String {
    corpus().display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("stdout is one JSON document")
}

/// The reference from `from` whose title starts with `title`.
fn reference<'j>(report: &'j serde_json::Value, from: &str, title: &str) -> &'j serde_json::Value {
    report["references"]
        .as_array()
        .expect("references")
        .iter()
        .find(|r| r["from"] == from && r["title"].as_str().is_some_and(|t| t.starts_with(title)))
        .unwrap_or_else(|| panic!("no reference from {from} to {title:?}"))
}

#[test]
fn json_report_of_the_fixture_corpus() {
    let out = dateline(&["links", &corpus_arg()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["articles"], 13);
    assert_eq!(report["references"].as_array().map(Vec::len), Some(11));
    assert_eq!(report["unresolved"], 2);
    assert_eq!(report["ambiguous"], 1);
    assert_eq!(report["capped"], 0);
    assert_eq!(report["min_score"], 0.6);
    assert_eq!(report["max_candidates"], 4096);

    let exact = reference(&report, "001_macron_putin", "US, Russia");
    assert_eq!(exact["to"], "002_us_russia_diplomacy");
    assert_eq!(exact["method"], "exact");
    assert_eq!(exact["score"], 1.0);
    let slug = reference(&report, "001_macron_putin", "Biden");
    assert_eq!(
        (&slug["to"], &slug["method"]),
        (&"003_biden_israel".into(), &"slug".into())
    );
    let fuzzy = reference(&report, "004_zelensky_calm", "Pentagon");
    assert_eq!(fuzzy["method"], "fuzzy");
    let score = fuzzy["score"].as_f64().expect("a number");
    assert!((score - 10.0 / 11.0).abs() < 1e-12, "{score}");
    let ambiguous = reference(&report, "004_zelensky_calm", "NATO");
    assert!(ambiguous["to"].is_null());
    assert_eq!(
        ambiguous["candidates"],
        serde_json::json!(["006_nato_standby_guardian", "007_nato_standby_ap"])
    );
    let absent = reference(&report, "005_pentagon_troops", "China");
    assert!(absent["to"].is_null() && absent["method"].is_null());
    // Its near miss: the article sharing the most words, and how much.
    assert_eq!(absent["best_candidate"], "002_us_russia_diplomacy");
    assert_eq!(absent["best_score"], 0.1);
    assert!(ambiguous["best_score"].is_null() && fuzzy["best_candidate"].is_null());
    let cut_slug = reference(&report, "013_macron_kyiv", "Putin And Macron");
    assert_eq!(
        (&cut_slug["to"], &cut_slug["method"], &cut_slug["score"]),
        (
            &"012_putin_macron_kremlin".into(),
            &"slug".into(),
            &0.75.into()
        )
    );

    let bbc = &report["attributions"][0];
    assert_eq!(
        (
            &bbc["article"],
            &bbc["source"],
            &bbc["outlet"],
            &bbc["domain"]
        ),
        (
            &"001_macron_putin".into(),
            &"BBC".into(),
            &"bbc".into(),
            &"bbc.co.uk".into()
        )
    );
    assert_eq!(report["publishers"][0]["outlet"], "hngn");
    assert_eq!(report["duplicates"][0]["reason"], "url");
    assert_eq!(report["duplicates"][1]["reason"], "headline_date");
    assert_eq!(report["date_mismatches"][0]["days"], 7);

    let err = stderr(&out);
    assert!(
        err.contains("linked 13 articles: 11 references, 8 resolved, 1 self-reference, 2 unresolved (1 ambiguous); 2 duplicate groups, 3 date mismatches"),
        "{err}"
    );
    assert!(!err.contains("capped"), "{err}");
}

#[test]
fn compact_json_is_one_line() {
    let out = dateline(&["links", "--compact", &corpus_arg()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 1);
    assert_eq!(json(&out)["articles"], 13);
}

#[test]
fn csv_is_an_edge_list() {
    let out = dateline(&["links", "--format", "csv", &corpus_arg()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().expect("a header row").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
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
            "best_score"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV");
    assert_eq!(rows.len(), 11);
    let edges: Vec<(&str, &str, &str)> = rows.iter().map(|r| (&r[0], &r[1], &r[2])).collect();
    assert!(edges.contains(&("001_macron_putin", "002_us_russia_diplomacy", "exact")));
    assert!(edges.contains(&("001_macron_putin", "003_biden_israel", "slug")));
    assert!(edges.contains(&("004_zelensky_calm", "005_pentagon_troops", "fuzzy")));
    assert_eq!(
        rows.iter().filter(|r| r[1].is_empty()).count(),
        2,
        "unresolved rows"
    );
    let nato = rows
        .iter()
        .find(|r| r[5].starts_with("NATO"))
        .expect("the ambiguous row");
    assert_eq!(
        nato[7].lines().collect::<Vec<_>>(),
        ["006_nato_standby_guardian", "007_nato_standby_ap"],
        "one candidate per line"
    );
    let comma_title = rows
        .iter()
        .find(|r| r[5].starts_with("US, Russia"))
        .expect("a title with commas");
    assert!(
        comma_title[5].ends_with("From Moscow"),
        "quoted field kept whole"
    );
}

#[test]
fn dot_is_a_graph_of_articles_and_references() {
    let out = dateline(&["links", "--format", "dot", &corpus_arg()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dot = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(dot.starts_with("digraph links {\n"), "{dot}");
    assert!(dot.trim_end().ends_with('}'));
    let body: Vec<&str> = dot.lines().skip(1).filter(|l| *l != "}").collect();
    let mut nodes = std::collections::HashSet::new();
    let mut edges = 0;
    for line in &body {
        let line = line.trim();
        assert!(line.ends_with("];"), "every statement is complete: {line}");
        // Quotes are balanced once escaped ones are removed.
        let bare = line.replace("\\\\", "").replace("\\\"", "");
        assert_eq!(bare.matches('"').count() % 2, 0, "{line}");
        if let Some((from, rest)) = line.split_once(" -> ") {
            let to = rest.split_whitespace().next().expect("a target");
            assert!(nodes.contains(from) && nodes.contains(to), "{line}");
            edges += 1;
        } else if let Some((id, _)) = line.split_once(" [")
            && !matches!(id, "graph" | "node" | "edge")
        {
            nodes.insert(id.to_owned());
        }
    }
    assert_eq!(
        nodes.len(),
        13 + 1,
        "thirteen articles and one unresolved promo"
    );
    assert_eq!(
        edges, 12,
        "eleven references, the ambiguous one drawn twice"
    );
    assert!(
        dot.contains(r#"Zelensky Says Ukraine \"Not Panicking\""#),
        "quotes escaped"
    );
}

#[test]
fn min_score_changes_fuzzy_matches_and_is_validated() {
    let out = dateline(&["links", "--min-score", "0.85", &corpus_arg()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["unresolved"], 4);
    assert!(reference(&report, "010_johnson_sanctions", "Scholz")["to"].is_null());
    assert!(reference(&report, "013_macron_kyiv", "Putin And Macron")["to"].is_null());
    assert_eq!(
        reference(&report, "004_zelensky_calm", "Pentagon")["to"],
        "005_pentagon_troops"
    );

    for bad in ["1.5", "-1", "lots"] {
        let out = dateline(&["links", &format!("--min-score={bad}"), &corpus_arg()]);
        assert_eq!(out.status.code(), Some(2), "{bad}: a usage error");
        assert!(stderr(&out).contains("--min-score"), "{}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
}

/// A corpus where `n` headlines share every word of a promo, the best
/// match coming last: the fuzzy search needs more than `n` candidates. (The
/// promo's words are not in the headlines' order: as their start, a cut
/// headline, it would fit all of them letter for letter, an ambiguity.)
fn crowded_corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let write = |name: &str, text: String| {
        std::fs::write(dir.path().join(name), text).expect("writes");
    };
    write(
        "a_promo.txt",
        "Talks\n20220207\nhttps://x.com/promo\nText.\nRead Also:Biden Ukraine Russia Talks Sanctions\n"
            .to_owned(),
    );
    for i in 0..n {
        write(
            &format!("b{i:03}.txt"),
            format!(
                "Ukraine Russia Biden Talks Sanctions Week {i} Update\n20220207\nhttps://x.com/{i}\nText.\n"
            ),
        );
    }
    write(
        "c_target.txt",
        "Ukraine Russia Biden Talks Sanctions Loom\n20220207\nhttps://x.com/target\nText.\n"
            .to_owned(),
    );
    dir
}

#[test]
fn a_capped_search_is_flagged_and_the_cap_can_be_raised() {
    let dir = crowded_corpus(40);
    let path = dir.path().to_str().expect("UTF-8 path");
    let promo = |report: &serde_json::Value| reference(report, "a_promo", "Biden").clone();

    let out = dateline(&["links", "--max-candidates", "10", path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    let capped = promo(&report);
    assert_eq!(capped["capped"], true, "{capped}");
    assert_ne!(capped["to"], "c_target", "a worse match, flagged");
    assert_eq!(
        (&report["capped"], &report["max_candidates"]),
        (&1.into(), &10.into())
    );
    let err = stderr(&out);
    assert!(
        err.contains("warning: 1 reference hit the candidate cap of 10 articles")
            && err.contains("--max-candidates"),
        "{err}"
    );
    // Quiet runs still warn: the result may be wrong.
    let out = dateline(&["links", "-q", "--max-candidates", "10", path]);
    assert!(stderr(&out).contains("warning: 1 reference hit the candidate cap"));

    let out = dateline(&["links", path]);
    let whole = promo(&json(&out));
    assert_eq!(
        (&whole["to"], &whole["capped"]),
        (&"c_target".into(), &false.into())
    );
    assert!(!stderr(&out).contains("capped"), "{}", stderr(&out));

    let out = dateline(&["links", "--format", "csv", "--max-candidates", "10", path]);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.stdout.as_slice())
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV");
    assert_eq!(&rows[0][9], "true");

    for bad in ["0", "-3", "many"] {
        let out = dateline(&["links", &format!("--max-candidates={bad}"), path]);
        assert_eq!(out.status.code(), Some(2), "{bad}: a usage error");
        assert!(
            stderr(&out).contains("--max-candidates"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn csv_safe_guards_formulas_in_links_csv() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("a.txt"),
        "Talks\n20220207\nhttps://x.com/a\nText.\nRead Also:=HYPERLINK(\"http://evil\",\"x\")\n",
    )
    .expect("writes");
    let path = dir.path().to_str().expect("UTF-8 path");
    let title = |args: &[&str]| {
        let out = dateline(args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.stdout.as_slice())
            .records()
            .collect::<Result<_, _>>()
            .expect("valid CSV");
        rows[0][5].to_owned()
    };
    assert_eq!(
        title(&["links", "--format", "csv", path]),
        "=HYPERLINK(\"http://evil\",\"x\")",
        "data kept as it is by default"
    );
    assert_eq!(
        title(&["links", "--format", "csv", "--csv-safe", path]),
        "'=HYPERLINK(\"http://evil\",\"x\")"
    );
}

#[test]
fn no_typos_leaves_a_badly_typed_promo_unresolved() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("a.txt"),
        "Biden Set To Visit Israel\n20220207\nhttps://x.com/a\nText.\n",
    )
    .expect("writes");
    std::fs::write(
        dir.path().join("b.txt"),
        "Talks\n20220208\nhttps://x.com/b\nText.\nRead Also:Bidne Set To Vist Israel\n",
    )
    .expect("writes");
    let path = dir.path().to_str().expect("UTF-8 path");
    let promo = |args: &[&str]| {
        let out = dateline(args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        json(&out)["references"][0].clone()
    };
    let with = promo(&["links", "--quiet", path]);
    assert_eq!(
        (&with["to"], &with["method"]),
        (&"a".into(), &"typo".into())
    );
    let without = promo(&["links", "--quiet", "--no-typos", path]);
    assert_eq!(without["to"], serde_json::Value::Null, "{without}");
    assert_eq!(without["method"], serde_json::Value::Null);
    // The near miss is still found: the article, below the minimum score.
    assert_eq!(without["best_candidate"], "a");
}

#[test]
fn user_outlets_extend_and_override() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("outlets.toml");
    std::fs::write(
        &file,
        r#"[[outlet]]
id = "kremlin"
name = "Kremlin"
aliases = ["Kremlin Spokesman Dmitry Peskov"]
domains = ["kremlin.ru"]
kind = "broadcaster"
country = "RU"

[[outlet]]
id = "hngn"
name = "HNGN"
domains = ["hngn.com"]
kind = "digital"
country = "US"
"#,
    )
    .expect("written");
    let out = dateline(&[
        "links",
        "--outlets",
        &file.display().to_string(),
        &corpus_arg(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    let peskov = report["attributions"]
        .as_array()
        .expect("attributions")
        .iter()
        .find(|a| a["source"] == "Kremlin Spokesman Dmitry Peskov")
        .expect("cited");
    assert_eq!(peskov["outlet"], "kremlin");
    assert_eq!(report["publishers"][0]["name"], "HNGN");
}

#[test]
fn bad_outlets_files_are_named_with_the_line() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("bad.toml");
    std::fs::write(
        &file,
        "[[outlet]]\nid = \"x\"\nname = \"X\"\ndomains = [\"x.example.com\"]\nkind = \"blog\"\ncountry = \"US\"\n",
    )
    .expect("written");
    let name = file.display().to_string();
    let out = dateline(&["links", "--outlets", &name, &corpus_arg()]);
    assert_eq!(out.status.code(), Some(2), "a usage error, not a bad input");
    let err = stderr(&out);
    assert!(err.starts_with("error: the outlets file "), "{err}");
    assert!(err.contains(&name) && err.contains("line 5"), "{err}");
    assert!(out.stdout.is_empty(), "no report");

    let missing = dir.path().join("missing.toml").display().to_string();
    let out = dateline(&["links", "--outlets", &missing, &corpus_arg()]);
    assert_eq!(out.status.code(), Some(2), "a usage error, not a bad input");
    assert!(stderr(&out).contains(&missing), "{}", stderr(&out));

    let clash = dir.path().join("clash.toml");
    std::fs::write(
        &clash,
        "[[outlet]]\nid = \"my-bbc\"\nname = \"BBC\"\ndomains = [\"mybbc.example.com\"]\nkind = \"broadcaster\"\ncountry = \"GB\"\n",
    )
    .expect("written");
    let out = dateline(&[
        "links",
        "--outlets",
        &clash.display().to_string(),
        &corpus_arg(),
    ]);
    assert_eq!(out.status.code(), Some(2), "a usage error, not a bad input");
    assert!(
        stderr(&out).contains("clashes with the built-in outlets: line 1: name"),
        "the line of the clashing record: {}",
        stderr(&out)
    );
}

#[test]
fn bad_inputs_are_reported_skipped_and_fail_the_run() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for name in ["004_zelensky_calm.txt", "005_pentagon_troops.txt"] {
        std::fs::copy(corpus().join(name), dir.path().join(name)).expect("copied");
    }
    std::fs::write(
        dir.path().join("006_bad_date.txt"),
        "Headline\n20221341\nhttps://example.com/x\nBody.\n",
    )
    .expect("written");
    let missing = dir.path().join("nope.txt").display().to_string();
    let out = dateline(&["links", &dir.path().display().to_string(), &missing]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("E002") && err.contains("006_bad_date.txt"),
        "{err}"
    );
    assert!(err.contains("nope.txt"), "{err}");
    assert!(err.contains("2 inputs failed and skipped"), "{err}");
    let report = json(&out);
    assert_eq!(report["articles"], 2, "the good files are still linked");
    assert_eq!(
        reference(&report, "004_zelensky_calm", "Pentagon")["to"],
        "005_pentagon_troops"
    );

    // --fail-fast: no partial report on standard output.
    let out = dateline(&[
        "links",
        "--fail-fast",
        &dir.path().display().to_string(),
        &missing,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = stderr(&out);
    assert!(err.contains("006_bad_date.txt"), "{err}");
    assert!(err.contains("(--fail-fast): no report"), "{err}");
}

#[test]
fn clashing_ids_are_renamed_with_a_warning() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).expect("created");
        std::fs::copy(
            corpus().join("009_scholz_washington.txt"),
            dir.path().join(sub).join("x.txt"),
        )
        .expect("copied");
    }
    let out = dateline(&["links", &dir.path().display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("b/x.txt: the article id `x` is already taken; this article is `x-2`"),
        "{err}"
    );
    let report = json(&out);
    let ids: Vec<&str> = report["publishers"]
        .as_array()
        .expect("publishers")
        .iter()
        .filter_map(|p| p["article"].as_str())
        .collect();
    assert_eq!(ids, ["x", "x-2"]);
    assert_eq!(
        report["duplicates"][0]["articles"],
        serde_json::json!(["x", "x-2"])
    );
    // Each promo names its own headline, which the other copy also has: but the
    // copies are one page (same URL), so each is a self-reference.
    assert_eq!(report["self_references"], 2);
}

#[test]
fn standard_input_is_the_article_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["links", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dateline binary runs");
    let source = std::fs::read(corpus().join("005_pentagon_troops.txt")).expect("readable");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&source)
        .expect("written");
    let out = child.wait_with_output().expect("finished");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["publishers"][0]["article"], "stdin");
    assert_eq!(report["references"][0]["from"], "stdin");
}

#[test]
fn links_reads_like_the_other_corpus_commands() {
    // The same report from the directory, from a --files-from list, and with one
    // or four workers: links runs on the shared corpus pipeline.
    let from_dir = dateline(&["links", "--compact", "-j", "1", &corpus_arg()]);
    assert_eq!(from_dir.status.code(), Some(0), "{}", stderr(&from_dir));
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list");
    let lines: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    std::fs::write(&list, lines.join("\n")).unwrap();
    let from_list = dateline(&[
        "links",
        "--compact",
        "-j",
        "4",
        "--files-from",
        list.to_str().unwrap(),
    ]);
    assert_eq!(from_list.status.code(), Some(0), "{}", stderr(&from_list));
    assert_eq!(json(&from_dir), json(&from_list));
    let quiet = dateline(&["links", "--quiet", &corpus_arg()]);
    assert!(stderr(&quiet).is_empty(), "{}", stderr(&quiet));
}

/// Per article id, its attributions' `(source, outlet id)` in document order,
/// from `dateline links --format json`.
fn outlets_from_links(
    dirs: &[&str],
) -> std::collections::BTreeMap<String, Vec<(String, Option<String>)>> {
    let mut args = vec!["links", "--quiet", "--compact"];
    args.extend_from_slice(dirs);
    let out = dateline(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    let mut by_article = std::collections::BTreeMap::<String, Vec<_>>::new();
    for a in report["attributions"].as_array().expect("attributions") {
        by_article
            .entry(a["article"].as_str().expect("an id").to_owned())
            .or_default()
            .push((
                a["source"].as_str().expect("a source").to_owned(),
                a["outlet"].as_str().map(str::to_owned),
            ));
    }
    by_article
}

/// The same, from the records of `dateline convert --to jsonl` (their
/// `sources`: `name`, `outlet_id`).
fn outlets_from_convert(
    dirs: &[&str],
) -> std::collections::BTreeMap<String, Vec<(String, Option<String>)>> {
    let mut args = vec!["convert", "--quiet", "--to", "jsonl"];
    args.extend_from_slice(dirs);
    let out = dateline(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut by_article = std::collections::BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let sources: Vec<(String, Option<String>)> = record["sources"]
            .as_array()
            .expect("sources")
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().expect("a source").to_owned(),
                    s["outlet_id"].as_str().map(str::to_owned),
                )
            })
            .collect();
        if !sources.is_empty() {
            by_article.insert(record["id"].as_str().expect("an id").to_owned(), sources);
        }
    }
    by_article
}

/// One rule for a cited source's outlet: `links` and `convert` give every
/// attribution of a corpus the same outlet (by name, else by host for a source
/// written as a host).
#[test]
fn links_and_convert_give_every_attribution_the_same_outlet() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(
        dir.path().join("hosts.txt"),
        "Talks\n20220131\nhttps://example.com/news/talks-go-on\n\
         PerBBC.co.uk,the talks went on. PerReuters,they ended. PerNobody Knows,it.\n\
         According toThe Associated Press,it rained. as perCNN.com.\n",
    )
    .expect("write a fixture");
    let generated = dir.path().join("generated");
    dateline_test_support::write_corpus(
        &dateline_test_support::GenConfig::new(5),
        &dateline_test_support::WriteOptions {
            out_dir: generated.clone(),
            budget_bytes: 400_000,
            files_per_dir: None,
            force: false,
        },
    )
    .expect("write a generated corpus");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let inputs = [
        examples.to_str().expect("a UTF-8 path"),
        dir.path().to_str().expect("a UTF-8 path"),
    ];

    let from_links = outlets_from_links(&inputs);
    let from_convert = outlets_from_convert(&inputs);
    assert_eq!(from_links, from_convert);

    let all: Vec<&(String, Option<String>)> = from_links.values().flatten().collect();
    let resolved = all.iter().filter(|(_, outlet)| outlet.is_some()).count();
    assert!(all.len() > 100, "{} attributions", all.len());
    assert!(
        resolved > 50 && resolved < all.len(),
        "{resolved} of {}",
        all.len()
    );
    assert_eq!(
        from_links["hosts"],
        [
            ("BBC.co.uk".to_owned(), Some("bbc".to_owned())),
            ("Reuters".to_owned(), Some("reuters".to_owned())),
            ("Nobody Knows".to_owned(), None),
            ("The Associated Press".to_owned(), Some("ap".to_owned())),
            ("CNN.com".to_owned(), Some("cnn".to_owned())),
        ]
    );
}

/// `convert --resolve`: every record's promos carry the `to` that `dateline
/// links` finds for them (one resolver, one answer), and html pages link a
/// resolved promo to the page of the article it names.
#[test]
fn convert_resolve_fills_to_and_links_the_pages() {
    let report = json(&dateline(&["links", "-q", &corpus_arg()]));
    let expected: std::collections::BTreeMap<(String, String), Option<String>> =
        report["references"]
            .as_array()
            .expect("references")
            .iter()
            .map(|r| {
                (
                    (
                        r["from"].as_str().expect("from").to_owned(),
                        r["title"].as_str().expect("title").to_owned(),
                    ),
                    r["to"].as_str().map(str::to_owned),
                )
            })
            .collect();

    let out = dateline(&["convert", "-q", "--resolve", "--to", "jsonl", &corpus_arg()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut got = std::collections::BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("a record");
        for promo in record["promos"].as_array().expect("promos") {
            let to = promo["to"].as_str().map(str::to_owned);
            // A resolved promo says how and how well (an ambiguous one too: the
            // stage that found the tie); a promo nothing matched, neither.
            assert_eq!(
                promo["method"].is_string(),
                promo["score"].is_number(),
                "{promo}"
            );
            if to.is_some() {
                assert!(promo["method"].is_string(), "{promo}");
            }
            got.insert(
                (
                    record["id"].as_str().expect("id").to_owned(),
                    promo["title"].as_str().expect("title").to_owned(),
                ),
                to,
            );
        }
    }
    assert_eq!(got, expected, "the same answer as `dateline links`");
    assert!(got.values().filter(|to| to.is_some()).count() >= 8);
    assert_eq!(
        got[&(
            "001_macron_putin".to_owned(),
            "US, Russia Still Open for Diplomacy on Ukraine Tension, But Britain Warns On Cyber Attacks From Moscow".to_owned()
        )]
            .as_deref(),
        Some("002_us_russia_diplomacy")
    );

    // Without --resolve, no promo has a target.
    let plain = dateline(&["convert", "-q", "--to", "jsonl", &corpus_arg()]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("\"to\":\""));

    // html: each resolved promo links to the page of its target, which exists.
    let dir = tempfile::tempdir().expect("a temp dir");
    let site = dir.path().join("site");
    let out = dateline(&[
        "convert",
        "-q",
        "--resolve",
        "--to",
        "html",
        &corpus_arg(),
        "-o",
        &site.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut links_seen = 0;
    for ((from, _title), to) in &expected {
        let page = std::fs::read_to_string(site.join(format!("{from}.html"))).expect("a page");
        let html = scraper::Html::parse_document(&page);
        let related = scraper::Selector::parse("aside.related a[rel=related]").expect("a selector");
        let hrefs: Vec<String> = html
            .select(&related)
            .filter_map(|a| a.value().attr("href").map(str::to_owned))
            .collect();
        for href in &hrefs {
            assert!(
                site.join(href).is_file(),
                "{from}: {href} is a page of the site"
            );
        }
        if let Some(to) = to {
            assert!(
                hrefs.contains(&format!("{to}.html")),
                "{from} -> {to}: {hrefs:?}"
            );
            links_seen += 1;
        }
    }
    assert!(links_seen >= 8, "{links_seen}");
}

/// `--resolve` reads its inputs twice; standard input is read once and kept.
#[test]
fn convert_resolve_reads_standard_input_once() {
    let source = std::fs::read(corpus().join("001_macron_putin.txt")).expect("readable");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args([
            "convert",
            "-q",
            "--resolve",
            "--to",
            "jsonl",
            "-",
            &corpus_arg(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dateline binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&source)
        .expect("written");
    let out = child.wait_with_output().expect("finished");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .expect("a line"),
    )
    .expect("a record");
    assert_eq!(first["id"], "stdin");
    assert_eq!(first["path"], "<stdin>");
    assert_eq!(first["promos"][0]["to"], "002_us_russia_diplomacy");
}

/// `--to html -o DIR` is a small static site: every internal link of every
/// page (article pages, the index, the month anchors) resolves to a file of
/// the site, every article page links back to the index, pages declare their
/// language, and each parses as HTML5 without an error.
#[test]
fn an_html_export_is_a_site_whose_links_all_resolve() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let site = dir.path().join("site");
    let out = dateline(&[
        "convert",
        "-q",
        "--resolve",
        "-t",
        "html",
        "--lang",
        "en-GB",
        &corpus_arg(),
        "-o",
        &site.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let anchor = scraper::Selector::parse("a[href]").expect("a selector");
    let back = scraper::Selector::parse("nav a[rel=index]").expect("a selector");
    let mut pages = 0;
    let mut internal = 0;
    for entry in std::fs::read_dir(&site).expect("the site") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let page = std::fs::read_to_string(&path).expect("a page");
        let html = scraper::Html::parse_document(&page);
        assert!(html.errors.is_empty(), "{name}: {:?}", html.errors);
        assert_eq!(
            html.root_element().value().attr("lang"),
            Some("en-GB"),
            "{name}"
        );
        if name != "index.html" {
            let links: Vec<_> = html.select(&back).collect();
            assert_eq!(links.len(), 1, "{name} links back to the index");
            assert_eq!(links[0].value().attr("href"), Some("index.html"));
            pages += 1;
        }
        for a in html.select(&anchor) {
            let href = a.value().attr("href").expect("an href");
            if href.starts_with("http://") || href.starts_with("https://") {
                continue;
            }
            internal += 1;
            match href.split_once('#') {
                // An anchor on this page.
                Some(("", id)) => {
                    let target =
                        scraper::Selector::parse(&format!("[id=\"{id}\"]")).expect("a selector");
                    assert!(html.select(&target).next().is_some(), "{name}: #{id}");
                }
                _ => assert!(
                    site.join(href).is_file(),
                    "{name}: {href} is a file of the site"
                ),
            }
        }
    }
    let inputs = std::fs::read_dir(corpus()).expect("the corpus").count();
    assert_eq!(pages, inputs, "a page per article");
    assert!(
        internal > 2 * pages,
        "pages, promos and months link: {internal}"
    );
}

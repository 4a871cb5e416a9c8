//! End-to-end tests of `dateline convert` and `dateline formats`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use dateline_core::Article;
use dateline_export::ArticleLinks;
use dateline_links::spaced::AttributionKind;

fn dateline(args: &[&str]) -> Output {
    dateline_with_stdin(args, b"")
}

fn dateline_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .env("NO_COLOR", "1")
        // The formats listed and used are the built-in ones only, whatever
        // plugins this machine's user has installed.
        .env("XDG_DATA_HOME", "/nonexistent/dateline-test-data")
        .env_remove("DATELINE_PLUGIN_PATH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dateline binary runs");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("the dateline binary ends")
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/000_4e9296dd8dfcdc21.txt")
}

fn seed_str() -> String {
    seed().display().to_string()
}

fn corpus_str() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/corpus")
        .display()
        .to_string()
}

/// Each JSON line of `out`, read back as the document model and as its links.
fn linked_lines(out: &Output) -> Vec<(Article<'static>, Option<ArticleLinks>)> {
    stdout(out)
        .lines()
        .map(|line| {
            let article: Article<'static> =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("an article: {e}\n{line}"));
            let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
            let links = value
                .get("links")
                .map(|l| serde_json::from_value(l.clone()).expect("ArticleLinks"));
            (article, links)
        })
        .collect()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("a directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

const VALID: &str = "Talks Go On\n20220131\nhttps://example.com/a\nPerBBC,the talks went on.\n";

#[test]
fn formats_lists_every_format() {
    let out = dateline(&["formats"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("NAME"), "{text}");
    for name in [
        "json", "jsonl", "csv", "model", "markdown", "html", "xml", "text", "native",
    ] {
        assert!(text.lines().any(|l| l.starts_with(name)), "{name}: {text}");
    }
    assert!(text.contains("application/tei+xml"));

    let out = dateline(&["formats", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let list = json.as_array().expect("an array");
    assert_eq!(list.len(), 9);
    assert_eq!(list[1]["name"], "jsonl");
    assert_eq!(list[1]["kind"], "stream");
    assert_eq!(list[1]["input"], "record");
    assert_eq!(list[3]["name"], "model");
    assert_eq!(list[3]["input"], "article");
    assert_eq!(list[5]["kind"], "page");
    assert_eq!(list[5]["extension"], "html");
}

#[test]
fn stream_formats_go_to_stdout() {
    let out = dateline(&["convert", &seed_str(), "--to", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1);
    let json: serde_json::Value = serde_json::from_str(&text).expect("a JSON line");
    assert_eq!(json["id"], "000_4e9296dd8dfcdc21");
    let err = stderr(&out);
    assert!(
        err.starts_with("converted 1 file to jsonl (standard output); "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one summary line: {err}");

    let out = dateline(&[
        "convert",
        &seed_str(),
        "--to",
        "csv",
        "--csv-safe",
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with(
        "id,path,title,date,url,canonical_url,host,domain,outlet_id,outlet_name,url_date,\
         url_article_id,url_slug,text,promos,sources,warnings,repairs\r\n"
    ));

    let out = dateline(&[
        "convert",
        &seed_str(),
        &seed_str(),
        "--to",
        "json",
        "--compact",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(2));
}

#[test]
fn bad_inputs_are_reported_skipped_and_counted() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::write(input.join("a.txt"), VALID).expect("write");
    std::fs::write(
        input.join("b.txt"),
        "Headline\n20221341\nhttps://example.com/\n",
    )
    .expect("write");
    std::fs::write(input.join("c.txt"), b"Caf\xe9\n20220131\nhttps://x.org/\n").expect("write");
    let target = dir.path().join("out.jsonl");
    let out = dateline(&[
        "convert",
        &input.display().to_string(),
        "missing.txt",
        "--to",
        "jsonl",
        "-o",
        &target.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("error[E002]"), "{err}");
    assert!(err.contains("error[E003]"), "{err}");
    assert!(err.contains("cannot read"), "{err}");
    assert!(err.contains("converted 1 of 4 files to jsonl ("), "{err}");
    assert!(err.contains("; 3 failed and were skipped; "), "{err}");
    assert!(stdout(&out).is_empty(), "data goes to the file");
    let written = std::fs::read_to_string(&target).expect("the output");
    assert_eq!(written.lines().count(), 1);
    assert_eq!(
        names(dir.path()),
        ["in", "out.jsonl"],
        "no temporary file left"
    );
}

#[test]
fn page_formats_write_one_file_per_article_inside_the_directory() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("in");
    let other = dir.path().join("other");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::create_dir(&other).expect("mkdir");
    // Ids from hostile file names: `..`, a device name, URL syntax, `index`.
    for name in [
        "...txt",
        "CON.txt",
        "a b#c.txt",
        "index.txt",
        "日本.txt",
        "x.txt",
    ] {
        std::fs::write(input.join(name), VALID).expect("write");
    }
    std::fs::write(other.join("x.txt"), VALID).expect("write");
    let site = dir.path().join("site/nested");
    let out = dateline_with_stdin(
        &[
            "convert",
            &input.join("...txt").display().to_string(),
            &input.display().to_string(),
            &other.display().to_string(),
            "-",
            "--to",
            "html",
            "-o",
            &site.display().to_string(),
        ],
        VALID.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        names(&site),
        [
            "_CON.html",
            "__.html",
            "a_b_c.html",
            "index-2.html",
            "index.html",
            "stdin.html",
            "x-2.html",
            "x.html",
            "日本.html",
        ]
    );
    assert_eq!(
        names(dir.path()),
        ["in", "other", "site"],
        "nothing outside -o"
    );
    let index = std::fs::read_to_string(site.join("index.html")).expect("index");
    // `...txt` is hidden, so the walk skips it; named on the command line it is read.
    assert_eq!(index.matches("<tr><td").count(), 8);
    assert!(index.contains("href=\"index-2.html\""));
    assert!(index.contains("href=\"%E6%97%A5%E6%9C%AC.html\""));
    let page = std::fs::read_to_string(site.join("x.html")).expect("a page");
    assert!(page.contains(
        "<p>Per <a class=\"source\" href=\"https://bbc.co.uk/\">BBC</a>, the talks went on.</p>"
    ));
}

#[test]
fn native_reproduces_the_seed() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = dateline(&[
        "convert",
        &seed_str(),
        "--to",
        "native",
        "-o",
        &dir.path().display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read(dir.path().join("000_4e9296dd8dfcdc21.txt")).expect("written");
    assert_eq!(written, std::fs::read(seed()).expect("the seed"));
    assert_eq!(
        names(dir.path()),
        ["000_4e9296dd8dfcdc21.txt"],
        "no index for native"
    );
}

#[test]
fn every_format_converts_the_seed() {
    for (format, ext) in [
        ("markdown", "md"),
        ("xml", "xml"),
        ("text", "txt"),
        ("html", "html"),
    ] {
        let dir = tempfile::tempdir().expect("a temp dir");
        let out = dateline(&[
            "convert",
            &seed_str(),
            "--to",
            format,
            "--drop-promos",
            "-o",
            &dir.path().display().to_string(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        let page = std::fs::read_to_string(dir.path().join(format!("000_4e9296dd8dfcdc21.{ext}")))
            .expect("written");
        assert!(!page.contains("Bennett"), "{format}: promos dropped");
    }
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let corpus = corpus_str();
    let cases: [&[&str]; 5] = [
        &["convert", "x.txt", "--to", "docx"],
        // native has no form for several articles in one output.
        &["convert", &corpus, "--to", "native"],
        &["convert", &corpus, "--to", "native", "-o", "-"],
        &["convert", "x.txt"],
        &["convert", "--to", "jsonl"],
    ];
    for args in cases {
        let out = dateline(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
    let out = dateline(&[
        "convert",
        &seed_str(),
        "--to",
        "jsonl",
        "-o",
        &dir.path().display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is a directory"));
    let out = dateline(&["convert", "x.txt", "--to", "docx"]);
    assert!(stderr(&out).contains("json, jsonl, csv, model, markdown, html, xml, text, native"));
}

/// A run whose output cannot be written fails with 3, not with the 1 of a bad
/// input: a script can tell the two apart.
#[cfg(target_os = "linux")]
#[test]
fn an_output_that_cannot_be_written_exits_with_3() {
    let corpus = corpus_str();
    // Standard output is /dev/full; never `-o /dev/full`, which a regression
    // of AtomicFile could replace with a file (root runs the CI).
    for args in [
        &["convert", corpus.as_str(), "--to", "jsonl"][..],
        &["links", corpus.as_str()][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(args)
            .stdout(std::fs::File::create("/dev/full").expect("/dev/full opens"))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("error: cannot write standard output: No space left on device"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn convert_links_articles_to_their_outlets_by_default() {
    let out = dateline(&["convert", "-q", &corpus_str(), "--to", "model"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = linked_lines(&out);
    assert_eq!(lines.len(), 29);
    let outlet_of = |id: &str| {
        let (_, links) = lines
            .iter()
            .find(|(a, _)| a.id.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("{id} converted"));
        let links = links.as_ref().expect("links by default");
        links.outlet.as_ref().map(|o| o.id.clone())
    };
    assert_eq!(outlet_of("000_4e9296dd8dfcdc21").as_deref(), Some("hngn"));
    assert_eq!(outlet_of("000_0845b8cf6fe484fa").as_deref(), Some("cnn"));
    assert_eq!(outlet_of("000_4b749624e497edfd").as_deref(), Some("ap"));

    let (seed, links) = lines
        .iter()
        .find(|(a, _)| a.id.as_deref() == Some("000_4e9296dd8dfcdc21"))
        .expect("the seed");
    let links = links.as_ref().expect("links");
    let url = links.url.as_ref().expect("the URL reads");
    assert_eq!(url.domain.as_deref(), Some("hngn.com"));
    assert_eq!(
        url.date.map(|d| d.to_string()).as_deref(),
        Some("2022-02-07")
    );
    assert_eq!(url.article_id.as_deref(), Some("240451"));
    let sources: Vec<(&str, Option<&str>)> = links
        .sources
        .iter()
        .map(|s| {
            (
                s.source.as_str(),
                s.outlet.as_ref().map(|o| o.homepage.as_str()),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            ("BBC", Some("https://bbc.co.uk/")),
            ("NBC News", Some("https://nbcnews.com/")),
            ("AP News", Some("https://apnews.com/")),
        ]
    );
    assert_eq!(seed.attributions().count(), links.sources.len());
    // Every article has one source entry per attribution, then one per
    // spaced attribution naming a known outlet (`according to Reuters`).
    let mut spaced = 0;
    for (article, links) in &lines {
        let links = links.as_ref().expect("links");
        let glued: Vec<&str> = links
            .sources
            .iter()
            .filter(|s| s.kind == AttributionKind::Glued)
            .map(|s| s.source.as_str())
            .collect();
        let want: Vec<&str> = article.attributions().map(|a| a.source.as_ref()).collect();
        assert_eq!(glued, want, "{:?}", article.id);
        let rest = &links.sources[want.len()..];
        assert!(
            rest.iter()
                .all(|s| s.kind == AttributionKind::Spaced && s.outlet.is_some())
        );
        spaced += rest.len();
    }
    assert!(
        spaced > 20,
        "{spaced} spaced attributions in the example corpus"
    );
}

#[test]
fn no_links_writes_the_bare_model() {
    let corpus = corpus_str();
    let bare = dateline(&["convert", "-q", &corpus, "--to", "model", "--no-links"]);
    assert_eq!(bare.status.code(), Some(0), "{}", stderr(&bare));
    // The bytes dateline-core's serde writes, line for line: the old output.
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("the corpus")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    let mut want = String::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let id = path.file_stem().expect("a stem").to_string_lossy();
        let article = dateline_core::parse(&text)
            .expect("parses")
            .with_id(id.as_ref());
        want.push_str(&serde_json::to_string(&article).expect("serialise"));
        want.push('\n');
    }
    assert!(stdout(&bare) == want, "--no-links is the bare model");
    for (_, links) in linked_lines(&bare) {
        assert_eq!(links, None);
    }

    // With links, each line is the bare line with `links` added as the last key.
    let linked = dateline(&["convert", "-q", &corpus, "--to", "model"]);
    for (bare, linked) in stdout(&bare).lines().zip(stdout(&linked).lines()) {
        let open = &bare[..bare.len() - 1];
        assert!(linked.starts_with(open), "{linked}");
        assert!(
            linked[open.len()..].starts_with(",\"links\":{\"url\":"),
            "{linked}"
        );
    }

    // Records without links: the link fields are empty (null), the rest is there.
    let csv = dateline(&["convert", "-q", &seed_str(), "--to", "csv", "--no-links"]);
    let mut reader = ::csv::Reader::from_reader(csv.stdout.as_slice());
    let headers = reader.headers().expect("a header row").clone();
    let row = reader
        .records()
        .next()
        .expect("one row")
        .expect("a CSV row");
    let cell = |name: &str| {
        let at = headers.iter().position(|h| h == name).expect("a column");
        row[at].to_owned()
    };
    assert_eq!(cell("id"), "000_4e9296dd8dfcdc21");
    assert_eq!(
        cell("host"),
        "www.hngn.com",
        "read off the URL without links"
    );
    assert_eq!(cell("outlet_id"), "", "no links: null");
    assert_eq!(cell("canonical_url"), "");
    let sources: serde_json::Value = serde_json::from_str(&cell("sources")).expect("JSON");
    assert_eq!(sources[0]["name"], "BBC");
    assert_eq!(sources[0]["outlet_id"], serde_json::Value::Null);
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = dateline(&[
        "convert",
        "-q",
        &seed_str(),
        "--to",
        "html",
        "--no-links",
        "-o",
        &dir.path().display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(dir.path().join("000_4e9296dd8dfcdc21.html")).expect("page");
    assert!(!page.contains("class=\"source\" href"), "no source links");
    assert!(!page.contains("publisher"), "no publisher");

    // --outlets needs links.
    let out = dateline(&[
        "convert",
        &seed_str(),
        "--to",
        "jsonl",
        "--no-links",
        "--outlets",
        "x.toml",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn an_outlets_file_changes_the_links() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("outlets.toml");
    std::fs::write(
        &file,
        r#"[[outlet]]
id = "hngn"
name = "HNGN Custom"
domains = ["hngn.example.org", "hngn.com"]
kind = "digital"
country = "US"

[[outlet]]
id = "local-gazette"
name = "The Local Gazette"
domains = ["localgazette.example.com"]
kind = "newspaper"
country = "US"
"#,
    )
    .expect("written");
    let file = file.display().to_string();
    let corpus = corpus_str();
    let default = linked_lines(&dateline(&["convert", "-q", &corpus, "--to", "model"]));
    let custom = dateline(&[
        "convert",
        "-q",
        &corpus,
        "--to",
        "model",
        "--outlets",
        &file,
    ]);
    assert_eq!(custom.status.code(), Some(0), "{}", stderr(&custom));
    let custom = linked_lines(&custom);
    let outlet = |lines: &[(Article<'static>, Option<ArticleLinks>)], id: &str| {
        lines
            .iter()
            .find(|(a, _)| a.id.as_deref() == Some(id))
            .and_then(|(_, l)| l.as_ref()?.outlet.clone())
    };
    let seed = "000_4e9296dd8dfcdc21";
    assert_eq!(
        outlet(&default, seed).map(|o| o.name.clone()).as_deref(),
        Some("Headlines & Global News")
    );
    let replaced = outlet(&custom, seed).expect("still resolved");
    assert_eq!(
        (replaced.name.as_str(), replaced.homepage.as_str()),
        ("HNGN Custom", "https://hngn.example.org/")
    );
    // The added outlet resolves a host and a source the built-in one does not know.
    let local = dir.path().join("local.txt");
    std::fs::write(
        &local,
        "Talks\n20220131\nhttps://news.localgazette.example.com/2022/01/31/talks\nPerThe Local Gazette,the talks went on.\n",
    )
    .expect("written");
    let local = local.display().to_string();
    let ids = |args: &[&str]| {
        let out = dateline(args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let (_, links) = linked_lines(&out).pop().expect("one line");
        let links = links.expect("links");
        (
            links.outlet.map(|o| o.id.clone()),
            links
                .sources
                .into_iter()
                .map(|s| s.outlet.map(|o| o.id.clone()))
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        ids(&["convert", "-q", &local, "--to", "model"]),
        (None, vec![None])
    );
    let gazette = Some("local-gazette".to_owned());
    assert_eq!(
        ids(&["convert", "-q", &local, "--to", "model", "--outlets", &file]),
        (gazette.clone(), vec![gazette])
    );

    // A bad file ends the run before any output, naming the file.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[outlet]]\nid = \"x\"\n").expect("written");
    let bad = bad.display().to_string();
    let out = dateline(&["convert", &corpus, "--to", "jsonl", "--outlets", &bad]);
    assert_eq!(out.status.code(), Some(2), "a usage error, not a bad input");
    assert!(
        stderr(&out).starts_with("error: the outlets file "),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(&bad), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

/// One pretty JSON layout: `parse` prints the model as `json_text` writes it,
/// `convert --to json` prints records in the same layout (scalar arrays on one
/// line), and `--compact` gives one line of the same documents.
#[test]
fn parse_and_convert_to_json_share_one_pretty_layout() {
    let seed = seed_str();
    let seed = seed.as_str();
    let parsed = dateline(&["parse", seed]);
    assert_eq!(parsed.status.code(), Some(0));
    let text = std::fs::read_to_string(seed).expect("the seed");
    let article = dateline_core::parse(&text)
        .expect("parses")
        .with_id("000_4e9296dd8dfcdc21");
    let mut want = Vec::new();
    dateline_export::json_text::write_pretty(&mut want, &article).expect("serialise");
    want.push(b'\n');
    assert_eq!(
        String::from_utf8_lossy(&parsed.stdout),
        String::from_utf8_lossy(&want)
    );
    assert!(
        stdout(&parsed).contains("\"span\": [224, 565]"),
        "scalar arrays on one line"
    );
    let compact = dateline(&["parse", "--compact", seed]);
    let pretty: serde_json::Value = serde_json::from_slice(&parsed.stdout).expect("JSON");
    let compact: serde_json::Value = serde_json::from_slice(&compact.stdout).expect("JSON");
    assert_eq!(pretty, compact);

    let records = dateline(&["convert", "-q", seed, "--to", "json"]);
    assert_eq!(records.status.code(), Some(0), "{}", stderr(&records));
    let text = stdout(&records);
    assert!(
        text.starts_with("[\n  {\n    \"id\": \"000_4e9296dd8dfcdc21\",\n"),
        "{text}"
    );
    assert!(
        text.contains("\"warnings\": [\"W001\"]"),
        "scalar arrays on one line: {text}"
    );
    let jsonl = dateline(&["convert", "-q", seed, "--to", "jsonl"]);
    let from_json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let from_jsonl: serde_json::Value = serde_json::from_slice(&jsonl.stdout).expect("JSON");
    assert_eq!(
        from_json,
        serde_json::json!([from_jsonl]),
        "the same record"
    );
}

/// Two files with the same stem in different folders: two ids by the one rule
/// (`x`, `x-2`), the same in every output, with a warning naming the file.
#[test]
fn same_named_files_get_distinct_ids_in_every_output() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
        std::fs::write(dir.path().join(sub).join("x.txt"), VALID).expect("write");
    }
    let root = dir.path().display().to_string();
    let jsonl = dateline(&["convert", "-q", &root, "--to", "jsonl"]);
    assert_eq!(jsonl.status.code(), Some(0), "{}", stderr(&jsonl));
    let ids: Vec<String> = String::from_utf8_lossy(&jsonl.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON");
            v["id"].as_str().expect("an id").to_owned()
        })
        .collect();
    assert_eq!(ids, ["x", "x-2"]);
    assert!(
        stderr(&jsonl)
            .contains("x.txt: the article id `x` is already taken; this article is `x-2`"),
        "{}",
        stderr(&jsonl)
    );

    let csv = dateline(&["convert", "-q", &root, "--to", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.expect("a CSV record")[0].to_owned())
        .collect();
    assert_eq!(ids, ["x", "x-2"]);

    let site = dir.path().join("site");
    let html = dateline(&[
        "convert",
        "-q",
        &root,
        "--to",
        "html",
        "-o",
        &site.display().to_string(),
    ]);
    assert_eq!(html.status.code(), Some(0), "{}", stderr(&html));
    assert!(site.join("x.html").is_file() && site.join("x-2.html").is_file());
}

/// As pandoc users expect: `-t` for `--to`, the aliases `md`, `tei` and
/// `ndjson`, and without `--to` the format named by `-o`'s extension.
#[test]
fn the_format_comes_from_t_an_alias_or_the_output_extension() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let corpus = corpus_str();

    let by_t = dateline(&["convert", "-q", "-t", "ndjson", &corpus]);
    assert_eq!(by_t.status.code(), Some(0), "{}", stderr(&by_t));
    let long = dateline(&["convert", "-q", "--to", "jsonl", &corpus]);
    assert_eq!(by_t.stdout, long.stdout, "ndjson is jsonl");

    // `-o records.JSONL`: jsonl records, read back.
    let jsonl = dir.path().join("records.JSONL");
    let out = dateline(&["convert", "-q", &corpus, "-o", &jsonl.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read(&jsonl).expect("written");
    assert_eq!(written, long.stdout);

    // `-o records.csv`: csv records, read back with the csv crate.
    let csv_path = dir.path().join("records.csv");
    let out = dateline(&[
        "convert",
        "-q",
        &corpus,
        "-o",
        &csv_path.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut reader = csv::Reader::from_path(&csv_path).expect("a csv file");
    let headers = reader.headers().expect("a header row").clone();
    assert_eq!(&headers[0], "id");
    assert!(headers.iter().any(|h| h == "outlet_name"));
    assert_eq!(reader.records().count(), 29);

    // An alias of a page format: `tei` is xml.
    let pages = dir.path().join("tei");
    let out = dateline(&[
        "convert",
        "-q",
        "-t",
        "TEI",
        &seed_str(),
        "-o",
        &pages.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(pages.join("000_4e9296dd8dfcdc21.xml").is_file());
}

#[test]
fn without_a_format_convert_says_how_to_give_one() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (output, why) in [
        (
            None,
            "no output format: give the format with --to FORMAT (-t)",
        ),
        (
            Some("out.txt"),
            "no format writes `.txt` files alone (text and native both do)",
        ),
        (Some("out"), "has no extension to infer it from"),
        (Some("out.docx"), "no format writes `.docx` files"),
    ] {
        let mut args = vec!["convert".to_owned(), corpus_str()];
        if let Some(name) = output {
            args.push("-o".to_owned());
            args.push(dir.path().join(name).display().to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = dateline(&args);
        assert_eq!(out.status.code(), Some(2), "{output:?}");
        let err = stderr(&out);
        assert!(err.contains(why), "{output:?}: {err}");
        assert!(err.contains("jsonl, csv"), "the formats are listed: {err}");
        assert!(
            std::fs::read_dir(dir.path())
                .expect("listed")
                .next()
                .is_none(),
            "nothing written"
        );
    }
}

/// Page formats as pandoc users expect: no `-o` writes one document to
/// standard output; `-o FILE.EXT` writes the corpus as one document where the
/// format has such a form (`xml`: a `<teiCorpus>`); `-o DIR/`, an existing
/// directory or a name without extension is a directory of pages; `native`
/// (one article per file) refuses one file for several articles.
#[test]
fn page_formats_write_one_document_a_file_or_a_directory_as_asked() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let at = |name: &str| dir.path().join(name).display().to_string();
    let corpus = corpus_str();

    // One article, no -o: the page on standard output, valid HTML5.
    let page = dateline(&["convert", "-q", &seed_str(), "-t", "html"]);
    assert_eq!(page.status.code(), Some(0), "{}", stderr(&page));
    let html = scraper::Html::parse_document(&stdout(&page));
    assert!(html.errors.is_empty(), "{:?}", html.errors);
    let articles = scraper::Selector::parse("article").expect("a selector");
    assert_eq!(html.select(&articles).count(), 1);

    // A corpus into corpus.xml: one TEI corpus document, one TEI per article.
    let out = dateline(&[
        "convert",
        "-q",
        &corpus,
        "-t",
        "xml",
        "-o",
        &at("corpus.xml"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let xml =
        std::fs::read_to_string(dir.path().join("corpus.xml")).expect("a file, not a directory");
    // The root and the TEI documents directly in it, read by an XML parser.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut depth, mut root, mut tei) = (0usize, None, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) => {
                depth += 1;
                let name = e.name().as_ref().to_owned();
                if depth == 1 {
                    root = Some(name);
                } else if depth == 2 && name == "TEI" {
                    tei += 1;
                }
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(root.as_deref(), Some("teiCorpus"));
    assert_eq!(tei, 29);

    // A directory: `-o pages/` and `-o site` (no extension).
    for name in ["pages/", "site"] {
        let out = dateline(&["convert", "-q", &corpus, "-t", "md", "-o", &at(name)]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let written = std::fs::read_dir(dir.path().join(name.trim_end_matches('/')))
            .expect("a directory")
            .count();
        assert_eq!(written, 29, "{name}");
    }

    // native: one article into one file is fine (the same bytes as stdout);
    // a corpus into one file is refused, and nothing is written.
    let one = at("one.txt");
    let out = dateline(&["convert", "-q", &seed_str(), "-t", "native", "-o", &one]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let to_stdout = dateline(&["convert", "-q", &seed_str(), "-t", "native"]);
    assert_eq!(std::fs::read(&one).expect("written"), to_stdout.stdout);
    let out = dateline(&[
        "convert",
        "-q",
        &corpus,
        "-t",
        "native",
        "-o",
        &at("all.txt"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("give a directory"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("all.txt").exists());
}

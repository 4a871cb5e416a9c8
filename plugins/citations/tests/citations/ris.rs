//! `ris`, read back by a strict reader of the RIS specification's rules.

use dateline_plugin::dateline_export::Options;

use crate::common::*;

/// One record: its tags and values, in order.
type Record = Vec<(String, String)>;

/// Reads a RIS document by the specification's rules, failing on any breach:
///
/// - every line ends in CR LF (including the last), and no other CR or LF;
/// - every line is a tag: an upper-case letter, an upper-case letter or a
///   digit, two spaces, `-`, a space, then the value (no blank lines);
/// - `TY` starts a record (with a value) and only appears first; `ER` ends it,
///   with an empty value; every other tag has a value, inside a record.
fn read_ris(doc: &str) -> Vec<Record> {
    assert!(
        doc.is_empty() || doc.ends_with("\r\n"),
        "the last line ends in CR LF"
    );
    let body = doc.strip_suffix("\r\n").unwrap_or(doc);
    let mut records = Vec::new();
    let mut current: Option<Record> = None;
    for line in body.split("\r\n").filter(|_| !doc.is_empty()) {
        assert!(!line.contains(['\r', '\n']), "a bare CR or LF in {line:?}");
        let b = line.as_bytes();
        assert!(
            b.len() >= 6
                && b[0].is_ascii_uppercase()
                && (b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
                && &b[2..6] == b"  - ",
            "not a tag line: {line:?}"
        );
        let (tag, value) = (&line[..2], &line[6..]);
        match (tag, current.as_mut()) {
            ("TY", None) => {
                assert!(!value.is_empty(), "TY needs a type");
                current = Some(vec![(tag.to_owned(), value.to_owned())]);
            }
            ("TY", Some(_)) => panic!("TY inside a record: {line:?}"),
            ("ER", Some(record)) => {
                assert!(value.is_empty(), "ER has no value: {line:?}");
                record.push((tag.to_owned(), String::new()));
                records.extend(current.take());
            }
            (_, Some(record)) => {
                assert!(!value.is_empty(), "an empty value: {line:?}");
                assert_eq!(value, value.trim(), "untrimmed value: {line:?}");
                record.push((tag.to_owned(), value.to_owned()));
            }
            (_, None) => panic!("a tag outside a record: {line:?}"),
        }
    }
    assert!(current.is_none(), "a record without ER");
    records
}

/// The value of `tag` in `record`; the tag must appear once.
fn value<'r>(record: &'r Record, tag: &str) -> &'r str {
    let mut found = record.iter().filter(|(t, _)| t == tag);
    let (_, v) = found
        .next()
        .unwrap_or_else(|| panic!("no {tag} in {record:?}"));
    assert!(found.next().is_none(), "{tag} twice");
    v
}

#[test]
fn seed_is_a_news_record() {
    let doc = export("ris", &Options::new(), &[seed()]);
    let records = read_ris(&doc);
    assert_eq!(records.len(), 1);
    let r = &records[0];
    let tags: Vec<&str> = r.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(tags, ["TY", "TI", "T2", "DA", "PY", "UR", "AB", "ER"]);
    assert_eq!(value(r, "TY"), "NEWS");
    assert_eq!(value(r, "TI"), SEED_TITLE);
    assert_eq!(value(r, "T2"), "www.hngn.com");
    assert_eq!(value(r, "DA"), "2022/01/31/");
    assert_eq!(value(r, "PY"), "2022");
    assert_eq!(value(r, "UR"), SEED_URL);
    assert_eq!(value(r, "AB"), SEED_LEDE);
}

#[test]
fn outlet_from_the_linker_is_the_secondary_title() {
    let records = read_ris(&export("ris", &hngn_links(), &[seed()]));
    assert_eq!(value(&records[0], "T2"), "Headlines & Global News {HNGN}");
    assert_eq!(value(&records[0], "UR"), "https://www.hngn.com/articles/31");
}

#[test]
fn hostile_headlines_survive_exactly() {
    let articles = hostile_articles();
    let records = read_ris(&export("ris", &Options::new(), &articles));
    assert_eq!(records.len(), HOSTILE.len());
    for (record, headline) in records.iter().zip(HOSTILE) {
        assert_eq!(value(record, "TI"), headline.trim());
        assert_eq!(value(record, "T2"), "example.com");
    }
}

#[test]
fn line_breaks_in_a_value_cannot_end_a_record() {
    let titles = [
        "Early\r\nER  - \r\nTY  - JOUR\r\nTI  - forged",
        "LF\nER  - ",
        "CR\rER  - ",
        "NEL\u{85}ER  - and LS\u{2028}PS\u{2029}tab\tnul\u{0}",
        "\r\n  leading and trailing breaks \n",
    ];
    let articles: Vec<_> = titles
        .iter()
        .map(|t| {
            with_lede(
                with_title(
                    article("x", "20220131", "https://example.com/a", "Body."),
                    t,
                ),
                "Lede\r\n\r\nER  - \nTY  - BOOK",
            )
        })
        .collect();
    let records = read_ris(&export("ris", &Options::new(), &articles));
    assert_eq!(records.len(), titles.len());
    let got: Vec<&str> = records.iter().map(|r| value(r, "TI")).collect();
    assert_eq!(
        got,
        [
            "Early ER  -  TY  - JOUR TI  - forged",
            "LF ER  -",
            "CR ER  -",
            "NEL ER  - and LS PS tab nul",
            "leading and trailing breaks",
        ]
    );
    for r in &records {
        assert_eq!(value(r, "TY"), "NEWS");
        assert_eq!(value(r, "AB"), "Lede ER  -  TY  - BOOK");
    }
}

#[test]
fn an_empty_value_leaves_its_tag_out() {
    let records = read_ris(&export(
        "ris",
        &Options::new(),
        &[with_title(
            article("x", "20220131", "https://example.com/a", "Body."),
            " \n ",
        )],
    ));
    assert!(
        records[0].iter().all(|(t, _)| t != "TI"),
        "{:?}",
        records[0]
    );
}

#[test]
fn several_articles_are_consecutive_records_and_independent() {
    let articles = vec![
        seed(),
        article(
            "Talks end",
            "20220201",
            "https://example.com/b",
            "They ended.",
        ),
        article("Dawn", "20231231", "https://host.example/x", "A paragraph."),
    ];
    let options = Options::new();
    let doc = export("ris", &options, &articles);
    let records = read_ris(&doc);
    assert_eq!(records.len(), 3);
    assert_eq!(value(&records[1], "TI"), "Talks end");
    assert_eq!(value(&records[2], "DA"), "2023/12/31/");
    assert_eq!(value(&records[2], "T2"), "host.example");

    // Records rendered by separate exporters concatenate into the same bytes.
    let mut whole = exporter("ris", &options);
    assert!(whole.independent_articles());
    let mut joined = Vec::new();
    whole.begin(&mut joined).expect("begin");
    for a in &articles {
        exporter("ris", &options)
            .article(&mut joined, a)
            .expect("article");
    }
    whole.end(&mut joined).expect("end");
    assert_eq!(String::from_utf8(joined).expect("UTF-8"), doc);
}

#[test]
fn raw_option_chooses_the_abstract_text() {
    let a = article(
        "Talks",
        "20220131",
        "https://example.com/a",
        "PerBBC,the talks.",
    );
    let repaired = read_ris(&export("ris", &Options::new(), std::slice::from_ref(&a)));
    let raw = read_ris(&export("ris", &Options::new().raw(true), &[a]));
    assert_eq!(value(&repaired[0], "AB"), "Per BBC, the talks.");
    assert_eq!(value(&raw[0], "AB"), "PerBBC,the talks.");
}

#[test]
fn no_article_no_record() {
    assert_eq!(export("ris", &Options::new(), &[]), "");
}

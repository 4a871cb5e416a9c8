//! The seed, the one real sample of the format: what a user must get from it.

use dateline_core::{Block, Code, Inline, Repair, lint, parse};
use dateline_tests::seed;

#[test]
fn seed_has_17_blocks_with_promos_at_2_and_8() {
    // The seed's body lines 2 and 8 (file lines 5 and 11) are its two promos. (The
    // issue text says "blocks 2 and 10"; counting the file's lines gives 8.)
    let text = seed();
    let article = parse(&text).expect("the seed parses");
    assert_eq!(article.blocks.len(), 17);
    let promos: Vec<usize> = article
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Related(_)))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(promos, [2, 8]);
    let lines: Vec<u32> = article.related().map(|r| r.line).collect();
    assert_eq!(lines, [5, 11]);
    let related: Vec<(&str, &str)> = article
        .related()
        .map(|r| (r.label.as_ref(), r.title.as_ref()))
        .collect();
    assert_eq!(
        related,
        [
            (
                "Read Also",
                "US, Russia Still Open for Diplomacy on Ukraine Tension, But Britain Warns On Cyber Attacks From Moscow"
            ),
            (
                "Related Article",
                "Biden Set To Visit Israel After Bennett's Invitation To Talk About Blocking Iran's Nuclear Program"
            ),
        ]
    );
}

#[test]
fn seed_header() {
    let text = seed();
    let article = parse(&text).unwrap();
    assert!(article.title.starts_with("Macron Heads To Meet Putin"));
    assert_eq!(article.date.to_string(), "2022-01-31");
    assert!(
        article
            .url
            .starts_with("http://www.hngn.com/articles/240451/20220207/")
    );
    assert_eq!(&text[article.header.url.range()], article.url);
}

#[test]
fn seed_attributions_are_repaired_and_recorded() {
    let text = seed();
    let article = parse(&text).unwrap();
    let found: Vec<(&str, &str, &str)> = article
        .attributions()
        .map(|a| (a.raw.as_ref(), a.text.as_ref(), a.source.as_ref()))
        .collect();
    assert_eq!(
        found,
        [
            ("PerBBC,", "Per BBC, ", "BBC"),
            ("perNBC News", "per NBC News", "NBC News"),
            ("perAP News,", "per AP News, ", "AP News"),
        ]
    );
    let texts: Vec<&str> = article.paragraphs().map(|p| p.text.as_ref()).collect();
    assert!(texts.iter().any(|t| t.contains(
        "Per BBC, the French leader hopes that his talks with Putin would produce enough reasons"
    )));
    assert!(texts.iter().any(|t| t.ends_with("as per NBC News.")));
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Moreover, per AP News, the two leaders also talked"))
    );
    for a in article.attributions() {
        assert_eq!(&text[a.span.range()], a.raw, "span points at the raw text");
        assert!(a.repairs.contains(&Repair::SpaceAfterCue));
    }
}

#[test]
fn seed_quotations() {
    let text = seed();
    let article = parse(&text).unwrap();
    let quotes: Vec<String> = article
        .paragraphs()
        .flat_map(|p| &p.inlines)
        .filter_map(|i| match i {
            Inline::Quotation(q) => Some(q.content().to_owned()),
            _ => None,
        })
        .collect();
    assert_eq!(quotes.len(), 8);
    assert_eq!(quotes[0], "dialogue with Russia and de-escalation.");
    assert_eq!(quotes[4], "Any day now");
    assert_eq!(quotes[5], "a couple of weeks from now");
}

#[test]
fn seed_round_trips_byte_for_byte() {
    let text = seed();
    let article = parse(&text).unwrap();
    assert_eq!(article.to_source(), text);
    // Also from the JSON alone.
    let json = serde_json::to_string(&article).unwrap();
    let back: dateline_core::Article<'_> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, article);
    assert_eq!(back.to_source(), text);
}

#[test]
fn seed_warns_only_about_the_date_in_its_url() {
    let text = seed();
    let warnings = lint(&parse(&text).unwrap());
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(warnings[0].code, Code::DateMismatch);
    assert!(warnings[0].message.contains("2022-02-07"));
    assert!(warnings[0].message.contains("7 days later"));
}

#[test]
fn seed_json_snapshot() {
    let text = seed();
    let article = parse(&text).unwrap().with_id("000_4e9296dd8dfcdc21");
    insta::assert_json_snapshot!("seed", article);
}

#[test]
fn json_carries_the_model_version_and_refuses_others() {
    let text = seed();
    let article = parse(&text).unwrap();
    let mut json = serde_json::to_value(&article).unwrap();
    assert_eq!(json["model_version"], 1);
    json["model_version"] = 2.into();
    let err = serde_json::from_value::<dateline_core::Article<'_>>(json).unwrap_err();
    assert!(
        err.to_string()
            .contains("unsupported dateline model version 2"),
        "{err}"
    );
}

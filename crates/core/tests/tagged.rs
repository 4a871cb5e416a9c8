//! The hand-written `Deserialize` of the internally tagged enums (`Block`, `Inline`):
//! the fast path (`"kind"` first, as dateline writes it) and the buffering fallback
//! (any other key order) read the same values and reject the same inputs.

use dateline_core::{Article, Block, Inline, QuoteStyle, parse};
use serde::de::DeserializeOwned;
use serde_json::Value;

const SOURCE: &str = "A headline\n20240102\nhttps://example.com/a\n\
    PerBBC,the minister said \u{201c}we will\u{201d} and \"no\" today.\n\
    Read Also:Another headline\n\
    Plain words only.\n";

fn article() -> Article<'static> {
    let article = parse(SOURCE).expect("the sample parses").into_owned();
    // The sample must exercise every kind, and an attribution with repairs.
    let inlines: Vec<&Inline<'_>> = article.paragraphs().flat_map(|p| &p.inlines).collect();
    assert!(inlines.iter().any(|i| matches!(i, Inline::Text(_))));
    assert!(inlines.iter().any(|i| matches!(i, Inline::Quotation(_))));
    assert!(article.attributions().any(|a| !a.repairs.is_empty()));
    assert!(article.related().next().is_some());
    article
}

/// Writes `value` with each object's keys in the order `order` gives them.
fn write_ordered(value: &Value, order: &dyn Fn(&mut Vec<&String>), out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            order(&mut keys);
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::from(key.as_str()).to_string());
                out.push(':');
                write_ordered(&map[key], order, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_ordered(item, order, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn reordered(json: &str, order: &dyn Fn(&mut Vec<&String>)) -> String {
    let value: Value = serde_json::from_str(json).expect("valid JSON");
    let mut out = String::new();
    write_ordered(&value, order, &mut out);
    out
}

fn kind_last(json: &str) -> String {
    reordered(json, &|keys| keys.sort_by_key(|k| *k == "kind"))
}

fn sorted(json: &str) -> String {
    reordered(json, &|keys| keys.sort())
}

fn block_error(json: &str) -> String {
    serde_json::from_str::<Block<'_>>(json)
        .expect_err("must be rejected")
        .to_string()
}

fn inline_error(json: &str) -> String {
    serde_json::from_str::<Inline<'_>>(json)
        .expect_err("must be rejected")
        .to_string()
}

#[test]
fn dateline_writes_kind_first() {
    let json = serde_json::to_string(&article()).expect("serialises");
    // Every block and inline opens with its kind, and no object has it later.
    let article = article();
    let tagged =
        article.blocks.len() + article.paragraphs().map(|p| p.inlines.len()).sum::<usize>();
    assert_eq!(json.matches("{\"kind\":").count(), tagged, "{json}");
    assert!(
        !json.contains(",\"kind\":"),
        "kind is never a later key: {json}"
    );
}

#[test]
fn every_key_order_reads_the_same_article() {
    let article = article();
    let json = serde_json::to_string(&article).expect("serialises");
    let last = kind_last(&json);
    let sorted = sorted(&json);
    assert!(last.contains(",\"kind\":\"paragraph\"}"), "{last}");
    assert!(sorted.contains("{\"inlines\":"), "{sorted}");
    for input in [&json, &last, &sorted] {
        let back: Article<'_> = serde_json::from_str(input).expect("reads back");
        assert_eq!(back, article, "{input}");
        // Through a reader nothing can be borrowed: keys come as transient strings.
        let owned: Article<'static> = serde_json::from_reader(input.as_bytes()).expect("reads");
        assert_eq!(owned, article, "{input}");
    }
}

#[test]
fn the_issue_example_in_sorted_order() {
    let json = r#"{"inlines":[{"raw":"Hi","span":[0,2],"kind":"text"}],"kind":"paragraph","line":4,"span":[0,2],"text":"Hi"}"#;
    let block: Block<'_> = serde_json::from_str(json).expect("reads");
    let p = block.as_paragraph().expect("a paragraph");
    assert_eq!((p.line, &*p.text, p.inlines.len()), (4, "Hi", 1));
    assert_eq!(p.inlines[0].raw(), "Hi");
}

#[test]
fn unknown_kind() {
    let expected = "unknown block kind `x`, expected `paragraph` or `related`";
    assert!(block_error(r#"{"kind":"x","line":1}"#).contains(expected));
    assert!(block_error(r#"{"line":1,"kind":"x"}"#).contains(expected));
    let expected = "unknown inline kind `link`, expected one of `text`, `attribution`, `quotation`";
    assert!(inline_error(r#"{"kind":"link","raw":"a"}"#).contains(expected));
    assert!(inline_error(r#"{"raw":"a","kind":"link"}"#).contains(expected));
    // A kind that is not a string (nor a variant index) is a type error.
    // A kind that is not a string is a type error (JSON never gives the derived
    // impl's variant index form: serde_json reads identifiers as strings only).
    assert!(inline_error(r#"{"kind":true}"#).contains("invalid type: boolean `true`"));
    let e = inline_error(r#"{"kind":0,"span":[0,1],"raw":"a"}"#);
    assert!(
        e.contains("invalid type: integer `0`, expected a kind of inline"),
        "{e}"
    );
}

#[test]
fn unknown_field_in_both_paths() {
    for json in [
        r#"{"kind":"text","span":[0,1],"raw":"a","extra":1}"#,
        r#"{"extra":1,"kind":"text","span":[0,1],"raw":"a"}"#,
        r#"{"span":[0,1],"raw":"a","extra":{"x":[1]},"kind":"text"}"#,
    ] {
        let e = inline_error(json);
        assert!(e.contains("unknown field `extra`"), "{json}: {e}");
    }
    for json in [
        r#"{"kind":"related","line":5,"span":[0,4],"label":"R","separator":":","title":"t","x":0}"#,
        r#"{"x":0,"line":5,"span":[0,4],"label":"R","separator":":","title":"t","kind":"related"}"#,
    ] {
        let e = block_error(json);
        assert!(e.contains("unknown field `x`"), "{json}: {e}");
    }
    // Unknown fields are rejected in nested inlines too, whichever path reads them.
    let nested = r#"{"inlines":[{"kind":"text","span":[0,1],"raw":"a","y":1}],"kind":"paragraph","line":4,"span":[0,1],"text":"a"}"#;
    assert!(block_error(nested).contains("unknown field `y`"));
}

#[test]
fn missing_kind_and_missing_fields() {
    for json in ["{}", r#"{"span":[0,1],"raw":"a"}"#, "[]"] {
        let e = inline_error(json);
        assert!(e.contains("missing field `kind`"), "{json}: {e}");
    }
    assert!(inline_error(r#"{"kind":"text","span":[0,1]}"#).contains("missing field `raw`"));
    assert!(inline_error(r#"{"span":[0,1],"kind":"text"}"#).contains("missing field `raw`"));
    assert!(
        inline_error(r#""text""#).contains("expected internally tagged enum Inline"),
        "{}",
        inline_error(r#""text""#)
    );
}

#[test]
fn duplicate_kind_is_rejected() {
    assert!(
        serde_json::from_str::<Inline<'_>>(
            r#"{"kind":"text","kind":"text","span":[0,1],"raw":"a"}"#
        )
        .is_err()
    );
    assert!(
        serde_json::from_str::<Inline<'_>>(
            r#"{"span":[0,1],"kind":"text","raw":"a","kind":"text"}"#
        )
        .is_err()
    );
}

#[test]
fn forms_the_derived_impl_accepted() {
    let text = |v: Inline<'_>| (v.span(), v.raw().to_owned());
    let expected = (dateline_core::Span::new(0, 1), "a".to_owned());
    // The sequence form: the kind, then the payload's fields in order.
    let seq: Inline<'_> = serde_json::from_str(r#"["text",[0,1],"a"]"#).expect("sequence");
    assert_eq!(text(seq), expected);
    // A unit variant written as a one-entry map, before and after the kind.
    for json in [
        r#"{"kind":"quotation","span":[0,3],"raw":"\"a\"","style":{"straight":null}}"#,
        r#"{"style":{"straight":null},"span":[0,3],"raw":"\"a\"","kind":"quotation"}"#,
    ] {
        match serde_json::from_str::<Inline<'_>>(json) {
            Ok(Inline::Quotation(q)) => assert_eq!(q.style, QuoteStyle::Straight),
            other => panic!("{json}: {other:?}"),
        }
    }
}

#[test]
fn strings_are_not_borrowed_so_owned_articles_deserialise() {
    // The model's `Cow` fields have never borrowed from JSON (no `#[serde(borrow)]`):
    // that keeps `Article<'static>: DeserializeOwned`, so readers and temporary
    // buffers work. The hand-written impls must keep that bound.
    fn owned<T: DeserializeOwned>() {}
    owned::<Article<'static>>();
    owned::<Block<'static>>();
    owned::<Inline<'static>>();
}

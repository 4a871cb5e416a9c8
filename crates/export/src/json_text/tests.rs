//! The writers against `serde_json`: compact byte for byte; pretty against a
//! reference layout built on `serde_json::Value`.
use std::collections::BTreeMap;

use serde::Serialize;

use super::write_compact as to_vec;

fn same<T: Serialize + ?Sized>(value: &T) {
    let mut ours = Vec::new();
    to_vec(&mut ours, value).expect("serialises");
    let theirs = serde_json::to_vec(value).expect("serialises");
    assert_eq!(
        String::from_utf8_lossy(&ours),
        String::from_utf8_lossy(&theirs)
    );
}

#[test]
fn both_scans_find_the_first_byte_to_escape() {
    for at in 0..16 {
        for b in 0u8..=255 {
            let mut block = [b'a'; 16];
            block[at] = b;
            let needs = b < 0x20 || b == b'"' || b == b'\\';
            for (name, mask) in [
                ("dirty", super::escape::dirty(&block)),
                ("swar", super::escape::dirty_swar(&block)),
            ] {
                assert_eq!(mask != 0, needs, "{name}: {b:#x} at {at}");
                if needs {
                    assert_eq!(mask.trailing_zeros() as usize, at, "{name}: {b:#x}");
                }
            }
            // A clean multi-byte character after the byte changes nothing.
            let mut tail = block;
            if at < 14 {
                tail[at + 1] = 0xC3;
                tail[at + 2] = 0xA9;
                assert_eq!(super::escape::dirty_swar(&tail) != 0, needs);
            }
        }
    }
}

#[test]
fn strings_escape_like_serde_json() {
    let mut every_ascii = String::new();
    for b in 0u8..0x80 {
        every_ascii.push(char::from(b));
    }
    same(&every_ascii);
    // Escapes at every position of a 16-byte block, and across blocks.
    for len in 0..40 {
        for at in 0..len {
            for special in ['"', '\\', '\n', '\u{1}', '\u{1f}', '\u{7f}', 'é', '“'] {
                let s: String = (0..len)
                    .map(|i| if i == at { special } else { 'a' })
                    .collect();
                same(&s);
            }
        }
    }
    same("Élysée Says “No Deal” — Talks In Kyiv Go On \u{feff}\r\n\t");
    same("");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Strings of every length around the 8- and 16-byte words and blocks,
    /// dense in the bytes to escape (and multi-byte characters next to them),
    /// and arbitrary strings: written as serde_json writes them.
    #[test]
    fn any_string_escapes_like_serde_json(
        dense in "[a \"\\\\\n\u{1}\u{1f}\u{7f}é“]{0,70}",
        any in proptest::prelude::any::<String>(),
    ) {
        same(&dense);
        same(&any);
    }

    /// The short path writes what the general one writes, and takes exactly
    /// the strings shorter than 16 that need no escape.
    #[test]
    fn the_short_path_agrees_with_the_general_one(
        s in "[a-zA-Z0-9 é\"\\\\\n\u{1}]{0,20}",
    ) {
        let mut short = b"before".to_vec();
        let taken = super::escape::quote_short_clean(&mut short, s.as_bytes());
        let clean = !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\');
        proptest::prop_assert_eq!(taken, s.len() < 16 && clean);
        let mut general = b"before".to_vec();
        if taken {
            super::escape::escape_any(&mut general, s.as_bytes());
        }
        proptest::prop_assert_eq!(short, general);
    }
}

#[test]
fn articles_write_like_serde_json() {
    let cfg = dateline_test_support::GenConfig::new(11).with_messy(true);
    for generated in dateline_test_support::corpus(&cfg, 300_000) {
        let article = dateline_core::parse(&generated.text)
            .expect("generated articles parse")
            .with_id(generated.file_name.as_str());
        same(&article);
    }
    let hostile = include_str!("../../tests/fixtures/hostile.txt");
    same(&dateline_core::parse(hostile).expect("parses"));
    let unicode = include_str!("../../tests/fixtures/unicode.txt");
    same(&dateline_core::parse(unicode).expect("parses"));
}

/// An article with its links, as `jsonl` writes it: the model's keys, then
/// `links` (a flattened struct: `serialize_map` with no length).
#[derive(Serialize)]
struct Linked<'m, 'a> {
    #[serde(flatten)]
    article: &'m dateline_core::Article<'a>,
    links: &'m crate::ArticleLinks,
}

/// Links with every field set, from hostile strings.
fn hostile_links(article: &dateline_core::Article<'_>) -> crate::ArticleLinks {
    let nasty = "<script>\"]]>\\=cmd\n---\u{1}\u{7f}é“";
    let outlet = std::sync::Arc::new(crate::OutletRef {
        id: nasty.to_owned(),
        name: nasty.to_owned(),
        domain: nasty.to_owned(),
        homepage: format!("https://x.example/{nasty}"),
    });
    // The canonical URL is an accepted URL (no control character, space or
    // backslash; markup comes out percent-encoded); every other fact is a
    // plain string.
    let mut url = crate::UrlFacts::parse("https://x.example/<script>\"]]>=cmd---é“")
        .expect("a URL with an odd path is a URL");
    url.domain = Some(nasty.to_owned());
    url.date = dateline_core::Date::new(2022, 1, 31);
    url.article_id = Some(String::new());
    url.slug = Some(nasty.to_owned());
    crate::ArticleLinks {
        url: Some(url),
        outlet: Some(outlet.clone()),
        sources: article
            .attributions()
            .enumerate()
            .map(|(i, a)| crate::SourceRef {
                kind: Default::default(),
                source: a.source.to_string(),
                outlet: (i % 2 == 0).then(|| outlet.clone()),
            })
            .collect(),
        promos: Vec::new(),
    }
}

#[test]
fn linked_articles_write_like_serde_json() {
    let cfg = dateline_test_support::GenConfig::new(12).with_messy(true);
    let empty = crate::ArticleLinks::default();
    for generated in dateline_test_support::corpus(&cfg, 100_000) {
        let article = dateline_core::parse(&generated.text)
            .expect("generated articles parse")
            .with_id(generated.file_name.as_str());
        same(&Linked {
            article: &article,
            links: &empty,
        });
        same(&Linked {
            article: &article,
            links: &hostile_links(&article),
        });
    }
    let hostile = include_str!("../../tests/fixtures/hostile.txt");
    let article = dateline_core::parse(hostile).expect("parses");
    same(&Linked {
        article: &article,
        links: &hostile_links(&article),
    });
    same(&hostile_links(&article));
    same(&empty);
}

#[test]
fn every_shape_writes_like_serde_json() {
    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Tagged {
        One { a: u32, b: Option<String> },
        Two(Inner),
    }
    #[derive(Serialize)]
    struct Inner {
        x: i64,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        v: Vec<u8>,
    }
    #[derive(Serialize)]
    enum External {
        Unit,
        New(u8),
        Tuple(u8, char),
        Struct { f: f64 },
    }
    #[derive(Serialize)]
    struct Unit;
    #[derive(Serialize)]
    struct Newtype(&'static str);
    #[derive(Serialize)]
    struct Tuple(i8, u128, bool);
    #[derive(Serialize)]
    struct All<'a> {
        tagged: Vec<Tagged>,
        external: Vec<External>,
        unit: Unit,
        newtype: Newtype,
        tuple: Tuple,
        floats: [f64; 5],
        small: f32,
        bytes: &'a serde_bytes_like::Bytes,
        map: BTreeMap<i32, &'a str>,
        keys: BTreeMap<char, ()>,
        float_keys: super::key::OneKey<f64>,
        float_key_f32: super::key::OneKey<f32>,
        empty: Vec<()>,
        none: Option<()>,
        chars: (char, char),
    }
    mod serde_bytes_like {
        pub struct Bytes(pub [u8; 3]);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }
    let value = All {
        tagged: vec![
            Tagged::One {
                a: 7,
                b: Some("x\"y".to_owned()),
            },
            Tagged::One { a: 0, b: None },
            Tagged::Two(Inner { x: -5, v: vec![] }),
            Tagged::Two(Inner {
                x: i64::MIN,
                v: vec![1, 2],
            }),
        ],
        external: vec![
            External::Unit,
            External::New(3),
            External::Tuple(1, '\u{0}'),
            External::Struct { f: 1.5 },
        ],
        unit: Unit,
        newtype: Newtype("n"),
        tuple: Tuple(-1, u128::MAX, true),
        floats: [0.1, -0.0, 1e300, f64::NAN, f64::INFINITY],
        small: 3.25,
        bytes: &serde_bytes_like::Bytes([0, 127, 255]),
        map: BTreeMap::from([(-1, "minus"), (2, "two")]),
        keys: BTreeMap::from([('"', ()), ('k', ())]),
        float_keys: super::key::OneKey(1e21),
        float_key_f32: super::key::OneKey(0.5),
        empty: vec![],
        none: None,
        chars: ('\\', '\u{10ffff}'),
    };
    same(&value);
}

/// The pretty layout, written the slow and obvious way: through a
/// `serde_json::Value` (keys in order), `serde_json`'s pretty layout except for
/// arrays of scalars, on one line.
fn reference_pretty(value: &serde_json::Value) -> String {
    fn scalar(v: &serde_json::Value) -> bool {
        !matches!(
            v,
            serde_json::Value::Array(_) | serde_json::Value::Object(_)
        )
    }
    fn write(out: &mut String, v: &serde_json::Value, depth: usize) {
        let pad = |n: usize| "  ".repeat(n);
        match v {
            serde_json::Value::Array(items) if items.iter().all(scalar) => {
                let items: Vec<String> = items.iter().map(|i| i.to_string()).collect();
                out.push_str(&format!("[{}]", items.join(", ")));
            }
            serde_json::Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    out.push_str(&pad(depth + 1));
                    write(out, item, depth + 1);
                }
                out.push_str(&format!("\n{}]", pad(depth)));
            }
            serde_json::Value::Object(map) if map.is_empty() => out.push_str("{}"),
            serde_json::Value::Object(map) => {
                out.push('{');
                for (i, (key, item)) in map.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    out.push_str(&pad(depth + 1));
                    out.push_str(&serde_json::Value::from(key.as_str()).to_string());
                    out.push_str(": ");
                    write(out, item, depth + 1);
                }
                out.push_str(&format!("\n{}}}", pad(depth)));
            }
            scalar => out.push_str(&scalar.to_string()),
        }
    }
    let mut out = String::new();
    write(&mut out, value, 0);
    out
}

/// `value` is written pretty as the reference writes it, at depth 0 and, with
/// its inner lines indented, at depth 2; and without the layout's whitespace
/// it is the compact form.
fn pretty_as_reference<T: Serialize + ?Sized>(value: &T) {
    let mut ours = Vec::new();
    super::write_pretty(&mut ours, value).expect("serialises");
    let ours = String::from_utf8(ours).expect("UTF-8");
    let reference = reference_pretty(&serde_json::to_value(value).expect("a JSON value"));
    assert_eq!(ours, reference);

    let mut nested = Vec::new();
    super::write_pretty_at(&mut nested, value, 2).expect("serialises");
    assert_eq!(
        String::from_utf8(nested).expect("UTF-8"),
        reference.replace('\n', "\n    ")
    );

    let mut compact = Vec::new();
    to_vec(&mut compact, value).expect("serialises");
    let reparsed: serde_json::Value = serde_json::from_str(&ours).expect("valid JSON");
    assert_eq!(
        serde_json::to_vec(&reparsed).expect("re-serialises"),
        compact
    );
}

#[test]
fn pretty_is_the_reference_layout_on_articles() {
    let cfg = dateline_test_support::GenConfig::new(13).with_messy(true);
    for generated in dateline_test_support::corpus(&cfg, 150_000) {
        let article = dateline_core::parse(&generated.text)
            .expect("generated articles parse")
            .with_id(generated.file_name.as_str());
        pretty_as_reference(&article);
        pretty_as_reference(&Linked {
            article: &article,
            links: &hostile_links(&article),
        });
    }
    for text in [
        include_str!("../../tests/fixtures/hostile.txt"),
        include_str!("../../tests/fixtures/unicode.txt"),
        include_str!("../../../../tests/fixtures/000_4e9296dd8dfcdc21.txt"),
    ] {
        pretty_as_reference(&dateline_core::parse(text).expect("parses"));
    }
}

#[test]
fn pretty_is_the_reference_layout_on_every_shape() {
    let v = serde_json::json!({
        "empty_array": [],
        "empty_object": {},
        "scalars": [1, "two", true, null, 2.5],
        "mixed_scalar_first": [1, "x", {"a": [1, 2]}, [3, [4]], []],
        "nested_empty": [[], {}],
        "objects": [{"a": 1}, {"b": {"c": [[1, 2], [3]]}}],
        "deep": [[[[1]]]],
        "escapes": ["\"", "\\", "\n", "\u{1}", "é"]
    });
    pretty_as_reference(&v);
    pretty_as_reference(&serde_json::json!([]));
    pretty_as_reference(&serde_json::json!([{"a": []}]));
    pretty_as_reference(&serde_json::json!("scalar"));
    pretty_as_reference(&serde_json::json!([1, [2], 3]));

    #[derive(Serialize)]
    enum External {
        Unit,
        New(u8),
        Tuple(u8, char),
        Nested(Vec<Vec<u8>>),
        Struct { f: f64, g: Vec<u8> },
    }
    pretty_as_reference(&vec![
        External::Unit,
        External::New(3),
        External::Tuple(1, 'x'),
        External::Nested(vec![vec![], vec![1, 2]]),
        External::Struct { f: 1.5, g: vec![7] },
    ]);
    pretty_as_reference(&BTreeMap::from([(1, vec![BTreeMap::from([('k', 2)])])]));
}

/// A sink that takes at most `chunk` bytes a call and records the calls.
struct Chunks {
    written: Vec<u8>,
    calls: usize,
}

impl std::io::Write for Chunks {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.calls += 1;
        self.written.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn draining_writers_write_the_same_bytes_in_pieces() {
    let cfg = dateline_test_support::GenConfig::new(14);
    let articles: Vec<dateline_core::Article<'static>> =
        dateline_test_support::corpus(&cfg, 400_000)
            .map(|g| dateline_core::parse(&g.text).expect("parses").into_owned())
            .collect();
    for pretty in [false, true] {
        let mut whole = Vec::new();
        let mut sink = Chunks {
            written: Vec::new(),
            calls: 0,
        };
        if pretty {
            super::write_pretty(&mut whole, &articles).expect("serialises");
            super::write_pretty_to(&mut sink, &articles).expect("serialises");
        } else {
            to_vec(&mut whole, &articles).expect("serialises");
            super::write_compact_to(&mut sink, &articles).expect("serialises");
        }
        assert_eq!(sink.written, whole, "pretty: {pretty}");
        assert!(sink.calls > 3, "drained as it went: {} calls", sink.calls);
    }
}

#[test]
fn a_sink_error_is_an_io_error() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let error = super::write_pretty_to(&mut Full, &vec!["x"; 10]).expect_err("the disk is full");
    assert_eq!(error.io_error_kind(), Some(std::io::ErrorKind::StorageFull));
}

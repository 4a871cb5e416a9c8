//! proptest strategies for articles in the seed's shape, with the layout quirks the
//! format tolerates (CRLF, BOM, blank lines, trailing spaces, no final newline) and
//! the artifacts the parser must find (promos, glued attributions, quotations).

use proptest::prelude::*;

/// A generated article: its text, and what the parser should find in it.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The file's text.
    pub text: String,
    /// One entry per non-blank body line: `Some(title)` for a promo, `None` for a paragraph.
    pub body: Vec<Option<String>>,
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,9}",
        2 => "[A-Z][a-z]{1,8}",
        1 => prop::sample::select(vec![
            "Perhaps", "Percent", "Person", "Peru", "Perth", "perform", "permit", "per cent",
            "as per the report", "Kyiv’s", "résumé", "Zürich", "—", "naïve", "東京", "🙂",
            "He said:", "5%", "U.S.", "e-mail",
        ])
        .prop_map(str::to_owned),
    ]
}

fn sentence() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(word(), 1..12),
        prop::sample::select(vec![".", "!", "?", ""]),
    )
        .prop_map(|(words, end)| format!("{}{end}", words.join(" ")))
}

fn outlet() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "BBC",
        "NBC News",
        "AP News",
        "Reuters",
        "CNN",
        "The New York Times",
        "Al Jazeera",
        "Fox News",
        "U.S. News",
        "The Times of India",
    ])
    .prop_map(str::to_owned)
}

/// An inline piece of a paragraph.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => sentence(),
        1 => (outlet(), sentence()).prop_map(|(o, s)| format!("Per{o},{s}")),
        1 => (sentence(), outlet()).prop_map(|(s, o)| format!("{s} as per{o}.")),
        1 => (outlet(), sentence()).prop_map(|(o, s)| format!("according to{o}, {s}")),
        1 => sentence().prop_map(|s| format!("\"{s}\"")),
        1 => sentence().prop_map(|s| format!("“{s}”")),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..5)
        .prop_map(|p| p.join(" "))
        .prop_filter("a paragraph must not read as a promo", |p| {
            !p.trim().is_empty() && !looks_like_promo(p)
        })
}

fn looks_like_promo(p: &str) -> bool {
    let head = p
        .split(':')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let head: Vec<&str> = head.split_whitespace().collect();
    p.contains(':') && dateline_core::PROMO_LABELS.contains(&head.join(" ").as_str())
}

fn promo() -> impl Strategy<Value = (String, String)> {
    (
        prop::sample::select(vec![
            "Read Also",
            "Related Article",
            "READ ALSO",
            "Also Read",
            "Read More",
            "related",
            "See Also",
            "Related Story",
        ]),
        prop::sample::select(vec![":", ": ", " : "]),
        sentence().prop_filter("a title", |s| !s.trim().is_empty()),
    )
        .prop_map(|(label, sep, title)| {
            let title = title.trim().to_owned();
            (format!("{label}{sep}{title}"), title)
        })
}

#[derive(Clone, Debug)]
enum Line {
    Paragraph(String),
    Promo(String, String),
    Blank(String),
}

fn body_line() -> impl Strategy<Value = Line> {
    prop_oneof![
        6 => paragraph().prop_map(Line::Paragraph),
        2 => promo().prop_map(|(l, t)| Line::Promo(l, t)),
        1 => prop::sample::select(vec!["", " ", "\t", "  "]).prop_map(|s| Line::Blank(s.to_owned())),
    ]
}

fn date() -> impl Strategy<Value = String> {
    (1990u16..2030, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| format!("{y:04}{m:02}{d:02}"))
}

fn url() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["http", "https"]),
        prop::sample::select(vec![
            "www.hngn.com",
            "www.bbc.com",
            "apnews.com",
            "www.reuters.com",
        ]),
        "[a-z0-9-]{1,30}",
    )
        .prop_map(|(s, h, p)| format!("{s}://{h}/articles/{p}"))
}

/// A whole article with random layout quirks.
pub fn article() -> impl Strategy<Value = Generated> {
    (
        sentence().prop_filter("a headline", |s| {
            let t = s.trim();
            !t.is_empty() && dateline_core::Date::from_compact(t).is_none()
        }),
        date(),
        url(),
        prop::collection::vec(body_line(), 0..12),
        any::<bool>(),                            // BOM
        prop::collection::vec(any::<bool>(), 16), // CRLF per line
        prop::collection::vec(
            prop::option::of(prop::sample::select(vec![" ", "\t", "  "])),
            16,
        ), // trailing ws
        any::<bool>(),                            // final newline
    )
        .prop_map(|(title, date, url, body, bom, crlf, trailing, final_nl)| {
            let mut lines: Vec<String> = vec![title.trim().to_owned(), date, url];
            let mut expected = Vec::new();
            for line in body {
                match line {
                    Line::Paragraph(p) => {
                        lines.push(p.trim().to_owned());
                        expected.push(None);
                    }
                    Line::Promo(l, t) => {
                        lines.push(l);
                        expected.push(Some(t));
                    }
                    Line::Blank(ws) => lines.push(ws),
                }
            }
            // A trailing blank line followed by nothing and no final newline would be
            // empty text, which is no line at all; give the last line content.
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            let n = lines.len();
            for (i, line) in lines.iter().enumerate() {
                text.push_str(line);
                if let (Some(ws), false) = (trailing[i % 16], line.trim().is_empty()) {
                    text.push_str(ws);
                }
                let last = i + 1 == n;
                if !last || final_nl || line.is_empty() {
                    text.push_str(if crlf[i % 16] { "\r\n" } else { "\n" });
                }
            }
            Generated {
                text,
                body: expected,
            }
        })
}

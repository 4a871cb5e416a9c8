//! Articles, options and exporting, shared by the format tests.

use std::borrow::Cow;

use dateline_citations::{Bibtex, CslJson, Ris};
use dateline_plugin::dateline_core::{self, Article, Block};
use dateline_plugin::dateline_export::{ArticleLinks, Exporter, Options, OutletRef, UrlFacts};

/// The seed fixture's text.
pub fn seed_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/000_4e9296dd8dfcdc21.txt"
    );
    std::fs::read_to_string(path).expect("the seed fixture")
}

/// The seed's headline.
pub const SEED_TITLE: &str = "Macron Heads To Meet Putin in Russia In Bid To Deescalate Ukraine Tensions By Proposing A New Balance";
/// The seed's URL.
pub const SEED_URL: &str = "http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm";
/// The seed's first paragraph.
pub const SEED_LEDE: &str = "The source also mentioned that Moscow is expected to test missiles with different capabilities, such as intercontinental ballistic missiles without nuclear warheads. Though Russian President Putin has not made a final decision on an invasion. Moscow earlier announced that it is still open for diplomatic talks to develop possible solutions.";

/// Parses an article file's text.
pub fn parse(text: &str) -> Article<'static> {
    match dateline_core::parse(text) {
        Ok(article) => article.into_owned(),
        Err(e) => panic!("does not parse: {e}\n{text}"),
    }
}

/// A small article.
pub fn article(title: &str, date: &str, url: &str, body: &str) -> Article<'static> {
    parse(&format!("{title}\n{date}\n{url}\n{body}\n"))
}

/// The same article with its headline replaced by `title`, which may hold what a
/// parsed headline cannot (line breaks, leading spaces).
pub fn with_title(mut article: Article<'static>, title: &str) -> Article<'static> {
    article.title = Cow::Owned(title.to_owned());
    article
}

/// The same article with the repaired text of its first paragraph replaced.
pub fn with_lede(mut article: Article<'static>, text: &str) -> Article<'static> {
    if let Some(Block::Paragraph(p)) = article
        .blocks
        .iter_mut()
        .find(|b| matches!(b, Block::Paragraph(_)))
    {
        p.text = Cow::Owned(text.to_owned());
    }
    article
}

/// Headlines that would break a careless writer of any of the three formats.
pub const HOSTILE: &[&str] = &[
    "Braces { and } and {unbalanced",
    "Closing first } then {",
    "}}}}} @online{evil, title={x}}",
    r"Back\slash \textbf{bold} \\ \end{document} \",
    "Percent % and hash # and amp & and dollar $x$ and under_score",
    "Tilde ~ caret ^ and \"quotes\" and 'single' and `tick`",
    "At @ sign @article{injected, and = { comma, equals =",
    "<script>alert(1)</script> & <b>|pipes|</b>",
    "Dashes -- and --- and ``quotes'' and ,,low,, and !`inverted ?`",
    "Ünïcødé — “curly” 日本語 العربية 🚀 and \u{a0}nbsp",
    "ER  - TY  - JOUR inside a headline",
    "TI  - a tag at the start",
    "%comment at the start",
    "\\starts with a command",
    "{starts with a brace}",
    "ends with a backslash \\",
];

/// The facts of `url`: its canonical form, host and registrable domain only
/// (no date, id or slug).
fn url_only(url: &str) -> UrlFacts {
    let mut facts = UrlFacts::parse(url).expect("a web URL");
    facts.date = None;
    facts.article_id = None;
    facts.slug = None;
    facts
}

/// A linker that knows every article as an `hngn` story, with the canonical
/// URL of `https://www.hngn.com/articles/{n}` (`n` the article's day).
pub fn hngn_links() -> Options {
    Options::new().links(|article: &Article<'_>| ArticleLinks {
        url: Some(url_only(&format!(
            "https://www.hngn.com/articles/{}",
            article.date.day()
        ))),
        outlet: Some(OutletRef::new("hngn", "Headlines & Global News {HNGN}", "hngn.com").into()),
        sources: Vec::new(),
        promos: Vec::new(),
    })
}

/// A linker that knows URL facts but no outlet.
pub fn facts_only_links() -> Options {
    Options::new().links(|_: &Article<'_>| ArticleLinks {
        url: Some(url_only("https://news.example.co.uk/a")),
        outlet: None,
        sources: Vec::new(),
        promos: Vec::new(),
    })
}

/// The three formats by name.
pub fn exporter(format: &str, options: &Options) -> Box<dyn Exporter> {
    match format {
        "bibtex" => Box::new(Bibtex::new(options)),
        "ris" => Box::new(Ris::new(options)),
        "csl-json" => Box::new(CslJson::new(options)),
        other => panic!("no format {other}"),
    }
}

/// Exports `articles` as one document.
pub fn export(format: &str, options: &Options, articles: &[Article<'_>]) -> String {
    let mut exporter = exporter(format, options);
    let mut out = Vec::new();
    exporter.begin(&mut out).expect("begin");
    for article in articles {
        exporter.article(&mut out, article).expect("article");
    }
    exporter.end(&mut out).expect("end");
    String::from_utf8(out).expect("UTF-8")
}

/// The seed, with its id.
pub fn seed() -> Article<'static> {
    parse(&seed_text()).with_id("000_4e9296dd8dfcdc21")
}

/// One article per hostile headline, all on the same day and host.
pub fn hostile_articles() -> Vec<Article<'static>> {
    HOSTILE
        .iter()
        .map(|title| {
            with_title(
                article("Placeholder", "20220131", "https://example.com/a", "Body."),
                title,
            )
        })
        .collect()
}

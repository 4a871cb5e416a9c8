//! `xml` is well-formed, namespaced TEI whose `<p>`s hold the paragraphs exactly.

use dateline_core::Article;
use dateline_export::Options;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::common::{
    NASTY, all_option_sets, blocks, export, fixture, fixtures, links, paragraphs, related,
    source_homepages,
};

const TEI: &str = "http://www.tei-c.org/ns/1.0";

/// An element as quick-xml reads it: namespace resolved, references resolved.
#[derive(Debug, Default)]
struct Element {
    namespace: String,
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn text(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> &Element {
        self.elements()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("<{}> has no <{name}>", self.name))
    }

    fn path(&self, names: &[&str]) -> &Element {
        names.iter().fold(self, |e, name| e.child(name))
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every element in document order, self included.
    fn descendants(&self) -> Vec<&Element> {
        let mut all = vec![self];
        for e in self.elements() {
            all.extend(e.descendants());
        }
        all
    }
}

/// Parses `xml`, panicking on anything not well-formed or any CDATA section.
fn parse(xml: &str) -> Element {
    let mut reader = NsReader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut saw_decl = false;
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}"));
        let namespace = match ns {
            ResolveResult::Bound(ns) => ns.as_ref().to_owned(),
            ResolveResult::Unbound => String::new(),
            ResolveResult::Unknown(p) => panic!("unknown prefix {p}"),
        };
        match event {
            Event::Decl(_) => saw_decl = true,
            Event::Start(start) => stack.push(element(&start, namespace)),
            Event::Empty(start) => {
                push_child(&mut stack, Node::Element(element(&start, namespace)));
            }
            Event::End(_) => {
                let done = stack.pop().expect("balanced");
                push_child(&mut stack, Node::Element(done));
            }
            Event::Text(t) => push_child(&mut stack, Node::Text(t.xml10_content().into_owned())),
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref().expect("a valid character reference") {
                    Some(c) => c.to_string(),
                    None => match r.xml10_content().as_ref() {
                        "amp" => "&".to_owned(),
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "quot" => "\"".to_owned(),
                        "apos" => "'".to_owned(),
                        other => panic!("undefined entity &{other};"),
                    },
                };
                push_child(&mut stack, Node::Text(text));
            }
            Event::CData(_) => panic!("a CDATA section was written"),
            Event::DocType(_) => panic!("a DOCTYPE was written"),
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    assert!(saw_decl, "no XML declaration");
    assert_eq!(stack.len(), 1, "unclosed elements");
    let document = stack.pop().expect("the document");
    let roots: Vec<_> = document
        .children
        .into_iter()
        .filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(t) => {
                assert!(t.trim().is_empty(), "text outside the root: {t:?}");
                None
            }
        })
        .collect();
    let [root] = <[Element; 1]>::try_from(roots).expect("exactly one root element");
    for e in root.descendants() {
        assert_eq!(e.namespace, TEI, "<{}> outside the TEI namespace", e.name);
    }
    root
}

fn element(start: &quick_xml::events::BytesStart<'_>, namespace: String) -> Element {
    let attributes = start
        .attributes()
        .map(|a| {
            let a = a.expect("a well-formed attribute");
            let value = a
                .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                .expect("a well-formed value");
            (a.key.as_ref().to_owned(), value.into_owned())
        })
        .collect();
    Element {
        namespace,
        name: start.local_name().as_ref().to_owned(),
        attributes,
        children: Vec::new(),
    }
}

fn push_child(stack: &mut [Element], node: Node) {
    stack
        .last_mut()
        .expect("the document is at the bottom")
        .children
        .push(node);
}

/// `pointer` with its `%XX` escapes decoded: the URL it was made from, when
/// that held no escape of its own (true of every URL of the fixtures).
fn percent_decoded(pointer: &str) -> String {
    let bytes = pointer.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("escapes of UTF-8")
}

/// Checks one `<TEI>` element against the article.
fn check_tei(tei: &Element, article: &Article<'_>, options: &Options, what: &str) {
    assert_eq!(tei.name, "TEI", "{what}");
    let file_desc = tei.path(&["teiHeader", "fileDesc"]);
    assert_eq!(
        file_desc.path(&["titleStmt", "title"]).text(),
        article.title,
        "{what}"
    );
    let publication = file_desc.child("publicationStmt");
    let idno = |kind: &str| {
        publication
            .elements()
            .find(|e| e.name == "idno" && e.attribute("type") == Some(kind))
            .map(Element::text)
    };
    assert_eq!(idno("dateline").as_deref(), article.id.as_deref(), "{what}");
    let links = links(article, options);
    assert_eq!(
        idno("URL"),
        links
            .as_ref()
            .and_then(|l| l.url.as_ref())
            .map(|u| u.canonical.to_string()),
        "{what}: the canonical URL"
    );
    let publisher = publication.elements().find(|e| e.name == "publisher");
    let outlet = links.as_ref().and_then(|l| l.outlet.as_ref());
    assert_eq!(
        publisher.map(|p| (p.text(), p.attribute("ref").map(percent_decoded))),
        outlet.map(|o| (o.name.clone(), Some(o.homepage.clone()))),
        "{what}: publisher (its home page, percent-encoded where a URI must be)"
    );
    // TEI order: the agencies (authority, publisher), then the idnos.
    let order: Vec<&str> = publication.elements().map(|e| e.name.as_str()).collect();
    let first_idno = order
        .iter()
        .position(|n| *n == "idno")
        .unwrap_or(order.len());
    assert!(
        order[first_idno..].iter().all(|n| *n == "idno"),
        "{what}: {order:?}"
    );
    let bibl = file_desc.path(&["sourceDesc", "bibl"]);
    assert_eq!(bibl.child("title").text(), article.title, "{what}");
    let date = article.date.to_string();
    assert_eq!(
        bibl.child("date").attribute("when"),
        Some(date.as_str()),
        "{what}"
    );
    assert_eq!(
        bibl.child("ref").attribute("target").map(percent_decoded),
        Some(article.url.to_string()),
        "{what}"
    );
    assert_eq!(bibl.child("ref").text(), article.url, "{what}");

    let body = tei.path(&["text", "body"]);
    assert_eq!(body.child("head").text(), article.title, "{what}");
    let ps: Vec<String> = body
        .elements()
        .filter(|e| e.name == "p")
        .map(Element::text)
        .collect();
    assert_eq!(
        ps,
        paragraphs(article, options),
        "{what}: the text of the <p>s"
    );
    let refs: Vec<String> = body
        .elements()
        .filter(|e| e.name == "ab" && e.attribute("type") == Some("related"))
        .map(|ab| ab.child("ref").text())
        .collect();
    assert_eq!(refs, related(article, options), "{what}: promos as <ref>");
    // The label is the subtype, its spaces made `-` (a TEI token has none).
    let subtypes: Vec<Option<&str>> = body
        .elements()
        .filter(|e| e.name == "ab" && e.attribute("type") == Some("related"))
        .map(|ab| ab.attribute("subtype"))
        .collect();
    let labels: Vec<String> = article
        .related()
        .filter(|_| !options.drop_promos)
        .map(|r| r.label.split_whitespace().collect::<Vec<_>>().join("-"))
        .collect();
    assert_eq!(
        subtypes,
        labels.iter().map(|l| Some(l.as_str())).collect::<Vec<_>>(),
        "{what}: promo labels as subtype"
    );
    // Blocks in source order.
    let order: Vec<(bool, String)> = body
        .elements()
        .filter(|e| e.name == "p" || e.attribute("type") == Some("related"))
        .map(|e| (e.name == "ab", e.text()))
        .collect();
    assert_eq!(order, blocks(article, options), "{what}: block order");

    let sources: Vec<String> = body
        .descendants()
        .into_iter()
        .filter(|e| e.name == "name" && e.attribute("type") == Some("source"))
        .map(Element::text)
        .collect();
    let want: Vec<String> = article
        .attributions()
        .map(|a| a.source.to_string())
        .collect();
    assert_eq!(sources, want, "{what}: attributions as <name>");
    let refs: Vec<Option<String>> = body
        .descendants()
        .into_iter()
        .filter(|e| e.name == "name" && e.attribute("type") == Some("source"))
        .map(|e| e.attribute("ref").map(percent_decoded))
        .collect();
    assert_eq!(
        refs,
        source_homepages(article, options),
        "{what}: resolved sources refer to their outlet"
    );
    let quotes = body
        .descendants()
        .into_iter()
        .filter(|e| e.name == "q")
        .count();
    let want = article
        .paragraphs()
        .flat_map(|p| &p.inlines)
        .filter(|i| matches!(i, dateline_core::Inline::Quotation(_)))
        .count();
    assert_eq!(quotes, want, "{what}: quotations as <q>");
    // Only the elements the format documents.
    for e in tei.descendants() {
        assert!(
            [
                "TEI",
                "teiHeader",
                "fileDesc",
                "titleStmt",
                "title",
                "publicationStmt",
                "authority",
                "publisher",
                "idno",
                "sourceDesc",
                "bibl",
                "date",
                "ref",
                "text",
                "body",
                "head",
                "p",
                "ab",
                "name",
                "q",
            ]
            .contains(&e.name.as_str()),
            "{what}: unexpected <{}>",
            e.name
        );
    }
}

#[test]
fn every_fixture_is_well_formed_tei() {
    for fixture in fixtures() {
        let article = fixture.article();
        for (label, options) in all_option_sets() {
            let what = format!("{}/{label}", fixture.id);
            let out = export("xml", &options, &[&article]);
            let root = parse(&out);
            check_tei(&root, &article, &options, &what);
        }
    }
}

#[test]
fn several_articles_make_a_tei_corpus() {
    let fixtures = fixtures();
    let articles: Vec<_> = fixtures.iter().map(|f| f.article()).collect();
    let options = Options::new();
    for n in [2, articles.len()] {
        let refs: Vec<_> = articles.iter().take(n).collect();
        let root = parse(&export("xml", &options, &refs));
        assert_eq!(root.name, "teiCorpus");
        assert_eq!(
            root.path(&["teiHeader", "fileDesc", "titleStmt", "title"])
                .text(),
            "dateline corpus"
        );
        let teis: Vec<_> = root.elements().filter(|e| e.name == "TEI").collect();
        assert_eq!(teis.len(), n);
        for (tei, article) in teis.into_iter().zip(&articles) {
            check_tei(tei, article, &options, &format!("corpus of {n}"));
        }
    }
}

#[test]
fn no_article_is_one_tei_with_the_corpus_header() {
    // TEI has no empty `<teiCorpus>`: it must hold a `<TEI>`.
    let root = parse(&export("xml", &Options::new(), &[]));
    assert_eq!(root.name, "TEI");
    assert_eq!(
        root.path(&["teiHeader", "fileDesc", "titleStmt", "title"])
            .text(),
        "dateline corpus"
    );
    let body = root.path(&["text", "body"]);
    let children: Vec<_> = body.elements().map(|e| e.name.as_str()).collect();
    assert_eq!(children, ["ab"]);
    assert_eq!(body.text().trim(), "");
}

#[test]
fn hostile_text_stays_text() {
    let hostile = fixture("hostile");
    let article = hostile.article();
    let out = export("xml", &Options::new(), &[&article]);
    assert!(!out.contains("<![CDATA["), "no CDATA, even the input's");
    assert!(!out.contains("]]>"), "`]]>` is escaped");
    assert!(!out.contains("<script"));
    let root = parse(&out);
    assert!(root.descendants().iter().all(|e| e.name != "script"));
}

#[test]
fn hostile_links_stay_text() {
    let hostile = fixture("hostile");
    let article = hostile.article();
    let options = Options::new().links(crate::common::hostile_links);
    let out = export("xml", &options, &[&article]);
    assert!(!out.contains("]]>"), "`]]>` is escaped");
    assert!(!out.contains("<script"));
    assert!(!out.contains("<b>"));
    let root = parse(&out);
    check_tei(&root, &article, &options, "hostile links");
    let publisher = root.path(&["teiHeader", "fileDesc", "publicationStmt", "publisher"]);
    assert_eq!(publisher.text(), NASTY);
    assert!(
        root.descendants()
            .iter()
            .all(|e| e.name != "script" && e.name != "b")
    );
}

#[test]
fn forbidden_characters_are_replaced() {
    let text = "Bell\u{7} and \u{1b}[31m escape \u{fffe}\n20220131\nhttps://example.com/\nA\u{0}B \u{85} C\n";
    let article = dateline_core::parse(text).expect("parses");
    let out = export("xml", &Options::new(), &[&article]);
    let root = parse(&out);
    let title = root
        .path(&["teiHeader", "fileDesc", "titleStmt", "title"])
        .text();
    assert_eq!(title, "Bell\u{fffd} and \u{fffd}[31m escape \u{fffd}");
}

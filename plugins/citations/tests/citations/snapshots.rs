//! Snapshots of each format on the seed. Review a changed snapshot line by line
//! before accepting it.

use dateline_plugin::dateline_export::Options;

use crate::common::*;

/// RIS lines end in CR LF; the snapshot shows them.
fn visible_crlf(s: &str) -> String {
    s.replace("\r\n", "<CR><LF>\n")
}

#[test]
fn seed_bibtex() {
    insta::assert_snapshot!(export("bibtex", &Options::new(), &[seed()]));
}

#[test]
fn seed_bibtex_with_outlet() {
    insta::assert_snapshot!(export("bibtex", &hngn_links(), &[seed()]));
}

#[test]
fn seed_ris() {
    insta::assert_snapshot!(visible_crlf(&export("ris", &Options::new(), &[seed()])));
}

#[test]
fn seed_ris_with_outlet() {
    insta::assert_snapshot!(visible_crlf(&export("ris", &hngn_links(), &[seed()])));
}

#[test]
fn seed_csl_json() {
    insta::assert_snapshot!(export("csl-json", &Options::new(), &[seed()]));
}

#[test]
fn seed_csl_json_with_outlet_compact() {
    insta::assert_snapshot!(export("csl-json", &hngn_links().compact(true), &[seed()]));
}

#[test]
fn hostile_bibtex() {
    insta::assert_snapshot!(export("bibtex", &Options::new(), &hostile_articles()));
}

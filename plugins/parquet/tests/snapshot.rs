//! The seed's row, as read back, rendered as stable text. Review a changed
//! snapshot line by line before accepting it.

mod common;

use common::{export, files, parse_all, read};
use dateline_plugin::dateline_export::Options;

#[test]
fn seed_row() {
    let seed = files("tests/fixtures");
    let back = read(&export(&parse_all(&seed), &Options::new()));
    insta::assert_snapshot!(back.render());
}

#[test]
fn seed_row_raw_without_promos() {
    let seed = files("tests/fixtures");
    let back = read(&export(
        &parse_all(&seed),
        &Options::new().raw(true).drop_promos(true),
    ));
    insta::assert_snapshot!(back.render());
}

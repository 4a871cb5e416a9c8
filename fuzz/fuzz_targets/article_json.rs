//! The model's JSON deserialisation (`serde_json::from_slice::<Article>`), as a
//! plugin reads each article it is sent, on arbitrary bytes.
//!
//! What must hold:
//! - no panic, whatever the bytes (the tagged enums' hand-written `Deserialize`
//!   in `tagged.rs` above all: any key order, kinds by name or index, sequences);
//! - what deserialises re-serialises, and that JSON deserialises to an equal
//!   value and serialises to the same bytes (a fixed point after one step);
//! - what a consumer does next with the model (write its source, lint it) does
//!   not panic either, whatever spans and strings the JSON held.

#![no_main]

use dateline_core::{Article, lint};
use libfuzzer_sys::fuzz_target;

/// The most lines a model may describe for the source to be written here. A
/// model is free to say "4 billion blank lines" (`layout.lines`, a block's
/// `line`), and writing that is no bug, only slow: skip such models.
const MAX_LINES: u32 = 100_000;

fuzz_target!(|data: &[u8]| {
    let Ok(article) = serde_json::from_slice::<Article<'_>>(data) else {
        return;
    };
    let json = match serde_json::to_vec(&article) {
        Ok(json) => json,
        Err(e) => panic!("a deserialised article serialises: {e}"),
    };
    let again: Article<'_> = match serde_json::from_slice(&json) {
        Ok(again) => again,
        Err(e) => panic!(
            "what was written reads back: {e}\n{}",
            String::from_utf8_lossy(&json)
        ),
    };
    assert_eq!(again, article, "the model survives its JSON");
    match serde_json::to_vec(&again) {
        Ok(twice) => assert!(twice == json, "the JSON is a fixed point"),
        Err(e) => panic!("a deserialised article serialises: {e}"),
    }

    let last_block = article.blocks.last().map_or(0, |b| b.line());
    if article.layout.lines.max(last_block) <= MAX_LINES {
        let source = article.to_source();
        assert_eq!(
            source.len(),
            article.source_len(),
            "source_len is what is written"
        );
        let _ = lint(&article);
    }
});

//! PENDING: archive reading, on arbitrary bytes. Not built yet.
//!
//! Archive reading lives in `crates/cli/src/source.rs` today, inside the binary
//! crate, which a fuzz target cannot link. It is moving into the library crate
//! `dateline-corpus`; once it is there, this file becomes
//! `fuzz/fuzz_targets/archive.rs` and fuzz/Cargo.toml gets:
//!
//! ```toml
//! [dependencies]
//! dateline-corpus = { path = "../crates/corpus" }
//! flate2 = "1"
//! zstd = { version = "0.13", default-features = false }
//!
//! [[bin]]
//! name = "archive"
//! path = "fuzz_targets/archive.rs"
//! test = false
//! doc = false
//! bench = false
//! ```
//!
//! and `archive` joins the target lists of `fuzz/smoke` and fuzz/README.md,
//! with `seeds/archive/` (see pending/README.md for the seeds to make).
//!
//! # The API this needs from dateline-corpus
//!
//! Everything it uses is in the `api` module below, so that wiring it to what
//! the crate really exports is one place to edit. Today's `source.rs` has all
//! of it but one function: `Walker::archive(path, kind)` opens a *file*. The
//! target needs the same walk over a *stream*:
//!
//! ```ignore
//! /// Visits the members of the tar stream `reader`, decompressed as `kind`
//! /// says, as `walk` does for an archive file named `name`: articles as
//! /// `Entry::Item` named `NAME:MEMBER` (id: the member's stem), other
//! /// members as `Entry::Skipped`, a corrupt or truncated stream as one
//! /// failed item, after which nothing more is visited.
//! pub fn walk_archive(
//!     name: &str,
//!     reader: impl std::io::Read,
//!     kind: Archive,
//!     rules: &Rules,
//!     visit: &mut dyn FnMut(Entry) -> std::ops::ControlFlow<()>,
//! ) -> std::ops::ControlFlow<()>;
//! ```
//!
//! with `Archive`, `Rules`, `Entry`, `Item` (`name()`, `id()`, `payload`) and
//! `Payload` public as they are in `source.rs`. `Walker::archive` then becomes
//! `open_archive` + this function. When the member size cap of issue 15 item 5
//! lands, `Rules` (or whatever carries the cap) says the largest article, and
//! the target checks every payload against it.
//!
//! # What it checks
//!
//! - no panic, no hang (`-timeout`), bounded memory (`-rss_limit_mb`), on any
//!   bytes given as a tar, gzip or zstd stream;
//! - every item is named `fuzz.tar:MEMBER`, with the member's stem as id; a
//!   payload is bytes (never a path) and no larger than the cap; a failed item
//!   says why and is the last thing visited;
//! - the same tar bytes read raw, gzip-compressed and zstd-compressed visit the
//!   same items with the same payloads (compression changes nothing), and a
//!   compressed stream cut short visits a prefix of them, then at most one
//!   failed item.

#![no_main]

use std::io::Write;
use std::ops::ControlFlow;

use libfuzzer_sys::fuzz_target;

/// The one place that names the crate's API (see the module docs).
mod api {
    pub use dateline_corpus::source::{Archive, Entry, Payload, Rules, walk_archive};

    /// The largest article the walk hands over (issue 15 item 5). Replace
    /// with the crate's default cap once it has one.
    pub const MAX_ARTICLE_BYTES: usize = usize::MAX;
}

use api::{Archive, Entry, MAX_ARTICLE_BYTES, Payload, Rules, walk_archive};

/// What the walk visited, comparable across compressions.
#[derive(Debug, PartialEq)]
enum Seen {
    Article {
        name: String,
        id: Option<String>,
        bytes: Vec<u8>,
    },
    Failed {
        name: String,
    },
    Skipped,
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    match mode % 4 {
        // The bytes as each kind of stream: decoders and the tar reader on
        // anything.
        0 => {
            walk(bytes, Archive::Gzip);
            walk(bytes, Archive::Zstd);
        }
        // The bytes as a tar: compressing must change nothing.
        1 => {
            let plain = walk(bytes, Archive::Tar);
            assert_eq!(
                walk(&gzip(bytes), Archive::Gzip),
                plain,
                "gzip changes nothing"
            );
            assert_eq!(
                walk(&zstd(bytes), Archive::Zstd),
                plain,
                "zstd changes nothing"
            );
        }
        // A compressed tar cut short: a prefix of what the whole one gives,
        // then at most one failed item.
        k => {
            let (whole, kind) = if k == 2 {
                (gzip(bytes), Archive::Gzip)
            } else {
                (zstd(bytes), Archive::Zstd)
            };
            let full = walk(&whole, kind);
            // The mode byte's other six bits say where: 0/64 to 63/64 of the way.
            let cut = usize::from(mode >> 2) * whole.len() / 64;
            let part = walk(&whole[..cut], kind);
            let ok = part
                .iter()
                .take_while(|s| !matches!(s, Seen::Failed { .. }))
                .count();
            assert_eq!(
                &part[..ok],
                &full[..ok],
                "a cut stream starts as the whole one"
            );
            assert!(part.len() <= ok + 1, "nothing follows a failed item");
        }
    }
});

/// Walks `stream` as an archive of `kind` named `fuzz.tar`, checking each
/// entry, and returns what was seen.
fn walk(stream: &[u8], kind: Archive) -> Vec<Seen> {
    let rules = Rules::new(["txt"]);
    let mut seen = Vec::new();
    let _ = walk_archive("fuzz.tar", stream, kind, &rules, &mut |entry| {
        assert!(
            !matches!(seen.last(), Some(Seen::Failed { .. })),
            "nothing is visited after a failed item"
        );
        match entry {
            Entry::Item(item) => {
                let name = item.name().into_owned();
                let id = item.id().map(|id| id.into_owned());
                assert!(name.starts_with("fuzz.tar"), "{name:?} names its archive");
                match item.payload {
                    Payload::Bytes(bytes) => {
                        assert!(bytes.len() <= MAX_ARTICLE_BYTES, "{name}: over the cap");
                        // What a worker does next: must not panic either.
                        let _ = dateline_core::parse_bytes(&bytes);
                        seen.push(Seen::Article { name, id, bytes });
                    }
                    Payload::Failed(error) => {
                        assert!(!error.to_string().is_empty(), "{name}: a failure says why");
                        seen.push(Seen::Failed { name });
                    }
                    Payload::Path(path) => panic!("an archive member is never a path: {path:?}"),
                }
            }
            Entry::Skipped => seen.push(Seen::Skipped),
            _ => {}
        }
        ControlFlow::Continue(())
    });
    seen
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    match encoder.write_all(bytes).and_then(|()| encoder.finish()) {
        Ok(out) => out,
        Err(e) => panic!("gzip into a Vec failed: {e}"),
    }
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    match zstd::stream::encode_all(bytes, 1) {
        Ok(out) => out,
        Err(e) => panic!("zstd into a Vec failed: {e}"),
    }
}

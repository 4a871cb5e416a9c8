//! Archive reading (`dateline_corpus::source::walk_archive`) on arbitrary
//! bytes given as a tar, gzip or zstd stream.
//!
//! # What it checks
//!
//! - no panic, no hang (`-timeout`), bounded memory (`-rss_limit_mb`), on any
//!   bytes given as a tar, gzip or zstd stream;
//! - every item and every unsupported member is named `fuzz.tar` or
//!   `fuzz.tar:MEMBER`; a payload is bytes (never a path) and no larger than
//!   the size cap (set small here, so that the over-size path runs); a failed
//!   item says why;
//! - the same tar bytes read raw, gzip-compressed and zstd-compressed visit the
//!   same items with the same payloads (compression changes nothing; hard
//!   links, which read the stream again, included), and a compressed stream
//!   cut short visits what the whole one does up to where they differ, then
//!   one failed item and nothing more.
//!
//! The first byte is the *mode* (mode % 4: 0 the rest is a gzip and a zstd
//! stream as given, 1 a tar read raw, gzip- and zstd-compressed, 2 and 3 a tar
//! compressed by gzip or zstd and cut at (mode >> 2)/64 of its length).

#![no_main]

use std::io::Write;
use std::ops::ControlFlow;

use libfuzzer_sys::fuzz_target;

use dateline_corpus::source::{Archive, Entry, Payload, Rules, walk_archive};

/// The size cap of the walk: small, so that members over it are common.
const MAX_ARTICLE_BYTES: u64 = 4096;

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
    Unsupported {
        name: String,
    },
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
            let same = part.iter().zip(&full).take_while(|(a, b)| a == b).count();
            if same < part.len() {
                assert!(
                    matches!(part[same], Seen::Failed { .. }),
                    "a cut stream differs from the whole one by a failed item"
                );
                assert_eq!(part.len(), same + 1, "nothing follows the break");
            }
        }
    }
});

/// Walks `stream` as an archive of `kind` named `fuzz.tar`, checking each
/// entry, and returns what was seen.
fn walk(stream: &[u8], kind: Archive) -> Vec<Seen> {
    let rules = Rules::new(["txt"]).max_article_bytes(MAX_ARTICLE_BYTES);
    let mut seen = Vec::new();
    let _ = walk_archive("fuzz.tar", || Ok(stream), kind, &rules, &mut |entry| {
        match entry {
            Entry::Item(item) => {
                let name = item.name().into_owned();
                let id = item.id().map(|id| id.into_owned());
                assert!(name.starts_with("fuzz.tar"), "{name:?} names its archive");
                match item.payload {
                    Payload::Bytes(bytes) => {
                        assert!(
                            bytes.len() as u64 <= MAX_ARTICLE_BYTES,
                            "{name}: over the cap"
                        );
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
            Entry::Unsupported { name, what } => {
                assert!(name.starts_with("fuzz.tar:"), "{name:?} names its archive");
                assert!(!what.is_empty(), "{name}: says what it is");
                seen.push(Seen::Unsupported { name });
            }
            Entry::Ahead(_) => {}
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

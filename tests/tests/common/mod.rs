//! What several test files share: plugins.rs and plugin_formats.rs here, and
//! crates/cli/tests/pipeline.rs (through `#[path]`, so that what a pipeline
//! batch is stays written once).

// Each test file that includes this module uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// What the CLI's corpus pipeline does (`crates/cli/src/pipeline.rs`,
/// `Config::new`): items go to the workers in batches of this many files.
pub const BATCH: usize = 64;

/// A corpus written by [`uneven_corpus`].
pub struct Corpus {
    /// Its directory.
    pub dir: PathBuf,
    /// The article ids (file stems), in walk (name) order.
    pub ids: Vec<String>,
    /// The articles' URLs, in the same order.
    pub urls: Vec<String>,
}

/// Writes a generated corpus of `batches` full pipeline batches into
/// `dir/uneven`.
///
/// The work is uneven on purpose: the articles of every third batch, the first
/// one included, have their body repeated eight times. With several workers the
/// light batches after a heavy one finish first, so the output is in input order
/// only if the CLI puts the results back in order (its reorder buffer); a corpus
/// of one batch runs on one worker and would pass without it.
pub fn uneven_corpus(dir: &Path, batches: usize) -> Corpus {
    let root = dir.join("uneven");
    std::fs::create_dir_all(&root).expect("mkdir");
    let cfg = dateline_test_support::GenConfig::new(11);
    let (mut ids, mut urls) = (Vec::new(), Vec::new());
    for index in 0..batches * BATCH {
        let article = dateline_test_support::generate_article(&cfg, index as u64);
        // The position first: the walk's name order is the generation order.
        let id = format!("{index:04}_{}", article.file_name.trim_end_matches(".txt"));
        let mut text = article.text;
        if (index / BATCH).is_multiple_of(3) {
            // Clean articles: three header lines, then the body, each line
            // ending with `\n`.
            let body: String = text.split_inclusive('\n').skip(3).collect();
            for _ in 0..7 {
                text.push_str(&body);
            }
        }
        std::fs::write(root.join(format!("{id}.txt")), text).expect("write");
        ids.push(id);
        urls.push(article.truth.url);
    }
    Corpus {
        dir: root,
        ids,
        urls,
    }
}

//! What crosses the boundary as bytes: the export options, and each article
//! and its links, as JSON.
//!
//! * `create` receives [`WireOptions`].
//! * `article` receives two byte strings: the article as JSON of the document
//!   model (`dateline_core::Article`, `model_version` 1; what `dateline convert
//!   --to jsonl --no-links` writes for it, newline included), and its links as
//!   JSON of [`ArticleLinks`], or nothing when the options did not ask for links.
//!   Two strings rather than one object so that neither side parses or writes
//!   more than it must: the host writes the model with dateline-export's fast
//!   JSON writer, and a plugin reads the links only when it asked for them.
//!
//! Articles cross as JSON of the document model rather than as `#[repr(C)]`
//! views of it. The model is a tree of borrowed-or-owned strings, nested enums
//! and vectors; a C view would need a second, parallel type tree to keep stable
//! field by field. Its JSON is already versioned (`model_version`, refused by
//! `dateline_core` when it differs), published as a JSON Schema, lossless (the
//! source file can be rebuilt from it), readable from any language, and cheap
//! next to what a format does with an article.

use std::sync::{Arc, Mutex, PoisonError};

use dateline_core::Article;
use dateline_export::{ArticleLinks, Linker, Options};
use serde::{Deserialize, Serialize};

/// The options of one exporter, as `create` receives them: the shared
/// [`dateline_export::Options`] that make sense outside the host.
///
/// `links` says whether the host passes each article's links (the second
/// byte string of the `article` entry point), which the plugin then sees
/// through [`Options::links`] exactly as a built-in format does.
///
/// A missing field takes its default, so a host may leave out what it does not set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WireOptions {
    /// [`Options::raw`].
    pub raw: Option<bool>,
    /// [`Options::drop_promos`].
    pub drop_promos: bool,
    /// [`Options::compact`].
    pub compact: bool,
    /// [`Options::csv_safe`].
    pub csv_safe: bool,
    /// Whether records carry links (the host has a [`Linker`]).
    pub links: bool,
}

impl WireOptions {
    /// The wire form of `options`.
    pub fn from_options(options: &Options) -> WireOptions {
        WireOptions {
            raw: options.raw,
            drop_promos: options.drop_promos,
            compact: options.compact,
            csv_safe: options.csv_safe,
            links: options.links.is_some(),
        }
    }

    /// The options a plugin's exporter is made with. With `links`, their
    /// [`Linker`] answers with the links of the record being written.
    pub(crate) fn to_options(&self, links: Option<Arc<CurrentLinks>>) -> Options {
        let mut options = Options::new();
        options.raw = self.raw;
        options.drop_promos = self.drop_promos;
        options.compact = self.compact;
        options.csv_safe = self.csv_safe;
        if let Some(links) = links {
            options.links = Some(links);
        }
        options
    }
}

/// The [`Linker`] a plugin's exporter sees: the links that came with the record
/// being written (the host computed them with its own linker).
#[derive(Debug, Default)]
pub(crate) struct CurrentLinks {
    links: Mutex<ArticleLinks>,
}

impl CurrentLinks {
    pub(crate) fn set(&self, links: ArticleLinks) {
        *self.links.lock().unwrap_or_else(PoisonError::into_inner) = links;
    }
}

impl Linker for CurrentLinks {
    fn links(&self, _article: &Article<'_>) -> ArticleLinks {
        self.links
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

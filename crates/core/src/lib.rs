//! # dateline-core
//!
//! The grammar and document model for scraped news-article text files: one article
//! per file, line 1 the headline, line 2 the date `YYYYMMDD`, line 3 the source URL,
//! then one block per line.
//!
//! ```text
//! Macron Heads To Meet Putin in Russia In Bid To Deescalate Ukraine Tensions
//! 20220131
//! http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin.htm
//! The source also mentioned that Moscow is expected to test missiles ...
//! Read Also:US, Russia Still Open for Diplomacy on Ukraine Tension
//! Macron believes that Putin would be open to a broad discussion. PerBBC,the French ...
//! ```
//!
//! [`parse`] reads such a file into an [`Article`]: typed header fields, and
//! [`Block`]s that are either a [`Paragraph`] or a [`Related`] promo
//! (`Read Also:<headline>`). Inside paragraphs it finds [`Quotation`]s and
//! [`Attribution`]s, and repairs link text that scraping glued to its neighbours
//! (`PerBBC,the` becomes `Per BBC, the`), recording what was written and what it
//! became.
//!
//! ```
//! use dateline_core::{Block, Inline, parse};
//!
//! let src = "Macron Heads To Moscow\n20220131\nhttp://www.hngn.com/articles/240451/20220207/x.htm\n\
//!            PerBBC,the French leader hopes for \"dialogue\".\n\
//!            Read Also:US, Russia Still Open for Diplomacy\n";
//! let article = parse(src)?;
//!
//! let Block::Paragraph(p) = &article.blocks[0] else { unreachable!() };
//! assert_eq!(p.text, "Per BBC, the French leader hopes for \"dialogue\".");
//! let Inline::Attribution(a) = &p.inlines[0] else { unreachable!() };
//! assert_eq!((a.raw.as_ref(), a.source.as_ref()), ("PerBBC,", "BBC"));
//!
//! let promo = article.blocks[1].as_related().unwrap();
//! assert_eq!((promo.label.as_ref(), promo.title.as_ref()), ("Read Also", "US, Russia Still Open for Diplomacy"));
//!
//! // Lossless: the model gives back the input, byte for byte.
//! assert_eq!(article.to_source(), src);
//! # Ok::<(), dateline_core::ParseError>(())
//! ```
//!
//! ## What the crate promises
//! - **Lossless.** Every input that parses is given back exactly by
//!   [`Article::write_source`], from the model alone: BOM, CRLF, trailing spaces,
//!   blank lines and a missing final newline are kept in the [`Layout`].
//! - **Spans.** Every node has its byte [`Span`] in the input.
//! - **Zero-copy.** Text is borrowed from the input; only repaired paragraphs own
//!   their text.
//! - **Diagnostics, not panics.** Bad input gives a [`ParseError`] of
//!   [`Diagnostic`]s with stable [`Code`]s (`E002 invalid-date`), spans, and hints;
//!   [`Diagnostic::render`] prints them rustc-style. [`lint`] finds what parses but
//!   looks wrong (`W001 date-mismatch`). No input makes the parser panic.
//! - **One reading of a URL.** The [`url`] module holds the rule the source URL
//!   follows (an absolute http(s) URL *as written*, nothing a browser would have to
//!   repair) and the scanner that cuts a URL into parts; dateline-links builds on
//!   both.
//! - **Versioned JSON.** The model serialises with serde; its JSON carries
//!   `model_version` ([`MODEL_VERSION`]) and deserialising refuses other versions.
//!   With the `schema` feature the model derives `schemars::JsonSchema`.

#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod date;
mod diagnostic;
mod error;
mod grammar;
pub mod ids;
mod lint;
mod model;
mod printable;
mod tagged;
pub mod url;
mod write;

pub use date::{Date, DateParseError, IsoDate};
pub use diagnostic::{Code, Diagnostic, Location, Severity, UnknownCode};
pub use error::ParseError;
pub use grammar::{ATTRIBUTION_CUES, PROMO_LABELS, parse, parse_bytes};
pub use lint::lint;
pub use model::{
    Article, Attribution, Block, Eol, Header, Inline, Layout, LineQuirk, MODEL_VERSION,
    ModelVersion, Paragraph, Quotation, QuoteStyle, Related, Repair, Span, Text,
};
pub use printable::printable;
/// The lower-case host of a URL as written; [`url::host`] (kept at the top for
/// callers that group articles by host).
pub use url::host as url_host;

/// Every diagnostic for one input: the parse errors if it is rejected, otherwise
/// the [`lint`] warnings. Empty means clean.
///
/// ```
/// let d = dateline_core::diagnose(b"Headline\n20221341\nhttps://example.com/\n");
/// assert_eq!(d[0].code.as_str(), "E002");
/// ```
pub fn diagnose(input: &[u8]) -> Vec<Diagnostic> {
    match parse_bytes(input) {
        Ok(article) => lint(&article),
        Err(e) => e.diagnostics,
    }
}

/// The example in the crate's README.md, run as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

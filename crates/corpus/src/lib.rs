//! # dateline-corpus
//!
//! Read whole corpora of scraped news-article files — hundreds of thousands of
//! files, gigabytes, tar archives — parsed in parallel on every core, handed
//! back **in input order**, in **bounded memory**, a bad file reported and
//! passed over rather than ending the run.
//!
//! ```no_run
//! use dateline_corpus::{Corpus, CorpusError, Failure};
//!
//! // Every article under `articles/` (recursively, in name order) and in an archive.
//! let totals = Corpus::new(["articles/", "more.tar.zst"]).map(
//!     &(),
//!     // On a worker: the article, borrowed from its read buffer, or why it was rejected.
//!     |loaded| match loaded {
//!         Ok(a) => Ok((a.article.title.to_string(), a.article.related().count())),
//!         Err(rejected) => Err(Failure::from(&rejected)),
//!     },
//!     // On this thread, in input order.
//!     |result| {
//!         match result {
//!             Ok((title, promos)) => println!("{title}: {promos} promos"),
//!             Err(bad) => eprintln!("{}: {}", bad.name, bad.diagnostics[0].message),
//!         }
//!         Ok::<(), CorpusError>(())
//!     },
//! )?;
//! println!("{} articles, {} rejected, {:.0} MB/s", totals.items, totals.failed, totals.megabytes_per_second());
//! # Ok::<(), CorpusError>(())
//! ```
//!
//! ## What is read
//!
//! [`Corpus::new`] takes paths, read in order ([`source`] has the rules):
//! - a **file** is an article whatever its extension;
//! - a **directory** is walked recursively in byte order of names, hidden
//!   entries left out; files with an article extension (`txt` by default,
//!   [`Corpus::extensions`]) are articles, archives are read, other files are
//!   skipped and counted;
//! - an **archive** (`.tar`, `.tar.gz`/`.tgz`, `.tar.zst`/`.tzst`) is read as a
//!   stream, never unpacked; members are named `ARCHIVE:MEMBER`;
//! - `-` is standard input, one article;
//! - [`Corpus::files_from`] adds the paths of a list file.
//!
//! An article's id is its file's (or member's) stem, unique within a run by
//! dateline's one rule ([`dateline_core::ids`]): when two inputs have the same
//! stem (`a/0001.txt`, `b/0001.txt`), the later one is `0001-2`; standard input
//! is `stdin`. Every output of a run names an article by this id; its input's
//! name ([`Loaded::name`]: the path, or `ARCHIVE:MEMBER`) says where it came
//! from.
//!
//! ## How it runs
//!
//! A producer thread walks the inputs; workers (rayon) read and parse batches
//! of them; the calling thread receives the results in input order through a
//! reorder buffer ([`pipeline`]). At most four batches per worker exist at any
//! time, so memory is bounded by the threads, not the corpus, and the output of
//! one thread and of many is the same. An input that cannot be read (a missing
//! file, a truncated archive member) is a [`Rejected`] item with an `E008`
//! diagnostic in its place; the walk goes on.
//!
//! - [`Corpus::map`]: each article parsed on a worker ([`load`]), your
//!   function on it there, your consumer in order;
//! - [`Corpus::for_each`]: owned articles in order, the simplest;
//! - [`Corpus::run`]: the engine, for callers that read items themselves;
//! - [`Corpus::index`]: the cross-reference index `dateline-links` resolves
//!   promos against (`dateline links`, `dateline convert --resolve`);
//! - [`stats`]: what a corpus holds (`dateline stats`).
//!
//! An [`Observer`] hears of articles found and done (a progress bar).

#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod count;
mod error;
mod index;
mod load;
pub mod pipeline;
mod run;
pub mod source;
pub mod stats;

pub use count::Count;
pub use error::CorpusError;
pub use index::Index;
pub use load::{Loaded, Rejected, load, unreadable};
pub use run::{Corpus, Failure, Observer, Processed, Totals};
pub use source::{Item, Reader};

/// The example in the crate's README.md, run as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

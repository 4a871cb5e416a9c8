//! # dateline-citations
//!
//! A dateline format plugin that turns news articles into citations, so a corpus
//! goes straight into Zotero, pandoc citeproc or a LaTeX bibliography. Three
//! stream formats (one output holds the whole corpus):
//!
//! | format | extension | media type | what | module |
//! | --- | --- | --- | --- | --- |
//! | `bibtex` | `bib` | `application/x-bibtex` | BibLaTeX: an `@article` (outlet known) or `@online` entry per article, for biber | [`bibtex`] |
//! | `ris` | `ris` | `application/x-research-info-systems` | RIS: a `TY  - NEWS` record per article | [`ris`] |
//! | `csl-json` | `json` | `application/vnd.citationstyles.csl+json` | CSL-JSON: an array of `article-newspaper` items | [`csl`] |
//!
//! ## Loading it
//!
//! ```sh
//! cargo build --release -p dateline-citations
//! dateline --plugin target/release/libdateline_citations.so convert corpus --to bibtex > corpus.bib
//! dateline --plugin target/release/libdateline_citations.so convert corpus --to csl-json > corpus.json
//! pandoc --citeproc --bibliography corpus.json paper.md -o paper.pdf
//! ```
//!
//! (`.dylib` on macOS, `dateline_citations.dll` on Windows; or put the library
//! in a plugin directory, see `dateline-plugin`.) The formats can also be asked
//! for as `citations:bibtex`, `citations:ris`, `citations:csl-json`.
//!
//! ## Field mapping
//!
//! | article | `bibtex` | `ris` | `csl-json` |
//! | --- | --- | --- | --- |
//! | (type) | `@article` with an outlet, else `@online` | `TY  - NEWS` | `"type": "article-newspaper"` |
//! | citation key | entry key | (none) | `id` |
//! | headline | `title` (case-protected) | `TI` | `title` |
//! | outlet name (linker) | `journaltitle` | `T2` | `container-title` |
//! | URL host (no outlet) | `organization` | `T2` | `container-title` |
//! | date | `date = {YYYY-MM-DD}` | `DA  - YYYY/MM/DD/`, `PY  - YYYY` | `issued` `date-parts` |
//! | URL (canonical with a linker) | `url` | `UR` | `URL` |
//! | first paragraph | `abstract` | `AB` | `abstract` |
//!
//! No format writes an access date (`urldate`, `Y2`, `accessed`): it is not
//! known, and the export date would be a guess. None writes an author: the
//! article files do not name one.
//!
//! **Outlets.** When [`Options::links`] holds a linker (`dateline convert` sets
//! one unless `--no-links`), the outlet it resolves from the URL names the
//! periodical, and its canonical URL replaces the URL as written. Without a
//! linker, or when it knows no outlet for the host, the host of the URL stands
//! in (`www.hngn.com`).
//!
//! **Citation keys** (`bibtex` keys, `csl-json` ids) are `{stem}{year}{word}`:
//! outlet id or domain, year, first significant headline word, ASCII only,
//! unique within one document with `a`, `b`, `c`... suffixes
//! ([`keys`] has the details). The same articles in the same order
//! always get the same keys, in both formats, so `@hngn2022macron` cites the
//! same article whether pandoc reads the `.bib` or the `.json`.
//!
//! ## Options
//!
//! | option | `bibtex` | `ris` | `csl-json` |
//! | --- | --- | --- | --- |
//! | [`Options::raw`] | abstract | abstract | abstract |
//! | [`Options::links`] | outlet, URL, key | outlet, URL | outlet, URL, id |
//! | [`Options::compact`] | - | - | one line |
//! | [`Options::drop_promos`], [`Options::csv_safe`] | - | - | - |
//!
//! Headlines have no raw and repaired forms; promos are never written.
//!
//! [`Options::raw`]: dateline_plugin::dateline_export::Options::raw
//! [`Options::links`]: dateline_plugin::dateline_export::Options::links
//! [`Options::compact`]: dateline_plugin::dateline_export::Options::compact
//! [`Options::drop_promos`]: dateline_plugin::dateline_export::Options::drop_promos
//! [`Options::csv_safe`]: dateline_plugin::dateline_export::Options::csv_safe
//!
//! ## Using the formats from Rust
//!
//! The exporters are ordinary [`Exporter`](dateline_plugin::dateline_export::Exporter)s:
//!
//! ```
//! use dateline_citations::ris::Ris;
//! use dateline_plugin::dateline_export::{Exporter, Options};
//!
//! let article = dateline_plugin::dateline_core::parse(
//!     "Talks go on\n20220131\nhttps://example.com/a\nThey went on.\n",
//! )?;
//! let mut out = Vec::new();
//! let mut ris = Ris::new(&Options::new());
//! ris.begin(&mut out)?;
//! ris.article(&mut out, &article)?;
//! ris.end(&mut out)?;
//! assert_eq!(
//!     String::from_utf8(out)?,
//!     "TY  - NEWS\r\nTI  - Talks go on\r\nT2  - example.com\r\nDA  - 2022/01/31/\r\n\
//!      PY  - 2022\r\nUR  - https://example.com/a\r\nAB  - They went on.\r\nER  - \r\n"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod bibtex;
mod common;
pub mod csl;
pub mod keys;
pub mod ris;

pub use bibtex::Bibtex;
pub use csl::CslJson;
pub use ris::Ris;

dateline_plugin::export_plugin! {
    name: "citations",
    version: env!("CARGO_PKG_VERSION"),
    formats: [
        bibtex::INFO => |options| Ok(Box::new(Bibtex::new(options))),
        ris::INFO => |options| Ok(Box::new(Ris::new(options))),
        csl::INFO => |options| Ok(Box::new(CslJson::new(options))),
    ],
}

//! A gazetteer of news outlets: who publishes on a host, who is meant by a name.
//!
//! The crate ships a gazetteer of the most cited English-language outlets and
//! wire services ([`Gazetteer::builtin`]). Its file, `data/outlets.toml`, is
//! read when the crate is built, by the build script with the same rules as a
//! user's file (a broken record fails the build and names its line), and
//! compiled in as tables: nothing is parsed at run time. A user file in the
//! same format can extend it or override its records ([`Gazetteer::merge`]).
//!
//! ```
//! use dateline_links::outlets::{Gazetteer, OutletKind};
//!
//! let gazetteer = Gazetteer::builtin();
//! let ap = gazetteer.lookup_name("The Associated Press").map(|o| o.id());
//! assert_eq!(ap, Some("ap"));
//! let hngn = gazetteer.lookup_host("www.hngn.com");
//! assert_eq!(hngn.map(|o| o.name()), Some("Headlines & Global News"));
//! assert_eq!(hngn.map(|o| o.kind()), Some(OutletKind::Digital));
//! ```
//!
//! # File format
//!
//! A TOML document with one `[[outlet]]` table per outlet:
//!
//! ```toml
//! [[outlet]]
//! id = "bbc"                      # stable: lowercase ASCII letters, digits, inner '-'
//! name = "BBC"                    # display name
//! aliases = ["BBC News", "British Broadcasting Corporation"]   # optional
//! domains = ["bbc.co.uk", "bbc.com"]                            # one or more
//! kind = "broadcaster"            # newspaper | broadcaster | wire | magazine | digital
//! country = "GB"                  # ISO 3166-1 alpha-2
//! ```
//!
//! Unknown fields are errors (a typo must not silently drop data). Domains are
//! host names without scheme, port, path or leading `www.`, lowercase, in
//! punycode for internationalised names, with a public suffix on the Public
//! Suffix List. No two outlets may share a name key (see below) or a domain;
//! ids are unique. Every error names the line of the offending record.
//!
//! # Lookups
//!
//! [`Gazetteer::lookup_name`] compares *name keys*: the name put in the
//! [`normalize`](crate::text::normalize)d form (NFKC, lowercase, unified quotes
//! and dashes), accents removed, `&` read as `and`, apostrophes and dots
//! deleted (`Barron's` → `barrons`, `U.S.` → `us`), every other non-alphanumeric
//! character read as a space, spaces collapsed, and a leading `the` dropped. So
//! `"the associated press"`, `"The Associated Press"` and `"Associated Press"`
//! are one key; `"AP"` is another, listed as an alias.
//!
//! [`Gazetteer::lookup_host`] tries the host itself, then each parent domain
//! down to the registrable domain (`edition.cnn.com` → `cnn.com`), never the
//! public suffix (`co.uk`). A claimed subdomain is therefore more specific than
//! its registrable domain: `abcnews.go.com` is ABC News, `go.com` is no outlet.
//!
//! # Ambiguous names
//!
//! A name key belongs to one outlet only, so the built-in data settles common
//! ambiguities one way: `ABC` and `ABC News` are the US network (ABC
//! Australia answers to `ABC Australia`, `ABC (Australia)` and `Australian
//! Broadcasting Corporation`), `The Times` is the London paper, `Independent`
//! the British one, `Telegraph` the British one, `Nation` the US magazine. A
//! user file can change that by overriding the records.

// One idea each: `outlet` the record, `error` what goes wrong, `format` the
// file format and its rules, `key` name keys, `index` the three indexes and
// the one-key-one-outlet rule, `gazetteer` lookups and merging, `builtin` the
// compiled-in table, `codegen` that table as Rust. The build script compiles
// the first five and `codegen` itself, to check the built-in file with the
// very code that checks a user's.
mod builtin;
#[cfg(test)]
mod codegen;
mod error;
mod format;
mod gazetteer;
mod index;
mod key;
mod outlet;

pub use error::GazetteerError;
pub use gazetteer::Gazetteer;
pub use outlet::{Outlet, OutletKind};

/// A one-outlet file the tests of several modules read.
#[cfg(test)]
mod tests {
    pub(super) const ONE: &str = r#"
[[outlet]]
id = "local-gazette"
name = "The Local Gazette"
aliases = ["Gazette"]
domains = ["localgazette.example.com"]
kind = "newspaper"
country = "US"
"#;
}

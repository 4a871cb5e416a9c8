//! # dateline-plugin
//!
//! The stable plugin interface of [dateline]: a format plugin is a shared
//! library (`cdylib`) that the `dateline` command loads at run time, whose
//! formats are then used exactly like the built-in ones:
//!
//! ```text
//! dateline --plugin ./libdateline_citations.so convert corpus/ --to bibtex -o corpus.bib
//! ```
//!
//! This crate serves both sides:
//!
//! * **plugin authors** implement [`dateline_export::Exporter`] (re-exported
//!   here, with [`dateline_core`]: a plugin depends on this crate only) and
//!   turn it into a plugin with [`export_plugin!`];
//! * **hosts** (the `dateline` CLI, or your own program) load plugins with
//!   [`host::Plugin::load`] (feature `host`) and register their formats in a
//!   [`dateline_export::Registry`].
//!
//! [`abi`] is the interface itself: C types only, versioned, described below.
//!
//! [dateline]: https://github.com/dateline-rs/dateline
//!
//! ## Writing a plugin
//!
//! A new library crate:
//!
//! ```toml
//! [package]
//! name = "dateline-shout"
//! version = "0.1.0"
//! edition = "2024"
//!
//! [lib]
//! crate-type = ["cdylib"]   # add "rlib" too if your tests call the exporter directly
//!
//! [dependencies]
//! dateline-plugin = "0.1"
//! ```
//!
//! and its `src/lib.rs`: an exporter (see [`dateline_export::Exporter`] for the
//! contract: `begin`, one `article` per article, `end`), its [`FormatInfo`], and
//! the macro:
//!
//! ```
//! use std::io::Write;
//!
//! use dateline_plugin::dateline_core::Article;
//! use dateline_plugin::dateline_export::{Exporter, FormatInfo, Kind, Options, Result};
//!
//! /// Headlines in capitals, one per line.
//! pub struct Shout;
//!
//! pub const SHOUT: FormatInfo = FormatInfo::new(
//!     "shout", Kind::Stream, "txt", "text/plain", "Headlines in capitals, one per line",
//! );
//!
//! impl Exporter for Shout {
//!     fn begin(&mut self, _out: &mut dyn Write) -> Result<()> {
//!         Ok(())
//!     }
//!     fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
//!         writeln!(out, "{}", article.title.to_uppercase())?;
//!         Ok(())
//!     }
//!     fn end(&mut self, _out: &mut dyn Write) -> Result<()> {
//!         Ok(())
//!     }
//!     fn independent_articles(&self) -> bool {
//!         true // each line depends on its article alone: dateline may write in parallel
//!     }
//! }
//!
//! dateline_plugin::export_plugin! {
//!     name: "shout",
//!     version: env!("CARGO_PKG_VERSION"),
//!     formats: [
//!         SHOUT => |_options: &Options| Ok(Box::new(Shout)),
//!     ],
//! }
//! # fn main() {}
//! ```
//!
//! Build it with `cargo build --release`; the plugin is
//! `target/release/libdateline_shout.so` (`.dylib` on macOS,
//! `dateline_shout.dll` on Windows).
//!
//! Keep the default `panic = "unwind"`: do not build a plugin with
//! `panic = "abort"` (in a `[profile]` of your workspace or with
//! `-C panic=abort`). The host survives a plugin's panic only because the
//! glue catches it with `catch_unwind`; with `abort`, nothing can be caught and
//! a panic in the plugin kills the whole `dateline` process.
//!
//! ## Installing a plugin
//!
//! `dateline` loads, in this order:
//!
//! 1. every `--plugin FILE` (a global flag, repeatable);
//! 2. every library in each `--plugin-dir DIR` (repeatable);
//! 3. every library in each directory of `DATELINE_PLUGIN_PATH` (separated like
//!    `PATH`: `:` on Unix, `;` on Windows);
//! 4. every library in the default directories: `plugins/` beside the
//!    `dateline` executable, `lib/dateline/plugins/` of its installation prefix
//!    (`PREFIX/bin/dateline`: where a release archive puts the plugins it ships),
//!    and `dateline/plugins/` in the user's data directory (`$XDG_DATA_HOME` or `~/.local/share` on Linux,
//!    `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
//!
//! Never the current directory, unless you name it: `--plugin libshout.so`
//! means the file `libshout.so` in the current directory (a relative path is
//! made absolute before loading), never a library of that name on the system's
//! library path. A library is loaded once even if several of these name it.
//! `dateline plugins` shows what was loaded from where (and what failed, and
//! why); `dateline formats` lists each format with the plugin it comes from.
//!
//! A library that cannot be used is reported with its file and the reason: not
//! a library, not a plugin, another ABI or model version, or an incomplete file
//! (`not a complete shared library: ... the file may be truncated`: a copy
//! that stopped short, which the host checks before loading rather than crash
//! on). Named with `--plugin`, that is an error (exit status 2); found in a
//! directory, a warning, and the command goes on without it.
//!
//! A plugin format whose name is taken (by a built-in format or an earlier
//! plugin) is reported, and the earlier one wins; the plugin's format is still
//! there as `PLUGIN:FORMAT` (`--to citations:bibtex`). Every plugin format can be
//! asked for that way.
//!
//! ## What a plugin sees
//!
//! Each article crosses the boundary as JSON of the document model (see
//! [`wire`]) and arrives in [`Exporter::article`] as a
//! [`dateline_core::Article`], exactly as a built-in format gets it. The shared
//! [`Options`] arrive too ([`wire::WireOptions`]): raw or repaired text, promos
//! kept or dropped, compact, CSV-safe, and, when the host resolves links
//! (`dateline convert` does unless `--no-links`), an [`Options::links`] linker
//! that returns each article's [`dateline_export::ArticleLinks`] (its outlet,
//! its URL facts, the outlets of its attributions).
//!
//! ## Errors and panics
//!
//! Return an [`ExportError`](dateline_export::ExportError) (for instance
//! `ExportError::Format { format, message }`) and the host reports
//! ``format `F` of plugin `P` (FILE) failed: the plugin returned an error: MESSAGE``
//! (FILE: the plugin's library), skips the output and exits with status 3 (a failed run,
//! not a bad input). A panic in the plugin is caught in the plugin (every entry point
//! runs in `catch_unwind`) and reported the same way as
//! `the plugin panicked: MESSAGE`; it never aborts the host, as long as the
//! plugin unwinds: a plugin built with `panic = "abort"` takes the host down
//! with it (see above).
//!
//! ## The interface, and why it is shaped so
//!
//! * One exported function, `dateline_plugin_v1` ([`abi::ENTRY_SYMBOL`]), returns
//!   a [`abi::PluginDescriptor`]: ABI version first (the host reads it before
//!   anything else and refuses a mismatch, naming both versions), the model
//!   version, name, version, formats, and five entry points (`create`, `begin`,
//!   `article`, `end`, `destroy`).
//! * Only C types cross: integers, pointers to bytes with a length, and
//!   `extern "C"` function pointers. Nothing is allocated on one side and freed
//!   on the other, so host and plugin may be built by different compilers.
//! * Output flows back through a host callback, as borrowed bytes.
//! * Loaded libraries are never unloaded.
//!
//! `include/dateline_plugin.h` declares the same interface for C; a test keeps it
//! in step with [`abi`].

#![warn(missing_docs)]

pub mod abi;
pub mod guest;
#[cfg(feature = "host")]
pub mod host;
pub mod wire;

pub use dateline_core;
pub use dateline_export;
pub use dateline_export::{Exporter, FormatInfo, Kind, Options};
pub use guest::PluginSpec;

/// Turns exporters into a plugin: defines the library's entry function,
/// `dateline_plugin_v1`.
///
/// Use it once, at the top level of the plugin's `lib.rs`:
///
/// ```ignore
/// dateline_plugin::export_plugin! {
///     name: "citations",                    // lower-case letters, digits, - and _
///     version: env!("CARGO_PKG_VERSION"),
///     formats: [
///         bibtex::INFO => |options| Ok(Box::new(bibtex::Bibtex::new(options))),
///         ris::INFO => |options| Ok(Box::new(ris::Ris::new(options))),
///     ],
/// }
/// ```
///
/// Each format is a [`FormatInfo`] and a factory:
/// `Fn(&Options) -> Result<Box<dyn Exporter>, ExportError>`. Or give a function
/// that builds the whole [`PluginSpec`]:
///
/// ```ignore
/// dateline_plugin::export_plugin! { spec: my_plugin_spec }
/// ```
#[macro_export]
macro_rules! export_plugin {
    (
        name: $name:expr,
        version: $version:expr,
        formats: [ $( $info:expr => $factory:expr ),* $(,)? ] $(,)?
    ) => {
        $crate::export_plugin! {
            spec: {
                fn __dateline_plugin_spec() -> $crate::PluginSpec {
                    $crate::PluginSpec::new($name, $version)
                        $( .format($info, $factory) )*
                }
                __dateline_plugin_spec
            }
        }
    };
    (spec: $spec:expr $(,)?) => {
        /// The dateline plugin entry point (ABI version 1).
        #[unsafe(no_mangle)]
        pub extern "C" fn dateline_plugin_v1() -> *const $crate::abi::PluginDescriptor {
            $crate::guest::entry($spec)
        }
    };
}

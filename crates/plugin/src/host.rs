//! The host side (feature `host`): loads plugin libraries and makes their
//! formats ordinary [`Exporter`]s.
//!
//! ```no_run
//! use dateline_export::{Options, Registry};
//! use dateline_plugin::host::Plugin;
//!
//! let plugin = Plugin::load("plugins/libdateline_citations.so".as_ref())?;
//! println!("{} {} from {}", plugin.name(), plugin.version(), plugin.path().display());
//! let mut registry = Registry::with_builtins();
//! for index in 0..plugin.formats().len() {
//!     registry.register(plugin.formats()[index].clone(), plugin.factory(index))?;
//! }
//! let exporter = registry.create("bibtex", &Options::new())?;
//! # let _ = exporter;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A loaded library is never unloaded: a Rust library's thread-local
//! destructors and `dlclose` do not mix, so [`Plugin::load`] leaks the handle on
//! purpose (a few kilobytes per plugin, once per process).

use std::borrow::Cow;
use std::ffi::c_void;
use std::fs;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dateline_core::Article;
use dateline_export::formats::model::Model;
use dateline_export::record::Record;
use dateline_export::record::arrow::RecordBatchBuilder;
use dateline_export::{
    ExportError, Exporter, FormatInfo, Input, Kind, Linker, Options, RecordWriter,
};

use crate::abi::{
    self, ArticleFn, BatchFn, Bytes, CreateFn, DestroyFn, DocumentFn, EntryFn, EntryFnV2,
    HostCallbacks, PluginDescriptor, PluginDescriptorV2,
};
use crate::wire::WireOptions;

/// Why a library could not be loaded as a plugin. Every variant names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The system loader refused the file (missing, not a library, wrong
    /// architecture, missing dependency).
    #[error("{}: failed to load: {message}", path.display())]
    Open {
        /// The library.
        path: PathBuf,
        /// The loader's message.
        message: String,
    },
    /// The file is an object file of a kind the system loader knows, but not a
    /// whole one: its headers cannot be read, or a segment the loader would map
    /// lies past the end of the file. Usually a truncated copy: loading it
    /// anyway would crash the process (`SIGBUS`) instead of failing.
    #[error(
        "{}: not a complete shared library: {reason}; the file may be truncated: copy it again",
        path.display()
    )]
    Incomplete {
        /// The library.
        path: PathBuf,
        /// What is missing.
        reason: String,
    },
    /// The library has no entry symbol of any version.
    #[error(
        "{}: not a dateline plugin: it exports no `{}` or `{}` function \
         (build it with the dateline-plugin crate's export_plugin! macro)",
        path.display(),
        abi::ENTRY_SYMBOL_V2,
        abi::ENTRY_SYMBOL
    )]
    NotAPlugin {
        /// The library.
        path: PathBuf,
    },
    /// The plugin speaks another version of the interface.
    #[error(
        "{}: plugin ABI mismatch: this dateline loads ABI version {expected}, the plugin \
         has version {found}; rebuild the plugin against dateline-plugin {} or use a \
         dateline that matches it",
        path.display(),
        env!("CARGO_PKG_VERSION")
    )]
    AbiMismatch {
        /// The library.
        path: PathBuf,
        /// The version the entry symbol found stands for, or
        /// [`abi::ABI_LATEST`] for a library of a later version only.
        expected: u32,
        /// What the plugin says.
        found: u32,
    },
    /// The plugin reads another version of the document model.
    #[error(
        "{}: document model mismatch: this dateline sends model version {expected}, the \
         plugin reads version {found}; rebuild the plugin against a matching dateline-plugin",
        path.display()
    )]
    ModelMismatch {
        /// The library.
        path: PathBuf,
        /// `dateline_core::MODEL_VERSION`.
        expected: u32,
        /// What the plugin reads.
        found: u32,
    },
    /// A version 2 plugin's record formats read another version of the
    /// analysis record.
    #[error(
        "{}: record version mismatch: this dateline sends record version {expected}, the \
         plugin reads version {found}; rebuild the plugin against a matching dateline-plugin",
        path.display()
    )]
    RecordMismatch {
        /// The library.
        path: PathBuf,
        /// `dateline_export::record::RECORD_VERSION`.
        expected: u32,
        /// What the plugin reads.
        found: u32,
    },
    /// The plugin's descriptor is broken (null, a missing entry point, a bad
    /// string, a format name that clashes within the plugin).
    #[error("{}: invalid plugin: {reason}", path.display())]
    Invalid {
        /// The library.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// The plugin's entry points, shared by every exporter made from it.
#[derive(Clone, Copy)]
struct Calls {
    create: CreateFn,
    begin: DocumentFn,
    article: ArticleFn,
    /// Version 2, when the plugin has record formats.
    batch: Option<BatchFn>,
    end: DocumentFn,
    destroy: DestroyFn,
}

/// Records per batch sent to a record format, at most (see [`BATCH_BYTES`]).
pub const BATCH_ROWS: usize = 1024;

/// Bytes of text per batch of records given one by one, at most (a batch is
/// sent as soon as it holds this much, even with fewer than [`BATCH_ROWS`]
/// records): with [`BATCH_ROWS`], what bounds the records the host holds for
/// them. Batches built apart are sent as they are (`dateline convert` cuts
/// its own at this size too).
pub const BATCH_BYTES: usize = 8 << 20;

/// What a descriptor of either version says, before it is checked.
struct Described {
    abi_version: u32,
    model_version: u32,
    record_version: u32,
    name: Bytes,
    version: Bytes,
    /// Name, kind, input, extension, media type, description.
    formats: Vec<(Bytes, u32, u32, Bytes, Bytes, Bytes)>,
    create: Option<CreateFn>,
    begin: Option<DocumentFn>,
    article: Option<ArticleFn>,
    batch: Option<BatchFn>,
    end: Option<DocumentFn>,
    destroy: Option<DestroyFn>,
}

/// A loaded plugin: what it says about itself, and factories for its formats.
#[derive(Clone)]
pub struct Plugin {
    path: PathBuf,
    name: String,
    version: String,
    formats: Vec<FormatInfo>,
    calls: Calls,
    abi_version: u32,
    batch_rows: usize,
    batch_bytes: usize,
}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("path", &self.path)
            .field("name", &self.name)
            .field("version", &self.version)
            .field("formats", &self.formats)
            .finish_non_exhaustive()
    }
}

/// The entry symbols of later interface versions, looked for only to say
/// "ABI mismatch" rather than "not a plugin".
const LATER_VERSIONS: std::ops::RangeInclusive<u32> = abi::ABI_LATEST + 1..=16;

impl Plugin {
    /// Loads the library at `path` and reads its descriptor.
    ///
    /// A relative `path` is made absolute first (against the current
    /// directory): a path always means that file, never a library the system
    /// loader would find by name on its search path (`LD_LIBRARY_PATH`, ...).
    /// [`Plugin::path`] and every [`LoadError`] name the absolute path.
    ///
    /// # Errors
    ///
    /// [`LoadError`]: the file cannot be loaded, is truncated, is not a plugin,
    /// speaks another ABI or model version, or describes itself wrongly.
    ///
    /// # Safety (why this is not `unsafe fn`)
    ///
    /// Loading a library runs its initialisers, and calling into it trusts its
    /// code: a library is as trusted as the executable. That is why the CLI
    /// loads plugins only from paths the user named or from the documented
    /// plugin directories. Everything this crate can check, it checks: that
    /// the file holds every segment the loader maps, the symbol, the ABI
    /// version before anything else is read, null pointers, UTF-8, and every
    /// call is guarded against panics on the plugin side.
    pub fn load(path: &Path) -> Result<Plugin, LoadError> {
        // A bare file name given to the system loader is searched for on its
        // library path, not in the current directory: make it a path.
        let path = &std::path::absolute(path).map_err(|e| LoadError::Open {
            path: path.to_owned(),
            message: format!("cannot make the path absolute: {e}"),
        })?;
        let open = |message: String| LoadError::Open {
            path: path.to_owned(),
            message,
        };
        // A directory or a missing file: say so plainly rather than with the
        // loader's message about a shared object.
        match fs::metadata(path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => return Err(open("not a file".to_owned())),
            Err(e) => return Err(open(e.to_string())),
        }
        // A truncated library would be mapped past the end of its file, and the
        // first touch of the missing pages kills the process (SIGBUS).
        check_complete(path)?;
        // SAFETY: see the doc comment: loading runs the library's initialisers,
        // which we trust as we trust any library the user asked for.
        let library =
            unsafe { libloading::Library::new(path) }.map_err(|e| open(error_chain(&e)))?;
        // Never unloaded (see the module docs): the function pointers below stay
        // valid for the life of the process.
        let library: &'static libloading::Library = Box::leak(Box::new(library));

        let invalid = |reason: &str| LoadError::Invalid {
            path: path.to_owned(),
            reason: reason.to_owned(),
        };
        let no_descriptor = || {
            invalid(
                "its entry function returned no descriptor (it failed or panicked while \
                 describing itself)",
            )
        };
        let mismatch = |expected: u32, found: u32| LoadError::AbiMismatch {
            path: path.to_owned(),
            expected,
            found,
        };
        // The newest version first: a library may export both symbols, to be
        // loaded by hosts of either version.
        let described = if let Some(entry) = entry_symbol_v2(library) {
            // SAFETY: the symbol has the entry function's type by the ABI
            // contract; the glue of a Rust plugin catches panics inside it.
            let descriptor = unsafe { entry() };
            if descriptor.is_null() {
                return Err(no_descriptor());
            }
            // SAFETY: the first field in every version: read it alone before
            // trusting the rest of the layout.
            let found = unsafe { descriptor.cast::<u32>().read() };
            if found != abi::ABI_VERSION_2 {
                return Err(mismatch(abi::ABI_VERSION_2, found));
            }
            // SAFETY: a version 2 descriptor, valid for the life of the library.
            let d: &'static PluginDescriptorV2 = unsafe { &*descriptor };
            if d.format_count > 0 && d.formats.is_null() {
                return Err(invalid("its format list is null"));
            }
            Described {
                abi_version: abi::ABI_VERSION_2,
                model_version: d.model_version,
                record_version: d.record_version,
                name: d.name,
                version: d.version,
                formats: (0..d.format_count)
                    .map(|i| {
                        // SAFETY: `format_count` descriptors at `formats`, valid
                        // for the life of the library.
                        let f = unsafe { &*d.formats.add(i) };
                        (
                            f.name,
                            f.kind,
                            f.input,
                            f.extension,
                            f.media_type,
                            f.description,
                        )
                    })
                    .collect(),
                create: d.create,
                begin: d.begin,
                article: d.article,
                batch: d.batch,
                end: d.end,
                destroy: d.destroy,
            }
        } else if let Some(entry) = entry_symbol(library, abi::ABI_VERSION) {
            // SAFETY: as above, for the version 1 entry function.
            let descriptor = unsafe { entry() };
            if descriptor.is_null() {
                return Err(no_descriptor());
            }
            // SAFETY: as above.
            let found = unsafe { descriptor.cast::<u32>().read() };
            if found != abi::ABI_VERSION {
                return Err(mismatch(abi::ABI_VERSION, found));
            }
            // SAFETY: a version 1 descriptor, valid for the life of the library.
            let d: &'static PluginDescriptor = unsafe { &*descriptor };
            if d.format_count > 0 && d.formats.is_null() {
                return Err(invalid("its format list is null"));
            }
            Described {
                abi_version: abi::ABI_VERSION,
                model_version: d.model_version,
                record_version: dateline_export::record::RECORD_VERSION,
                name: d.name,
                version: d.version,
                formats: (0..d.format_count)
                    .map(|i| {
                        // SAFETY: as above.
                        let f = unsafe { &*d.formats.add(i) };
                        let input = abi::INPUT_ARTICLE;
                        (
                            f.name,
                            f.kind,
                            input,
                            f.extension,
                            f.media_type,
                            f.description,
                        )
                    })
                    .collect(),
                create: d.create,
                begin: d.begin,
                article: d.article,
                batch: None,
                end: d.end,
                destroy: d.destroy,
            }
        } else {
            for version in LATER_VERSIONS {
                if entry_symbol(library, version).is_some() {
                    return Err(mismatch(abi::ABI_LATEST, version));
                }
            }
            return Err(LoadError::NotAPlugin {
                path: path.to_owned(),
            });
        };
        Plugin::check(path, described)
    }

    /// Checks what a descriptor says and makes the plugin of it.
    fn check(path: &Path, d: Described) -> Result<Plugin, LoadError> {
        let invalid = |reason: &str| LoadError::Invalid {
            path: path.to_owned(),
            reason: reason.to_owned(),
        };
        if d.model_version != dateline_core::MODEL_VERSION {
            return Err(LoadError::ModelMismatch {
                path: path.to_owned(),
                expected: dateline_core::MODEL_VERSION,
                found: d.model_version,
            });
        }
        let calls = match (d.create, d.begin, d.article, d.end, d.destroy) {
            (Some(create), Some(begin), Some(article), Some(end), Some(destroy)) => Calls {
                create,
                begin,
                article,
                batch: d.batch,
                end,
                destroy,
            },
            _ => return Err(invalid("an entry point of its descriptor is null")),
        };
        // SAFETY: descriptor strings are valid for the life of the library.
        let text = |bytes: Bytes, what: &str| -> Result<String, LoadError> {
            let bytes = unsafe { bytes.as_slice() };
            String::from_utf8(bytes.to_vec())
                .map_err(|_| invalid(&format!("its {what} is not UTF-8")))
        };
        let name = text(d.name, "name")?;
        if !valid_name(&name) {
            return Err(invalid(&format!(
                "its name {name:?} is not lower-case letters, digits, `-` and `_`"
            )));
        }
        let version = text(d.version, "version")?;
        let mut formats: Vec<FormatInfo> = Vec::with_capacity(d.formats.len());
        for (name, kind, input, extension, media_type, description) in d.formats {
            let format_name = text(name, "format name")?;
            if !valid_name(&format_name) {
                return Err(invalid(&format!(
                    "format name {format_name:?} is not lower-case letters, digits, `-` and `_`"
                )));
            }
            if formats.iter().any(|f| f.name == format_name) {
                return Err(invalid(&format!("it lists format `{format_name}` twice")));
            }
            let kind = match kind {
                abi::KIND_STREAM => Kind::Stream,
                abi::KIND_PAGE => Kind::Page,
                other => {
                    return Err(invalid(&format!(
                        "format `{format_name}` has an unknown kind {other}"
                    )));
                }
            };
            let input = match input {
                abi::INPUT_ARTICLE => Input::Article,
                abi::INPUT_RECORD if calls.batch.is_none() => {
                    return Err(invalid(&format!(
                        "format `{format_name}` writes records, but its `batch` entry point is null"
                    )));
                }
                abi::INPUT_RECORD => Input::Record,
                other => {
                    return Err(invalid(&format!(
                        "format `{format_name}` has an unknown input {other}"
                    )));
                }
            };
            if input == Input::Record && d.record_version != dateline_export::record::RECORD_VERSION
            {
                return Err(LoadError::RecordMismatch {
                    path: path.to_owned(),
                    expected: dateline_export::record::RECORD_VERSION,
                    found: d.record_version,
                });
            }
            formats.push(FormatInfo {
                name: Cow::Owned(format_name),
                kind,
                extension: Cow::Owned(text(extension, "format extension")?),
                media_type: Cow::Owned(text(media_type, "format media type")?),
                description: Cow::Owned(text(description, "format description")?),
                input,
                // The ABI does not say whether a page format has a form for
                // several articles: only its pages are written.
                single_file: kind == Kind::Stream,
            });
        }
        Ok(Plugin {
            path: path.to_owned(),
            name,
            version,
            formats,
            calls,
            abi_version: d.abi_version,
            batch_rows: BATCH_ROWS,
            batch_bytes: BATCH_BYTES,
        })
    }

    /// The same plugin, sending its record formats the records given one by
    /// one in batches of at most `rows` records and `bytes` bytes of text (at
    /// least 1 each) instead of [`BATCH_ROWS`] and [`BATCH_BYTES`] (batches
    /// built apart go as they are). Batch sizes never change what a format
    /// writes, only how often it is called.
    #[must_use]
    pub fn with_batch_limits(mut self, rows: usize, bytes: usize) -> Plugin {
        self.batch_rows = rows.max(1);
        self.batch_bytes = bytes.max(1);
        self
    }

    /// The file it was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its name (`citations`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its version, as it states it.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The interface version it speaks: [`abi::ABI_VERSION`] (1) or
    /// [`abi::ABI_VERSION_2`].
    pub fn abi_version(&self) -> u32 {
        self.abi_version
    }

    /// Its formats, in the order it lists them.
    pub fn formats(&self) -> &[FormatInfo] {
        &self.formats
    }

    /// A new exporter of its format number `index` (in [`Plugin::formats`]).
    ///
    /// # Errors
    ///
    /// [`ExportError::Other`] holding a [`PluginFailure`] (naming the format, the plugin and its file) when
    /// `index` is out of range or the plugin fails or panics while creating the
    /// exporter; its exporters fail the same way.
    pub fn exporter(
        &self,
        index: usize,
        options: &Options,
    ) -> Result<Box<dyn Exporter>, ExportError> {
        let format = self.format_name(index)?;
        if self.formats[index].input == Input::Record {
            return Err(format.error(
                "this format writes records: make its writer with record_writer".to_owned(),
            ));
        }
        let (handle, flags) = self.create(&format, index, options)?;
        let calls = self.calls;
        Ok(Box::new(PluginExporter {
            format,
            calls,
            handle,
            independent: flags & abi::EXPORTER_INDEPENDENT_ARTICLES != 0,
            links: options.links.clone(),
            model: Model::new(&Options::new()),
            article: Vec::new(),
            article_links: Vec::new(),
        }))
    }

    /// A new writer of its record format number `index` (in
    /// [`Plugin::formats`], whose [`FormatInfo::input`] is [`Input::Record`]).
    /// It takes records in order and sends them to the plugin in Arrow
    /// batches (see [`Plugin::with_batch_limits`]).
    ///
    /// # Errors
    ///
    /// As [`Plugin::exporter`]; and for a format that writes articles.
    pub fn record_writer(
        &self,
        index: usize,
        options: &Options,
    ) -> Result<Box<dyn RecordWriter>, ExportError> {
        let format = self.format_name(index)?;
        let batch = match (self.formats[index].input, self.calls.batch) {
            (Input::Record, Some(batch)) => batch,
            _ => {
                return Err(format.error(
                    "this format writes articles: make its exporter with exporter".to_owned(),
                ));
            }
        };
        let (handle, _) = self.create(&format, index, options)?;
        Ok(Box::new(PluginRecordWriter {
            format,
            calls: self.calls,
            batch,
            handle,
            builder: RecordBatchBuilder::new(),
            rows: self.batch_rows,
            bytes: self.batch_bytes,
        }))
    }

    /// A factory for its record format number `index`, to
    /// [`register_records`](dateline_export::Registry::register_records) in a
    /// registry.
    pub fn record_factory(
        &self,
        index: usize,
    ) -> impl Fn(&Options) -> Result<Box<dyn RecordWriter>, ExportError> + Send + Sync + 'static
    {
        let plugin = self.clone();
        move |options| plugin.record_writer(index, options)
    }

    /// Calls `create`: a new handle of format `index`, and its flags.
    fn create(
        &self,
        format: &FormatOf,
        index: usize,
        options: &Options,
    ) -> Result<(*mut c_void, u32), ExportError> {
        let wire = serde_json::to_vec(&WireOptions::from_options(options))?;
        let mut handle: *mut c_void = std::ptr::null_mut();
        let mut flags = 0u32;
        let create = self.calls.create;
        let mut sink = io::sink();
        call(format, &mut sink, |host| {
            // SAFETY: valid options bytes and callbacks for the call; out-pointers
            // to live locals.
            unsafe { create(index, Bytes::new(&wire), host, &mut handle, &mut flags) }
        })?;
        if handle.is_null() {
            return Err(format.error("the plugin created no exporter".to_owned()));
        }
        Ok((handle, flags))
    }

    /// A factory for its format number `index`, to
    /// [`register`](dateline_export::Registry::register) in a registry.
    pub fn factory(
        &self,
        index: usize,
    ) -> impl Fn(&Options) -> Result<Box<dyn Exporter>, ExportError> + Send + Sync + 'static {
        let plugin = self.clone();
        move |options| plugin.exporter(index, options)
    }

    /// Format number `index`, with the plugin it belongs to (for errors).
    fn format_name(&self, index: usize) -> Result<FormatOf, ExportError> {
        let format = FormatOf {
            format: self
                .formats
                .get(index)
                .map_or_else(|| format!("#{index}"), |f| f.name.to_string()),
            plugin: self.name.clone(),
            path: self.path.clone(),
        };
        if index < self.formats.len() {
            Ok(format)
        } else {
            Err(format.error(format!("the plugin has {} formats", self.formats.len())))
        }
    }
}

/// A plugin's format, as its errors name it: the format, the plugin and the
/// library file.
#[derive(Debug, Clone)]
struct FormatOf {
    format: String,
    plugin: String,
    path: PathBuf,
}

impl FormatOf {
    /// The error ``format `F` of plugin `P` (FILE) failed: MESSAGE``.
    fn error(&self, message: String) -> ExportError {
        ExportError::Other(Box::new(PluginFailure {
            format: self.format.clone(),
            plugin: self.plugin.clone(),
            path: self.path.clone(),
            message,
        }))
    }
}

/// A plugin's format failed, as the host saw it: the plugin returned an error
/// or panicked. It reaches callers as [`ExportError::Other`]; downcast the box
/// to read it.
///
/// ```
/// use dateline_export::ExportError;
/// use dateline_plugin::host::PluginFailure;
///
/// fn plugin_file(error: &ExportError) -> Option<&std::path::Path> {
///     match error {
///         ExportError::Other(e) => e.downcast_ref::<PluginFailure>().map(|f| f.path.as_path()),
///         _ => None,
///     }
/// }
/// # let _ = plugin_file;
/// ```
#[derive(Debug, thiserror::Error)]
#[error("format `{format}` of plugin `{plugin}` ({}) failed: {message}", path.display())]
#[non_exhaustive]
pub struct PluginFailure {
    /// The format's name.
    pub format: String,
    /// The plugin's name.
    pub plugin: String,
    /// The plugin's library file.
    pub path: PathBuf,
    /// What went wrong (`the plugin panicked: ...`).
    pub message: String,
}

/// Refuses a file that the system loader would recognise as an object file but
/// that does not hold all of it: headers that cannot be read, or a loadable
/// segment past the end of the file. Files of other kinds are left to the
/// loader, which refuses them with its own message.
///
/// Reads the headers through a cache of the ranges asked for, not the whole
/// file.
fn check_complete(path: &Path) -> Result<(), LoadError> {
    use object::{FileKind, Object, ObjectSegment, ReadCache};

    let open = |message: String| LoadError::Open {
        path: path.to_owned(),
        message,
    };
    let incomplete = |reason: String| LoadError::Incomplete {
        path: path.to_owned(),
        reason,
    };
    let file = fs::File::open(path).map_err(|e| open(e.to_string()))?;
    let len = file.metadata().map_err(|e| open(e.to_string()))?.len();
    let data = ReadCache::new(file);
    match FileKind::parse(&data) {
        Ok(
            FileKind::Elf32
            | FileKind::Elf64
            | FileKind::MachO32
            | FileKind::MachO64
            | FileKind::Pe32
            | FileKind::Pe64,
        ) => {}
        // Too short for a magic number, or another kind of file (a Mach-O fat
        // archive, a COFF object, text): the loader's message says what it is.
        _ => return Ok(()),
    }
    let object = object::File::parse(&data)
        .map_err(|e| incomplete(format!("its headers cannot be read ({e})")))?;
    for segment in object.segments() {
        let (offset, size) = segment.file_range();
        if offset.checked_add(size).is_none_or(|end| end > len) {
            return Err(incomplete(format!(
                "segment at offset {offset} of {size} bytes runs past the end of the file \
                 ({len} bytes)"
            )));
        }
    }
    Ok(())
}

/// The entry function of interface `version`, if the library exports it.
fn entry_symbol(library: &'static libloading::Library, version: u32) -> Option<EntryFn> {
    let name = format!("dateline_plugin_v{version}\0");
    // SAFETY: the symbol's type is the entry function's by the ABI contract; it
    // is only called for the current version.
    unsafe { library.get::<EntryFn>(name.as_bytes()) }
        .ok()
        .map(|symbol| *symbol)
}

/// The version 2 entry function, if the library exports it.
fn entry_symbol_v2(library: &'static libloading::Library) -> Option<EntryFnV2> {
    let name = format!("{}\0", abi::ENTRY_SYMBOL_V2);
    // SAFETY: the symbol's type is the version 2 entry function's by the ABI
    // contract.
    unsafe { library.get::<EntryFnV2>(name.as_bytes()) }
        .ok()
        .map(|symbol| *symbol)
}

/// An error and its sources, `: `-separated (the loader's error keeps the
/// system's message in its source).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Plugin and format names: what a user types after `--to` and in `plugin:format`.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// A record writer living in a plugin: the records in order become Arrow
/// batches here, sent to the plugin's `batch` through the C Data Interface.
///
/// Not `Send`, as [`PluginExporter`].
struct PluginRecordWriter {
    format: FormatOf,
    calls: Calls,
    batch: BatchFn,
    handle: *mut c_void,
    /// The records not yet sent: at most `rows` of them, `bytes` of text.
    builder: RecordBatchBuilder,
    rows: usize,
    bytes: usize,
}

impl PluginRecordWriter {
    /// Sends the records held as one batch (nothing when there are none).
    fn send(&mut self, out: &mut dyn Write) -> dateline_export::Result<()> {
        if self.builder.is_empty() {
            return Ok(());
        }
        let batch = self.builder.finish().map_err(|e| {
            self.format
                .error(format!("cannot make a batch of records: {e}"))
        })?;
        self.send_batch(out, batch)
    }

    /// Sends `batch` to the plugin, through the C Data Interface.
    fn send_batch(
        &mut self,
        out: &mut dyn Write,
        batch: arrow_array::RecordBatch,
    ) -> dateline_export::Result<()> {
        use arrow_array::Array;

        let data = arrow_array::StructArray::from(batch).into_data();
        let (mut array, schema) = arrow_array::ffi::to_ffi(&data).map_err(|e| {
            self.format
                .error(format!("cannot export a batch of records: {e}"))
        })?;
        let (send, handle) = (self.batch, self.handle);
        // SAFETY: a live handle; the array and schema are valid C Data
        // Interface structs for the call (the plugin may move the array out);
        // valid callbacks.
        let sent = call(&self.format, out, |host| unsafe {
            send(
                handle,
                (&raw mut array).cast::<abi::ArrowArray>(),
                (&raw const schema).cast::<abi::ArrowSchema>(),
                host,
            )
        });
        // Dropping them releases what the plugin did not take (its `release`
        // is null when it did).
        drop(array);
        drop(schema);
        sent
    }
}

impl RecordWriter for PluginRecordWriter {
    fn begin(&mut self, out: &mut dyn Write) -> dateline_export::Result<()> {
        let (begin, handle) = (self.calls.begin, self.handle);
        // SAFETY: a live handle from `create`, valid callbacks for the call.
        call(&self.format, out, |host| unsafe { begin(handle, host) })
    }

    fn record(&mut self, out: &mut dyn Write, record: &Record<'_>) -> dateline_export::Result<()> {
        self.builder.push(record);
        if self.builder.len() >= self.rows || self.builder.text_bytes() >= self.bytes {
            self.send(out)?;
        }
        Ok(())
    }

    fn render(
        &mut self,
        _piece: &mut Vec<u8>,
        _record: &Record<'_>,
    ) -> dateline_export::Result<()> {
        Err(self.format.error(
            "a plugin's record format takes the records in order (record), not rendered apart"
                .to_owned(),
        ))
    }

    fn end(&mut self, out: &mut dyn Write) -> dateline_export::Result<()> {
        self.send(out)?;
        let (end, handle) = (self.calls.end, self.handle);
        // SAFETY: as in `begin`.
        call(&self.format, out, |host| unsafe { end(handle, host) })
    }

    fn renders_apart(&self) -> bool {
        false
    }

    fn takes_batches(&self) -> bool {
        true
    }

    fn batch(
        &mut self,
        out: &mut dyn Write,
        batch: arrow_array::RecordBatch,
    ) -> dateline_export::Result<()> {
        if batch.schema().fields() != dateline_export::record::arrow::schema().fields() {
            return Err(self.format.error(
                "a batch that is not of the record schema (record::arrow::schema)".to_owned(),
            ));
        }
        // The records taken one by one go first: they came first.
        self.send(out)?;
        if batch.num_rows() == 0 {
            return Ok(());
        }
        self.send_batch(out, batch)
    }
}

impl Drop for PluginRecordWriter {
    fn drop(&mut self) {
        // SAFETY: the handle came from `create` and is destroyed once, here.
        unsafe { (self.calls.destroy)(self.handle) }
    }
}

/// An exporter living in a plugin.
///
/// Not `Send`: the ABI promises a plugin that an exporter is used by the thread
/// that created it.
struct PluginExporter {
    format: FormatOf,
    calls: Calls,
    handle: *mut c_void,
    independent: bool,
    links: Option<Arc<dyn Linker>>,
    /// Writes the model's JSON (dateline-export's fast compact writer).
    model: Model,
    /// The JSON of the article being sent and of its links, reused between
    /// articles.
    article: Vec<u8>,
    article_links: Vec<u8>,
}

impl PluginExporter {
    /// Appends the article's model JSON to `json`, and its links' JSON to
    /// `links` when the options ask for links.
    fn wire(
        &mut self,
        json: &mut Vec<u8>,
        links: &mut Vec<u8>,
        article: &Article<'_>,
    ) -> dateline_export::Result<()> {
        self.model.article(json, article)?;
        if let Some(linker) = &self.links {
            dateline_export::json_text::write_compact(links, &linker.links(article))
                .map_err(|e| ExportError::Json(Box::new(e)))?;
        }
        Ok(())
    }

    /// Sends one article's JSON and its links' JSON to the plugin.
    fn send(
        &mut self,
        out: &mut dyn Write,
        json: &[u8],
        links: &[u8],
    ) -> dateline_export::Result<()> {
        let (send, handle) = (self.calls.article, self.handle);
        let (json, links) = (Bytes::new(json), Bytes::new(links));
        // SAFETY: a live handle, byte strings and callbacks valid for the call.
        call(&self.format, out, |host| unsafe {
            send(handle, json, links, host)
        })
    }
}

impl Exporter for PluginExporter {
    fn begin(&mut self, out: &mut dyn Write) -> dateline_export::Result<()> {
        let (begin, handle) = (self.calls.begin, self.handle);
        // SAFETY: a live handle from `create`, valid callbacks for the call.
        call(&self.format, out, |host| unsafe { begin(handle, host) })
    }

    fn article(
        &mut self,
        out: &mut dyn Write,
        article: &Article<'_>,
    ) -> dateline_export::Result<()> {
        let mut json = std::mem::take(&mut self.article);
        let mut links = std::mem::take(&mut self.article_links);
        json.clear();
        links.clear();
        let sent = self
            .wire(&mut json, &mut links, article)
            .and_then(|()| self.send(out, &json, &links));
        self.article = json;
        self.article_links = links;
        sent
    }

    /// A plugin whose articles are independent renders on the caller's thread
    /// (its own exporter there); another gets its article's JSON made there,
    /// and [`place`](Exporter::place) sends it, in order. The piece is then
    /// the length of the model's JSON (a little-endian `u32`), the model's
    /// JSON, the links' JSON.
    fn render(
        &mut self,
        piece: &mut Vec<u8>,
        article: &Article<'_>,
    ) -> dateline_export::Result<()> {
        if self.independent {
            return self.article(piece, article);
        }
        let at = piece.len();
        piece.extend_from_slice(&[0; 4]);
        let mut links = std::mem::take(&mut self.article_links);
        links.clear();
        let made = self.wire(piece, &mut links, article);
        piece.extend_from_slice(&links);
        self.article_links = links;
        made?;
        let model = piece.len() - at - 4 - self.article_links.len();
        let model = u32::try_from(model)
            .map_err(|_| ExportError::Io(io::Error::other("an article's JSON over 4 GB")))?;
        piece[at..at + 4].copy_from_slice(&model.to_le_bytes());
        Ok(())
    }

    fn place(&mut self, out: &mut dyn Write, piece: &[u8]) -> dateline_export::Result<()> {
        if self.independent {
            out.write_all(piece)?;
            return Ok(());
        }
        let not_a_piece = || {
            ExportError::Io(io::Error::other(
                "not a piece rendered by this plugin format's exporter",
            ))
        };
        let (length, rest) = piece.split_first_chunk::<4>().ok_or_else(not_a_piece)?;
        let model = u32::from_le_bytes(*length) as usize;
        let (json, links) = rest.split_at_checked(model).ok_or_else(not_a_piece)?;
        self.send(out, json, links)
    }

    fn end(&mut self, out: &mut dyn Write) -> dateline_export::Result<()> {
        let (end, handle) = (self.calls.end, self.handle);
        // SAFETY: as in `begin`.
        call(&self.format, out, |host| unsafe { end(handle, host) })
    }

    fn independent_articles(&self) -> bool {
        self.independent
    }
}

impl Drop for PluginExporter {
    fn drop(&mut self) {
        // SAFETY: the handle came from `create` and is destroyed once, here.
        unsafe { (self.calls.destroy)(self.handle) }
    }
}

/// The host's state during one call into a plugin.
struct CallContext<'o> {
    out: &'o mut dyn Write,
    /// The first write error, returned instead of the plugin's status.
    io_error: Option<io::Error>,
    /// The plugin's error message.
    message: Option<String>,
}

/// Calls into the plugin with callbacks that write to `out`, and turns the
/// status into a result.
fn call(
    format: &FormatOf,
    out: &mut dyn Write,
    into_plugin: impl FnOnce(*const HostCallbacks) -> i32,
) -> dateline_export::Result<()> {
    let mut context = CallContext {
        out,
        io_error: None,
        message: None,
    };
    let host = HostCallbacks {
        context: (&raw mut context).cast(),
        write: host_write,
        error: host_error,
    };
    let status = into_plugin(&host);
    if let Some(e) = context.io_error {
        return Err(ExportError::Io(e));
    }
    let message = context.message.unwrap_or_else(|| "no message".to_owned());
    match status {
        abi::STATUS_OK => Ok(()),
        abi::STATUS_ERROR => Err(format.error(format!("the plugin returned an error: {message}"))),
        abi::STATUS_PANIC => Err(format.error(format!("the plugin panicked: {message}"))),
        other => Err(format.error(format!(
            "the plugin returned an unknown status {other}: {message}"
        ))),
    }
}

/// `HostCallbacks::write`: appends to the call's output.
unsafe extern "C" fn host_write(context: *mut c_void, bytes: Bytes) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `context` is the `CallContext` of the call in progress, used by
        // this thread only; the bytes are valid for this call.
        let context = unsafe { &mut *context.cast::<CallContext<'_>>() };
        if context.io_error.is_some() {
            return 1;
        }
        match context.out.write_all(unsafe { bytes.as_slice() }) {
            Ok(()) => 0,
            Err(e) => {
                context.io_error = Some(e);
                1
            }
        }
    }));
    result.unwrap_or(1)
}

/// `HostCallbacks::error`: keeps the plugin's message (the last one wins).
unsafe extern "C" fn host_error(context: *mut c_void, message: Bytes) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: as in `host_write`.
        let context = unsafe { &mut *context.cast::<CallContext<'_>>() };
        let text = String::from_utf8_lossy(unsafe { message.as_slice() });
        context.message = Some(text.into_owned());
    }));
}

/// The plugin libraries in `dir`: its files whose names end with the platform's
/// library suffix (`.so`, `.dylib`, `.dll`), in name order. Hidden files are
/// skipped; subdirectories are not searched.
///
/// # Errors
///
/// When `dir` cannot be read.
pub fn libraries_in(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.') || !name.ends_with(std::env::consts::DLL_SUFFIX) {
            continue;
        }
        if entry.file_type()?.is_dir() {
            continue;
        }
        found.push(entry.path());
    }
    found.sort();
    Ok(found)
}

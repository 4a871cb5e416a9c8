//! The binary interface between the `dateline` host and a plugin library,
//! version 1.
//!
//! Everything here is `#[repr(C)]` and made of C types only: integers, raw
//! pointers, and `extern "C"` function pointers. No Rust standard library type,
//! no allocator and no panic crosses the boundary, so a plugin does not have to be
//! built by the same compiler as the host, nor even written in Rust
//! (`include/dateline_plugin.h` is the same interface for C).
//!
//! # The protocol
//!
//! 1. The host opens the library and looks up [`ENTRY_SYMBOL`]
//!    (`dateline_plugin_v1`), an [`EntryFn`], and calls it. It returns a pointer
//!    to a [`PluginDescriptor`] that stays valid for as long as the library is
//!    loaded (the host never unloads it).
//! 2. The host reads [`PluginDescriptor::abi_version`], the first field in every
//!    version of this interface, before anything else, and refuses the plugin
//!    unless it is [`ABI_VERSION`]. It then checks
//!    [`PluginDescriptor::model_version`] against the document model it sends.
//! 3. For each export, the host calls `create` with a format index and the
//!    options (a JSON object, [`crate::wire::WireOptions`]); the plugin returns an
//!    opaque exporter handle. The host then calls `begin`, `article` once per
//!    article (the article as JSON of the document model, and its links as JSON
//!    of `dateline_export::ArticleLinks` or empty: see [`crate::wire`]), and
//!    `end`, any number of times, and finally `destroy` once.
//!
//! # Memory: whoever allocates frees
//!
//! * Byte strings passed to a function ([`Bytes`]) are borrowed for the duration
//!   of that call only. The callee copies what it wants to keep.
//! * The descriptor and the strings it points to belong to the plugin and live as
//!   long as the library.
//! * An exporter handle is allocated by the plugin's `create` and freed by the
//!   plugin's `destroy`; the host never looks inside it.
//! * Output and error messages go the other way through [`HostCallbacks`]: the
//!   plugin passes borrowed bytes, the host copies them.
//!
//! # Errors and panics
//!
//! Every function returns a status ([`STATUS_OK`], [`STATUS_ERROR`],
//! [`STATUS_PANIC`]). Before returning an error status a plugin reports a UTF-8
//! message through [`HostCallbacks::error`]. A plugin must never let a panic (or a
//! C++ exception) unwind out of a function: the Rust glue in [`crate::guest`] runs
//! every entry point inside `catch_unwind` and turns a panic into
//! [`STATUS_PANIC`] with the panic's message.
//!
//! # Threads
//!
//! The host may create several exporters, of one format or several, and use them
//! on different threads at the same time (one per worker thread, when a format's
//! articles are independent, see [`EXPORTER_INDEPENDENT_ARTICLES`]). One exporter
//! is only ever used by the thread that created it, one call at a time.

use std::ffi::c_void;

/// The version of this interface. A plugin states it in
/// [`PluginDescriptor::abi_version`]; the host refuses any other number.
pub const ABI_VERSION: u32 = 1;

/// The name of the entry function a plugin exports (without a trailing NUL).
///
/// The version is in the name so that plugins of different interface versions
/// cannot be confused, and the `dateline_` prefix keeps it out of other libraries'
/// way in the process's global symbol space.
pub const ENTRY_SYMBOL: &str = "dateline_plugin_v1";

/// The entry function: returns the plugin's descriptor, or null if the plugin
/// could not describe itself.
pub type EntryFn = unsafe extern "C" fn() -> *const PluginDescriptor;

/// Status: the call succeeded.
pub const STATUS_OK: i32 = 0;
/// Status: the call failed; the plugin reported why through [`HostCallbacks::error`].
pub const STATUS_ERROR: i32 = 1;
/// Status: the plugin panicked; the panic's message went through [`HostCallbacks::error`].
pub const STATUS_PANIC: i32 = 2;

/// [`FormatDescriptor::kind`]: the corpus is one output (`jsonl`, `csv`).
pub const KIND_STREAM: u32 = 0;
/// [`FormatDescriptor::kind`]: one output per article (`html`).
pub const KIND_PAGE: u32 = 1;

/// Flag set by `create`: what the exporter writes for an article depends on that
/// article alone (see `dateline_export::Exporter::independent_articles`), so the
/// host may serialise articles on several exporters in parallel.
pub const EXPORTER_INDEPENDENT_ARTICLES: u32 = 1;

/// Borrowed bytes: `len` bytes at `ptr`, valid for the duration of the call they
/// are passed to (or, in a descriptor, as long as the library is loaded).
/// Strings are UTF-8, not NUL-terminated. `ptr` may be null when `len` is 0.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Bytes {
    /// The first byte.
    pub ptr: *const u8,
    /// The number of bytes.
    pub len: usize,
}

impl Bytes {
    /// Borrows a byte slice; the slice must outlive every use of the result.
    pub const fn new(bytes: &[u8]) -> Bytes {
        Bytes {
            ptr: bytes.as_ptr(),
            len: bytes.len(),
        }
    }

    /// The bytes.
    ///
    /// # Safety
    ///
    /// `ptr` must point to `len` readable bytes that stay valid and unchanged for
    /// `'a` (or `len` must be 0).
    pub unsafe fn as_slice<'a>(self) -> &'a [u8] {
        if self.len == 0 || self.ptr.is_null() {
            &[]
        } else {
            // SAFETY: the caller guarantees `len` readable bytes at `ptr` for `'a`.
            unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
        }
    }
}

/// One format a plugin provides.
#[repr(C)]
#[derive(Debug)]
pub struct FormatDescriptor {
    /// The name users ask for (`bibtex`): lower-case ASCII letters, digits, `-`, `_`.
    pub name: Bytes,
    /// [`KIND_STREAM`] or [`KIND_PAGE`].
    pub kind: u32,
    /// The file extension, without the dot (`bib`).
    pub extension: Bytes,
    /// The IANA media type of the output.
    pub media_type: Bytes,
    /// One line saying what the format is for.
    pub description: Bytes,
}

/// `create`: makes an exporter of format `format` (an index into
/// [`PluginDescriptor::formats`]) with `options` (JSON); on success stores its
/// handle in `*exporter` and its `EXPORTER_*` flags in `*flags`.
pub type CreateFn = unsafe extern "C" fn(
    format: usize,
    options: Bytes,
    host: *const HostCallbacks,
    exporter: *mut *mut c_void,
    flags: *mut u32,
) -> i32;

/// `begin` and `end`: start or end a document, writing through `host`.
pub type DocumentFn =
    unsafe extern "C" fn(exporter: *mut c_void, host: *const HostCallbacks) -> i32;

/// `article`: writes one article through `host`. `article` is the article as
/// JSON of the document model; `links` is the JSON of its
/// `dateline_export::ArticleLinks`, or empty when the options did not ask for
/// links.
pub type ArticleFn = unsafe extern "C" fn(
    exporter: *mut c_void,
    article: Bytes,
    links: Bytes,
    host: *const HostCallbacks,
) -> i32;

/// `destroy`: frees an exporter made by `create`. Called exactly once per exporter.
pub type DestroyFn = unsafe extern "C" fn(exporter: *mut c_void);

/// What a plugin is and its entry points: returned by the [`EntryFn`].
///
/// The function pointers are `Option`s so that a null pointer from a broken
/// plugin is an error the host can report rather than undefined behaviour.
#[repr(C)]
#[derive(Debug)]
pub struct PluginDescriptor {
    /// [`ABI_VERSION`]. The first field in every version of the interface: the
    /// host reads it before anything else.
    pub abi_version: u32,
    /// The version of the document model the plugin reads
    /// (`dateline_core::MODEL_VERSION` when it was built).
    pub model_version: u32,
    /// The plugin's name (`citations`): what `plugin:format` qualifies a format with.
    pub name: Bytes,
    /// The plugin's version (`0.1.0`).
    pub version: Bytes,
    /// The formats, `format_count` of them.
    pub formats: *const FormatDescriptor,
    /// The number of formats.
    pub format_count: usize,
    /// See [`CreateFn`].
    pub create: Option<CreateFn>,
    /// Starts a document; see [`DocumentFn`].
    pub begin: Option<DocumentFn>,
    /// See [`ArticleFn`].
    pub article: Option<ArticleFn>,
    /// Ends a document; see [`DocumentFn`].
    pub end: Option<DocumentFn>,
    /// See [`DestroyFn`].
    pub destroy: Option<DestroyFn>,
}

/// What the host gives a plugin for one call: where output goes, and where an
/// error message goes.
#[repr(C)]
#[derive(Debug)]
pub struct HostCallbacks {
    /// The host's state for this call; passed back to both callbacks untouched.
    pub context: *mut c_void,
    /// Appends `bytes` to the output. Returns 0, or nonzero when the host could
    /// not write (the plugin should then stop and return [`STATUS_ERROR`]; the
    /// host already knows why).
    pub write: unsafe extern "C" fn(context: *mut c_void, bytes: Bytes) -> i32,
    /// Reports why the call is failing (UTF-8; invalid bytes are replaced).
    pub error: unsafe extern "C" fn(context: *mut c_void, message: Bytes),
}

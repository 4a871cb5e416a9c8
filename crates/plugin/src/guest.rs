//! The plugin side: turns [`Exporter`] implementations (and, with feature
//! `records`, [`BatchWriter`]s) into the C
//! interface of [`crate::abi`], version 2.
//!
//! A plugin author does not call anything here directly: the
//! [`export_plugin!`](crate::export_plugin) macro defines the entry function,
//! which hands a [`PluginSpec`] to [`entry`]. The glue then answers the host's
//! calls: every one runs inside `catch_unwind`, decodes its JSON, calls the
//! format's [`Exporter`], and passes the output and any error back through the
//! host's callbacks.

use std::any::Any;
use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, OnceLock};

use dateline_core::Article;
use dateline_export::{ArticleLinks, Exporter, FormatInfo, Kind, Options};

use crate::abi::{
    self, Bytes, FormatDescriptorV2, HostCallbacks, PluginDescriptorV2, STATUS_ERROR, STATUS_OK,
    STATUS_PANIC,
};
#[cfg(feature = "records")]
use crate::records::{BatchFactory, BatchWriter};
use crate::wire::{CurrentLinks, WireOptions};

/// Makes an exporter of one format with the given options.
pub type Factory =
    Box<dyn Fn(&Options) -> dateline_export::Result<Box<dyn Exporter>> + Send + Sync>;

/// How a format's writers are made: exporters of articles, or (feature
/// `records`) writers of record batches.
enum Make {
    Articles(Factory),
    #[cfg(feature = "records")]
    Records(BatchFactory),
}

/// What a plugin provides: its name, version and formats.
///
/// Built by [`export_plugin!`](crate::export_plugin); can also be built by hand
/// and returned from a function given to that macro as `spec: path::to::fn`.
pub struct PluginSpec {
    name: String,
    version: String,
    formats: Vec<(FormatInfo, Make)>,
}

impl PluginSpec {
    /// A plugin with no format yet.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> PluginSpec {
        PluginSpec {
            name: name.into(),
            version: version.into(),
            formats: Vec::new(),
        }
    }

    /// Adds a format.
    #[must_use]
    pub fn format(
        mut self,
        info: FormatInfo,
        factory: impl Fn(&Options) -> dateline_export::Result<Box<dyn Exporter>> + Send + Sync + 'static,
    ) -> PluginSpec {
        let info = info.with_input(dateline_export::Input::Article);
        self.formats.push((info, Make::Articles(Box::new(factory))));
        self
    }

    /// Adds a format that writes analysis records: the host sends it Arrow
    /// record batches of `dateline_export::record::arrow::schema()` (see
    /// [`crate::records`]).
    #[cfg(feature = "records")]
    #[must_use]
    pub fn record_format(
        mut self,
        info: FormatInfo,
        factory: impl Fn(&Options) -> dateline_export::Result<Box<dyn BatchWriter>>
        + Send
        + Sync
        + 'static,
    ) -> PluginSpec {
        let info = info.with_input(dateline_export::Input::Record);
        self.formats.push((info, Make::Records(Box::new(factory))));
        self
    }
}

/// The loaded plugin: its spec, and the descriptor that points into it.
struct Guest {
    spec: PluginSpec,
    /// Points into `spec`'s strings, which never move: they are heap-allocated
    /// and the `Guest` lives in a static for as long as the library is loaded.
    _formats: Vec<FormatDescriptorV2>,
    descriptor: PluginDescriptorV2,
}

// SAFETY: the raw pointers in `formats` and `descriptor` point to immutable data
// owned by the same `Guest` (strings of `spec`, the `formats` vector), which is
// never mutated after construction; sharing them between threads is sharing
// `&str`s.
unsafe impl Send for Guest {}
// SAFETY: as above: nothing is mutated after construction.
unsafe impl Sync for Guest {}

/// The plugin of this library. One per library: each cdylib has its own copy of
/// this crate's statics.
static GUEST: OnceLock<Guest> = OnceLock::new();

/// The body of the entry function: builds the descriptor on the first call,
/// returns it on every call. Returns null (the host then reports that the plugin
/// could not describe itself) if `spec` panics.
///
/// Public for the [`export_plugin!`](crate::export_plugin) macro only.
#[doc(hidden)]
pub fn entry(spec: fn() -> PluginSpec) -> *const PluginDescriptorV2 {
    catch_unwind(|| {
        let guest = GUEST.get_or_init(|| {
            quiet_panics();
            Guest::new(spec())
        });
        &guest.descriptor as *const PluginDescriptorV2
    })
    .unwrap_or(std::ptr::null())
}

impl Guest {
    fn new(spec: PluginSpec) -> Guest {
        let formats: Vec<FormatDescriptorV2> = spec
            .formats
            .iter()
            .map(|(info, make)| FormatDescriptorV2 {
                name: Bytes::new(info.name.as_bytes()),
                kind: match info.kind {
                    Kind::Stream => abi::KIND_STREAM,
                    Kind::Page => abi::KIND_PAGE,
                },
                input: match make {
                    Make::Articles(_) => abi::INPUT_ARTICLE,
                    #[cfg(feature = "records")]
                    Make::Records(_) => abi::INPUT_RECORD,
                },
                extension: Bytes::new(info.extension.as_bytes()),
                media_type: Bytes::new(info.media_type.as_bytes()),
                description: Bytes::new(info.description.as_bytes()),
            })
            .collect();
        let descriptor = PluginDescriptorV2 {
            abi_version: abi::ABI_VERSION_2,
            model_version: dateline_core::MODEL_VERSION,
            record_version: dateline_export::record::RECORD_VERSION,
            name: Bytes::new(spec.name.as_bytes()),
            version: Bytes::new(spec.version.as_bytes()),
            formats: formats.as_ptr(),
            format_count: formats.len(),
            create: Some(create),
            begin: Some(begin),
            article: Some(article),
            #[cfg(feature = "records")]
            batch: Some(crate::records::batch),
            #[cfg(not(feature = "records"))]
            batch: None,
            end: Some(end),
            destroy: Some(destroy),
        };
        // Moving `formats` into the struct moves the Vec header, not its buffer,
        // so `descriptor.formats` stays valid.
        Guest {
            spec,
            _formats: formats,
            descriptor,
        }
    }
}

/// One exporter made by `create`: the format's exporter and what the glue needs
/// around it.
pub(crate) struct GuestExporter {
    format: usize,
    inner: Inner,
    /// Set before each article when the records carry links.
    links: Option<Arc<CurrentLinks>>,
    /// A call's output, sent to the host in one piece at the end of the call.
    buffer: Vec<u8>,
}

/// A format's writer, of articles or of record batches.
pub(crate) enum Inner {
    Articles(Box<dyn Exporter>),
    #[cfg(feature = "records")]
    Records(Box<dyn BatchWriter>),
}

impl Inner {
    fn begin(&mut self, out: &mut Vec<u8>) -> dateline_export::Result<()> {
        match self {
            Inner::Articles(e) => e.begin(out),
            #[cfg(feature = "records")]
            Inner::Records(w) => w.begin(out),
        }
    }

    fn end(&mut self, out: &mut Vec<u8>) -> dateline_export::Result<()> {
        match self {
            Inner::Articles(e) => e.end(out),
            #[cfg(feature = "records")]
            Inner::Records(w) => w.end(out),
        }
    }
}

/// A buffer kept between calls is at most this big: a format that wrote a large
/// piece once (a Parquet row group) does not hold on to its memory.
const KEPT_BUFFER: usize = 1 << 20;

/// Why a call failed, before it is reported to the host.
pub(crate) enum Failure {
    /// The plugin's own error: a message.
    Error(String),
    /// The host could not write; it knows why.
    HostWrite,
}

impl Failure {
    /// A format's error: its own message, without the `format X failed:` the
    /// host adds again.
    pub(crate) fn from_export(error: dateline_export::ExportError) -> Failure {
        match error {
            dateline_export::ExportError::Format { message, .. } => Failure::Error(message),
            other => Failure::Error(other.to_string()),
        }
    }
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure::Error(e.to_string())
    }
}

/// Runs one entry point: catches panics, reports errors through `host`.
///
/// # Safety
///
/// `host` must be null or point to valid callbacks for the duration of the call.
pub(crate) unsafe fn guard(
    host: *const HostCallbacks,
    body: impl FnOnce() -> Result<(), Failure>,
) -> i32 {
    let was_guarded = GUARDED.replace(true);
    let outcome = catch_unwind(AssertUnwindSafe(body));
    GUARDED.set(was_guarded);
    let (status, message) = match outcome {
        Ok(Ok(())) => return STATUS_OK,
        Ok(Err(Failure::HostWrite)) => return STATUS_ERROR,
        Ok(Err(Failure::Error(message))) => (STATUS_ERROR, message),
        Err(payload) => {
            let mut message = panic_message(payload.as_ref());
            if let Some(location) = take_panic_location() {
                message.push_str(&format!(" (at {location})"));
            }
            (STATUS_PANIC, message)
        }
    };
    // SAFETY: the caller guarantees `host` is null or valid.
    if let Some(host) = unsafe { host.as_ref() } {
        let report = || {
            // SAFETY: `host` is valid for this call; the message outlives it.
            unsafe { (host.error)(host.context, Bytes::new(message.as_bytes())) }
        };
        // The host's callback does not panic, but nothing may unwind from here.
        let _ = catch_unwind(AssertUnwindSafe(report));
    }
    status
}

thread_local! {
    /// Whether this thread is inside [`guard`], and where the last panic there
    /// happened (kept by the panic hook).
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static PANIC_LOCATION: std::cell::RefCell<Option<String>> =
        const { std::cell::RefCell::new(None) };
}

/// Wraps the panic hook of this library's copy of the standard library (a
/// cdylib links its own; the host's hook is untouched): a panic inside
/// [`guard`] is not printed but has its location recorded, which `guard` adds
/// to the message it reports to the host, so the host prints one clean error.
/// Any other panic goes to the previous hook as before.
fn quiet_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !GUARDED.try_with(std::cell::Cell::get).unwrap_or(false) {
            return previous(info);
        }
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
        let _ = PANIC_LOCATION.try_with(|cell| {
            if let Ok(mut slot) = cell.try_borrow_mut() {
                *slot = location;
            }
        });
    }));
}

/// The location recorded for the last panic on this thread, if any.
fn take_panic_location() -> Option<String> {
    PANIC_LOCATION
        .try_with(|cell| cell.try_borrow_mut().ok().and_then(|mut slot| slot.take()))
        .ok()
        .flatten()
}

/// The text of a panic payload (`panic!("...")` gives a `&str` or a `String`).
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

impl GuestExporter {
    /// Runs `write` against this exporter's buffer, then hands the buffer to the host.
    ///
    /// # Safety
    ///
    /// `host` must point to valid callbacks for the duration of the call.
    pub(crate) unsafe fn call(
        &mut self,
        host: *const HostCallbacks,
        write: impl FnOnce(&mut Inner, &mut Vec<u8>) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        self.buffer.clear();
        let result = write(&mut self.inner, &mut self.buffer);
        // Whatever was written before an error still goes out, as it would have
        // to a file: the host discards a failed output as a whole.
        // SAFETY: the caller guarantees `host`.
        let sent = unsafe { send(host, &self.buffer) };
        if self.buffer.capacity() > KEPT_BUFFER {
            self.buffer = Vec::new();
        }
        result?;
        sent
    }

    /// The name of this exporter's format, for messages.
    pub(crate) fn format_name(&self) -> String {
        GUEST
            .get()
            .and_then(|g| g.spec.formats.get(self.format))
            .map_or("?", |(info, _)| info.name.as_ref())
            .to_owned()
    }
}

/// Writes `bytes` through the host's `write` callback.
///
/// # Safety
///
/// `host` must be null or point to valid callbacks for the duration of the call.
unsafe fn send(host: *const HostCallbacks, bytes: &[u8]) -> Result<(), Failure> {
    if bytes.is_empty() {
        return Ok(());
    }
    // SAFETY: the caller guarantees `host` is null or valid.
    let host = unsafe { host.as_ref() }.ok_or(Failure::Error("no host callbacks".into()))?;
    // SAFETY: `host` is valid; `bytes` outlives the call.
    match unsafe { (host.write)(host.context, Bytes::new(bytes)) } {
        0 => Ok(()),
        _ => Err(Failure::HostWrite),
    }
}

/// The exporter behind a handle.
///
/// # Safety
///
/// `exporter` must be null or a handle from `create` not yet destroyed, used by
/// one thread at a time.
pub(crate) unsafe fn exporter<'e>(exporter: *mut c_void) -> Result<&'e mut GuestExporter, Failure> {
    // SAFETY: per the caller's guarantee, a non-null handle is a live GuestExporter.
    unsafe { exporter.cast::<GuestExporter>().as_mut() }
        .ok_or_else(|| Failure::Error("null exporter handle".into()))
}

unsafe extern "C" fn create(
    format: usize,
    options: Bytes,
    host: *const HostCallbacks,
    out: *mut *mut c_void,
    flags: *mut u32,
) -> i32 {
    let body = || {
        if out.is_null() || flags.is_null() {
            return Err(Failure::Error("null output pointer".into()));
        }
        let guest = GUEST
            .get()
            .ok_or(Failure::Error("the plugin was not initialised".into()))?;
        let (info, make) = guest.spec.formats.get(format).ok_or_else(|| {
            Failure::Error(format!(
                "no format #{format}: the plugin has {}",
                guest.spec.formats.len()
            ))
        })?;
        // SAFETY: the host passes options valid for this call.
        let options = unsafe { options.as_slice() };
        let wire: WireOptions = serde_json::from_slice(options)
            .map_err(|e| format!("cannot read the options of `{}`: {e}", info.name))?;
        let links = wire.links.then(|| Arc::new(CurrentLinks::default()));
        let options = wire.to_options(links.clone());
        let (inner, independent) = match make {
            Make::Articles(factory) => {
                let inner = factory(&options).map_err(Failure::from_export)?;
                let independent = inner.independent_articles();
                (Inner::Articles(inner), independent)
            }
            #[cfg(feature = "records")]
            Make::Records(factory) => (
                Inner::Records(factory(&options).map_err(Failure::from_export)?),
                false,
            ),
        };
        let exporter = Box::new(GuestExporter {
            format,
            inner,
            links,
            buffer: Vec::new(),
        });
        // SAFETY: both pointers were checked non-null; the host owns them for this call.
        unsafe {
            *flags = if independent {
                abi::EXPORTER_INDEPENDENT_ARTICLES
            } else {
                0
            };
            *out = Box::into_raw(exporter).cast();
        }
        Ok(())
    };
    // SAFETY: the host passes valid callbacks for this call.
    unsafe { guard(host, body) }
}

unsafe extern "C" fn begin(handle: *mut c_void, host: *const HostCallbacks) -> i32 {
    // SAFETY: the host passes a live handle and valid callbacks (ABI contract).
    unsafe {
        guard(host, || {
            exporter(handle)?.call(host, |e, out| e.begin(out).map_err(Failure::from_export))
        })
    }
}

unsafe extern "C" fn end(handle: *mut c_void, host: *const HostCallbacks) -> i32 {
    // SAFETY: as in `begin`.
    unsafe {
        guard(host, || {
            exporter(handle)?.call(host, |e, out| e.end(out).map_err(Failure::from_export))
        })
    }
}

unsafe extern "C" fn article(
    handle: *mut c_void,
    article: Bytes,
    links: Bytes,
    host: *const HostCallbacks,
) -> i32 {
    // SAFETY: as in `begin`; both byte strings are valid for this call.
    unsafe {
        guard(host, || {
            let exporter = exporter(handle)?;
            let name = || exporter.format_name();
            let parsed: Article<'_> = serde_json::from_slice(article.as_slice()).map_err(|e| {
                format!(
                    "format `{}` cannot read the article it was sent: {e}",
                    name()
                )
            })?;
            if let Some(current) = &exporter.links {
                let links = links.as_slice();
                let links = if links.is_empty() {
                    ArticleLinks::default()
                } else {
                    serde_json::from_slice(links).map_err(|e| {
                        format!("format `{}` cannot read the links it was sent: {e}", name())
                    })?
                };
                current.set(links);
            }
            exporter.call(host, |e, out| match e {
                Inner::Articles(e) => e.article(out, &parsed).map_err(Failure::from_export),
                #[cfg(feature = "records")]
                Inner::Records(_) => Err(Failure::Error(
                    "this format writes records: the host sent it an article".to_owned(),
                )),
            })
        })
    }
}

unsafe extern "C" fn destroy(handle: *mut c_void) {
    if handle.is_null() {
        return;
    }
    // A format's Drop that panics must not unwind into the host; there is no one
    // to report it to, and the exporter is gone either way.
    let _ = catch_unwind(|| {
        // SAFETY: the host destroys each handle from `create` exactly once.
        drop(unsafe { Box::from_raw(handle.cast::<GuestExporter>()) });
    });
}

//! The error type of exporting.

use std::io;

/// Why an export failed.
///
/// Exporting a parsed article cannot fail on its content: every format escapes or
/// replaces whatever it cannot represent. What remains are write errors, an unknown
/// format name, and failures reported by a format that is not built in.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// No format of that name is registered.
    #[error("unknown format `{name}`; the formats are: {known}")]
    UnknownFormat {
        /// The name asked for.
        name: String,
        /// The registered names, comma-separated, for the message.
        known: String,
    },
    /// Writing the output failed (disk full, closed pipe, ...).
    #[error(transparent)]
    Io(#[from] io::Error),
    /// A JSON serialisation error that is not an I/O error. The source is the
    /// JSON library's error, boxed so that this type does not tie callers to
    /// that library's version.
    #[error("cannot write JSON: {0}")]
    Json(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A CSV error that is not an I/O error (boxed, like [`ExportError::Json`]).
    #[error("cannot write CSV: {0}")]
    Csv(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A format that is not built in failed: what a plugin's exporter returns
    /// (the host that loaded the plugin reports it as [`ExportError::Other`]).
    #[error("format `{format}` failed: {message}")]
    Format {
        /// The format's name.
        format: String,
        /// What went wrong, as the format reported it.
        message: String,
    },
    /// A format defined elsewhere failed with its own error type: the plugin
    /// host's `PluginFailure` (naming the format, the plugin and its file),
    /// or a library user's. Match the variant and downcast the box to read it.
    #[error(transparent)]
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl ExportError {
    /// The I/O error kind, when the failure was an I/O error: lets a caller stay
    /// quiet about [`io::ErrorKind::BrokenPipe`] (`dateline convert ... | head`).
    pub fn io_kind(&self) -> Option<io::ErrorKind> {
        match self {
            ExportError::Io(e) => Some(e.kind()),
            _ => None,
        }
    }
}

impl From<serde_json::Error> for ExportError {
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            ExportError::Io(e.into())
        } else {
            ExportError::Json(Box::new(e))
        }
    }
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        ExportError::Csv(Box::new(e))
    }
}

impl From<ExportError> for io::Error {
    fn from(e: ExportError) -> Self {
        match e {
            ExportError::Io(io) => io,
            other => io::Error::other(other),
        }
    }
}

/// Shorthand for a result of exporting.
pub type Result<T, E = ExportError> = std::result::Result<T, E>;

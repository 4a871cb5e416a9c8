//! The one error type of the commands, and the exit code of each kind.

use std::io;

use clap::error::ErrorKind;
use dateline_corpus::CorpusError;
use dateline_export::ExportError;
use dateline_links::linker::OutletsFileError;

use crate::plugins::FatalPluginError;

/// Exit code: every input read was valid (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// Exit code: at least one input had an error (it was reported, the run went on).
pub const EXIT_INPUT_ERRORS: u8 = 1;
/// Exit code: the command line could not be acted on: clap's usage errors, a
/// file named by a flag that cannot be used (`--outlets`, `--files-from`,
/// `--plugin`).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the run failed: its output could not be written, or a format
/// (a plugin's, say) failed. Unlike 1, this is not about the inputs.
pub const EXIT_FAILURE: u8 = 3;

/// How a command that ran ends: every input valid, or some had errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every input was valid (warnings allowed): exit 0.
    Clean,
    /// Some input had an error, reported: exit 1.
    InputErrors,
}

impl Status {
    /// `InputErrors` when `failed` inputs is not zero.
    pub fn from_failed(failed: u64) -> Status {
        if failed == 0 {
            Status::Clean
        } else {
            Status::InputErrors
        }
    }

    /// The exit code.
    pub fn code(self) -> u8 {
        match self {
            Status::Clean => EXIT_OK,
            Status::InputErrors => EXIT_INPUT_ERRORS,
        }
    }
}

/// Why a command did not run to its end.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line asks for something that cannot be done (an unknown
    /// format, a page format without `-o DIR`): printed as clap prints its own.
    #[error("{message}")]
    Usage {
        /// clap's kind of error.
        kind: ErrorKind,
        /// What is wrong, and how to put it right.
        message: String,
    },
    /// A `--plugin` (or `--plugin-dir`) that cannot be used.
    #[error(transparent)]
    Plugin(#[from] FatalPluginError),
    /// The `--outlets` file cannot be used.
    #[error(transparent)]
    Outlets(#[from] OutletsFileError),
    /// The run could not start (the `--files-from` list) or go on.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// A format failed (a plugin's returned an error or panicked).
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The output could not be written.
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl CliError {
    /// A usage error of `kind`.
    pub fn usage(kind: ErrorKind, message: impl Into<String>) -> CliError {
        CliError::Usage {
            kind,
            message: message.into(),
        }
    }

    /// The exit code of the error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage { .. } | CliError::Plugin(_) | CliError::Outlets(_) => EXIT_USAGE,
            CliError::Corpus(CorpusError::FilesFrom { .. } | CorpusError::StdinTwice) => EXIT_USAGE,
            CliError::Corpus(_) | CliError::Export(_) | CliError::Io(_) => EXIT_FAILURE,
        }
    }

    /// Whether the error is a closed standard output (`dateline ... | head`):
    /// the reader has all it wants; the run ends quietly, with exit code 0,
    /// as ripgrep's does.
    pub fn is_broken_pipe(&self) -> bool {
        let io = match self {
            CliError::Io(e) => Some(e),
            CliError::Export(ExportError::Io(e)) => Some(e),
            _ => None,
        };
        io.is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// Prints the error on standard error, as clap prints usage errors.
    pub fn report(&self) {
        match self {
            CliError::Usage { kind, message } => {
                let _ = clap::Error::raw(*kind, format!("{message}\n")).print();
            }
            other => {
                use std::io::Write;
                // Errors name files (an input, an outlets file, a plugin):
                // escaped line by line, so that no name steers the terminal.
                let message = other.to_string();
                let mut err = io::stderr().lock();
                for (i, line) in message.lines().enumerate() {
                    let lead = if i == 0 { "error: " } else { "" };
                    let _ = writeln!(err, "{lead}{}", dateline_core::printable(line));
                }
            }
        }
    }
}

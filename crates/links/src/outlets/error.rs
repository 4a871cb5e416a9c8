//! [`GazetteerError`]: why a gazetteer file could not be read, or two
//! gazetteers merged.
//!
//! Shared with the crate's build script, which reports a broken built-in file
//! with these messages.

/// Why a gazetteer file could not be loaded, or two gazetteers merged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GazetteerError {
    /// The file could not be read.
    #[error("cannot read the gazetteer: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not TOML, or not in the gazetteer's format (a missing or
    /// unknown field, a wrong type, an unknown kind).
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column (in characters) of the error.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A record breaks a rule of the format (empty name, bad domain...).
    #[error("line {line}: outlet {id:?}: {message}")]
    Invalid {
        /// 1-based line where the record starts.
        line: usize,
        /// The record's id, as written.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// Two records of one file claim the same id, name key or domain.
    #[error("line {line}: outlet {id:?}: {what} {key:?} is already claimed by outlet {other:?}")]
    Duplicate {
        /// 1-based line where the later record starts.
        line: usize,
        /// The later record's id.
        id: String,
        /// `"id"`, `"name"` or `"domain"`.
        what: &'static str,
        /// The id, name key or domain claimed twice.
        key: String,
        /// The id of the earlier record.
        other: String,
    },
    /// After a merge, two outlets claim the same name key or domain.
    #[error(
        "{}{what} {key:?} is claimed by both outlet {first:?} and outlet {second:?}",
        line.map(|l| format!("line {l}: ")).unwrap_or_default()
    )]
    Conflict {
        /// The 1-based line where the record of the overrides involved starts,
        /// when the overrides were read from a file.
        line: Option<usize>,
        /// `"name"` or `"domain"`.
        what: &'static str,
        /// The name key or domain claimed twice.
        key: String,
        /// One outlet's id.
        first: String,
        /// The other outlet's id.
        second: String,
    },
}

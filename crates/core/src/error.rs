//! The error type of parsing.

use std::fmt;

use crate::diagnostic::Diagnostic;

/// An input was rejected. Holds every error diagnostic found (at least one), in
/// source order; render them with [`Diagnostic::render`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The errors, in source order. Never empty.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParseError {
    pub(crate) fn new(mut diagnostics: Vec<Diagnostic>) -> ParseError {
        debug_assert!(!diagnostics.is_empty(), "a parse error without diagnostic");
        diagnostics.sort_by_key(|d| d.span.start);
        ParseError { diagnostics }
    }

    /// The first error.
    pub fn first(&self) -> Option<&Diagnostic> {
        self.diagnostics.first()
    }
}

impl From<Diagnostic> for ParseError {
    fn from(diagnostic: Diagnostic) -> ParseError {
        ParseError::new(vec![diagnostic])
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.diagnostics.as_slice() {
            [] => f.write_str("invalid article"),
            [only] => write!(f, "{only}"),
            [first, rest @ ..] => write!(f, "{first} (and {} more)", rest.len()),
        }
    }
}

impl std::error::Error for ParseError {}

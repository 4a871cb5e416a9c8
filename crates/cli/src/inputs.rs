//! The one input of `parse`: a file, or `-` for standard input. (Corpus commands
//! read through [`source`](crate::source).)

use std::io::{self, Read};
use std::path::PathBuf;

/// One input to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input (article id: none).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The name to print in diagnostics.
    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// The article id: the file stem.
    pub fn article_id(&self) -> Option<String> {
        match self {
            Input::Stdin => None,
            Input::File(p) => p.file_stem().map(|s| s.to_string_lossy().into_owned()),
        }
    }

    /// Reads all bytes.
    pub fn read(&self) -> io::Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                let mut buf = Vec::new();
                io::stdin().lock().read_to_end(&mut buf)?;
                Ok(buf)
            }
            Input::File(p) => std::fs::read(p),
        }
    }
}

//! Finding the inputs: files named on the command line, directories walked in a
//! deterministic order, `-` for standard input.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

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

/// A path that could not be turned into inputs.
#[derive(Debug)]
pub struct WalkError {
    pub path: PathBuf,
    pub error: io::Error,
}

/// Expands `paths` into inputs: files as given, directories recursively (only files
/// ending in `.txt`, sorted by name, hidden entries skipped), `-` as stdin.
/// Unreadable paths are returned as errors beside the inputs, so the caller can
/// report them and go on.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<WalkError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(error) => errors.push(WalkError {
                path: path.clone(),
                error,
            }),
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<WalkError>) {
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && is_article_file(e.path()) => {
                inputs.push(Input::File(e.into_path()));
            }
            Ok(_) => {}
            Err(e) => errors.push(WalkError {
                path: e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf),
                error: e.into(),
            }),
        }
    }
}

fn is_article_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

//! How many articles a corpus holds, counted from directory listings without
//! reading a file: what a progress display needs to show a real percentage
//! and ETA while the run itself walks the inputs lazily (in bounded memory,
//! it lists a directory only when it gets there).

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::source::{Archive, Kind, Listing, Rules};

/// The articles a run over a corpus will find ([`crate::Corpus::count`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Count {
    /// Article files, `-`, and inputs that cannot be read (each is one item
    /// of the run: an error).
    pub articles: u64,
    /// Archives found: their members are known only by decompressing them,
    /// so they are not in `articles`.
    pub archives: u64,
    /// Whether a `--files-from` list on standard input could not be counted.
    pub list_on_stdin: bool,
}

impl Count {
    /// Whether `articles` is the number of items the run will have (no
    /// archive, no list on standard input).
    pub fn is_exact(&self) -> bool {
        self.archives == 0 && !self.list_on_stdin
    }
}

/// Counts what a walk of `paths` and the list `files_from` finds, by the same
/// rules (hidden entries skipped, links to directories not followed, article
/// files by extension in directories, any file named directly).
pub(crate) fn count(
    paths: &[std::path::PathBuf],
    files_from: Option<&Path>,
    rules: &Rules,
) -> Count {
    let mut count = Count::default();
    for path in paths {
        count.path(path, rules);
    }
    match files_from {
        Some(list) if list.as_os_str() == "-" => count.list_on_stdin = true,
        // A list that cannot be opened is reported by the run: nothing to count.
        Some(list) => {
            if let Ok(file) = fs::File::open(list) {
                for line in BufReader::new(file).split(b'\n') {
                    let Ok(mut line) = line else { break };
                    while line.last() == Some(&b'\r') {
                        line.pop();
                    }
                    if !line.is_empty() {
                        count.path(&crate::source::path_from_bytes(&line), rules);
                    }
                }
            }
        }
        None => {}
    }
    count
}

impl Count {
    fn path(&mut self, path: &Path, rules: &Rules) {
        if path.as_os_str() == "-" {
            self.articles += 1;
            return;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => self.dir(path, rules),
            Ok(_) if Archive::of(path).is_some() => self.archives += 1,
            // A file, or an input that will be reported as unreadable.
            _ => self.articles += 1,
        }
    }

    fn dir(&mut self, dir: &Path, rules: &Rules) {
        let Ok(listing) = Listing::read(dir) else {
            // Reported by the run as one failed item.
            self.articles += 1;
            return;
        };
        for (name, kind) in listing.iter() {
            let path = dir.join(name);
            match kind {
                Kind::Dir => self.dir(&path, rules),
                Kind::File if Archive::of(&path).is_some() => self.archives += 1,
                Kind::File if rules.is_article(&path) => self.articles += 1,
                Kind::File | Kind::Other => {}
            }
        }
    }
}

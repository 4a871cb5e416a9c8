//! What can stop a run before or outside its inputs. (A bad input is not one of
//! these: it is a [`Rejected`](crate::Rejected) item, and the run goes on.)

use std::io;
use std::path::PathBuf;

/// Why a corpus run could not start or go on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CorpusError {
    /// The `--files-from` list could not be opened.
    #[error("cannot read the --files-from list {}: {source}", path.display())]
    FilesFrom {
        /// The list.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Standard input was asked for twice: as an article (`-`) and as the list.
    #[error(
        "standard input cannot be both an article (`-`) and the --files-from list \
         (`--files-from -`)"
    )]
    StdinTwice,
    /// The cross-reference index cannot take more articles.
    #[error("cannot index the corpus: {0}")]
    Index(#[from] dateline_links::CorpusError),
    /// The worker threads could not be started.
    #[error("cannot start the worker threads: {0}")]
    Threads(String),
}

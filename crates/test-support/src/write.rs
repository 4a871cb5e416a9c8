//! Writing a generated corpus to disk (the `gen-corpus` subcommand).

use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;

use crate::generator::{GenConfig, GeneratedArticle, corpus};

/// Where and how much to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    /// Output directory; created if missing.
    pub out_dir: PathBuf,
    /// Stop once at least this many bytes were written (overshoot is less
    /// than one article).
    pub budget_bytes: u64,
    /// Spread files over numbered subdirectories (`0000/`, `0001/`, ...)
    /// of at most this many files each; `None` writes a flat directory.
    pub files_per_dir: Option<u64>,
    /// Write even if `out_dir` is not empty. Existing files with the same
    /// names are overwritten; other files are left alone.
    pub force: bool,
}

/// What [`write_corpus`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteSummary {
    /// Article files written.
    pub files: u64,
    /// Bytes written (sum of file sizes).
    pub bytes: u64,
    /// Subdirectories created (0 for a flat layout).
    pub dirs: u64,
}

/// Generates the corpus described by `cfg` and writes it under
/// `opts.out_dir`, refusing a non-empty directory unless `opts.force`.
pub fn write_corpus(cfg: &GenConfig, opts: &WriteOptions) -> io::Result<WriteSummary> {
    prepare_out_dir(&opts.out_dir, opts.force)?;
    if opts.files_per_dir == Some(0) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--files-per-dir must be at least 1",
        ));
    }
    let mut summary = WriteSummary {
        files: 0,
        bytes: 0,
        dirs: 0,
    };
    // Generation runs on its own thread so that it overlaps with the file
    // system work (which dominates, especially under writeback pressure);
    // the bounded channel keeps memory flat and preserves article order.
    let (tx, rx) = mpsc::sync_channel::<GeneratedArticle>(256);
    thread::scope(|scope| {
        scope.spawn(move || {
            for article in corpus(cfg, opts.budget_bytes) {
                // A send error means the writer stopped on an error: stop too.
                if tx.send(article).is_err() {
                    break;
                }
            }
        });
        let mut current_dir: Option<(u64, PathBuf)> = None;
        for article in rx {
            let dir = match opts.files_per_dir {
                None => opts.out_dir.clone(),
                Some(k) => {
                    let shard = article.index / k;
                    match &current_dir {
                        Some((s, path)) if *s == shard => path.clone(),
                        _ => {
                            let path = opts.out_dir.join(format!("{shard:04}"));
                            fs::create_dir_all(&path).map_err(|e| {
                                context(e, format!("cannot create directory {}", path.display()))
                            })?;
                            summary.dirs += 1;
                            current_dir = Some((shard, path.clone()));
                            path
                        }
                    }
                }
            };
            let path = dir.join(&article.file_name);
            // Each article is already one contiguous buffer, so a single
            // `write_all` is one syscall; a BufWriter would only add a copy.
            let mut file = File::create(&path)
                .map_err(|e| context(e, format!("cannot create {}", path.display())))?;
            file.write_all(article.text.as_bytes())
                .map_err(|e| context(e, format!("cannot write {}", path.display())))?;
            summary.files += 1;
            summary.bytes += article.text.len() as u64;
        }
        Ok(summary)
    })
}

/// `error` with `message` in front, its kind kept.
fn context(error: io::Error, message: String) -> io::Error {
    io::Error::new(error.kind(), format!("{message}: {error}"))
}

/// Creates `dir` if needed and checks that it is an empty directory (or
/// that `force` allows writing into it).
fn prepare_out_dir(dir: &Path, force: bool) -> io::Result<()> {
    match fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "output path {} exists and is not a directory",
                dir.display()
            ),
        )),
        Ok(_) => {
            let mut entries = fs::read_dir(dir).map_err(|e| {
                context(e, format!("cannot read output directory {}", dir.display()))
            })?;
            if !force && entries.next().is_some() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!(
                        "output directory {} is not empty; pass --force to write into it anyway",
                        dir.display()
                    ),
                ));
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(dir).map_err(|e| {
            context(
                e,
                format!("cannot create output directory {}", dir.display()),
            )
        }),
        Err(e) => Err(context(e, format!("cannot access {}", dir.display()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(dir: &Path) -> WriteOptions {
        WriteOptions {
            out_dir: dir.to_path_buf(),
            budget_bytes: 40_000,
            files_per_dir: None,
            force: false,
        }
    }

    #[test]
    fn writes_flat_and_matches_in_memory_corpus() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("new");
        let cfg = GenConfig::new(3);
        let summary = write_corpus(&cfg, &opts(&out)).expect("write");
        let expected: Vec<_> = corpus(&cfg, 40_000).collect();
        assert_eq!(summary.files, expected.len() as u64);
        assert_eq!(summary.dirs, 0);
        for a in &expected {
            let on_disk = fs::read(out.join(&a.file_name)).expect("read back");
            assert_eq!(on_disk, a.text.as_bytes());
        }
        assert_eq!(
            summary.bytes,
            expected.iter().map(|a| a.text.len() as u64).sum::<u64>()
        );
    }

    #[test]
    fn refuses_non_empty_dir_without_force() {
        let tmp = tempfile::tempdir().expect("tempdir");
        fs::write(tmp.path().join("keep.txt"), "x").expect("write");
        let err = write_corpus(&GenConfig::new(1), &opts(tmp.path())).expect_err("must refuse");
        assert!(err.to_string().contains("--force"), "{err}");
        let mut o = opts(tmp.path());
        o.force = true;
        write_corpus(&GenConfig::new(1), &o).expect("force writes");
        assert!(tmp.path().join("keep.txt").exists());
    }

    #[test]
    fn refuses_a_file_as_output() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let file = tmp.path().join("f");
        fs::write(&file, "x").expect("write");
        let err = write_corpus(&GenConfig::new(1), &opts(&file)).expect_err("must refuse");
        assert!(err.to_string().contains("not a directory"), "{err}");
    }

    #[test]
    fn files_per_dir_shards() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut o = opts(tmp.path());
        o.files_per_dir = Some(4);
        let s = write_corpus(&GenConfig::new(2), &o).expect("write");
        assert_eq!(s.dirs, s.files.div_ceil(4));
        let first: Vec<_> = fs::read_dir(tmp.path().join("0000"))
            .expect("shard 0")
            .collect();
        assert_eq!(first.len(), 4);
    }
}

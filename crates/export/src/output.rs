//! Writing exports to disk so that an interrupted run leaves no half-written file.
//!
//! - [`AtomicFile`]: one output file (a stream format's `-o FILE`), written under
//!   a temporary name in its directory and renamed into place when complete.
//! - [`PageDir`]: a page format's directory: one atomic file per article, named
//!   with a [`FileNamer`] so that no id can reach outside the directory or
//!   overwrite another article's page, plus the format's index page.
//!
//! A file that is not [`commit`](AtomicFile::commit)ted (an error, a panic) is
//! removed when dropped. Every temporary file alive is registered, so that a
//! signal handler can remove them all ([`remove_temporary_files`]): what
//! `dateline` does on SIGINT and SIGTERM. A process killed outright (SIGKILL,
//! a power cut) can leave a temporary `.dateline-*.tmp` file beside the
//! outputs, never a truncated output.
//!
//! Only regular files are replaced that way. An output path naming a device or
//! a pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written directly: renaming a
//! file over it would replace the device. A symbolic link is followed, whether
//! its target exists or not (one rule): the file it points to is written
//! (created if missing), and the link stays.
//!
//! Errors name the path the caller gave, never the temporary file's.
//!
//! A [`PageDir`] holds a lock on its directory while it lives (a
//! `.dateline.lock` file, made only if absent): a second run into the same
//! directory fails at once, naming it, instead of interleaving its pages and
//! index with the first's.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use dateline_core::Article;
use tempfile::NamedTempFile;

use crate::{Exporter, FileNamer, FormatInfo, Index, IndexEntry, Result};

/// An output file that appears, complete, only when committed.
///
/// ```
/// use std::io::Write;
/// use dateline_export::output::AtomicFile;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("corpus.jsonl");
/// let mut file = AtomicFile::create(&path)?;
/// file.write_all(b"{}\n")?;
/// assert!(!path.exists(), "not there before commit");
/// file.commit()?;
/// assert_eq!(std::fs::read(&path)?, b"{}\n");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct AtomicFile {
    file: Target,
    path: PathBuf,
    /// The temporary file's entry in [`LIVE`], while there is one. Declared
    /// after `file`, so dropped after the file is removed.
    _registered: Option<Registered>,
}

/// The temporary files of this process not yet committed or removed.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// [`LIVE`], whatever a panicking thread left it as (a list of paths stays
/// usable).
fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A path in [`LIVE`] until dropped.
#[derive(Debug)]
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        let mut live = live();
        if let Some(i) = live.iter().rposition(|p| *p == self.0) {
            live.swap_remove(i);
        }
    }
}

/// Removes every temporary file of this process that is not committed yet
/// (those of [`AtomicFile`]s and [`PageDir`]s, the lock of a page
/// directory), for a handler of SIGINT or SIGTERM to call before it exits.
///
/// While the returned guard lives no file is committed and no new temporary
/// file is made: hold it until the process exits, so that nothing appears
/// after the removal. Returns the number of files removed with the guard.
pub fn remove_temporary_files() -> (usize, impl Sized) {
    let live = live();
    let removed = live
        .iter()
        .filter(|path| std::fs::remove_file(path).is_ok())
        .count();
    (removed, live)
}

/// Where an [`AtomicFile`]'s bytes go.
#[derive(Debug)]
enum Target {
    /// A temporary file, renamed to `final_path` (the link's target, for a
    /// symbolic link) on commit.
    Temporary {
        file: BufWriter<NamedTempFile>,
        final_path: PathBuf,
    },
    /// A device or pipe, written as it is.
    Direct(BufWriter<std::fs::File>),
}

impl AtomicFile {
    /// Starts writing `path`: creates a temporary file in its directory (which
    /// must exist). An existing file at `path` stays as it is until the commit.
    /// A device or pipe at `path` is opened and written directly; a symbolic
    /// link is followed (see the [module docs](self)).
    pub fn create(path: impl AsRef<Path>) -> io::Result<AtomicFile> {
        let path = path.as_ref();
        AtomicFile::create_unnamed(path).map_err(|e| naming(path, e))
    }

    fn create_unnamed(path: &Path) -> io::Result<AtomicFile> {
        // `metadata` follows links: what the path finally names.
        let final_path = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "it is a directory: give a file name",
                ));
            }
            Ok(meta) if !meta.is_file() => {
                let file = std::fs::OpenOptions::new().write(true).open(path)?;
                return Ok(AtomicFile {
                    file: Target::Direct(BufWriter::with_capacity(64 * 1024, file)),
                    path: path.to_path_buf(),
                    _registered: None,
                });
            }
            Ok(_) if path.is_symlink() => std::fs::canonicalize(path)?,
            // A dangling link: its target, made (followed as an existing link is).
            Err(_) if path.is_symlink() => link_target(path)?,
            _ => path.to_path_buf(),
        };
        let dir = match final_path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".dateline-").suffix(".tmp");
        // A temporary file is private (0600); the output is an ordinary file:
        // 0666 less the umask, as `File::create` would make it.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        // Made and registered under the lock, so that a signal handler
        // removing the files sees every one.
        let (temp, registered) = {
            let mut live = live();
            // tempfile's error names the temporary file: ours names the output
            // (in `create`), with the cause alone.
            let temp = builder
                .tempfile_in(dir)
                .map_err(|e| io::Error::new(e.kind(), cause(&e)))?;
            let path = temp.path().to_path_buf();
            live.push(path.clone());
            (temp, Registered(path))
        };
        Ok(AtomicFile {
            file: Target::Temporary {
                file: BufWriter::with_capacity(64 * 1024, temp),
                final_path,
            },
            path: path.to_path_buf(),
            _registered: Some(registered),
        })
    }

    /// The path the file will have.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the file and renames it to its path, replacing any file there
    /// (a device or pipe is only flushed).
    pub fn commit(self) -> io::Result<()> {
        let path = self.path;
        let named = |e| naming(&path, e);
        match self.file {
            Target::Temporary { file, final_path } => {
                let temp = file.into_inner().map_err(|e| named(e.into_error()))?;
                // Under the lock: a signal handler removes the temporary file
                // before the rename or finds it renamed, never half-way.
                let _live = live();
                if !temp.path().exists() {
                    // Removed by a signal handler that has since let go of the
                    // lock (it exits while holding it; this is belt and braces).
                    return Err(named(io::Error::new(
                        io::ErrorKind::Interrupted,
                        "interrupted: the output was removed",
                    )));
                }
                temp.persist(&final_path).map_err(|e| named(e.error))?;
            }
            Target::Direct(mut file) => file.flush().map_err(named)?,
        }
        Ok(())
    }

    fn writer(&mut self) -> &mut dyn Write {
        match &mut self.file {
            Target::Temporary { file, .. } => file,
            Target::Direct(file) => file,
        }
    }
}

/// Where the dangling symbolic link `link` points, followed through links to
/// links (at most 40, as the kernel does), relative targets taken from the
/// link's directory.
fn link_target(link: &Path) -> io::Result<PathBuf> {
    let mut at = link.to_path_buf();
    for _ in 0..40 {
        if !at.is_symlink() {
            return Ok(at);
        }
        let target = std::fs::read_link(&at)?;
        at = match at.parent() {
            Some(dir) => dir.join(target),
            None => target,
        };
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The cause of an I/O error without the path tempfile adds to it (`No space
/// left on device`, not `... at path "/x/.dateline-ab12.tmp"`).
fn cause(error: &io::Error) -> String {
    let text = error.to_string();
    match text.find(" at path ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// `error`, its message naming `path` (the kind is kept).
fn naming(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("cannot write {}: {error}", path.display()),
    )
}

/// Errors name the output file.
impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf).map_err(|e| naming(&self.path, e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer()
            .write_all(buf)
            .map_err(|e| naming(&self.path, e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush().map_err(|e| naming(&self.path, e))
    }
}

/// The lock of a page directory: its `.dateline.lock` file, made only if
/// absent, removed when dropped (and by [`remove_temporary_files`]).
#[derive(Debug)]
struct DirLock {
    path: PathBuf,
    _registered: Registered,
}

/// The name of a page directory's lock file.
pub const LOCK_FILE: &str = ".dateline.lock";

impl DirLock {
    fn take(dir: &Path) -> io::Result<DirLock> {
        let path = dir.join(LOCK_FILE);
        let mut live = live();
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                // Who holds it, for whoever finds it left behind.
                let _ = writeln!(file, "{}", std::process::id());
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(io::Error::new(
                    e.kind(),
                    format!(
                        "{} is in use by another dateline run (its lock {} exists): wait for \
                         that run to end, or remove the lock if no run is writing there \
                         (a run killed with SIGKILL leaves it)",
                        dir.display(),
                        path.display()
                    ),
                ));
            }
            Err(e) => return Err(naming(&path, e)),
        }
        live.push(path.clone());
        Ok(DirLock {
            _registered: Registered(path.clone()),
            path,
        })
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A directory of pages: one file per article, and the format's index.
///
/// Files are named from article ids by a [`FileNamer`] (an article without an id
/// is named `article`), so every file lands directly in the directory, and two
/// articles never share a file. Each file is an [`AtomicFile`]. The index (for
/// `html`, `index.html`) is written as the articles come and committed by
/// [`finish`](PageDir::finish).
///
/// ```
/// use dateline_export::{Options, formats, output::PageDir};
///
/// let dir = tempfile::tempdir()?;
/// let info = formats::find("html").unwrap();
/// let mut pages = PageDir::create(dir.path(), &info, formats::create("html", &Options::new())?)?;
/// let text = "Talks\n20220131\nhttps://example.com/\nThey went on.\n";
/// let article = dateline_core::parse(text).unwrap().with_id("../../evil");
/// let path = pages.write(&article)?;
/// assert_eq!(path, dir.path().join("_._.__evil.html"));
/// pages.finish()?;
/// assert!(dir.path().join("index.html").exists());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PageDir {
    /// Declared first: the lock goes last, after the index is dropped.
    _lock: DirLock,
    dir: PathBuf,
    extension: String,
    exporter: Box<dyn Exporter>,
    namer: FileNamer,
    index: Option<(Box<dyn Index>, AtomicFile)>,
    written: usize,
}

impl PageDir {
    /// Prepares `dir` (created with its parents if missing) for pages of the
    /// format `info`, written by `exporter`, and starts the index if the format
    /// has one.
    pub fn create(
        dir: impl Into<PathBuf>,
        info: &FormatInfo,
        exporter: Box<dyn Exporter>,
    ) -> Result<PageDir> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|e| {
            let e = match e.kind() {
                io::ErrorKind::AlreadyExists | io::ErrorKind::NotADirectory => io::Error::new(
                    e.kind(),
                    "it is a file, and a page format writes a directory: give a directory",
                ),
                _ => e,
            };
            naming(&dir, e)
        })?;
        let lock = DirLock::take(&dir)?;
        let namer = FileNamer::for_pages(&*exporter);
        let index = match exporter.index() {
            Some(mut index) => {
                let name = crate::safe_file_name(index.file_name(), "");
                let mut file = AtomicFile::create(dir.join(name))?;
                index.begin(&mut file)?;
                Some((index, file))
            }
            None => None,
        };
        Ok(PageDir {
            _lock: lock,
            dir,
            extension: info.extension.to_string(),
            exporter,
            namer,
            index,
            written: 0,
        })
    }

    /// Writes `article` to its own file and lists it in the index. Returns the
    /// file's path.
    pub fn write(&mut self, article: &Article<'_>) -> Result<PathBuf> {
        let name = self
            .namer
            .next(article.id.as_deref().unwrap_or(""), &self.extension);
        let path = PageDir::write_page(&self.dir, &name, &mut *self.exporter, article)?;
        self.list(&IndexEntry::new(article, &name))?;
        Ok(path)
    }

    /// The directory the pages go to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The extension of the pages, without the dot.
    pub fn extension(&self) -> &str {
        &self.extension
    }

    /// A namer that hands out page names as [`write`](PageDir::write) does (the
    /// index's name reserved), for writing pages in parallel.
    ///
    /// [`write`](PageDir::write) does everything in one call, on one thread. To
    /// write pages from several threads, split it in three, keeping the order of
    /// the articles where it matters:
    /// 1. in article order, name each page with this namer:
    ///    `namer.next(id, pages.extension())` (the name depends on the names
    ///    before it);
    /// 2. on any thread, write it with [`PageDir::write_page`] and an exporter of
    ///    the format (one per thread);
    /// 3. in article order, [`list`](PageDir::list) it in the index.
    ///
    /// Do not mix this with [`write`](PageDir::write) on the same directory: the
    /// two namers do not know each other's names.
    ///
    /// ```
    /// use dateline_export::{IndexEntry, Options, formats, output::PageDir};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let info = formats::find("html").unwrap();
    /// let mut pages = PageDir::create(dir.path(), &info, formats::create("html", &Options::new())?)?;
    /// let mut namer = pages.namer();
    /// let text = "Talks\n20220131\nhttps://example.com/\nThey went on.\n";
    /// let article = dateline_core::parse(text).unwrap().with_id("index");
    /// let name = namer.next("index", pages.extension()); // in order
    /// assert_eq!(name, "index-2.html");
    /// let mut exporter = formats::create("html", &Options::new())?; // on a worker thread
    /// PageDir::write_page(pages.dir(), &name, &mut *exporter, &article)?;
    /// pages.list(&IndexEntry::new(&article, &name))?; // in order
    /// assert_eq!(pages.finish()?, 1);
    /// assert!(dir.path().join("index-2.html").exists());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn namer(&self) -> FileNamer {
        self.namer.clone()
    }

    /// Writes `article` as the page `file_name` in `dir` with `exporter` (of the
    /// directory's format, with its options): one whole document in an
    /// [`AtomicFile`]. Returns the file's path. It touches nothing else, so it can
    /// run on any thread; `file_name` comes from [`PageDir::namer`].
    pub fn write_page(
        dir: &Path,
        file_name: &str,
        exporter: &mut dyn Exporter,
        article: &Article<'_>,
    ) -> Result<PathBuf> {
        let path = dir.join(file_name);
        let mut file = AtomicFile::create(&path)?;
        exporter.begin(&mut file)?;
        exporter.article(&mut file, article)?;
        exporter.end(&mut file)?;
        file.commit()?;
        Ok(path)
    }

    /// Lists a page written with [`PageDir::write_page`] in the index (a no-op
    /// for a format without one) and counts it.
    pub fn list(&mut self, entry: &IndexEntry<'_>) -> Result<()> {
        if let Some((index, out)) = &mut self.index {
            index.entry(out, entry)?;
        }
        self.written += 1;
        Ok(())
    }

    /// How many pages were written.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Ends and commits the index. Returns the number of pages written.
    pub fn finish(self) -> Result<usize> {
        if let Some((mut index, mut out)) = self.index {
            index.end(&mut out)?;
            for (path, page) in index.pages() {
                // Paths the index made; still, none may leave the directory.
                let relative = Path::new(&path);
                if relative.is_absolute()
                    || relative
                        .components()
                        .any(|c| !matches!(c, std::path::Component::Normal(_)))
                {
                    return Err(crate::ExportError::Io(io::Error::other(format!(
                        "an index page outside the output directory: {path}"
                    ))));
                }
                let target = self.dir.join(relative);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let mut file = AtomicFile::create(&target)?;
                file.write_all(&page)?;
                file.commit()?;
            }
            out.commit()?;
        }
        Ok(self.written)
    }
}

impl std::fmt::Debug for PageDir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageDir")
            .field("dir", &self.dir)
            .field("extension", &self.extension)
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, formats};

    fn article(id: &str) -> Article<'static> {
        dateline_core::parse("Talks\n20220131\nhttps://example.com/\nThey went on.\n")
            .map(|a| a.with_id(id.to_owned()).into_owned())
            .expect("parses")
    }

    #[test]
    fn uncommitted_files_leave_nothing() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("out.csv");
        std::fs::write(&path, b"old").expect("write");
        {
            let mut file = AtomicFile::create(&path).expect("create");
            file.write_all(b"half").expect("write");
            // Dropped without commit: an error or a panic mid-export.
        }
        assert_eq!(std::fs::read(&path).expect("read"), b"old");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(left.len(), 1, "no temporary file left");
    }

    /// `-o /dev/stdout`, `-o /dev/null`, a named pipe: renaming a temporary
    /// file over the path would replace the device or pipe with a file.
    #[cfg(unix)]
    #[test]
    fn a_pipe_is_written_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().expect("a temp dir");
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).expect("reads the pipe"))
        };
        let mut file = AtomicFile::create(&fifo).expect("opens the pipe");
        file.write_all(b"through the pipe\n").expect("write");
        file.commit().expect("commit");
        assert_eq!(reader.join().expect("the reader"), b"through the pipe\n");
        let kind = std::fs::symlink_metadata(&fifo).expect("stat").file_type();
        assert!(kind.is_fifo(), "still a pipe: {kind:?}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(left.len(), 1, "no temporary file");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_followed_and_kept() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let target = dir.path().join("data").join("out.jsonl");
        std::fs::create_dir(dir.path().join("data")).expect("mkdir");
        std::fs::write(&target, b"old").expect("write");
        let link = dir.path().join("latest.jsonl");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        let mut file = AtomicFile::create(&link).expect("create");
        file.write_all(b"new").expect("write");
        assert_eq!(
            std::fs::read(&target).expect("read"),
            b"old",
            "until the commit"
        );
        file.commit().expect("commit");
        assert!(link.is_symlink(), "the link stays a link");
        assert_eq!(std::fs::read(&target).expect("read"), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn committed_files_have_ordinary_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("out.jsonl");
        let file = AtomicFile::create(&path).expect("create");
        file.commit().expect("commit");
        let atomic = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        let plain_path = dir.path().join("plain");
        std::fs::File::create(&plain_path).expect("create");
        let plain = std::fs::metadata(&plain_path)
            .expect("stat")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(atomic, plain, "as File::create makes them");
    }

    #[test]
    fn pages_stay_inside_the_directory_and_apart() {
        let root = tempfile::tempdir().expect("a temp dir");
        let dir = root.path().join("out/nested");
        let info = formats::find("html").expect("html");
        let exporter = formats::create("html", &Options::new()).expect("html");
        let mut pages = PageDir::create(&dir, &info, exporter).expect("create");
        let ids = [
            "../escape",
            "/etc/passwd",
            "a",
            "A",
            "index",
            "..",
            "",
            "con",
            "x\\..\\y",
        ];
        for id in ids {
            let path = pages.write(&article(id)).expect("write");
            assert_eq!(
                path.parent(),
                Some(dir.as_path()),
                "{id:?} -> {}",
                path.display()
            );
        }
        assert_eq!(pages.finish().expect("finish"), ids.len());
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.len(), ids.len() + 1, "{names:?}");
        assert!(names.contains(&"index.html".to_owned()));
        assert!(names.contains(&"index-2.html".to_owned()), "{names:?}");
        // Nothing was written outside `out/nested`.
        let outside: Vec<_> = std::fs::read_dir(root.path()).expect("list").collect();
        assert_eq!(outside.len(), 1);
        let index = std::fs::read_to_string(dir.join("index.html")).expect("index");
        assert_eq!(index.matches("<tr><td").count(), ids.len());
    }
}

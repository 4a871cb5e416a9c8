//! Where articles come from: files, directories, standard input, a list of paths,
//! and tar archives read as streams.
//!
//! [`walk`] visits every input in a deterministic order and hands each to a visitor
//! as an [`Entry`]:
//!
//! - a path named on the command line or in the `--files-from` list is read as an
//!   article whatever its extension, unless it is a directory or an archive;
//! - a directory is walked recursively in byte order of names, hidden entries
//!   (`.name`) left out, symbolic links to files followed and to directories not;
//!   files with an article extension ([`Rules`]) are articles, archives are read,
//!   anything else is [`Entry::Skipped`];
//! - an archive (`.tar`, `.tar.gz`/`.tgz`, `.tar.zst`/`.tzst`, by extension) is
//!   decompressed as a stream, never unpacked to disk: its regular members with an
//!   article extension are articles, in archive order, named `ARCHIVE:MEMBER`, with
//!   the member's stem as the article id; a hard link is read as the member it
//!   links to; other files are skipped; symbolic links and special members are
//!   [`Entry::Unsupported`] (reported, never dropped silently);
//! - `-` is standard input, one article without an id.
//!
//! A file on disk is not read here: its [`Payload::Path`] is read by whoever
//! processes the item (a worker thread, with a [`Reader`]), so reading runs in
//! parallel. Standard
//! input and archive members are read here, one at a time. A path, directory or
//! archive member that cannot be read becomes an item with [`Payload::Failed`]:
//! an error for that item, not for the walk. Memory holds one directory listing
//! (names only) per level of the walk and one archive member.

use std::borrow::Cow;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use dateline_core::ids::UniqueIds;

use crate::CorpusError;

/// The largest allocation made up front for an archive member, whatever its header
/// claims (a corrupt header must not make us allocate gigabytes before reading).
const MAX_PREALLOCATION: u64 = 16 << 20;

/// The largest article read by default: 64 MiB. A real article is a few
/// kilobytes; the cap keeps a hostile input (a 1 GiB archive member that
/// compresses to a few megabytes) from taking that much memory.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 64 << 20;

/// Which files in a directory or an archive are articles, and how large an
/// article may be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Lower-case extensions without the dot.
    extensions: Vec<String>,
    /// The largest article, in bytes.
    max_article_bytes: u64,
}

impl Rules {
    /// Articles are files ending in one of `extensions` (`txt`, `.text`: compared
    /// ignoring ASCII case, a leading dot ignored).
    pub fn new<S: AsRef<str>>(extensions: impl IntoIterator<Item = S>) -> Rules {
        let extensions = extensions
            .into_iter()
            .map(|e| {
                e.as_ref()
                    .trim()
                    .trim_start_matches('.')
                    .to_ascii_lowercase()
            })
            .filter(|e| !e.is_empty())
            .collect();
        Rules {
            extensions,
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
        }
    }

    /// These rules with articles capped at `bytes` (default
    /// [`DEFAULT_MAX_ARTICLE_BYTES`]): a larger file, member or standard input
    /// is a failed item, never read whole.
    #[must_use]
    pub fn max_article_bytes(mut self, bytes: u64) -> Rules {
        self.max_article_bytes = bytes;
        self
    }

    /// The largest article, in bytes.
    pub fn article_limit(&self) -> u64 {
        self.max_article_bytes
    }

    /// Whether `path` names an article file.
    pub fn is_article(&self, path: &Path) -> bool {
        path.file_name()
            .is_some_and(|name| self.is_article_name(name.as_encoded_bytes()))
    }

    /// [`Rules::is_article`] of a file name's bytes (`OsStr::as_encoded_bytes`):
    /// what a walk asks of every file it lists, without parsing a path.
    fn is_article_name(&self, name: &[u8]) -> bool {
        extension(name).is_some_and(|ext| {
            self.extensions
                .iter()
                .any(|e| ext.eq_ignore_ascii_case(e.as_bytes()))
        })
    }
}

/// The extension of a file name, as [`Path::extension`] has it: after the
/// last `.`, unless that dot starts the name (`.txt` has none; `a.` has an
/// empty one).
fn extension(name: &[u8]) -> Option<&[u8]> {
    if name == b".." {
        return None;
    }
    let dot = name.iter().rposition(|&b| b == b'.')?;
    (dot > 0).then(|| &name[dot + 1..])
}

/// How an archive is compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Archive {
    /// `.tar`
    Tar,
    /// `.tar.gz`, `.tgz`
    Gzip,
    /// `.tar.zst`, `.tzst`
    Zstd,
}

impl Archive {
    /// The archive kind of `path`, from its name (ignoring ASCII case).
    pub fn of(path: &Path) -> Option<Archive> {
        Archive::of_name(path.file_name()?.as_encoded_bytes())
    }

    /// [`Archive::of`] a file name's bytes (`OsStr::as_encoded_bytes`): asked
    /// of every file a walk lists, so compared in place, not lowercased into a
    /// new string, and without parsing a path.
    fn of_name(name: &[u8]) -> Option<Archive> {
        // A name that is not UTF-8 is no archive (as it was never one).
        let name = std::str::from_utf8(name).ok()?.as_bytes();
        let ends_with = |suffix: &str| {
            name.len()
                .checked_sub(suffix.len())
                .is_some_and(|start| name[start..].eq_ignore_ascii_case(suffix.as_bytes()))
        };
        if ends_with(".tar") {
            Some(Archive::Tar)
        } else if ends_with(".tar.gz") || ends_with(".tgz") {
            Some(Archive::Gzip)
        } else if ends_with(".tar.zst") || ends_with(".tzst") {
            Some(Archive::Zstd)
        } else {
            None
        }
    }
}

/// One article to process.
///
/// A file's name and id are made from its path only when asked for (a worker
/// asks only to report a problem, or to set the id), not for every file found.
#[derive(Debug)]
pub struct Item {
    /// Its bytes, or where to read them, or why they could not be had.
    pub payload: Payload,
    /// The name and id, when they are not the payload's path and stem.
    given: Option<(String, Option<String>)>,
    /// The id it wanted, when [`Item::claim_id`] had to give it another.
    renamed_from: Option<String>,
}

impl Item {
    /// A file to read.
    pub fn file(path: PathBuf) -> Item {
        Item {
            payload: Payload::Path(path),
            given: None,
            renamed_from: None,
        }
    }

    /// An item with this name and id.
    pub fn named(name: String, id: Option<String>, payload: Payload) -> Item {
        Item {
            payload,
            given: Some((name, id)),
            renamed_from: None,
        }
    }

    /// The name to print: the path, `ARCHIVE:MEMBER`, or `<stdin>`.
    pub fn name(&self) -> Cow<'_, str> {
        match (&self.given, &self.payload) {
            (Some((name, _)), _) => Cow::Borrowed(name),
            (None, Payload::Path(path)) => path.to_string_lossy(),
            (None, _) => Cow::Borrowed("<unknown>"),
        }
    }

    /// Makes the item's id unique among `ids` by dateline's one rule
    /// ([`dateline_core::ids`]): its stem if free, else the stem with `-2`,
    /// `-3`, ...; `stdin` for standard input. What a [`Corpus`](crate::Corpus)
    /// run does for every item, in input order.
    pub fn claim_id(&mut self, ids: &mut UniqueIds) {
        let wanted = self.id().unwrap_or(Cow::Borrowed("stdin"));
        let id = ids.claim(&wanted);
        let renamed_from = (id != wanted).then(|| wanted.into_owned());
        let name = self.name().into_owned();
        self.given = Some((name, Some(id)));
        self.renamed_from = renamed_from;
    }

    /// The id the item wanted (its stem), when another item had it first and
    /// [`Item::claim_id`] gave this one another.
    pub fn renamed_from(&self) -> Option<&str> {
        self.renamed_from.as_deref()
    }

    /// The article id: the file's (or member's) stem, or what
    /// [`Item::claim_id`] made unique; none for standard input before that.
    pub fn id(&self) -> Option<Cow<'_, str>> {
        match (&self.given, &self.payload) {
            (Some((_, id)), _) => id.as_deref().map(Cow::Borrowed),
            (None, Payload::Path(path)) => path.file_stem().map(|s| s.to_string_lossy()),
            (None, _) => None,
        }
    }
}

/// The content of an [`Item`].
#[derive(Debug)]
pub enum Payload {
    /// A file not read yet: [`Reader::read`] reads it.
    Path(PathBuf),
    /// Bytes already read (standard input, an archive member).
    Bytes(Vec<u8>),
    /// The item could not be read; the error says why, naming what it can.
    Failed(io::Error),
}

impl Payload {
    /// The bytes held in memory now (0 for a file not read yet).
    pub fn held(&self) -> usize {
        match self {
            Payload::Bytes(bytes) => bytes.len(),
            Payload::Path(_) | Payload::Failed(_) => 0,
        }
    }
}

/// Reads payloads, reusing one buffer: a worker's.
///
/// A file is read with `open` and `read` calls only (no `stat` for its size, no
/// allocation once the buffer has grown to the largest file), which matters when
/// a corpus is hundreds of thousands of small files.
#[derive(Debug)]
pub struct Reader {
    /// Always initialised to its full length; the file's bytes are a prefix.
    scratch: Vec<u8>,
    /// Bytes handed over by a [`Payload::Bytes`].
    held: Vec<u8>,
    /// The largest file read, in bytes.
    limit: u64,
}

impl Default for Reader {
    fn default() -> Reader {
        Reader::with_limit(DEFAULT_MAX_ARTICLE_BYTES)
    }
}

/// The error for an article over the size cap: `what` (a file, a member,
/// standard input) holds more than `limit` bytes (`size` when known).
pub fn too_large(size: Option<u64>, limit: u64) -> io::Error {
    let size = match size {
        Some(size) => format!("{size} bytes"),
        None => format!("more than {limit} bytes"),
    };
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "the article is too large: {size}, over the limit of {limit} bytes \
             (--max-article-size); not read"
        ),
    )
}

/// The smallest read buffer.
const MIN_READ_BUFFER: usize = 32 * 1024;

impl Reader {
    /// A reader with no buffer yet, reading articles up to
    /// [`DEFAULT_MAX_ARTICLE_BYTES`].
    pub fn new() -> Reader {
        Reader::default()
    }

    /// A reader with no buffer yet that refuses a file over `limit` bytes
    /// (reading stops at the limit: the file is never held whole).
    pub fn with_limit(limit: u64) -> Reader {
        Reader {
            scratch: Vec::new(),
            held: Vec::new(),
            limit,
        }
    }

    /// The bytes of `payload`: read from disk for a [`Payload::Path`] (which
    /// stays), taken from a [`Payload::Bytes`], or the error taken from a
    /// [`Payload::Failed`] (both left empty). They live until the next call.
    pub fn read(&mut self, payload: &mut Payload) -> io::Result<&[u8]> {
        match payload {
            Payload::Path(path) => {
                let n = self.read_file(path)?;
                Ok(&self.scratch[..n])
            }
            Payload::Bytes(bytes) => {
                self.held = std::mem::take(bytes);
                Ok(&self.held)
            }
            Payload::Failed(_) => match std::mem::replace(payload, Payload::Bytes(Vec::new())) {
                Payload::Failed(error) => Err(error),
                _ => Err(io::Error::other("the item was read already")),
            },
        }
    }

    fn read_file(&mut self, path: &Path) -> io::Result<usize> {
        let mut file = File::open(path)?;
        if self.scratch.len() < MIN_READ_BUFFER {
            self.scratch.resize(MIN_READ_BUFFER, 0);
        }
        let mut n = 0;
        // One byte past the limit says the file is over it.
        let most = usize::try_from(self.limit.saturating_add(1)).unwrap_or(usize::MAX);
        loop {
            if n >= most {
                return Err(too_large(file.metadata().ok().map(|m| m.len()), self.limit));
            }
            if n == self.scratch.len() {
                self.scratch.resize((2 * n).min(most.max(n + 1)), 0);
            }
            match file.read(&mut self.scratch[n..]) {
                Ok(0) => return Ok(n),
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// What [`walk`] finds, in order.
#[derive(Debug)]
pub enum Entry {
    /// An article to process.
    Item(Item),
    /// A file that is not an article (by extension), left out.
    Skipped,
    /// A hint for a progress bar: this many more articles were found ahead (a
    /// directory listing was read). Not an item.
    Ahead(u64),
    /// Something that is not read, and is reported: a symbolic link or a
    /// special member in an archive, a FIFO, socket or device in a directory.
    Unsupported {
        /// Its name: the path, or `ARCHIVE:MEMBER`.
        name: String,
        /// What it is: `a symbolic link (to x.txt)`, `a FIFO`.
        what: String,
    },
}

/// The inputs of a run: paths, then the paths of a list.
pub struct Inputs {
    paths: Vec<PathBuf>,
    list: Option<(String, Box<dyn BufRead + Send>)>,
    /// Standard input read already (to be read again), if it was.
    stdin: Option<Arc<[u8]>>,
}

impl Inputs {
    /// `paths` in order, then each line of the file `files_from` (`-`: standard
    /// input) as a path. The list is opened now, so that a missing list is an
    /// error of the run, named, before anything is processed. Blank lines are
    /// ignored; a trailing `\r` is removed.
    ///
    /// # Errors
    ///
    /// [`CorpusError::FilesFrom`] if the list cannot be opened,
    /// [`CorpusError::StdinTwice`] if standard input is both an article and the
    /// list.
    pub fn open(paths: Vec<PathBuf>, files_from: Option<&Path>) -> Result<Inputs, CorpusError> {
        Inputs::open_with(paths, files_from, None)
    }

    /// [`Inputs::open`], with standard input already read into `stdin` (when
    /// a corpus is read twice: see [`Corpus::buffer_stdin`](crate::Corpus::buffer_stdin)).
    ///
    /// # Errors
    ///
    /// As [`Inputs::open`].
    pub fn open_with(
        paths: Vec<PathBuf>,
        files_from: Option<&Path>,
        stdin: Option<Arc<[u8]>>,
    ) -> Result<Inputs, CorpusError> {
        let list = match files_from {
            None => None,
            Some(list) if list.as_os_str() == "-" => {
                if paths.iter().any(|p| p.as_os_str() == "-") {
                    return Err(CorpusError::StdinTwice);
                }
                let reader: Box<dyn BufRead + Send> = match &stdin {
                    Some(bytes) => Box::new(io::Cursor::new(Arc::clone(bytes))),
                    None => Box::new(BufReader::new(io::stdin())),
                };
                Some(("<stdin>".to_owned(), reader))
            }
            Some(list) => {
                let name = list.display().to_string();
                let file = File::open(list).map_err(|source| CorpusError::FilesFrom {
                    path: list.to_owned(),
                    source,
                })?;
                let reader: Box<dyn BufRead + Send> = Box::new(BufReader::new(file));
                Some((name, reader))
            }
        };
        Ok(Inputs { paths, list, stdin })
    }
}

/// Visits every input of `inputs` in order, handing each entry to `visit`, until
/// `visit` breaks.
pub fn walk(
    inputs: Inputs,
    rules: &Rules,
    visit: &mut dyn FnMut(Entry) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let mut walker = Walker {
        rules,
        visit,
        stdin: inputs.stdin.clone(),
    };
    for path in &inputs.paths {
        walker.path(path)?;
    }
    if let Some((name, mut list)) = inputs.list {
        let mut line = Vec::new();
        loop {
            line.clear();
            match list.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    let error =
                        io::Error::new(e.kind(), format!("cannot read the --files-from list: {e}"));
                    return walker.failed(name, None, error);
                }
            }
            let mut text = line.as_slice();
            while let [rest @ .., b'\n' | b'\r'] = text {
                text = rest;
            }
            if text.is_empty() {
                continue;
            }
            walker.path(&path_from_bytes(text))?;
        }
    }
    ControlFlow::Continue(())
}

#[cfg(unix)]
pub(crate) fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(OsString::from_vec(bytes.to_vec()))
}

#[cfg(not(unix))]
pub(crate) fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// The stem of `path` as an article id.
fn stem(path: &Path) -> Option<String> {
    path.file_stem().map(|s| s.to_string_lossy().into_owned())
}

/// Whether a name is hidden (`.git`, `._x.txt`).
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// What a directory entry is, as far as the walk cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Dir,
    File,
    /// A FIFO, socket or device: not read.
    Other,
}

struct Walker<'a> {
    rules: &'a Rules,
    visit: &'a mut dyn FnMut(Entry) -> ControlFlow<()>,
    /// Standard input, when it was read before the walk.
    stdin: Option<Arc<[u8]>>,
}

impl Walker<'_> {
    fn emit(&mut self, entry: Entry) -> ControlFlow<()> {
        (self.visit)(entry)
    }

    fn failed(&mut self, name: String, id: Option<String>, error: io::Error) -> ControlFlow<()> {
        self.emit(Entry::Item(Item::named(name, id, Payload::Failed(error))))
    }

    /// A path from the command line or the list.
    fn path(&mut self, path: &Path) -> ControlFlow<()> {
        if path.as_os_str() == "-" {
            let payload = match &self.stdin {
                Some(bytes) if bytes.len() as u64 > self.rules.max_article_bytes => {
                    Payload::Failed(too_large(None, self.rules.max_article_bytes))
                }
                Some(bytes) => Payload::Bytes(bytes.to_vec()),
                None => read_bounded(io::stdin().lock(), None, self.rules.max_article_bytes),
            };
            self.emit(Entry::Ahead(1))?;
            return self.emit(Entry::Item(Item::named(
                "<stdin>".to_owned(),
                None,
                payload,
            )));
        }
        match fs::metadata(path) {
            Err(error) => self.failed(path.display().to_string(), stem(path), error),
            Ok(meta) if meta.is_dir() => self.dir(path),
            Ok(_) => match Archive::of(path) {
                Some(kind) => self.archive(path, kind),
                None => {
                    self.emit(Entry::Ahead(1))?;
                    self.emit(Entry::Item(Item::file(path.to_path_buf())))
                }
            },
        }
    }

    fn dir(&mut self, dir: &Path) -> ControlFlow<()> {
        let listing = match Listing::read(dir) {
            Ok(listing) => listing,
            Err(e) => {
                let error = io::Error::new(e.kind(), format!("cannot read the directory: {e}"));
                return self.failed(dir.display().to_string(), None, error);
            }
        };
        let ahead = listing
            .iter()
            .filter(|(name, kind)| {
                *kind == Kind::File && self.rules.is_article_name(name.as_encoded_bytes())
            })
            .count();
        self.emit(Entry::Ahead(ahead as u64))?;
        for (name, kind) in listing.iter() {
            let path = dir.join(&name);
            // A file's kind is read from its name's bytes: parsing a path for
            // each file (`Path::extension`) cost more than the name.
            let named = name.as_encoded_bytes();
            match kind {
                Kind::Dir => self.dir(&path)?,
                Kind::File => match Archive::of_name(named) {
                    Some(archive) => self.archive(&path, archive)?,
                    None if self.rules.is_article_name(named) => {
                        self.emit(Entry::Item(Item::file(path)))?;
                    }
                    None => self.emit(Entry::Skipped)?,
                },
                Kind::Other => self.emit(Entry::Unsupported {
                    name: path.display().to_string(),
                    what: "a FIFO, socket or device".to_owned(),
                })?,
            }
        }
        ControlFlow::Continue(())
    }

    fn archive(&mut self, path: &Path, kind: Archive) -> ControlFlow<()> {
        let archive_name = path.display().to_string();
        let open = || -> io::Result<Box<dyn Read>> {
            Ok(Box::new(BufReader::with_capacity(
                256 * 1024,
                File::open(path)?,
            )))
        };
        self.archive_stream(archive_name, &open, kind)
    }

    /// The members of the archive `open` gives (compressed as `kind` says).
    /// `open` is called again for each hard-link member, to read the member
    /// it links to from the start of the stream: a hard link costs a second
    /// read of the archive up to its target, and memory stays one member.
    fn archive_stream<'o>(
        &mut self,
        archive_name: String,
        open: &dyn Fn() -> io::Result<Box<dyn Read + 'o>>,
        kind: Archive,
    ) -> ControlFlow<()> {
        let reader = match open().and_then(|raw| decompress(raw, kind)) {
            Ok(reader) => reader,
            Err(error) => {
                let error =
                    io::Error::new(error.kind(), format!("cannot read the archive: {error}"));
                return self.failed(archive_name, None, error);
            }
        };
        let mut archive = tar::Archive::new(reader);
        let entries = match archive.entries() {
            Ok(entries) => entries,
            Err(error) => {
                let error =
                    io::Error::new(error.kind(), format!("cannot read the archive: {error}"));
                return self.failed(archive_name, None, error);
            }
        };
        let mut last: Option<String> = None;
        for (index, entry) in entries.enumerate() {
            let mut entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    // A corrupt or truncated header: the stream cannot be followed
                    // any further. The members before it were processed.
                    let at = match &last {
                        Some(member) => format!("after the member {member}"),
                        None => "before its first member".to_owned(),
                    };
                    let error = io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("the archive is truncated or corrupt {at}: {error}"),
                    );
                    return self.failed(archive_name, None, error);
                }
            };
            let member_kind = MemberKind::of(entry.header().entry_type());
            if member_kind == MemberKind::Metadata {
                continue; // directories, long names, PAX records
            }
            let member = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let member_path = PathBuf::from(&member);
            let hidden = member_path
                .components()
                .any(|c| matches!(c, Component::Normal(n) if is_hidden(n)));
            if hidden {
                continue;
            }
            let name = format!("{archive_name}:{member}");
            if let MemberKind::Unsupported(what) = member_kind {
                let what = match entry.link_name_bytes() {
                    Some(target) if what == "a symbolic link" => {
                        format!("a symbolic link (to {})", String::from_utf8_lossy(&target))
                    }
                    _ => what.to_owned(),
                };
                self.emit(Entry::Unsupported { name, what })?;
                last = Some(member);
                continue;
            }
            if !self.rules.is_article(&member_path) {
                self.emit(Entry::Skipped)?;
                last = Some(member);
                continue;
            }
            let id = stem(&member_path);
            let limit = self.rules.max_article_bytes;
            let payload = if member_kind == MemberKind::HardLink {
                let target = entry.link_name_bytes().map(|t| t.into_owned());
                hard_link(open, kind, target.as_deref(), index, limit)
            } else {
                let size = entry.size();
                if size > limit {
                    // Over the cap: not read. The tar reader skips its data on
                    // the way to the next header, so the stream goes on.
                    self.emit(Entry::Ahead(1))?;
                    self.failed(name, id, too_large(Some(size), limit))?;
                    last = Some(member);
                    continue;
                }
                match member_bytes(&mut entry, size, limit) {
                    Payload::Failed(error) => {
                        // The stream is broken mid-member: nothing after it can
                        // be trusted.
                        self.emit(Entry::Ahead(1))?;
                        return self.failed(name, id, error);
                    }
                    payload => payload,
                }
            };
            self.emit(Entry::Ahead(1))?;
            self.emit(Entry::Item(Item::named(name, id, payload)))?;
            last = Some(member);
        }
        ControlFlow::Continue(())
    }
}

/// What a tar member is, as far as the walk cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MemberKind {
    /// A regular file (or a contiguous or sparse one).
    File,
    /// A hard link: the bytes of an earlier member, under another name.
    HardLink,
    /// A directory or a record of metadata (long names, PAX headers).
    Metadata,
    /// Not read, and said so: a symbolic link, a device, a FIFO, an unknown type.
    Unsupported(&'static str),
}

impl MemberKind {
    fn of(kind: tar::EntryType) -> MemberKind {
        use tar::EntryType as T;
        match kind {
            T::Regular | T::Continuous | T::GNUSparse => MemberKind::File,
            T::Link => MemberKind::HardLink,
            T::Directory | T::GNULongName | T::GNULongLink | T::XHeader | T::XGlobalHeader => {
                MemberKind::Metadata
            }
            T::Symlink => MemberKind::Unsupported("a symbolic link"),
            T::Char => MemberKind::Unsupported("a character device"),
            T::Block => MemberKind::Unsupported("a block device"),
            T::Fifo => MemberKind::Unsupported("a FIFO"),
            _ => MemberKind::Unsupported("a member of an unknown type"),
        }
    }
}

/// The bytes of a regular member of `size` bytes (at most `limit`), or why
/// the stream broke inside it.
fn member_bytes(entry: &mut impl Read, size: u64, limit: u64) -> Payload {
    match read_bounded(entry, Some(size), limit) {
        Payload::Bytes(bytes) if bytes.len() as u64 != size => Payload::Failed(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!(
                "the archive member is truncated: {} of {size} bytes",
                bytes.len()
            ),
        )),
        Payload::Failed(error) => Payload::Failed(io::Error::new(
            error.kind(),
            format!("the archive member is truncated or corrupt: {error}"),
        )),
        payload => payload,
    }
}

/// The bytes of the regular member `target` that a hard link at `index`
/// names: the archive is read again from its start up to the link (a link
/// names an earlier member), and the last member of that name before it is
/// read. Bounded like any member; a failed payload when there is no such
/// member.
fn hard_link<'o>(
    open: &dyn Fn() -> io::Result<Box<dyn Read + 'o>>,
    kind: Archive,
    target: Option<&[u8]>,
    index: usize,
    limit: u64,
) -> Payload {
    let Some(target) = target else {
        return Payload::Failed(io::Error::new(
            io::ErrorKind::InvalidData,
            "a hard link that names no member",
        ));
    };
    let shown = String::from_utf8_lossy(target).into_owned();
    let missing = || {
        Payload::Failed(io::Error::new(
            io::ErrorKind::NotFound,
            format!("a hard link to `{shown}`, which is no earlier regular member of the archive"),
        ))
    };
    let trim = |p: &[u8]| -> Vec<u8> {
        let mut p = p;
        while let Some(rest) = p.strip_prefix(b"./") {
            p = rest;
        }
        p.to_vec()
    };
    let wanted = trim(target);
    let reread = || -> io::Result<Payload> {
        let mut archive = tar::Archive::new(decompress(open()?, kind)?);
        // The position (among the entries before the link) of the last
        // regular member named `target`: a later one of the same name
        // replaces an earlier one, as when unpacking.
        let mut found = None;
        for (i, entry) in archive.entries()?.enumerate().take(index) {
            let entry = entry?;
            if MemberKind::of(entry.header().entry_type()) == MemberKind::File
                && trim(&entry.path_bytes()) == wanted
            {
                found = Some(i);
            }
        }
        let Some(at) = found else {
            return Ok(missing());
        };
        let mut archive = tar::Archive::new(decompress(open()?, kind)?);
        let Some(entry) = archive.entries()?.nth(at) else {
            return Ok(missing());
        };
        let mut entry = entry?;
        let size = entry.size();
        if size > limit {
            return Ok(Payload::Failed(too_large(Some(size), limit)));
        }
        Ok(member_bytes(&mut entry, size, limit))
    };
    match reread() {
        Ok(payload) => payload,
        Err(error) => Payload::Failed(io::Error::new(
            error.kind(),
            format!("cannot read the member the hard link `{shown}` names: {error}"),
        )),
    }
}

/// Visits the members of the tar stream `open` gives, decompressed as `kind`
/// says, as [`walk`] does for an archive file named `name`: articles as
/// [`Entry::Item`] named `NAME:MEMBER` (id: the member's stem), hard links
/// read as the member they link to (`open` is called again for each), other
/// files as [`Entry::Skipped`], symbolic links and special members as
/// [`Entry::Unsupported`], a corrupt or truncated stream as one failed item
/// after which nothing more is visited. What the fuzz target drives.
pub fn walk_archive<'r, R: Read + 'r>(
    name: &str,
    open: impl Fn() -> io::Result<R> + 'r,
    kind: Archive,
    rules: &Rules,
    visit: &mut dyn FnMut(Entry) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let open = || -> io::Result<Box<dyn Read + 'r>> { Ok(Box::new(open()?)) };
    Walker {
        rules,
        visit,
        stdin: None,
    }
    .archive_stream(name.to_owned(), &open, kind)
}

/// A directory's entries, sorted by name, hidden ones left out.
///
/// A walk in name order must hold a directory's names before it can visit the
/// first; they are kept in one buffer (about 30 bytes a file for the generator's
/// names), so that a flat directory of hundreds of thousands of files stays cheap.
pub(crate) struct Listing {
    names: Vec<u8>,
    /// The start and end of each name in `names`, and what it is.
    entries: Vec<(u32, u32, Kind)>,
}

impl Listing {
    pub(crate) fn read(dir: &Path) -> io::Result<Listing> {
        let mut listing = Listing {
            names: Vec::new(),
            entries: Vec::new(),
        };
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name();
            if is_hidden(&name) {
                continue;
            }
            let file_type = entry.file_type()?;
            let kind = if file_type.is_symlink() {
                // Follow links to files; not to directories (no cycles). A broken
                // link is listed as a file, so that reading it reports the error.
                match fs::metadata(entry.path()) {
                    Ok(meta) if meta.is_dir() => continue,
                    Ok(meta) if meta.is_file() => Kind::File,
                    Ok(_) => Kind::Other,
                    Err(_) => Kind::File,
                }
            } else if file_type.is_dir() {
                Kind::Dir
            } else if file_type.is_file() {
                Kind::File
            } else {
                Kind::Other
            };
            let too_many = || io::Error::other("the directory's names take more than 4 GB");
            let start = u32::try_from(listing.names.len()).map_err(|_| too_many())?;
            listing.names.extend_from_slice(name.as_encoded_bytes());
            let end = u32::try_from(listing.names.len()).map_err(|_| too_many())?;
            listing.entries.push((start, end, kind));
        }
        let names = &listing.names;
        let name = |&(start, end, _): &(u32, u32, Kind)| &names[start as usize..end as usize];
        listing
            .entries
            .sort_unstable_by(|a, b| name(a).cmp(name(b)));
        Ok(listing)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (Cow<'_, std::ffi::OsStr>, Kind)> {
        self.entries
            .iter()
            .map(|&(start, end, kind)| (os_str(&self.names[start as usize..end as usize]), kind))
    }
}

/// A name back from its bytes (those of `OsStr::as_encoded_bytes`).
#[cfg(unix)]
fn os_str(bytes: &[u8]) -> Cow<'_, std::ffi::OsStr> {
    Cow::Borrowed(std::os::unix::ffi::OsStrExt::from_bytes(bytes))
}

/// A name back from its bytes (those of `OsStr::as_encoded_bytes`).
#[cfg(not(unix))]
fn os_str(bytes: &[u8]) -> Cow<'_, std::ffi::OsStr> {
    Cow::Owned(OsString::from(String::from_utf8_lossy(bytes).into_owned()))
}

/// Reads `reader` to its end into memory, `size` bytes expected when known,
/// at most `limit`: more is a failed payload ([`too_large`]), and no more than
/// `limit + 1` bytes are ever read or allocated.
fn read_bounded(reader: impl Read, size: Option<u64>, limit: u64) -> Payload {
    let expected = size.unwrap_or(0).min(limit).min(MAX_PREALLOCATION);
    let mut bytes = Vec::with_capacity(expected as usize);
    match reader.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > limit => Payload::Failed(too_large(size, limit)),
        Ok(_) => Payload::Bytes(bytes),
        Err(error) => Payload::Failed(error),
    }
}

/// The decompressed stream of an archive of `kind` whose bytes `raw` reads.
fn decompress<'a>(raw: Box<dyn Read + 'a>, kind: Archive) -> io::Result<Box<dyn Read + 'a>> {
    Ok(match kind {
        Archive::Tar => raw,
        Archive::Gzip => Box::new(flate2::read::MultiGzDecoder::new(raw)),
        Archive::Zstd => Box::new(zstd::stream::read::Decoder::new(raw)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_compare_extensions_ignoring_case_and_dots() {
        let rules = Rules::new(["txt", ".Text", " "]);
        assert!(rules.is_article(Path::new("a/b.txt")));
        assert!(rules.is_article(Path::new("b.TXT")));
        assert!(rules.is_article(Path::new("b.text")));
        assert!(!rules.is_article(Path::new("b.md")));
        assert!(!rules.is_article(Path::new("txt")));
    }

    #[test]
    fn a_names_extension_is_the_one_path_finds() {
        let names = [
            "a.txt",
            ".txt",
            "a.",
            "..",
            ".",
            "a..txt",
            "a.b.TXT",
            "txt",
            "",
            ".hidden.txt",
            "a.tar.gz",
            "A.TGZ",
            "x.tar.zst",
            "é.tar",
            "a b.txt ",
            "..txt",
            "a.txt.",
        ];
        for name in names {
            assert_eq!(
                extension(name.as_bytes()),
                Path::new(name).extension().map(|e| e.as_encoded_bytes()),
                "{name:?}"
            );
        }
        let rules = Rules::new(["txt"]);
        for name in names {
            let path = Path::new("dir").join(name);
            assert_eq!(
                rules.is_article_name(name.as_bytes()),
                path.file_name() == Some(name.as_ref()) && rules.is_article(&path),
                "{name:?}"
            );
        }
    }

    #[test]
    fn archives_are_known_by_extension() {
        assert_eq!(Archive::of(Path::new("a.tar")), Some(Archive::Tar));
        assert_eq!(Archive::of(Path::new("d/a.TAR.GZ")), Some(Archive::Gzip));
        assert_eq!(Archive::of(Path::new("a.tgz")), Some(Archive::Gzip));
        assert_eq!(Archive::of(Path::new("a.tar.zst")), Some(Archive::Zstd));
        assert_eq!(Archive::of(Path::new("a.tzst")), Some(Archive::Zstd));
        assert_eq!(Archive::of(Path::new("a.gz")), None);
        assert_eq!(Archive::of(Path::new("a.txt")), None);
        // A name that is not UTF-8 is no archive.
        assert_eq!(Archive::of_name(b"\xff.tar"), None);
        assert_eq!(Archive::of_name(b"\xc3\xa9.tar"), Some(Archive::Tar));
    }

    fn names(inputs: Inputs, rules: &Rules) -> Vec<String> {
        let mut seen = Vec::new();
        let _ = walk(inputs, rules, &mut |entry| {
            match entry {
                Entry::Item(item) => seen.push(item.name().into_owned()),
                Entry::Skipped => seen.push("skipped".to_owned()),
                Entry::Ahead(_) => {}
                Entry::Unsupported { name, .. } => seen.push(format!("unsupported {name}")),
            }
            ControlFlow::Continue(())
        });
        seen
    }

    #[test]
    fn directories_are_walked_in_name_order() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let root = dir.path();
        fs::create_dir_all(root.join("b/c")).expect("mkdir");
        fs::create_dir_all(root.join(".git")).expect("mkdir");
        for name in [
            "b/c/2.txt",
            "b/1.txt",
            "a.txt",
            "notes.md",
            ".h.txt",
            ".git/x.txt",
        ] {
            fs::write(root.join(name), "x").expect("write");
        }
        let inputs = Inputs::open(vec![root.to_path_buf()], None).expect("open");
        let rel = |s: &str| root.join(s).display().to_string();
        assert_eq!(
            names(inputs, &Rules::new(["txt"])),
            [
                rel("a.txt"),
                rel("b/1.txt"),
                rel("b/c/2.txt"),
                "skipped".to_owned(),
            ]
        );
    }

    #[test]
    fn a_missing_path_is_a_failed_item() {
        let inputs = Inputs::open(vec![PathBuf::from("/no/such/file.txt")], None).expect("open");
        let mut failed = None;
        let _ = walk(inputs, &Rules::new(["txt"]), &mut |entry| {
            if let Entry::Item(item) = entry
                && let Payload::Failed(e) = &item.payload
            {
                failed = Some((item.name().into_owned(), e.kind()));
            }
            ControlFlow::Continue(())
        });
        assert_eq!(
            failed,
            Some(("/no/such/file.txt".to_owned(), io::ErrorKind::NotFound))
        );
    }

    #[test]
    fn the_reader_reads_files_of_any_size_into_one_buffer() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut reader = Reader::new();
        for size in [
            0,
            1,
            MIN_READ_BUFFER - 1,
            MIN_READ_BUFFER,
            3 * MIN_READ_BUFFER + 7,
            5,
        ] {
            let path = dir.path().join(format!("{size}.txt"));
            let content: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            fs::write(&path, &content).expect("write");
            let read = reader.read(&mut Payload::Path(path)).expect("read");
            assert_eq!(read, content.as_slice(), "{size} bytes");
        }
        assert_eq!(
            reader
                .read(&mut Payload::Bytes(b"held".to_vec()))
                .expect("bytes"),
            b"held"
        );
        let missing = reader.read(&mut Payload::Path(dir.path().join("missing")));
        assert_eq!(missing.map_err(|e| e.kind()), Err(io::ErrorKind::NotFound));
    }

    #[test]
    fn an_archive_from_a_borrowed_stream_reads_hard_links() {
        let mut builder = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_gnu();
        header.set_size(3);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, "./a.txt", &b"abc"[..])
            .expect("append");
        let mut link = tar::Header::new_gnu();
        link.set_entry_type(tar::EntryType::Link);
        link.set_size(0);
        builder
            .append_link(&mut link, "b.txt", "./a.txt")
            .expect("link");
        let tar = builder.into_inner().expect("tar");
        let bytes: &[u8] = &tar;
        let mut seen = Vec::new();
        let _ = walk_archive(
            "t.tar",
            || Ok(bytes),
            Archive::Tar,
            &Rules::new(["txt"]),
            &mut |entry| {
                if let Entry::Item(item) = entry {
                    let name = item.name().into_owned();
                    let payload = match item.payload {
                        Payload::Bytes(b) => b,
                        _ => Vec::new(),
                    };
                    seen.push((name, payload));
                }
                ControlFlow::Continue(())
            },
        );
        assert_eq!(
            seen,
            [
                ("t.tar:a.txt".to_owned(), b"abc".to_vec()),
                ("t.tar:b.txt".to_owned(), b"abc".to_vec())
            ]
        );
    }

    #[test]
    fn a_missing_list_is_an_error_naming_it() {
        let Err(e) = Inputs::open(Vec::new(), Some(Path::new("/no/such/list"))) else {
            panic!("the list does not exist");
        };
        assert!(e.to_string().contains("/no/such/list"), "{e}");
    }
}

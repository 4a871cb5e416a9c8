//! File names for page exports: derived from article ids, safe on every platform.

use std::collections::HashSet;

use dateline_core::ids::first_free;

/// The longest name [`safe_file_name`] returns, in bytes: below the 255-byte limit
/// of common file systems, with room for a [`FileNamer`] suffix.
pub const MAX_FILE_NAME_LEN: usize = 200;

/// The stem used for an id that has no usable character (`""`).
const EMPTY_STEM: &str = "article";

/// Names that Windows reserves for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "com¹", "com²", "com³", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6",
    "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²", "lpt³",
];

/// A file name for the article `id` with extension `ext` (no dot), that is one
/// plain file name on every platform and so can never reach outside the
/// directory it is joined to.
///
/// Deterministic, and the identity for ordinary ids:
/// `safe_file_name("000_4e9296dd8dfcdc21", "html")` is `000_4e9296dd8dfcdc21.html`.
///
/// - Only letters and digits (any script), `-`, `_` and `.` are kept; everything
///   else (`/`, `\`, `:`, NUL, controls, spaces, `*?"<>|`) becomes `_`.
/// - No leading or trailing dot and no `..`: a dot that starts or ends the id or
///   follows a dot becomes `_`, so the name is never `.`, `..` or hidden.
/// - Windows device names (`CON`, `nul.tar`, `COM1`, `LPT¹`...) get a `_` in front.
/// - The extension keeps only ASCII letters and digits.
/// - At most [`MAX_FILE_NAME_LEN`] bytes: a longer id is cut and a hash of the
///   whole id appended, so two long ids that share a prefix stay apart.
/// - An id with nothing left becomes `article`.
///
/// Different ids can still map to one name (`a/b` and `a_b`; `A` and `a` on a
/// case-insensitive file system): give every name to a [`FileNamer`] to keep them
/// apart.
///
/// ```
/// use dateline_export::safe_file_name;
///
/// assert_eq!(safe_file_name("000_4e9296dd8dfcdc21", "html"), "000_4e9296dd8dfcdc21.html");
/// assert_eq!(safe_file_name("../../etc/passwd", "md"), "_._.__etc_passwd.md");
/// assert_eq!(safe_file_name("CON", "txt"), "_CON.txt");
/// assert_eq!(safe_file_name("", "xml"), "article.xml");
/// ```
pub fn safe_file_name(id: &str, ext: &str) -> String {
    let ext = safe_extension(ext);
    let budget = MAX_FILE_NAME_LEN - if ext.is_empty() { 0 } else { ext.len() + 1 };

    let mut stem = String::with_capacity(id.len().min(budget) + 1);
    let mut previous = None;
    for c in id.chars() {
        let keep = c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
        let c = if !keep || (c == '.' && matches!(previous, None | Some('.'))) {
            '_'
        } else {
            c
        };
        stem.push(c);
        previous = Some(c);
    }
    // Windows drops a trailing dot, and `stem.` + `.ext` would make a `..`.
    if stem.ends_with('.') {
        stem.pop();
        stem.push('_');
    }
    if stem.is_empty() {
        stem.push_str(EMPTY_STEM);
    }
    let device = stem.split('.').next().unwrap_or("").to_lowercase();
    if RESERVED.contains(&device.as_str()) {
        stem.insert(0, '_');
    }
    if stem.len() > budget {
        // Cut at a character boundary, leaving room for `-` and 16 hex digits.
        let mut cut = budget - 17;
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        stem.truncate(cut);
        stem.push_str(&format!("-{:016x}", fnv1a(id.as_bytes())));
    }
    if !ext.is_empty() {
        stem.push('.');
        stem.push_str(&ext);
    }
    stem
}

/// The extension as [`safe_file_name`] writes it: ASCII letters and digits, at
/// most 16.
fn safe_extension(ext: &str) -> String {
    ext.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(16)
        .collect()
}

/// FNV-1a, 64 bits: a hash that is the same on every platform and release.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Hands out a distinct [`safe_file_name`] for each article of one directory.
///
/// The first article with a name gets it; the next ones get `-2`, `-3`, ...
/// before the extension. Names are compared without case, so the files stay
/// apart on case-insensitive file systems too. The result depends only on the
/// order of the calls.
///
/// ```
/// use dateline_export::FileNamer;
///
/// let mut names = FileNamer::new();
/// names.reserve("index.html");
/// assert_eq!(names.next("a", "html"), "a.html");
/// assert_eq!(names.next("A", "html"), "A-2.html");
/// assert_eq!(names.next("a/", "html"), "a_.html");
/// assert_eq!(names.next("index", "html"), "index-2.html");
/// ```
#[derive(Clone, Debug, Default)]
pub struct FileNamer {
    taken: HashSet<String>,
}

impl FileNamer {
    /// A namer with no name taken.
    pub fn new() -> FileNamer {
        FileNamer::default()
    }

    /// The namer of a page directory written by `exporter`: its index page's
    /// name, if it has one, taken. [`PageDir`](crate::output::PageDir) names
    /// its pages with it; a caller that must know the names ahead (to link
    /// pages to one another) makes the same one, and hands out the same names
    /// for the same ids in the same order.
    pub fn for_pages(exporter: &dyn crate::Exporter) -> FileNamer {
        let mut namer = FileNamer::new();
        if let Some(index) = exporter.index() {
            namer.reserve(&safe_file_name(index.file_name(), ""));
        }
        namer
    }

    /// Marks `name` as taken (for a file the export writes itself, `index.html`).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_lowercase());
    }

    /// The file name for the article `id`: [`safe_file_name`], made distinct from
    /// every name handed out or reserved before.
    pub fn next(&mut self, id: &str, ext: &str) -> String {
        let name = safe_file_name(id, ext);
        if self.taken.insert(name.to_lowercase()) {
            return name;
        }
        let ext = safe_extension(ext);
        let split = if ext.is_empty() {
            name.len()
        } else {
            name.len() - ext.len() - 1
        };
        let (stem, dot_ext) = name.split_at(split);
        // dateline's one rule for ids (`-2`, `-3`, ...), on the file's stem,
        // names compared ignoring case (as case-insensitive file systems do).
        let stem = first_free(stem, |candidate| {
            self.taken
                .contains(&format!("{candidate}{dot_ext}").to_lowercase())
        });
        let name = format!("{stem}{dot_ext}");
        self.taken.insert(name.to_lowercase());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_ids_are_kept() {
        assert_eq!(
            safe_file_name("000_4e9296dd8dfcdc21", "html"),
            "000_4e9296dd8dfcdc21.html"
        );
        assert_eq!(safe_file_name("a.b-c_d", "md"), "a.b-c_d.md");
        assert_eq!(
            safe_file_name("日本語ニュース", "txt"),
            "日本語ニュース.txt"
        );
    }

    #[test]
    fn nothing_escapes_the_directory() {
        let hostile = [
            "..",
            ".",
            "../x",
            "..\\x",
            "/etc/passwd",
            "C:\\Windows",
            "a/../../b",
            "\0",
            "a\0b",
            ".hidden",
            "...",
            "a..b",
            "con",
            "CON",
            "Nul.tar.gz",
            "com1",
            "LPT9",
            "lpt¹",
            "aux.",
            " ",
            "\n",
            "a:b",
            "a*b?c",
            "\u{202e}gpj.exe",
            "~",
            "-rf",
        ];
        for id in hostile {
            for ext in ["html", "", "../x", "a/b"] {
                let name = safe_file_name(id, ext);
                assert!(!name.is_empty(), "{id:?}");
                assert!(!name.starts_with('.'), "{id:?} -> {name:?}");
                assert!(!name.contains(".."), "{id:?} -> {name:?}");
                assert!(
                    !name.contains(['/', '\\', '\0', ':', '\n', ' ', '\u{202e}']),
                    "{id:?} -> {name:?}"
                );
                let device = name.split('.').next().unwrap_or("").to_lowercase();
                assert!(!RESERVED.contains(&device.as_str()), "{id:?} -> {name:?}");
                let path = std::path::Path::new("out").join(&name);
                assert_eq!(path.parent(), Some(std::path::Path::new("out")), "{name:?}");
                assert_eq!(path.components().count(), 2, "{name:?}");
            }
        }
        assert_eq!(safe_file_name("..", "html"), "__.html");
        assert_eq!(safe_file_name("nul.tar", "gz"), "_nul.tar.gz");
        assert_eq!(safe_file_name("a", "../x"), "a.x");
    }

    #[test]
    fn long_ids_are_cut_and_kept_apart() {
        let a = "x".repeat(1000) + "a";
        let b = "x".repeat(1000) + "b";
        let (na, nb) = (safe_file_name(&a, "html"), safe_file_name(&b, "html"));
        assert!(na.len() <= MAX_FILE_NAME_LEN, "{}", na.len());
        assert_ne!(na, nb);
        assert_eq!(na, safe_file_name(&a, "html"), "deterministic");
        let wide = "é".repeat(300);
        let name = safe_file_name(&wide, "markdown");
        assert!(name.len() <= MAX_FILE_NAME_LEN);
        assert!(name.ends_with(".markdown"));
    }

    #[test]
    fn namer_resolves_duplicates_deterministically() {
        let mut names = FileNamer::new();
        assert_eq!(names.next("a", "txt"), "a.txt");
        assert_eq!(names.next("a", "txt"), "a-2.txt");
        assert_eq!(names.next("a-2", "txt"), "a-2-2.txt");
        assert_eq!(names.next("a", "txt"), "a-3.txt");
        assert_eq!(names.next("b", ""), "b");
        assert_eq!(names.next("B", ""), "B-2");
        assert_eq!(names.next("c.d", "!!"), "c.d");
        assert_eq!(names.next("c.d", "/"), "c.d-2");
    }
}

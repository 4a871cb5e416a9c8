//! Diagnostics: what is wrong with an input, where, and how to fix it.
//!
//! A [`Diagnostic`] holds a stable [`Code`], a byte [`Span`], a message and an
//! optional hint. Line and column are computed from the span only when someone asks
//! ([`Diagnostic::locate`]), so the parser never pays for them; [`Diagnostic::render`]
//! prints the rustc-style report with a snippet and a caret.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

use crate::Span;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Parses, but looks wrong.
    Warning,
    /// The input is rejected.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal, $severity:ident; )*) => {
        /// A stable diagnostic code. Codes are never reused for another meaning.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as printed: `E002`.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A short kebab-case name: `invalid-date`.
            pub const fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// Error or warning.
            pub const fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    /// The input has no content: zero bytes, or only a BOM and whitespace.
    EmptyFile = "E001", "empty-file", Error;
    /// Line 2 is not a real `YYYYMMDD` date.
    InvalidDate = "E002", "invalid-date", Error;
    /// The input is not valid UTF-8.
    NotUtf8 = "E003", "not-utf8", Error;
    /// Line 1, the headline, is blank.
    EmptyHeadline = "E004", "empty-headline", Error;
    /// The input ends before line 2, or line 2 is blank.
    MissingDate = "E005", "missing-date", Error;
    /// The input ends before line 3, or line 3 is blank.
    MissingUrl = "E006", "missing-url", Error;
    /// Line 3 is not an absolute http(s) URL.
    InvalidUrl = "E007", "invalid-url", Error;
    /// The input could not be read at all (reported by tools that read files).
    Unreadable = "E008", "unreadable", Error;
    /// A carriage return (CR) that ends no line inside the text of a line (the
    /// headline, the date, the URL or a body line), or a file whose lines all end
    /// with a CR alone, so that it is one line: the canonical form could not keep it.
    CarriageReturnInText = "E009", "carriage-return-in-text", Error;
    /// The header date differs from a date in the URL path.
    DateMismatch = "W001", "date-mismatch", Warning;
    /// A blank line in the body.
    BlankLine = "W002", "blank-line", Warning;
    /// Whitespace at the end of a line.
    TrailingWhitespace = "W003", "trailing-whitespace", Warning;
    /// Whitespace at the start of a line.
    LeadingWhitespace = "W004", "leading-whitespace", Warning;
    /// The same paragraph appears twice.
    DuplicateParagraph = "W005", "duplicate-paragraph", Warning;
    /// Lines end with both `\n` and `\r\n`.
    MixedLineEndings = "W006", "mixed-line-endings", Warning;
    /// A double quote that is never closed.
    UnbalancedQuote = "W007", "unbalanced-quote", Warning;
    /// A promo label with no headline after it (`Read Also:`), kept as a paragraph.
    EmptyPromo = "W008", "empty-promo", Warning;
    /// A carriage return (CR) in the whitespace before a line's ending or at its
    /// start (`\r\r\n`: line endings converted twice): kept in the layout, like any
    /// surrounding whitespace.
    StrayCarriageReturn = "W009", "stray-carriage-return", Warning;
    /// Blank lines between the header lines (a double-spaced file): read through,
    /// and kept in the layout.
    DoubleSpacedHeader = "W010", "double-spaced-header", Warning;
}

/// A name that is no diagnostic code: the error of `"W999".parse::<Code>()`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{given}` is not a diagnostic code{}: codes are E001-E009 and W001-W010, or their names (`unbalanced-quote`)",
    suggestion.map(|c| format!(" (did you mean `{}`, {}?)", c.as_str(), c.name())).unwrap_or_default()
)]
pub struct UnknownCode {
    /// What was given.
    pub given: String,
    /// The code whose number or name is closest to it, if one is close.
    pub suggestion: Option<Code>,
}

impl std::str::FromStr for Code {
    type Err = UnknownCode;

    /// A code from its number (`W007`, any case) or its name (`unbalanced-quote`).
    ///
    /// ```
    /// use dateline_core::Code;
    /// assert_eq!("w007".parse::<Code>(), Ok(Code::UnbalancedQuote));
    /// assert_eq!("unbalanced-quote".parse::<Code>(), Ok(Code::UnbalancedQuote));
    /// let err = "unbalanced-quotes".parse::<Code>().unwrap_err();
    /// assert_eq!(err.suggestion, Some(Code::UnbalancedQuote));
    /// ```
    fn from_str(s: &str) -> Result<Code, UnknownCode> {
        let given = s.trim();
        if let Some(code) = Code::ALL.iter().copied().find(|c| {
            c.as_str().eq_ignore_ascii_case(given) || c.name().eq_ignore_ascii_case(given)
        }) {
            return Ok(code);
        }
        let lower = given.to_ascii_lowercase();
        let suggestion = Code::ALL
            .iter()
            .copied()
            .map(|c| {
                let by_name = edit_distance(&lower, c.name());
                let by_code = edit_distance(&lower, &c.as_str().to_ascii_lowercase());
                (by_name.min(by_code), c)
            })
            .filter(|&(d, _)| d <= 2)
            .min_by_key(|&(d, _)| d)
            .map(|(_, c)| c);
        Err(UnknownCode {
            given: given.to_owned(),
            suggestion,
        })
    }
}

/// Levenshtein distance, for suggestions among a dozen short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One finding about one input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What rule was broken.
    pub code: Code,
    /// Where, in bytes of the original input.
    pub span: Span,
    /// What is wrong, in a sentence.
    pub message: String,
    /// The label under the caret, if it says more than the message.
    pub label: Option<String>,
    /// How to fix it, where a fix is known.
    pub hint: Option<String>,
}

/// A 1-based line and column (the column counts Unicode scalar values, like rustc).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

impl Diagnostic {
    /// A diagnostic without label or hint.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            span,
            message: message.into(),
            label: None,
            hint: None,
        }
    }

    /// Adds the caret label.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Adds the hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Error or warning (from the code).
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// Line and column of the span's start in `source` (the bytes the span indexes).
    pub fn locate(&self, source: &[u8]) -> Location {
        locate(source, self.span.start)
    }

    /// Renders the rustc-style report: header with code, `--> path:line:column`, the
    /// source line with a caret under the span, the label and the hint.
    ///
    /// `source` is the input the span refers to; invalid UTF-8 is shown replaced.
    ///
    /// ```
    /// let src = "Headline\n2022-01-31\nhttps://example.com/a\nBody.\n";
    /// let err = dateline_core::parse(src).unwrap_err();
    /// let text = err.diagnostics[0].render("a.txt", src.as_bytes(), false);
    /// assert!(text.contains("error[E002]"));
    /// assert!(text.contains("--> a.txt:2:1"));
    /// assert!(text.contains("20220131"), "the hint shows the fix: {text}");
    /// ```
    pub fn render(&self, path: &str, source: &[u8], color: bool) -> String {
        self.render_as(self.severity(), path, source, color)
    }

    /// [`Diagnostic::render`] at another severity: a warning a user asked to
    /// deny (`dateline check --deny W007`) is shown as an error.
    pub fn render_as(&self, severity: Severity, path: &str, source: &[u8], color: bool) -> String {
        // The path and the message (an E008's names what could not be read)
        // come from the corpus: escaped, so that no name steers the terminal.
        let path = &*crate::printable(path);
        let message = crate::printable(&self.message);
        let level = match severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(&*message).id(self.code.as_str());
        let (text, span, first_line) = displayable(source, self.span);
        let group = if source.is_empty() {
            // Nothing to show (an unreadable or empty file): just say where.
            title.element(Origin::path(path))
        } else {
            let mut annotation = AnnotationKind::Primary.span(span.range());
            if let Some(label) = &self.label {
                annotation = annotation.label(label.as_str());
            }
            title.element(
                Snippet::source(text.as_str())
                    .line_start(first_line)
                    .path(path)
                    .annotation(annotation),
            )
        };
        let mut report = vec![group];
        if let Some(hint) = &self.hint {
            report.push(Group::with_title(
                Level::HELP.secondary_title(hint.as_str()),
            ));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&report).to_string()
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `error[E002] invalid-date: message (hint)`; without a location, since
    /// that needs the source ([`Diagnostic::locate`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity(),
            self.code,
            self.code.name(),
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// Line and column of byte `offset` in `source`.
pub(crate) fn locate(source: &[u8], offset: usize) -> Location {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Location { line, column }
}

/// The lines the span touches, as text for the snippet renderer, the span mapped
/// into them, and the 1-based number of the first of those lines.
///
/// A report never needs the whole file, and the renderer would otherwise scan it all.
/// Invalid UTF-8 (reported at the first bad byte, E003) is shown as U+FFFD.
fn displayable(source: &[u8], span: Span) -> (String, Span, usize) {
    let start = span.start.min(source.len());
    let end = span.end.clamp(start, source.len());
    let first = memchr::memrchr(b'\n', &source[..start]).map_or(0, |i| i + 1);
    let last = memchr::memchr(b'\n', &source[end..]).map_or(source.len(), |i| end + i);
    let lossy = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let text = lossy(&source[first..last]);
    let mut mapped_start = lossy(&source[first..start]).len().min(text.len());
    while !text.is_char_boundary(mapped_start) {
        mapped_start -= 1;
    }
    let mut mapped_end = (mapped_start + lossy(&source[start..end]).len()).min(text.len());
    while !text.is_char_boundary(mapped_end) {
        mapped_end += 1;
    }
    if mapped_end == mapped_start {
        // Point at one character, so the caret shows even for an empty span.
        mapped_end = text[mapped_start..]
            .chars()
            .next()
            .map_or(mapped_start, |c| mapped_start + c.len_utf8());
    }
    let line = locate(source, start).line;
    (text, Span::new(mapped_start, mapped_end), line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            assert!(seen.insert(code.name()), "duplicate name {}", code.name());
            let prefix = match code.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            };
            assert!(code.as_str().starts_with(prefix), "{code} prefix");
            assert_eq!(code.as_str().len(), 4);
        }
    }

    #[test]
    fn locations_count_lines_and_characters() {
        let src = "héllo\nwörld\n".as_bytes();
        assert_eq!(locate(src, 0), Location { line: 1, column: 1 });
        let w = src.iter().position(|&b| b == b'w').unwrap();
        assert_eq!(locate(src, w), Location { line: 2, column: 1 });
        // w, ö, r: the two-byte ö counts as one column.
        let r = src.iter().position(|&b| b == b'r').unwrap();
        assert_eq!(locate(src, r), Location { line: 2, column: 3 });
        assert_eq!(locate(src, 10_000).line, 3, "clamped to the end");
    }

    #[test]
    fn names_are_escaped_when_rendered() {
        let d = Diagnostic::new(Code::EmptyFile, Span::new(0, 0), "cannot read x\ny");
        let text = d.render("a\x1b[2J\nerror[E999]: forged.txt", b"", false);
        assert!(!text.contains('\x1b'), "{text}");
        assert!(
            text.contains("a\\x1b[2J\\nerror[E999]: forged.txt"),
            "{text}"
        );
        assert!(text.contains("cannot read x\\ny"), "{text}");
        assert!(
            !text.lines().any(|l| l.starts_with("error[E999]")),
            "{text}"
        );
    }

    #[test]
    fn renders_invalid_utf8_without_panicking() {
        let src = b"Title\n2022\xff0131\n";
        let d = Diagnostic::new(Code::NotUtf8, Span::new(10, 11), "bad byte");
        let text = d.render("x.txt", src, false);
        assert!(text.contains("--> x.txt:2:5"), "{text}");
    }
}

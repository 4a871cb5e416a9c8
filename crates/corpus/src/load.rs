//! One input to one article: read it, parse it, name it, or say why not. Every
//! corpus command does this step; [`Corpus::map`](crate::Corpus::map) does it
//! on the workers.

use std::borrow::Cow;
use std::io;

use dateline_core::{Article, Code, Diagnostic, Span};

use crate::source::{Item, Reader};

/// An article read and parsed, its id set from the item.
#[derive(Debug)]
pub struct Loaded<'r> {
    /// The article; its `id` is the item's (the file's or member's stem).
    pub article: Article<'r>,
    /// The input's name: its path, `ARCHIVE:MEMBER`, or `<stdin>`.
    pub name: Cow<'r, str>,
    /// The bytes the article was parsed from.
    pub bytes: &'r [u8],
    /// The id the article wanted (its stem), when an earlier input of the run
    /// had it and the article got another ([`Item::claim_id`]).
    pub renamed_from: Option<&'r str>,
}

/// An input that gave no article: unreadable (`E008`), or rejected by the
/// parser (its diagnostics).
#[derive(Debug)]
pub struct Rejected<'r> {
    /// The input's name: its path, `ARCHIVE:MEMBER`, or `<stdin>`.
    pub name: Cow<'r, str>,
    /// The id the article would have had.
    pub id: Option<Cow<'r, str>>,
    /// The bytes read (empty when the input could not be read); the
    /// diagnostics' spans index them.
    pub bytes: &'r [u8],
    /// Why: at least one error.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `item` with `reader` and parses it. The article borrows the reader's
/// buffer: it lives until the reader reads again.
///
/// # Errors
///
/// [`Rejected`] for an input that cannot be read or parsed.
pub fn load<'r>(reader: &'r mut Reader, item: &'r mut Item) -> Result<Loaded<'r>, Rejected<'r>> {
    let read = reader.read(&mut item.payload);
    let item: &'r Item = item;
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(error) => {
            return Err(Rejected {
                name: item.name(),
                id: item.id(),
                bytes: &[],
                diagnostics: vec![unreadable(&error)],
            });
        }
    };
    match dateline_core::parse_bytes(bytes) {
        Ok(mut article) => {
            article.id = item.id();
            Ok(Loaded {
                article,
                name: item.name(),
                bytes,
                renamed_from: item.renamed_from(),
            })
        }
        Err(error) => Err(Rejected {
            name: item.name(),
            id: item.id(),
            bytes,
            diagnostics: error.diagnostics,
        }),
    }
}

/// The diagnostic (`E008 unreadable`) for an input that could not be read,
/// with a hint by the kind of error.
pub fn unreadable(error: &io::Error) -> Diagnostic {
    let hint = match error.kind() {
        io::ErrorKind::NotFound => "check the path",
        io::ErrorKind::PermissionDenied => "check the file's permissions",
        io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidData => {
            "the file or archive is damaged or incomplete: get a whole copy"
        }
        _ => "check that the path is a readable file or directory",
    };
    Diagnostic::new(
        Code::Unreadable,
        Span::new(0, 0),
        format!("cannot read: {error}"),
    )
    .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Payload;

    #[test]
    fn a_good_input_is_parsed_and_named() {
        let mut reader = Reader::new();
        let text = b"Talks\n20220131\nhttps://example.com/a\nThey met.\n";
        let mut item = Item::named(
            "a.tar:x/0001.txt".to_owned(),
            Some("0001".to_owned()),
            Payload::Bytes(text.to_vec()),
        );
        let loaded = load(&mut reader, &mut item).expect("parses");
        assert_eq!(loaded.name, "a.tar:x/0001.txt");
        assert_eq!(loaded.article.id.as_deref(), Some("0001"));
        assert_eq!(loaded.article.title, "Talks");
        assert_eq!(loaded.bytes, text);
    }

    #[test]
    fn a_bad_input_keeps_its_bytes_for_the_diagnostics() {
        let mut reader = Reader::new();
        let mut item = Item::named(
            "bad.txt".to_owned(),
            Some("bad".to_owned()),
            Payload::Bytes(b"Talks\n20221341\nhttps://example.com/a\n".to_vec()),
        );
        let rejected = load(&mut reader, &mut item).expect_err("month 13");
        assert_eq!(rejected.name, "bad.txt");
        assert_eq!(rejected.bytes, b"Talks\n20221341\nhttps://example.com/a\n");
        assert_eq!(rejected.diagnostics[0].code, Code::InvalidDate);
    }

    #[test]
    fn an_unreadable_input_is_e008_with_a_hint() {
        let mut reader = Reader::new();
        let mut item = Item::file("/no/such/dir/a.txt".into());
        let rejected = load(&mut reader, &mut item).expect_err("missing");
        assert_eq!(rejected.name, "/no/such/dir/a.txt");
        assert!(rejected.bytes.is_empty());
        assert_eq!(rejected.diagnostics[0].code, Code::Unreadable);
        assert_eq!(
            rejected.diagnostics[0].hint.as_deref(),
            Some("check the path")
        );
    }
}

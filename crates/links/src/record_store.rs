//! The records of a [`Corpus`](crate::Corpus) by column: every string of
//! every record (id, headline, URL, each promo's headline) in one buffer, in
//! input order, and the promos' labels interned.
//!
//! A record as [`ArticleRecord`] holds each string in its own allocation,
//! with a 24-byte header and the allocator's rounding: about 0.55 KB an
//! article of the generated corpus, 0.3 KB of it text. Here an article costs
//! its text, an 8-byte end per string and a few bytes of date and promo
//! columns; at a million articles, about 200 MB less.

use std::collections::HashMap;

use dateline_core::Date;

use crate::corpus::{ArticleRecord, ReferenceRecord};

/// The strings each article has before its promos' headlines: id, headline
/// and URL.
const HEADER_STRINGS: usize = 3;

/// Distinct strings, each kept once, by a dense id.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    strings: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
}

impl Interner {
    /// The id of `text`, added if new.
    pub(crate) fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        // Fewer distinct strings than the values interned, which are fewer
        // than the memory holds: a u32 holds their count.
        let id = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        let text: Box<str> = text.into();
        self.strings.push(text.clone());
        self.ids.insert(text, id);
        id
    }

    /// The string of `id` (empty for an id never given).
    pub(crate) fn get(&self, id: u32) -> &str {
        self.strings.get(id as usize).map_or("", |s| s)
    }
}

/// The records of a corpus, without attributions, by column.
#[derive(Debug, Default)]
pub(crate) struct RecordStore {
    /// Every string, one after the other: article by article, its id,
    /// headline, URL and promos' headlines.
    text: String,
    /// The end of each string in `text` (each starts where the one before
    /// ends).
    ends: Vec<usize>,
    /// The index in `ends` of each article's id.
    first: Vec<usize>,
    dates: Vec<Option<Date>>,
    /// Each promo's label and line (0 when unknown), all articles' in order:
    /// article `i`'s promo `k` is number `first[i] - 3 i + k`.
    labels: Vec<u32>,
    lines: Vec<u32>,
    label_names: Interner,
}

impl RecordStore {
    /// Room for `articles` more.
    pub(crate) fn reserve(&mut self, articles: usize) {
        self.first.reserve(articles);
        self.dates.reserve(articles);
        self.ends.reserve(articles * HEADER_STRINGS);
    }

    /// The number of articles.
    pub(crate) fn len(&self) -> usize {
        self.first.len()
    }

    /// Adds `record` (its attributions are not kept).
    pub(crate) fn push(&mut self, record: &ArticleRecord) {
        self.first.push(self.ends.len());
        self.dates.push(record.date);
        for s in [&record.id, &record.title, &record.url] {
            self.push_str(s);
        }
        for reference in &record.references {
            self.push_str(&reference.title);
            self.labels.push(self.label_names.intern(&reference.label));
            self.lines.push(reference.line.unwrap_or(0));
        }
    }

    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    /// String `n` of `ends` (empty past the end).
    fn string(&self, n: usize) -> &str {
        let start = match n.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or_default(),
            None => 0,
        };
        let end = self.ends.get(n).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or_default()
    }

    /// The header string `field` (0 id, 1 headline, 2 URL) of article `i`
    /// (empty past the end).
    fn field(&self, i: usize, field: usize) -> &str {
        match self.first.get(i) {
            Some(&first) => self.string(first + field),
            None => "",
        }
    }

    pub(crate) fn id(&self, i: usize) -> &str {
        self.field(i, 0)
    }

    pub(crate) fn title(&self, i: usize) -> &str {
        self.field(i, 1)
    }

    pub(crate) fn url(&self, i: usize) -> &str {
        self.field(i, 2)
    }

    pub(crate) fn date(&self, i: usize) -> Option<Date> {
        self.dates.get(i).copied().flatten()
    }

    /// The range of article `i`'s promos among all promos.
    fn reference_range(&self, i: usize) -> std::ops::Range<usize> {
        let Some(&first) = self.first.get(i) else {
            return 0..0;
        };
        let next = self.first.get(i + 1).copied().unwrap_or(self.ends.len());
        let promos_before = first - HEADER_STRINGS * i;
        promos_before..promos_before + (next - first - HEADER_STRINGS)
    }

    /// The promos of article `i`, in source order: its promo headlines follow
    /// its header strings in `ends`, and its labels and lines are at
    /// [`RecordStore::reference_range`] among all promos'.
    pub(crate) fn references(&self, i: usize) -> impl ExactSizeIterator<Item = Reference<'_>> {
        let titles = self.first.get(i).map_or(0, |&first| first + HEADER_STRINGS);
        self.reference_range(i)
            .enumerate()
            .map(move |(local, k)| Reference {
                label: self
                    .label_names
                    .get(self.labels.get(k).copied().unwrap_or(u32::MAX)),
                title: self.string(titles + local),
                line: self.lines.get(k).copied().filter(|&l| l > 0),
            })
    }
}

/// A promo as the corpus keeps it ([`ArticleView::references`](crate::corpus::ArticleView::references)):
/// a [`ReferenceRecord`] borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference<'c> {
    /// The label as written (`Read Also`).
    pub label: &'c str,
    /// The headline named.
    pub title: &'c str,
    /// The 1-based line of the promo, if known.
    pub line: Option<u32>,
}

impl Reference<'_> {
    /// The promo, owned.
    pub fn to_record(&self) -> ReferenceRecord {
        ReferenceRecord {
            label: self.label.to_owned(),
            title: self.title.to_owned(),
            line: self.line,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_back_every_field_of_every_record() {
        let records = [
            ArticleRecord::new("a", "One", "https://x.com/1")
                .with_reference("Read Also", "Two")
                .with_reference("READ ALSO", "Three"),
            ArticleRecord::new("", "", ""),
            ArticleRecord::new("c", "Three", "https://x.com/3")
                .with_date(Date::new(2022, 2, 7).expect("valid"))
                .with_reference("Read Also", ""),
        ];
        let mut store = RecordStore::default();
        for r in &records {
            store.push(r);
        }
        assert_eq!(store.len(), 3);
        for (i, r) in records.iter().enumerate() {
            assert_eq!(
                (store.id(i), store.title(i), store.url(i), store.date(i)),
                (r.id.as_str(), r.title.as_str(), r.url.as_str(), r.date)
            );
            let refs: Vec<ReferenceRecord> = store.references(i).map(|r| r.to_record()).collect();
            assert_eq!(refs, r.references);
        }
        assert_eq!((store.id(3), store.references(3).len()), ("", 0));
    }
}

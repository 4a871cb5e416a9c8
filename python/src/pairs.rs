//! The fuzzy stage's candidate pairs of `dateline.spark.links`, scored
//! natively, a group of postings at a time.
//!
//! Spark blocks fuzzy matches on the rarest words of each side (prefix
//! filtering): a promo and an article can reach the score only if they share
//! one of the promo's `blocking` rarest words that is also one of the
//! article's. Joining the two sides on that word in Spark SQL made one row per
//! pair, each carrying both word lists to `array_intersect`: in a corpus whose
//! "rare" words are on thousands of articles (a generated one; a small
//! vocabulary), rows by the square of the corpus, nearly all of the time of
//! `links`. Here Spark groups each word's promos and articles into one row
//! (two lists) and [`fuzzy_pairs`] enumerates the pairs of a row in memory:
//! articles sorted by length, so the length cut is a window found by binary
//! search; words interned as integers, and a promo's marked in a table, so
//! counting the words an article shares is a lookup a word. Only the pairs
//! passing every cut come back, as indices.
//!
//! The cuts are the ones Spark SQL made, in the same floating-point
//! operations (so the same pairs pass), each with the margin
//! [`SCORE_MARGIN`] below the score: the resolver decides.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::{ArrayRef, UInt32Array};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::arrow::RecordBatchCapsule;
use crate::spark::{Column, batch, list_bounds, strings};
use crate::{check_score, guarded};

/// How far below `min_score` a pair's Jaccard score may be and still be a
/// candidate: floating point must not drop a pair the resolver (deciding
/// with its own margin, 1e-9) would keep.
pub const SCORE_MARGIN: f64 = 1e-6;

/// One side of a batch of groups, as Python hands it over: `groups`, 4-byte
/// offsets of each group's items (promos or articles) in the flat items;
/// `ranks`, each item's rank of the group's word among its own words (4-byte,
/// from 1, rarest first); `token_offsets`, 4-byte offsets of each item's
/// words in `tokens`, a string column (an item's words are distinct).
type Side<'a> = (&'a [u8], &'a [u8], &'a [u8], Column<'a>);

/// The items of one side: their groups, ranks and interned words.
struct Items {
    groups: Vec<(usize, usize)>,
    ranks: Vec<i64>,
    words: WordLists,
}

impl Items {
    fn read<'a>(side: Side<'a>, ids: &mut HashMap<&'a str, u32>) -> PyResult<Items> {
        let (groups, ranks, token_offsets, tokens) = side;
        let ranks: Vec<i64> = int32s(ranks)?.into_iter().map(i64::from).collect();
        let groups = list_bounds(groups, ranks.len())?;
        let words = WordLists::read(token_offsets, tokens, ids)?;
        if words.len() != ranks.len() {
            return Err(PyValueError::new_err(format!(
                "{} ranks for {} word lists",
                ranks.len(),
                words.len()
            )));
        }
        Ok(Items {
            groups,
            ranks,
            words,
        })
    }

    /// The number of words of item `i`.
    fn size(&self, i: usize) -> usize {
        self.words.size(i)
    }

    /// The word ids of item `i`.
    fn words(&self, i: usize) -> &[u32] {
        self.words.words(i)
    }

    fn rank(&self, i: usize) -> i64 {
        self.ranks.get(i).copied().unwrap_or(0)
    }
}

/// A list of words per item, each word interned as an integer (the same
/// word, the same id, across every list read with one map).
pub(crate) struct WordLists {
    words: Vec<u32>,
    bounds: Vec<(usize, usize)>,
}

impl WordLists {
    /// The lists given by 4-byte `offsets` into the string column `tokens`,
    /// their words interned in `ids`.
    pub(crate) fn read<'a>(
        offsets: &[u8],
        tokens: Column<'a>,
        ids: &mut HashMap<&'a str, u32>,
    ) -> PyResult<WordLists> {
        let tokens = strings(tokens)?;
        let bounds = list_bounds(offsets, tokens.len())?;
        let mut words = Vec::with_capacity(tokens.len());
        for token in tokens {
            let next = u32::try_from(ids.len())
                .map_err(|_| PyValueError::new_err("more than 2^32 distinct words in a batch"))?;
            words.push(*ids.entry(token).or_insert(next));
        }
        Ok(WordLists { words, bounds })
    }

    /// Lists of the given word ids (tests).
    #[cfg(test)]
    pub(crate) fn from_lists(lists: &[&[u32]]) -> WordLists {
        let mut words = Vec::new();
        let mut bounds = Vec::new();
        for list in lists {
            bounds.push((words.len(), words.len() + list.len()));
            words.extend_from_slice(list);
        }
        WordLists { words, bounds }
    }

    /// The number of lists.
    pub(crate) fn len(&self) -> usize {
        self.bounds.len()
    }

    /// The number of words of list `i`.
    pub(crate) fn size(&self, i: usize) -> usize {
        self.bounds.get(i).map_or(0, |&(start, end)| end - start)
    }

    /// The word ids of list `i`.
    pub(crate) fn words(&self, i: usize) -> &[u32] {
        self.bounds
            .get(i)
            .and_then(|&(start, end)| self.words.get(start..end))
            .unwrap_or_default()
    }
}

/// 4-byte little-endian integers.
fn int32s(bytes: &[u8]) -> PyResult<Vec<i32>> {
    if !bytes.len().is_multiple_of(4) {
        return Err(PyValueError::new_err(
            "an int32 column of a length not a multiple of 4",
        ));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|b| <[u8; 4]>::try_from(b).map_or(0, i32::from_le_bytes))
        .collect())
}

/// The words of one promo at a time, marked in a table indexed by word id:
/// counting the words an article shares is then one lookup a word (no
/// sorting, no branchy merge of two lists).
pub(crate) struct Marks {
    /// Per word id, the promo that marked it last.
    promo: Vec<u32>,
}

impl Marks {
    pub(crate) fn new(words: usize) -> Marks {
        Marks {
            promo: vec![u32::MAX; words],
        }
    }

    /// Marks the `words` of `promo` (whose marks replace the last promo's).
    pub(crate) fn mark(&mut self, promo: u32, words: &[u32]) {
        for &w in words {
            if let Some(m) = self.promo.get_mut(w as usize) {
                *m = promo;
            }
        }
    }

    /// How many of `words` the promo `promo` (marked last) has.
    pub(crate) fn shared(&self, promo: u32, words: &[u32]) -> usize {
        words
            .iter()
            .filter(|&&w| self.promo.get(w as usize) == Some(&promo))
            .count()
    }
}

/// The cuts of a pair of a promo of `r` words and an article of `c` words, as
/// Spark SQL computed them (in `f64`, in the same order of operations).
struct Cuts {
    min_score: f64,
    /// `min_score` less the margin.
    floor: f64,
}

impl Cuts {
    /// A Jaccard score `s` needs the shorter list to be `s` times the longer.
    fn lengths(&self, r: usize, c: usize) -> bool {
        r.min(c) as f64 >= self.floor * r.max(c) as f64
    }

    /// A score `s` needs `s(r + c)/(1 + s)` shared words, of which the pair
    /// found by its rarest shared word (at rank `rank` of the promo's words,
    /// `crank` of the article's) has at most 1 + the words after it on either
    /// side (the positional filter of similarity joins).
    fn positions(&self, r: usize, rank: i64, c: usize, crank: i64) -> bool {
        let after = (r as i64 - rank).min(c as i64 - crank);
        (1 + after) as f64 >= self.floor * (r + c) as f64 / (1.0 + self.floor)
    }

    /// The Jaccard score of `shared` words of `r + c - shared`, with the margin.
    fn score(&self, r: usize, c: usize, shared: usize) -> bool {
        let union = (r + c - shared) as f64;
        shared as f64 >= self.min_score * union - SCORE_MARGIN * union
    }
}

/// The pairs of promos and articles of each group (one blocking word's) that
/// pass the fuzzy stage's cuts at `min_score` (length, position, then the
/// Jaccard score of their words, each with [`SCORE_MARGIN`]): columns
/// `promo` and `article`, indices into each side's flat items. See the
/// [module docs](self).
#[pyfunction]
pub fn fuzzy_pairs<'a>(
    py: Python<'_>,
    promos: Side<'a>,
    articles: Side<'a>,
    min_score: f64,
) -> PyResult<RecordBatchCapsule> {
    check_score(min_score)?;
    let mut ids = HashMap::new();
    let promos = Items::read(promos, &mut ids)?;
    let articles = Items::read(articles, &mut ids)?;
    let words = ids.len();
    if promos.groups.len() != articles.groups.len() {
        return Err(PyValueError::new_err(format!(
            "{} groups of promos, {} of articles",
            promos.groups.len(),
            articles.groups.len()
        )));
    }
    let cuts = Cuts {
        min_score,
        floor: min_score - SCORE_MARGIN,
    };
    py.detach(|| {
        guarded(|| {
            let (promo, article) = passing_pairs(&promos, &articles, words, &cuts)?;
            batch(vec![
                ("promo", Arc::new(UInt32Array::from(promo)) as ArrayRef),
                ("article", Arc::new(UInt32Array::from(article))),
            ])
        })
    })
}

/// The pairs of each group's promos and articles passing `cuts`, as indices
/// (promos, articles) into the flat items; `words`: the number of distinct
/// word ids.
fn passing_pairs(
    promos: &Items,
    articles: &Items,
    words: usize,
    cuts: &Cuts,
) -> PyResult<(Vec<u32>, Vec<u32>)> {
    let (mut promo_out, mut article_out) = (Vec::new(), Vec::new());
    let mut by_size: Vec<(usize, usize)> = Vec::new();
    let mut marks = Marks::new(words);
    for (&(p_start, p_end), &(a_start, a_end)) in promos.groups.iter().zip(&articles.groups) {
        // The group's articles by size: the length cut keeps a window.
        by_size.clear();
        by_size.extend((a_start..a_end).map(|a| (articles.size(a), a)));
        by_size.sort_unstable();
        for p in p_start..p_end {
            let stamp = index(p)?;
            marks.mark(stamp, promos.words(p));
            let r = promos.size(p);
            // Sizes below r pass from some size up; above r, up to some size.
            let lo = by_size.partition_point(|&(c, _)| c < r && !cuts.lengths(r, c));
            let hi = by_size.partition_point(|&(c, _)| c <= r || cuts.lengths(r, c));
            let rank = promos.rank(p);
            for &(c, a) in by_size.get(lo..hi).unwrap_or_default() {
                if !cuts.positions(r, rank, c, articles.rank(a)) {
                    continue;
                }
                if cuts.score(r, c, marks.shared(stamp, articles.words(a))) {
                    promo_out.push(stamp);
                    article_out.push(index(a)?);
                }
            }
        }
    }
    Ok((promo_out, article_out))
}

pub(crate) fn index(i: usize) -> PyResult<u32> {
    u32::try_from(i).map_err(|_| PyValueError::new_err("more than 2^32 items in a batch"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_words_are_those_the_last_promo_marked() {
        let mut marks = Marks::new(10);
        marks.mark(0, &[1, 3, 5, 7]);
        assert_eq!(marks.shared(0, &[2, 3, 4, 7, 9]), 2);
        marks.mark(1, &[2]);
        assert_eq!(marks.shared(1, &[2, 3, 4, 7, 9]), 1);
        assert_eq!(marks.shared(1, &[]), 0);
    }

    #[test]
    fn the_length_cut_keeps_a_window_of_sizes() {
        let cuts = Cuts {
            min_score: 0.6,
            floor: 0.6 - SCORE_MARGIN,
        };
        let kept: Vec<usize> = (0..30).filter(|&c| cuts.lengths(10, c)).collect();
        assert_eq!(kept, (6..=16).collect::<Vec<_>>());
    }

    #[test]
    fn a_score_at_the_threshold_passes_and_one_below_does_not() {
        let cuts = Cuts {
            min_score: 0.6,
            floor: 0.6 - SCORE_MARGIN,
        };
        // 3 shared words of a union of 5: 0.6.
        assert!(cuts.score(4, 4, 3));
        // 3 of 6; 6 of 14.
        assert!(!cuts.score(5, 4, 3));
        assert!(!cuts.score(10, 10, 6));
    }

    /// Items of one side from `(group, rank, words)`, groups in order.
    fn items(rows: &[(usize, i64, &[u32])], groups: usize) -> Items {
        let lists: Vec<&[u32]> = rows.iter().map(|r| r.2).collect();
        let groups = (0..groups)
            .map(|g| {
                let start = rows.iter().take_while(|r| r.0 < g).count();
                let end = rows.iter().take_while(|r| r.0 <= g).count();
                (start, end)
            })
            .collect();
        Items {
            groups,
            ranks: rows.iter().map(|r| r.1).collect(),
            words: WordLists::from_lists(&lists),
        }
    }

    #[test]
    fn the_window_and_the_cuts_keep_what_checking_every_pair_keeps() {
        // Word lists of 1 to 12 of 16 words, ranks anywhere in them, in two
        // groups: every pair checked one by one against the pairs found.
        let lists: Vec<Vec<u32>> = (1..=12u32)
            .flat_map(|n| (0..4u32).map(move |k| (0..n).map(|w| (w * 3 + k) % 16).collect()))
            .collect();
        let mut promo_rows: Vec<(usize, i64, &[u32])> = lists
            .iter()
            .enumerate()
            .map(|(i, l)| (i % 2, 1 + (i % l.len()) as i64, l.as_slice()))
            .collect();
        promo_rows.sort_by_key(|r| r.0);
        let mut article_rows: Vec<(usize, i64, &[u32])> = lists
            .iter()
            .rev()
            .enumerate()
            .map(|(i, l)| ((i / 3) % 2, 1 + ((i * 7) % l.len()) as i64, l.as_slice()))
            .collect();
        article_rows.sort_by_key(|r| r.0);
        let (promos, articles) = (items(&promo_rows, 2), items(&article_rows, 2));
        for min_score in [0.0, 0.3, 0.6, 0.8, 1.0] {
            let cuts = Cuts {
                min_score,
                floor: min_score - SCORE_MARGIN,
            };
            let (p, a) = passing_pairs(&promos, &articles, 16, &cuts).expect("pairs");
            let mut found: Vec<(u32, u32)> = p.into_iter().zip(a).collect();
            found.sort_unstable();
            let mut want = Vec::new();
            for (pi, &(pg, rank, pw)) in promo_rows.iter().enumerate() {
                for (ai, &(ag, crank, aw)) in article_rows.iter().enumerate() {
                    let shared = pw.iter().filter(|w| aw.contains(w)).count();
                    let (r, c) = (pw.len(), aw.len());
                    if pg == ag
                        && cuts.lengths(r, c)
                        && cuts.positions(r, rank, c, crank)
                        && cuts.score(r, c, shared)
                    {
                        want.push((index(pi).expect("small"), index(ai).expect("small")));
                    }
                }
            }
            assert!(!want.is_empty(), "{min_score}: some pairs pass");
            assert_eq!(found, want, "at {min_score}");
        }
    }
}

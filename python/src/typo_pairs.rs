//! The typo stage's blocking of `dateline.spark.links`, scored natively, a
//! group of postings at a time.
//!
//! The typo stage of `dateline links` compares letter by letter the articles
//! sharing the most of a reference's known words: those sharing at least
//! [`typo_floor`]`(most)` (`most`: the most any article shares), the first
//! [`TYPO_SHORTLIST`] of them by shared words then input order; an
//! unresolved reference's near miss is the article of the best Jaccard score,
//! the first in input order, its own URL group left out. Spark finds them by
//! blocking on each reference's rarest known words. Joined in Spark SQL, each
//! (reference, blocking word) row met every article having the word, one row
//! per pair (tens of millions in a corpus of 400 MB), before windows picked
//! the few that matter. Here Spark groups each blocking word's references and
//! articles into one row (two lists, cut into chunks) and [`typo_pairs`]
//! counts each pair's shared words in memory, giving back per reference only
//! its *local* candidates: the shortlist and the near miss of the row alone.
//! Spark then runs its windows over these few rows.
//!
//! # Why the local candidates are enough
//!
//! Each pair is counted in exactly one row: an article is paired with a
//! reference by the rarest blocking word it has (an article having one of the
//! reference's `rarer` words is skipped: that word's row pairs them), and a
//! word's references and articles are each cut into disjoint chunks. So the
//! rows partition the pairs. In one row, let `local` be the most shared
//! words of a reference's pairs; over all its rows, `global >= local`.
//!
//! - The shortlist: a pair `p` of the global shortlist has
//!   `shared >= typo_floor(global) >= typo_floor(local)` (the floor grows
//!   with its argument), so it passes the local floor; the pairs before it
//!   in the row's order (shared words descending, then input order) are
//!   among those before it in the global order (the same order on more
//!   pairs), so its local rank is at most its global rank, at most
//!   [`TYPO_SHORTLIST`]: it is kept.
//! - The near miss: the global first of the best score (own group left out)
//!   is first in its own row too (a row holds fewer pairs): it is kept.
//! - A row's maximum is always kept (it is first in the row's order), so
//!   the maximum of the survivors is the global `most`, and every pair
//!   before a globally shortlisted one is itself globally shortlisted, hence
//!   kept: Spark's windows over the survivors rank them as over all pairs,
//!   and pick the same articles.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int32Array, UInt32Array};
use dateline_links::resolve::{TYPO_SHORTLIST, typo_floor};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::arrow::RecordBatchCapsule;
use crate::guarded;
use crate::pairs::{Marks, WordLists, index};
use crate::spark::{Column, batch, list_bounds, strings};

/// The references of a batch of groups, as Python hands them over: 4-byte
/// offsets of each group's references in the flat items; 4-byte offsets of
/// each reference's words (all of them: their number is the Jaccard score's)
/// in a string column; the same for its `rarer` words (the blocking words
/// rarer than the group's); each reference's article id; its URL group (a
/// unique one when its article has none).
type ReferenceSide<'a> = (
    &'a [u8],
    &'a [u8],
    Column<'a>,
    &'a [u8],
    Column<'a>,
    Column<'a>,
    Column<'a>,
);

/// The articles of a batch of groups: each group's offsets, each article's
/// word offsets and words, its id, its URL group (a unique one when it has
/// none), and its input order: 4-byte offsets into a string column of the
/// order key's parts (compared part by part, by bytes, as Spark orders an
/// array of strings).
type ArticleSide<'a> = (
    &'a [u8],
    &'a [u8],
    Column<'a>,
    Column<'a>,
    Column<'a>,
    &'a [u8],
    Column<'a>,
);

/// The references of one side: groups, words, rarer words, ids and groups.
struct References<'a> {
    groups: Vec<(usize, usize)>,
    words: WordLists,
    rarer: WordLists,
    ids: Vec<&'a str>,
    url_groups: Vec<&'a str>,
}

/// The articles of one side: groups, words, ids, groups and order keys.
struct Articles<'a> {
    groups: Vec<(usize, usize)>,
    words: WordLists,
    ids: Vec<&'a str>,
    url_groups: Vec<&'a str>,
    okey_parts: Vec<&'a str>,
    okeys: Vec<(usize, usize)>,
}

impl Articles<'_> {
    /// The input order key of article `a`.
    fn okey(&self, a: usize) -> &[&str] {
        self.okeys
            .get(a)
            .and_then(|&(start, end)| self.okey_parts.get(start..end))
            .unwrap_or_default()
    }
}

/// A reference's candidate from one row: indices into the flat items, the
/// shared words, the Jaccard score, and whether the article is the
/// reference's own or of its URL group.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    reference: u32,
    article: u32,
    shared: u32,
    jaccard: f64,
    mine: bool,
}

fn check_count(what: &str, got: usize, want: usize) -> PyResult<()> {
    if got == want {
        Ok(())
    } else {
        Err(PyValueError::new_err(format!(
            "{got} {what} for {want} items"
        )))
    }
}

/// Per reference of each group (one blocking word's), its local candidates
/// among the group's articles: those sharing at least `typo_floor(most)` of
/// its words (`most`: the most one of them shares), the first
/// `TYPO_SHORTLIST` by shared words then input order, and the first of the
/// best Jaccard score in input order, own URL group left out. Articles having
/// one of the reference's `rarer` words are left out (a rarer word's group
/// pairs them). Columns `reference`, `article` (indices into each side's flat
/// items), `shared`, `jaccard`, `mine`. See the [module docs](self) for why
/// these are enough.
#[pyfunction]
pub fn typo_pairs<'a>(
    py: Python<'_>,
    references: ReferenceSide<'a>,
    articles: ArticleSide<'a>,
) -> PyResult<RecordBatchCapsule> {
    let mut ids = HashMap::new();
    let (groups, word_offsets, words, rarer_offsets, rarer, from, own_groups) = references;
    let words = WordLists::read(word_offsets, words, &mut ids)?;
    let references = References {
        groups: list_bounds(groups, words.len())?,
        rarer: WordLists::read(rarer_offsets, rarer, &mut ids)?,
        ids: strings(from)?,
        url_groups: strings(own_groups)?,
        words,
    };
    check_count(
        "rarer word lists",
        references.rarer.len(),
        references.words.len(),
    )?;
    check_count(
        "reference ids",
        references.ids.len(),
        references.words.len(),
    )?;
    check_count(
        "reference groups",
        references.url_groups.len(),
        references.words.len(),
    )?;
    let (groups, word_offsets, words, cids, url_groups, okey_offsets, okey_parts) = articles;
    let words = WordLists::read(word_offsets, words, &mut ids)?;
    let okey_parts = strings(okey_parts)?;
    let articles = Articles {
        groups: list_bounds(groups, words.len())?,
        ids: strings(cids)?,
        url_groups: strings(url_groups)?,
        okeys: list_bounds(okey_offsets, okey_parts.len())?,
        okey_parts,
        words,
    };
    check_count("article ids", articles.ids.len(), articles.words.len())?;
    check_count(
        "article groups",
        articles.url_groups.len(),
        articles.words.len(),
    )?;
    check_count("order keys", articles.okeys.len(), articles.words.len())?;
    if references.groups.len() != articles.groups.len() {
        return Err(PyValueError::new_err(format!(
            "{} groups of references, {} of articles",
            references.groups.len(),
            articles.groups.len()
        )));
    }
    let distinct = ids.len();
    py.detach(|| {
        guarded(|| {
            let found = local_candidates(&references, &articles, distinct)?;
            let shared: Vec<i32> = found
                .iter()
                .map(|c| i32::try_from(c.shared).unwrap_or(i32::MAX))
                .collect();
            batch(vec![
                (
                    "reference",
                    Arc::new(UInt32Array::from_iter_values(
                        found.iter().map(|c| c.reference),
                    )) as ArrayRef,
                ),
                (
                    "article",
                    Arc::new(UInt32Array::from_iter_values(
                        found.iter().map(|c| c.article),
                    )),
                ),
                ("shared", Arc::new(Int32Array::from(shared))),
                (
                    "jaccard",
                    Arc::new(Float64Array::from_iter_values(
                        found.iter().map(|c| c.jaccard),
                    )),
                ),
                (
                    "mine",
                    Arc::new(BooleanArray::from(
                        found.iter().map(|c| c.mine).collect::<Vec<_>>(),
                    )),
                ),
            ])
        })
    })
}

/// The Jaccard score of `shared` words of lists of `r` and `c` words, in the
/// operations Spark SQL made (`shared / (r + c - shared)` in `f64`).
fn jaccard(r: usize, c: usize, shared: usize) -> f64 {
    let union = (r + c).saturating_sub(shared);
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// The local candidates of every group (see [`typo_pairs`]); `words`: the
/// number of distinct word ids.
fn local_candidates(
    references: &References<'_>,
    articles: &Articles<'_>,
    words: usize,
) -> PyResult<Vec<Candidate>> {
    let mut out = Vec::new();
    let mut own = Marks::new(words);
    let mut rarer = Marks::new(words);
    let mut found: Vec<(u32, usize)> = Vec::new();
    // The shortlist's order: shared words descending, then input order (the
    // index only makes equal keys deterministic).
    let order = |x: &(u32, usize), y: &(u32, usize)| -> Ordering {
        y.0.cmp(&x.0)
            .then_with(|| articles.okey(x.1).cmp(articles.okey(y.1)))
            .then_with(|| x.1.cmp(&y.1))
    };
    for (&(r_start, r_end), &(a_start, a_end)) in references.groups.iter().zip(&articles.groups) {
        for r in r_start..r_end {
            let stamp = index(r)?;
            own.mark(stamp, references.words.words(r));
            rarer.mark(stamp, references.rarer.words(r));
            let size = references.words.size(r);
            let mine = |a: usize| {
                articles.ids.get(a) == references.ids.get(r)
                    || articles.url_groups.get(a) == references.url_groups.get(r)
            };
            found.clear();
            // The near miss: (score, article), the first of the best.
            let mut near: Option<(f64, usize)> = None;
            for a in a_start..a_end {
                let article_words = articles.words.words(a);
                if rarer.shared(stamp, article_words) > 0 {
                    continue;
                }
                let shared = own.shared(stamp, article_words);
                found.push((u32::try_from(shared).unwrap_or(u32::MAX), a));
                if !mine(a) {
                    let score = jaccard(size, articles.words.size(a), shared);
                    let better = near.is_none_or(|(best, b)| {
                        score > best
                            || (score == best && (articles.okey(a), a) < (articles.okey(b), b))
                    });
                    if better {
                        near = Some((score, a));
                    }
                }
            }
            let most = found.iter().map(|f| f.0).max().unwrap_or(0);
            let floor = typo_floor(most);
            found.retain(|f| f.0 >= floor);
            if found.len() > TYPO_SHORTLIST {
                found.select_nth_unstable_by(TYPO_SHORTLIST - 1, order);
                found.truncate(TYPO_SHORTLIST);
            }
            let candidate = |a: usize, shared: usize| -> PyResult<Candidate> {
                Ok(Candidate {
                    reference: stamp,
                    article: index(a)?,
                    shared: u32::try_from(shared).unwrap_or(u32::MAX),
                    jaccard: jaccard(size, articles.words.size(a), shared),
                    mine: mine(a),
                })
            };
            for &(shared, a) in &found {
                out.push(candidate(a, shared as usize)?);
            }
            if let Some((_, a)) = near
                && !found.iter().any(|f| f.1 == a)
            {
                out.push(candidate(a, own.shared(stamp, articles.words.words(a)))?);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency for tests).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }
    }

    /// An article of the tests: words, id, URL group, order key.
    struct Art {
        words: Vec<u32>,
        id: String,
        group: String,
        okey: Vec<String>,
    }

    /// A reference of the tests: words, id, URL group.
    struct Ref {
        words: Vec<u32>,
        id: String,
        group: String,
    }

    /// `articles` cut into groups of at most `chunk`, every reference in each.
    fn sides<'a>(refs: &'a [Ref], arts: &'a [Art], chunk: usize) -> (References<'a>, Articles<'a>) {
        let chunks = arts.len().div_ceil(chunk).max(1);
        let mut ref_lists: Vec<&[u32]> = Vec::new();
        let (mut ref_ids, mut ref_groups, mut ref_bounds) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..chunks {
            ref_bounds.push((ref_lists.len(), ref_lists.len() + refs.len()));
            for r in refs {
                ref_lists.push(&r.words);
                ref_ids.push(r.id.as_str());
                ref_groups.push(r.group.as_str());
            }
        }
        let empty: Vec<&[u32]> = vec![&[]; ref_lists.len()];
        let references = References {
            groups: ref_bounds,
            words: WordLists::from_lists(&ref_lists),
            rarer: WordLists::from_lists(&empty),
            ids: ref_ids,
            url_groups: ref_groups,
        };
        let lists: Vec<&[u32]> = arts.iter().map(|a| a.words.as_slice()).collect();
        let mut okey_parts = Vec::new();
        let mut okeys = Vec::new();
        for a in arts {
            okeys.push((okey_parts.len(), okey_parts.len() + a.okey.len()));
            okey_parts.extend(a.okey.iter().map(String::as_str));
        }
        let articles = Articles {
            groups: (0..chunks)
                .map(|k| (k * chunk, ((k + 1) * chunk).min(arts.len())))
                .collect(),
            words: WordLists::from_lists(&lists),
            ids: arts.iter().map(|a| a.id.as_str()).collect(),
            url_groups: arts.iter().map(|a| a.group.as_str()).collect(),
            okey_parts,
            okeys,
        };
        (references, articles)
    }

    /// What Spark's windows pick from `pairs` (reference, article, shared,
    /// jaccard, mine) of one reference: the shortlist, then the near miss.
    fn windows(pairs: &[(usize, u32, f64, bool)], arts: &[Art]) -> (Vec<usize>, Option<usize>) {
        let most = pairs.iter().map(|p| p.1).max().unwrap_or(0);
        let mut listed: Vec<_> = pairs.iter().filter(|p| p.1 >= typo_floor(most)).collect();
        listed.sort_by(|x, y| {
            y.1.cmp(&x.1)
                .then_with(|| arts[x.0].okey.cmp(&arts[y.0].okey))
        });
        let shortlist = listed.iter().take(TYPO_SHORTLIST).map(|p| p.0).collect();
        let near = pairs
            .iter()
            .filter(|p| !p.3)
            .min_by(|x, y| {
                y.2.total_cmp(&x.2)
                    .then_with(|| arts[x.0].okey.cmp(&arts[y.0].okey))
            })
            .map(|p| p.0);
        (shortlist, near)
    }

    /// Every pair of reference `r` and the articles, counted one by one.
    fn all_pairs(r: &Ref, arts: &[Art]) -> Vec<(usize, u32, f64, bool)> {
        arts.iter()
            .enumerate()
            .map(|(a, art)| {
                let shared = r.words.iter().filter(|w| art.words.contains(w)).count();
                let mine = art.id == r.id || art.group == r.group;
                (
                    a,
                    shared as u32,
                    jaccard(r.words.len(), art.words.len(), shared),
                    mine,
                )
            })
            .collect()
    }

    /// Random references and articles over a small vocabulary, so that many
    /// articles tie on their shared words; order keys unique, shuffled.
    fn corpus(seed: u64, n_arts: usize) -> (Vec<Ref>, Vec<Art>) {
        let mut rng = Lcg(seed);
        let words = |rng: &mut Lcg| {
            let n = 1 + rng.below(8) as usize;
            let mut w: Vec<u32> = (0..n).map(|_| rng.below(12) as u32).collect();
            w.sort_unstable();
            w.dedup();
            w
        };
        let arts = (0..n_arts)
            .map(|i| Art {
                words: words(&mut rng),
                id: format!("a{i}"),
                group: format!("g{}", rng.below(n_arts as u64 / 2 + 1)),
                okey: vec![
                    format!("d{}", rng.below(3)),
                    format!("{:05}", rng.below(100_000)),
                ],
            })
            .collect();
        let refs = (0..6)
            .map(|i| Ref {
                words: words(&mut rng),
                id: format!("a{}", rng.below(n_arts as u64)),
                group: if i % 2 == 0 {
                    format!("g{i}")
                } else {
                    format!("r{i}")
                },
            })
            .collect();
        (refs, arts)
    }

    #[test]
    fn the_local_candidates_hold_the_global_ones_and_give_the_same_answer() {
        for seed in 0..40 {
            let (refs, arts) = corpus(seed, 300);
            for chunk in [1, 7, 64, 100, 300] {
                let (references, articles) = sides(&refs, &arts, chunk);
                let found = local_candidates(&references, &articles, 12).expect("candidates");
                for (i, r) in refs.iter().enumerate() {
                    let want = windows(&all_pairs(r, &arts), &arts);
                    // This reference's survivors, from every chunk.
                    let kept: Vec<(usize, u32, f64, bool)> = found
                        .iter()
                        .filter(|c| c.reference as usize % refs.len() == i)
                        .map(|c| (c.article as usize, c.shared, c.jaccard, c.mine))
                        .collect();
                    for a in want.0.iter().chain(want.1.iter()) {
                        assert!(
                            kept.iter().any(|k| k.0 == *a),
                            "seed {seed}, chunk {chunk}: article {a} cut"
                        );
                    }
                    assert_eq!(windows(&kept, &arts), want, "seed {seed}, chunk {chunk}");
                    assert!(kept.len() <= articles.groups.len() * (TYPO_SHORTLIST + 1));
                }
            }
        }
    }

    #[test]
    fn a_long_list_of_ties_keeps_the_first_in_input_order() {
        // 200 articles sharing every word: the shortlist is the first 64 by
        // order key, the near miss the first not of the reference's group.
        let arts: Vec<Art> = (0..200)
            .map(|i| Art {
                words: vec![1, 2, 3],
                id: format!("a{i}"),
                group: if i < 3 {
                    "mine".into()
                } else {
                    format!("g{i}")
                },
                okey: vec![format!("{:03}", 199 - i)],
            })
            .collect();
        let refs = [Ref {
            words: vec![1, 2, 3],
            id: "a0".into(),
            group: "mine".into(),
        }];
        let (references, articles) = sides(&refs, &arts, 200);
        let found = local_candidates(&references, &articles, 4).expect("candidates");
        let mut listed: Vec<usize> = found.iter().map(|c| c.article as usize).collect();
        listed.sort_unstable();
        // The shortlist: the 64 of the greatest index (the smallest keys),
        // the near miss among them.
        assert_eq!(listed, (136..200).collect::<Vec<_>>());
        assert!(
            found
                .iter()
                .all(|c| c.shared == 3 && c.jaccard == 1.0 && !c.mine)
        );
    }

    #[test]
    fn an_article_with_a_rarer_word_is_left_to_that_words_group() {
        let arts = [
            Art {
                words: vec![1, 2],
                id: "a".into(),
                group: "ga".into(),
                okey: vec!["1".into()],
            },
            Art {
                words: vec![2, 3],
                id: "b".into(),
                group: "gb".into(),
                okey: vec!["2".into()],
            },
        ];
        let refs = [Ref {
            words: vec![1, 2, 3],
            id: "r".into(),
            group: "gr".into(),
        }];
        let (mut references, articles) = sides(&refs, &arts, 2);
        // The group of word 2, word 1 rarer: only `b` is paired here.
        references.rarer = WordLists::from_lists(&[&[1]]);
        let found = local_candidates(&references, &articles, 4).expect("candidates");
        assert_eq!(
            found,
            vec![Candidate {
                reference: 0,
                article: 1,
                shared: 2,
                jaccard: 2.0 / 3.0,
                mine: false,
            }]
        );
    }
}

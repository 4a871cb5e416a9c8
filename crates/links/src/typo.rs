//! Character-level headline comparison for the typo stage of
//! [`crate::resolve`]: a headline's letters and digits without spaces or
//! punctuation, compared by edit distance, with the end of the longer one
//! free when a headline was cut.
//!
//! Dropping spaces makes words split or joined at the wrong place
//! (`t oMoscow`, `toMoscow`) cost nothing; a transposed, missing, extra or
//! doubled letter costs one edit (optimal string alignment distance: a
//! Levenshtein distance where swapping two neighbours is one edit).

use crate::text::{fold_accents, normalize, unify_punctuation};

/// A headline's [`normalize`]d, accent-folded letters and digits, in order.
///
/// `Macron heads t oMoscow...` and `Macron Heads To Moscow` are both
/// `macronheadstomoscow`.
pub(crate) fn compact(headline: &str) -> Vec<char> {
    // ASCII, and typographic quotes and dashes (made ASCII punctuation before
    // anything else, so they neither compose nor fold): normalising and
    // folding only lowercases the letters, and the punctuation is dropped
    // here. One pass, no string built.
    let plain = |c: char| c.is_ascii() || (!c.is_alphanumeric() && unify_punctuation(c).is_ascii());
    if headline.chars().all(plain) {
        return headline
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    fold_accents(&normalize(headline))
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// How a compact promo fits a compact headline, within `limit` edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fit {
    /// The fewest edits turning the promo into the headline, or into a
    /// prefix of it when `cut` is allowed.
    pub edits: usize,
    /// Whether the best fit is a proper prefix of the headline: the promo
    /// names a cut headline.
    pub cut: bool,
}

/// The optimal string alignment distance from `promo` to `headline`, or to
/// one of its prefixes if `allow_cut` (a headline cut at any point, mid-word
/// too), if it is at most `limit`; `None` beyond.
///
/// Only the cells within `limit` of the diagonal are computed (a distance of
/// at most `limit` never leaves that band), and the computation stops as soon
/// as a whole row exceeds `limit`: O(|promo| · limit), and a headline unlike
/// the promo is given up after a few rows.
pub(crate) fn fit(promo: &[char], headline: &[char], limit: usize, allow_cut: bool) -> Option<Fit> {
    let (n, m) = (promo.len(), headline.len());
    if m + limit < n || (!allow_cut && n + limit < m) {
        return None;
    }
    let over = limit + 1;
    let width = m + 1;
    // Three rows: the one before last (for transpositions), the last, this one.
    let mut before = vec![over; width];
    let mut last: Vec<usize> = (0..width).map(|j| j.min(over)).collect();
    let mut row = vec![over; width];
    for i in 1..=n {
        let from = i.saturating_sub(limit).max(1);
        let to = (i + limit).min(m);
        // No reset of the whole row: of the cells outside the band, only the
        // one just left of it is read (as this row's `row[j - 1]`), and those
        // right of it were never written (the band only moves right), so they
        // still hold `over`.
        row[0] = i.min(over);
        if from > 1 {
            row[from - 1] = over;
        }
        let mut best = row[0];
        for j in from..=to {
            let same = promo[i - 1] == headline[j - 1];
            let mut d = (last[j - 1] + usize::from(!same))
                .min(last[j] + 1)
                .min(row[j - 1] + 1);
            if i > 1 && j > 1 && promo[i - 1] == headline[j - 2] && promo[i - 2] == headline[j - 1]
            {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d.min(over);
            best = best.min(row[j]);
        }
        if best > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    // `last` is now the promo's full row.
    let whole = last[m];
    let mut found = (whole <= limit).then_some(Fit {
        edits: whole,
        cut: false,
    });
    if allow_cut {
        let low = n.saturating_sub(limit);
        let high = (n + limit).min(m.saturating_sub(1));
        for (j, &edits) in last.iter().enumerate().take(high + 1).skip(low) {
            if edits <= limit && found.is_none_or(|f| edits < f.edits) {
                found = Some(Fit { edits, cut: j < m });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, cut: bool) -> Option<usize> {
        fit(&compact(a), &compact(b), 4, cut).map(|f| f.edits)
    }

    #[test]
    fn spaces_and_punctuation_are_free() {
        assert_eq!(
            d(
                "Macron heads t oMoscow for talks",
                "Macron Heads To Moscow For Talks",
                false
            ),
            Some(0)
        );
        assert_eq!(
            d("US, Russia: still open!", "us russia still open", false),
            Some(0)
        );
    }

    #[test]
    fn one_edit_per_letter_typo() {
        let h = "Biden Set To Visit Israel";
        assert_eq!(
            d("Bidne Set To Visit Israel", h, false),
            Some(1),
            "transposed"
        );
        assert_eq!(d("Bden Set To Visit Israel", h, false), Some(1), "missing");
        assert_eq!(
            d("Biiden Set To Visit Israel", h, false),
            Some(1),
            "doubled"
        );
        assert_eq!(
            d("Bidan Set To Visit Israel", h, false),
            Some(1),
            "replaced"
        );
        assert_eq!(d("Bdien Set To Vsiit Israle", h, false), Some(3));
        assert_eq!(
            d("Putin Hosts Macron In Moscow", h, false),
            None,
            "beyond the limit"
        );
    }

    #[test]
    fn a_cut_headline_fits_a_prefix_only_when_allowed() {
        let h = "US, Russia Still Open For Diplomacy On Ukraine";
        let cut = fit(
            &compact("US, Russia still open fo..."),
            &compact(h),
            2,
            true,
        );
        assert_eq!(
            cut,
            Some(Fit {
                edits: 0,
                cut: true
            })
        );
        assert_eq!(d("US, Russia still open fo...", h, false), None);
        let typo_and_cut = fit(&compact("US, Rusia still open for"), &compact(h), 2, true);
        assert_eq!(
            typo_and_cut,
            Some(Fit {
                edits: 1,
                cut: true
            })
        );
        // The whole headline is no cut.
        let whole = fit(&compact(h), &compact(h), 2, true);
        assert_eq!(
            whole,
            Some(Fit {
                edits: 0,
                cut: false
            })
        );
    }

    #[test]
    fn typographic_punctuation_is_dropped_as_the_general_path_drops_it() {
        for h in [
            "Zelensky\u{2019}s \u{201C}Plan\u{201D} \u{2014} 2022",
            "Caf\u{e9} \u{2019}s",
            "a\u{b4}b",
        ] {
            let general: Vec<char> = fold_accents(&normalize(h))
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            assert_eq!(compact(h), general, "{h}");
        }
    }

    #[test]
    fn accents_and_case_fold() {
        assert_eq!(d("ÉLYSÉE talks", "elysee talks", false), Some(0));
        assert_eq!(
            fit(&[], &[], 0, true),
            Some(Fit {
                edits: 0,
                cut: false
            })
        );
    }

    /// The whole optimal string alignment table's last row: the distance from
    /// `a` to each prefix of `b`.
    fn full_row(a: &[char], b: &[char]) -> Vec<usize> {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j - 1] + cost)
                    .min(d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d.pop().unwrap_or_default()
    }

    proptest::proptest! {
        /// The banded computation (which never resets its rows) finds what
        /// the whole table finds, within the limit.
        #[test]
        fn fit_is_the_full_tables_answer(
            a in "[abc]{0,12}",
            b in "[abc]{0,14}",
            limit in 0usize..4,
            cut: bool,
        ) {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let row = full_row(&a, &b);
            let whole = row[b.len()];
            let best = if cut {
                // A proper prefix only when it is strictly better.
                let prefix = row[..b.len()].iter().copied().min().unwrap_or(usize::MAX);
                if prefix < whole { Some((prefix, true)) } else { Some((whole, false)) }
            } else {
                Some((whole, false))
            }
            .filter(|&(e, _)| e <= limit);
            let found = fit(&a, &b, limit, cut).map(|f| f.edits);
            proptest::prop_assert_eq!(found, best.map(|(e, _)| e));
        }
    }
}

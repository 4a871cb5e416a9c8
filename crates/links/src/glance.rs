//! What the resolver reads of a candidate article before its words.
//!
//! The fuzzy and typo stages count the words a headline shares with
//! thousands of candidate articles a reference. Reading a candidate's sorted
//! word ids costs two reads at random places in arrays of tens of megabytes
//! at a million articles (its end in `token_ends`, then the ids): a cache
//! miss each, most of the resolver's time. Most candidates share one or two
//! words and are then dropped. A [`Glance`] per article, 16 bytes in one
//! dense array (16 MB at a million articles, which stays in cache far more
//! often), says enough to drop most of them unread: how many distinct words
//! the headline has, its URL group, and a [`WordFilter`] of its words that
//! bounds the words it can share with a headline from above.
//!
//! The bounds only decide what is not read: every count that decides an
//! answer is counted on the words, so answers are those of counting every
//! candidate (the property tests in `resolve.rs` hold the stages to a full
//! scan).

/// A 64-bit Bloom filter of a headline's word ids: each word sets two bits.
/// A word whose two bits are not both set is not in the headline; one whose
/// bits are set may be (at 10 words, a word not in it has both bits set
/// about 7% of the time).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordFilter(u64);

impl WordFilter {
    /// The filter of a headline's word ids.
    pub(crate) fn of(words: &[u32]) -> WordFilter {
        WordFilter(words.iter().fold(0, |bits, &w| bits | WordFilter::mask(w)))
    }

    /// A filter every word passes.
    #[cfg(test)]
    pub(crate) fn everything() -> WordFilter {
        WordFilter(u64::MAX)
    }

    /// The two bits of word `word`: from a multiplicative hash of the id, as
    /// ids are given in order of first use and neighbours must not collide.
    pub(crate) fn mask(word: u32) -> u64 {
        let h = u64::from(word).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (1u64 << (h >> 58)) | (1u64 << ((h >> 52) & 63))
    }

    /// At least the number of `masks` (one a word, see [`WordFilter::mask`])
    /// whose words the headline has: those whose bits are all set.
    pub(crate) fn may_share(self, masks: &[u64]) -> u32 {
        let hits = masks.iter().filter(|&&m| self.0 & m == m).count();
        u32::try_from(hits).unwrap_or(u32::MAX)
    }
}

/// The masks of a headline's word ids, for [`WordFilter::may_share`].
pub(crate) fn masks(words: &[u32]) -> Vec<u64> {
    words.iter().map(|&w| WordFilter::mask(w)).collect()
}

/// An article as the resolver first sees it (16 bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Glance {
    /// Its headline's words.
    pub(crate) filter: WordFilter,
    /// The number of distinct words its headline has.
    pub(crate) words: u32,
    /// The first article of its URL group (itself unless a later URL
    /// duplicate).
    pub(crate) group: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The filter never says fewer words are shared than are.
        #[test]
        fn may_share_bounds_the_shared_words(
            headline in proptest::collection::btree_set(0u32..5_000, 0..20),
            query in proptest::collection::btree_set(0u32..5_000, 0..20),
        ) {
            let headline: Vec<u32> = headline.into_iter().collect();
            let query: Vec<u32> = query.into_iter().collect();
            let shared = query.iter().filter(|w| headline.contains(w)).count() as u32;
            let bound = WordFilter::of(&headline).may_share(&masks(&query));
            prop_assert!(bound >= shared);
            prop_assert!(bound as usize <= query.len());
        }
    }

    #[test]
    fn the_filter_tells_most_absent_words_apart() {
        // Headlines of 10 words; a query of 10 others: about 7% pass each.
        let mut passed = 0u32;
        for h in 0..1_000u32 {
            let headline: Vec<u32> = (0..10).map(|i| h * 10 + i).collect();
            let query: Vec<u32> = (0..10).map(|i| 1_000_000 + h * 10 + i).collect();
            passed += WordFilter::of(&headline).may_share(&masks(&query));
        }
        // 10,000 absent words tested: expect about 700.
        assert!(passed < 1_200, "{passed} of 10000 absent words passed");
    }
}

//! Article ids that are unique within a run, by one rule that every output of
//! dateline follows: the first article keeps its id (the file's stem); a later
//! one with the same id gets `-2`, then `-3`, ..., the first suffix not taken.
//! `a/0001.txt` and `b/0001.txt` are `0001` and `0001-2` in every record, file
//! name and link.

use std::borrow::Cow;
use std::collections::HashSet;

/// The id for an article that would like `wanted`, when `taken` says which
/// ids are in use: `wanted` itself if it is free, else the first free of
/// `wanted-2`, `wanted-3`, ... An empty `wanted` is `article`.
///
/// ```
/// use dateline_core::ids::first_free;
///
/// let taken = ["0001", "0001-2"];
/// assert_eq!(first_free("0001", |id| taken.contains(&id)), "0001-3");
/// assert_eq!(first_free("0002", |id| taken.contains(&id)), "0002");
/// assert_eq!(first_free("", |_| false), "article");
/// ```
pub fn first_free(wanted: &str, mut taken: impl FnMut(&str) -> bool) -> Cow<'_, str> {
    let wanted = if wanted.is_empty() { "article" } else { wanted };
    if !taken(wanted) {
        return Cow::Borrowed(wanted);
    }
    let mut candidate = String::with_capacity(wanted.len() + 3);
    for n in 2u64.. {
        candidate.clear();
        candidate.push_str(wanted);
        candidate.push('-');
        candidate.push_str(&n.to_string());
        if !taken(&candidate) {
            break;
        }
    }
    Cow::Owned(candidate)
}

/// The ids handed out so far in a run, by [`first_free`]'s rule.
///
/// ```
/// use dateline_core::ids::UniqueIds;
///
/// let mut ids = UniqueIds::new();
/// assert_eq!(ids.claim("0001"), "0001");
/// assert_eq!(ids.claim("0001"), "0001-2");
/// assert_eq!(ids.claim("0001-2"), "0001-2-2");
/// assert_eq!(ids.claim("0002"), "0002");
/// assert_eq!(ids.len(), 4);
/// ```
///
/// Memory: one string per id handed out (about the id's length plus 40 bytes).
#[derive(Clone, Debug, Default)]
pub struct UniqueIds {
    taken: HashSet<Box<str>>,
}

impl UniqueIds {
    /// No id taken.
    pub fn new() -> UniqueIds {
        UniqueIds::default()
    }

    /// The id for an article that would like `wanted` (see [`first_free`]),
    /// now taken.
    pub fn claim(&mut self, wanted: &str) -> String {
        // Most ids are free: one hash and one probe take them.
        if !wanted.is_empty() && self.taken.insert(wanted.into()) {
            return wanted.to_owned();
        }
        let id = first_free(wanted, |id| self.taken.contains(id)).into_owned();
        self.taken.insert(id.as_str().into());
        id
    }

    /// Whether `id` was handed out.
    pub fn contains(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    /// How many ids were handed out.
    pub fn len(&self) -> usize {
        self.taken.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.taken.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_claim_is_new_and_keeps_its_stem() {
        let mut ids = UniqueIds::new();
        let wanted = ["a", "a", "a-2", "", "", "article", "a", "b"];
        let got: Vec<String> = wanted.iter().map(|w| ids.claim(w)).collect();
        assert_eq!(
            got,
            [
                "a",
                "a-2",
                "a-2-2",
                "article",
                "article-2",
                "article-3",
                "a-3",
                "b"
            ]
        );
        assert_eq!(ids.len(), wanted.len());
    }
}

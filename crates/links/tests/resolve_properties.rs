//! Property tests of resolution: the indexed, prefix-filtered resolver gives
//! what comparing the headline with every article gives (the word stages: the
//! typo stage, off here, has its own tests), and no input makes it
//! panic.

use std::collections::BTreeSet;

use dateline_links::corpus::{ArticleRecord, CorpusBuilder};
use dateline_links::resolve::MAX_LISTED_CANDIDATES;
use dateline_links::{Corpus, Method, Resolution, Resolver};
use proptest::prelude::*;

const WORDS: [&str; 12] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett",
    "kilo", "lima",
];

fn corpus(titles: &[Vec<usize>]) -> Corpus {
    let mut builder = CorpusBuilder::new();
    for (i, title) in titles.iter().enumerate() {
        // URLs without a slug: only the headline keys count.
        builder
            .push(ArticleRecord::new(
                format!("a{i}"),
                headline(title),
                format!("https://example.com/{}", 100_000 + i),
            ))
            .expect("room");
    }
    builder.build()
}

fn headline(words: &[usize]) -> String {
    words
        .iter()
        .map(|&w| WORDS[w])
        .collect::<Vec<_>>()
        .join(" ")
}

/// What resolution must give, by comparing the query with every article.
fn brute_force(titles: &[Vec<usize>], query: &[usize], min_score: f64) -> Resolution {
    let ids = |v: Vec<usize>| -> Vec<String> {
        v.into_iter()
            .take(MAX_LISTED_CANDIDATES)
            .map(|i| format!("a{i}"))
            .collect()
    };
    // Headlines are lowercase words of the same form: exact and slug keys
    // are equal exactly when the word sequences are.
    let same: Vec<usize> = (0..titles.len()).filter(|&i| titles[i] == query).collect();
    let resolution = |to: Option<String>, method, score, candidates| Resolution {
        to,
        method: Some(method),
        score,
        candidates,
        self_reference: false,
        capped: false,
        best_candidate: None,
        best_score: None,
    };
    match same.len() {
        0 => {}
        1 => {
            return resolution(
                Some(format!("a{}", same[0])),
                Method::Exact,
                1.0,
                Vec::new(),
            );
        }
        _ => return resolution(None, Method::Exact, 1.0, ids(same)),
    }
    let q: BTreeSet<usize> = query.iter().copied().collect();
    let scored: Vec<(usize, f64)> = titles
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let t: BTreeSet<usize> = t.iter().copied().collect();
            let shared = q.intersection(&t).count();
            let score = shared as f64 / q.union(&t).count() as f64;
            (shared > 0 && score + 1e-9 >= min_score).then_some((i, score))
        })
        .collect();
    let Some(best) = scored.iter().map(|&(_, s)| s).reduce(f64::max) else {
        return Resolution::unresolved();
    };
    let tied: Vec<usize> = scored
        .iter()
        .filter(|&&(_, s)| s >= best - 1e-9)
        .map(|&(i, _)| i)
        .collect();
    if tied.len() == 1 {
        resolution(
            Some(format!("a{}", tied[0])),
            Method::Fuzzy,
            best,
            Vec::new(),
        )
    } else {
        resolution(None, Method::Fuzzy, best, ids(tied))
    }
}

/// A candidate cap at which resolution is still exact: enough for the
/// posting lists of the prefix words (the `r - k + 1` rarest of the query's `r`
/// words, `k` the words a match must share), whichever they are.
fn exact_budget(titles: &[Vec<usize>], query: &[usize], min_score: f64) -> usize {
    let q: BTreeSet<usize> = query.iter().copied().collect();
    let r = q.len();
    let k = ((min_score * r as f64 - 1e-9).ceil().max(1.0) as usize).min(r.max(1));
    let mut dfs: Vec<usize> = q
        .iter()
        .map(|w| titles.iter().filter(|t| t.contains(w)).count())
        .filter(|&df| df > 0)
        .collect();
    let unknown = r - dfs.len();
    let prefix = (r - k + 1).saturating_sub(unknown);
    dfs.sort_unstable_by(|a, b| b.cmp(a));
    dfs.iter().take(prefix).sum::<usize>().max(1)
}

fn title() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..WORDS.len(), 1..7)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn indexed_resolution_equals_a_full_scan(
        titles in prop::collection::vec(title(), 0..40),
        query in title(),
        min_score in prop::sample::select(vec![0.0, 0.2, 0.34, 0.5, 0.6, 0.75, 0.9, 1.0]),
    ) {
        let corpus = corpus(&titles);
        let resolver = Resolver::new(&corpus)
            .with_min_score(min_score)
            .expect("valid")
            .with_max_candidates(usize::MAX)
            .with_typos(false);
        let got = resolver.resolve(&headline(&query));
        let want = brute_force(&titles, &query, min_score);
        prop_assert_eq!(&got.to, &want.to, "{:?} vs {:?}", got, want);
        prop_assert_eq!(got.method, want.method);
        prop_assert_eq!(&got.candidates, &want.candidates);
        prop_assert!((got.score - want.score).abs() < 1e-12, "{} vs {}", got.score, want.score);
        prop_assert!(!got.capped, "no cap: {:?}", got);
    }

    #[test]
    fn a_cap_covering_the_prefix_keeps_resolution_exact(
        titles in prop::collection::vec(title(), 0..40),
        query in title(),
        min_score in prop::sample::select(vec![0.0, 0.2, 0.34, 0.5, 0.6, 0.75, 0.9, 1.0]),
        extra in 0usize..30,
    ) {
        let corpus = corpus(&titles);
        let cap = exact_budget(&titles, &query, min_score) + extra;
        let resolver = Resolver::new(&corpus)
            .with_min_score(min_score)
            .expect("valid")
            .with_max_candidates(cap)
            .with_typos(false);
        let got = resolver.resolve(&headline(&query));
        let want = brute_force(&titles, &query, min_score);
        prop_assert_eq!(&got.to, &want.to, "cap {}: {:?} vs {:?}", cap, got, want);
        prop_assert_eq!(got.method, want.method);
        prop_assert_eq!(&got.candidates, &want.candidates);
        prop_assert!((got.score - want.score).abs() < 1e-12);
        prop_assert!(!got.capped, "cap {} covers the prefix: {:?}", cap, got);
    }

    #[test]
    fn any_cap_gives_sound_matches(
        titles in prop::collection::vec(title(), 0..40),
        query in title(),
        min_score in prop::sample::select(vec![0.0, 0.34, 0.6, 0.9]),
        cap in 1usize..16,
    ) {
        let corpus = corpus(&titles);
        let resolver = Resolver::new(&corpus)
            .with_min_score(min_score)
            .expect("valid")
            .with_max_candidates(cap)
            .with_typos(false);
        let got = resolver.resolve(&headline(&query));
        let want = brute_force(&titles, &query, min_score);
        if want.method.is_none() {
            prop_assert_eq!(got.method, None, "nothing to find");
        }
        if want.method == Some(Method::Exact) {
            prop_assert_eq!(&got, &want, "the exact stage is not capped");
        }
        // A result the cap changed says so: one not flagged is the full scan's.
        let same = got.to == want.to
            && got.method == want.method
            && got.candidates == want.candidates
            && (got.score - want.score).abs() < 1e-12;
        prop_assert!(same || got.capped, "cap {}: {:?} vs {:?}", cap, got, want);
        if let (Some(to), Some(Method::Fuzzy)) = (&got.to, got.method) {
            // A fuzzy match found under a cap is a real one, if maybe not the best.
            let i: usize = to[1..].parse().expect("an a<N> id");
            let q: BTreeSet<usize> = query.iter().copied().collect();
            let t: BTreeSet<usize> = titles[i].iter().copied().collect();
            let score = q.intersection(&t).count() as f64 / q.union(&t).count() as f64;
            prop_assert!((score - got.score).abs() < 1e-12);
            prop_assert!(score + 1e-9 >= min_score);
            prop_assert!(score <= want.score + 1e-12);
        }
    }

    #[test]
    fn resolution_never_panics(
        titles in prop::collection::vec(".{0,40}", 0..12),
        urls in prop::collection::vec(".{0,30}", 12),
        query in ".{0,60}",
        from in 0usize..16,
        min_score in 0.0f64..=1.0,
        cap in 1usize..8,
    ) {
        let mut builder = CorpusBuilder::new();
        for (title, url) in titles.iter().zip(&urls) {
            builder.push(ArticleRecord::new("", title.as_str(), url.as_str())).expect("room");
        }
        let corpus = builder.build();
        let resolver = Resolver::new(&corpus)
            .with_min_score(min_score)
            .expect("valid")
            .with_max_candidates(cap);
        let r = resolver.resolve_from_index(from, &query);
        prop_assert!((0.0..=1.0).contains(&r.score));
        prop_assert!(r.to.is_none() || r.candidates.is_empty());
        // A near miss only for an unresolved reference, below the minimum.
        if let Some(best) = r.best_score {
            prop_assert!(r.to.is_none() && r.candidates.is_empty(), "{:?}", r);
            prop_assert!(r.best_candidate.is_some());
            prop_assert!((0.0..=1.0).contains(&best));
        }
        let _ = corpus.duplicates();
        let _ = corpus.date_mismatches();
    }
}

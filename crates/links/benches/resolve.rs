//! How cross-reference resolution grows with the corpus: 10k, 100k and 1M
//! synthetic articles.
//!
//! Records are built directly (no files): headlines of 6 to 12 words drawn
//! by Zipf's law from a vocabulary of 200,000 words whose 100 commonest stand
//! for the stop words (so the commonest content word is in about 1% of
//! headlines, as in news), and URLs in the shape of a
//! dated news path ending in a truncated slug. Each article has one promo,
//! naming a random other article: two in five by its exact headline, one in five
//! in capitals (exact after normalisation), one in five with a word dropped
//! (fuzzy), one in five a headline that is not in the corpus.
//!
//! * `resolve/N`: resolving the promos of the first 10,000 articles against
//!   the N articles: the time per promo as the corpus grows 100-fold. The
//!   exact and slug stages are hash lookups; the fuzzy stage reads the posting
//!   lists of a headline's rarest words, which grow with N here (the
//!   vocabulary does not: about 5, 50 and 500 entries per fuzzy promo at
//!   10k, 100k and 1M), merges them and checks the candidates against the
//!   other words' lists in sequential passes, then scores the few left. So
//!   the time per promo grows slowly with N: the list passes, and hash
//!   lookups and candidates that no longer fit in the CPU cache. A flat
//!   time would mean resolving all N promos grows linearly with N.
//! * `index/N` (10k, 100k): building the corpus of N records (canonicalizing
//!   N URLs, keying and tokenizing N headlines).
//!
//! Each size's setup also prints, once, how long building the index and
//! resolving *all* N promos took, and what they resolved to. The 1M case
//! takes 10 samples with a short warm-up and no `index` sample, so the whole
//! run takes a few minutes on a 2-core machine (most of it building the
//! corpora):
//!
//! ```text
//! cargo bench -p dateline-links --bench resolve                       # everything
//! cargo bench -p dateline-links --bench resolve -- '^resolve/'        # resolution only
//! cargo bench -p dateline-links --bench resolve -- '^(resolve|index)/100?000$'   # skip 1M
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use dateline_links::corpus::{ArticleRecord, CorpusBuilder};
use dateline_links::{Corpus, Method, Resolver};

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
/// Word ranks drawn: the first `COMMON` ranks stand for the stop words, which
/// headline tokens drop, so the commonest content word is in about 1% of
/// headlines, as in news.
const VOCABULARY: usize = 200_000;
const COMMON: usize = 100;
const SYLLABLES: [&str; 20] = [
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "ba", "do", "fe", "gu", "hi", "ja", "ku",
    "pe", "ri", "so", "wa",
];

/// SplitMix64: a small, deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A word rank, log-uniform over `COMMON..VOCABULARY`: rank k has
    /// probability about 1/(k·ln(VOCABULARY/COMMON)), Zipf's law.
    fn word(&mut self) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let (lo, hi) = (COMMON as f64, VOCABULARY as f64);
        ((lo * (hi / lo).powf(u)) as usize).min(VOCABULARY - 1)
    }
}

/// The word of rank `i`: five syllables, so never a stop word.
fn word(i: usize) -> String {
    let mut w = String::with_capacity(8);
    let mut n = i;
    for _ in 0..5 {
        w.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    w
}

fn headline(rng: &mut Rng) -> Vec<String> {
    let len = 6 + rng.below(7);
    (0..len)
        .map(|_| {
            let w = word(rng.word());
            let mut c = w.chars();
            c.next()
                .map(|first| first.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// N records with one promo each (see the module docs).
fn records(n: usize) -> Vec<ArticleRecord> {
    let mut rng = Rng(0x5EED ^ n as u64);
    let titles: Vec<Vec<String>> = (0..n).map(|_| headline(&mut rng)).collect();
    (0..n)
        .map(|i| {
            let words = &titles[i];
            let slug: Vec<String> = words.iter().take(5).map(|w| w.to_lowercase()).collect();
            let url = format!(
                "https://www.outlet{}.com/news/2022/{:02}/{:02}/{}-{}",
                i % 500,
                1 + i % 12,
                1 + i % 28,
                slug.join("-"),
                100_000 + i
            );
            let target = &titles[(i + 1 + rng.below(n - 1)) % n];
            let promo = match i % 5 {
                0 | 1 => target.join(" "),
                2 => target.join(" ").to_uppercase(),
                3 => {
                    let drop = rng.below(target.len());
                    let kept: Vec<&str> = target
                        .iter()
                        .enumerate()
                        .filter(|&(k, _)| k != drop)
                        .map(|(_, w)| w.as_str())
                        .collect();
                    kept.join(" ")
                }
                _ => headline(&mut rng).join(" "),
            };
            ArticleRecord::new(format!("a{i}"), words.join(" "), url)
                .with_reference("Read Also", promo)
        })
        .collect()
}

fn build(records: Vec<ArticleRecord>) -> Corpus {
    let mut builder = CorpusBuilder::with_capacity(records.len());
    for record in records {
        let _ = builder.push(record);
    }
    builder.build()
}

/// The promos resolved in each `resolve` iteration: those of the first
/// `BATCH` articles (all of them at 10k).
const BATCH: usize = 10_000;

/// Resolves the promos of the first `BATCH` articles; returns how many found
/// a target.
fn resolve_batch(resolver: &Resolver<'_>) -> usize {
    let mut resolved = 0;
    for article in resolver.corpus().articles().take(BATCH) {
        for reference in article.references() {
            resolved += usize::from(
                resolver
                    .resolve_from_index(article.index(), reference.title)
                    .is_resolved(),
            );
        }
    }
    resolved
}

/// 20 samples of 5 s, or 10 with a short warm-up for the largest cases.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, n: usize, large: usize) {
    if n >= large {
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(10));
    } else {
        group.sample_size(20);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(5));
    }
}

/// `resolve/N`: the same number of promos against a corpus 10 and 100 times
/// larger. A flat time means resolving all N promos grows linearly with N.
fn resolve(c: &mut Criterion) {
    let mut group = c.benchmark_group("resolve");
    group.throughput(Throughput::Elements(BATCH as u64));
    for n in SIZES {
        configure(&mut group, n, 1_000_000);
        let mut data: Option<Corpus> = None;
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            let corpus = data.get_or_insert_with(|| {
                let records = records(n);
                let start = Instant::now();
                let corpus = build(records);
                eprintln!("\n{n} articles indexed once in {:.2?}", start.elapsed());
                report_outcomes(&corpus);
                corpus
            });
            let resolver = Resolver::new(corpus);
            b.iter(|| black_box(resolve_batch(&resolver)));
        });
    }
    group.finish();
}

/// `index/N`: building the corpus. At 1M one build takes tens of seconds,
/// so ten samples would take minutes: `resolve/1000000` prints the time of
/// its one build instead.
fn index(c: &mut Criterion) {
    let mut group = c.benchmark_group("index");
    for n in SIZES.into_iter().filter(|&n| n < 1_000_000) {
        configure(&mut group, n, 100_000);
        group.throughput(Throughput::Elements(n as u64));
        let mut data: Option<Vec<ArticleRecord>> = None;
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            let records = data.get_or_insert_with(|| records(n));
            b.iter_batched(|| records.clone(), build, BatchSize::PerIteration);
        });
    }
    group.finish();
}

/// Prints what every promo of the corpus resolves to, once per size: the
/// workload is realistic only if the promos resolve by the intended method.
fn report_outcomes(corpus: &Corpus) {
    let resolver = Resolver::new(corpus);
    let mut counts = [0usize; 6];
    let start = Instant::now();
    for article in corpus.articles() {
        for reference in article.references() {
            let r = resolver.resolve_from_index(article.index(), reference.title);
            let slot = match (r.method, r.is_ambiguous()) {
                (_, true) => 4,
                (Some(Method::Exact), _) => 0,
                (Some(Method::Slug), _) => 1,
                (Some(Method::Fuzzy), _) => 2,
                (None, _) => 3,
                (Some(Method::Typo), _) => 5,
            };
            counts[slot] += 1;
        }
    }
    eprintln!(
        "all {} promos resolved once in {:.2?}: exact {}, slug {}, fuzzy {}, typo {}, unresolved {}, ambiguous {}; {} distinct words",
        corpus.len(),
        start.elapsed(),
        counts[0],
        counts[1],
        counts[2],
        counts[5],
        counts[3],
        counts[4],
        corpus.vocabulary_len(),
    );
}

criterion_group!(benches, resolve, index);
criterion_main!(benches);

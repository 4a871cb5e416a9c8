//! Outlet lookups in the built-in gazetteer: by name (what each attribution of
//! a corpus costs) and by host (what each article's source URL costs).
//!
//! * `outlets/name`: 16 names, hits and misses, ASCII (the fast name-key path)
//!   and not, per iteration.
//! * `outlets/host`: 12 hosts, hits on the host or a parent, and misses down to
//!   the registrable domain, per iteration.
//!
//! The first call of [`Gazetteer::builtin`] is timed by the `first_builtin`
//! example instead (a `OnceLock` runs once per process):
//!
//! ```text
//! cargo bench -p dateline-links --bench outlets
//! cargo run --release -p dateline-links --example first_builtin
//! ```

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline_links::Gazetteer;

const NAMES: [&str; 16] = [
    "BBC",
    "The Associated Press",
    "AP News",
    "NBC News",
    "N.Y. Times",
    "U.S. News & World Report",
    "Barron’s",
    "RTÉ",
    "Reuters",
    "The Local Gazette",
    "Unknown Tribune",
    "Le Monde",
    "Agence France-Presse",
    "Radio Free Europe / Radio Liberty",
    "Daily Mail",
    "Headlines & Global News",
];

const HOSTS: [&str; 12] = [
    "www.hngn.com",
    "news.bbc.co.uk",
    "edition.cnn.com",
    "abcnews.go.com",
    "go.com",
    "www.nytimes.com",
    "amp.theguardian.com",
    "en.yna.co.kr",
    "www.example.com",
    "feeds.bbci.co.uk",
    "timesofindia.indiatimes.com",
    "blog.localgazette.example.org",
];

fn lookups(c: &mut Criterion) {
    let gazetteer = Gazetteer::builtin();
    let mut group = c.benchmark_group("outlets");
    group.throughput(Throughput::Elements(NAMES.len() as u64));
    group.bench_function("name", |b| {
        b.iter(|| {
            NAMES
                .iter()
                .filter(|name| gazetteer.lookup_name(black_box(name)).is_some())
                .count()
        })
    });
    group.throughput(Throughput::Elements(HOSTS.len() as u64));
    group.bench_function("host", |b| {
        b.iter(|| {
            HOSTS
                .iter()
                .filter(|host| gazetteer.lookup_host(black_box(host)).is_some())
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, lookups);
criterion_main!(benches);

//! Where resolution's time goes, by outcome: N generated articles (default
//! 200,000; damaged promos on) indexed, then every reference resolved one by
//! one on one thread and timed, and the time summed by what the resolution
//! was (its method, whether it found a target, an ambiguity, a near miss,
//! and whether it was capped). The per-reference figure says which kind of
//! promo a faster resolver must make cheaper.
//!
//! ```text
//! cargo run --release -p dateline-links --example reference_costs -- 200000 [--open-vocabulary] [--no-typos]
//! ```

use std::collections::BTreeMap;
use std::time::Instant;

use dateline_links::corpus::{ArticleRecord, CorpusBuilder, PreparedRecord};
use dateline_links::{Gazetteer, Resolver};
use dateline_test_support::{GenConfig, generate_article};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(200_000);
    let open = args.iter().any(|a| a == "--open-vocabulary");
    let typos = !args.iter().any(|a| a == "--no-typos");
    let cfg = GenConfig::new(2026)
        .with_damaged(true)
        .with_open_vocabulary(open);
    let gazetteer = Gazetteer::builtin();
    let mut builder = CorpusBuilder::with_capacity(usize::try_from(n).unwrap_or(0));
    for i in 0..n {
        let text = generate_article(&cfg, i).text;
        if let Ok(article) = dateline_core::parse(&text) {
            let article = article.with_id(i.to_string());
            let record = ArticleRecord::from_article_with(&article, gazetteer);
            builder
                .push_prepared(PreparedRecord::new(record))
                .expect("room in the index");
        }
    }
    let corpus = builder.build();
    let resolver = Resolver::new(&corpus).with_typos(typos);

    // (references, seconds) by outcome.
    let mut outcomes: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    let started = Instant::now();
    let cpu_before = dateline_test_support::thread_cpu_seconds();
    for article in corpus.articles() {
        for reference in article.references() {
            let t = Instant::now();
            let r = resolver.resolve_from_index(article.index(), reference.title);
            let seconds = t.elapsed().as_secs_f64();
            let method = r.method.map_or("unresolved", |m| m.as_str());
            let outcome = match (&r.to, r.candidates.len() > 1, r.best_score.is_some()) {
                (Some(_), _, _) => "target",
                (None, true, _) => "ambiguous",
                (None, false, true) => "near miss",
                (None, false, false) => "nothing",
            };
            let capped = if r.capped { "capped" } else { "" };
            let entry = outcomes
                .entry(format!("{method:10} {outcome:9} {capped:6}"))
                .or_default();
            entry.0 += 1;
            entry.1 += seconds;
        }
    }
    let wall = started.elapsed().as_secs_f64();
    // The thread's own CPU time: on a loaded machine, wall time also counts
    // the time the thread waited for a core.
    let cpu = match (cpu_before, dateline_test_support::thread_cpu_seconds()) {
        (Some(before), Some(after)) => format!(" ({:.2} s of CPU)", after - before),
        _ => String::new(),
    };
    println!(
        "{n} articles, {} vocabulary, typos {}: {wall:.2} s resolving on one thread{cpu}",
        if open { "open" } else { "fixed" },
        if typos { "on" } else { "off" },
    );
    println!(
        "{:28} {:>10} {:>9} {:>9}",
        "outcome", "references", "seconds", "µs each"
    );
    for (outcome, (count, seconds)) in outcomes {
        println!(
            "{outcome:28} {count:>10} {seconds:>9.2} {:>9.1}",
            seconds / count as f64 * 1e6
        );
    }
}

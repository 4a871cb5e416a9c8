//! What parsing and linting cost one thread, per MB of input, timed by the
//! thread's own CPU time (robust on a busy machine, where the wall clock is not):
//!
//! ```sh
//! cargo run --release -p dateline-core --example stage_costs -- [MB] [ROUNDS] [--messy]
//! ```
//!
//! The corpus is the workspace generator's, held in memory. Each round parses
//! every article into a vector, then lints every parsed article (the shape of
//! `record_costs` in dateline-export: lint reads articles no longer in the CPU
//! caches); then, in the shape of `dateline convert`, parses and drops one
//! article at a time, and parses, lints and drops one at a time: the difference
//! of those two is lint on an article just parsed. The best round of each stage
//! is printed, as the one least disturbed by other work on the machine.

/// The calling thread's CPU time, in seconds (0 where it cannot be read).
fn thread_cpu() -> f64 {
    dateline_test_support::thread_cpu_seconds().unwrap_or(0.0)
}

/// Runs `stage`, returning its result and the thread CPU seconds it took.
fn timed<T>(stage: impl FnOnce() -> T) -> (T, f64) {
    let start = thread_cpu();
    let out = stage();
    (out, thread_cpu() - start)
}

fn main() {
    let numbers: Vec<f64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let mb = numbers.first().copied().unwrap_or(40.0);
    let rounds = numbers.get(1).map_or(3, |&r| r as usize).max(1);
    let messy = std::env::args().any(|a| a == "--messy");
    let cfg = dateline_test_support::GenConfig::new(dateline_test_support::DEFAULT_SEED)
        .with_messy(messy);
    let corpus: Vec<String> = dateline_test_support::corpus(&cfg, (mb * 1e6) as u64)
        .map(|a| a.text)
        .collect();
    let bytes: usize = corpus.iter().map(String::len).sum();
    let megabytes = bytes as f64 / 1e6;
    println!(
        "{} articles, {megabytes:.1} MB{}, one thread, best of {rounds}",
        corpus.len(),
        if messy { " (messy)" } else { "" }
    );
    let (mut parse_best, mut lint_best) = (f64::MAX, f64::MAX);
    let (mut each_parse_best, mut each_both_best) = (f64::MAX, f64::MAX);
    let mut warnings = 0;
    for _ in 0..rounds {
        let (articles, parse_cpu) = timed(|| {
            corpus
                .iter()
                .filter_map(|text| dateline_core::parse_bytes(text.as_bytes()).ok())
                .collect::<Vec<_>>()
        });
        let (found, lint_cpu) = timed(|| {
            articles
                .iter()
                .map(|a| dateline_core::lint(a).len())
                .sum::<usize>()
        });
        warnings = found;
        parse_best = parse_best.min(parse_cpu);
        lint_best = lint_best.min(lint_cpu);
        drop(articles);
        let (_, each_parse) = timed(|| {
            corpus
                .iter()
                .filter_map(|text| dateline_core::parse_bytes(text.as_bytes()).ok())
                .map(|a| a.blocks.len())
                .sum::<usize>()
        });
        let (_, each_both) = timed(|| {
            corpus
                .iter()
                .filter_map(|text| dateline_core::parse_bytes(text.as_bytes()).ok())
                .map(|a| dateline_core::lint(&a).len())
                .sum::<usize>()
        });
        each_parse_best = each_parse_best.min(each_parse);
        each_both_best = each_both_best.min(each_both);
    }
    for (name, cpu) in [
        ("parse (all held)", parse_best),
        ("lint (all held)", lint_best),
        ("parse (one at a time)", each_parse_best),
        ("lint (one at a time)", each_both_best - each_parse_best),
    ] {
        println!(
            "{name:<22} {:>7.3} ms/MB CPU  {:>7.0} MB/s",
            cpu * 1e3 / megabytes,
            megabytes / cpu.max(1e-9)
        );
    }
    println!("{warnings} warnings");
}

//! Canonicalizes the source URLs of `examples/corpus` (and three spellings of
//! each: with tracking parameters and a fragment, in upper case, with `https`)
//! `ROUNDS` times and reads their facts: the per-URL cost of linking, measured by
//! instruction count on a busy machine, where wall-clock benchmarks are noisy.
//! Run from the workspace root:
//!
//! ```sh
//! cargo build --release -p dateline-links --example canonicalize
//! valgrind --tool=cachegrind --cache-sim=no target/release/examples/canonicalize 0
//! valgrind --tool=cachegrind --cache-sim=no target/release/examples/canonicalize 200
//! ```
//!
//! (instructions of the second run minus the first) / (200 × the URL count it
//! prints) is the cost of one `canonicalize` + `UrlFacts::from_url`.

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let mut urls = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir("examples/corpus")
        .expect("run from the workspace root: examples/corpus")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if let Some(url) = text.lines().nth(2) {
            urls.push(url.trim().to_owned());
        }
    }
    for url in urls.clone() {
        urls.push(format!("{url}?utm_source=tw&id=5#top"));
        urls.push(url.to_uppercase().replacen("HTTP", "http", 1));
        urls.push(url.replacen("http://", "https://", 1));
    }
    let mut bytes = 0usize;
    for _ in 0..rounds {
        for url in &urls {
            if let Ok(canonical) = dateline_links::canonicalize(url) {
                let length = canonical.as_str().len();
                let facts = dateline_links::UrlFacts::from_url(canonical);
                bytes += facts.host().len() + length;
            }
        }
    }
    println!("{} URLs x {rounds} rounds ({bytes} bytes out)", urls.len());
}

//! `cargo xtask bench`: how fast `dateline convert --to jsonl` is on a corpus of
//! one article per file, against the I/O floor and against a plain Python script.
//!
//! A benchmark, not a test: it prints figures and checks them against the targets,
//! and it never fails on them. Three contenders run on the same files, several
//! times each, interleaved (one round runs each once), after one untimed pass that
//! brings the files into the page cache:
//!
//! - `cat`: every file to `/dev/null`, one `cat` per core through `xargs -P`: the
//!   I/O floor of reading the corpus;
//! - `python`: `scripts/baseline_jsonl.py`, the same conversion to JSON Lines as a
//!   user would write it with the standard library;
//! - `dateline`: `dateline convert --quiet --no-links --to jsonl` (release build):
//!   the bare document model, the same work as the Python script (which resolves
//!   no outlets), so the targets and earlier figures stay comparable;
//! - `links`: `dateline convert --quiet --to jsonl`, the default since records
//!   carry links (URL facts and outlets resolved with the gazetteer): what that
//!   enrichment costs. No target applies to it.
//!
//! Both converters write to `/dev/null` unless `--to-file` (then to a file beside
//! the corpus, removed afterwards), so that the comparison with the floor is of the
//! same work: reading every file. Times are wall-clock medians; peak RSS comes from
//! `/usr/bin/time` (GNU time) when it is installed.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use clap::Args as ClapArgs;
use dateline_test_support::{DEFAULT_SEED, GenConfig, WriteOptions, write_corpus};

/// The targets of issue #6, on a 2-core machine.
const TARGET_VS_CAT: f64 = 1.25;
const TARGET_VS_PYTHON: f64 = 6.0;
const TARGET_RSS_MB: f64 = 100.0;

/// The marker file that says which corpus a directory holds.
const MARKER: &str = ".bench-corpus";

/// Arguments of `bench`.
#[derive(Debug, ClapArgs)]
pub struct Args {
    /// Corpus size in megabytes (1 MB = 1,000,000 bytes): about 2,800 files per MB.
    #[arg(long, value_name = "N", default_value_t = 400.0)]
    mb: f64,
    /// Where the corpus is (generated there if missing or of another size; reused
    /// otherwise; default: `target/bench-corpus-<N>mb`).
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Timed runs of each contender.
    #[arg(long, value_name = "K", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Worker threads for dateline and `cat` processes [default: all cores].
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,
    /// Use this dateline binary instead of building one (`cargo build --release`).
    #[arg(long, value_name = "PATH")]
    dateline: Option<PathBuf>,
    /// Leave out the Python baseline (it is the slowest).
    #[arg(long)]
    no_python: bool,
    /// Write the converters' output to a file instead of /dev/null.
    #[arg(long)]
    to_file: bool,
}

/// One contender.
struct Contender {
    name: &'static str,
    /// A shell command line.
    script: String,
    times: Vec<Duration>,
    peak_rss_kb: Option<u64>,
}

pub fn run(args: &Args) -> Result<()> {
    if !args.mb.is_finite() || args.mb <= 0.0 || args.mb > 100_000.0 {
        bail!(
            "--mb must be a positive number of megabytes, got {}",
            args.mb
        );
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("xtask lives in the workspace")?
        .to_path_buf();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let corpus = args
        .corpus
        .clone()
        .unwrap_or_else(|| target_dir.join(format!("bench-corpus-{}mb", args.mb)));
    let (files, bytes) = ensure_corpus(&corpus, args.mb)?;
    let dateline = match &args.dateline {
        Some(path) => path.clone(),
        None => build_dateline(&root, &target_dir)?,
    };
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let has_time = Path::new("/usr/bin/time").exists();

    // The file list for xargs, NUL-separated, in the walk's order.
    let list = corpus.with_extension("files");
    write_file_list(&corpus, &list)?;
    let out = |name: &str| {
        if args.to_file {
            quote(&corpus.with_extension(format!("{name}.jsonl")))
        } else {
            "/dev/null".to_owned()
        }
    };
    let mut contenders = vec![Contender {
        name: "cat",
        script: format!("xargs -0 -P {jobs} cat < {} > /dev/null", quote(&list)),
        times: Vec::new(),
        peak_rss_kb: None,
    }];
    if !args.no_python {
        contenders.push(Contender {
            name: "python",
            script: format!(
                "python3 {} {} > {}",
                quote(&root.join("scripts/baseline_jsonl.py")),
                quote(&corpus),
                out("python")
            ),
            times: Vec::new(),
            peak_rss_kb: None,
        });
    }
    contenders.push(Contender {
        name: "dateline",
        script: format!(
            "{} convert --quiet -j {jobs} --no-links --to jsonl {} > {}",
            quote(&dateline),
            quote(&corpus),
            out("dateline")
        ),
        times: Vec::new(),
        peak_rss_kb: None,
    });
    contenders.push(Contender {
        name: "links",
        script: format!(
            "{} convert --quiet -j {jobs} --to jsonl {} > {}",
            quote(&dateline),
            quote(&corpus),
            out("links")
        ),
        times: Vec::new(),
        peak_rss_kb: None,
    });

    println!(
        "bench: {} files, {:.1} MB in {}; {jobs} jobs, {} runs each, interleaved",
        files,
        bytes as f64 / 1e6,
        corpus.display(),
        args.runs
    );
    for c in &contenders {
        println!("  {:<8} {}", c.name, c.script);
    }
    // Warm the page cache (and check that every contender runs).
    let warm = Instant::now();
    run_script(&contenders[0].script, None)?;
    println!("warm-up read: {:.2} s", warm.elapsed().as_secs_f64());

    let rss_file = corpus.with_extension("rss");
    for round in 1..=args.runs {
        let mut line = format!("round {round}:");
        for c in &mut contenders {
            let started = Instant::now();
            let rss = run_script(&c.script, has_time.then_some(rss_file.as_path()))?;
            let took = started.elapsed();
            c.times.push(took);
            c.peak_rss_kb = c.peak_rss_kb.max(rss);
            let _ = write!(line, "  {} {:.2} s", c.name, took.as_secs_f64());
        }
        println!("{line}");
    }
    let _ = fs::remove_file(&rss_file);
    let _ = fs::remove_file(&list);
    if args.to_file {
        for name in ["python", "dateline", "links"] {
            let _ = fs::remove_file(corpus.with_extension(format!("{name}.jsonl")));
        }
    }

    report(&contenders, files, bytes);
    Ok(())
}

fn report(contenders: &[Contender], files: u64, bytes: u64) {
    println!();
    println!(
        "{:<9} {:>9} {:>9} {:>9} {:>11} {:>12}",
        "", "median s", "min s", "MB/s", "files/s", "peak RSS MB"
    );
    let median = |c: &Contender| {
        let mut t = c.times.clone();
        t.sort();
        t[t.len() / 2].as_secs_f64()
    };
    for c in contenders {
        let m = median(c);
        let min = c.times.iter().min().copied().unwrap_or_default();
        let rss = c
            .peak_rss_kb
            .map_or_else(|| "-".to_owned(), |kb| format!("{:.1}", kb as f64 / 1024.0));
        println!(
            "{:<9} {:>9.3} {:>9.3} {:>9.1} {:>11.0} {:>12}",
            c.name,
            m,
            min.as_secs_f64(),
            bytes as f64 / 1e6 / m,
            files as f64 / m,
            rss
        );
    }
    let find = |name: &str| contenders.iter().find(|c| c.name == name);
    let Some(dateline) = find("dateline") else {
        return;
    };
    let d = median(dateline);
    println!();
    if let Some(cat) = find("cat") {
        let ratio = d / median(cat);
        println!(
            "dateline / cat     {ratio:.2}x the time of the I/O floor (target <= {TARGET_VS_CAT}x): {}",
            verdict(ratio <= TARGET_VS_CAT)
        );
    }
    if let Some(python) = find("python") {
        let ratio = median(python) / d;
        println!(
            "python / dateline  dateline {ratio:.1}x faster than Python (target >= {TARGET_VS_PYTHON}x): {}",
            verdict(ratio >= TARGET_VS_PYTHON)
        );
    }
    if let Some(links) = find("links") {
        let ratio = median(links) / d;
        println!(
            "links / dateline   {ratio:.2}x the time of the bare model: what resolving links costs"
        );
    }
    if let Some(kb) = dateline.peak_rss_kb {
        let mb = kb as f64 / 1024.0;
        println!(
            "dateline peak RSS  {mb:.1} MB (target < {TARGET_RSS_MB} MB): {}",
            verdict(mb < TARGET_RSS_MB)
        );
    }
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "NOT met" }
}

/// A path quoted for `sh`.
fn quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// Runs `script` with `sh -c`, under `/usr/bin/time` when `rss` names the file for
/// its report; returns the peak RSS in KB.
fn run_script(script: &str, rss: Option<&Path>) -> Result<Option<u64>> {
    let mut cmd = match rss {
        Some(file) => {
            let mut cmd = Command::new("/usr/bin/time");
            cmd.arg("-f").arg("%M").arg("-o").arg(file);
            cmd.args(["sh", "-c", script]);
            cmd
        }
        None => {
            let mut cmd = Command::new("sh");
            cmd.args(["-c", script]);
            cmd
        }
    };
    let status = cmd
        .stdin(Stdio::null())
        .status()
        .with_context(|| format!("cannot run `{script}`"))?;
    if !status.success() {
        bail!("`{script}` failed: {status}");
    }
    Ok(match rss {
        Some(file) => fs::read_to_string(file)
            .ok()
            .and_then(|text| text.lines().last()?.trim().parse().ok()),
        None => None,
    })
}

/// Generates the corpus into `dir` unless it holds the right one; returns its
/// files and bytes.
fn ensure_corpus(dir: &Path, mb: f64) -> Result<(u64, u64)> {
    let want = format!("seed {DEFAULT_SEED:#x} mb {mb}");
    if let Ok(marker) = fs::read_to_string(dir.join(MARKER)) {
        let mut lines = marker.lines();
        if lines.next() == Some(want.as_str())
            && let Some((files, bytes)) = lines.next().and_then(|l| l.split_once(' '))
            && let (Ok(files), Ok(bytes)) = (files.parse(), bytes.parse())
        {
            return Ok((files, bytes));
        }
    }
    if dir.exists() {
        fs::remove_dir_all(dir)
            .with_context(|| format!("cannot clear the old corpus {}", dir.display()))?;
    }
    println!("generating a {mb} MB corpus in {} ...", dir.display());
    let started = Instant::now();
    let summary = write_corpus(
        &GenConfig::new(DEFAULT_SEED),
        &WriteOptions {
            out_dir: dir.to_path_buf(),
            budget_bytes: (mb * 1e6).round() as u64,
            files_per_dir: None,
            force: false,
        },
    )?;
    fs::write(
        dir.join(MARKER),
        format!("{want}\n{} {}\n", summary.files, summary.bytes),
    )?;
    println!(
        "generated {} files, {} bytes in {:.1} s",
        summary.files,
        summary.bytes,
        started.elapsed().as_secs_f64()
    );
    Ok((summary.files, summary.bytes))
}

/// Builds the release binary; returns its path.
fn build_dateline(root: &Path, target_dir: &Path) -> Result<PathBuf> {
    println!("building dateline (release) ...");
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--release", "--quiet", "-p", "dateline-cli"])
        .current_dir(root)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("cargo build --release -p dateline-cli failed: {status}");
    }
    let binary = target_dir
        .join("release")
        .join(format!("dateline{}", std::env::consts::EXE_SUFFIX));
    if !binary.exists() {
        bail!("the build left no binary at {}", binary.display());
    }
    Ok(binary)
}

/// Writes the corpus's article files, sorted, NUL-separated, to `list`.
fn write_file_list(corpus: &Path, list: &Path) -> Result<()> {
    let mut names: Vec<_> = fs::read_dir(corpus)
        .with_context(|| format!("cannot list {}", corpus.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let mut out = std::io::BufWriter::new(fs::File::create(list)?);
    for name in names {
        out.write_all(name.as_os_str().as_encoded_bytes())?;
        out.write_all(b"\0")?;
    }
    out.flush()?;
    Ok(())
}

//! `cargo xtask bench`: whole-command timings of dateline on a generated corpus
//! of one article per file, against named baselines: the I/O floor (`cat`) and a
//! plain Python script doing the same job.
//!
//! A benchmark, not a test: it prints figures and checks them against the
//! targets, and it never fails on them. The contenders of a suite run on the same
//! files, several times each, interleaved (one round runs each once), after one
//! untimed pass that brings the files into the page cache. Times are wall-clock
//! medians; peak RSS comes from `/usr/bin/time` (GNU time) when it is installed.
//!
//! Suites (`--suite`):
//!
//! - `records` (the default; issue 12's targets): `cat` (every file to
//!   `/dev/null`, one `cat` per core through `xargs -P`: the floor of reading the
//!   corpus), `read` (`cargo xtask read-floor`: one process reading every file
//!   on all cores and keeping nothing, the true floor, below `cat`, which
//!   starts processes and copies to a pipe), `python` (`scripts/baseline_records.py --jsonl`: the same records,
//!   standard library only), `jsonl`, `csv` and `parquet` (`dateline convert
//!   --to FORMAT -o FILE`, records with links; parquet through its plugin). The
//!   size of the jsonl output is compared with the input's.
//! - `model` (issue 6's targets): `cat`, `python` (`scripts/baseline_jsonl.py`:
//!   the document model's blocks), `model` (`convert --no-links --to model` to
//!   `/dev/null`: the lossless model).
//! - `python` (issue 13's targets): `jsonl` (`convert --to jsonl` to
//!   `/dev/null`), `read` (`dateline.read(corpus)` into a pyarrow Table, in the
//!   release wheel), `scan` (every batch of `dateline.scan(corpus)`, dropped: its
//!   peak RSS is the point; run it with `--mb 1000`), `pandas` (`scripts/
//!   baseline_records.py --pandas`: the same DataFrame without dateline). The
//!   wheel is built with maturin and installed into `TARGET_DIR/python/bench`.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use clap::Args as ClapArgs;
use dateline_test_support::{DEFAULT_SEED, GenConfig, WriteOptions, write_corpus};

use crate::python::{self, Venv};

/// The marker file that says which corpus a directory holds.
const MARKER: &str = ".bench-corpus";

/// What to time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Suite {
    /// Records to jsonl, csv and parquet files, against cat and Python.
    Records,
    /// The lossless document model to JSON lines, against cat and Python.
    Model,
    /// The Python package: read and scan against the CLI and pandas.
    Python,
}

/// Arguments of `bench`.
#[derive(Debug, ClapArgs)]
pub struct Args {
    /// What to time.
    #[arg(long, value_enum, default_value_t = Suite::Records)]
    suite: Suite,
    /// Corpus size in megabytes (1 MB = 1,000,000 bytes): about 280 files per MB, articles
    /// of 10 to 25 paragraphs (3.6 KB on average), as the seed.
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
}

/// One contender.
struct Contender {
    name: &'static str,
    /// A shell command line.
    script: String,
    /// The file it writes, if any (its size is reported, then it is removed).
    output: Option<PathBuf>,
    times: Vec<Duration>,
    peak_rss_kb: Option<u64>,
}

impl Contender {
    fn new(name: &'static str, script: String) -> Contender {
        Contender {
            name,
            script,
            output: None,
            times: Vec::new(),
            peak_rss_kb: None,
        }
    }

    fn writing(mut self, output: PathBuf) -> Contender {
        self.output = Some(output);
        self
    }

    fn median(&self) -> f64 {
        let mut t = self.times.clone();
        t.sort();
        t.get(t.len() / 2).map_or(f64::NAN, Duration::as_secs_f64)
    }
}

/// What a suite needs to name its commands.
struct Setup<'a> {
    root: &'a Path,
    target_dir: &'a Path,
    corpus: &'a Path,
    list: &'a Path,
    jobs: usize,
    dateline: &'a Path,
}

impl Setup<'_> {
    /// A scratch file beside the corpus.
    fn out(&self, name: &str) -> PathBuf {
        self.corpus.with_extension(name)
    }
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
    let packages: &[&str] = match args.suite {
        Suite::Records => &["dateline-cli", "dateline-parquet"],
        Suite::Model | Suite::Python => &["dateline-cli"],
    };
    let dateline = match &args.dateline {
        Some(path) => path.clone(),
        None => build_release(&root, &target_dir, packages)?,
    };
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let has_time = Path::new("/usr/bin/time").exists();

    // The file list for xargs, NUL-separated, in the walk's order.
    let list = corpus.with_extension("files");
    write_file_list(&corpus, &list)?;
    let setup = Setup {
        root: &root,
        target_dir: &target_dir,
        corpus: &corpus,
        list: &list,
        jobs,
        dateline: &dateline,
    };
    let mut contenders = match args.suite {
        Suite::Records => records_suite(&setup, args.no_python)?,
        Suite::Model => model_suite(&setup, args.no_python),
        Suite::Python => python_suite(&setup, args.no_python)?,
    };

    println!(
        "bench ({:?}): {} files, {:.1} MB in {}; {jobs} jobs, {} runs each, interleaved",
        args.suite,
        files,
        bytes as f64 / 1e6,
        corpus.display(),
        args.runs
    );
    for c in &contenders {
        println!("  {:<8} {}", c.name, c.script);
    }
    // Warm the page cache.
    let warm = Instant::now();
    run_script(
        &format!("xargs -0 -P {jobs} cat < {} > /dev/null", quote(&list)),
        None,
    )?;
    println!("warm-up read: {:.2} s", warm.elapsed().as_secs_f64());

    let rss_file = corpus.with_extension("rss");
    let mut output_bytes = Vec::new();
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
    for c in &contenders {
        if let Some(out) = &c.output {
            output_bytes.push((c.name, fs::metadata(out).map_or(0, |m| m.len())));
            let _ = fs::remove_file(out);
        }
    }

    report(&contenders, files, bytes);
    println!();
    match args.suite {
        Suite::Records => records_targets(&contenders, bytes, &output_bytes),
        Suite::Model => model_targets(&contenders),
        Suite::Python => python_targets(&contenders, args.mb),
    }
    Ok(())
}

/// `cat`, the floor every suite that reads files is measured against.
fn cat(setup: &Setup<'_>) -> Contender {
    Contender::new(
        "cat",
        format!(
            "xargs -0 -P {} cat < {} > /dev/null",
            setup.jobs,
            quote(setup.list)
        ),
    )
}

/// `read`: one process (this xtask) reading every file of the list on
/// `jobs` threads, keeping nothing: the floor under `cat`.
fn read(setup: &Setup<'_>) -> Result<Contender> {
    let xtask = std::env::current_exe().context("finding the xtask executable")?;
    Ok(Contender::new(
        "read",
        format!(
            "{} read-floor --list {} --threads {}",
            quote(&xtask),
            quote(setup.list),
            setup.jobs
        ),
    ))
}

fn records_suite(setup: &Setup<'_>, no_python: bool) -> Result<Vec<Contender>> {
    let mut contenders = vec![cat(setup), read(setup)?];
    if !no_python {
        let out = setup.out("python.jsonl");
        contenders.push(
            Contender::new(
                "python",
                format!(
                    "python3 {} --jsonl {} > {}",
                    quote(&setup.root.join("scripts/baseline_records.py")),
                    quote(setup.corpus),
                    quote(&out)
                ),
            )
            .writing(out),
        );
    }
    for (name, format) in [("jsonl", "jsonl"), ("csv", "csv")] {
        let out = setup.out(&format!("out.{format}"));
        contenders.push(
            Contender::new(
                name,
                format!(
                    "{} convert --quiet -j {} --to {format} {} -o {}",
                    quote(setup.dateline),
                    setup.jobs,
                    quote(setup.corpus),
                    quote(&out)
                ),
            )
            .writing(out),
        );
    }
    let plugin = setup.target_dir.join("release").join(format!(
        "{}dateline_parquet{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));
    let out = setup.out("out.parquet");
    contenders.push(
        Contender::new(
            "parquet",
            format!(
                "{} --plugin {} convert --quiet -j {} --to parquet {} -o {}",
                quote(setup.dateline),
                quote(&plugin),
                setup.jobs,
                quote(setup.corpus),
                quote(&out)
            ),
        )
        .writing(out),
    );
    Ok(contenders)
}

fn model_suite(setup: &Setup<'_>, no_python: bool) -> Vec<Contender> {
    let mut contenders = vec![cat(setup)];
    if !no_python {
        contenders.push(Contender::new(
            "python",
            format!(
                "python3 {} {} > /dev/null",
                quote(&setup.root.join("scripts/baseline_jsonl.py")),
                quote(setup.corpus)
            ),
        ));
    }
    contenders.push(Contender::new(
        "model",
        format!(
            "{} convert --quiet -j {} --no-links --to model {} > /dev/null",
            quote(setup.dateline),
            setup.jobs,
            quote(setup.corpus)
        ),
    ));
    contenders
}

fn python_suite(setup: &Setup<'_>, no_python: bool) -> Result<Vec<Contender>> {
    let wheel = python::build_wheel(
        setup.root,
        setup.target_dir,
        &setup.target_dir.join("python").join("wheels"),
    )?;
    let venv = Venv::create(
        &python::interpreter()?,
        &setup.target_dir.join("python").join("bench"),
        false,
    )?;
    venv.install(&["pandas", "pyarrow"])?;
    venv.install(&[
        "--force-reinstall",
        "--no-deps",
        &wheel.display().to_string(),
    ])?;
    let py = quote(&venv.python());
    let corpus = setup.corpus.display().to_string().replace('\'', r"\'");
    let mut contenders = vec![
        Contender::new(
            "jsonl",
            format!(
                "{} convert --quiet -j {} --to jsonl {} > /dev/null",
                quote(setup.dateline),
                setup.jobs,
                quote(setup.corpus)
            ),
        ),
        Contender::new(
            "read",
            format!(
                "{py} -c 'import dateline; t = dateline.read(\"{corpus}\", jobs={}); assert t.num_rows > 0'",
                setup.jobs
            ),
        ),
        Contender::new(
            "scan",
            format!(
                "{py} -c 'import collections, dateline; collections.deque(dateline.scan(\"{corpus}\", jobs={}), maxlen=0)'",
                setup.jobs
            ),
        ),
    ];
    if !no_python {
        contenders.push(Contender::new(
            "pandas",
            format!(
                "{py} {} --pandas {} > /dev/null",
                quote(&setup.root.join("scripts/baseline_records.py")),
                quote(setup.corpus)
            ),
        ));
    }
    Ok(contenders)
}

fn report(contenders: &[Contender], files: u64, bytes: u64) {
    println!();
    println!(
        "{:<9} {:>9} {:>9} {:>9} {:>11} {:>12}",
        "", "median s", "min s", "MB/s", "files/s", "peak RSS MB"
    );
    for c in contenders {
        let m = c.median();
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
}

fn find<'a>(contenders: &'a [Contender], name: &str) -> Option<&'a Contender> {
    contenders.iter().find(|c| c.name == name)
}

/// `a`'s median over `b`'s, as "a / b  1.23x ... (target ...): met".
fn ratio(contenders: &[Contender], a: &str, b: &str, what: &str, target: Target) {
    if let (Some(x), Some(y)) = (find(contenders, a), find(contenders, b)) {
        let r = x.median() / y.median();
        println!(
            "{:<18} {r:.2}x {what} (target {target}): {}",
            format!("{a} / {b}"),
            verdict(target.met(r))
        );
    }
}

fn rss(contenders: &[Contender], name: &str, target_mb: f64) {
    if let Some(kb) = find(contenders, name).and_then(|c| c.peak_rss_kb) {
        let mb = kb as f64 / 1024.0;
        println!(
            "{:<18} {mb:.1} MB peak RSS (target < {target_mb} MB): {}",
            name,
            verdict(mb < target_mb)
        );
    }
}

/// A target for a ratio.
#[derive(Clone, Copy)]
enum Target {
    AtMost(f64),
    AtLeast(f64),
}

impl Target {
    fn met(self, r: f64) -> bool {
        match self {
            Target::AtMost(t) => r <= t,
            Target::AtLeast(t) => r >= t,
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::AtMost(t) => write!(f, "<= {t}x"),
            Target::AtLeast(t) => write!(f, ">= {t}x"),
        }
    }
}

/// Issue 12's targets.
fn records_targets(contenders: &[Contender], input: u64, outputs: &[(&str, u64)]) {
    ratio(
        contenders,
        "jsonl",
        "cat",
        "the time of the I/O floor",
        Target::AtMost(1.15),
    );
    // No target: where the true floor is, and how far each format is above it.
    for (a, b) in [
        ("read", "cat"),
        ("jsonl", "read"),
        ("csv", "read"),
        ("parquet", "read"),
    ] {
        if let (Some(x), Some(y)) = (find(contenders, a), find(contenders, b)) {
            let r = x.median() / y.median();
            println!("{:<18} {r:.2}x the time of {b}", format!("{a} / {b}"));
        }
    }
    ratio(
        contenders,
        "python",
        "jsonl",
        "the time: jsonl is that much faster",
        Target::AtLeast(6.0),
    );
    ratio(
        contenders,
        "csv",
        "cat",
        "the time of the I/O floor",
        Target::AtMost(1.15),
    );
    ratio(
        contenders,
        "parquet",
        "cat",
        "the time of the I/O floor",
        Target::AtMost(2.0),
    );
    for (name, bytes) in outputs {
        let r = *bytes as f64 / input as f64;
        let target = if *name == "jsonl" {
            " (target <= 1.3x)"
        } else {
            ""
        };
        let met = if *name == "jsonl" {
            format!(": {}", verdict(r <= 1.3))
        } else {
            String::new()
        };
        println!(
            "{:<18} {r:.2}x the input bytes ({:.1} MB){target}{met}",
            format!("{name} output"),
            *bytes as f64 / 1e6
        );
    }
    rss(contenders, "jsonl", 64.0);
    rss(contenders, "csv", 64.0);
    rss(contenders, "parquet", 150.0);
}

/// Issue 6's targets.
fn model_targets(contenders: &[Contender]) {
    ratio(
        contenders,
        "model",
        "cat",
        "the time of the I/O floor",
        Target::AtMost(1.25),
    );
    ratio(
        contenders,
        "python",
        "model",
        "the time: dateline is that much faster",
        Target::AtLeast(6.0),
    );
    rss(contenders, "model", 100.0);
}

/// Issue 13's targets.
fn python_targets(contenders: &[Contender], mb: f64) {
    ratio(
        contenders,
        "read",
        "jsonl",
        "the time of convert --to jsonl",
        Target::AtMost(1.3),
    );
    ratio(
        contenders,
        "pandas",
        "read",
        "the time: read is that much faster",
        Target::AtLeast(10.0),
    );
    rss(contenders, "read", f64::INFINITY);
    if mb >= 1000.0 {
        rss(contenders, "scan", 150.0);
    } else {
        rss(contenders, "scan", f64::INFINITY);
        println!("(the scan target, < 150 MB, is for a 1 GB corpus: --mb 1000)");
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

/// Builds `packages` in release; returns the path of the `dateline` binary.
fn build_release(root: &Path, target_dir: &Path, packages: &[&str]) -> Result<PathBuf> {
    println!("building {} (release) ...", packages.join(", "));
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo
        .args(["build", "--release", "--quiet"])
        .current_dir(root);
    for p in packages {
        cargo.args(["-p", p]);
    }
    let status = cargo.status().context("cannot run cargo")?;
    if !status.success() {
        bail!("cargo build --release failed: {status}");
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

/// Arguments of `read-floor`.
#[derive(Debug, ClapArgs)]
pub struct ReadFloorArgs {
    /// The files to read: a list of paths, each ended by a NUL byte (`find -print0`).
    #[arg(long, value_name = "FILE")]
    list: PathBuf,
    /// Threads reading [default: all cores].
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

/// `read-floor`: reads every file of the list on `threads` threads, each file
/// into a buffer kept across files, and keeps nothing: what any tool that
/// looks at every byte of the corpus must pay at least.
pub fn read_floor(args: &ReadFloorArgs) -> Result<()> {
    use std::io::Read as _;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let list = fs::read(&args.list).with_context(|| format!("reading {}", args.list.display()))?;
    let paths: Vec<&[u8]> = list.split(|&b| b == 0).filter(|p| !p.is_empty()).collect();
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let next = AtomicUsize::new(0);
    let read = |buffer: &mut Vec<u8>| -> Result<u64> {
        let mut bytes = 0u64;
        while let Some(path) = paths.get(next.fetch_add(1, Ordering::Relaxed)) {
            let path = path_of(path)?;
            buffer.clear();
            fs::File::open(path)
                .and_then(|mut file| file.read_to_end(buffer))
                .with_context(|| format!("reading {}", path.display()))?;
            bytes += buffer.len() as u64;
        }
        Ok(bytes)
    };
    let bytes = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| scope.spawn(|| read(&mut Vec::with_capacity(1 << 16))))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().map_err(|_| anyhow::anyhow!("a reader panicked"))?)
            .sum::<Result<u64>>()
    })?;
    eprintln!("read {} files, {bytes} bytes", paths.len());
    Ok(())
}

/// A path of the list, from its bytes.
#[cfg(unix)]
fn path_of(bytes: &[u8]) -> Result<&Path> {
    Ok(Path::new(
        <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(bytes),
    ))
}

/// A path of the list, from its bytes (UTF-8 where paths are not bytes).
#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> Result<&Path> {
    Ok(Path::new(std::str::from_utf8(bytes)?))
}

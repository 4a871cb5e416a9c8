//! What the first [`Gazetteer::builtin`] of a process costs: the one call that
//! builds the built-in gazetteer (every later call returns it as it is).
//!
//! A `OnceLock` cannot be reset, so each sample is a fresh process: the example
//! runs itself `SAMPLES` times with `--once`, each run timing its first and
//! second call, and prints the minimum, median and maximum.
//!
//! ```text
//! cargo run --release -p dateline-links --example first_builtin
//! ```

use std::error::Error;
use std::process::Command;
use std::time::{Duration, Instant};

use dateline_links::Gazetteer;

/// Fresh processes timed.
const SAMPLES: usize = 51;

fn main() -> Result<(), Box<dyn Error>> {
    if std::env::args().nth(1).as_deref() == Some("--once") {
        let start = Instant::now();
        let gazetteer = std::hint::black_box(Gazetteer::builtin());
        let first = start.elapsed();
        let start = Instant::now();
        std::hint::black_box(Gazetteer::builtin());
        let second = start.elapsed();
        println!(
            "{} {} {}",
            first.as_nanos(),
            second.as_nanos(),
            gazetteer.len()
        );
        return Ok(());
    }
    let exe = std::env::current_exe()?;
    let mut firsts = Vec::with_capacity(SAMPLES);
    let mut seconds = Vec::with_capacity(SAMPLES);
    let mut outlets = 0;
    for _ in 0..SAMPLES {
        let output = Command::new(&exe).arg("--once").output()?;
        if !output.status.success() {
            return Err(format!("the timed run failed: {}", output.status).into());
        }
        let text = String::from_utf8(output.stdout)?;
        let mut fields = text.split_whitespace().map(str::parse::<u64>);
        let mut next = || -> Result<u64, Box<dyn Error>> {
            Ok(fields.next().ok_or("a short line from the timed run")??)
        };
        firsts.push(Duration::from_nanos(next()?));
        seconds.push(Duration::from_nanos(next()?));
        outlets = next()?;
    }
    firsts.sort();
    seconds.sort();
    let middle = SAMPLES / 2;
    println!("first Gazetteer::builtin() ({outlets} outlets), {SAMPLES} processes:");
    println!(
        "  first call:  min {:?}  median {:?}  max {:?}",
        firsts[0],
        firsts[middle],
        firsts[SAMPLES - 1]
    );
    println!(
        "  second call: min {:?}  median {:?}  max {:?}",
        seconds[0],
        seconds[middle],
        seconds[SAMPLES - 1]
    );
    Ok(())
}

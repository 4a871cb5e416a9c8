//! The progress bar on standard error, and the closing summary's figures.
//!
//! While the inputs are being counted (`Corpus::count`, on a thread beside the
//! run: directory listings only), a spinner shows the files done, megabytes
//! read and the rate; once the count is in, a bar with the percentage and an
//! ETA. When the count cannot be exact (archives, whose members are known only
//! by reading them; a `--files-from -` list) the spinner stays, with no ETA
//! rather than a wrong one. It is drawn only when standard error is a terminal
//! and the user did not ask for `--quiet`. `DATELINE_PROGRESS=always` (or `never`) forces
//! the choice, for tests and screen recordings.

use std::fmt;
use std::io::{self, IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use dateline_corpus::{Corpus, Observer, Totals};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// How often the bar's message (megabytes, rate) is rebuilt, at most.
const MESSAGE_EVERY: Duration = Duration::from_millis(100);

/// The spinner's line, while the total is unknown.
const COUNTING: &str = "{spinner} {pos} files  {msg}  {elapsed} elapsed";
/// The bar's line, once the total is known.
const COUNTED: &str =
    "{spinner} [{bar:30}] {percent:>3}%  {pos}/{len} files  {msg}  {elapsed} elapsed, ETA {eta}";

/// The progress of a run: a bar when wanted, and the counts for the summary.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Set once the total is the exact count: the run's own `found` is then
    /// ignored.
    counted: Arc<AtomicBool>,
    started: Instant,
    bytes: AtomicU64,
    last_message: std::sync::Mutex<Instant>,
    /// Whether inputs not read for what they are (a symbolic link in an
    /// archive) are warned about: not in a first pass that reads the corpus
    /// again after.
    warn_unsupported: bool,
}

impl Progress {
    /// Starts the clock, and a bar if standard error is a terminal and not `quiet`.
    pub fn new(quiet: bool) -> Progress {
        let forced = std::env::var("DATELINE_PROGRESS").ok();
        let show = match forced.as_deref() {
            _ if quiet => false,
            Some("always") => true,
            Some("never") => false,
            _ => io::stderr().is_terminal(),
        };
        let bar = show.then(|| {
            let target = if io::stderr().is_terminal() {
                ProgressDrawTarget::stderr_with_hz(10)
            } else {
                // Forced onto something that is not a terminal (a test's pipe).
                ProgressDrawTarget::term_like_with_hz(Box::new(PlainStderr), 10)
            };
            let bar = ProgressBar::with_draw_target(Some(0), target);
            bar.set_style(style(COUNTING));
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            counted: Arc::new(AtomicBool::new(false)),
            started: now,
            bytes: AtomicU64::new(0),
            last_message: std::sync::Mutex::new(now),
            warn_unsupported: true,
        }
    }

    /// A progress display for a run over `corpus`: [`Progress::new`], and
    /// when a bar is drawn, the corpus counted on a thread of its own; the
    /// spinner becomes a bar with an ETA when the count is exact.
    pub fn for_corpus(quiet: bool, corpus: &Corpus) -> Progress {
        let progress = Progress::new(quiet);
        if let Some(bar) = &progress.bar {
            let (bar, counted, corpus) = (bar.clone(), progress.counted.clone(), corpus.clone());
            // Detached: a count still going when the run ends finds its bar
            // finished, and its figures are dropped.
            let spawned = std::thread::Builder::new()
                .name("dateline-count".into())
                .spawn(move || {
                    let count = corpus.count();
                    if count.is_exact() && !bar.is_finished() {
                        counted.store(true, Ordering::Relaxed);
                        bar.set_length(count.articles.max(bar.position()));
                        bar.set_style(style(COUNTED));
                    }
                });
            // No thread: the spinner stays, which is still right.
            drop(spawned);
        }
        progress
    }

    /// This progress without the warnings about inputs not read for what
    /// they are: for a first pass whose second pass warns.
    #[must_use]
    pub fn without_unsupported_warnings(mut self) -> Progress {
        self.warn_unsupported = false;
        self
    }

    /// Whether a bar is drawn.
    pub fn is_visible(&self) -> bool {
        self.bar.is_some()
    }

    /// `n` more files were found by the run's walk (ahead of reading them).
    pub fn found(&self, n: u64) {
        if let Some(bar) = &self.bar
            && !self.counted.load(Ordering::Relaxed)
        {
            bar.inc_length(n);
        }
    }

    /// One more file is done; it had `bytes` bytes.
    pub fn done(&self, bytes: u64) {
        let total = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        let Some(bar) = &self.bar else {
            return;
        };
        bar.inc(1);
        if bar.position() > bar.length().unwrap_or(0) {
            bar.set_length(bar.position());
        }
        let now = Instant::now();
        if let Ok(mut last) = self.last_message.try_lock()
            && now.duration_since(*last) >= MESSAGE_EVERY
        {
            *last = now;
            let secs = now.duration_since(self.started).as_secs_f64();
            bar.set_message(format!("{}, {}", Megabytes(total), Rate(total, secs)));
        }
    }

    /// Runs `f` (which prints) with the bar cleared from the screen.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The style of `template` (both are constant and valid; a default one otherwise).
fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

impl Observer for Progress {
    fn found(&self, n: u64) {
        Progress::found(self, n);
    }

    fn done(&self, bytes: u64) {
        Progress::done(self, bytes);
    }

    fn unsupported(&self, name: &str, what: &str) {
        if !self.warn_unsupported {
            return;
        }
        let warning = format!(
            "warning: {}: skipped, {}: dateline reads regular files and hard links only\n",
            dateline_core::printable(name),
            dateline_core::printable(what),
        );
        // A closed standard error is no reason to stop the run.
        let _ = self.suspend(|| io::stderr().lock().write_all(warning.as_bytes()));
    }
}

/// What a run read, and how fast: the summary's figures.
#[derive(Clone, Copy, Debug)]
pub struct Figures {
    /// Bytes of articles read.
    pub bytes: u64,
    /// Time since the run started.
    pub elapsed: Duration,
}

impl From<&Totals> for Figures {
    fn from(totals: &Totals) -> Figures {
        Figures {
            bytes: totals.bytes,
            elapsed: totals.elapsed,
        }
    }
}

impl fmt::Display for Figures {
    /// `12.3 MB in 0.45 s (27.3 MB/s)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        write!(
            f,
            "{} in {secs:.2} s ({})",
            Megabytes(self.bytes),
            Rate(self.bytes, secs)
        )
    }
}

/// Bytes as megabytes (10^6), one decimal.
struct Megabytes(u64);

impl fmt::Display for Megabytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1} MB", self.0 as f64 / 1e6)
    }
}

/// Bytes over seconds, as MB/s.
struct Rate(u64, f64);

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1 > 0.0 {
            write!(f, "{:.1} MB/s", self.0 as f64 / 1e6 / self.1)
        } else {
            f.write_str("- MB/s")
        }
    }
}

/// `n word` or `n words`.
pub fn count(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Standard error as a plain terminal of 80 columns (for a forced bar).
#[derive(Debug)]
struct PlainStderr;

impl PlainStderr {
    fn put(&self, s: &str) -> io::Result<()> {
        io::stderr().lock().write_all(s.as_bytes())
    }
}

impl TermLike for PlainStderr {
    fn width(&self) -> u16 {
        80
    }

    fn move_cursor_up(&self, n: usize) -> io::Result<()> {
        if n > 0 {
            self.put(&format!("\x1b[{n}A"))?;
        }
        Ok(())
    }

    fn move_cursor_down(&self, n: usize) -> io::Result<()> {
        if n > 0 {
            self.put(&format!("\x1b[{n}B"))?;
        }
        Ok(())
    }

    fn move_cursor_right(&self, n: usize) -> io::Result<()> {
        if n > 0 {
            self.put(&format!("\x1b[{n}C"))?;
        }
        Ok(())
    }

    fn move_cursor_left(&self, n: usize) -> io::Result<()> {
        if n > 0 {
            self.put(&format!("\x1b[{n}D"))?;
        }
        Ok(())
    }

    fn write_line(&self, s: &str) -> io::Result<()> {
        self.put(s)?;
        self.put("\n")
    }

    fn write_str(&self, s: &str) -> io::Result<()> {
        self.put(s)
    }

    fn clear_line(&self) -> io::Result<()> {
        self.put("\r\x1b[2K")
    }

    fn flush(&self) -> io::Result<()> {
        io::stderr().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_a_sentence() {
        let figures = Figures {
            bytes: 12_345_678,
            elapsed: Duration::from_millis(500),
        };
        assert_eq!(figures.to_string(), "12.3 MB in 0.50 s (24.7 MB/s)");
        let instant = Figures {
            bytes: 0,
            elapsed: Duration::ZERO,
        };
        assert_eq!(instant.to_string(), "0.0 MB in 0.00 s (- MB/s)");
        assert_eq!(count(1, "file"), "1 file");
        assert_eq!(count(2, "file"), "2 files");
    }
}

//! The progress bar on standard error, and the closing summary's figures.
//!
//! The bar (indicatif) shows files done out of files found so far, megabytes read,
//! the rate and an ETA. It is drawn only when standard error is a terminal and the
//! user did not ask for `--quiet`. `DATELINE_PROGRESS=always` (or `never`) forces
//! the choice, for tests and screen recordings.

use std::fmt;
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use dateline_corpus::{Observer, Totals};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// How often the bar's message (megabytes, rate) is rebuilt, at most.
const MESSAGE_EVERY: Duration = Duration::from_millis(100);

/// The progress of a run: a bar when wanted, and the counts for the summary.
pub struct Progress {
    bar: Option<ProgressBar>,
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
            let style = ProgressStyle::with_template(
                "{spinner} {pos}/{len} files  {msg}  {elapsed} elapsed, ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            started: now,
            bytes: AtomicU64::new(0),
            last_message: std::sync::Mutex::new(now),
            warn_unsupported: true,
        }
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

    /// `n` more files were found.
    pub fn found(&self, n: u64) {
        if let Some(bar) = &self.bar {
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

//! `dateline`: parse, check and convert scraped news-article text files.
//!
//! The binary is thin: arguments (clap), progress bars, rendering and exit
//! codes. Reading corpora is `dateline-corpus`'s, the grammar and the model
//! `dateline-core`'s, formats `dateline-export`'s, links and outlets
//! `dateline-links`'s, plugins `dateline-plugin`'s.

// `unsafe` only in `alloc` (the global allocator's contract).
#![deny(unsafe_code)]

mod alloc;
mod args;
mod commands;
mod error;
mod generate;
mod manual;
mod output;
mod plugins;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::EXIT_OK;

/// mimalloc rather than glibc's malloc (see [`alloc`]).
#[global_allocator]
static ALLOCATOR: alloc::Allocator = alloc::Allocator;

#[derive(Parser)]
#[command(
    name = "dateline",
    version,
    about = "Turn scraped news-article text files into clean, typed, linked data",
    long_about = "Turn scraped news-article text files into clean, typed, linked data.\n\n\
                  An article file holds the headline on line 1, the date YYYYMMDD on line 2, \
                  the source URL on line 3, then one paragraph per line.",
    after_help = "Exit codes: 0 all inputs valid, 1 some input had an error, 2 usage error \
                  (or a file named by --outlets, --files-from or --plugin that cannot be used), \
                  3 the run failed (output not written, a format or plugin failed)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    plugins: plugins::PluginArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Parse one article and print its document model as JSON.
    Parse(commands::parse::Args),
    /// Check files and directories; print errors and warnings.
    Check(commands::check::Args),
    /// Convert articles to another format (json, jsonl, csv, markdown, html, xml, text, native,
    /// or one from a plugin).
    Convert(commands::convert::Args),
    /// List the formats `convert` writes, built in and from plugins.
    Formats(commands::formats::Args),
    /// List the format plugins found, where, and whether they loaded.
    Plugins(commands::plugins::Args),
    /// Resolve promos to articles and sources to outlets; find duplicates and date mismatches.
    Links(commands::links::Args),
    /// Count what a corpus holds: articles, dates by month, hosts, promos,
    /// attributions, repairs, diagnostics.
    Stats(commands::stats::Args),
    /// Print the completion script of a shell: `dateline completions bash`.
    Completions(generate::CompletionsArgs),
    /// Print a man page (roff): `dateline man check | man -l -`.
    Man(generate::ManArgs),
}

/// On SIGINT and SIGTERM: removes the run's temporary files (outputs not
/// complete yet, a page directory's lock) and exits with 128 + the signal's
/// number (130, 143), as a shell reports a process the signal ended.
fn on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    // Without a handler the signal still ends the run, as it did before;
    // only the clean-up is lost.
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // Held until the exit: nothing is committed after the removal.
            let (_removed, _held) = dateline_export::output::remove_temporary_files();
            std::process::exit(128 + signal);
        }
    });
}

fn main() -> ExitCode {
    // `dateline generate KIND` (hidden): man page and completions, for packagers.
    if let Some(code) = generate::intercept() {
        return code;
    }
    let cli = Cli::parse();
    on_signals();
    let result = match cli.command {
        Command::Parse(args) => commands::parse::run(&args),
        Command::Check(args) => commands::check::run(&args),
        Command::Convert(args) => commands::convert::run(&args, &cli.plugins),
        Command::Formats(args) => commands::formats::run(&args, &cli.plugins),
        Command::Plugins(args) => commands::plugins::run(&args, &cli.plugins),
        Command::Links(args) => commands::links::run(&args),
        Command::Stats(args) => commands::stats::run(&args),
        Command::Completions(args) => generate::completions(&args),
        Command::Man(args) => generate::man(&args),
    };
    match result {
        Ok(status) => ExitCode::from(status.code()),
        Err(e) if e.is_broken_pipe() => ExitCode::from(EXIT_OK),
        Err(e) => {
            e.report();
            ExitCode::from(e.exit_code())
        }
    }
}

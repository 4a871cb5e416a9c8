//! `dateline plugins`: the plugin libraries found, where, and what became of them.

use dateline_core::printable;
use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::error::{self, CliError};
use crate::plugins::{self, Catalog, Found, PluginArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Print JSON: {"search_path": [...], "plugins": [{path, found, status, ...}]}.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    /// The directories searched, in order, besides the files named with --plugin.
    search_path: Vec<PathBuf>,
    plugins: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct Row<'a> {
    path: &'a std::path::Path,
    found: Found,
    #[serde(flatten)]
    status: Status<'a>,
}

#[derive(Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
enum Status<'a> {
    Loaded {
        name: &'a str,
        version: &'a str,
        abi: u32,
        formats: Vec<&'a str>,
    },
    Failed {
        error: &'a str,
    },
}

/// Exit 0 when every library found loaded, 1 when one failed (it is listed with
/// the reason), 2 when a `--plugin` file failed.
pub fn run(args: &Args, plugin_args: &PluginArgs) -> Result<error::Status, CliError> {
    let catalog = Catalog::load(plugin_args)?;
    let rows: Vec<Row<'_>> = catalog
        .libraries
        .iter()
        .map(|library| Row {
            path: &library.path,
            found: library.found,
            status: match &library.outcome {
                Ok(plugin) => Status::Loaded {
                    name: plugin.name(),
                    version: plugin.version(),
                    abi: plugin.abi_version(),
                    formats: plugin.formats().iter().map(|f| f.name.as_ref()).collect(),
                },
                Err(error) => Status::Failed { error },
            },
        })
        .collect();
    let mut search_path = plugin_args.dirs.clone();
    search_path.extend(plugins::implicit_search_path());
    let report = Report {
        search_path,
        plugins: rows,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        crate::output::write_json(&mut out, &report, false)?;
        writeln!(out)?;
    } else {
        writeln!(out, "Search path (besides --plugin files):")?;
        for dir in &report.search_path {
            let state = if dir.is_dir() { "" } else { " (absent)" };
            writeln!(out, "  {}{state}", dir.display())?;
        }
        writeln!(out)?;
        if report.plugins.is_empty() {
            writeln!(out, "No plugins found.")?;
        }
        for row in &report.plugins {
            match &row.status {
                Status::Loaded {
                    name,
                    version,
                    abi,
                    formats,
                } => writeln!(
                    out,
                    "{} {} (ABI {abi}): {}\n  {}\n  found by {}",
                    printable(name),
                    printable(version),
                    printable(&formats.join(", ")),
                    printable(&row.path.to_string_lossy()),
                    printable(row.found.as_str())
                )?,
                Status::Failed { error } => writeln!(
                    out,
                    "FAILED {}\n  {}\n  found by {}",
                    printable(&row.path.to_string_lossy()),
                    printable(error),
                    printable(row.found.as_str())
                )?,
            }
        }
    }
    out.flush()?;
    let failed = report
        .plugins
        .iter()
        .any(|r| matches!(r.status, Status::Failed { .. }));
    Ok(if failed {
        error::Status::InputErrors
    } else {
        error::Status::Clean
    })
}

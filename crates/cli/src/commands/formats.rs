//! `dateline formats`: every export format, built in or from a plugin.

use std::io::{self, Write};

use dateline_export::formats::ALIASES;

use crate::error::{CliError, Status};
use crate::plugins::{Catalog, Entry, Origin, PluginArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Print a JSON array of {name, kind, extension, media_type, description,
    /// source, and for plugin formats plugin, version, path, qualified}.
    #[arg(long)]
    json: bool,
    /// Print the names `convert --to` takes, one a line, and nothing else:
    /// what the shell completion scripts call, so that plugin formats are
    /// completed as they are installed.
    #[arg(long, hide = true, conflicts_with = "json")]
    names: bool,
}

pub fn run(args: &Args, plugin_args: &PluginArgs) -> Result<Status, CliError> {
    let catalog = Catalog::load(plugin_args)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.names {
        // Quiet: a completion script has no place for warnings.
        write_names(&mut out, &catalog.entries)?;
        out.flush()?;
        return Ok(Status::Clean);
    }
    catalog.warn_failures();
    if args.json {
        crate::output::write_json(&mut out, &catalog.entries, false)?;
        writeln!(out)?;
    } else {
        write_table(&mut out, &catalog.entries)?;
    }
    out.flush()?;
    Ok(Status::Clean)
}

fn source(entry: &Entry) -> String {
    match &entry.origin {
        Origin::Builtin => "built-in".to_owned(),
        Origin::Plugin {
            plugin,
            version,
            path,
        } => {
            let mut s = format!("plugin {plugin} {version} ({})", path.display());
            if let Some(winner) = &entry.shadowed_by {
                s.push_str(&format!("; `{}` is {winner}", bare(entry)));
            }
            s
        }
    }
}

/// The name without its plugin qualifier.
fn bare(entry: &Entry) -> &str {
    entry
        .info
        .name
        .split_once(':')
        .map_or(entry.info.name.as_ref(), |(_, b)| b)
}

/// Every name `--to` takes: each format's, a plugin format's qualified name,
/// the aliases.
fn write_names(out: &mut impl Write, entries: &[Entry]) -> io::Result<()> {
    for e in entries {
        writeln!(out, "{}", e.info.name)?;
        if let Some(qualified) = e.qualified.as_ref().filter(|q| **q != e.info.name) {
            writeln!(out, "{qualified}")?;
        }
    }
    for (alias, _) in ALIASES {
        writeln!(out, "{alias}")?;
    }
    Ok(())
}

fn write_table(out: &mut impl Write, entries: &[Entry]) -> io::Result<()> {
    let width = |f: &dyn Fn(&Entry) -> usize, title: &str| {
        entries.iter().map(f).max().unwrap_or(0).max(title.len())
    };
    let name = width(&|e| e.info.name.len(), "NAME");
    let ext = width(&|e| e.info.extension.len() + 1, "EXT");
    let media = width(&|e| e.info.media_type.len(), "MEDIA TYPE");
    writeln!(
        out,
        "{:name$}  {:6}  {:ext$}  {:media$}  DESCRIPTION",
        "NAME", "KIND", "EXT", "MEDIA TYPE"
    )?;
    for e in entries {
        writeln!(
            out,
            "{:name$}  {:6}  {:ext$}  {:media$}  {}",
            e.info.name,
            e.info.kind.as_str(),
            format!(".{}", e.info.extension),
            e.info.media_type,
            e.info.description
        )?;
    }
    if entries.iter().any(|e| e.origin != Origin::Builtin) {
        writeln!(out)?;
        writeln!(out, "Plugin formats:")?;
        for e in entries.iter().filter(|e| e.origin != Origin::Builtin) {
            writeln!(out, "  {}: {}", e.info.name, source(e))?;
        }
    }
    Ok(())
}

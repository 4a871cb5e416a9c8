//! Finding and loading format plugins, and the catalog of every format: built
//! in or from a plugin, under which name, from which file.
//!
//! Only `convert`, `formats` and `plugins` load plugins; the other commands
//! accept the global flags and ignore them, so a broken plugin never stops a
//! `check`.
//!
//! Where plugins come from, in load order (documented in dateline-plugin's crate
//! docs and the man page):
//! 1. `--plugin FILE` (repeatable): a failure is an error (exit 2);
//! 2. `--plugin-dir DIR` (repeatable): a missing directory is an error; a
//!    library in it that fails is a warning;
//! 3. the directories of `DATELINE_PLUGIN_PATH`: missing ones are ignored, like
//!    `PATH`; failing libraries are warnings;
//! 4. the default directories ([`default_dirs`]): `plugins/` beside the
//!    executable, `lib/dateline/plugins/` of its installation prefix, and
//!    `dateline/plugins/` in the user's data directory: as 3.
//!
//! Never the current directory implicitly.

use std::collections::HashSet;
use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use dateline_export::{FormatInfo, Input, Registry};
use dateline_plugin::host::{self, Plugin};
use serde::Serialize;

/// The environment variable listing plugin directories.
pub const PLUGIN_PATH_VAR: &str = "DATELINE_PLUGIN_PATH";

/// The global plugin flags, accepted before or after the subcommand.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct PluginArgs {
    /// Load the format plugin in FILE (a .so, .dylib or .dll built with
    /// dateline-plugin). Repeatable.
    #[arg(long = "plugin", value_name = "FILE", global = true)]
    pub files: Vec<PathBuf>,
    /// Load every plugin library in DIR. Repeatable. Also searched, in order:
    /// the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline
    /// executable, `../lib/dateline/plugins/` from it (an installed release), and
    /// `dateline/plugins/` in the user's data directory.
    #[arg(long = "plugin-dir", value_name = "DIR", global = true)]
    pub dirs: Vec<PathBuf>,
}

/// Why a library was looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Found {
    /// `--plugin FILE`.
    Flag,
    /// `--plugin-dir DIR`.
    PluginDir,
    /// A directory of `DATELINE_PLUGIN_PATH`.
    EnvPath,
    /// A default directory.
    Default,
}

impl Found {
    pub fn as_str(self) -> &'static str {
        match self {
            Found::Flag => "--plugin",
            Found::PluginDir => "--plugin-dir",
            Found::EnvPath => PLUGIN_PATH_VAR,
            Found::Default => "default directory",
        }
    }
}

/// One library and what became of it.
#[derive(Debug)]
pub struct Library {
    pub path: PathBuf,
    pub found: Found,
    pub outcome: Result<Plugin, String>,
}

/// Where a format comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum Origin {
    Builtin,
    Plugin {
        plugin: String,
        version: String,
        path: PathBuf,
    },
}

/// One format as the catalog lists it.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// The name it answers to (`bibtex`, or `echo:csv` when the bare name is taken).
    #[serde(flatten)]
    pub info: FormatInfo,
    /// Its qualified name (`citations:bibtex`), for plugin formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualified: Option<String>,
    /// Whose format has the bare name, when this one lost it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shadowed_by: Option<String>,
    #[serde(flatten)]
    pub origin: Origin,
}

/// A plugin that could not be used, explicitly named: the command cannot go on.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct FatalPluginError(pub String);

/// Every format and every plugin library looked at.
pub struct Catalog {
    pub registry: Registry,
    pub entries: Vec<Entry>,
    pub libraries: Vec<Library>,
}

impl Catalog {
    /// The built-in formats, then the plugins' (see the module docs for the
    /// order and which failures are fatal).
    pub fn load(args: &PluginArgs) -> Result<Catalog, FatalPluginError> {
        let mut registry = Registry::with_builtins();
        let mut entries: Vec<Entry> = registry
            .formats()
            .map(|info| Entry {
                info: info.clone(),
                qualified: None,
                shadowed_by: None,
                origin: Origin::Builtin,
            })
            .collect();
        let mut libraries = Vec::new();
        let mut seen = HashSet::new();
        let mut plugin_names: Vec<(String, PathBuf)> = Vec::new();

        let mut candidates: Vec<(PathBuf, Found)> = Vec::new();
        for file in &args.files {
            candidates.push((file.clone(), Found::Flag));
        }
        for dir in &args.dirs {
            let found = host::libraries_in(dir)
                .map_err(|e| FatalPluginError(format!("--plugin-dir {}: {e}", dir.display())))?;
            candidates.extend(found.into_iter().map(|p| (p, Found::PluginDir)));
        }
        for (dir, found) in implicit_dirs() {
            // Missing or unreadable implicit directories are skipped, as PATH's are.
            if let Ok(libs) = host::libraries_in(&dir) {
                candidates.extend(libs.into_iter().map(|p| (p, found)));
            }
        }

        for (path, found) in candidates {
            // The same file named twice (a flag and a directory) loads once.
            let key = path.canonicalize().unwrap_or_else(|_| path.clone());
            if !seen.insert(key) {
                continue;
            }
            let outcome =
                Plugin::load(&path).map_err(|e| e.to_string()).and_then(
                    |plugin| match plugin_names.iter().find(|(name, _)| name == plugin.name()) {
                        Some((name, first)) => Err(format!(
                            "{}: a plugin named `{name}` is already loaded from {}",
                            path.display(),
                            first.display()
                        )),
                        None => Ok(plugin),
                    },
                );
            match &outcome {
                Ok(plugin) => {
                    plugin_names.push((plugin.name().to_owned(), path.clone()));
                    register(&mut registry, &mut entries, plugin);
                }
                Err(message) if found == Found::Flag => {
                    return Err(FatalPluginError(message.clone()));
                }
                Err(_) => {}
            }
            libraries.push(Library {
                path,
                found,
                outcome,
            });
        }
        Ok(Catalog {
            registry,
            entries,
            libraries,
        })
    }

    /// Warns on standard error about libraries that failed to load (those not
    /// named with `--plugin`: those are fatal).
    pub fn warn_failures(&self) {
        let mut err = io::stderr().lock();
        for library in &self.libraries {
            if let Err(message) = &library.outcome {
                let _ = writeln!(
                    err,
                    "warning: plugin skipped ({}): {}",
                    dateline_core::printable(library.found.as_str()),
                    dateline_core::printable(message)
                );
            }
        }
    }

    /// The plugin formats whose bare name is `name` but lost it to another
    /// format: what `convert --to NAME` should mention.
    pub fn shadowed(&self, name: &str) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| {
            e.shadowed_by.is_some()
                && e.qualified
                    .as_deref()
                    .and_then(|q| q.split_once(':'))
                    .is_some_and(|(_, bare)| bare.eq_ignore_ascii_case(name))
        })
    }
}

/// Registers `plugin`'s formats: always under `plugin:format`, and under the bare
/// name when no earlier format has it.
fn register(registry: &mut Registry, entries: &mut Vec<Entry>, plugin: &Plugin) {
    for (index, info) in plugin.formats().iter().enumerate() {
        let qualified = format!("{}:{}", plugin.name(), info.name);
        let shadowed_by = entries
            .iter()
            .find(|e| e.info.name.eq_ignore_ascii_case(&info.name))
            .map(|e| match &e.origin {
                Origin::Builtin => "the built-in format".to_owned(),
                Origin::Plugin { plugin, .. } => format!("plugin `{plugin}`"),
            });
        let origin = Origin::Plugin {
            plugin: plugin.name().to_owned(),
            version: plugin.version().to_owned(),
            path: plugin.path().to_owned(),
        };
        // The names are checked free, so registering cannot fail; if it ever
        // did, the format would just be missing from the registry.
        let mut qualified_info = info.clone();
        qualified_info.name = qualified.clone().into();
        let mut add = |info: &FormatInfo| match info.input {
            Input::Article => registry.register(info.clone(), plugin.factory(index)),
            Input::Record => registry.register_records(info.clone(), plugin.record_factory(index)),
        };
        let _ = add(&qualified_info);
        if shadowed_by.is_none() {
            let _ = add(info);
        }
        entries.push(Entry {
            info: if shadowed_by.is_none() {
                info.clone()
            } else {
                qualified_info
            },
            qualified: Some(qualified),
            shadowed_by,
            origin,
        });
    }
}

/// The directories searched besides `--plugin-dir`s, in order.
pub fn implicit_search_path() -> Vec<PathBuf> {
    implicit_dirs().into_iter().map(|(dir, _)| dir).collect()
}

/// `DATELINE_PLUGIN_PATH`'s directories, then the default ones.
fn implicit_dirs() -> Vec<(PathBuf, Found)> {
    let mut dirs = Vec::new();
    if let Some(list) = std::env::var_os(PLUGIN_PATH_VAR) {
        dirs.extend(env_dirs(&list).map(|d| (d, Found::EnvPath)));
    }
    dirs.extend(default_dirs().into_iter().map(|d| (d, Found::Default)));
    dirs
}

fn env_dirs(list: &OsString) -> impl Iterator<Item = PathBuf> + '_ {
    std::env::split_paths(list).filter(|p| !p.as_os_str().is_empty())
}

/// Beside the executable: `plugins/` next to it, and `lib/dateline/plugins`
/// of its installation prefix (`PREFIX/bin/dateline`, as `cargo xtask dist`
/// lays a release out); then `dateline/plugins` in the user's data directory.
pub fn default_dirs() -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        found.push(exe_dir.join("plugins"));
        if let Some(prefix) = exe_dir.parent() {
            found.push(prefix.join("lib").join("dateline").join("plugins"));
        }
    }
    if let Some(data) = dirs::data_dir() {
        found.push(data.join("dateline").join("plugins"));
    }
    found
}

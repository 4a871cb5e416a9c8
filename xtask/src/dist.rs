//! `cargo xtask dist`: the release binary and the plugins, laid out as a user
//! installs them, in a tarball with a SHA-256 checksum file.
//!
//! The tarball `dateline-VERSION-TARGET.tar.gz` holds one directory of that name,
//! an installation prefix (extract it with `--strip-components=1` into
//! `~/.local` or `/usr/local`):
//!
//! ```text
//! bin/dateline
//! lib/dateline/plugins/            the plugin directory: one cdylib per plugin, and a README
//! share/man/man1/dateline.1
//! share/bash-completion/completions/dateline
//! share/zsh/site-functions/_dateline
//! share/fish/vendor_completions.d/dateline.fish
//! share/dateline/completions/      PowerShell and Elvish scripts
//! share/doc/dateline/              README.md, CHANGELOG.md, licences
//! ```
//!
//! Plugins are the workspace packages under `plugins/` with a `cdylib` target
//! (found with `cargo metadata`); with none, the plugin directory holds only its
//! README. The man page and completions come from the release binary itself, so
//! they always describe it. The archive is reproducible: entries sorted, owner
//! 0, modes 0755/0644, every timestamp `SOURCE_DATE_EPOCH` (default: the commit
//! time of `HEAD`).
//!
//! Beside it goes the Python package's wheel (`dateline-VERSION-cp39-abi3-PLATFORM.whl`,
//! built with maturin: see [`crate::python`]).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::docs::{self, Doc};
use crate::workspace::{self, Metadata, cargo, git, output, relative, root_or_default};

/// Arguments of `dist`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the tarball and its checksum (default: TARGET_DIR/dist).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The workspace (default: the one this xtask belongs to).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

/// A plugin to ship: its package and the file cargo builds for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plugin {
    /// The package name.
    pub package: String,
    /// The library file name on this platform (`libdateline_citations.so`).
    pub file: String,
}

/// The packages under `plugins/` that build a `cdylib`, by name.
pub fn plugins(meta: &Metadata) -> Vec<Plugin> {
    let plugins_dir = meta.workspace_root.join("plugins");
    let mut found: Vec<Plugin> = meta
        .packages
        .iter()
        .filter(|p| p.manifest_path.starts_with(&plugins_dir))
        .filter_map(|p| {
            let lib = p.cdylib()?;
            Some(Plugin {
                package: p.name.clone(),
                file: format!(
                    "{}{}{}",
                    std::env::consts::DLL_PREFIX,
                    lib.name.replace('-', "_"),
                    std::env::consts::DLL_SUFFIX
                ),
            })
        })
        .collect();
    found.sort_by(|a, b| a.package.cmp(&b.package));
    found
}

pub fn run(args: &Args) -> Result<()> {
    let root = root_or_default(args.root.as_deref());
    let meta = Metadata::load(&root)?;
    let cli = meta.package("dateline-cli")?;
    let plugins = plugins(&meta);
    println!(
        "dist: dateline {} with {} plugin(s){}",
        cli.version,
        plugins.len(),
        if plugins.is_empty() {
            String::new()
        } else {
            format!(
                ": {}",
                plugins
                    .iter()
                    .map(|p| p.package.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );

    let mut build = cargo();
    build
        .current_dir(&root)
        .args(["build", "--release", "--locked", "-p", "dateline-cli"]);
    for p in &plugins {
        build.args(["-p", &p.package]);
    }
    workspace::run(&mut build)?;

    let release = meta.target_directory.join("release");
    let exe = release.join(format!("dateline{}", std::env::consts::EXE_SUFFIX));
    let mut plugin_files = Vec::new();
    for p in &plugins {
        let file = release.join(&p.file);
        if !file.is_file() {
            bail!(
                "the plugin {} built, but {} is missing",
                p.package,
                file.display()
            );
        }
        plugin_files.push(file);
    }
    let docs = docs::generate(&exe)?;

    let target = host_triple()?;
    let name = format!("dateline-{}-{target}", cli.version);
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| meta.target_directory.join("dist"));
    let stage = out_dir.join(&name);
    let extras: Vec<PathBuf> = ["README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE"]
        .iter()
        .map(|f| root.join(f))
        .filter(|p| p.is_file())
        .collect();
    lay_out(&stage, &exe, &plugin_files, &docs, &extras)?;

    let mtime = source_date_epoch(&root);
    let tarball = out_dir.join(format!("{name}.tar.gz"));
    write_tarball(&stage, &name, &tarball, mtime)?;
    let checksum = write_checksum(&tarball)?;
    println!("dist: staged {}", stage.display());
    println!("dist: wrote {}", tarball.display());
    println!("dist: wrote {}", checksum.display());

    // The Python package (PyPI's `dateline`): one abi3 wheel for CPython 3.9+.
    let wheel = crate::python::build_wheel(&root, &meta.target_directory, &out_dir)?;
    println!("dist: wrote {}", wheel.display());
    Ok(())
}

/// `host: ...` from `rustc -vV`.
fn host_triple() -> Result<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = output(std::process::Command::new(rustc).arg("-vV"))?;
    version
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(|h| h.trim().to_owned())
        .context("`rustc -vV` printed no host triple")
}

/// `SOURCE_DATE_EPOCH`, else the commit time of `HEAD`, else 0.
fn source_date_epoch(root: &Path) -> u64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .or_else(|| {
            output(git(root).args(["log", "-1", "--format=%ct"]))
                .ok()
                .and_then(|s| s.trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Where a generated document goes in the installation prefix: man pages in
/// `share/man/man1`, each completion script where its shell looks.
fn doc_destination(doc: &Doc) -> String {
    let file = doc.file_name();
    if doc.is_man_page() {
        return format!("share/man/man1/{file}");
    }
    match file {
        "dateline.bash" => "share/bash-completion/completions/dateline".to_owned(),
        "_dateline" => "share/zsh/site-functions/_dateline".to_owned(),
        "dateline.fish" => "share/fish/vendor_completions.d/dateline.fish".to_owned(),
        other => format!("share/dateline/completions/{other}"),
    }
}

/// The README of the plugin directory.
fn plugins_readme(plugins: &[PathBuf]) -> String {
    let mut text = String::from(
        "# dateline plugins\n\n\
         Each format plugin is one shared library in this directory (a cdylib built\n\
         against dateline-plugin); the `dateline` binary looks here for them.\n\
         Add a plugin by copying its library here; remove it by deleting the file.\n\n",
    );
    if plugins.is_empty() {
        text.push_str("This release ships no plugins.\n");
    } else {
        text.push_str("Shipped with this release:\n\n");
        for p in plugins {
            if let Some(name) = p.file_name() {
                text.push_str(&format!("- {}\n", name.to_string_lossy()));
            }
        }
    }
    text
}

/// Lays the installation out in `stage` (emptied first).
pub fn lay_out(
    stage: &Path,
    exe: &Path,
    plugins: &[PathBuf],
    docs: &[Doc],
    extras: &[PathBuf],
) -> Result<()> {
    if stage.exists() {
        fs::remove_dir_all(stage).with_context(|| format!("cannot empty {}", stage.display()))?;
    }
    let copy = |from: &Path, to: &Path| -> Result<()> {
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::copy(from, to)
            .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
        Ok(())
    };
    let exe_name = exe
        .file_name()
        .context("the binary path has no file name")?;
    copy(exe, &stage.join("bin").join(exe_name))?;
    let plugin_dir = stage.join("lib/dateline/plugins");
    fs::create_dir_all(&plugin_dir)
        .with_context(|| format!("cannot create {}", plugin_dir.display()))?;
    for p in plugins {
        let file = p.file_name().context("a plugin path has no file name")?;
        copy(p, &plugin_dir.join(file))?;
    }
    fs::write(plugin_dir.join("README.md"), plugins_readme(plugins))?;
    for doc in docs {
        let dest = stage.join(doc_destination(doc));
        if let Some(dir) = dest.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&dest, &doc.text).with_context(|| format!("cannot write {}", dest.display()))?;
    }
    let doc_dir = stage.join("share/doc/dateline");
    for extra in extras {
        let file = extra
            .file_name()
            .context("a document path has no file name")?;
        copy(extra, &doc_dir.join(file))?;
    }
    Ok(())
}

/// Whether a staged file is executable in the archive.
fn is_executable(rel: &str) -> bool {
    rel.starts_with("bin/") || (rel.starts_with("lib/dateline/plugins/") && !rel.ends_with(".md"))
}

/// Every file under `dir`, relative, with `/` separators, sorted.
fn files_under(dir: &Path) -> Result<Vec<String>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
        for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                out.push(format!("{}/", relative(base, &path)));
                walk(base, &path, out)?;
            } else {
                out.push(relative(base, &path));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// Writes `stage` as `tarball` (gzip), every entry under `top/`, reproducibly.
pub fn write_tarball(stage: &Path, top: &str, tarball: &Path, mtime: u64) -> Result<()> {
    if let Some(dir) = tarball.parent() {
        fs::create_dir_all(dir)?;
    }
    let file = fs::File::create(tarball)
        .with_context(|| format!("cannot create {}", tarball.display()))?;
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    let mut tar = tar::Builder::new(gz);
    let header = |size: u64, mode: u32, kind: tar::EntryType| {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(kind);
        h.set_size(size);
        h.set_mode(mode);
        h.set_mtime(mtime);
        h.set_uid(0);
        h.set_gid(0);
        h
    };
    let mut top_dir = header(0, 0o755, tar::EntryType::Directory);
    tar.append_data(&mut top_dir, format!("{top}/"), std::io::empty())?;
    for rel in files_under(stage)? {
        let name = format!("{top}/{rel}");
        if rel.ends_with('/') {
            let mut h = header(0, 0o755, tar::EntryType::Directory);
            tar.append_data(&mut h, &name, std::io::empty())?;
        } else {
            let bytes = fs::read(stage.join(&rel))?;
            let mode = if is_executable(&rel) { 0o755 } else { 0o644 };
            let mut h = header(bytes.len() as u64, mode, tar::EntryType::Regular);
            tar.append_data(&mut h, &name, bytes.as_slice())?;
        }
    }
    let gz = tar.into_inner()?;
    let mut file = gz.finish()?;
    file.flush()?;
    Ok(())
}

/// Writes `FILE.sha256` beside `file`, in `sha256sum` format (`sha256sum -c`
/// checks it from the same directory). Returns its path.
pub fn write_checksum(file: &Path) -> Result<PathBuf> {
    let bytes = fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let name = file
        .file_name()
        .context("the tarball path has no file name")?
        .to_string_lossy();
    let path = file.with_file_name(format!("{name}.sha256"));
    fs::write(&path, format!("{hex}  {name}\n"))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn entries(tarball: &Path) -> Vec<(String, u32, u64, Vec<u8>)> {
        let file = fs::File::open(tarball).expect("tarball");
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
        archive
            .entries()
            .expect("entries")
            .map(|e| {
                let mut e = e.expect("entry");
                let path = e.path().expect("path").to_string_lossy().into_owned();
                let mode = e.header().mode().expect("mode");
                let mtime = e.header().mtime().expect("mtime");
                let mut bytes = Vec::new();
                e.read_to_end(&mut bytes).expect("read");
                (path, mode, mtime, bytes)
            })
            .collect()
    }

    fn fixture(dir: &Path) -> (PathBuf, Vec<Doc>, Vec<PathBuf>) {
        let exe = dir.join("dateline");
        fs::write(&exe, "binary").expect("write");
        let readme = dir.join("README.md");
        fs::write(&readme, "# dateline").expect("write");
        let docs = [
            "doc/dateline.1",
            "doc/dateline-check.1",
            "doc/completions/dateline.bash",
            "doc/completions/_dateline",
            "doc/completions/dateline.fish",
            "doc/completions/_dateline.ps1",
            "doc/completions/dateline.elv",
        ]
        .iter()
        .map(|path| Doc {
            path: (*path).to_owned(),
            text: format!("{path} doc"),
        })
        .collect();
        (exe, docs, vec![readme])
    }

    #[test]
    fn with_no_plugins_the_plugin_directory_has_only_its_readme() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (exe, docs, extras) = fixture(dir.path());
        let stage = dir.path().join("out/dateline-1.0.0-x");
        lay_out(&stage, &exe, &[], &docs, &extras).expect("layout");
        let tarball = dir.path().join("out/dateline-1.0.0-x.tar.gz");
        write_tarball(&stage, "dateline-1.0.0-x", &tarball, 1_700_000_000).expect("tarball");

        let entries = entries(&tarball);
        let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "dateline-1.0.0-x/",
                "dateline-1.0.0-x/bin/",
                "dateline-1.0.0-x/bin/dateline",
                "dateline-1.0.0-x/lib/",
                "dateline-1.0.0-x/lib/dateline/",
                "dateline-1.0.0-x/lib/dateline/plugins/",
                "dateline-1.0.0-x/lib/dateline/plugins/README.md",
                "dateline-1.0.0-x/share/",
                "dateline-1.0.0-x/share/bash-completion/",
                "dateline-1.0.0-x/share/bash-completion/completions/",
                "dateline-1.0.0-x/share/bash-completion/completions/dateline",
                "dateline-1.0.0-x/share/dateline/",
                "dateline-1.0.0-x/share/dateline/completions/",
                "dateline-1.0.0-x/share/dateline/completions/_dateline.ps1",
                "dateline-1.0.0-x/share/dateline/completions/dateline.elv",
                "dateline-1.0.0-x/share/doc/",
                "dateline-1.0.0-x/share/doc/dateline/",
                "dateline-1.0.0-x/share/doc/dateline/README.md",
                "dateline-1.0.0-x/share/fish/",
                "dateline-1.0.0-x/share/fish/vendor_completions.d/",
                "dateline-1.0.0-x/share/fish/vendor_completions.d/dateline.fish",
                "dateline-1.0.0-x/share/man/",
                "dateline-1.0.0-x/share/man/man1/",
                "dateline-1.0.0-x/share/man/man1/dateline-check.1",
                "dateline-1.0.0-x/share/man/man1/dateline.1",
                "dateline-1.0.0-x/share/zsh/",
                "dateline-1.0.0-x/share/zsh/site-functions/",
                "dateline-1.0.0-x/share/zsh/site-functions/_dateline",
            ]
        );
        let find = |name: &str| entries.iter().find(|e| e.0.ends_with(name)).expect(name);
        assert_eq!(find("bin/dateline").1, 0o755);
        assert_eq!(find("bin/dateline").3, b"binary");
        assert_eq!(find("man1/dateline.1").1, 0o644);
        assert_eq!(find("man1/dateline.1").3, b"doc/dateline.1 doc");
        let readme = String::from_utf8(find("plugins/README.md").3.clone()).expect("utf-8");
        assert!(readme.contains("ships no plugins"), "{readme}");
        assert!(entries.iter().all(|e| e.2 == 1_700_000_000));

        // Reproducible: the same stage gives the same bytes.
        let again = dir.path().join("again.tar.gz");
        write_tarball(&stage, "dateline-1.0.0-x", &again, 1_700_000_000).expect("tarball");
        assert_eq!(
            fs::read(&tarball).expect("read"),
            fs::read(&again).expect("read")
        );
    }

    #[test]
    fn plugins_are_shipped_executable_and_listed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (exe, docs, extras) = fixture(dir.path());
        let plugin = dir.path().join("libdateline_citations.so");
        fs::write(&plugin, "elf").expect("write");
        let stage = dir.path().join("stage");
        lay_out(&stage, &exe, std::slice::from_ref(&plugin), &docs, &extras).expect("layout");
        let tarball = dir.path().join("t.tar.gz");
        write_tarball(&stage, "top", &tarball, 0).expect("tarball");
        let entries = entries(&tarball);
        let lib = entries
            .iter()
            .find(|e| e.0 == "top/lib/dateline/plugins/libdateline_citations.so")
            .expect("the plugin is shipped");
        assert_eq!((lib.1, lib.3.as_slice()), (0o755, b"elf".as_slice()));
        let readme =
            fs::read_to_string(stage.join("lib/dateline/plugins/README.md")).expect("read");
        assert!(readme.contains("- libdateline_citations.so"), "{readme}");
    }

    #[test]
    fn the_checksum_file_is_in_sha256sum_format() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a.tar.gz");
        fs::write(&file, "abc").expect("write");
        let sum = write_checksum(&file).expect("checksum");
        assert_eq!(sum, dir.path().join("a.tar.gz.sha256"));
        assert_eq!(
            fs::read_to_string(sum).expect("read"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.tar.gz\n"
        );
    }

    #[test]
    fn plugins_are_found_by_their_cdylib_target_under_plugins() {
        let package = |name: &str, dir: &str, types: &str| {
            format!(
                r#"{{"name":"{name}","version":"0.1.0","manifest_path":"/w/{dir}/Cargo.toml","publish":null,
                   "dependencies":[],"targets":[{{"name":"{}","crate_types":[{types}]}}]}}"#,
                name.replace('-', "_")
            )
        };
        let json = format!(
            r#"{{"packages":[{},{},{},{}],"workspace_root":"/w","target_directory":"/w/target"}}"#,
            package("dateline-parquet", "plugins/parquet", r#""cdylib""#),
            package(
                "dateline-citations",
                "plugins/citations",
                r#""cdylib","rlib""#
            ),
            package("dateline-plugin", "crates/plugin", r#""lib""#),
            package("dateline-cdylib-elsewhere", "crates/other", r#""cdylib""#),
        );
        let meta = Metadata::from_json(&json).expect("metadata");
        let found = plugins(&meta);
        let lib = |n: &str| {
            format!(
                "{}{n}{}",
                std::env::consts::DLL_PREFIX,
                std::env::consts::DLL_SUFFIX
            )
        };
        assert_eq!(
            found,
            [
                Plugin {
                    package: "dateline-citations".to_owned(),
                    file: lib("dateline_citations")
                },
                Plugin {
                    package: "dateline-parquet".to_owned(),
                    file: lib("dateline_parquet")
                },
            ]
        );
        let empty =
            Metadata::from_json(r#"{"packages":[],"workspace_root":"/w","target_directory":"/t"}"#)
                .expect("metadata");
        assert!(plugins(&empty).is_empty());
    }
}

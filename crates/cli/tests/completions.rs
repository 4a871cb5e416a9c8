//! What the shell completions call for the values of `convert --to`:
//! `dateline formats --names` lists the formats installed now, plugins' too.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `dateline ARGS` with a home of its own (no user plugins) and `env`.
fn dateline(home: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dateline"));
    command
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("DATELINE_PLUGIN_PATH");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("the dateline binary runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn names(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The C fixture plugin `c-records` (format `records`), built with the
/// system C compiler into `dir`.
fn c_plugin(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let library = dir.join(format!("libc_records{}", std::env::consts::DLL_SUFFIX));
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let status = Command::new(&compiler)
        .args(["-std=c11", "-shared", "-fPIC", "-I"])
        .arg(root.join("crates/plugin/include"))
        .arg(root.join("tests/plugins/c/records.c"))
        .arg("-o")
        .arg(&library)
        .status()
        .unwrap_or_else(|e| panic!("the C compiler `{compiler}` runs: {e}"));
    assert!(status.success());
    library
}

#[test]
fn format_names_include_plugins_found_now() {
    let home = tempfile::tempdir().expect("a temp dir");
    let plugins = tempfile::tempdir().expect("a temp dir");
    c_plugin(plugins.path());

    let builtin = names(&dateline(home.path(), &["formats", "--names"], &[]));
    for name in ["json", "jsonl", "csv", "html", "xml", "md", "tei", "ndjson"] {
        assert!(builtin.iter().any(|n| n == name), "{name} in {builtin:?}");
    }
    assert!(
        !builtin.iter().any(|n| n.contains("records")),
        "{builtin:?}"
    );

    let dir = plugins.path().display().to_string();
    let flagged = names(&dateline(
        home.path(),
        &["formats", "--names", "--plugin-dir", &dir],
        &[],
    ));
    assert!(flagged.iter().any(|n| n == "records"), "{flagged:?}");
    assert!(
        flagged.iter().any(|n| n == "c-records:records"),
        "{flagged:?}"
    );

    let from_env = names(&dateline(
        home.path(),
        &["formats", "--names"],
        &[("DATELINE_PLUGIN_PATH", plugins.path())],
    ));
    assert_eq!(from_env, flagged);
}

/// A broken library in a searched directory is only a warning for
/// `formats`; `--names` stays quiet, for the completion script.
#[test]
fn format_names_are_quiet() {
    let home = tempfile::tempdir().expect("a temp dir");
    let plugins = tempfile::tempdir().expect("a temp dir");
    let broken = plugins
        .path()
        .join(format!("libbroken{}", std::env::consts::DLL_SUFFIX));
    std::fs::write(&broken, b"not a library").expect("written");
    let dir = plugins.path().display().to_string();
    let out = dateline(
        home.path(),
        &["formats", "--names", "--plugin-dir", &dir],
        &[],
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let loud = dateline(home.path(), &["formats", "--plugin-dir", &dir], &[]);
    assert!(!loud.stderr.is_empty());
}

//! `.ci/run` never lets a run rewrite what it checks: it refuses an environment
//! that would make insta or the schema test rewrite (and pass), and runs every
//! cargo step with `INSTA_UPDATE=no` and `CI=true`.
//!
//! The script runs here with a stand-in `cargo` first on `PATH` that only
//! records how it was called, and with `CARGO_HOME` and `CARGO_TARGET_DIR` in a
//! temporary directory (the script removes things under both).
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

/// A temporary directory with a stand-in `cargo` in `bin/` that appends a line
/// per call to `calls`: `INSTA_UPDATE|CI|DATELINE_UPDATE_SCHEMA|INSTA_FORCE_PASS|ARGS`.
/// Asked to build the fuzz smoke (`--profile smoke`), it leaves a target that
/// succeeds for each fuzz target, where `fuzz/smoke` then runs them.
struct FakeCargo {
    dir: tempfile::TempDir,
}

impl FakeCargo {
    fn new() -> FakeCargo {
        let dir = tempfile::tempdir().expect("temp dir");
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).expect("mkdir");
        let cargo = bin.join("cargo");
        std::fs::write(
            &cargo,
            format!(
                "#!/bin/sh\n\
                 printf '%s|%s|%s|%s|%s\\n' \"${{INSTA_UPDATE-unset}}\" \"${{CI-unset}}\" \
                 \"${{DATELINE_UPDATE_SCHEMA-unset}}\" \"${{INSTA_FORCE_PASS-unset}}\" \"$*\" \
                 >> '{}'\n\
                 case \"$*\" in *'--profile smoke'*)\n\
                   bin=\"$CARGO_TARGET_DIR/$(rustc -vV | sed -n 's/^host: //p')/smoke\"\n\
                   mkdir -p \"$bin\"\n\
                   for t in {}; do printf '#!/bin/sh\\nexit 0\\n' > \"$bin/$t\"; chmod +x \"$bin/$t\"; done;;\n\
                 esac\n",
                dir.path().join("calls").display(),
                fuzz_targets().join(" ")
            ),
        )
        .expect("write");
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        FakeCargo { dir }
    }

    /// Runs `.ci/run` with `env` added to an environment free of the variables
    /// the script guards.
    fn run(&self, env: &[(&str, &str)]) -> Output {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/run");
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![self.dir.path().join("bin")];
        dirs.extend(std::env::split_paths(&path));
        let mut command = Command::new("bash");
        command
            .arg(script)
            .env("PATH", std::env::join_paths(dirs).expect("a PATH"))
            .env("CARGO_HOME", self.dir.path().join("cargo-home"))
            .env("CARGO_TARGET_DIR", self.dir.path().join("target"));
        for var in [
            "INSTA_UPDATE",
            "INSTA_FORCE_PASS",
            "DATELINE_UPDATE_SCHEMA",
            "CI",
        ] {
            command.env_remove(var);
        }
        command.envs(env.iter().copied());
        command.output().expect("bash runs")
    }

    /// The calls recorded, one per line.
    fn calls(&self) -> Vec<String> {
        // No file: nothing called cargo.
        std::fs::read_to_string(self.dir.path().join("calls"))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// The names of the fuzz targets (`fuzz/fuzz_targets/*.rs`).
fn fuzz_targets() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/fuzz_targets");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the fuzz targets")
        .filter_map(|e| {
            let path = e.expect("an entry").path();
            if path.extension()? != "rs" {
                return None;
            }
            Some(path.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn ci_refuses_an_environment_that_rewrites_snapshots_or_the_schema() {
    let refused = [
        ("INSTA_UPDATE", "always"),
        ("INSTA_UPDATE", "unseen"),
        ("INSTA_UPDATE", "new"),
        ("INSTA_UPDATE", "auto"),
        ("INSTA_UPDATE", ""),
        ("INSTA_FORCE_PASS", "1"),
        ("DATELINE_UPDATE_SCHEMA", "1"),
        // The schema test asks only whether the variable is set.
        ("DATELINE_UPDATE_SCHEMA", ""),
        ("DATELINE_UPDATE_SCHEMA", "0"),
    ];
    for (var, value) in refused {
        let cargo = FakeCargo::new();
        let out = cargo.run(&[(var, value)]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{var}={value}: {stderr}");
        assert!(
            stderr.contains(&format!("error: .ci/run refuses {var}={value}: ")),
            "{var}={value}: {stderr}"
        );
        assert_eq!(
            cargo.calls(),
            Vec::<String>::new(),
            "{var}={value}: no step ran"
        );
    }
}

#[test]
fn ci_runs_every_cargo_step_with_insta_update_no_and_ci_true() {
    for env in [&[][..], &[("INSTA_UPDATE", "no"), ("CI", "false")][..]] {
        let cargo = FakeCargo::new();
        let out = cargo.run(env);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{env:?}: {}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        let calls = cargo.calls();
        assert!(
            // `cargo xtask test`: cargo test --workspace, then the Python tests,
            // in the environment the script set.
            calls.iter().any(|c| c.ends_with("|xtask test")),
            "{env:?}: the tests ran: {calls:#?}"
        );
        for call in &calls {
            assert!(
                call.starts_with("no|true|unset|unset|"),
                "{env:?}: every step compares and never rewrites: {call}"
            );
        }
    }
}

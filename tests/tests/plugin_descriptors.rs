//! Libraries whose descriptor is wrong in one way each (`tests/plugins/c/descriptors.c`,
//! built here once per case): another document model version, only a later
//! ABI's entry symbol, no descriptor, a null entry point, bad names, a null or
//! inconsistent format list. The host refuses each with an error that names the
//! file and the cause, through its API and through the CLI; the same source
//! without a case is a plugin that works, so each refusal is that case's doing.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Output;

use dateline_export::Options;
use dateline_plugin::abi;
use dateline_plugin::host::{LoadError, Plugin};
use dateline_tests::artifacts::{cc, dateline_command};

const MODEL: u32 = dateline_core::MODEL_VERSION;

/// A broken descriptor: the fixture's `CASE_` name, whether the error is the
/// right variant, and the cause the message gives after the file name.
struct Case {
    name: &'static str,
    variant: fn(&LoadError) -> bool,
    cause: String,
}

fn cases() -> Vec<Case> {
    let invalid = |cause: &str| format!("invalid plugin: {cause}");
    let is_invalid: fn(&LoadError) -> bool = |e| matches!(e, LoadError::Invalid { .. });
    vec![
        Case {
            name: "MODEL_MISMATCH",
            variant: |e| {
                matches!(e, LoadError::ModelMismatch { expected, found, .. }
                    if *expected == MODEL && *found == MODEL + 1)
            },
            cause: format!(
                "document model mismatch: this dateline sends model version {MODEL}, the \
                 plugin reads version {}; rebuild the plugin",
                MODEL + 1
            ),
        },
        // The probe for later interface versions: a library that exports only
        // `dateline_plugin_v3` is a plugin of a newer ABI, not "not a plugin".
        Case {
            name: "NEWER_ABI_ONLY",
            variant: |e| {
                matches!(
                    e,
                    LoadError::AbiMismatch {
                        expected: abi::ABI_LATEST,
                        found: 3,
                        ..
                    }
                )
            },
            cause: format!(
                "plugin ABI mismatch: this dateline loads ABI version {}, the plugin has \
                 version 3",
                abi::ABI_LATEST
            ),
        },
        Case {
            name: "NULL_DESCRIPTOR",
            variant: is_invalid,
            cause: invalid("its entry function returned no descriptor"),
        },
        Case {
            name: "NULL_ENTRY_POINT",
            variant: is_invalid,
            cause: invalid("an entry point of its descriptor is null"),
        },
        Case {
            name: "NAME_NOT_UTF8",
            variant: is_invalid,
            cause: invalid("its name is not UTF-8"),
        },
        Case {
            name: "NAME_NOT_ALLOWED",
            variant: is_invalid,
            cause: invalid("its name \"Bad Name\" is not lower-case letters, digits"),
        },
        Case {
            name: "NULL_FORMAT_LIST",
            variant: is_invalid,
            cause: invalid("its format list is null"),
        },
        Case {
            name: "DUPLICATE_FORMAT",
            variant: is_invalid,
            cause: invalid("it lists format `lines` twice"),
        },
        Case {
            name: "UNKNOWN_KIND",
            variant: is_invalid,
            cause: invalid("format `lines` has an unknown kind 7"),
        },
    ]
}

/// Builds the fixture with `case` (or none) into `dir`, as
/// `libdescriptors_<case>.so` (the name tells the errors apart).
fn build(dir: &Path, case: Option<&str>) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("plugins/c/descriptors.c");
    let library = dir.join(format!(
        "{}descriptors_{}{}",
        std::env::consts::DLL_PREFIX,
        case.unwrap_or("valid").to_lowercase(),
        std::env::consts::DLL_SUFFIX
    ));
    let model = format!("-DMODEL_VERSION={MODEL}");
    let case = case.map(|c| format!("-DCASE_{c}"));
    let mut args = vec![
        "-shared",
        "-fPIC",
        model.as_str(),
        source.to_str().expect("utf-8"),
        "-o",
        library.to_str().expect("utf-8"),
    ];
    args.extend(case.as_deref());
    cc(&args);
    library
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

/// `dateline ARGS` seeing no plugin but those the arguments name.
fn dateline(home: &Path, args: &[&str]) -> Output {
    dateline_command(home)
        .args(args)
        .output()
        .expect("dateline runs")
}

#[test]
fn the_fixture_without_a_case_is_a_working_plugin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plugin = Plugin::load(&build(dir.path(), None)).expect("the control loads");
    // A version 1 plugin (the v1 header types, the v1 symbol) still loads.
    assert_eq!(plugin.abi_version(), abi::ABI_VERSION);
    assert_eq!(plugin.name(), "descriptors");
    let names: Vec<&str> = plugin.formats().iter().map(|f| f.name.as_ref()).collect();
    assert_eq!(names, ["lines"]);
    let seed = dateline_tests::seed();
    let article = dateline_core::parse(&seed).expect("the seed parses");
    let mut exporter = plugin.exporter(0, &Options::new()).expect("creates");
    let mut out = Vec::new();
    exporter.begin(&mut out).expect("begin");
    exporter.article(&mut out, &article).expect("article");
    exporter.article(&mut out, &article).expect("article");
    exporter.end(&mut out).expect("end");
    assert_eq!(text(&out), "article\narticle\n");
}

#[test]
fn each_broken_descriptor_is_refused_naming_the_file_and_the_cause() {
    let dir = tempfile::tempdir().expect("temp dir");
    for case in cases() {
        let library = build(dir.path(), Some(case.name));
        let err = Plugin::load(&library).expect_err(case.name);
        assert!((case.variant)(&err), "{}: {err:?}", case.name);
        let message = err.to_string();
        assert!(
            message.starts_with(&format!("{}: {}", library.display(), case.cause)),
            "{}: {message}",
            case.name
        );
    }
}

#[test]
fn cli_refuses_each_broken_descriptor_naming_the_file_and_the_cause() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seed = dateline_tests::seed_path();
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).expect("mkdir");
    let control = build(&plugins, None);
    let built: Vec<(Case, PathBuf)> = cases()
        .into_iter()
        .map(|case| {
            let library = build(&plugins, Some(case.name));
            (case, library)
        })
        .collect();
    for (case, library) in &built {
        // Named with --plugin: fatal (exit 2), nothing written.
        let out = dateline(
            dir.path(),
            &["--plugin", s(library), "convert", s(&seed), "--to", "jsonl"],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {stderr}", case.name);
        assert!(
            stderr.contains(&format!("error: {}: {}", s(library), case.cause)),
            "{}: {stderr}",
            case.name
        );
        assert!(out.stdout.is_empty(), "{}", case.name);
    }

    // Found in a directory: a warning for each broken library, and the run goes
    // on with the one that works.
    let out = dateline(
        dir.path(),
        &[
            "--plugin-dir",
            s(&plugins),
            "convert",
            s(&seed),
            "--to",
            "lines",
            "-q",
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(text(&out.stdout), "article\n");
    for (case, library) in &built {
        assert!(
            stderr.contains(&format!(
                "warning: plugin skipped (--plugin-dir): {}: {}",
                s(library),
                case.cause
            )),
            "{}: {stderr}",
            case.name
        );
    }

    // `plugins --json` lists each library: loaded, or failed with its error.
    let out = dateline(
        dir.path(),
        &["plugins", "--json", "--plugin-dir", s(&plugins)],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let listed = report["plugins"].as_array().expect("plugins");
    assert_eq!(listed.len(), built.len() + 1);
    let entry = |library: &Path| {
        listed
            .iter()
            .find(|e| e["path"] == s(library))
            .unwrap_or_else(|| panic!("{} listed", library.display()))
    };
    assert_eq!(entry(&control)["status"], "loaded");
    for (case, library) in &built {
        let entry = entry(library);
        assert_eq!(entry["status"], "failed", "{entry}");
        let error = entry["error"].as_str().expect("an error");
        assert!(
            error.starts_with(&format!("{}: {}", s(library), case.cause)),
            "{}: {error}",
            case.name
        );
    }
}

// ------------------------------------------------ version 2, in C

/// Builds `plugins/c/records_v2.c` with `case` (or none) into `dir`.
fn build_v2(dir: &Path, case: Option<&str>) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("plugins/c/records_v2.c");
    let library = dir.join(format!(
        "{}records_v2_{}{}",
        std::env::consts::DLL_PREFIX,
        case.unwrap_or("valid").to_lowercase(),
        std::env::consts::DLL_SUFFIX
    ));
    let model = format!("-DMODEL_VERSION={MODEL}");
    let case = case.map(|c| format!("-DCASE_{c}"));
    let mut args = vec![
        "-shared",
        "-fPIC",
        model.as_str(),
        source.to_str().expect("utf-8"),
        "-o",
        library.to_str().expect("utf-8"),
    ];
    args.extend(case.as_deref());
    cc(&args);
    library
}

/// Five records through a C plugin's record format, in batches of two: the
/// plugin sees three batches through the C Data Interface, whether it takes
/// and releases each array itself or leaves it to the host (a double release
/// or a leak of the host's would crash or show under a sanitizer).
#[test]
fn a_c_plugin_of_abi_2_gets_record_batches_and_either_side_releases_them() {
    use dateline_export::record::Record;

    let dir = tempfile::tempdir().expect("temp dir");
    let seed = dateline_tests::seed();
    let article = dateline_core::parse(&seed)
        .expect("the seed parses")
        .with_id("seed");
    let record = Record::new(&article, Some("seed.txt"), None, &Options::new());
    for case in [None, Some("LEAVE_ARRAY")] {
        let plugin = Plugin::load(&build_v2(dir.path(), case))
            .expect("the v2 C plugin loads")
            .with_batch_limits(2, usize::MAX);
        assert_eq!(plugin.abi_version(), abi::ABI_VERSION_2);
        assert_eq!(plugin.formats()[0].input, dateline_export::Input::Record);
        let mut writer = plugin.record_writer(0, &Options::new()).expect("a writer");
        let mut out = Vec::new();
        writer.begin(&mut out).expect("begin");
        for _ in 0..5 {
            writer.record(&mut out, &record).expect("a record");
        }
        writer.end(&mut out).expect("end");
        assert_eq!(
            text(&out),
            "begin\nrows 2\nrows 2\nrows 1\nend\n",
            "{case:?}"
        );
    }
}

#[test]
fn broken_abi_2_descriptors_are_refused_naming_the_file_and_the_cause() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [
        Case {
            name: "RECORD_MISMATCH",
            variant: |e| {
                matches!(
                    e,
                    LoadError::RecordMismatch {
                        expected: 1,
                        found: 2,
                        ..
                    }
                )
            },
            cause: "record version mismatch: this dateline sends record version 1, the plugin \
                    reads version 2"
                .to_owned(),
        },
        Case {
            name: "NULL_BATCH",
            variant: |e| matches!(e, LoadError::Invalid { .. }),
            cause: "invalid plugin: format `rows` writes records, but its `batch` entry point \
                    is null"
                .to_owned(),
        },
        Case {
            name: "UNKNOWN_INPUT",
            variant: |e| matches!(e, LoadError::Invalid { .. }),
            cause: "invalid plugin: format `rows` has an unknown input 5".to_owned(),
        },
    ];
    for Case {
        name: case,
        variant,
        cause,
    } in cases
    {
        let library = build_v2(dir.path(), Some(case));
        let err = Plugin::load(&library).expect_err(case);
        assert!(variant(&err), "{case}: {err:?}");
        let message = err.to_string();
        assert!(
            message.starts_with(&format!("{}: {cause}", library.display())),
            "{case}: {message}"
        );
        // Through the CLI: a clear error, exit status 2, no crash.
        let out = dateline(
            dir.path(),
            &[
                "--plugin",
                s(&library),
                "convert",
                s(&dateline_tests::seed_path()),
                "--to",
                "jsonl",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{case}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(&cause),
            "{case}: {}",
            text(&out.stderr)
        );
    }
}

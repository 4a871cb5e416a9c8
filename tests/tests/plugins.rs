//! Plugins loaded at run time: through the host API (dateline-plugin's `host`)
//! and through the CLI, with fixtures that misbehave in every way the host must
//! survive: a wrong ABI version, a library that is not a plugin, a file that is
//! not a library, a truncated library, a plugin that fails and one that panics
//! at each entry point.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use dateline_export::{ArticleLinks, ExportError, Exporter, Kind, Options, OutletRef, Registry};
use dateline_plugin::abi;
use dateline_plugin::host::{LoadError, Plugin};
use dateline_tests::artifacts::{dateline_command, plugin_library};

mod common;

fn echo() -> PathBuf {
    plugin_library("dateline_test_plugin_echo")
}

fn misbehaving() -> PathBuf {
    plugin_library("dateline_test_plugin_misbehaving")
}

fn abi_v2() -> PathBuf {
    plugin_library("dateline_test_plugin_abi_v2")
}

fn not_a_plugin() -> PathBuf {
    plugin_library("dateline_test_plugin_not_a_plugin")
}

/// A real plugin, of a real plugin's size (several megabytes).
fn citations() -> PathBuf {
    plugin_library("dateline_citations")
}

/// The lengths a truncated copy of `library` is cut to: inside the ELF header's
/// neighbourhood, inside the program headers' and the first pages, far into the
/// segments, and half the file.
fn truncation_lengths(library: &Path) -> [u64; 5] {
    let len = std::fs::metadata(library)
        .expect("the library exists")
        .len();
    assert!(len > 200_000, "{}: {len} bytes", library.display());
    [64, 1000, 5000, 100_000, len / 2]
}

/// The first `len` bytes of `library`, as `dir/libcut<len>.so`.
fn truncated_copy(library: &Path, dir: &Path, len: u64) -> PathBuf {
    let bytes = std::fs::read(library).expect("read the library");
    let len = usize::try_from(len).expect("a small length");
    let path = dir.join(format!("libcut{len}.so"));
    std::fs::write(&path, &bytes[..len]).expect("write the truncated copy");
    path
}

fn seed_article() -> dateline_core::Article<'static> {
    let text: &'static str = Box::leak(dateline_tests::seed().into_boxed_str());
    dateline_core::parse(text)
        .expect("the seed parses")
        .with_id("000_4e9296dd8dfcdc21")
}

/// Runs a whole document through an exporter: begin, the articles, end.
fn export(
    exporter: &mut dyn Exporter,
    articles: &[dateline_core::Article<'_>],
) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    exporter.begin(&mut out)?;
    for article in articles {
        exporter.article(&mut out, article)?;
    }
    exporter.end(&mut out)?;
    Ok(out)
}

// ---------------------------------------------------------------- host API

#[test]
fn a_plugin_describes_itself() {
    let plugin = Plugin::load(&echo()).expect("the echo fixture loads");
    assert_eq!(plugin.name(), "echo");
    assert_eq!(plugin.version(), "1.2.3");
    // Built with export_plugin!: the newest interface.
    assert_eq!(plugin.abi_version(), abi::ABI_VERSION_2);
    assert_eq!(plugin.path(), echo());
    let names: Vec<&str> = plugin.formats().iter().map(|f| f.name.as_ref()).collect();
    assert_eq!(names, ["echo", "csv"]);
    let echo = &plugin.formats()[0];
    assert_eq!(echo.kind, Kind::Stream);
    assert_eq!(echo.extension, "txt");
    assert_eq!(echo.media_type, "text/plain");
    assert_eq!(echo.description, "Test fixture: headlines, one per line");
}

#[test]
fn a_plugin_exporter_writes_through_the_host() {
    let plugin = Plugin::load(&echo()).expect("loads");
    let mut exporter = plugin
        .exporter(0, &Options::new().raw(true))
        .expect("creates");
    assert!(
        exporter.independent_articles(),
        "the flag crosses the boundary"
    );
    let out = export(exporter.as_mut(), &[seed_article(), seed_article()]).expect("exports");
    let title = seed_article().title.to_string();
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        format!(
            "begin raw=Some(true)\n000_4e9296dd8dfcdc21\t{title}\t-\n000_4e9296dd8dfcdc21\t{title}\t-\nend\n"
        ),
        "options reach the plugin; every article arrives whole"
    );
    // An exporter may begin a second document after the first.
    let again = export(exporter.as_mut(), &[]).expect("a second document");
    assert_eq!(again, b"begin raw=Some(true)\nend\n");
}

#[test]
fn links_computed_by_the_host_reach_the_plugin() {
    let plugin = Plugin::load(&echo()).expect("loads");
    let options = Options::new().links(|article: &dateline_core::Article<'_>| ArticleLinks {
        outlet: Some(
            OutletRef {
                id: "hngn".to_owned(),
                name: format!("Outlet of {}", article.url),
                domain: "hngn.com".to_owned(),
                homepage: "https://hngn.com/".to_owned(),
            }
            .into(),
        ),
        ..ArticleLinks::default()
    });
    let mut exporter = plugin.exporter(0, &options).expect("creates");
    let out = String::from_utf8(export(exporter.as_mut(), &[seed_article()]).expect("exports"))
        .expect("utf-8");
    let line = out.lines().nth(1).expect("an article line");
    assert!(
        line.ends_with(&format!("\tOutlet of {}", seed_article().url)),
        "{line}"
    );
}

/// What the CLI does with a format whose articles are independent: one exporter
/// per worker thread, several alive and called at once. Four threads step
/// through their articles together (a barrier between calls): three exporters
/// of the echo plugin with their own options, and one of the misbehaving plugin
/// that panics on every article. Each document comes out whole and alone; the
/// panics stay in their exporter.
#[test]
fn exporters_run_at_once_on_several_threads() {
    const STEPS: usize = 50;
    let echo = Plugin::load(&echo()).expect("loads");
    let misbehaving = Plugin::load(&misbehaving()).expect("loads");
    let panicking = misbehaving
        .formats()
        .iter()
        .position(|f| f.name == "panic-article")
        .expect("the fixture has the format");
    let seed = dateline_tests::seed();
    let barrier = std::sync::Barrier::new(4);
    let outputs: Vec<(Vec<u8>, Vec<String>)> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..4)
            .map(|thread| {
                let (echo, misbehaving, seed, barrier) = (&echo, &misbehaving, &seed, &barrier);
                scope.spawn(move || {
                    // Never panic before the last step: the others would wait
                    // at the barrier for ever. Errors are collected instead.
                    let mut errors = Vec::new();
                    let mut out = Vec::new();
                    let made = if thread == 1 {
                        echo.exporter(0, &Options::new().raw(true))
                    } else if thread < 3 {
                        echo.exporter(0, &Options::new())
                    } else {
                        misbehaving.exporter(panicking, &Options::new())
                    };
                    let mut exporter = match made {
                        Ok(exporter) => Some(exporter),
                        Err(e) => {
                            errors.push(e.to_string());
                            None
                        }
                    };
                    if let Some(exporter) = exporter.as_mut()
                        && let Err(e) = exporter.begin(&mut out)
                    {
                        errors.push(e.to_string());
                    }
                    for step in 0..STEPS {
                        let article = dateline_core::parse(seed)
                            .map(|a| a.with_id(format!("t{thread}-{step}")));
                        barrier.wait();
                        match (exporter.as_mut(), article) {
                            (Some(exporter), Ok(article)) => {
                                if let Err(e) = exporter.article(&mut out, &article) {
                                    errors.push(e.to_string());
                                }
                            }
                            (_, Err(e)) => errors.push(e.to_string()),
                            (None, _) => {}
                        }
                    }
                    if let Some(exporter) = exporter.as_mut()
                        && let Err(e) = exporter.end(&mut out)
                    {
                        errors.push(e.to_string());
                    }
                    (out, errors)
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().expect("no panic reaches the host"))
            .collect()
    });
    let title = seed_article().title.to_string();
    for (thread, (out, errors)) in outputs.iter().take(3).enumerate() {
        assert!(errors.is_empty(), "thread {thread}: {errors:?}");
        let raw = if thread == 1 { "Some(true)" } else { "None" };
        let mut want = format!("begin raw={raw}\n");
        for step in 0..STEPS {
            want.push_str(&format!("t{thread}-{step}\t{title}\t-\n"));
        }
        want.push_str("end\n");
        assert_eq!(text(out), want, "thread {thread}");
    }
    let (out, errors) = &outputs[3];
    assert_eq!(text(out), "begin\nend\n", "the panicking exporter");
    assert_eq!(errors.len(), STEPS, "{errors:?}");
    assert!(
        errors
            .iter()
            .all(|e| e.contains("the plugin panicked: panicked on \"Macron")),
        "{errors:?}"
    );
}

#[test]
fn plugin_formats_register_beside_the_builtins() {
    let plugin = Plugin::load(&echo()).expect("loads");
    let mut registry = Registry::with_builtins();
    registry
        .register(plugin.formats()[0].clone(), plugin.factory(0))
        .expect("echo is a free name");
    let clash = registry.register(plugin.formats()[1].clone(), plugin.factory(1));
    assert!(clash.is_err(), "a plugin cannot shadow the built-in csv");
    let mut exporter = registry
        .create("echo", &Options::new())
        .expect("created by name");
    let out = export(exporter.as_mut(), &[seed_article()]).expect("exports");
    assert!(out.starts_with(b"begin raw=None\n"));
}

/// The fixture exports the version 1 symbol with a descriptor that says 2:
/// the symbol decides the layout, and a descriptor of another version behind
/// it is refused before anything else is read.
#[test]
fn a_wrong_abi_version_is_refused_with_both_versions() {
    let err = Plugin::load(&abi_v2()).expect_err("version 2 behind the v1 symbol is refused");
    assert!(
        matches!(
            err,
            LoadError::AbiMismatch {
                expected: 1,
                found: 2,
                ..
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.starts_with(&abi_v2().display().to_string()),
        "{message}"
    );
    assert!(
        message.contains("ABI version 1, the plugin has version 2"),
        "{message}"
    );
}

#[test]
fn a_library_without_the_entry_symbol_is_not_a_plugin() {
    let err = Plugin::load(&not_a_plugin()).expect_err("refused");
    assert!(matches!(err, LoadError::NotAPlugin { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("not a dateline plugin"), "{message}");
    assert!(message.contains(abi::ENTRY_SYMBOL), "{message}");
    assert!(message.contains(abi::ENTRY_SYMBOL_V2), "{message}");
}

#[test]
fn files_that_are_not_libraries_fail_to_load_with_the_loaders_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = dir.path().join("libfake.so");
    std::fs::write(&fake, "not a library").expect("write");
    let cases: [(PathBuf, &str); 3] = [
        (fake.clone(), "failed to load"),
        (dir.path().join("missing.so"), "failed to load"),
        (dir.path().to_path_buf(), "not a file"),
    ];
    for (path, expected) in cases {
        let err = Plugin::load(&path).expect_err("refused");
        assert!(matches!(err, LoadError::Open { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains(expected), "{message}");
    }
}

/// The system loader maps a truncated library's segments past the end of the
/// file and the process dies of SIGBUS on first touch: the host refuses such a
/// file before the loader sees it, with an error naming it.
#[test]
fn a_truncated_library_is_refused_before_the_loader_maps_it() {
    let library = citations();
    let dir = tempfile::tempdir().expect("temp dir");
    for len in truncation_lengths(&library) {
        let cut = truncated_copy(&library, dir.path(), len);
        let err = Plugin::load(&cut).expect_err("a truncated library is refused");
        assert!(
            matches!(err, LoadError::Incomplete { .. }),
            "{len}: {err:?}"
        );
        let message = err.to_string();
        assert!(
            message.starts_with(&format!(
                "{}: not a complete shared library: ",
                cut.display()
            )),
            "{len}: {message}"
        );
        assert!(
            message.ends_with("; the file may be truncated: copy it again"),
            "{len}: {message}"
        );
    }
    // The whole file still loads.
    let plugin = Plugin::load(&library).expect("the complete library loads");
    assert_eq!(plugin.name(), "citations");
}

/// The segment check itself: with no section headers (which the loader does not
/// need, and whose absence lets the headers parse), a complete file loads and a
/// truncated one is refused for the segment that runs past its end.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
#[test]
fn a_segment_past_the_end_of_the_file_is_named() {
    let mut bytes = std::fs::read(citations()).expect("read the library");
    assert_eq!(&bytes[..5], b"\x7fELF\x02", "a 64-bit ELF file");
    // e_shoff (8 bytes at 0x28), e_shnum and e_shstrndx (2 bytes each at 0x3c
    // and 0x3e): no section headers.
    bytes[0x28..0x30].fill(0);
    bytes[0x3c..0x40].fill(0);
    let dir = tempfile::tempdir().expect("temp dir");
    let whole = dir.path().join("libwhole.so");
    std::fs::write(&whole, &bytes).expect("write");
    let plugin = Plugin::load(&whole).expect("a complete library without section headers loads");
    assert_eq!(plugin.name(), "citations");

    // Cut inside the loadable segments (a debug build's second half is mostly
    // debug information, which is not loaded): half-way to the end of the last
    // PT_LOAD segment.
    let field = |at: usize, size: usize| {
        let mut le = [0u8; 8];
        le[..size].copy_from_slice(&bytes[at..at + size]);
        usize::try_from(u64::from_le_bytes(le)).expect("fits")
    };
    let (phoff, phentsize, phnum) = (field(0x20, 8), field(0x36, 2), field(0x38, 2));
    let loaded_end = (0..phnum)
        .map(|i| phoff + i * phentsize)
        .filter(|&ph| field(ph, 4) == 1) // PT_LOAD
        .map(|ph| field(ph + 8, 8) + field(ph + 32, 8)) // p_offset + p_filesz
        .max()
        .expect("loadable segments");
    let half = loaded_end / 2;
    let cut = dir.path().join("libhalf.so");
    std::fs::write(&cut, &bytes[..half]).expect("write");
    let err = Plugin::load(&cut).expect_err("refused");
    let message = err.to_string();
    assert!(matches!(err, LoadError::Incomplete { .. }), "{err:?}");
    assert!(message.starts_with(&cut.display().to_string()), "{message}");
    assert!(
        message.contains("not a complete shared library: segment at offset "),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            " bytes runs past the end of the file ({half} bytes); the file may be truncated"
        )),
        "{message}"
    );
}

/// Each format of the misbehaving fixture and the cause the host reports for it.
const MISBEHAVIOUR: [(&str, &str); 6] = [
    (
        "panic-create",
        "the plugin panicked: panicked in create on purpose",
    ),
    (
        "fail-create",
        "the plugin returned an error: cannot start on purpose",
    ),
    (
        "panic-begin",
        "the plugin panicked: panicked in begin on purpose",
    ),
    ("panic-article", "the plugin panicked: panicked on \"Macron"),
    (
        "panic-end",
        "the plugin panicked: panicked in end on purpose",
    ),
    (
        "fail-article",
        "the plugin returned an error: refused \"Macron",
    ),
];

/// Each misbehaving format, and the error the host must turn it into.
#[test]
fn plugin_errors_and_panics_become_errors_never_aborts() {
    let plugin = Plugin::load(&misbehaving()).expect("loads");
    let index = |name: &str| {
        plugin
            .formats()
            .iter()
            .position(|f| f.name == name)
            .expect("the fixture has the format")
    };
    let create = |name: &str| plugin.exporter(index(name), &Options::new());

    let lib = misbehaving();
    let err = create("panic-create").err().expect("create panics");
    assert_eq!(
        err.to_string().split(" (at ").next(),
        Some(
            format!(
                "format `panic-create` of plugin `misbehaving` ({}) failed: the plugin \
                 panicked: panicked in create on purpose",
                lib.display()
            )
            .as_str()
        )
    );
    assert!(
        err.to_string().contains("misbehaving/src/lib.rs"),
        "the location: {err}"
    );

    let article = seed_article();
    for (name, cause) in MISBEHAVIOUR {
        // Failing in create or in the document: an error either way, naming
        // the format, the plugin and its file, and the exporter (if made) is
        // dropped without harm.
        let err = create(name)
            .and_then(|mut exporter| export(exporter.as_mut(), std::slice::from_ref(&article)))
            .expect_err("the document fails");
        let failure = match &err {
            ExportError::Other(e) => e.downcast_ref::<dateline_plugin::host::PluginFailure>(),
            _ => None,
        };
        assert!(
            failure.is_some_and(|f| f.format == name && f.plugin == "misbehaving" && f.path == lib),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.starts_with(&format!(
                "format `{name}` of plugin `misbehaving` ({}) failed: {cause}",
                lib.display()
            )),
            "{name}: {message}"
        );
    }
}

/// A host write error stops the plugin and comes back as the I/O error it was.
#[test]
fn a_write_error_in_the_host_is_the_error_returned() {
    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "disk full",
            ))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let plugin = Plugin::load(&echo()).expect("loads");
    let mut exporter = plugin.exporter(0, &Options::new()).expect("creates");
    let err = exporter.begin(&mut Full).expect_err("the write fails");
    assert_eq!(
        err.io_kind(),
        Some(std::io::ErrorKind::StorageFull),
        "{err:?}"
    );
}

/// The interface constants a C plugin relies on.
#[test]
fn the_abi_is_what_the_docs_say() {
    assert_eq!(abi::ABI_VERSION, 1);
    assert_eq!(abi::ENTRY_SYMBOL, "dateline_plugin_v1");
    assert_eq!(std::mem::offset_of!(abi::PluginDescriptor, abi_version), 0);
    assert_eq!((abi::ABI_VERSION_2, abi::ABI_LATEST), (2, 2));
    assert_eq!(abi::ENTRY_SYMBOL_V2, "dateline_plugin_v2");
    assert_eq!(
        std::mem::offset_of!(abi::PluginDescriptorV2, abi_version),
        0
    );
    assert_eq!((abi::INPUT_ARTICLE, abi::INPUT_RECORD), (0, 1));
    assert_eq!(
        (abi::STATUS_OK, abi::STATUS_ERROR, abi::STATUS_PANIC),
        (0, 1, 2)
    );
    assert_eq!((abi::KIND_STREAM, abi::KIND_PAGE), (0, 1));
}

// ---------------------------------------------------------------- CLI

/// Runs `dateline` with a private, empty data directory (so the user's plugins
/// never leak into a test) and no DATELINE_PLUGIN_PATH.
fn dateline(args: &[&str], cwd: Option<&Path>, env: &[(&str, &Path)]) -> Output {
    let home = tempfile::tempdir().expect("temp home");
    let mut command = dateline_command(home.path());
    command.args(args);
    if let Some(cwd) = cwd {
        command.current_dir(cwd);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("dateline runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn cli_uses_a_plugin_format_like_a_builtin() {
    let seed = dateline_tests::seed_path();
    let echo = echo();
    // The global flag, before and after the subcommand.
    for args in [
        vec![
            "--plugin",
            s(&echo),
            "convert",
            s(&seed),
            "--to",
            "echo",
            "-q",
        ],
        vec![
            "convert",
            s(&seed),
            "--to",
            "echo",
            "--plugin",
            s(&echo),
            "-q",
        ],
    ] {
        let out = dateline(&args, None, &[]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(
            stdout.starts_with("begin raw=None\n000_4e9296dd8dfcdc21\tMacron Heads"),
            "{stdout}"
        );
        assert!(stdout.ends_with("\nend\n"), "{stdout}");
    }
}

/// Ten batches of the pipeline, of uneven weight, on one worker and on four:
/// several plugin exporters (one per batch) run at once, and their articles
/// still come out in input order.
#[test]
fn cli_plugin_output_does_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = common::uneven_corpus(dir.path(), 10);
    let echo = echo();
    let run = |jobs: &str| {
        let out = dateline(
            &[
                "--plugin",
                s(&echo),
                "convert",
                s(&corpus.dir),
                "--to",
                "echo",
                "-q",
                "-j",
                jobs,
            ],
            None,
            &[],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        out.stdout
    };
    let one = run("1");
    let four = run("4");
    let written: Vec<&str> = std::str::from_utf8(&four).expect("utf-8").lines().collect();
    assert_eq!(written.first(), Some(&"begin raw=None"));
    assert_eq!(written.last(), Some(&"end"));
    let order: Vec<&str> = written[1..written.len() - 1]
        .iter()
        .map(|line| line.split('\t').next().unwrap_or_default())
        .collect();
    assert!(
        order == corpus.ids,
        "every article once, in input order (-j4)"
    );
    assert!(one == four, "-j1 and -j4 write the same bytes");
}

#[test]
fn cli_lists_plugin_formats_and_plugins_with_their_origin() {
    let echo = echo();
    let out = dateline(&["formats", "--json", "--plugin", s(&echo)], None, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let formats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let formats = formats.as_array().expect("an array");
    let find = |name: &str| {
        formats
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("{name} listed"))
    };
    assert_eq!(find("jsonl")["source"], "builtin");
    let plugin_echo = find("echo");
    assert_eq!(plugin_echo["source"], "plugin");
    assert_eq!(plugin_echo["plugin"], "echo");
    assert_eq!(plugin_echo["version"], "1.2.3");
    assert_eq!(plugin_echo["path"], s(&echo));
    // The clash: `csv` stays built in; the plugin's is `echo:csv`.
    assert_eq!(find("csv")["source"], "builtin");
    let clashing = find("echo:csv");
    assert_eq!(clashing["shadowed_by"], "the built-in format");

    let out = dateline(&["plugins", "--json", "--plugin", s(&echo)], None, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let plugins = report["plugins"].as_array().expect("plugins");
    assert_eq!(plugins.len(), 1);
    assert_eq!(plugins[0]["status"], "loaded");
    assert_eq!(plugins[0]["name"], "echo");
    assert_eq!(plugins[0]["abi"], 2);
    assert_eq!(plugins[0]["found"], "flag");
    assert_eq!(plugins[0]["formats"], serde_json::json!(["echo", "csv"]));
}

#[test]
fn cli_name_clash_builtin_wins_unless_qualified() {
    let seed = dateline_tests::seed_path();
    let echo = echo();
    let out = dateline(
        &[
            "--plugin",
            s(&echo),
            "convert",
            s(&seed),
            "--to",
            "csv",
            "-q",
        ],
        None,
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("id,path,title,date,url"),
        "the built-in csv"
    );
    assert!(
        text(&out.stderr).contains("`--to echo:csv` is the plugin's"),
        "the clash is reported: {}",
        text(&out.stderr)
    );
    let out = dateline(
        &[
            "--plugin",
            s(&echo),
            "convert",
            s(&seed),
            "--to",
            "echo:csv",
            "-q",
        ],
        None,
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("begin"), "the plugin's csv");
}

#[test]
fn cli_reports_each_kind_of_plugin_failure_naming_the_file() {
    let seed = dateline_tests::seed_path();
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = dir.path().join("libfake.so");
    std::fs::write(&fake, "not a library").expect("write");
    for (library, cause) in [
        (
            abi_v2(),
            "plugin ABI mismatch: this dateline loads ABI version 1, the plugin has version 2",
        ),
        (not_a_plugin(), "not a dateline plugin"),
        (fake, "failed to load"),
    ] {
        let out = dateline(
            &[
                "--plugin",
                s(&library),
                "convert",
                s(&seed),
                "--to",
                "jsonl",
                "-q",
            ],
            None,
            &[],
        );
        assert_eq!(
            out.status.code(),
            Some(2),
            "a named plugin that fails is fatal"
        );
        let stderr = text(&out.stderr);
        assert!(stderr.contains(s(&library)), "{stderr}");
        assert!(stderr.contains(cause), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn cli_plugin_errors_and_panics_fail_the_output_not_the_process() {
    let seed = dateline_tests::seed_path();
    let lib = misbehaving();
    let dir = tempfile::tempdir().expect("temp dir");
    for (format, cause) in MISBEHAVIOUR {
        let target = dir.path().join(format!("{format}.txt"));
        let out = dateline(
            &[
                "--plugin",
                s(&lib),
                "convert",
                s(&seed),
                "--to",
                format,
                "-o",
                s(&target),
            ],
            None,
            &[],
        );
        let stderr = text(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(3),
            "{format}: a failed run, not a bad input: {stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "format `{format}` of plugin `misbehaving` ({}) failed: {cause}",
                lib.display()
            )),
            "{stderr}"
        );
        assert!(
            !stderr.contains("stack backtrace"),
            "no panic noise: {stderr}"
        );
        assert!(
            !target.exists(),
            "{format}: a failed output is not left behind"
        );
    }
}

/// A plugin that fails on one article in the middle of a corpus of several
/// batches on several workers: a failed run (3), the message names the
/// format and the plugin (no input is blamed as if it were bad), and no
/// output file is left, neither partial nor empty, nor a temporary one.
#[test]
fn cli_a_plugin_failing_mid_corpus_fails_the_run_and_leaves_no_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = common::uneven_corpus(dir.path(), 4);
    let lib = misbehaving();
    for format in ["fail-late", "panic-article"] {
        let out_dir = dir.path().join(format!("out-{format}"));
        std::fs::create_dir(&out_dir).expect("mkdir");
        let target = out_dir.join("corpus.txt");
        let args = [
            "--plugin",
            s(&lib),
            "convert",
            s(&corpus.dir),
            "--to",
            format,
            "-j",
            "4",
            "-o",
            s(&target),
        ];
        let out = dateline(&args, None, &[]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{format}: {stderr}");
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
        assert_eq!(errors.len(), 1, "{format}: one error: {stderr}");
        assert!(
            errors[0].starts_with(&format!(
                "error: format `{format}` of plugin `misbehaving` ({}) failed: ",
                lib.display()
            )),
            "{format}: {stderr}"
        );
        assert!(
            !stderr.contains(&format!("error: {}", s(&corpus.dir))),
            "{format}: no input blamed: {stderr}"
        );
        let left: Vec<_> = std::fs::read_dir(&out_dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert!(left.is_empty(), "{format}: nothing left behind: {left:?}");

        // To standard output: what was written cannot be taken back, but the
        // run fails the same way.
        let out = dateline(&args[..args.len() - 2], None, &[]);
        assert_eq!(
            out.status.code(),
            Some(3),
            "{format}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn cli_finds_plugins_in_directories_but_never_the_current_one() {
    let seed = dateline_tests::seed_path();
    let dir = tempfile::tempdir().expect("temp dir");
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).expect("mkdir");
    std::fs::copy(echo(), plugins.join("libecho.so")).expect("copy");
    // A broken library in the same directory is a warning, not a failure.
    std::fs::copy(abi_v2(), plugins.join("libold.so")).expect("copy");
    let convert = ["convert", s(&seed), "--to", "echo", "-q"];

    let with_dir: Vec<&str> = ["--plugin-dir", s(&plugins)]
        .iter()
        .chain(&convert)
        .copied()
        .collect();
    let out = dateline(&with_dir, None, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("begin"));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warning: plugin skipped (--plugin-dir)"),
        "{stderr}"
    );
    assert!(stderr.contains("libold.so"), "{stderr}");

    let out = dateline(&convert, None, &[("DATELINE_PLUGIN_PATH", &plugins)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("begin"),
        "found through DATELINE_PLUGIN_PATH"
    );

    // The user's data directory is a default plugin directory.
    let data = dir.path().join("data");
    let user_plugins = data.join("dateline").join("plugins");
    std::fs::create_dir_all(&user_plugins).expect("mkdir");
    std::fs::copy(echo(), user_plugins.join("libecho.so")).expect("copy");
    let out = dateline(&convert, None, &[("XDG_DATA_HOME", &data)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("begin"),
        "found in the data directory"
    );

    // A plugin in the current directory is not loaded unless named.
    let out = dateline(&convert, Some(&plugins), &[]);
    assert_eq!(out.status.code(), Some(2), "echo is unknown here");
    assert!(
        text(&out.stderr).contains("unknown format `echo`"),
        "{}",
        text(&out.stderr)
    );

    // `plugins` lists the failure, and exits 1 because of it.
    let out = dateline(&["plugins", "--plugin-dir", s(&plugins)], None, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("FAILED"), "{stdout}");
    assert!(stdout.contains("echo 1.2.3 (ABI 2): echo, csv"), "{stdout}");
}

#[test]
fn cli_refuses_a_truncated_library_naming_the_file() {
    let seed = dateline_tests::seed_path();
    let library = citations();
    let dir = tempfile::tempdir().expect("temp dir");
    for len in truncation_lengths(&library) {
        let cut = truncated_copy(&library, dir.path(), len);
        // Named: fatal, exit 2, and no crash (a signal would leave no code).
        let out = dateline(&["--plugin", s(&cut), "formats"], None, &[]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{len}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "error: {}: not a complete shared library: ",
                s(&cut)
            )),
            "{len}: {stderr}"
        );
        assert!(stderr.contains("may be truncated"), "{len}: {stderr}");
        assert!(out.stdout.is_empty(), "{len}");

        // Found in a directory: a warning, and the command goes on.
        let plugins = dir.path().join(format!("plugins{len}"));
        std::fs::create_dir(&plugins).expect("mkdir");
        let in_dir = plugins.join("libcut.so");
        std::fs::rename(&cut, &in_dir).expect("move");
        let out = dateline(
            &[
                "--plugin-dir",
                s(&plugins),
                "convert",
                s(&seed),
                "--to",
                "csv",
                "-q",
            ],
            None,
            &[],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{len}: {stderr}");
        assert!(
            text(&out.stdout).starts_with("id,path,title,date,url"),
            "{len}: the built-in csv"
        );
        assert!(
            stderr.contains(&format!(
                "warning: plugin skipped (--plugin-dir): {}: not a complete shared library",
                s(&in_dir)
            )),
            "{len}: {stderr}"
        );
    }
}

/// `--plugin NAME` without a slash is the file NAME in the current directory,
/// not whatever the system loader would find under that name.
#[test]
fn cli_a_bare_plugin_name_is_the_file_in_the_current_directory() {
    let seed = dateline_tests::seed_path();
    let dir = tempfile::tempdir().expect("temp dir");
    let here = dir.path().join("here");
    std::fs::create_dir(&here).expect("mkdir");
    std::fs::copy(echo(), here.join("libecho.so")).expect("copy");
    let convert = [
        "--plugin",
        "libecho.so",
        "convert",
        s(&seed),
        "--to",
        "echo",
        "-q",
    ];

    let out = dateline(&convert, Some(&here), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("begin raw=None\n"));

    // The format list names the file loaded: the absolute path.
    let out = dateline(
        &["--plugin", "libecho.so", "formats", "--json"],
        Some(&here),
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let formats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let echo_format = formats
        .as_array()
        .expect("an array")
        .iter()
        .find(|f| f["name"] == "echo")
        .expect("echo listed");
    assert_eq!(echo_format["path"], s(&here.join("libecho.so")));
}

/// The system loader searches `LD_LIBRARY_PATH` for a bare name: a library of
/// that name there is never what `--plugin NAME` loads.
#[cfg(target_os = "linux")]
#[test]
fn cli_a_bare_plugin_name_is_never_looked_up_on_the_library_path() {
    let seed = dateline_tests::seed_path();
    let dir = tempfile::tempdir().expect("temp dir");
    let (here, elsewhere, empty) = (
        dir.path().join("here"),
        dir.path().join("elsewhere"),
        dir.path().join("empty"),
    );
    for d in [&here, &elsewhere, &empty] {
        std::fs::create_dir(d).expect("mkdir");
    }
    let convert = [
        "--plugin",
        "libecho.so",
        "convert",
        s(&seed),
        "--to",
        "echo",
        "-q",
    ];

    // The same name in both places: the current directory's file is loaded
    // (the one on the library path speaks another ABI and would be refused).
    std::fs::copy(echo(), here.join("libecho.so")).expect("copy");
    std::fs::copy(abi_v2(), elsewhere.join("libecho.so")).expect("copy");
    let out = dateline(&convert, Some(&here), &[("LD_LIBRARY_PATH", &elsewhere)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("begin raw=None\n"));

    // Only on the library path: not found, and the error names the file
    // looked for.
    std::fs::copy(echo(), elsewhere.join("libecho.so")).expect("copy");
    let out = dateline(&convert, Some(&empty), &[("LD_LIBRARY_PATH", &elsewhere)]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{}: failed to load", s(&empty.join("libecho.so")))),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

/// A plugin's own dependencies stay in the plugin: the CLI links no parquet
/// (the parquet plugin does) and, of arrow, only the four split crates that
/// build record batches and export them through the C Data Interface (ABI
/// version 2): no compute kernels, no IPC, no readers or writers.
#[test]
fn the_cli_links_no_parquet_and_only_arrows_data_crates() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace");
    let out = std::process::Command::new(env!("CARGO"))
        .current_dir(workspace)
        .args([
            "tree",
            "-p",
            "dateline-cli",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "cargo tree: {}", text(&out.stderr));
    let tree = text(&out.stdout);
    assert!(
        tree.lines()
            .any(|line| line.starts_with("dateline-plugin ")),
        "the tree lists the CLI's dependencies: {tree}"
    );
    let allowed = [
        "arrow-array ",
        "arrow-buffer ",
        "arrow-data ",
        "arrow-schema ",
    ];
    let linked: Vec<&str> = tree
        .lines()
        .filter(|line| line.starts_with("arrow") || line.starts_with("parquet"))
        .filter(|line| !allowed.iter().any(|a| line.starts_with(a)))
        .collect();
    assert!(linked.is_empty(), "the CLI links {linked:?}");
}

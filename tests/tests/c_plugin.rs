//! The C header `crates/plugin/include/dateline_plugin.h` is the same interface
//! as `dateline_plugin::abi`: its layouts are checked against Rust's at compile
//! time of a C file, and a plugin written in C against it is built, loaded and
//! used through the host API and the CLI.
#![cfg(unix)]

use std::mem::{offset_of, size_of};
use std::path::{Path, PathBuf};

use dateline_export::{ArticleLinks, Options, UrlFacts};
use dateline_plugin::abi::{Bytes, FormatDescriptor, HostCallbacks, PluginDescriptor};
use dateline_plugin::host::Plugin;
use dateline_tests::artifacts::{cc, dateline_command};

#[test]
fn the_header_has_rusts_layout() {
    let checks = [
        ("DatelineBytes", "", size_of::<Bytes>(), None),
        ("DatelineBytes", "len", 0, Some(offset_of!(Bytes, len))),
        (
            "DatelineFormatDescriptor",
            "",
            size_of::<FormatDescriptor>(),
            None,
        ),
        (
            "DatelineFormatDescriptor",
            "kind",
            0,
            Some(offset_of!(FormatDescriptor, kind)),
        ),
        (
            "DatelineFormatDescriptor",
            "extension",
            0,
            Some(offset_of!(FormatDescriptor, extension)),
        ),
        (
            "DatelineFormatDescriptor",
            "description",
            0,
            Some(offset_of!(FormatDescriptor, description)),
        ),
        (
            "DatelineHostCallbacks",
            "",
            size_of::<HostCallbacks>(),
            None,
        ),
        (
            "DatelineHostCallbacks",
            "write",
            0,
            Some(offset_of!(HostCallbacks, write)),
        ),
        (
            "DatelineHostCallbacks",
            "error",
            0,
            Some(offset_of!(HostCallbacks, error)),
        ),
        (
            "DatelinePluginDescriptor",
            "",
            size_of::<PluginDescriptor>(),
            None,
        ),
        (
            "DatelinePluginDescriptor",
            "model_version",
            0,
            Some(offset_of!(PluginDescriptor, model_version)),
        ),
        (
            "DatelinePluginDescriptor",
            "name",
            0,
            Some(offset_of!(PluginDescriptor, name)),
        ),
        (
            "DatelinePluginDescriptor",
            "formats",
            0,
            Some(offset_of!(PluginDescriptor, formats)),
        ),
        (
            "DatelinePluginDescriptor",
            "format_count",
            0,
            Some(offset_of!(PluginDescriptor, format_count)),
        ),
        (
            "DatelinePluginDescriptor",
            "create",
            0,
            Some(offset_of!(PluginDescriptor, create)),
        ),
        (
            "DatelinePluginDescriptor",
            "begin",
            0,
            Some(offset_of!(PluginDescriptor, begin)),
        ),
        (
            "DatelinePluginDescriptor",
            "article",
            0,
            Some(offset_of!(PluginDescriptor, article)),
        ),
        (
            "DatelinePluginDescriptor",
            "end",
            0,
            Some(offset_of!(PluginDescriptor, end)),
        ),
        (
            "DatelinePluginDescriptor",
            "destroy",
            0,
            Some(offset_of!(PluginDescriptor, destroy)),
        ),
        (
            "DatelinePluginDescriptorV2",
            "abi_version",
            0,
            Some(offset_of!(
                dateline_plugin::abi::PluginDescriptorV2,
                abi_version
            )),
        ),
        (
            "DatelinePluginDescriptorV2",
            "model_version",
            0,
            Some(offset_of!(
                dateline_plugin::abi::PluginDescriptorV2,
                model_version
            )),
        ),
        (
            "DatelinePluginDescriptorV2",
            "record_version",
            0,
            Some(offset_of!(
                dateline_plugin::abi::PluginDescriptorV2,
                record_version
            )),
        ),
        (
            "DatelinePluginDescriptorV2",
            "name",
            0,
            Some(offset_of!(dateline_plugin::abi::PluginDescriptorV2, name)),
        ),
        (
            "DatelinePluginDescriptorV2",
            "version",
            0,
            Some(offset_of!(
                dateline_plugin::abi::PluginDescriptorV2,
                version
            )),
        ),
        (
            "DatelinePluginDescriptorV2",
            "formats",
            0,
            Some(offset_of!(
                dateline_plugin::abi::PluginDescriptorV2,
                formats
            )),
        ),
        (
            "DatelinePluginDescriptorV2",
            "format_count",
            0,
            Some(offset_of!(
                dateline_plugin::abi::PluginDescriptorV2,
                format_count
            )),
        ),
        (
            "DatelinePluginDescriptorV2",
            "create",
            0,
            Some(offset_of!(dateline_plugin::abi::PluginDescriptorV2, create)),
        ),
        (
            "DatelinePluginDescriptorV2",
            "begin",
            0,
            Some(offset_of!(dateline_plugin::abi::PluginDescriptorV2, begin)),
        ),
        (
            "DatelinePluginDescriptorV2",
            "article",
            0,
            Some(offset_of!(
                dateline_plugin::abi::PluginDescriptorV2,
                article
            )),
        ),
        (
            "DatelinePluginDescriptorV2",
            "batch",
            0,
            Some(offset_of!(dateline_plugin::abi::PluginDescriptorV2, batch)),
        ),
        (
            "DatelinePluginDescriptorV2",
            "end",
            0,
            Some(offset_of!(dateline_plugin::abi::PluginDescriptorV2, end)),
        ),
        (
            "DatelinePluginDescriptorV2",
            "destroy",
            0,
            Some(offset_of!(
                dateline_plugin::abi::PluginDescriptorV2,
                destroy
            )),
        ),
        (
            "DatelineFormatDescriptorV2",
            "name",
            0,
            Some(offset_of!(dateline_plugin::abi::FormatDescriptorV2, name)),
        ),
        (
            "DatelineFormatDescriptorV2",
            "kind",
            0,
            Some(offset_of!(dateline_plugin::abi::FormatDescriptorV2, kind)),
        ),
        (
            "DatelineFormatDescriptorV2",
            "input",
            0,
            Some(offset_of!(dateline_plugin::abi::FormatDescriptorV2, input)),
        ),
        (
            "DatelineFormatDescriptorV2",
            "extension",
            0,
            Some(offset_of!(
                dateline_plugin::abi::FormatDescriptorV2,
                extension
            )),
        ),
        (
            "DatelineFormatDescriptorV2",
            "media_type",
            0,
            Some(offset_of!(
                dateline_plugin::abi::FormatDescriptorV2,
                media_type
            )),
        ),
        (
            "DatelineFormatDescriptorV2",
            "description",
            0,
            Some(offset_of!(
                dateline_plugin::abi::FormatDescriptorV2,
                description
            )),
        ),
        (
            "DatelinePluginDescriptorV2",
            "",
            size_of::<dateline_plugin::abi::PluginDescriptorV2>(),
            None,
        ),
        (
            "DatelineFormatDescriptorV2",
            "",
            size_of::<dateline_plugin::abi::FormatDescriptorV2>(),
            None,
        ),
    ];
    let mut source = String::from("#include <stddef.h>\n#include \"dateline_plugin.h\"\n");
    for (ty, field, size, offset) in checks {
        source.push_str(&match offset {
            None => format!("_Static_assert(sizeof({ty}) == {size}, \"sizeof {ty}\");\n"),
            Some(o) => format!(
                "_Static_assert(offsetof({ty}, {field}) == {o}, \"offset of {ty}.{field}\");\n"
            ),
        });
    }
    source.push_str(&format!(
        "_Static_assert(DATELINE_ABI_VERSION == {}, \"version\");\n\
         _Static_assert(DATELINE_STATUS_PANIC == {}, \"status\");\n\
         _Static_assert(DATELINE_KIND_PAGE == {}, \"kind\");\n\
         _Static_assert(DATELINE_EXPORTER_INDEPENDENT_ARTICLES == {}, \"flag\");\n\
         _Static_assert(DATELINE_ABI_VERSION_2 == {}, \"version 2\");\n\
         _Static_assert(DATELINE_INPUT_RECORD == {}, \"input\");\n",
        dateline_plugin::abi::ABI_VERSION,
        dateline_plugin::abi::STATUS_PANIC,
        dateline_plugin::abi::KIND_PAGE,
        dateline_plugin::abi::EXPORTER_INDEPENDENT_ARTICLES,
        dateline_plugin::abi::ABI_VERSION_2,
        dateline_plugin::abi::INPUT_RECORD,
    ));
    source.push_str(&format!(
        "static const char entry[] = DATELINE_ENTRY_SYMBOL;\n\
         _Static_assert(sizeof entry == {}, \"entry symbol\");\n",
        dateline_plugin::abi::ENTRY_SYMBOL.len() + 1
    ));
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("layout.c");
    std::fs::write(&file, source).expect("write");
    let object = dir.path().join("layout.o");
    cc(&[
        "-c",
        file.to_str().expect("utf-8"),
        "-o",
        object.to_str().expect("utf-8"),
    ]);
}

/// Builds the C plugin into `dir`.
fn build_c_plugin(dir: &Path) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("plugins/c/records.c");
    let library = dir.join(format!("libc_records{}", std::env::consts::DLL_SUFFIX));
    cc(&[
        "-shared",
        "-fPIC",
        source.to_str().expect("utf-8"),
        "-o",
        library.to_str().expect("utf-8"),
    ]);
    library
}

/// What the C plugin wrote for one article: the article's JSON on a line, then
/// its links' JSON (or `null`) on the next.
fn read_back(out: &[u8]) -> (dateline_core::Article<'_>, Option<ArticleLinks>) {
    let text = std::str::from_utf8(out).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    let article = serde_json::from_str(lines[0]).expect("the model's JSON");
    let links = serde_json::from_str(lines[1]).expect("the links' JSON or null");
    (article, links)
}

#[test]
fn a_plugin_written_in_c_gets_each_article_as_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plugin = Plugin::load(&build_c_plugin(dir.path())).expect("the C plugin loads");
    assert_eq!(plugin.name(), "c-records");
    assert_eq!(plugin.formats()[0].name, "records");

    let seed = dateline_tests::seed();
    let article = dateline_core::parse(&seed).expect("parses").with_id("seed");
    let links = ArticleLinks {
        url: UrlFacts::parse("http://www.hngn.com/articles/240451/20220207/x-y-z.htm").ok(),
        ..ArticleLinks::default()
    };
    for with_links in [false, true] {
        let mut options = Options::new();
        if with_links {
            let links = links.clone();
            options = options.links(move |_: &dateline_core::Article<'_>| links.clone());
        }
        let mut exporter = plugin.exporter(0, &options).expect("creates");
        assert!(exporter.independent_articles());
        let mut out = Vec::new();
        exporter.begin(&mut out).expect("begin");
        exporter.article(&mut out, &article).expect("article");
        exporter.end(&mut out).expect("end");
        let (got_article, got_links) = read_back(&out);
        assert_eq!(got_article, article, "the whole model crosses");
        assert_eq!(got_links, with_links.then(|| links.clone()));
    }
}

#[test]
fn the_cli_loads_a_plugin_written_in_c() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = build_c_plugin(dir.path());
    let output = dateline_command(dir.path())
        .arg("--plugin")
        .arg(&library)
        .args(["convert", "--to", "records", "-q", "--no-links"])
        .arg(dateline_tests::seed_path())
        .output()
        .expect("dateline runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (article, links) = read_back(&output.stdout);
    assert_eq!(
        article,
        dateline_core::parse(&dateline_tests::seed())
            .expect("parses")
            .with_id("000_4e9296dd8dfcdc21")
    );
    assert_eq!(links, None, "--no-links");
}

//! The plugin-side glue, driven through its C entry points in process, as a
//! host would call them (without loading a library): statuses, messages and
//! output for good and bad calls.

use std::ffi::c_void;
use std::io::Write;

use dateline_plugin::abi::{
    self, Bytes, HostCallbacks, PluginDescriptorV2, STATUS_ERROR, STATUS_OK, STATUS_PANIC,
};
use dateline_plugin::dateline_core::Article;
use dateline_plugin::dateline_export::{ExportError, Exporter, FormatInfo, Kind, Options, Result};
use dateline_plugin::{PluginSpec, guest};

struct Titles;

impl Exporter for Titles {
    fn begin(&mut self, out: &mut dyn Write) -> Result<()> {
        out.write_all(b"[")?;
        Ok(())
    }
    fn article(&mut self, out: &mut dyn Write, article: &Article<'_>) -> Result<()> {
        if article.title.contains("panic") {
            panic!("asked to panic by {:?}", article.title);
        }
        if article.title.contains("fail") {
            return Err(ExportError::Format {
                format: "titles".into(),
                message: "asked to fail".into(),
            });
        }
        write!(out, "{};", article.title)?;
        Ok(())
    }
    fn end(&mut self, out: &mut dyn Write) -> Result<()> {
        out.write_all(b"]")?;
        Ok(())
    }
}

fn spec() -> PluginSpec {
    PluginSpec::new("titles", "9.9.9").format(
        FormatInfo::new("titles", Kind::Page, "txt", "text/plain", "Titles"),
        |_: &Options| Ok(Box::new(Titles)),
    )
}

/// What the host's callbacks received during one call.
#[derive(Default)]
struct Sink {
    output: Vec<u8>,
    errors: Vec<String>,
    refuse_writes: bool,
}

unsafe extern "C" fn write(context: *mut c_void, bytes: Bytes) -> i32 {
    let sink = unsafe { &mut *context.cast::<Sink>() };
    if sink.refuse_writes {
        return 1;
    }
    sink.output.extend_from_slice(unsafe { bytes.as_slice() });
    0
}

unsafe extern "C" fn error(context: *mut c_void, message: Bytes) {
    let sink = unsafe { &mut *context.cast::<Sink>() };
    sink.errors
        .push(String::from_utf8_lossy(unsafe { message.as_slice() }).into_owned());
}

fn descriptor() -> &'static PluginDescriptorV2 {
    let d = guest::entry(spec);
    assert!(!d.is_null());
    unsafe { &*d }
}

fn host(sink: &mut Sink) -> HostCallbacks {
    HostCallbacks {
        context: (sink as *mut Sink).cast(),
        write,
        error,
    }
}

fn create(options: &str, sink: &mut Sink) -> (i32, *mut c_void) {
    let d = descriptor();
    let mut handle = std::ptr::null_mut();
    let mut flags = 0;
    let callbacks = host(sink);
    let status = unsafe {
        (d.create.expect("create"))(
            0,
            Bytes::new(options.as_bytes()),
            &callbacks,
            &mut handle,
            &mut flags,
        )
    };
    (status, handle)
}

fn record(title: &str) -> String {
    let text = format!("{title}\n20220131\nhttps://example.com/a\nA paragraph.\n");
    let article = dateline_core::parse(&text).expect("parses");
    serde_json::to_string(&article).expect("the model serialises")
}

#[test]
fn the_descriptor_describes_the_spec() {
    let d = descriptor();
    assert_eq!(d.abi_version, abi::ABI_VERSION_2);
    assert_eq!(d.model_version, dateline_core::MODEL_VERSION);
    assert_eq!(d.record_version, dateline_export::record::RECORD_VERSION);
    assert_eq!(unsafe { d.name.as_slice() }, b"titles");
    assert_eq!(unsafe { d.version.as_slice() }, b"9.9.9");
    assert_eq!(d.format_count, 1);
    let format = unsafe { &*d.formats };
    assert_eq!(format.kind, abi::KIND_PAGE);
    assert_eq!(format.input, abi::INPUT_ARTICLE);
    assert_eq!(unsafe { format.extension.as_slice() }, b"txt");
    assert!(std::ptr::eq(d, descriptor()), "one descriptor per library");
}

#[test]
fn a_document_flows_through_the_entry_points() {
    let d = descriptor();
    let mut sink = Sink::default();
    let (status, handle) = create(
        r#"{"raw":null,"drop_promos":false,"compact":false,"csv_safe":false,"links":false}"#,
        &mut sink,
    );
    assert_eq!(status, STATUS_OK, "{:?}", sink.errors);
    let callbacks = host(&mut sink);
    unsafe {
        assert_eq!((d.begin.expect("begin"))(handle, &callbacks), STATUS_OK);
        for title in ["One", "Two"] {
            let r = record(title);
            assert_eq!(
                (d.article.expect("article"))(
                    handle,
                    Bytes::new(r.as_bytes()),
                    Bytes::new(b""),
                    &callbacks
                ),
                STATUS_OK
            );
        }
        assert_eq!((d.end.expect("end"))(handle, &callbacks), STATUS_OK);
        (d.destroy.expect("destroy"))(handle);
    }
    assert_eq!(sink.output, b"[One;Two;]");
    assert!(sink.errors.is_empty());
}

#[test]
fn bad_calls_get_an_error_status_and_a_message() {
    let d = descriptor();
    let article = d.article.expect("article");

    // Options that are not the wire format.
    let mut sink = Sink::default();
    let (status, handle) = create("{not json", &mut sink);
    assert_eq!(status, STATUS_ERROR);
    assert!(handle.is_null());
    assert!(
        sink.errors[0].starts_with("cannot read the options of `titles`"),
        "{:?}",
        sink.errors
    );

    // A format index out of range.
    let mut sink = Sink::default();
    let callbacks = host(&mut sink);
    let (mut handle, mut flags) = (std::ptr::null_mut(), 0);
    let status = unsafe {
        (d.create.expect("create"))(7, Bytes::new(b"{}"), &callbacks, &mut handle, &mut flags)
    };
    assert_eq!(status, STATUS_ERROR);
    assert_eq!(sink.errors, ["no format #7: the plugin has 1"]);

    // A null handle.
    let mut sink = Sink::default();
    let callbacks = host(&mut sink);
    assert_eq!(
        unsafe {
            article(
                std::ptr::null_mut(),
                Bytes::new(b"{}"),
                Bytes::new(b""),
                &callbacks,
            )
        },
        STATUS_ERROR
    );
    assert_eq!(sink.errors, ["null exporter handle"]);

    // A record that is not an article, one that fails, one that panics, and a
    // host that cannot write.
    let mut sink = Sink::default();
    let (_, handle) = create("{}", &mut sink);
    for (input, status, message) in [
        (
            r#"{"title": 1}"#.to_owned(),
            STATUS_ERROR,
            "format `titles` cannot read the article it was sent",
        ),
        (record("please fail"), STATUS_ERROR, "asked to fail"),
        (
            record("please panic"),
            STATUS_PANIC,
            "asked to panic by \"please panic\"",
        ),
    ] {
        let mut sink = Sink::default();
        let callbacks = host(&mut sink);
        let got = unsafe {
            article(
                handle,
                Bytes::new(input.as_bytes()),
                Bytes::new(b""),
                &callbacks,
            )
        };
        assert_eq!(got, status, "{input}");
        assert!(sink.errors[0].starts_with(message), "{:?}", sink.errors);
    }
    let mut sink = Sink {
        refuse_writes: true,
        ..Sink::default()
    };
    let callbacks = host(&mut sink);
    let r = record("fine");
    assert_eq!(
        unsafe {
            article(
                handle,
                Bytes::new(r.as_bytes()),
                Bytes::new(b""),
                &callbacks,
            )
        },
        STATUS_ERROR
    );
    assert!(
        sink.errors.is_empty(),
        "the host knows why its write failed"
    );
    unsafe { (d.destroy.expect("destroy"))(handle) };
}

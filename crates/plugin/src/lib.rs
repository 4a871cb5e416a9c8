#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod abi;
pub mod guest;
#[cfg(feature = "host")]
pub mod host;
#[cfg(feature = "records")]
pub mod records;
pub mod wire;

pub use dateline_core;
pub use dateline_export;
pub use dateline_export::{Exporter, FormatInfo, Kind, Options};
pub use guest::PluginSpec;

/// Turns exporters into a plugin: defines the library's entry function,
/// `dateline_plugin_v2` (ABI version 2; hosts of version 1 do not load it).
///
/// Use it once, at the top level of the plugin's `lib.rs`:
///
/// ```ignore
/// dateline_plugin::export_plugin! {
///     name: "citations",                    // lower-case letters, digits, - and _
///     version: env!("CARGO_PKG_VERSION"),
///     formats: [
///         bibtex::INFO => |options| Ok(Box::new(bibtex::Bibtex::new(options))),
///         ris::INFO => |options| Ok(Box::new(ris::Ris::new(options))),
///     ],
/// }
/// ```
///
/// Each format is a [`FormatInfo`] and a factory:
/// `Fn(&Options) -> Result<Box<dyn Exporter>, ExportError>`. Or give a function
/// that builds the whole [`PluginSpec`]:
///
/// ```ignore
/// dateline_plugin::export_plugin! { spec: my_plugin_spec }
/// ```
///
/// Formats that write analysis records (feature `records`) follow the
/// article formats, as `records: [ INFO => factory, ... ]`, each factory an
/// `Fn(&Options) -> Result<Box<dyn records::BatchWriter>, ExportError>`; see
/// [`records`](crate::records).
#[macro_export]
macro_rules! export_plugin {
    (
        name: $name:expr,
        version: $version:expr,
        formats: [ $( $info:expr => $factory:expr ),* $(,)? ]
        $(, records: [ $( $rinfo:expr => $rfactory:expr ),* $(,)? ] )? $(,)?
    ) => {
        $crate::export_plugin! {
            spec: {
                fn __dateline_plugin_spec() -> $crate::PluginSpec {
                    $crate::PluginSpec::new($name, $version)
                        $( .format($info, $factory) )*
                        $( $( .record_format($rinfo, $rfactory) )* )?
                }
                __dateline_plugin_spec
            }
        }
    };
    (spec: $spec:expr $(,)?) => {
        /// The dateline plugin entry point (ABI version 2).
        #[unsafe(no_mangle)]
        pub extern "C" fn dateline_plugin_v2() -> *const $crate::abi::PluginDescriptorV2 {
            $crate::guest::entry($spec)
        }
    };
}

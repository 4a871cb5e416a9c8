//! A shared library that is not a dateline plugin: it exports a function, but
//! not the entry symbol.

/// Something unrelated.
#[unsafe(no_mangle)]
pub extern "C" fn not_a_dateline_plugin() -> u32 {
    42
}

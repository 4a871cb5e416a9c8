//! A plugin whose spec panics while describing itself returns no descriptor
//! (the host then reports it), instead of unwinding into the host.
//! (Its own test binary: a library has one plugin, kept in a static.)

use dateline_plugin::{PluginSpec, guest};

fn broken() -> PluginSpec {
    panic!("cannot describe myself")
}

#[test]
fn a_panicking_spec_gives_a_null_descriptor() {
    assert!(guest::entry(broken).is_null());
    // Not poisoned for good: a second call tries again (and fails again).
    assert!(guest::entry(broken).is_null());
}

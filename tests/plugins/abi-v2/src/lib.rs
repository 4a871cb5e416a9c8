//! A plugin fixture from a (hypothetical) future interface: it exports the
//! version 1 entry symbol, but its descriptor says ABI version 2 and has another
//! layout. The host must read the version and stop there.

/// What a version 2 descriptor might look like: only the first field is shared.
#[repr(C)]
pub struct FutureDescriptor {
    /// The ABI version, first in every version.
    pub abi_version: u32,
    /// Something version 1 does not have.
    pub flags: u64,
}

static DESCRIPTOR: FutureDescriptor = FutureDescriptor {
    abi_version: 2,
    flags: u64::MAX,
};

/// The entry point, with a descriptor the host must refuse.
#[unsafe(no_mangle)]
pub extern "C" fn dateline_plugin_v1() -> *const FutureDescriptor {
    &DESCRIPTOR
}

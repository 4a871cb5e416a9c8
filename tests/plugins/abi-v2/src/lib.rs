//! A plugin fixture whose symbol and descriptor disagree: it exports the
//! version 1 entry symbol, but its descriptor says ABI version 2 and has
//! neither version's layout. The host must read the version through the
//! symbol it found (1), see 2, and stop there.

/// A descriptor of another layout: only the first field is shared.
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

//! The global allocator: mimalloc, asked for plain blocks where it can be.
//!
//! The workers allocate and free small buffers per article on every thread,
//! where glibc's arenas cost about a tenth of `convert`'s CPU time (perf,
//! `cargo xtask bench`), so the binary uses mimalloc. The `mimalloc` crate's
//! allocator asks for every block with `mi_malloc_aligned`, and mimalloc 3
//! serves an aligned request above its small sizes (1 KiB) by over-allocating
//! and marking the page as holding interior pointers, even for an alignment
//! of 1 that any block has: about 27,000 such requests per 10 MB of
//! articles (a file's bytes, an article's buffers). This asks for a plain
//! block (`mi_malloc`, 16-byte aligned) whenever that alignment is enough,
//! as the `mimalloc` crate itself once did, and for an aligned one otherwise.
//! callgrind, `convert --to jsonl` of 10 MB: 351.9M to 347.4M instructions.
//!
//! The one module of the binary with `unsafe`: the `GlobalAlloc` contract.

#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};

/// Every block `mi_malloc` returns is aligned to this (mimalloc's
/// `MI_MAX_ALIGN_SIZE` on the 64-bit targets dateline builds for), or to
/// its size's power of two below it.
const PLAIN_ALIGN: usize = 16;

/// Whether a block of `size` bytes from `mi_malloc` has `align`: a block at
/// least as large as the alignment is aligned to it up to [`PLAIN_ALIGN`].
fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

/// mimalloc, with plain blocks where they are aligned enough.
pub struct Allocator;

// SAFETY: every block comes from mimalloc and goes back to it (`mi_free`
// frees a block from any of its entry points); each request gets a block of
// at least its size and its alignment (`plain`, or mimalloc's aligned entry
// points); a null return (out of memory) is passed on, as the contract asks.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions take any size and a power
        // of two alignment (which a `Layout` holds).
        unsafe {
            if plain(layout.align(), layout.size()) {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe {
            if plain(layout.align(), layout.size()) {
                mi_zalloc(layout.size()).cast()
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` was allocated by this allocator (the caller's
        // contract), so by mimalloc.
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` is a live block of this allocator with `layout`, and
        // the new block keeps its alignment (`plain` for the new size, or
        // mimalloc's aligned entry point).
        unsafe {
            if plain(layout.align(), new_size) {
                mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every size and alignment around the plain threshold come
    /// back aligned, keep their bytes through a reallocation, and free.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let allocator = Allocator;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 15, 16, 17, 100, 1024, 1025, 5000, 70_000] {
                let layout = Layout::from_size_align(size, align).expect("a layout");
                // SAFETY: a non-zero size; the block is written within its
                // size, reallocated and freed once, with its layout.
                unsafe {
                    let block = allocator.alloc(layout);
                    assert!(!block.is_null());
                    assert_eq!(block as usize % align, 0, "size {size} align {align}");
                    block.write_bytes(0xA5, size);
                    let grown = allocator.realloc(block, layout, size * 3);
                    assert!(!grown.is_null());
                    assert_eq!(grown as usize % align, 0, "grown {size} align {align}");
                    assert!((0..size).all(|i| *grown.add(i) == 0xA5));
                    let grown_layout = Layout::from_size_align(size * 3, align).expect("a layout");
                    allocator.dealloc(grown, grown_layout);
                    let zeroed = allocator.alloc_zeroed(layout);
                    assert_eq!(zeroed as usize % align, 0);
                    assert!((0..size).all(|i| *zeroed.add(i) == 0));
                    allocator.dealloc(zeroed, layout);
                }
            }
        }
    }
}

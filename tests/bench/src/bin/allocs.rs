//! Heap allocations per render, for every contender: a counting global allocator around the
//! system one, N renders after one warm-up render (which pays for lazily initialized state such
//! as the instance id's key). Reallocations count as allocations.
//!
//! Prints `id<TAB>allocations<TAB>bytes` per render, one contender a line; `run-counts.sh` puts
//! it in a table.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use errwire_bench::{Fixtures, contenders};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

fn count(bytes: usize) {
    ALLOCATIONS.fetch_add(1, Relaxed);
    BYTES.fetch_add(bytes, Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's guarantees are passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's guarantees are passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: the caller's guarantees are passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's guarantees are passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const RENDERS: usize = 1000;

fn main() {
    let fixtures = Fixtures::new();
    for contender in contenders() {
        black_box((contender.render)(black_box(&fixtures)));
        let (allocations, bytes) = (ALLOCATIONS.load(Relaxed), BYTES.load(Relaxed));
        for _ in 0..RENDERS {
            black_box((contender.render)(black_box(&fixtures)));
        }
        let allocations = (ALLOCATIONS.load(Relaxed) - allocations) as f64 / RENDERS as f64;
        let bytes = (BYTES.load(Relaxed) - bytes) as f64 / RENDERS as f64;
        println!("{}\t{allocations}\t{bytes}", contender.id());
    }
}

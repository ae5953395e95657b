//! A user-defined format costs no more than a built-in one: rendering the same error through
//! [`Boom`] (this crate's copy of the hapi format) and through errwire's built-in `Hapi` makes
//! the same bytes with the same number of heap allocations, for one error, several errors and a
//! boxed `dyn ApiError`. (Allocations are counted per thread by a counting global allocator, so
//! tests running in parallel don't disturb each other. Instruction counts are compared outside
//! the test suite, under callgrind.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use errwire::format::{Format, Hapi};
use errwire::{ApiError, Context, Errors};
use errwire_custom_format::{Boom, MessageOnly, Nested};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: the thread-local may be gone while a thread shuts down.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every call is forwarded to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller's guarantees are passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller's guarantees are passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
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

/// What `f` returns and how many allocations (and reallocations) it made on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (out, ALLOCATIONS.with(Cell::get) - before)
}

#[derive(Debug, ApiError)]
#[api(format = Boom, rename_all = "camelCase")]
enum IntegrationError {
    #[api(status = 409, msg = "Unable to edit integration with ID {id} in current state {state}.")]
    Busy {
        #[api(skip)]
        id: u64,
        #[api(skip)]
        state: &'static str,
        retry_in_seconds: u32,
        changed_attributes: Vec<&'static str>,
    },
    #[api(status = 503, msg = "Integrations are read-only during maintenance")]
    Maintenance,
}

fn busy() -> IntegrationError {
    IntegrationError::Busy {
        id: 10,
        state: "editing",
        retry_in_seconds: 30,
        changed_attributes: vec!["name"],
    }
}

/// Renders `err` through `format` and through the built-in hapi format: same response, and the
/// custom one allocates no more. Returns the two allocation counts.
#[track_caller]
fn compare(
    render_custom: impl FnOnce() -> errwire::http::Response<Vec<u8>>,
    render_built_in: impl FnOnce() -> errwire::http::Response<Vec<u8>>,
) -> (usize, usize) {
    // Warm up lazily initialized process state (the instance id's key) outside the counts.
    let _ = errwire::InstanceId::generate();
    let (custom, custom_allocations) = allocations(render_custom);
    let (built_in, built_in_allocations) = allocations(render_built_in);
    assert_eq!(custom.status(), built_in.status());
    assert_eq!(custom.headers(), built_in.headers());
    assert_eq!(custom.body(), built_in.body());
    assert!(
        custom_allocations <= built_in_allocations,
        "custom format: {custom_allocations} allocations, built-in: {built_in_allocations}"
    );
    (custom_allocations, built_in_allocations)
}

#[test]
fn one_error_costs_the_same() {
    let err = busy();
    let (custom, built_in) = compare(|| err.to_response(), || errwire::render(&Hapi, &err, &Context::new()));
    assert_eq!(custom, built_in);
    // And it is a small number: the body and the header map, nothing per member.
    assert!(custom <= 4, "{custom} allocations");
}

#[test]
fn a_server_error_costs_the_same() {
    let err = IntegrationError::Maintenance;
    // The same instance id for both, which they send as `x-request-id`.
    let cx = Context::new().with_instance("0123456789abcdef");
    let (custom, built_in) = compare(|| err.to_response_with(&cx), || errwire::render(&Hapi, &err, &cx));
    assert_eq!(custom, built_in);
}

#[test]
fn several_errors_cost_the_same() {
    let errors = Errors::from(vec![busy(), busy(), IntegrationError::Maintenance]);
    let cx = Context::new().with_instance("0123456789abcdef");
    let (custom, built_in) = compare(|| errors.to_response_with(&cx), || errors.to_response_in(&Hapi, &cx));
    assert_eq!(custom, built_in);
}

#[test]
fn a_boxed_dyn_error_costs_the_same() {
    let err: Box<dyn ApiError + Send + Sync> = Box::new(busy());
    let (custom, built_in) = compare(
        || errwire::render(&Boom, &*err, &Context::new()),
        || errwire::render(&Hapi, &*err, &Context::new()),
    );
    assert_eq!(custom, built_in);
}

#[test]
fn smaller_custom_bodies_cost_no_more() {
    let err = busy();
    let built_in = allocations(|| errwire::render(&Hapi, &err, &Context::new())).1;
    for custom in [
        allocations(|| errwire::render(&MessageOnly, &err, &Context::new())).1,
        allocations(|| errwire::render(&Nested, &err, &Context::new())).1,
    ] {
        assert!(custom <= built_in, "custom format: {custom} allocations, built-in: {built_in}");
    }
    // The content type is a const: no allocation.
    assert_eq!(allocations(|| (MessageOnly.content_type(), Nested.content_type(), Boom.content_type())).1, 0);
}

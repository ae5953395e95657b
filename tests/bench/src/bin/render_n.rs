//! Renders one contender N times, for callgrind: the instructions of one render are the
//! difference between two runs with different N, divided by the difference of N (what runs once,
//! process start and lazy initialization, cancels out).
//!
//! `render_n <group/name> <N>`; `render_n --list` prints every id. Besides the contenders, some
//! parts, to show what the 500's instance id costs: `parts/errwire-instance-id` and
//! `parts/limit-instance-id` generate only an id (errwire's and the hand-written one);
//! `parts/errwire-500-given-instance` renders errwire's 500 with an id from the caller's
//! `Context` (nothing generated, no scope looked up).

use std::hint::black_box;
use std::process::ExitCode;

use errwire::{ApiError, Context};
use errwire_bench::{Fixtures, contenders, find, limit};

const PARTS: [&str; 3] =
    ["parts/errwire-instance-id", "parts/limit-instance-id", "parts/errwire-500-given-instance"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag] if flag == "--list" => {
            contenders().iter().for_each(|c| println!("{}", c.id()));
            PARTS.iter().for_each(|id| println!("{id}"));
            ExitCode::SUCCESS
        }
        [id, n] => match (n.parse::<usize>(), id.as_str()) {
            (Ok(n), "parts/errwire-instance-id") => repeat(n, errwire::InstanceId::generate),
            (Ok(n), "parts/limit-instance-id") => repeat(n, limit::next_instance),
            (Ok(n), "parts/errwire-500-given-instance") => {
                let fixtures = Fixtures::new();
                let cx = Context::new().with_instance("0123456789abcdef");
                repeat(n, || black_box(&fixtures.internal).to_response_with(&cx))
            }
            (Ok(n), id) => match find(id) {
                Some(contender) => {
                    let fixtures = Fixtures::new();
                    repeat(n, || (contender.render)(black_box(&fixtures)))
                }
                None => usage(&format!("no contender {id}")),
            },
            (Err(_), _) => usage(&format!("not a count: {n}")),
        },
        _ => usage("expected <group/name> <N> or --list"),
    }
}

fn repeat<R>(n: usize, mut render: impl FnMut() -> R) -> ExitCode {
    for _ in 0..n {
        black_box(render());
    }
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("render_n: {problem}\nusage: render_n <group/name> <N> | render_n --list");
    ExitCode::FAILURE
}

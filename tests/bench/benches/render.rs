//! Wall time of rendering each case into a complete response, every contender against the
//! hand-written limit of its group (`errwire_bench::contenders`).
//!
//! Each contender other than the limit is measured *paired*: every criterion sample runs the
//! contender and the limit in alternating chunks of 64 renders, each chunk timed on its own, so
//! that both see the same machine (clock frequency, the neighbours' load). The ratio of two
//! adjacent chunks (tens of microseconds apart) holds on a noisy machine where absolute times
//! drift; a preemption spoils one pair, which the median over all pairs ignores. Criterion
//! reports the contender's own time; the table printed at the end has the paired figures: the
//! median and quartiles of the pair ratios, and the median time per render of each side.
//!
//! `cargo bench -p errwire-bench` (all), `cargo bench -p errwire-bench -- 409-problem` (a filter).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use errwire_bench::{Contender, Fixtures, contenders};

/// Renders per timed chunk: long enough that reading the clock is noise (< 1%), short enough
/// that the contender and the limit alternate many times per sample.
const CHUNK: u64 = 64;

/// Per contender id: (renders, contender's time, limit's time) of every pair of chunks.
type Pairs = BTreeMap<String, Vec<(u64, Duration, Duration)>>;

fn time(n: u64, contender: &Contender, fixtures: &Fixtures) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        black_box((contender.render)(black_box(fixtures)));
    }
    start.elapsed()
}

/// `iters` renders of `contender` and of `limit`, interleaved in chunks whose order alternates;
/// every pair of chunks is added to `pairs`. Returns the contender's total time.
fn paired(
    iters: u64,
    contender: &Contender,
    limit: &Contender,
    fixtures: &Fixtures,
    pairs: &mut Vec<(u64, Duration, Duration)>,
) -> Duration {
    let mut total = Duration::ZERO;
    let (mut left, mut limit_first) = (iters, true);
    while left > 0 {
        let n = left.min(CHUNK);
        let (own, reference) = if limit_first {
            let reference = time(n, limit, fixtures);
            (time(n, contender, fixtures), reference)
        } else {
            let own = time(n, contender, fixtures);
            (own, time(n, limit, fixtures))
        };
        pairs.push((n, own, reference));
        total += own;
        left -= n;
        limit_first = !limit_first;
    }
    total
}

fn bench(criterion: &mut Criterion, fixtures: &Fixtures, pairs: &RefCell<Pairs>) {
    let all = contenders();
    let mut groups: Vec<String> = all.iter().map(Contender::group).collect();
    groups.dedup();
    for group_name in groups {
        let mut group = criterion.benchmark_group(&group_name);
        for contender in all.iter().filter(|c| c.group() == group_name) {
            if contender.is_limit() {
                group.bench_function(contender.name, |b| b.iter(|| (contender.render)(black_box(fixtures))));
                continue;
            }
            let limit = contender.limit();
            group.bench_function(contender.name, |b| {
                b.iter_custom(|iters| {
                    let mut pairs = pairs.borrow_mut();
                    paired(iters, contender, &limit, fixtures, pairs.entry(contender.id()).or_default())
                })
            });
        }
        group.finish();
    }
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let at = q * (sorted.len() - 1) as f64;
    let (low, high) = (at.floor() as usize, at.ceil() as usize);
    sorted[low] + (sorted[high] - sorted[low]) * (at - low as f64)
}

fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    values
}

/// The paired figures as a Markdown table.
fn report(pairs: &Pairs) {
    if pairs.is_empty() {
        return;
    }
    println!("\nPaired wall time (contender and limit in alternating chunks of {CHUNK} renders):\n");
    println!(
        "| contender | chunk pairs | ns/render | limit ns/render | × limit (median) | × limit (p25–p75) |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (id, pairs) in pairs {
        // Full chunks only: criterion's first warm-up samples are a few renders long.
        let full: Vec<_> = pairs.iter().filter(|(n, ..)| *n == CHUNK).collect();
        if full.is_empty() {
            continue;
        }
        let per_render = |d: &Duration| d.as_nanos() as f64 / CHUNK as f64;
        let own = sorted(full.iter().map(|(_, own, _)| per_render(own)));
        let limit = sorted(full.iter().map(|(_, _, limit)| per_render(limit)));
        let ratios = sorted(full.iter().map(|(_, own, limit)| own.as_secs_f64() / limit.as_secs_f64()));
        println!(
            "| {id} | {} | {:.0} | {:.0} | {:.3} | {:.3}–{:.3} |",
            full.len(),
            quantile(&own, 0.5),
            quantile(&limit, 0.5),
            quantile(&ratios, 0.5),
            quantile(&ratios, 0.25),
            quantile(&ratios, 0.75),
        );
    }
}

fn main() {
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let fixtures = Fixtures::new();
    let pairs = RefCell::new(Pairs::new());
    bench(&mut criterion, &fixtures, &pairs);
    criterion.final_summary();
    report(&pairs.borrow());
}

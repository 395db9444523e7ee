//! Helpers shared by the benchmark binaries (not a benchmark itself).

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The median wall-clock time of `runs` runs of `f`, for the summary lines the benches print.
pub fn median<T>(runs: usize, f: impl Fn() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

//! A parallel map over a slice, on scoped threads, results in input order.
//!
//! Work is handed out one item at a time so a few large items (the `crm` namespace,
//! a 200-row page) do not leave the other threads idle.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Threads to use: `requested`, or the machine's parallelism when 0; never more than
/// there are items, never fewer than one.
pub fn threads(requested: usize, items: usize) -> usize {
    let available = std::thread::available_parallelism().map_or(1, |n| n.get());
    let n = if requested == 0 { available } else { requested };
    n.clamp(1, items.max(1))
}

/// `items.iter().map(f).collect()`, run on up to `threads` threads (0 = all cores).
/// A panic in `f` propagates to the caller.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = self::threads(threads, items.len());
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                if let Ok(mut all) = results.lock() {
                    all[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_input_order_with_any_thread_count() {
        let items: Vec<u64> = (0..1000).collect();
        for threads in [1, 2, 7] {
            let out = map(&items, threads, |x| x * 2);
            assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn empty_input() {
        let out: Vec<u8> = map(&[] as &[u8], 4, |x| *x);
        assert!(out.is_empty());
    }
}

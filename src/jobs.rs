//! Independent items worked on N threads, results in the order of the input.
//!
//! Every thread owns its own state (a `Session` is single-threaded: `Rc`s, a `SourceMap`
//! that grows); items are dealt out round-robin, so which thread works on which item depends
//! only on N, and results come back in input order whatever N is.

/// Worker threads get the main thread's usual stack (the parser and the evaluator recurse;
/// spawned threads would otherwise get 2 MiB).
const STACK_SIZE: usize = 8 << 20;

/// `work(state, item)` for every item, `state` made by `init` once per thread; results in
/// item order. One thread (or one item) runs on the calling thread.
pub fn map_ordered<I, S, T>(
    items: &[I],
    threads: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &I) -> T + Sync,
) -> Vec<T>
where
    I: Sync,
    T: Send,
{
    let mut out = Vec::with_capacity(items.len());
    for_each_ordered(items, threads, init, work, |t| out.push(t));
    out
}

/// As [`map_ordered`], but each result goes to `consume` (on the calling thread) as soon as
/// it and every result before it are done, so the results need not all be held at once
/// (`dump` prints a header's constants while later headers are read).
pub fn for_each_ordered<I, S, T>(
    items: &[I],
    threads: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &I) -> T + Sync,
    mut consume: impl FnMut(T),
) where
    I: Sync,
    T: Send,
{
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        let mut state = init();
        for i in items {
            consume(work(&mut state, i));
        }
        return;
    }
    let (sender, results) = std::sync::mpsc::channel::<(usize, T)>();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|w| {
                let (init, work, sender) = (&init, &work, sender.clone());
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, move || {
                        let mut state = init();
                        for i in (w..items.len()).step_by(threads) {
                            if sender.send((i, work(&mut state, &items[i]))).is_err() {
                                return;
                            }
                        }
                    })
            })
            .collect();
        drop(sender);
        // Results that came before an earlier one, by index.
        let mut early = std::collections::BTreeMap::new();
        let mut next = 0;
        // Ends when every worker is done (or gone: a panic is resumed below).
        for (i, t) in results {
            early.insert(i, t);
            while let Some(t) = early.remove(&next) {
                consume(t);
                next += 1;
            }
        }
        for h in handles {
            // A thread that cannot start, or panicked, is a bug: fail loudly, not silently.
            h.expect("spawning a worker thread")
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
        }
        assert_eq!(next, items.len(), "every item was handed to one thread");
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_for_any_thread_count() {
        let items: Vec<u32> = (0..37).collect();
        let serial = map_ordered(
            &items,
            1,
            || 0u32,
            |seen, i| {
                *seen += 1;
                i * 3
            },
        );
        assert_eq!(serial, items.iter().map(|i| i * 3).collect::<Vec<_>>());
        for n in [2, 3, 8, 100] {
            let threads = std::sync::Mutex::new(std::collections::HashSet::new());
            let out = map_ordered(
                &items,
                n,
                || (),
                |_, i| {
                    threads.lock().unwrap().insert(std::thread::current().id());
                    i * 3
                },
            );
            assert_eq!(out, serial, "{n} threads");
            assert_eq!(
                threads.lock().unwrap().len(),
                n.min(items.len()),
                "{n} threads"
            );
        }
    }
}

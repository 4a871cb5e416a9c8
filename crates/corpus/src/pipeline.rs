//! An ordered parallel map with bounded memory.
//!
//! [`run`] takes items from a producer, processes them on a pool of worker threads
//! (rayon) and hands the results to a consumer on the calling thread **in the
//! producer's order**, whatever the number of threads:
//!
//! ```text
//! producer thread ──batches──▶ rayon workers ──(seq, results)──▶ reorder buffer ──▶ consumer
//!        ▲                                                                   │
//!        └──────────────────────── one token per batch consumed ─────────────┘
//! ```
//!
//! The producer groups items into batches (a number of items, or fewer when they
//! hold many bytes) and needs a token to hand a batch out; the consumer returns the
//! token once it has consumed that batch. With `window` tokens, at most `window`
//! batches exist at any time, counting those queued, being processed, done but
//! waiting for an earlier one, and being consumed. Memory is therefore bounded by
//! the window, not by the number of items.
//!
//! The consumer can stop the run ([`ControlFlow::Break`]): the producer stops at
//! its next item and the batches in flight are dropped.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;

/// How to run a pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Worker threads.
    pub threads: NonZeroUsize,
    /// Items per batch, at most.
    pub batch_items: usize,
    /// A batch is handed out early once its items hold this many bytes.
    pub batch_bytes: usize,
    /// Batches in flight, at most.
    pub window: usize,
}

impl Config {
    /// A configuration for `threads` workers: batches of 64 items (or 1 MB held),
    /// four batches in flight per worker.
    pub fn new(threads: NonZeroUsize) -> Config {
        Config {
            threads,
            batch_items: 64,
            batch_bytes: 1 << 20,
            window: 4 * threads.get(),
        }
    }
}

/// One batch's results, or the panic that ended its processing.
type Done<T> = (u64, thread::Result<Vec<T>>);

/// Runs `produce`, which hands items to its callback until it returns or the
/// callback breaks; processes each item with `process` on `config.threads` worker
/// threads (each batch with a fresh `init()` state, for per-thread resources such
/// as an exporter); and calls `consume` with the results in the order the items
/// were produced. `weight` says how many bytes an item holds (for batching).
///
/// Returns whether the consumer stopped the run. A panic in `process` or `produce`
/// is resumed on the calling thread.
pub fn run<I, T, S>(
    config: Config,
    produce: impl FnOnce(&mut dyn FnMut(I) -> ControlFlow<()>) + Send,
    weight: impl Fn(&I) -> usize + Send,
    init: impl Fn() -> S + Sync,
    process: impl Fn(&mut S, I) -> T + Sync,
    mut consume: impl FnMut(T) -> ControlFlow<()>,
) -> Result<ControlFlow<()>, rayon::ThreadPoolBuildError>
where
    I: Send,
    T: Send,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads.get())
        .thread_name(|i| format!("dateline-worker-{i}"))
        .build()?;
    let window = config.window.max(1);
    let batch_items = config.batch_items.max(1);
    // Results never wait for room: at most `window` batches exist.
    let (done_tx, done_rx) = mpsc::sync_channel::<Done<T>>(window);
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        // Cannot fail: the channel has room for every token and a receiver.
        let _ = token_tx.send(());
    }
    let stop = AtomicBool::new(false);
    let (init, process, stop_ref) = (&init, &process, &stop);

    let flow = thread::scope(|scope| {
        let producer = scope.spawn(move || {
            pool.in_place_scope_fifo(|jobs| {
                let mut seq = 0u64;
                let mut hand_out = |batch: Vec<I>| -> ControlFlow<()> {
                    if token_rx.recv().is_err() || stop_ref.load(Ordering::Relaxed) {
                        return ControlFlow::Break(());
                    }
                    let done_tx = done_tx.clone();
                    let this = seq;
                    seq += 1;
                    jobs.spawn_fifo(move |_| {
                        let results = panic::catch_unwind(AssertUnwindSafe(|| {
                            let mut state = init();
                            batch
                                .into_iter()
                                .map(|item| process(&mut state, item))
                                .collect::<Vec<T>>()
                        }));
                        // The consumer may have stopped: nobody to tell.
                        let _ = done_tx.send((this, results));
                    });
                    ControlFlow::Continue(())
                };
                let mut batch = Vec::with_capacity(batch_items);
                let mut held = 0usize;
                produce(&mut |item| {
                    if stop_ref.load(Ordering::Relaxed) {
                        return ControlFlow::Break(());
                    }
                    held += weight(&item);
                    batch.push(item);
                    if batch.len() >= batch_items || held >= config.batch_bytes {
                        held = 0;
                        hand_out(std::mem::replace(
                            &mut batch,
                            Vec::with_capacity(batch_items),
                        ))
                    } else {
                        ControlFlow::Continue(())
                    }
                });
                if !batch.is_empty() {
                    let _ = hand_out(batch);
                }
                drop(done_tx);
            });
        });

        let mut waiting: BTreeMap<u64, Vec<T>> = BTreeMap::new();
        let mut next = 0u64;
        let mut flow = ControlFlow::Continue(());
        let mut panicked = None;
        'receive: for (seq, results) in done_rx.iter() {
            match results {
                Ok(results) => {
                    waiting.insert(seq, results);
                }
                Err(payload) => {
                    panicked = Some(payload);
                    break 'receive;
                }
            }
            while let Some(results) = waiting.remove(&next) {
                next += 1;
                for result in results {
                    if consume(result).is_break() {
                        flow = ControlFlow::Break(());
                        break 'receive;
                    }
                }
                // The producer may be done: nobody to give the token to.
                let _ = token_tx.send(());
            }
        }
        // Stop the producer (it sees the flag, or its token channel closing) and
        // let the workers' last sends fail.
        stop.store(true, Ordering::Relaxed);
        drop(token_tx);
        drop(done_rx);
        drop(waiting);
        if let Err(payload) = producer.join() {
            panic::resume_unwind(payload);
        }
        if let Some(payload) = panicked {
            panic::resume_unwind(payload);
        }
        flow
    });
    Ok(flow)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(threads: usize) -> Config {
        let mut config = Config::new(NonZeroUsize::new(threads).expect("non-zero"));
        config.batch_items = 3;
        config.window = 2;
        config
    }

    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        for threads in [1, 2, 4] {
            let mut out = Vec::new();
            let flow = run(
                config(threads),
                |emit| {
                    for i in 0..1000u64 {
                        if emit(i).is_break() {
                            break;
                        }
                    }
                },
                |_| 0,
                || (),
                |(), i| {
                    // Uneven work, so that batches finish out of order.
                    if i % 7 == 0 {
                        thread::sleep(std::time::Duration::from_micros(50));
                    }
                    i * 2
                },
                |r| {
                    out.push(r);
                    ControlFlow::Continue(())
                },
            )
            .expect("a pool");
            assert!(flow.is_continue());
            assert_eq!(out, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_consumer_can_stop_the_run() {
        let produced = std::sync::atomic::AtomicU64::new(0);
        let mut out = Vec::new();
        let flow = run(
            config(2),
            |emit| {
                for i in 0..1_000_000u64 {
                    produced.fetch_add(1, Ordering::Relaxed);
                    if emit(i).is_break() {
                        break;
                    }
                }
            },
            |_| 0,
            || (),
            |(), i| i,
            |r| {
                out.push(r);
                if r == 10 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )
        .expect("a pool");
        assert!(flow.is_break());
        assert_eq!(out, (0..=10).collect::<Vec<_>>());
        assert!(
            produced.load(Ordering::Relaxed) < 100,
            "the producer stopped soon: {}",
            produced.load(Ordering::Relaxed)
        );
    }

    #[test]
    fn items_in_flight_are_bounded_by_the_window() {
        let in_flight = std::sync::atomic::AtomicI64::new(0);
        let max = std::sync::atomic::AtomicI64::new(0);
        let cfg = config(4);
        let _ = run(
            cfg,
            |emit| {
                for i in 0..500u64 {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    max.fetch_max(now, Ordering::SeqCst);
                    if emit(i).is_break() {
                        break;
                    }
                }
            },
            |_| 0,
            || (),
            |(), i| i,
            |_| {
                in_flight.fetch_sub(1, Ordering::SeqCst);
                ControlFlow::Continue(())
            },
        )
        .expect("a pool");
        // The window's batches, plus the batch being filled.
        let bound = (cfg.window + 1) * cfg.batch_items;
        assert!(
            max.load(Ordering::SeqCst) <= bound as i64,
            "{} > {bound}",
            max.load(Ordering::SeqCst)
        );
    }

    #[test]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let result = panic::catch_unwind(|| {
            run(
                config(2),
                |emit| {
                    for i in 0..100u64 {
                        if emit(i).is_break() {
                            break;
                        }
                    }
                },
                |_| 0,
                || (),
                |(), i| {
                    assert_ne!(i, 42, "boom");
                    i
                },
                |_| ControlFlow::Continue(()),
            )
        });
        assert!(result.is_err());
    }
}

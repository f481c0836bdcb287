//! Work on the second core, for a streamed clean: a segment's distinct titles and row groups
//! are matched in as many contiguous runs as there are memos, one thread each, and put back in
//! order. Each thread reads with its own [`Memo`], and a memo changes how often a text is read,
//! never its result, so the output is the one thread's byte for byte. WebAssembly in the page
//! has one thread: there it is always one run.

use crate::matcher::Memo;

/// Fewer items than this are matched on one thread: starting a thread costs more (tens of
/// microseconds) than matching them.
const MIN_ITEMS: usize = 512;

/// `items` mapped by `f` in order, on `memos.len()` threads (one when there is one memo, or
/// few items).
pub(super) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    memos: &mut [Memo],
    f: impl Fn(&T, &mut Memo) -> R + Sync,
) -> Vec<R> {
    let Some((first, rest)) = memos.split_first_mut() else {
        return Vec::new();
    };
    #[cfg(not(target_arch = "wasm32"))]
    if !rest.is_empty() && items.len() >= MIN_ITEMS {
        let per = items.len().div_ceil(rest.len() + 1);
        let mut runs = items.chunks(per);
        let mine = runs.next().unwrap_or_default();
        let f = &f;
        return std::thread::scope(|scope| {
            let theirs: Vec<_> = (runs.zip(rest.iter_mut()))
                .map(|(run, memo)| scope.spawn(move || run.iter().map(|t| f(t, memo)).collect()))
                .collect();
            let mut out: Vec<R> = mine.iter().map(|t| f(t, first)).collect();
            for thread in theirs {
                let done: Vec<R> = thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                out.extend(done);
            }
            out
        });
    }
    #[cfg(target_arch = "wasm32")]
    let _ = (rest, MIN_ITEMS);
    items.iter().map(|t| f(t, first)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_back_in_order_whatever_the_threads() {
        let items: Vec<usize> = (0..2000).collect();
        for threads in [1, 2, 3] {
            let mut memos: Vec<Memo> = (0..threads).map(|_| Memo::default()).collect();
            let out = map_in_order(&items, &mut memos, |i, _| i * 2);
            assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
        assert!(map_in_order(&items, &mut [], |i, _| *i).is_empty());
    }
}

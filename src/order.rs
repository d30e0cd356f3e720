//! One sort for every list the app orders (the packet list, the analyzer's findings, a
//! scenario's scheduled actions): each caller turns its items into `(major, minor, index)` keys
//! and sorts those, so that the wasm carries one sort routine instead of one per element type
//! (each of Rust's stable sorts, monomorphised, cost about half a kilobyte of the gzipped bundle).
//! The index last makes the order stable: equal keys keep their original order.

/// A sort key: two values, then the item's original position.
pub type Key = (i64, u64, usize);

/// Sorts keys (ascending).
pub fn sort(keys: &mut [Key]) {
    keys.sort_unstable();
}

/// An `f64` as an `i64` in the same order as [`f64::total_cmp`] (IEEE 754 totalOrder).
pub fn f64_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

/// Sorts `items` by a float (seconds, say), keeping the order of equal ones.
pub fn by_f64<T>(items: Vec<T>, key: impl Fn(&T) -> f64) -> Vec<T> {
    let mut keys: Vec<Key> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (f64_key(key(item)), 0, i))
        .collect();
    sort(&mut keys);
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    keys.iter()
        .filter_map(|k| slots.get_mut(k.2).and_then(Option::take))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_order_as_total_cmp_and_ties_keep_their_order() {
        let xs = [
            3.5,
            -0.0,
            0.0,
            -2.0,
            f64::INFINITY,
            -f64::INFINITY,
            1e-300,
            -1e300,
            3.5,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(f64_key(a).cmp(&f64_key(b)), a.total_cmp(&b), "{a} vs {b}");
            }
        }
        let items = vec![(2.0, 'a'), (1.0, 'b'), (2.0, 'c'), (-1.0, 'd'), (1.0, 'e')];
        let sorted = by_f64(items, |x| x.0);
        let letters: String = sorted.iter().map(|x| x.1).collect();
        assert_eq!(letters, "dbeac");
    }
}

//! A small map kept as a list sorted by key, with the part of `BTreeMap`'s interface the
//! simulator and the scenario player use, iterated in the same key order.
//!
//! Why not `BTreeMap`: the wasm carries the B-tree's code once for every key and value type, and
//! the simulator has a dozen of them; a sorted `Vec` needs a binary search and a `Vec` insert per
//! type instead (the scenario player's three maps alone were 3.7 KB of the gzipped bundle). The
//! maps it serves are small (a node's groups, timers and sources), where a sorted list is as fast.

use std::borrow::Borrow;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

/// A place in a map for one key, as `BTreeMap::entry` gives.
pub struct Entry<'a, K, V> {
    map: &'a mut SortedMap<K, V>,
    at: Result<usize, usize>,
    key: K,
}

impl<'a, K, V> Entry<'a, K, V> {
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let i = match self.at {
            Ok(i) => i,
            Err(i) => {
                self.map.0.insert(i, (self.key, make()));
                i
            }
        };
        &mut self.map.0[i].1
    }
    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    pub fn new() -> Self {
        SortedMap(Vec::new())
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// Sets `key` to `value`; gives back the value it had.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.0[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let at = self.find(&key);
        Entry { map: self, at, key }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0.clear()
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain_mut(|(k, v)| keep(k, v))
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + Clone {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&K, &mut V)> {
        self.0.iter_mut().map(|(k, v)| (&*k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + Clone {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + Clone {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> {
        self.0.iter_mut().map(|(_, v)| v)
    }

    /// The entries with keys from `keys.start()` to `keys.end()`, both included.
    pub fn range(
        &self,
        keys: std::ops::RangeInclusive<K>,
    ) -> impl DoubleEndedIterator<Item = (&K, &V)> + Clone {
        let from = self.0.partition_point(|(k, _)| k < keys.start());
        let to = self.0.partition_point(|(k, _)| k <= keys.end()).max(from);
        self.0[from..to].iter().map(|(k, v)| (k, v))
    }

    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.0.first().map(|(k, v)| (k, v))
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        let mut map = SortedMap::new();
        for (k, v) in items {
            map.insert(k, v);
        }
        map
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// A set kept as a sorted list: [`SortedMap`] without values, with the part of `BTreeSet`'s
/// interface its users need (the switch's ports, the packet list's marks, a tree's collapsed
/// rows). The wasm then carries no B-tree for `usize` keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortedSet<K>(Vec<K>);

impl<K> Default for SortedSet<K> {
    fn default() -> Self {
        SortedSet(Vec::new())
    }
}

impl<K: Ord> SortedSet<K> {
    pub fn new() -> Self {
        SortedSet(Vec::new())
    }

    /// Adds `key`; true if it was not there.
    pub fn insert(&mut self, key: K) -> bool {
        match self.0.binary_search(&key) {
            Ok(_) => false,
            Err(i) => {
                self.0.insert(i, key);
                true
            }
        }
    }

    /// Takes `key` out; true if it was there.
    pub fn remove(&mut self, key: &K) -> bool {
        match self.0.binary_search(key) {
            Ok(i) => {
                self.0.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    pub fn contains(&self, key: &K) -> bool {
        self.0.binary_search(key).is_ok()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0.clear()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, K> {
        self.0.iter()
    }
}

impl SortedSet<usize> {
    /// Adds many keys at once, in any order (a shift-click over a million rows): one sort, not
    /// a million inserts into the middle of the list.
    pub fn insert_many(&mut self, keys: impl IntoIterator<Item = usize>) {
        self.0.extend(keys);
        self.0.sort_unstable();
        self.0.dedup();
    }
}

impl<K: Ord> Extend<K> for SortedSet<K> {
    fn extend<I: IntoIterator<Item = K>>(&mut self, keys: I) {
        for k in keys {
            self.insert(k);
        }
    }
}

impl<K: Ord> FromIterator<K> for SortedSet<K> {
    fn from_iter<I: IntoIterator<Item = K>>(keys: I) -> Self {
        let mut set = SortedSet::new();
        set.extend(keys);
        set
    }
}

impl<K> IntoIterator for SortedSet<K> {
    type Item = K;
    type IntoIter = std::vec::IntoIter<K>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, K> IntoIterator for &'a SortedSet<K> {
    type Item = &'a K;
    type IntoIter = std::slice::Iter<'a, K>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The same operations on a `SortedSet` and a `BTreeSet` leave the same contents, in the
    /// same order.
    #[test]
    fn the_set_behaves_as_a_btreeset() {
        let mut ours = SortedSet::new();
        let mut theirs = std::collections::BTreeSet::new();
        for i in 0..500usize {
            let k = i * 7919 % 101;
            match i % 4 {
                0 | 1 => assert_eq!(ours.insert(k), theirs.insert(k)),
                2 => assert_eq!(ours.remove(&k), theirs.remove(&k)),
                _ => {
                    ours.insert_many([k, k + 1, k + 50]);
                    theirs.extend([k, k + 1, k + 50]);
                }
            }
            assert!(ours.iter().eq(theirs.iter()));
            assert_eq!(ours.contains(&7), theirs.contains(&7));
            assert_eq!(ours.len(), theirs.len());
        }
    }

    /// The same operations on a `SortedMap` and a `BTreeMap` leave the same contents, in the
    /// same order.
    #[test]
    fn behaves_as_a_btreemap() {
        let mut ours = SortedMap::new();
        let mut theirs = BTreeMap::new();
        for i in 0..500u32 {
            let k = i * 7919 % 101;
            match i % 5 {
                0 | 1 => assert_eq!(ours.insert(k, i), theirs.insert(k, i)),
                2 => assert_eq!(ours.remove(&k), theirs.remove(&k)),
                3 => *ours.entry(k).or_default() += 1,
                _ => ours.retain(|k, _| k % 3 != 0),
            }
            match i % 5 {
                3 => *theirs.entry(k).or_default() += 1,
                4 => theirs.retain(|k, _| k % 3 != 0),
                _ => {}
            }
            assert!(ours.iter().eq(theirs.iter()));
        }
        assert_eq!(ours.get(&5), theirs.get(&5));
        assert!(ours.range(10..=40).eq(theirs.range(10..=40)));
        assert_eq!(ours.len(), theirs.len());
    }
}

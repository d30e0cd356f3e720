//! The simulator's only source of randomness: seeded, so that a scenario and a seed give one
//! trace, byte for byte.

use super::Ms;

/// A small, fast, seeded generator (xorshift64*). Never OS randomness.
#[derive(Clone, Debug)]
pub struct SimRng(u64);

impl SimRng {
    /// Every seed gives its own run: the seed is mixed with splitmix64 first (so seeds that
    /// differ in one bit start far apart), and a zero state, which xorshift cannot leave, is
    /// replaced by a fixed odd constant.
    pub fn new(seed: u64) -> SimRng {
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        SimRng(if z == 0 { 0x9e37_79b9_7f4a_7c15 } else { z })
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in (0, max] milliseconds; 0 when max is 0.
    pub fn up_to(&mut self, max: Ms) -> Ms {
        if max == 0 {
            0
        } else {
            // max is not 0 here.
            self.next_u64()
                .checked_rem(max)
                .unwrap_or(0)
                .saturating_add(1)
        }
    }
}

//! A small seeded PRNG (xorshift64*) for property tests: deterministic runs, no dependency.
//! `ERRWIRE_CASES` sets how many cases a property test runs; `ERRWIRE_SEED` its seed.
// Included by several test binaries, each using part of it.
#![allow(dead_code)]

pub struct Rng(u64);

impl Rng {
    pub fn from_env() -> Self {
        let seed =
            std::env::var("ERRWIRE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_e77c_0de5_u64);
        Rng(seed | 1)
    }

    pub fn seed(&self) -> u64 {
        self.0
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A string of up to `max` characters drawn from `alphabet`.
    pub fn string_from(&mut self, alphabet: &[char], max: usize) -> String {
        let len = self.below(max + 1);
        (0..len).map(|_| *self.pick(alphabet)).collect()
    }
}

/// How many cases a property test runs (`ERRWIRE_CASES`, else `default`).
pub fn cases(default: usize) -> usize {
    std::env::var("ERRWIRE_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

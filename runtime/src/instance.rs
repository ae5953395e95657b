use core::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// A unique, opaque id of one error response, for clients to quote to support.
///
/// 16 lowercase hex digits: a process-wide counter offset by a random per-process key and
/// scrambled by a bijective mixer, so ids never repeat within a process (before 2^64 of them),
/// differ between processes, and don't read as a sequence. Generated without allocating.
///
/// ```
/// let a = errwire::InstanceId::generate();
/// let b = errwire::InstanceId::generate();
/// assert_ne!(a.as_str(), b.as_str());
/// assert_eq!(a.as_str().len(), 16);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct InstanceId([u8; 16]);

impl InstanceId {
    /// A new id, different from every other one this process generated.
    pub fn generate() -> Self {
        static KEY: OnceLock<u64> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let key = KEY.get_or_init(|| RandomState::new().hash_one(0x65_72_72_77_69_72_65_u64));
        InstanceId(hex(mix(n.wrapping_add(*key))))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        debug_assert!(self.0.is_ascii());
        // SAFETY: only `hex` makes the digits, and it makes ASCII hex digits. (Checking costs a
        // third of what generating the id does.)
        unsafe { core::str::from_utf8_unchecked(&self.0) }
    }
}

impl fmt::Display for InstanceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for InstanceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InstanceId({})", self.as_str())
    }
}

/// `x` as 16 lowercase hex digits, most significant first, computed on all digits at once (a
/// digit per byte of a `u128`) instead of one table lookup per digit.
fn hex(x: u64) -> [u8; 16] {
    const BYTES: u128 = u128::MAX / 0xff; // 0x0101…01
    // Spread the 16 nibbles of `x` into the low halves of the 16 bytes, digit `i` from the right
    // into byte `i`.
    let mut v = u128::from(x);
    v = (v | (v << 32)) & 0x0000_0000_ffff_ffff_0000_0000_ffff_ffff;
    v = (v | (v << 16)) & 0x0000_ffff_0000_ffff_0000_ffff_0000_ffff;
    v = (v | (v << 8)) & 0x00ff_00ff_00ff_00ff_00ff_00ff_00ff_00ff;
    v = (v | (v << 4)) & (BYTES * 0x0f);
    // Each byte 0..=15 to ASCII: `'0' + d`, plus the gap from `'9' + 1` to `'a'` when `d >= 10`.
    let letters = ((v + BYTES * 6) >> 4) & BYTES;
    (v + BYTES * u128::from(b'0') + letters * u128::from(b'a' - b'9' - 1)).to_be_bytes()
}

/// The splitmix64 finalizer: a bijection on `u64`, so distinct counters give distinct ids.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_digits_match_the_formatter() {
        for x in [
            0,
            1,
            0xf,
            0x10,
            0x9a,
            0x0123_4567_89ab_cdef,
            0xfedc_ba98_7654_3210,
            u64::MAX,
            0xa0a0_9f9f_0000_ffff,
        ] {
            assert_eq!(super::hex(x), *format!("{x:016x}").as_bytes(), "{x:#x}");
        }
    }
}

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
        let hash = mix(n.wrapping_add(*key));
        let mut digits = [0u8; 16];
        for (i, digit) in digits.iter_mut().enumerate() {
            let nibble = (hash >> (60 - 4 * i)) & 0xf;
            *digit = b"0123456789abcdef"[nibble as usize];
        }
        InstanceId(digits)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever stored.
        core::str::from_utf8(&self.0).unwrap_or_default()
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

/// The splitmix64 finalizer: a bijection on `u64`, so distinct counters give distinct ids.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

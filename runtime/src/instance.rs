use core::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// A unique, unpredictable id of one error response, for clients to quote to support.
///
/// Written as a URN, `urn:uuid:` and a random (version 4 layout) UUID:
/// `urn:uuid:3f7c1b8e-2a5d-4c1f-9e6b-7d2a0c4b5e91`. An RFC 9457 client reads `instance` as a
/// URI reference and resolves a relative one (a bare token) against the request URL; a URN is
/// absolute, so it reaches the client as written.
///
/// The first 64 bits are SipHash-1-3, keyed with a random per-process key, of a process-wide
/// counter (a keyed pseudo-random function: one id says nothing about the next); the last 64 a
/// bijective mix of the counter (ids don't repeat within a process). Generated without
/// allocating, in about 300 instructions.
///
/// ```
/// let a = errwire::InstanceId::generate();
/// let b = errwire::InstanceId::generate();
/// assert_ne!(a.as_str(), b.as_str());
/// assert!(a.as_str().starts_with("urn:uuid:"));
/// assert_eq!(a.as_str().len(), 45);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct InstanceId([u8; LEN]);

/// `urn:uuid:` and 36 characters of UUID.
const LEN: usize = PREFIX.len() + 36;
const PREFIX: &str = "urn:uuid:";

impl InstanceId {
    /// A new id, different from every other one this process generated.
    pub fn generate() -> Self {
        static KEYS: OnceLock<(RandomState, u64)> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let (key, offset) = KEYS.get_or_init(|| {
            let key = RandomState::new();
            let offset = key.hash_one(u64::MAX);
            (key, offset)
        });
        // The first half is unpredictable: SipHash-1-3 of the counter under the secret key (a
        // pseudo-random function). The second half is unique: a bijection of the counter, so no
        // two ids of a process are equal. The UUID's version (4) and variant (0b10) bits
        // overwrite 6 of the 128.
        let high = key.hash_one(n);
        let low = mix(n.wrapping_add(*offset));
        let high = (high & !0xf000) | 0x4000;
        let low = (low & !(0b11 << 62)) | (0b10 << 62);
        let (high, low) = (hex(high), hex(low));
        let mut text = [0u8; LEN];
        let (prefix, uuid) = text.split_at_mut(PREFIX.len());
        prefix.copy_from_slice(PREFIX.as_bytes());
        // 8-4-4-4-12: the first 16 digits are 8-4-4, the last 16 are 4-12.
        uuid[..8].copy_from_slice(&high[..8]);
        uuid[8] = b'-';
        uuid[9..13].copy_from_slice(&high[8..12]);
        uuid[13] = b'-';
        uuid[14..18].copy_from_slice(&high[12..]);
        uuid[18] = b'-';
        uuid[19..23].copy_from_slice(&low[..4]);
        uuid[23] = b'-';
        uuid[24..].copy_from_slice(&low[4..]);
        InstanceId(text)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        debug_assert!(self.0.is_ascii());
        // SAFETY: only `generate` makes the text, from ASCII hex digits, hyphens and the ASCII
        // prefix. (Checking costs a third of what generating the id does.)
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

/// The splitmix64 finalizer: a bijection on `u64`, so distinct counters give distinct halves.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
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

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_uuid_urns() {
        let id = super::InstanceId::generate();
        let text = id.as_str();
        let uuid = text.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{text}");
        assert!(uuid.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(&uuid[14..15], "4", "version 4: {text}");
        assert!("89ab".contains(&uuid[19..20]), "variant 10: {text}");
    }

    /// Consecutive ids share no structure: the random bits of one id and the next differ in
    /// about half their places (a counter, or a bijective mix of one, differs in few or in a
    /// fixed pattern), and no bit is stuck.
    #[test]
    fn consecutive_ids_look_independent() {
        let bits = |id: &super::InstanceId| {
            let hex: String = id.as_str()["urn:uuid:".len()..].chars().filter(|c| *c != '-').collect();
            u128::from_str_radix(&hex, 16).unwrap() & !(0xf << 76) & !(0b11 << 62)
        };
        let ids: Vec<u128> = (0..2000).map(|_| bits(&super::InstanceId::generate())).collect();
        let differing: u32 = ids.windows(2).map(|pair| (pair[0] ^ pair[1]).count_ones()).sum();
        let mean = f64::from(differing) / 1999.0;
        assert!((58.0..64.0).contains(&mean), "consecutive ids differ in {mean} of 122 bits on average");
        let (any, all) = ids.iter().fold((0u128, u128::MAX), |(any, all), id| (any | id, all & id));
        assert_eq!(any.count_ones(), 122, "a random bit is stuck at 0");
        assert_eq!(all, 0, "a random bit is stuck at 1");
    }

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

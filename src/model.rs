//! The binary container every parsi model uses (POS tagger and lemmatizer,
//! entity recognizer, word clusters).
//!
//! ```text
//! magic      8 bytes  one per model kind, e.g. b"PARSIPOS"
//! version    u32 LE   the kind's body version (e.g. pos::VERSION)
//! body_len   u32 LE   length of the body in bytes
//! checksum   u64 LE   FNV-1a 64 of the body
//! body       body_len bytes, as the model kind defines it
//! ```
//!
//! Integers in the body are little-endian or LEB128 varints; strings are a
//! varint byte length followed by UTF-8. Every length is checked against the
//! bytes that remain before anything is sliced or allocated, so damaged input
//! is an [`Error::InvalidModel`], never a panic.

use crate::error::{Error, Result};

const HEADER_LEN: usize = 8 + 4 + 4 + 8;

/// FNV-1a, 64 bits.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidModel(msg.into())
}

/// Whether `bytes` are exactly one of the model files compiled into the
/// library ([`crate::clusters::EMBEDDED`], [`crate::clusters::CLASSES`],
/// [`crate::pos::EMBEDDED`], [`crate::ner::EMBEDDED`]; the same address and
/// length, not merely equal bytes). Their checksums and the fingerprints the
/// entity model records are checked by the test suite
/// (`embedded_models_are_intact`) instead of at every start: hashing their
/// 4 MB twice took a fifth of the start-up.
pub(crate) fn is_embedded(bytes: &[u8]) -> bool {
    [
        crate::clusters::EMBEDDED,
        crate::clusters::CLASSES,
        crate::pos::EMBEDDED,
        crate::ner::EMBEDDED,
    ]
    .iter()
    .any(|e| std::ptr::eq(*e, bytes))
}

/// Wraps a body in the header (magic, the kind's body version, length,
/// checksum).
pub fn wrap(magic: &[u8; 8], version: u32, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&fnv1a64(body).to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// Checks the header (`what` names the model kind in errors, `expected` is
/// the body version this build reads) and returns the body.
pub fn unwrap<'a>(magic: &[u8; 8], expected: u32, what: &str, bytes: &'a [u8]) -> Result<&'a [u8]> {
    unwrap_versions(magic, expected..=expected, what, bytes).map(|(_, body)| body)
}

/// Like [`unwrap`] for a kind whose reader takes several body versions:
/// returns the file's version and the body.
pub fn unwrap_versions<'a>(
    magic: &[u8; 8],
    versions: std::ops::RangeInclusive<u32>,
    what: &str,
    bytes: &'a [u8],
) -> Result<(u32, &'a [u8])> {
    unwrap_checked(magic, versions, what, bytes, !is_embedded(bytes))
}

/// [`unwrap_versions`], checking the checksum only if `checksum` (not for
/// an embedded model, [`is_embedded`], or a part of one).
pub(crate) fn unwrap_checked<'a>(
    magic: &[u8; 8],
    versions: std::ops::RangeInclusive<u32>,
    what: &str,
    bytes: &'a [u8],
    checksum: bool,
) -> Result<(u32, &'a [u8])> {
    if bytes.len() < HEADER_LEN {
        return Err(invalid(format!(
            "{} bytes is shorter than the {HEADER_LEN}-byte header",
            bytes.len()
        )));
    }
    if &bytes[..8] != magic {
        return Err(invalid(format!(
            "not a parsi {what} model (wrong magic bytes)"
        )));
    }
    let mut r = Reader::new(&bytes[8..HEADER_LEN]);
    let version = r.u32()?;
    if !versions.contains(&version) {
        let reads = if versions.start() == versions.end() {
            format!("version {}", versions.start())
        } else {
            format!("versions {} to {}", versions.start(), versions.end())
        };
        return Err(invalid(format!(
            "{what} model format version {version}, this build reads {reads}"
        )));
    }
    let len = r.u32()? as usize;
    let sum = r.u64()?;
    let body = &bytes[HEADER_LEN..];
    if body.len() != len {
        return Err(invalid(format!(
            "body is {} bytes, the header says {len} (truncated or padded)",
            body.len()
        )));
    }
    if checksum && fnv1a64(body) != sum {
        return Err(invalid("checksum mismatch (the file is damaged)"));
    }
    Ok((version, body))
}

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    /// The bytes written so far.
    pub buf: Vec<u8>,
}

impl Writer {
    /// A byte.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    /// A little-endian u32.
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// An unsigned LEB128 varint.
    pub fn var(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(b);
                return;
            }
            self.buf.push(b | 0x80);
        }
    }
    /// A signed varint (zigzag).
    pub fn svar(&mut self, v: i64) {
        self.var(((v << 1) ^ (v >> 63)) as u64);
    }
    /// A string: byte length, then UTF-8.
    pub fn str(&mut self, s: &str) {
        self.var(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
}

/// Reads values from a byte slice, checking every length.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Reads from the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }
    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }
    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(invalid(format!(
                "truncated: need {n} bytes at offset {}, {} left",
                self.pos,
                self.remaining()
            )));
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    /// A byte.
    #[inline]
    pub fn u8(&mut self) -> Result<u8> {
        match self.bytes.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Ok(self.take(1)?[0]),
        }
    }
    /// A little-endian u32.
    pub fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// A little-endian u64.
    pub fn u64(&mut self) -> Result<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    /// An unsigned LEB128 varint (at most 10 bytes).
    #[inline]
    pub fn var(&mut self) -> Result<u64> {
        match self.bytes.get(self.pos) {
            Some(&b) if b < 0x80 => {
                self.pos += 1;
                Ok(b as u64)
            }
            _ => self.var_long(),
        }
    }

    /// A varint of more than one byte: eight bytes at once when there are
    /// eight left and it ends within them (a varint of up to 56 bits).
    #[inline]
    fn var_long(&mut self) -> Result<u64> {
        if let Some(b) = self.bytes.get(self.pos..self.pos + 8) {
            let x = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
            let stop = !x & 0x8080_8080_8080_8080;
            if stop != 0 {
                // The varint's length in bytes, 1..=8.
                let n = (stop.trailing_zeros() / 8 + 1) as usize;
                let x = if n == 8 {
                    x
                } else {
                    x & ((1u64 << (8 * n)) - 1)
                };
                // The 7-bit groups, packed: in pairs, fours, then all eight.
                let x = x & 0x7f7f_7f7f_7f7f_7f7f;
                let x = (x & 0x007f_007f_007f_007f) | (x & 0x7f00_7f00_7f00_7f00) >> 1;
                let x = (x & 0x0000_3fff_0000_3fff) | (x & 0x3fff_0000_3fff_0000) >> 2;
                let x = (x & 0x0000_0000_0fff_ffff) | (x & 0x0fff_ffff_0000_0000) >> 4;
                self.pos += n;
                return Ok(x);
            }
        }
        self.var_slow()
    }

    #[cold]
    fn var_slow(&mut self) -> Result<u64> {
        let rest = &self.bytes[self.pos..];
        let mut v: u64 = 0;
        for (i, &b) in rest.iter().take(10).enumerate() {
            v |= ((b & 0x7f) as u64) << (7 * i);
            if b & 0x80 == 0 {
                self.pos += i + 1;
                return Ok(v);
            }
        }
        if rest.len() < 10 {
            self.pos += rest.len();
            return Err(invalid(format!(
                "truncated: a varint at offset {} runs past the end",
                self.pos - rest.len()
            )));
        }
        self.pos += 10;
        Err(invalid("varint too long"))
    }

    /// A signed (zigzag) varint.
    #[inline]
    pub fn svar(&mut self) -> Result<i64> {
        let v = self.var()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    /// A count of items each at least `min_bytes` long: checked against what remains.
    pub fn count(&mut self, min_bytes: usize) -> Result<usize> {
        let n = self.var()?;
        if n.saturating_mul(min_bytes.max(1) as u64) > self.remaining() as u64 {
            return Err(invalid(format!(
                "count {n} at offset {} exceeds the remaining bytes",
                self.pos
            )));
        }
        Ok(n as usize)
    }
    /// The next of a list of strictly increasing u32 keys stored as deltas
    /// (`prev` is the key before, `None` at the start; `what` names the keys
    /// in errors).
    #[inline]
    pub fn increasing_key(&mut self, prev: &mut Option<u32>, what: &str) -> Result<u32> {
        let delta = self.var()?;
        if prev.is_some() && delta == 0 {
            return Err(invalid(format!("{what} keys not increasing")));
        }
        let key = (prev.unwrap_or(0) as u64).saturating_add(delta);
        let key = u32::try_from(key).map_err(|_| invalid(format!("{what} key out of range")))?;
        *prev = Some(key);
        Ok(key)
    }
    /// A string.
    pub fn str(&mut self) -> Result<&'a str> {
        let n = self.var()?;
        if n > self.remaining() as u64 {
            return Err(invalid("truncated string"));
        }
        let b = self.take(n as usize)?;
        std::str::from_utf8(b).map_err(|_| invalid("a string is not UTF-8"))
    }
    /// Fails unless every byte was read.
    pub fn finish(&self) -> Result<()> {
        if self.remaining() != 0 {
            return Err(invalid(format!(
                "{} unexpected bytes after the body",
                self.remaining()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUES: [u64; 12] = [
        0,
        1,
        127,
        128,
        300,
        u32::MAX as u64,
        (1 << 49) - 1,
        1 << 49,
        (1 << 56) - 1,
        1 << 56,
        u64::MAX,
        0x8000_0000_0000_0000,
    ];

    #[test]
    fn varints_round_trip() {
        let mut w = Writer::default();
        for v in VALUES {
            w.var(v);
        }
        for v in [0i64, -1, 1, -300, i16::MIN as i64, i64::MIN, i64::MAX] {
            w.svar(v);
        }
        let mut r = Reader::new(&w.buf);
        for v in VALUES {
            assert_eq!(r.var().unwrap(), v);
        }
        for v in [0i64, -1, 1, -300, i16::MIN as i64, i64::MIN, i64::MAX] {
            assert_eq!(r.svar().unwrap(), v);
        }
        r.finish().unwrap();
        // Every value at every distance from the end (the 8-byte path and
        // the byte-at-a-time one), and overlong and truncated varints.
        for v in VALUES {
            let mut w = Writer::default();
            w.var(v);
            let n = w.buf.len();
            for pad in 0..10 {
                let mut b = w.buf.clone();
                b.resize(b.len() + pad, 0xff);
                let mut r = Reader::new(&b);
                assert_eq!(r.var().unwrap(), v);
                assert_eq!(r.remaining(), pad);
                assert!(Reader::new(&b[..n - 1]).var().is_err());
            }
        }
        for pad in 0..10 {
            let mut b = vec![0x80; 10];
            b.resize(b.len() + pad, 0);
            assert!(Reader::new(&b).var().is_err());
            // Ten bytes: the last one's bits past 64 are dropped, as ever.
            b[9] = 0x7f;
            assert_eq!(Reader::new(&b).var().unwrap(), 1 << 63);
        }
    }

    /// The embedded models are loaded without their checksums and
    /// fingerprints ([`is_embedded`]): check both here, on copies (which
    /// every check applies to).
    #[test]
    fn embedded_models_are_intact() {
        let copies: Vec<Vec<u8>> = [
            crate::clusters::EMBEDDED,
            crate::clusters::CLASSES,
            crate::pos::EMBEDDED,
            crate::ner::EMBEDDED,
        ]
        .iter()
        .map(|b| b.to_vec())
        .collect();
        for (b, magic) in copies.iter().zip([
            crate::clusters::MAGIC,
            crate::clusters::MAGIC,
            crate::pos::MAGIC,
            crate::ner::MAGIC,
        ]) {
            assert!(!is_embedded(b));
            unwrap_versions(magic, 0..=u32::MAX, "embedded", b).unwrap();
        }
        // The dense part's own checksum, and the fingerprints the entity
        // model records (an error if they do not match).
        let copied = crate::Analyzer::from_bytes(&copies[0], &copies[1], &copies[2], &copies[3])
            .expect("the embedded models fit together: retrain ner if this fails");
        let embedded = crate::Analyzer::embedded().unwrap();
        let real = (
            crate::analyzer::word_fingerprint(&copies[0], &copies[1]),
            fnv1a64(&copies[2]),
        );
        assert_eq!(copied.fingerprints(), real);
        assert_eq!(embedded.fingerprints(), real);
    }

    #[test]
    fn header_checks() {
        let m = wrap(b"PARSITST", 1, b"hello");
        let unwrap = |b: &[u8]| unwrap(b"PARSITST", 1, "test", b).map(<[u8]>::to_vec);
        assert_eq!(unwrap(&m).unwrap(), b"hello");
        assert!(super::unwrap(b"PARSIPOS", 1, "POS", &m).is_err());
        let mut bad = m.clone();
        bad[8] = 9;
        assert!(unwrap(&bad).is_err());
        let mut bad = m.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert!(unwrap(&bad).is_err());
        for n in 0..m.len() {
            assert!(unwrap(&m[..n]).is_err());
        }
    }
}

//! Our references: the id ShopDesk writes on a vendor record before it is sent, so a lost answer can be
//! looked up instead of sent twice.

use chrono::{DateTime, Utc};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `prefix` + Crockford base32 of 45 bits of milliseconds + 35 random bits: 16 characters after the prefix, sortable by time.
pub fn new_reference(prefix: &str, now: DateTime<Utc>) -> String {
    let ms = (now.timestamp_millis().max(0) as u64) & ((1 << 45) - 1);
    let rnd: u64 = rand::random::<u64>() & ((1 << 35) - 1);
    let mut out = String::from(prefix);
    for i in (0..9).rev() {
        out.push(ALPHABET[((ms >> (i * 5)) & 31) as usize] as char);
    }
    for i in (0..7).rev() {
        out.push(ALPHABET[((rnd >> (i * 5)) & 31) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn references_are_prefixed_distinct_and_sort_by_time() {
        let t = chrono::Utc::now();
        let a = super::new_reference("SD-PO-", t);
        let b = super::new_reference("SD-PO-", t + chrono::Duration::seconds(1));
        assert!(a.starts_with("SD-PO-") && a.len() == 22, "{a}");
        assert!(a < b);
        assert_ne!(a, super::new_reference("SD-PO-", t));
    }
}

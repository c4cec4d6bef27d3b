//! Text normalisation for matching Vietnamese place names.

/// Lowercases, strips Vietnamese diacritics (`đ` → `d`, tone and vowel marks, precomposed or
/// combining), turns every character that is not a letter or digit into a space and collapses
/// runs of spaces. `"TP.Hồ  Chí-Minh"` → `"tp ho chi minh"`.
pub fn normalize(s: &str) -> String {
    shopdesk_core::text::fold(s)
}

/// [`normalize`] plus number canonicalisation (`"phuong 01"` → `"phuong 1"`), used for keys.
pub(crate) fn key(s: &str) -> String {
    let n = normalize(s);
    if !n.bytes().any(|b| b == b'0') {
        return n;
    }
    n.split(' ').map(strip_zeros).collect::<Vec<_>>().join(" ")
}

fn strip_zeros(tok: &str) -> &str {
    if tok.len() > 1 && tok.bytes().all(|b| b.is_ascii_digit()) {
        let t = tok.trim_start_matches('0');
        if t.is_empty() {
            "0"
        } else {
            t
        }
    } else {
        tok
    }
}

/// A normalised string without spaces (`"sai gon"` → `"saigon"`).
pub(crate) fn compact(normalized: &str) -> String {
    normalized.chars().filter(|c| *c != ' ').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_vietnamese_marks_and_punctuation() {
        assert_eq!(normalize("Thành phố Hồ Chí Minh"), "thanh pho ho chi minh");
        assert_eq!(normalize("ĐẮK LẮK"), "dak lak");
        assert_eq!(normalize("TP.HCM"), "tp hcm");
        assert_eq!(normalize("  Q.1 ,  P.Bến   Nghé "), "q 1 p ben nghe");
        assert_eq!(normalize("Bà Rịa - Vũng Tàu"), "ba ria vung tau");
        // old-style tone placement and decomposed input fold to the same key
        assert_eq!(normalize("Hoà"), normalize("Hòa"));
        assert_eq!(normalize("Thu\u{0309}y"), "thuy");
        assert_eq!(normalize("Ia H'Drai"), "ia h drai");
    }

    #[test]
    fn key_canonicalises_numbers() {
        assert_eq!(key("Phường 01"), "phuong 1");
        assert_eq!(key("Quận 10"), "quan 10");
        assert_eq!(key("Phường 0"), "phuong 0");
    }
}

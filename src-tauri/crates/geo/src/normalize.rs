//! Text normalisation for matching Vietnamese place names.

/// Lowercases, strips Vietnamese diacritics (`đ` → `d`, tone and vowel marks, precomposed or
/// combining), turns every character that is not a letter or digit into a space and collapses
/// runs of spaces. `"TP.Hồ  Chí-Minh"` → `"tp ho chi minh"`.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        for lc in c.to_lowercase() {
            match fold_char(lc) {
                Fold::Keep(ch) => {
                    if pending_space && !out.is_empty() {
                        out.push(' ');
                    }
                    pending_space = false;
                    out.push(ch);
                }
                Fold::Drop => {}
                Fold::Space => pending_space = true,
            }
        }
    }
    out
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

enum Fold {
    Keep(char),
    Drop,
    Space,
}

fn fold_char(c: char) -> Fold {
    if c.is_ascii_alphanumeric() {
        return Fold::Keep(c);
    }
    if c.is_ascii() {
        return Fold::Space;
    }
    // Combining diacritical marks (decomposed input).
    if ('\u{0300}'..='\u{036f}').contains(&c) {
        return Fold::Drop;
    }
    let base = match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' | 'ë' => {
            'e'
        }
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' | 'ö' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' | 'û' | 'ü' => {
            'u'
        }
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' | 'ÿ' => 'y',
        'đ' | 'ð' => 'd',
        'ç' => 'c',
        'ñ' => 'n',
        c if c.is_alphanumeric() => c,
        _ => return Fold::Space,
    };
    Fold::Keep(base)
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

//! Text folding for Vietnamese search and matching, shared by the stock cache (`store`) and the address
//! data (`geo`): one definition of "the same text without diacritics".

/// Folds text for search: lowercase, Vietnamese (and common Latin) diacritics removed, `đ` → `d`,
/// every character that is not a letter or digit becomes a space, runs of spaces collapse, no leading
/// or trailing space. `"Áo thun – Đỏ đô / M"` → `"ao thun do do m"`.
///
/// Works on precomposed (NFC) and decomposed (NFD, combining marks) input alike.
pub fn fold(s: &str) -> String {
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

/// `Some(s)` trimmed when `s` has non-blank text.
pub fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_vietnamese_and_punctuation() {
        assert_eq!(fold("Áo thun – Đỏ đô / M"), "ao thun do do m");
        assert_eq!(fold("TP.Hồ  Chí-Minh"), "tp ho chi minh");
        // decomposed input (combining marks) folds the same
        assert_eq!(fold("A\u{0301}o"), "ao");
        assert_eq!(fold("  "), "");
    }
}

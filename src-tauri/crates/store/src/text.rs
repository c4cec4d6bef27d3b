//! Text normalisation: diacritics folding for search and the SKU / barcode keys used for grouping.

/// Search folding: see [`shopdesk_core::text::fold`] (shared with the `geo` crate).
pub use shopdesk_core::text::fold;

/// The grouping key of a SKU, or `None` when the SKU is empty.
///
/// Rule: trim; uppercase (Unicode); Vietnamese diacritics are **kept** (a SKU is a code, not prose);
/// every run of whitespace, `-`, `_`, `.` and `/` inside the SKU becomes one `-`; leading and trailing
/// separators are dropped. So `" at0001 - den_m "`, `"AT0001-DEN-M"` and `"AT0001 DEN M"` all give
/// `AT0001-DEN-M`, while `AT0001DENM` stays different (we never remove a separator entirely).
pub fn normalize_sku(sku: &str) -> Option<String> {
    let mut out = String::with_capacity(sku.len());
    let mut pending_sep = false;
    for c in sku.trim().chars() {
        if c.is_whitespace() || matches!(c, '-' | '_' | '.' | '/' | '\u{2013}' | '\u{2014}') {
            pending_sep = true;
            continue;
        }
        if pending_sep && !out.is_empty() {
            out.push('-');
        }
        pending_sep = false;
        out.extend(c.to_uppercase());
    }
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

/// The grouping key of a barcode, or `None` when it cannot identify a product.
///
/// Rule: keep only ASCII letters and digits (spaces and dashes dropped), uppercase; a barcode shorter
/// than 6 characters, or made of a single repeated character (`0000000000000`), is ignored because
/// shops use such placeholders for many products and joining on them would merge unrelated items.
pub fn normalize_barcode(barcode: &str) -> Option<String> {
    let out: String = barcode
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let first = out.chars().next()?;
    if out.len() < 6 || out.chars().all(|c| c == first) {
        return None;
    }
    Some(out)
}

/// Builds an FTS5 query from user input: folded, each word a quoted prefix term, all words required.
/// Returns `None` when nothing searchable remains (the filter is then ignored).
pub(crate) fn fts_query(search: &str) -> Option<String> {
    let folded = fold(search);
    if folded.is_empty() {
        return None;
    }
    let terms: Vec<String> = folded.split(' ').map(|t| format!("\"{t}\"*")).collect();
    Some(terms.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_strips_vietnamese_marks_and_d_bar() {
        assert_eq!(fold("Áo thun cổ tròn"), "ao thun co tron");
        assert_eq!(fold("Đỏ đô"), "do do");
        assert_eq!(
            fold("  Quần   jean—ống suông / XL "),
            "quan jean ong suong xl"
        );
        // Decomposed input (NFD): "Đỏ" written as D-stroke + o + combining hook above.
        assert_eq!(fold("\u{0110}o\u{0309} \u{0111}o\u{0302}"), "do do");
        assert_eq!(fold("AT0001-DEN-M"), "at0001 den m");
    }

    #[test]
    fn sku_rule_trims_uppercases_and_collapses_separators() {
        let want = Some("AT0001-DEN-M".to_string());
        assert_eq!(normalize_sku("AT0001-DEN-M"), want);
        assert_eq!(normalize_sku(" at0001 - den_m "), want);
        assert_eq!(normalize_sku("AT0001  DEN\tM"), want);
        assert_eq!(normalize_sku("at0001--den--m"), want);
        assert_eq!(normalize_sku("-AT0001-DEN-M-"), want);
        assert_ne!(normalize_sku("AT0001DENM"), want);
        assert_eq!(normalize_sku("   "), None);
        assert_eq!(normalize_sku(""), None);
    }

    #[test]
    fn barcode_rule_ignores_placeholders() {
        assert_eq!(
            normalize_barcode(" 893 0000 000 012 "),
            Some("8930000000012".into())
        );
        assert_eq!(normalize_barcode("0000000000000"), None);
        assert_eq!(normalize_barcode("123"), None);
        assert_eq!(normalize_barcode(""), None);
    }

    #[test]
    fn fts_query_quotes_prefix_terms() {
        assert_eq!(
            fts_query("Áo thun").as_deref(),
            Some("\"ao\"* AND \"thun\"*")
        );
        assert_eq!(fts_query(" -- ").as_deref(), None);
        // Quotes and FTS operators in user input cannot break the query.
        assert_eq!(
            fts_query("a\"b OR").as_deref(),
            Some("\"a\"* AND \"b\"* AND \"or\"*")
        );
    }
}

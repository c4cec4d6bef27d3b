//! Whole numbers as Vietnamese shop owners type them: `1.000.000`, `1,000,000`, `150000đ`,
//! `150.000 ₫`, `150k`, `2`.

/// Parses a whole amount (VND or a count). Thousands separators `.` `,` or spaces, a currency mark
/// (`đ`, `₫`, `VND`, `VNĐ`, `dong`) before or after, `k` for thousands (`150k`, `1,5k`), a leading `-`,
/// and a zero decimal part (`150000.00`) are accepted. `None` for anything else, including real
/// fractions (`1.5`) and ambiguous text.
pub fn parse_amount(input: &str) -> Option<i64> {
    // drop every kind of space (Excel and Sheets insert non-breaking ones)
    let mut s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    s = strip_currency(&s.to_lowercase()).to_string();
    let negative = s.starts_with('-');
    if negative {
        s.remove(0);
    }
    if s.is_empty() {
        return None;
    }
    let value = if let Some(t) = s.strip_suffix('k') {
        parse_thousands_short(t)?
    } else {
        parse_grouped(&s)?
    };
    Some(if negative { -value } else { value })
}

fn strip_currency(s: &str) -> &str {
    const MARKS: [&str; 6] = ["vnđ", "vnd", "đồng", "dong", "đ", "₫"];
    let mut t = s;
    for m in MARKS {
        if let Some(r) = t.strip_suffix(m) {
            t = r;
            break;
        }
    }
    for m in MARKS {
        if let Some(r) = t.strip_prefix(m) {
            t = r;
            break;
        }
    }
    t
}

/// `150` → 150 000, `1,5` / `1.5` → 1 500, `1.25` → 1 250.
fn parse_thousands_short(t: &str) -> Option<i64> {
    let (int, frac) = match t.find(['.', ',']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    if !digits(int) || frac.len() > 3 || !(frac.is_empty() || digits(frac)) {
        return None;
    }
    let int: i64 = int.parse().ok()?;
    let mut frac_val: i64 = 0;
    if !frac.is_empty() {
        frac_val = frac.parse::<i64>().ok()? * 10_i64.pow(3 - frac.len() as u32);
    }
    int.checked_mul(1000)?.checked_add(frac_val)
}

/// Digits with optional thousands grouping and an optional all-zero decimal part.
fn parse_grouped(s: &str) -> Option<i64> {
    if digits(s) {
        return s.parse().ok();
    }
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    // a decimal part made of zeros after the last separator of the other kind: 1.000.000,00 / 150000.00
    let (int, frac) = match (dots, commas) {
        (0, 0) => return None,
        (_, 1) if s.rfind(',') > s.rfind('.') && trailing_decimal(s, ',') => split_last(s, ','),
        (1, _) if s.rfind('.') > s.rfind(',') && trailing_decimal(s, '.') => split_last(s, '.'),
        _ => (s, ""),
    };
    if !frac.is_empty() && !frac.chars().all(|c| c == '0') {
        return None;
    }
    if digits(int) {
        return int.parse().ok();
    }
    let sep = if int.contains('.') { '.' } else { ',' };
    if int.contains('.') && int.contains(',') {
        return None;
    }
    let mut groups = int.split(sep);
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || !digits(first) {
        return None;
    }
    let mut out: i64 = first.parse().ok()?;
    for g in groups {
        if g.len() != 3 || !digits(g) {
            return None;
        }
        out = out.checked_mul(1000)?.checked_add(g.parse::<i64>().ok()?)?;
    }
    Some(out)
}

/// Whether the text after the last `sep` is a decimal part (1–2 digits, or any digits when the
/// separator is used once and is not followed by exactly three digits).
fn trailing_decimal(s: &str, sep: char) -> bool {
    let Some(i) = s.rfind(sep) else {
        return false;
    };
    let tail = &s[i + sep.len_utf8()..];
    digits(tail) && tail.len() != 3
}

fn split_last(s: &str, sep: char) -> (&str, &str) {
    match s.rfind(sep) {
        Some(i) => (&s[..i], &s[i + sep.len_utf8()..]),
        None => (s, ""),
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A number cell from a spreadsheet as an integer: whole values only, except money where a formula
/// result like `134999.99999` rounds to the nearest đồng.
pub fn from_float(v: f64, round: bool) -> Option<i64> {
    if !v.is_finite() || v.abs() > 9e15 {
        return None;
    }
    let r = v.round();
    if round || (v - r).abs() < 1e-9 {
        Some(r as i64)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_number_formats() {
        let table: &[(&str, Option<i64>)] = &[
            ("150000", Some(150_000)),
            ("1.000.000", Some(1_000_000)),
            ("1,000,000", Some(1_000_000)),
            ("1 000 000", Some(1_000_000)),
            ("1\u{a0}000\u{a0}000", Some(1_000_000)),
            ("150000đ", Some(150_000)),
            ("150.000 ₫", Some(150_000)),
            ("150.000đ", Some(150_000)),
            ("150,000 VND", Some(150_000)),
            ("150.000 VNĐ", Some(150_000)),
            ("₫150,000", Some(150_000)),
            ("150k", Some(150_000)),
            ("150K", Some(150_000)),
            ("1,5k", Some(1_500)),
            ("1.25k", Some(1_250)),
            ("150000.00", Some(150_000)),
            ("1.000.000,00", Some(1_000_000)),
            ("1,000,000.00", Some(1_000_000)),
            ("-30.000", Some(-30_000)),
            ("0", Some(0)),
            ("2", Some(2)),
            ("150.000.00", None),
            ("1.5", None),
            ("150000.5", None),
            ("1.0000", Some(1)),
            ("1.000,000", None),
            ("abc", None),
            ("12a", None),
            ("", None),
            ("đ", None),
            ("--5", None),
            ("99999999999999999999", None),
        ];
        for (input, want) in table {
            assert_eq!(parse_amount(input), *want, "parse_amount({input:?})");
        }
    }

    #[test]
    fn spreadsheet_floats() {
        assert_eq!(from_float(150000.0, false), Some(150_000));
        assert_eq!(from_float(2.0, false), Some(2));
        assert_eq!(from_float(1.5, false), None);
        assert_eq!(from_float(134_999.999_99, true), Some(135_000));
        assert_eq!(from_float(f64::NAN, true), None);
    }
}

//! Tolerant field decoders: epoch seconds → `DateTime<Utc>`, money strings → VND, ids as number or string,
//! single values or arrays. Each accepts `null` and odd-but-harmless shapes instead of failing the whole
//! answer; none of them can panic on vendor data.

use chrono::{DateTime, Utc};
use serde::de::{Deserialize, Deserializer};
use serde::Serializer;
use serde_json::Value;

/// Epoch seconds (integer, float or numeric string) → time. `0`, `null`, `""` and out-of-range → `None`.
pub fn epoch_from_value(v: &Value) -> Option<DateTime<Utc>> {
    let secs: f64 = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    if !secs.is_finite() || secs <= 0.0 {
        return None;
    }
    // milliseconds slipped in by mistake (anything past year 5138 in seconds)
    let secs = if secs > 1e11 { secs / 1000.0 } else { secs };
    if secs > 253_402_300_799.0 {
        return None;
    }
    DateTime::from_timestamp(secs.trunc() as i64, 0)
}

pub fn epoch_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(epoch_from_value(&v))
}

pub fn ser_epoch<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(t.timestamp())
}

pub fn ser_epoch_opt<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_i64(t.timestamp()),
        None => s.serialize_none(),
    }
}

/// A measurement: whole numbers go out as integers (`10`, as in the documented examples), others as
/// floats.
pub fn ser_num_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => s.serialize_i64(*f as i64),
        Some(f) => s.serialize_f64(*f),
        None => s.serialize_none(),
    }
}

/// Money → integer VND. Accepts `"500000.00"`, `"500,000"`, `500000`, `500000.0`. Fractions of a đồng are
/// rounded. Anything else → `None`.
pub fn money_from_value(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i)
            } else {
                let f = n.as_f64()?;
                (f.is_finite() && f.abs() < 9.0e15).then(|| f.round() as i64)
            }
        }
        Value::String(s) => parse_money(s),
        _ => None,
    }
}

/// `"500000.00"` → `500000`. Thousands separators (`,` or a space) are ignored; a `.` followed by exactly
/// three digits and no other `.` is also read as a thousands separator (`"500.000"`, Vietnamese style).
pub fn parse_money(s: &str) -> Option<i64> {
    let t: String = s
        .trim()
        .trim_end_matches("VND")
        .trim_end_matches('đ')
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != ' ' && *c != '_')
        .collect();
    if t.is_empty() {
        return None;
    }
    let dots = t.matches('.').count();
    // Onflow sends two decimals; three digits after a single dot, or several dots, are Vietnamese
    // thousands separators.
    let thousands = dots > 1 || (dots == 1 && t.split('.').nth(1).is_some_and(|g| g.len() == 3));
    let t = if thousands { t.replace('.', "") } else { t };
    let f: f64 = t.parse().ok()?;
    (f.is_finite() && f.abs() < 9.0e15).then(|| f.round() as i64)
}

pub fn money_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(money_from_value(&v))
}

/// An id or code that may arrive as a number or a string → `String` (`null` → empty).
pub fn id_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(value_to_string(&v).unwrap_or_default())
}

/// Like [`id_string`] but keeps absence.
pub fn id_string_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(value_to_string(&v).filter(|s| !s.is_empty()))
}

pub fn value_to_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An integer that may arrive as a number, a float or a numeric string.
pub fn int_from_value(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 9.0e15)
                .map(|f| f.round() as i64)
        }),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>().ok().or_else(|| {
                s.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite() && f.abs() < 9.0e15)
                    .map(|f| f.round() as i64)
            })
        }
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

pub fn int_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(int_from_value(&v))
}

pub fn int_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(int_from_value(&v).unwrap_or(0))
}

/// A number (int, float or numeric string) → `f64`.
pub fn float_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f: &f64| f.is_finite()))
}

/// `true`/`false`, `1`/`0`, `"true"`/`"1"`; anything else → `false`.
pub fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Bool(b) => b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes"),
        _ => false,
    })
}

/// A string, or `null`/number → text (`null` → empty).
pub fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(value_to_string(&v).unwrap_or_default())
}

/// A list of strings that may arrive as one string, an array (of strings or numbers) or `null`.
pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Array(items) => items.iter().filter_map(value_to_string).collect(),
        Value::Null => Vec::new(),
        other => value_to_string(&other)
            .filter(|s| !s.is_empty())
            .into_iter()
            .collect(),
    })
}

/// A list of `T` where `null` or a non-array means empty and undecodable items are skipped (one odd row
/// does not lose the whole page).
pub fn lenient_vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        Value::Object(_) => serde_json::from_value(v).ok().into_iter().collect(),
        _ => Vec::new(),
    })
}

/// An object field that may be `null` or malformed → `None` instead of an error.
pub fn lenient_opt<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Null => None,
        v => serde_json::from_value(v).ok(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn money_strings_become_vnd() {
        assert_eq!(parse_money("500000.00"), Some(500_000));
        assert_eq!(parse_money("500,000"), Some(500_000));
        assert_eq!(parse_money("500.000"), Some(500_000));
        assert_eq!(parse_money("1.250.000"), Some(1_250_000));
        assert_eq!(parse_money("199999.50"), Some(200_000));
        assert_eq!(parse_money("12.5"), Some(13));
        assert_eq!(parse_money(""), None);
        assert_eq!(parse_money("abc"), None);
        assert_eq!(money_from_value(&json!(200000)), Some(200_000));
        assert_eq!(money_from_value(&json!(200000.0)), Some(200_000));
        assert_eq!(money_from_value(&json!(null)), None);
        assert_eq!(money_from_value(&json!(1e300)), None);
    }

    #[test]
    fn epochs_become_utc() {
        let t = epoch_from_value(&json!(1773367142)).expect("valid");
        assert_eq!(t.to_rfc3339(), "2026-03-13T01:59:02+00:00");
        assert_eq!(epoch_from_value(&json!("1773367142")), Some(t));
        assert_eq!(epoch_from_value(&json!(1773367142000_i64)), Some(t));
        assert_eq!(epoch_from_value(&json!(0.0)), None);
        assert_eq!(epoch_from_value(&json!(null)), None);
        assert_eq!(epoch_from_value(&json!(-5)), None);
        assert_eq!(epoch_from_value(&json!(1e300)), None);
    }
}

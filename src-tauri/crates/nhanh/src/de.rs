//! Tolerant field decoders: Nhanh sends ids and amounts as numbers *or* strings, and any field may be
//! `null`. Every model field that is a scalar goes through one of these, so a surprising shape degrades
//! to a default instead of failing the whole page.

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A JSON value read as an integer: numbers (floats rounded), numeric strings; anything else → `None`.
pub fn value_to_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_u64().map(|u| i64::try_from(u).unwrap_or(i64::MAX)))
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite())
                    .map(|f| f.round() as i64)
            }),
        Value::String(s) => {
            let t = s.trim();
            t.parse::<i64>().ok().or_else(|| {
                t.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .map(|f| f.round() as i64)
            })
        }
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// A JSON value read as text: strings as-is, numbers and booleans formatted, null/others → `None`.
pub fn value_to_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Integer (id, money in VND, quantity, status); null or unreadable → 0.
pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(value_to_i64(&v).unwrap_or(0))
}

/// Optional integer; null, `""` or unreadable → `None`.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(value_to_i64(&v))
}

/// Text; numbers are formatted, null → "".
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(value_to_string(&v).unwrap_or_default())
}

/// Optional text; null or empty → `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(value_to_string(&v).filter(|s| !s.is_empty()))
}

/// A list of integers; null → empty; a single value → one element; unreadable elements are skipped.
pub fn vec_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Array(a) => a.iter().filter_map(value_to_i64).collect(),
        Value::Null => Vec::new(),
        other => value_to_i64(&other).into_iter().collect(),
    })
}

/// A list of strings; null → empty; non-string elements are formatted.
pub fn vec_string<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Array(a) => a.iter().filter_map(value_to_string).collect(),
        Value::Null => Vec::new(),
        other => value_to_string(&other).into_iter().collect(),
    })
}

/// A list of objects; null or a non-array → empty; elements that do not fit `T` are skipped.
pub fn vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Array(a) => a
            .into_iter()
            .filter_map(|e| serde_json::from_value(e).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// A nested object; null or a wrong shape → `None`.
pub fn opt_obj<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Object(_) => serde_json::from_value(v).ok(),
        _ => None,
    })
}

/// A nested object that must exist; null or a wrong shape → `T::default()`.
pub fn obj<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned + Default,
{
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Object(_) => serde_json::from_value(v).unwrap_or_default(),
        _ => T::default(),
    })
}

/// Unix seconds → UTC; 0, null or unreadable → `None`. Values above 10^11 are taken as milliseconds.
pub fn opt_ts<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(value_to_i64(&v).and_then(ts_to_utc))
}

/// Unix seconds (or milliseconds) → UTC, `None` for 0 and out-of-range values.
pub fn ts_to_utc(secs: i64) -> Option<DateTime<Utc>> {
    if secs <= 0 {
        return None;
    }
    if secs > 100_000_000_000 {
        return Utc.timestamp_millis_opt(secs).single();
    }
    Utc.timestamp_opt(secs, 0).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "i64")]
        a: i64,
        #[serde(default, deserialize_with = "opt_i64")]
        b: Option<i64>,
        #[serde(default, deserialize_with = "string")]
        c: String,
        #[serde(default, deserialize_with = "vec_i64")]
        d: Vec<i64>,
    }

    #[test]
    fn ids_as_numbers_or_strings_and_nulls() {
        let t: T =
            serde_json::from_str(r#"{"a":"92220","b":null,"c":12,"d":["1",2,"x"]}"#).unwrap();
        assert_eq!(
            (t.a, t.b, t.c.as_str(), t.d),
            (92220, None, "12", vec![1, 2])
        );
        let t: T = serde_json::from_str(r#"{"a":null,"b":"7","c":null,"d":null}"#).unwrap();
        assert_eq!((t.a, t.b, t.c.as_str(), t.d.len()), (0, Some(7), "", 0));
        let t: T = serde_json::from_str(r#"{"a":120000.0}"#).unwrap();
        assert_eq!(t.a, 120000);
    }

    #[test]
    fn timestamps_seconds_and_millis() {
        assert_eq!(ts_to_utc(1733387520).unwrap().timestamp(), 1733387520);
        assert_eq!(ts_to_utc(1752469318093).unwrap().timestamp(), 1752469318);
        assert!(ts_to_utc(0).is_none());
    }
}

//! Tolerant deserializers for Pancake's wire quirks (digest §1.8, §1.9): ids that arrive as numbers or
//! strings, numbers inside strings, `null` where a list or a flag is expected, and naive UTC timestamps
//! in several formats.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::de::{self, Deserializer, IgnoredAny, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// Parse any of Pancake's timestamp spellings as UTC: `2020-05-12T04:51:42`, with fractional seconds,
/// with a space instead of `T`, with `Z` or an offset, a bare date, or epoch seconds / milliseconds.
pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    let t = s.trim_end_matches('Z').replacen(' ', "T", 1);
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(&t, f) {
            return Some(Utc.from_utc_datetime(&n));
        }
    }
    if let Ok(d) = DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%#z") {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|n| Utc.from_utc_datetime(&n));
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<i64>().ok().and_then(epoch);
    }
    None
}

/// Epoch seconds, or milliseconds when the value is too large to be seconds (customer notes).
pub fn epoch(v: i64) -> Option<DateTime<Utc>> {
    if v.unsigned_abs() >= 100_000_000_000 {
        DateTime::from_timestamp_millis(v)
    } else {
        DateTime::from_timestamp(v, 0)
    }
}

/// Deserialize an optional timestamp leniently: unparsable values become `None` rather than failing the
/// whole object (a bad date must not hide an order).
pub fn opt_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<DateTime<Utc>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a timestamp")
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(V)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(parse_timestamp(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(epoch(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(i64::try_from(v).ok().and_then(epoch))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            Ok(if v.is_finite() { epoch(v as i64) } else { None })
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
            while a.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
            while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
    d.deserialize_option(V)
}

/// Serialize an optional timestamp the way Pancake writes them (naive UTC, no offset).
pub fn ser_opt_time<S: Serializer>(v: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(t) => s.serialize_str(&t.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string()),
        None => s.serialize_none(),
    }
}

/// A scalar read as text: strings stay, numbers and booleans are printed, `null`/objects/arrays → `None`.
fn scalar_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or a number")
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(V)
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i128<E>(self, v: i128) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u128<E>(self, v: u128) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            // large ids (post ids) overflow into floats; print them without an exponent
            if v.is_finite() && v.fract() == 0.0 {
                Ok(Some(format!("{v:.0}")))
            } else {
                Ok(Some(v.to_string()))
            }
        }
        fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
            while a.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
            while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
    d.deserialize_option(V)
}

/// `Option<String>` from a string, a number or null (ids, codes, phone numbers, `country_code`).
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    scalar_text(d)
}

/// `String` from a string, a number or null (null → empty).
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(scalar_text(d)?.unwrap_or_default())
}

/// `Option<i64>` from an integer, a float (truncated), a numeric string (`"50000"`) or null.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(scalar_text(d)?.and_then(|s| {
        let t = s.trim();
        t.parse::<i64>().ok().or_else(|| {
            t.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(|f| f as i64)
        })
    }))
}

/// `i64` from the same inputs as [`opt_i64`]; missing or unreadable → 0.
pub fn i64_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_i64(d)?.unwrap_or(0))
}

/// `Option<f64>` from a number, a numeric string or null (`reward_point`, `avg_price`).
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(scalar_text(d)?.and_then(|s| s.trim().parse::<f64>().ok()))
}

/// `Option<bool>` from a bool, `"true"`/`"false"`, `0`/`1` or null.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(scalar_text(d)?.and_then(|s| match s.trim() {
        "true" | "1" => Some(true),
        "false" | "0" | "" => Some(false),
        _ => None,
    }))
}

/// `bool` from the same inputs as [`opt_bool`]; missing or unreadable → false.
pub fn bool_or_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(opt_bool(d)?.unwrap_or(false))
}

/// A list where the vendor may send `null` (→ empty), or a single element where it should send a list.
pub fn vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    /// One element: a malformed element is skipped, it never hides its neighbours.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Elem<T> {
        Good(T),
        Bad(IgnoredAny),
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<Option<Elem<T>>>),
        One(T),
        Other(IgnoredAny),
    }
    Ok(match Option::<OneOrMany<T>>::deserialize(d)? {
        Some(OneOrMany::Many(v)) => v
            .into_iter()
            .filter_map(|e| match e {
                Some(Elem::Good(t)) => Some(t),
                _ => None,
            })
            .collect(),
        Some(OneOrMany::One(t)) => vec![t],
        Some(OneOrMany::Other(_)) | None => Vec::new(),
    })
}

/// A list of ids (strings or numbers) → `Vec<String>`; `null` → empty.
pub fn string_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(vec::<D, Id>(d)?.into_iter().map(|i| i.0).collect())
}

/// An object the vendor may send as `null`, `{}` or `[]` (→ default).
pub fn lenient<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Maybe<T> {
        Value(T),
        Other(IgnoredAny),
    }
    Ok(match Option::<Maybe<T>>::deserialize(d)? {
        Some(Maybe::Value(v)) => v,
        _ => T::default(),
    })
}

/// An identifier that arrives as a number or as a string; kept as its text (`1418`, `"84_VN101"`, `"-1"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Id(pub String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The id as an integer, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Self {
        Id(s.to_string())
    }
}

impl From<String> for Id {
    fn from(s: String) -> Self {
        Id(s)
    }
}

impl From<i64> for Id {
    fn from(v: i64) -> Self {
        Id(v.to_string())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Id(scalar_text(d)?.unwrap_or_default()))
    }
}

impl Serialize for Id {
    /// Integers go out as numbers (Pancake's int ids), everything else as a string.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.parse::<i64>() {
            Ok(n) if n.to_string() == self.0 => s.serialize_i64(n),
            _ => s.serialize_str(&self.0),
        }
    }
}

/// `Option<Id>` that treats `null` and `""` as absent.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Id>, D::Error> {
    Ok(scalar_text(d)?.filter(|s| !s.is_empty()).map(Id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_accept_null_a_single_object_and_skip_malformed_elements() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Row {
            id: i64,
        }
        #[derive(Deserialize, Debug)]
        struct L {
            #[serde(default, deserialize_with = "vec")]
            data: Vec<Row>,
        }
        let l: L = serde_json::from_str(r#"{"data": [{"id": 1}, "junk", null, {"id": 2}]}"#)
            .expect("list");
        assert_eq!(l.data, vec![Row { id: 1 }, Row { id: 2 }]);
        let l: L = serde_json::from_str(r#"{"data": null}"#).expect("null");
        assert!(l.data.is_empty());
        let l: L = serde_json::from_str(r#"{"data": {"id": 7}}"#).expect("one");
        assert_eq!(l.data, vec![Row { id: 7 }]);
    }

    #[test]
    fn every_documented_timestamp_spelling_parses_as_utc() {
        let want = Utc.with_ymd_and_hms(2020, 5, 12, 4, 51, 42).single();
        assert_eq!(parse_timestamp("2020-05-12T04:51:42"), want);
        assert_eq!(parse_timestamp("2020-05-12T04:51:42Z"), want);
        assert_eq!(parse_timestamp("2020-05-12 04:51:42"), want);
        assert_eq!(
            parse_timestamp("2023-11-02T08:48:29.136481").map(|t| t.timestamp_subsec_micros()),
            Some(136_481)
        );
        assert!(parse_timestamp("2024-04-25T08:34:50.000000").is_some());
        assert!(parse_timestamp("2023-05-26 04:02:00.324609").is_some());
        assert!(parse_timestamp("2019-06-25T10:50:17.867Z").is_some());
        assert_eq!(
            parse_timestamp("2020-05-12T11:51:42+07:00"),
            want,
            "offsets are honoured"
        );
        assert_eq!(
            epoch(1_678_075_407_193).map(|t| t.timestamp()),
            Some(1_678_075_407)
        );
        assert_eq!(parse_timestamp("not a date"), None);
        assert_eq!(epoch(i64::MIN), None, "no overflow on absurd values");
    }

    #[test]
    fn ids_keep_their_text_and_serialize_back_as_numbers_when_numeric() {
        let v: Vec<Id> = serde_json::from_str(r#"[1418, "84_VN101", "-1", 1.0e29]"#).expect("ids");
        assert_eq!(v[0].as_str(), "1418");
        assert_eq!(v[1].as_str(), "84_VN101");
        assert_eq!(v[2].as_i64(), Some(-1));
        // beyond i64/u64 the value went through f64: digits without an exponent, never a failure
        assert_eq!(v[3].as_str().len(), 29);
        assert!(v[3].as_str().bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(serde_json::to_string(&v[0]).expect("ser"), "1418");
        assert_eq!(serde_json::to_string(&v[1]).expect("ser"), "\"84_VN101\"");
        assert_eq!(
            serde_json::to_string(&Id::from("007")).expect("ser"),
            "\"007\""
        );
    }
}

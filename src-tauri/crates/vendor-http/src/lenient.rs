//! `serde_with` adapters for the vendor wire quirks `serde_with` itself cannot express.
//!
//! Vendor bodies are hostile input. The models compose these adapters with `serde_with`'s own
//! (`DefaultOnError`, `PickFirst`, `NoneAsEmptyString`, `VecSkipError`, `OneOrMany`, `BoolFromInt`,
//! `TimestampSeconds` …) in `#[serde_as]` attributes, for example
//!
//! ```
//! use serde::Deserialize;
//! use serde_with::{serde_as, DefaultOnError};
//! use vendor_http::lenient;
//!
//! #[serde_as]
//! #[derive(Deserialize)]
//! struct Row {
//!     #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
//!     #[serde(default)]
//!     id: String,
//!     #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
//!     #[serde(default)]
//!     price: Option<i64>,
//! }
//!
//! let r: Row = serde_json::from_str(r#"{"id": 1418, "price": "50000"}"#)?;
//! assert_eq!((r.id.as_str(), r.price), ("1418", Some(50_000)));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Each adapter accepts the documented shapes and otherwise returns a serde error naming what it
//! expected; none of them panics. `null` is never accepted by an adapter itself: wrap it in `Option<…>`
//! (→ `None`) or `DefaultOnError<…>` (→ the type's default).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serializer};
use serde_with::de::DeserializeAsWrap;
use serde_with::{DeserializeAs, Same, SerializeAs};

/// Largest magnitude at which every integer is still exact in an `f64` (about 2^53); floats beyond it are
/// refused rather than turned into a wrong integer.
const EXACT_F64: f64 = 9.0e15;

/// Epoch values at or above this are milliseconds (in seconds it would be past the year 5138).
const MILLIS_FROM: i64 = 100_000_000_000;

/// 9999-12-31T23:59:59Z: later epoch values are refused.
const MAX_EPOCH_SECS: i64 = 253_402_300_799;

/// One JSON scalar as the vendor sent it. Every adapter below reads one and converts it, so there is a
/// single visitor; `null`, objects and arrays are refused here with an error naming what was expected.
enum Scalar<'de> {
    Int(i64),
    Big(u64),
    Float(f64),
    Str(Cow<'de, str>),
    Bool(bool),
}

impl Scalar<'_> {
    fn read<'de, D: Deserializer<'de>>(
        d: D,
        expected: &'static str,
    ) -> Result<Scalar<'de>, D::Error> {
        struct V(&'static str);
        impl<'de> Visitor<'de> for V {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(self.0)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(i64::try_from(v).map_or(Scalar::Big(v), Scalar::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(v.to_string())))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Borrowed(v)))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(v)))
            }
        }
        d.deserialize_any(V(expected))
    }

    /// The error for a scalar an adapter cannot use.
    fn refuse<E: de::Error>(&self, expected: &'static str) -> E {
        let u = match self {
            Scalar::Int(i) => Unexpected::Signed(*i),
            Scalar::Big(u) => Unexpected::Unsigned(*u),
            Scalar::Float(f) => Unexpected::Float(*f),
            Scalar::Str(s) => Unexpected::Str(s),
            Scalar::Bool(b) => Unexpected::Bool(*b),
        };
        E::invalid_value(u, &expected)
    }

    /// Read one scalar and convert it, or fail naming `expected`.
    fn convert<'de, D, T>(
        d: D,
        expected: &'static str,
        f: impl FnOnce(&Scalar) -> Option<T>,
    ) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
    {
        let v = Scalar::read(d, expected)?;
        f(&v).ok_or_else(|| v.refuse(expected))
    }
}

fn whole(f: f64) -> Option<i64> {
    (f.is_finite() && f.abs() < EXACT_F64).then(|| f.round() as i64)
}

/// Text from a string, an integer, a float or a boolean (ids and codes sent as `1418` or `"84_VN101"`).
///
/// Strings are kept as they are; integral floats print without a fraction or exponent (`1.0e29` → 29
/// digits, `12.0` → `"12"`). Deserializes into any `T: From<String>` (vendor id newtypes).
pub struct Text;

impl Text {
    /// Read one JSON value as text; `None` for `null`, objects and arrays.
    pub fn of(v: &serde_json::Value) -> Option<String> {
        <Text as DeserializeAs<String>>::deserialize_as(v).ok()
    }
}

impl<'de, T: From<String>> DeserializeAs<'de, T> for Text {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        let text = match Scalar::read(d, "a string, a number or a boolean")? {
            Scalar::Str(s) => s.into_owned(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Big(u) => u.to_string(),
            // large ids overflow into floats; print them without an exponent
            Scalar::Float(f) if f.is_finite() && f.fract() == 0.0 => format!("{f:.0}"),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
        };
        Ok(T::from(text))
    }
}

/// An integer from an integer, a float (rounded), a numeric string (`"50000"`, `" 12.5 "`) or a boolean
/// (`1`/`0`). Floats must be finite and below 9·10^15 in magnitude (beyond that they are not exact) and
/// integers must fit `i64`; anything else is an error.
pub struct Int;

impl Int {
    /// Read one JSON value as an integer; `None` when it is not one.
    pub fn of(v: &serde_json::Value) -> Option<i64> {
        <Int as DeserializeAs<i64>>::deserialize_as(v).ok()
    }
}

impl<'de> DeserializeAs<'de, i64> for Int {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        Scalar::convert(
            d,
            "an integer, or a number or numeric string within ±9e15",
            |v| match v {
                Scalar::Int(i) => Some(*i),
                Scalar::Float(f) => whole(*f),
                Scalar::Str(s) => {
                    let t = s.trim();
                    t.parse().ok().or_else(|| t.parse().ok().and_then(whole))
                }
                Scalar::Bool(b) => Some(i64::from(*b)),
                Scalar::Big(_) => None,
            },
        )
    }
}

/// A finite `f64` from a number or a numeric string (`"12.5"`). `NaN`/`inf` spellings are refused.
///
/// Serialized (`serialize_as`), whole values go out as integers (`10`, as the vendor documents
/// measurements), others as floats.
pub struct Float;

impl<'de> DeserializeAs<'de, f64> for Float {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Scalar::convert(d, "a finite number or numeric string", |v| {
            match v {
                Scalar::Int(i) => Some(*i as f64),
                Scalar::Big(u) => Some(*u as f64),
                Scalar::Float(f) => Some(*f),
                Scalar::Str(s) => s.trim().parse().ok(),
                Scalar::Bool(_) => None,
            }
            .filter(|f: &f64| f.is_finite())
        })
    }
}

impl SerializeAs<f64> for Float {
    fn serialize_as<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.fract() == 0.0 && v.abs() < EXACT_F64 {
            s.serialize_i64(*v as i64)
        } else {
            s.serialize_f64(*v)
        }
    }
}

/// The string spellings of a boolean: `"true"`, `"1"`, `"yes"` and `"false"`, `"0"`, `"no"`, `""`
/// (trimmed, any case). Compose it after `serde_with`'s own:
/// `PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>` reads `true`, `1` and `"1"` alike.
pub struct BoolText;

impl<'de> DeserializeAs<'de, bool> for BoolText {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        const EXPECTED: &str = "\"true\", \"false\", \"1\", \"0\", \"yes\", \"no\" or \"\"";
        Scalar::convert(d, EXPECTED, |v| match v {
            Scalar::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Some(true),
                "false" | "0" | "no" | "" => Some(false),
                _ => None,
            },
            _ => None,
        })
    }
}

/// A point in time from Unix epoch seconds, or milliseconds when the value is too large to be seconds
/// (≥ 10^11): integers, floats (fraction of a second dropped) and numeric strings. `0` and negative values
/// (the vendors' "unset") and values past the year 9999 are errors.
///
/// To serialize as epoch seconds use `serde_with::TimestampSeconds<i64>`.
pub struct Epoch;

impl Epoch {
    /// Epoch seconds or milliseconds → UTC, `None` for `0`, negative and out-of-range values.
    pub fn from_int(v: i64) -> Option<DateTime<Utc>> {
        let t = if v >= MILLIS_FROM {
            DateTime::from_timestamp_millis(v)
        } else if v > 0 {
            DateTime::from_timestamp(v, 0)
        } else {
            None
        };
        t.filter(|t| t.timestamp() <= MAX_EPOCH_SECS)
    }

    /// Read one JSON value as an epoch time; `None` when it is not one.
    pub fn of(v: &serde_json::Value) -> Option<DateTime<Utc>> {
        <Epoch as DeserializeAs<DateTime<Utc>>>::deserialize_as(v).ok()
    }
}

impl<'de> DeserializeAs<'de, DateTime<Utc>> for Epoch {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        // floats are truncated to whole seconds (or milliseconds); the range check is on the float so a
        // huge value cannot saturate into a valid-looking one
        let float = |f: f64| {
            let unit = if f >= MILLIS_FROM as f64 { 1000.0 } else { 1.0 };
            (f.is_finite() && f > 0.0 && f / unit <= MAX_EPOCH_SECS as f64)
                .then(|| Epoch::from_int(f.trunc() as i64))
                .flatten()
        };
        Scalar::convert(
            d,
            "positive epoch seconds or milliseconds before the year 10000",
            |v| match v {
                Scalar::Int(i) => Epoch::from_int(*i),
                Scalar::Float(f) => float(*f),
                Scalar::Str(s) => {
                    let t = s.trim();
                    match t.parse::<i64>() {
                        Ok(i) => Epoch::from_int(i),
                        Err(_) => t.parse().ok().and_then(float),
                    }
                }
                Scalar::Big(_) | Scalar::Bool(_) => None,
            },
        )
    }
}

/// A timestamp written as text, read as UTC: RFC 3339 (`Z` or an offset, honoured), naive
/// `2020-05-12T04:51:42` with optional fractional seconds, a space instead of `T`, minutes only, or a
/// bare date (midnight). Numbers and numeric strings are not accepted here: compose with [`Epoch`]
/// (`PickFirst<(lenient::UtcText, lenient::Epoch)>`).
///
/// Serialized (`serialize_as`), it writes naive UTC without an offset (`2020-05-12T04:51:42`).
pub struct UtcText;

impl UtcText {
    /// Parse one text spelling; `None` when it is not a timestamp.
    pub fn parse(s: &str) -> Option<DateTime<Utc>> {
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
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|n| Utc.from_utc_datetime(&n))
    }
}

impl<'de> DeserializeAs<'de, DateTime<Utc>> for UtcText {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        Scalar::convert(d, "a date-time such as 2020-05-12T04:51:42", |v| match v {
            Scalar::Str(s) => UtcText::parse(s),
            _ => None,
        })
    }
}

impl SerializeAs<DateTime<Utc>> for UtcText {
    fn serialize_as<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&t.naive_utc().format("%Y-%m-%dT%H:%M:%S"))
    }
}

/// Money → integer VND (fractions of a đồng rounded): numbers, and strings such as `"500000.00"`,
/// `"500,000"`, `"500.000 đ"` or `"1.250.000 VND"`. Thousands separators (`,`, space, `_`) are ignored;
/// a `.` followed by exactly three digits and no other `.`, or several `.`, are read as Vietnamese
/// thousands separators. Amounts must stay below 9·10^15.
pub struct Money;

impl Money {
    /// Parse one money string; `None` when it is not an amount.
    pub fn parse(s: &str) -> Option<i64> {
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
        let thousands =
            dots > 1 || (dots == 1 && t.split('.').nth(1).is_some_and(|g| g.len() == 3));
        let t = if thousands { t.replace('.', "") } else { t };
        t.parse::<f64>().ok().and_then(whole)
    }
}

impl<'de> DeserializeAs<'de, i64> for Money {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        Scalar::convert(
            d,
            "an amount in VND, as a number or a string",
            |v| match v {
                Scalar::Int(i) => Some(*i),
                Scalar::Float(f) => whole(*f),
                Scalar::Str(s) => Money::parse(s),
                Scalar::Big(_) | Scalar::Bool(_) => None,
            },
        )
    }
}

/// `U`, except that `null` is an error. `serde_with` has no way to drop `null` elements from a list; as
/// `VecSkipError<lenient::NotNull>` it does, also for element types that would accept `null` (`Value`,
/// `Option<T>`, ids that read `null` as empty).
pub struct NotNull<U = Same>(PhantomData<U>);

impl<'de, T, U: DeserializeAs<'de, T>> DeserializeAs<'de, T> for NotNull<U> {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        Option::<DeserializeAsWrap<T, U>>::deserialize(d)?
            .map(DeserializeAsWrap::into_inner)
            .ok_or_else(|| de::Error::invalid_type(Unexpected::Unit, &"a value other than null"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};
    use serde_json::{json, Value};
    use serde_with::formats::Flexible;
    use serde_with::{
        serde_as, BoolFromInt, DefaultOnError, NoneAsEmptyString, OneOrMany, PickFirst,
        TimestampSeconds, VecSkipError,
    };

    fn read<T, U>(v: Value) -> Result<T, serde_json::Error>
    where
        U: for<'de> DeserializeAs<'de, T>,
    {
        U::deserialize_as(v)
    }

    fn money(v: Value) -> Option<i64> {
        read::<Option<i64>, DefaultOnError<Option<Money>>>(v)
            .ok()
            .flatten()
    }

    fn epoch(v: Value) -> Option<DateTime<Utc>> {
        read::<Option<DateTime<Utc>>, DefaultOnError<Option<Epoch>>>(v)
            .ok()
            .flatten()
    }

    #[test]
    fn text_takes_strings_numbers_and_booleans_and_refuses_the_rest() {
        let v: Vec<Value> =
            serde_json::from_str(r#"[1418, "84_VN101", "-1", 1.0e29, 12.0, 1.5, true]"#)
                .expect("values");
        let t: Vec<String> = v.iter().filter_map(Text::of).collect();
        assert_eq!(t[0], "1418");
        assert_eq!(t[1], "84_VN101");
        assert_eq!(t[2], "-1");
        // beyond i64/u64 the value went through f64: digits without an exponent, never a failure
        assert_eq!(t[3].len(), 29);
        assert!(t[3].bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(&t[4..], ["12", "1.5", "true"]);
        for bad in [json!(null), json!({}), json!([1])] {
            let e = read::<String, Text>(bad).expect_err("not text");
            assert!(
                e.to_string().contains("a string, a number or a boolean"),
                "{e}"
            );
        }
    }

    #[test]
    fn ids_as_numbers_or_strings_and_nulls() {
        #[serde_as]
        #[derive(Deserialize)]
        struct T {
            #[serde_as(deserialize_as = "DefaultOnError<Int>")]
            #[serde(default)]
            a: i64,
            #[serde_as(deserialize_as = "DefaultOnError<Option<Int>>")]
            #[serde(default)]
            b: Option<i64>,
            #[serde_as(deserialize_as = "DefaultOnError<Text>")]
            #[serde(default)]
            c: String,
            #[serde_as(
                deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<Int>, OneOrMany<Int>)>>"
            )]
            #[serde(default)]
            d: Vec<i64>,
            #[serde_as(
                deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<Text>)>>"
            )]
            #[serde(default)]
            e: Option<String>,
        }
        let t: T = serde_json::from_str(r#"{"a":"92220","b":null,"c":12,"d":["1",2,"x"],"e":""}"#)
            .expect("t");
        assert_eq!(
            (t.a, t.b, t.c.as_str(), t.d, t.e),
            (92220, None, "12", vec![1, 2], None)
        );
        let t: T =
            serde_json::from_str(r#"{"a":null,"b":"7","c":null,"d":null,"e":5}"#).expect("t");
        assert_eq!(
            (t.a, t.b, t.c.as_str(), t.d.len(), t.e.as_deref()),
            (0, Some(7), "", 0, Some("5"))
        );
        let t: T = serde_json::from_str(r#"{"a":120000.0,"d":"3","e":"x"}"#).expect("t");
        assert_eq!((t.a, t.d, t.e.as_deref()), (120000, vec![3], Some("x")));
    }

    #[test]
    fn integers_round_and_refuse_what_is_not_exact() {
        assert_eq!(Int::of(&json!("50000")), Some(50_000));
        assert_eq!(Int::of(&json!(" 12.5 ")), Some(13));
        assert_eq!(Int::of(&json!(true)), Some(1));
        assert_eq!(Int::of(&json!(u64::MAX)), None);
        assert_eq!(Int::of(&json!(1e300)), None);
        assert_eq!(Int::of(&json!("")), None);
        assert_eq!(Int::of(&json!(null)), None);
        let e = read::<i64, Int>(json!("abc")).expect_err("not a number");
        assert!(e.to_string().contains("numeric string"), "{e}");
    }

    #[test]
    fn floats_are_finite_and_whole_ones_serialize_as_integers() {
        assert_eq!(read::<f64, Float>(json!("12.5")).ok(), Some(12.5));
        assert_eq!(read::<f64, Float>(json!(3)).ok(), Some(3.0));
        assert!(read::<f64, Float>(json!("NaN")).is_err());
        assert!(read::<f64, Float>(json!("inf")).is_err());
        #[serde_as]
        #[derive(Serialize)]
        struct W {
            #[serde_as(as = "Vec<Float>")]
            w: Vec<f64>,
        }
        let s = serde_json::to_string(&W { w: vec![10.0, 2.5] }).expect("ser");
        assert_eq!(s, r#"{"w":[10,2.5]}"#);
    }

    #[test]
    fn booleans_from_bools_integers_and_their_string_spellings() {
        type B = DefaultOnError<PickFirst<(serde_with::Same, BoolFromInt<Flexible>, BoolText)>>;
        for (v, want) in [
            (json!(true), true),
            (json!(false), false),
            (json!(1), true),
            (json!(0), false),
            (json!(2), true),
            (json!("true"), true),
            (json!("1"), true),
            (json!(" Yes "), true),
            (json!("0"), false),
            (json!(""), false),
            (json!("maybe"), false),
            (json!(null), false),
            (json!({}), false),
        ] {
            assert_eq!(read::<bool, B>(v.clone()).ok(), Some(want), "{v}");
        }
        assert!(read::<bool, BoolText>(json!("maybe")).is_err());
    }

    #[test]
    fn money_strings_become_vnd() {
        assert_eq!(Money::parse("500000.00"), Some(500_000));
        assert_eq!(Money::parse("500,000"), Some(500_000));
        assert_eq!(Money::parse("500.000"), Some(500_000));
        assert_eq!(Money::parse("1.250.000"), Some(1_250_000));
        assert_eq!(Money::parse("199999.50"), Some(200_000));
        assert_eq!(Money::parse("12.5"), Some(13));
        assert_eq!(Money::parse(""), None);
        assert_eq!(Money::parse("abc"), None);
        assert_eq!(Money::parse("500.000 đ"), Some(500_000));
        assert_eq!(money(json!(200000)), Some(200_000));
        assert_eq!(money(json!(200000.0)), Some(200_000));
        assert_eq!(money(json!("1.250.000 VND")), Some(1_250_000));
        assert_eq!(money(json!(null)), None);
        assert_eq!(money(json!(1e300)), None);
        assert_eq!(money(json!([1])), None);
    }

    #[test]
    fn epochs_become_utc() {
        let t = epoch(json!(1773367142)).expect("valid");
        assert_eq!(t.to_rfc3339(), "2026-03-13T01:59:02+00:00");
        assert_eq!(epoch(json!("1773367142")), Some(t));
        assert_eq!(epoch(json!(1773367142000_i64)), Some(t));
        assert_eq!(epoch(json!(1773367142.9)), Some(t));
        assert_eq!(epoch(json!(0.0)), None);
        assert_eq!(epoch(json!(0)), None);
        assert_eq!(epoch(json!(null)), None);
        assert_eq!(epoch(json!(-5)), None);
        assert_eq!(epoch(json!(1e300)), None);
        assert_eq!(epoch(json!(i64::MIN)), None, "no overflow on absurd values");
        assert_eq!(epoch(json!(u64::MAX)), None);
        assert_eq!(epoch(json!("soon")), None);
    }

    #[test]
    fn timestamps_seconds_and_millis() {
        let at = |v: i64| Epoch::of(&json!(v)).map(|t| t.timestamp());
        assert_eq!(at(1733387520), Some(1733387520));
        assert_eq!(at(1752469318093), Some(1752469318));
        assert_eq!(
            Epoch::of(&json!(1_678_075_407_193_i64)).map(|t| t.timestamp_subsec_millis()),
            Some(193)
        );
        assert!(at(0).is_none());
    }

    #[test]
    fn every_documented_timestamp_spelling_parses_as_utc() {
        let want = Utc.with_ymd_and_hms(2020, 5, 12, 4, 51, 42).single();
        assert_eq!(UtcText::parse("2020-05-12T04:51:42"), want);
        assert_eq!(UtcText::parse("2020-05-12T04:51:42Z"), want);
        assert_eq!(UtcText::parse("2020-05-12 04:51:42"), want);
        assert_eq!(
            UtcText::parse("2023-11-02T08:48:29.136481").map(|t| t.timestamp_subsec_micros()),
            Some(136_481)
        );
        assert!(UtcText::parse("2024-04-25T08:34:50.000000").is_some());
        assert!(UtcText::parse("2023-05-26 04:02:00.324609").is_some());
        assert!(UtcText::parse("2019-06-25T10:50:17.867Z").is_some());
        assert_eq!(
            UtcText::parse("2020-05-12T11:51:42+07:00"),
            want,
            "offsets are honoured"
        );
        assert_eq!(
            UtcText::parse("2020-05-12").map(|t| t.timestamp()),
            Utc.with_ymd_and_hms(2020, 5, 12, 0, 0, 0)
                .single()
                .map(|t| t.timestamp())
        );
        assert_eq!(UtcText::parse("not a date"), None);
        assert_eq!(
            UtcText::parse("1589259102"),
            None,
            "numbers are Epoch's job"
        );

        type Time = DefaultOnError<Option<PickFirst<(UtcText, Epoch)>>>;
        let t = |v: Value| read::<Option<DateTime<Utc>>, Time>(v).ok().flatten();
        assert_eq!(t(json!("2020-05-12 04:51:42")), want);
        assert_eq!(t(json!(1589259102)), want);
        assert_eq!(t(json!("1589259102")), want);
        assert_eq!(t(json!(1589259102000_i64)), want);
        assert_eq!(t(json!("yesterday")), None);
        assert_eq!(t(json!(false)), None);
        assert_eq!(t(json!({"a": 1})), None);
    }

    #[test]
    fn text_timestamps_and_epochs_serialize_back() {
        #[serde_as]
        #[derive(Serialize)]
        struct S {
            #[serde_as(as = "Option<UtcText>")]
            naive: Option<DateTime<Utc>>,
            #[serde_as(as = "Option<TimestampSeconds<i64>>")]
            secs: Option<DateTime<Utc>>,
        }
        let t = Utc.with_ymd_and_hms(2020, 5, 12, 4, 51, 42).single();
        let s = serde_json::to_string(&S { naive: t, secs: t }).expect("ser");
        assert_eq!(s, r#"{"naive":"2020-05-12T04:51:42","secs":1589259102}"#);
        let s = serde_json::to_string(&S {
            naive: None,
            secs: None,
        })
        .expect("ser");
        assert_eq!(s, r#"{"naive":null,"secs":null}"#);
    }

    #[test]
    fn lists_accept_null_a_single_object_and_skip_malformed_elements() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Row {
            id: i64,
        }
        #[serde_as]
        #[derive(Deserialize, Debug)]
        struct L {
            #[serde_as(
                deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<NotNull>, OneOrMany<NotNull>)>>"
            )]
            #[serde(default)]
            data: Vec<Row>,
        }
        let l: L = serde_json::from_str(r#"{"data": [{"id": 1}, "junk", null, {"id": 2}]}"#)
            .expect("list");
        assert_eq!(l.data, vec![Row { id: 1 }, Row { id: 2 }]);
        let l: L = serde_json::from_str(r#"{"data": null}"#).expect("null");
        assert!(l.data.is_empty());
        let l: L = serde_json::from_str(r#"{"data": {"id": 7}}"#).expect("one");
        assert_eq!(l.data, vec![Row { id: 7 }]);
        let l: L = serde_json::from_str(r#"{"data": "junk"}"#).expect("junk");
        assert!(l.data.is_empty());

        // element types that would take `null` themselves still lose `null` elements and `null` lists
        #[serde_as]
        #[derive(Deserialize, Debug)]
        struct Raw {
            #[serde_as(
                deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<NotNull>, OneOrMany<NotNull>)>>"
            )]
            #[serde(default)]
            data: Vec<Value>,
        }
        let r: Raw = serde_json::from_str(r#"{"data": [1, null, "a"]}"#).expect("raw");
        assert_eq!(r.data, vec![json!(1), json!("a")]);
        let r: Raw = serde_json::from_str(r#"{"data": null}"#).expect("raw null");
        assert!(r.data.is_empty());
        let r: Raw = serde_json::from_str(r#"{"data": {"k": 1}}"#).expect("raw one");
        assert_eq!(r.data, vec![json!({"k": 1})]);
        let e = read::<Value, NotNull>(json!(null)).expect_err("null");
        assert!(e.to_string().contains("other than null"), "{e}");
    }

    proptest::proptest! {
        /// Hostile scalars give a value or an error, never a panic.
        #[test]
        fn adapters_never_panic(s in "\\PC{0,40}", i in proptest::num::i64::ANY, f in proptest::num::f64::ANY, u in proptest::num::u64::ANY) {
            for v in [json!(s), json!(i), json!(f), json!(u), json!(s.trim()), json!(format!("{f}")), json!(format!("{i}000"))] {
                let _ = Text::of(&v);
                let _ = Int::of(&v);
                let _ = Epoch::of(&v);
                let _ = read::<f64, Float>(v.clone());
                let _ = read::<i64, Money>(v.clone());
                let _ = read::<bool, BoolText>(v.clone());
                let _ = read::<DateTime<Utc>, UtcText>(v.clone());
                let _ = read::<Value, NotNull>(v);
            }
            let _ = Money::parse(&s);
            let _ = UtcText::parse(&s);
        }
    }
}

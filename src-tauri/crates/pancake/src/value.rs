//! Pancake's identifier type: ids arrive as numbers or strings (digest §1.8).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::{DefaultOnError, DeserializeAs};
use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;
use vendor_http::lenient;

/// An identifier that arrives as a number or as a string; kept as its text (`1418`, `"84_VN101"`, `"-1"`).
/// `null`, objects and arrays read as the empty id.
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

/// Any text is an id (lets `serde_with::NoneAsEmptyString` read `Option<Id>`).
impl FromStr for Id {
    type Err = Infallible;
    fn from_str(s: &str) -> Result<Self, Infallible> {
        Ok(Id(s.to_string()))
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        DefaultOnError::<lenient::Text>::deserialize_as(d)
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn null_and_non_scalar_ids_read_as_empty() {
        let v: Vec<Id> = serde_json::from_str(r#"[null, {"a": 1}, [2], true]"#).expect("ids");
        let t: Vec<&str> = v.iter().map(Id::as_str).collect();
        assert_eq!(t, ["", "", "", "true"]);
    }
}

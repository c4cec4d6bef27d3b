//! Config area: warehouses, brands, address directory, uploaded files. All shapes *(inferred)*; aliases
//! cover the plausible spellings.

use serde::{Deserialize, Deserializer, Serialize};

use crate::de;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Warehouse {
    #[serde(default, alias = "code", deserialize_with = "de::id_string")]
    pub warehouse_code: String,
    #[serde(
        default,
        alias = "warehouse_name",
        deserialize_with = "de::lenient_string"
    )]
    pub name: String,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub address: Option<String>,
    #[serde(default, alias = "province", deserialize_with = "de::id_string_opt")]
    pub province_name: Option<String>,
}

/// `{ "id": 2240, "name": "Tamron" }` (shape seen inside Product Detail).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Brand {
    #[serde(default, alias = "brand_id", deserialize_with = "de::int_or_zero")]
    pub id: i64,
    #[serde(default, alias = "brand_name", deserialize_with = "de::lenient_string")]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Province {
    /// Onflow's own id (number or string on the wire).
    #[serde(default, alias = "province_id", deserialize_with = "de::id_string")]
    pub id: String,
    #[serde(
        default,
        alias = "province_name",
        deserialize_with = "de::lenient_string"
    )]
    pub name: String,
    /// Official (GSO) code when given.
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct District {
    #[serde(default, alias = "district_id", deserialize_with = "de::id_string")]
    pub id: String,
    #[serde(
        default,
        alias = "district_name",
        deserialize_with = "de::lenient_string"
    )]
    pub name: String,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub province_id: Option<String>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ward {
    #[serde(default, alias = "ward_id", deserialize_with = "de::id_string")]
    pub id: String,
    #[serde(default, alias = "ward_name", deserialize_with = "de::lenient_string")]
    pub name: String,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub district_id: Option<String>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub code: Option<String>,
}

/// Answer of "Upload file": the public URL to put in `product_image_url_*` or `document_url`.
/// Accepts a bare string or an object with `url` / `file_url` / `link` / `document_url`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct UploadedFile {
    pub url: String,
    pub file_name: Option<String>,
    pub size: Option<u64>,
}

impl<'de> Deserialize<'de> for UploadedFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let url = match &v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Object(m) => ["url", "file_url", "link", "document_url", "path"]
                .iter()
                .find_map(|k| m.get(*k).and_then(de::value_to_string)),
            _ => None,
        }
        .filter(|u| !u.is_empty())
        .ok_or_else(|| serde::de::Error::custom("no file URL in the upload answer"))?;
        let file_name = v
            .get("file_name")
            .or_else(|| v.get("name"))
            .and_then(de::value_to_string);
        let size = v
            .get("size")
            .and_then(de::int_from_value)
            .and_then(|s| u64::try_from(s).ok());
        Ok(UploadedFile {
            url,
            file_name,
            size,
        })
    }
}

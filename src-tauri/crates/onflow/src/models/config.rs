//! Config area: warehouses, brands, address directory, uploaded files. All shapes *(inferred)*; aliases
//! cover the plausible spellings.

use serde::{Deserialize, Deserializer, Serialize};

use serde_with::{serde_as, DefaultOnError, NoneAsEmptyString, PickFirst};
use vendor_http::lenient;

#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Warehouse {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default, alias = "code")]
    pub warehouse_code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default, alias = "warehouse_name")]
    pub name: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub address: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default, alias = "province")]
    pub province_name: Option<String>,
}

/// `{ "id": 2240, "name": "Tamron" }` (shape seen inside Product Detail).
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Brand {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(default, alias = "brand_id")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default, alias = "brand_name")]
    pub name: String,
}

#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Province {
    /// Onflow's own id (number or string on the wire).
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default, alias = "province_id")]
    pub id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default, alias = "province_name")]
    pub name: String,
    /// Official (GSO) code when given.
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub code: Option<String>,
}

#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct District {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default, alias = "district_id")]
    pub id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default, alias = "district_name")]
    pub name: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub province_id: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub code: Option<String>,
}

#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ward {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default, alias = "ward_id")]
    pub id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default, alias = "ward_name")]
    pub name: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub district_id: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
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
                .find_map(|k| m.get(*k).and_then(lenient::Text::of)),
            _ => None,
        }
        .filter(|u| !u.is_empty())
        .ok_or_else(|| serde::de::Error::custom("no file URL in the upload answer"))?;
        let file_name = v
            .get("file_name")
            .or_else(|| v.get("name"))
            .and_then(lenient::Text::of);
        let size = v
            .get("size")
            .and_then(lenient::Int::of)
            .and_then(|s| u64::try_from(s).ok());
        Ok(UploadedFile {
            url,
            file_name,
            size,
        })
    }
}

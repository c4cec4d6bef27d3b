//! Geography (digest §3.2): provinces → districts → communes, with the 2025 model's `is_new` / `new_id`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use vendor_http::Result;

use crate::client::Query;
use crate::envelope::Page;
use crate::value::Id;
use crate::PancakeClient;
use serde_with::formats::Flexible;
use serde_with::{serde_as, BoolFromInt, DefaultOnError, NoneAsEmptyString, PickFirst};
use vendor_http::lenient;

/// Which administrative model to list (digest §3.2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GeoModel {
    /// The legacy three-level model (default).
    #[default]
    Legacy,
    /// The post-2025 two-level model (`is_new=true`).
    New,
    /// Both (`all=true`).
    All,
}

#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Province {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name_en: Option<String>,
    /// The province's id in the 2025 model, e.g. `84_VN101`.
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub new_id: Option<Id>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_new: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct District {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name_en: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub province_id: Option<Id>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Commune {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name_en: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub district_id: Option<Id>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub province_id: Option<Id>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub new_id: Option<Id>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_new: Option<bool>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub postcode: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PancakeClient {
    /// `GET /geo/provinces?country_code=84[&is_new=true|&all=true]`.
    pub async fn provinces(&self, model: GeoModel) -> Result<Vec<Province>> {
        let q = Query::new().push("country_code", "84");
        let q = match model {
            GeoModel::Legacy => q,
            GeoModel::New => q.push("is_new", "true"),
            GeoModel::All => q.push("all", "true"),
        };
        let p: Page<Province> = self.get(&["geo", "provinces"], q).await?;
        Ok(p.data)
    }

    /// `GET /geo/districts?province_id=…`.
    pub async fn districts(&self, province_id: &str) -> Result<Vec<District>> {
        let q = Query::new().push("province_id", province_id);
        let p: Page<District> = self.get(&["geo", "districts"], q).await?;
        Ok(p.data)
    }

    /// `GET /geo/communes?province_id=…[&district_id=…]` (new-model communes have no district).
    pub async fn communes(
        &self,
        province_id: &str,
        district_id: Option<&str>,
    ) -> Result<Vec<Commune>> {
        let q = Query::new()
            .push("province_id", province_id)
            .opt("district_id", district_id);
        let p: Page<Commune> = self.get(&["geo", "communes"], q).await?;
        Ok(p.data)
    }
}

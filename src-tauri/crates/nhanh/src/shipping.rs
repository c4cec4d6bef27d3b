//! Shipping: administrative locations (v1 three-level, v2 two-level), carriers, fee quotes.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use vendor_http::Result;

use crate::client::Client;
use serde_with::{serde_as, DefaultOnError, NoneAsEmptyString, PickFirst, VecSkipError};
use vendor_http::lenient;

/// `locationVersion`.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub enum LocationVersion {
    /// Legacy three levels: city → district → ward (what Nhanh advises until carriers move).
    #[default]
    #[serde(rename = "v1")]
    V1,
    /// Since 2025: city → ward.
    #[serde(rename = "v2")]
    V2,
}

/// `type` of shipping/location.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "UPPERCASE")]
pub enum LocationType {
    City,
    District,
    Ward,
}

/// A city, district or ward.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Location {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub other_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub parent_id: Option<i64>,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct CarrierService {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub description: String,
}

/// A carrier (§9.6 ids).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Carrier {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub short_name: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub logo: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub status: i64,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub services: Vec<CarrierService>,
}

/// An address end of a fee quote.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FeeAddress {
    pub city_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ward_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub location_version: LocationVersion,
}

/// `shipping/fee` filters. `type_id` 1 = Nhanh's carrier connection, 2 = the shop's own accounts.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FeeRequest {
    #[serde(rename = "type")]
    pub type_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depot_id: Option<i64>,
    pub shipping_weight: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_cod: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carrier: Option<Value>,
    pub shipping_from: FeeAddress,
    pub shipping_to: FeeAddress,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct QuoteCarrier {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub account_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub account_name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub shop_id: String,
}

/// One quote; feed `carrier.id` + `service.id` (type 1) or `service.code` + `carrier.accountId` (type 2)
/// into order/add.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct ShippingQuote {
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub logo: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub carrier: QuoteCarrier,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub service: CarrierService,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub ship_fee: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub cod_fee: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub declared_fee: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub customer_ship_fee: i64,
}

impl Client {
    /// `shipping/location` (cache ~24 h). `parent_id`: DISTRICT → city; WARD → district (v1) or city (v2).
    pub async fn locations(
        &self,
        version: LocationVersion,
        kind: LocationType,
        parent_id: Option<i64>,
    ) -> Result<Vec<Location>> {
        let mut filters = serde_json::json!({ "locationVersion": version, "type": kind });
        if let (Some(p), Some(obj)) = (parent_id, filters.as_object_mut()) {
            obj.insert("parentId".into(), p.into());
        }
        let body = serde_json::json!({ "filters": filters });
        let d: Option<Vec<Location>> = self.read("shipping/location", &body).await?;
        Ok(d.unwrap_or_default())
    }

    /// `shipping/carrier` (empty body).
    pub async fn carriers(&self) -> Result<Vec<Carrier>> {
        let d: Option<Vec<Carrier>> = self
            .read("shipping/carrier", &Value::Object(Default::default()))
            .await?;
        Ok(d.unwrap_or_default())
    }

    /// `shipping/fee` quotes.
    pub async fn shipping_fee(&self, req: &FeeRequest) -> Result<Vec<ShippingQuote>> {
        let body = serde_json::json!({ "filters": req });
        let d: Option<Vec<ShippingQuote>> = self.read("shipping/fee", &body).await?;
        Ok(d.unwrap_or_default())
    }
}

//! Outbound B2C shipments and B2C return shipments.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Document, Platform, StatusInfo};
use serde_with::{
    serde_as, DefaultOnError, NoneAsEmptyString, OneOrMany, PickFirst, TimestampSeconds,
    VecSkipError,
};
use vendor_http::lenient;

/// Body of Create B2C Shipment. `warehouse_code`, `platform`, `merchant_tracking_code_reference` are
/// documented; the rest *(inferred)*.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewShipment {
    pub warehouse_code: String,
    /// Marketplace only (Shopee, Lazada, TikTok, Tiki).
    pub platform: Platform,
    /// Our idempotency reference (the outbox looks it up after a timeout).
    pub merchant_tracking_code_reference: String,
    /// Marketplace waybill.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub courier_tracking_code: Option<String>,
    pub items: Vec<ShipmentItem>,
    /// Shipping label / invoice URLs from "Upload file".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShipmentItem {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub oasin: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(default, alias = "product_quantity")]
    pub quantity: i64,
    /// Echoed by the server when it knows it.
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
}

/// Answer of Create B2C Shipment *(inferred)*.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreatedShipment {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub tracking_code: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub merchant_tracking_code_reference: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    #[serde(default)]
    pub status_info: Option<StatusInfo>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub created_time: Option<DateTime<Utc>>,
}

/// B2C shipment detail / list item (documented up to `cancelled_time`, the rest *(inferred)*).
#[serde_as]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Shipment {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub tracking_code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub merchant_tracking_code_reference: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub courier_tracking_code: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub warehouse_code: String,
    #[serde_as(deserialize_as = "DefaultOnError")]
    #[serde(default)]
    pub platform: Option<Platform>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    #[serde(default)]
    pub status_info: Option<StatusInfo>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    #[serde(default)]
    pub items: Vec<ShipmentItem>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub created_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub updated_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub picked_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub packed_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub handover_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub cancelled_time: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Shipment {
    pub fn status(&self) -> Option<super::ShipmentStatus> {
        self.status_info.as_ref().map(StatusInfo::shipment_status)
    }
}

/// Filters of Get B2C Shipment List *(placeholder names)*.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShipmentQuery {
    pub merchant_tracking_code_reference: Option<String>,
    pub warehouse_code: Option<String>,
    pub status: Option<i64>,
}

/// Body of Create Return B2C Shipment *(inferred from the Detail fields)*.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewReturn {
    pub warehouse_code: String,
    /// The original `OASC…` shipment.
    pub shipment_tracking_code: String,
    pub merchant_return_tracking_code_reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_tracking_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_courier_tracking_code: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ShipmentItem>,
    /// Candidate enum from the OMS API (`item_damaged`, `wrong_item`, `change_mind`, …) *(inferred)*.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Answer of Create Return *(inferred)*.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreatedReturn {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub return_tracking_code: String,
    #[serde_as(deserialize_as = "DefaultOnError")]
    #[serde(default)]
    pub status_info: Option<StatusInfo>,
}

/// Return detail / list item (documented up to `return_courier_tracking_code`).
#[serde_as]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReturnShipment {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub return_tracking_code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub shipment_tracking_code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub merchant_return_tracking_code_reference: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub partner_tracking_code: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub return_courier_tracking_code: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub warehouse_code: String,
    #[serde_as(deserialize_as = "DefaultOnError")]
    #[serde(default)]
    pub status_info: Option<StatusInfo>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    #[serde(default)]
    pub items: Vec<ShipmentItem>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub reason: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub created_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub updated_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub cancelled_time: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ReturnShipment {
    pub fn status(&self) -> Option<super::ReturnStatus> {
        self.status_info.as_ref().map(StatusInfo::return_status)
    }
}

/// Filters of Get Return List *(placeholder names)*.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReturnQuery {
    pub shipment_tracking_code: Option<String>,
    pub warehouse_code: Option<String>,
}

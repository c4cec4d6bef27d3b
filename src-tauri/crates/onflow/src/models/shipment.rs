//! Outbound B2C shipments and B2C return shipments.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Document, Platform, StatusInfo};
use crate::de;

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

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShipmentItem {
    #[serde(default, deserialize_with = "de::id_string")]
    pub oasin: String,
    #[serde(
        default,
        alias = "product_quantity",
        deserialize_with = "de::int_or_zero"
    )]
    pub quantity: i64,
    /// Echoed by the server when it knows it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::id_string_opt"
    )]
    pub sku: Option<String>,
}

/// Answer of Create B2C Shipment *(inferred)*.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreatedShipment {
    #[serde(default, deserialize_with = "de::id_string")]
    pub tracking_code: String,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub merchant_tracking_code_reference: Option<String>,
    #[serde(default, deserialize_with = "de::lenient_opt")]
    pub status_info: Option<StatusInfo>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub created_time: Option<DateTime<Utc>>,
}

/// B2C shipment detail / list item (documented up to `cancelled_time`, the rest *(inferred)*).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Shipment {
    #[serde(default, deserialize_with = "de::id_string")]
    pub tracking_code: String,
    #[serde(default, deserialize_with = "de::id_string")]
    pub merchant_tracking_code_reference: String,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub courier_tracking_code: Option<String>,
    #[serde(default, deserialize_with = "de::id_string")]
    pub warehouse_code: String,
    #[serde(default, deserialize_with = "de::lenient_opt")]
    pub platform: Option<Platform>,
    #[serde(default, deserialize_with = "de::lenient_opt")]
    pub status_info: Option<StatusInfo>,
    #[serde(default, deserialize_with = "de::lenient_vec")]
    pub items: Vec<ShipmentItem>,
    #[serde(default, deserialize_with = "de::lenient_vec")]
    pub documents: Vec<Document>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub created_time: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub updated_time: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub picked_time: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub packed_time: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub handover_time: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreatedReturn {
    #[serde(default, deserialize_with = "de::id_string")]
    pub return_tracking_code: String,
    #[serde(default, deserialize_with = "de::lenient_opt")]
    pub status_info: Option<StatusInfo>,
}

/// Return detail / list item (documented up to `return_courier_tracking_code`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReturnShipment {
    #[serde(default, deserialize_with = "de::id_string")]
    pub return_tracking_code: String,
    #[serde(default, deserialize_with = "de::id_string")]
    pub shipment_tracking_code: String,
    #[serde(default, deserialize_with = "de::id_string")]
    pub merchant_return_tracking_code_reference: String,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub partner_tracking_code: Option<String>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub return_courier_tracking_code: Option<String>,
    #[serde(default, deserialize_with = "de::id_string")]
    pub warehouse_code: String,
    #[serde(default, deserialize_with = "de::lenient_opt")]
    pub status_info: Option<StatusInfo>,
    #[serde(default, deserialize_with = "de::lenient_vec")]
    pub items: Vec<ShipmentItem>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub reason: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub created_time: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub updated_time: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
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

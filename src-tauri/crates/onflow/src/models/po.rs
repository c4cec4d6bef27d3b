//! Inbound purchase orders (PO).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Document, PoStatus};
use crate::de;

/// Body of Create PO (documented).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewPurchaseOrder {
    pub warehouse_code: String,
    /// Value-added services; `CO_INSPECTION` seen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vas: Vec<String>,
    pub merchant_po_reference: String,
    pub packages: Vec<PoPackage>,
    #[serde(serialize_with = "de::ser_epoch")]
    pub estimated_arrival_time: DateTime<Utc>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub po_documents: Vec<Document>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PoPackage {
    #[serde(default, deserialize_with = "de::id_string")]
    pub package_code: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::float_opt",
        serialize_with = "de::ser_num_opt"
    )]
    pub weight: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::float_opt",
        serialize_with = "de::ser_num_opt"
    )]
    pub length: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::float_opt",
        serialize_with = "de::ser_num_opt"
    )]
    pub width: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::float_opt",
        serialize_with = "de::ser_num_opt"
    )]
    pub height: Option<f64>,
    #[serde(default, deserialize_with = "de::lenient_vec")]
    pub items: Vec<PoItem>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::id_string_opt"
    )]
    pub package_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PoItem {
    #[serde(default, deserialize_with = "de::id_string")]
    pub oasin: String,
    #[serde(default, alias = "quantity", deserialize_with = "de::int_or_zero")]
    pub product_quantity: i64,
}

/// Answer of Create PO *(inferred; the page is cut at `{"data": {"create…`)*.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreatedPo {
    #[serde(default, deserialize_with = "de::id_string")]
    pub po_code: String,
    #[serde(default)]
    pub status: PoStatus,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub merchant_po_reference: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub created_time: Option<DateTime<Utc>>,
}

/// PO detail / list item *(inferred: echoes Create PO plus code, status and times)*.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PurchaseOrder {
    #[serde(default, deserialize_with = "de::id_string")]
    pub po_code: String,
    #[serde(default, deserialize_with = "de::id_string")]
    pub merchant_po_reference: String,
    #[serde(default, deserialize_with = "de::id_string")]
    pub warehouse_code: String,
    #[serde(default)]
    pub status: PoStatus,
    #[serde(default, deserialize_with = "de::string_list")]
    pub vas: Vec<String>,
    #[serde(default, deserialize_with = "de::lenient_vec")]
    pub packages: Vec<PoPackage>,
    #[serde(default, deserialize_with = "de::lenient_vec")]
    pub po_documents: Vec<Document>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub note: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub estimated_arrival_time: Option<DateTime<Utc>>,
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
    pub completed_time: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub cancelled_time: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Filters of Get PO List *(placeholder names)*.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PoQuery {
    pub status: Option<String>,
    pub warehouse_code: Option<String>,
    pub merchant_po_reference: Option<String>,
}

/// Answer of Get PO Bill (documented).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PoBill {
    #[serde(default, alias = "url", deserialize_with = "de::lenient_string")]
    pub po_bill_url: String,
}

/// One line of Get PO Inspection Detail (documented up to `manufacturing_date`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InspectionLine {
    #[serde(default, deserialize_with = "de::id_string")]
    pub package_code: String,
    #[serde(default, deserialize_with = "de::id_string")]
    pub oasin: String,
    #[serde(default, deserialize_with = "de::id_string")]
    pub sku: String,
    /// Declared on the PO line.
    #[serde(default, deserialize_with = "de::int_or_zero")]
    pub product_quantity: i64,
    /// Measured `"L x W x H"` as sent (`"20.0x30.0x20.0"`).
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub volume: Option<String>,
    #[serde(default, deserialize_with = "de::float_opt")]
    pub weight: Option<f64>,
    #[serde(default, deserialize_with = "de::int_or_zero")]
    pub inbound_quantity: i64,
    #[serde(default, deserialize_with = "de::int_or_zero")]
    pub putaway_quantity: i64,
    #[serde(default, deserialize_with = "de::lenient_bool")]
    pub is_putaway_completed: bool,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub stock_level: Option<String>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub batch_lot_code: Option<String>,
    /// `0.0` (not set) → `None`.
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub manufacturing_date: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub expiry_date: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Answer of Cancel PO (documented).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CancelPoResult {
    #[serde(default, deserialize_with = "de::id_string")]
    pub po_code: String,
    #[serde(default, deserialize_with = "de::lenient_bool")]
    pub success: bool,
}

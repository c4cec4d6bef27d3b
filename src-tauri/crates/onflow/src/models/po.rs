//! Inbound purchase orders (PO).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Document, PoStatus};
use serde_with::formats::Flexible;
use serde_with::{
    serde_as, BoolFromInt, DefaultOnError, NoneAsEmptyString, OneOrMany, PickFirst,
    TimestampSeconds, VecSkipError,
};
use vendor_http::lenient;

/// Body of Create PO (documented).
#[serde_as]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewPurchaseOrder {
    pub warehouse_code: String,
    /// Value-added services; `CO_INSPECTION` seen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vas: Vec<String>,
    pub merchant_po_reference: String,
    pub packages: Vec<PoPackage>,
    #[serde_as(serialize_as = "TimestampSeconds<i64>")]
    pub estimated_arrival_time: DateTime<Utc>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub po_documents: Vec<Document>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[serde_as]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PoPackage {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub package_code: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Float>>",
        serialize_as = "Option<lenient::Float>"
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Float>>",
        serialize_as = "Option<lenient::Float>"
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<f64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Float>>",
        serialize_as = "Option<lenient::Float>"
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Float>>",
        serialize_as = "Option<lenient::Float>"
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<f64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    #[serde(default)]
    pub items: Vec<PoItem>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_note: Option<String>,
}

#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PoItem {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub oasin: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(default, alias = "quantity")]
    pub product_quantity: i64,
}

/// Answer of Create PO *(inferred; the page is cut at `{"data": {"create…`)*.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreatedPo {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub po_code: String,
    #[serde(default)]
    pub status: PoStatus,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub merchant_po_reference: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub created_time: Option<DateTime<Utc>>,
}

/// PO detail / list item *(inferred: echoes Create PO plus code, status and times)*.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PurchaseOrder {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub po_code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub merchant_po_reference: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub warehouse_code: String,
    #[serde(default)]
    pub status: PoStatus,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub vas: Vec<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    #[serde(default)]
    pub packages: Vec<PoPackage>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    #[serde(default)]
    pub po_documents: Vec<Document>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub note: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub estimated_arrival_time: Option<DateTime<Utc>>,
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
    pub completed_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
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
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PoBill {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default, alias = "url")]
    pub po_bill_url: String,
}

/// One line of Get PO Inspection Detail (documented up to `manufacturing_date`).
#[serde_as]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InspectionLine {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub package_code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub oasin: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub sku: String,
    /// Declared on the PO line.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(default)]
    pub product_quantity: i64,
    /// Measured `"L x W x H"` as sent (`"20.0x30.0x20.0"`).
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub volume: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Float>>")]
    #[serde(default)]
    pub weight: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(default)]
    pub inbound_quantity: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(default)]
    pub putaway_quantity: i64,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>"
    )]
    #[serde(default)]
    pub is_putaway_completed: bool,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub stock_level: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub batch_lot_code: Option<String>,
    /// `0.0` (not set) → `None`.
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub manufacturing_date: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub expiry_date: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Answer of Cancel PO (documented).
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CancelPoResult {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub po_code: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>"
    )]
    #[serde(default)]
    pub success: bool,
}

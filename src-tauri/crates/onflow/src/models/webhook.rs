//! Webhook payloads Onflow POSTs to the merchant (answer HTTP 200 with `{}`). Only "Updated Stock" is
//! documented; the shipment, return and PO events are *(inferred)* with placeholder `event_code`s.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{PoStatus, StatusInfo};
use crate::assumptions::webhook_events;
use serde_with::formats::Flexible;
use serde_with::{
    serde_as, BoolFromInt, DefaultOnError, NoneAsEmptyString, PickFirst, TimestampSeconds,
};
use vendor_http::lenient;

/// Fields every event carries (seen on the stock event).
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WebhookMeta {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub user_id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub business_id: String,
    /// Unique per delivery: use it to ignore repeats.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub instance_id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub event_code: String,
}

/// `product.update_stock` (documented).
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StockEvent {
    #[serde(flatten)]
    pub meta: WebhookMeta,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub transaction_id: String,
    /// `PUTAWAY` seen.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub transaction_type: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub transaction_created_time: Option<DateTime<Utc>>,
    /// The PO / shipment / return that moved the stock.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub reference_code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub oasin: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub sku: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(default)]
    pub movement_quantity: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(default)]
    pub remaining_stock: i64,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub stock_level: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>"
    )]
    #[serde(default)]
    pub is_abnormal: bool,
    /// Not in the documented example; kept when present.
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub warehouse_code: Option<String>,
}

/// Shipment status change *(inferred)*.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShipmentEvent {
    #[serde(flatten)]
    pub meta: WebhookMeta,
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
    pub warehouse_code: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    #[serde(default)]
    pub status_info: Option<StatusInfo>,
}

/// Return status change *(inferred)*.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReturnEvent {
    #[serde(flatten)]
    pub meta: WebhookMeta,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub return_tracking_code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub shipment_tracking_code: String,
    #[serde_as(deserialize_as = "DefaultOnError")]
    #[serde(default)]
    pub status_info: Option<StatusInfo>,
}

/// PO status change *(inferred)*.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PoEvent {
    #[serde(flatten)]
    pub meta: WebhookMeta,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub po_code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub merchant_po_reference: String,
    #[serde(default)]
    pub status: PoStatus,
}

/// Any webhook delivery, by `event_code`.
#[derive(Debug, Clone, PartialEq)]
pub enum WebhookEvent {
    Stock(StockEvent),
    Shipment(ShipmentEvent),
    Return(ReturnEvent),
    Po(PoEvent),
    /// An event this version does not know; the raw JSON is kept.
    Unknown {
        meta: WebhookMeta,
        raw: Map<String, Value>,
    },
}

impl WebhookEvent {
    /// Parse a webhook body. Undecodable bodies are a `Decode` error (never a panic).
    pub fn parse(body: &[u8]) -> vendor_http::Result<Self> {
        let redactor = vendor_http::Redactor::default();
        let obj: Map<String, Value> = serde_json::from_slice(body)
            .map_err(|e| vendor_http::Error::decode(e.to_string(), body, &redactor))?;
        let code = obj
            .get("event_code")
            .and_then(lenient::Text::of)
            .unwrap_or_default();
        let value = Value::Object(obj);
        let decode_err =
            |e: serde_json::Error| vendor_http::Error::decode(e.to_string(), body, &redactor);
        let kind = classify(&code);
        Ok(match kind {
            Kind::Stock => WebhookEvent::Stock(serde_json::from_value(value).map_err(decode_err)?),
            Kind::Shipment => {
                WebhookEvent::Shipment(serde_json::from_value(value).map_err(decode_err)?)
            }
            Kind::Return => {
                WebhookEvent::Return(serde_json::from_value(value).map_err(decode_err)?)
            }
            Kind::Po => WebhookEvent::Po(serde_json::from_value(value).map_err(decode_err)?),
            Kind::Unknown => {
                let meta = serde_json::from_value(value.clone()).map_err(decode_err)?;
                let raw = match value {
                    Value::Object(m) => m,
                    _ => Map::new(),
                };
                WebhookEvent::Unknown { meta, raw }
            }
        })
    }

    pub fn meta(&self) -> &WebhookMeta {
        match self {
            WebhookEvent::Stock(e) => &e.meta,
            WebhookEvent::Shipment(e) => &e.meta,
            WebhookEvent::Return(e) => &e.meta,
            WebhookEvent::Po(e) => &e.meta,
            WebhookEvent::Unknown { meta, .. } => meta,
        }
    }
}

enum Kind {
    Stock,
    Shipment,
    Return,
    Po,
    Unknown,
}

/// Exact placeholder codes first, then the `<entity>.<action>` prefix.
fn classify(code: &str) -> Kind {
    match code {
        webhook_events::STOCK_UPDATED => Kind::Stock,
        webhook_events::SHIPMENT_STATUS => Kind::Shipment,
        webhook_events::RETURN_STATUS => Kind::Return,
        webhook_events::PO_STATUS => Kind::Po,
        c if c.ends_with("stock") => Kind::Stock,
        c if c.starts_with("return") => Kind::Return,
        c if c.starts_with("shipment") => Kind::Shipment,
        c if c.starts_with("purchase_order") || c.starts_with("po.") => Kind::Po,
        _ => Kind::Unknown,
    }
}

//! Webhook payloads (digest §3.23). Deliveries carry no event-type header: they are told apart by
//! shape. Treat them as hints and re-read the object through the API before acting.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::customers::Customer;
use crate::api::orders::Order;
use crate::api::products::Product;
use serde_with::formats::Flexible;
use serde_with::{serde_as, BoolFromInt, DefaultOnError, PickFirst};
use vendor_http::lenient;

/// A `variations_warehouses` stock event. Use the absolute quantities, not `change_quantity`, and
/// de-duplicate on `(variation_id, warehouse_id, inserted_at)`.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockEvent {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub variation_id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub warehouse_id: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub remain_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub actual_remain_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub change_quantity: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_actual_remain_quantity: Option<bool>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub inserted_at: Option<DateTime<Utc>>,
}

/// The result of an Auto Voice call.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoCallEvent {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub shop_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub order_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub phone_number: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub answered: Option<bool>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub dtmf: Option<String>,
}

/// One webhook delivery, recognised by its shape.
#[derive(Debug, Clone, PartialEq)]
pub enum WebhookEvent {
    Order(Box<Order>),
    Customer(Box<Customer>),
    Product(Box<Product>),
    Stock(Vec<StockEvent>),
    AutoCall(AutoCallEvent),
    /// A CRM record or anything else: kept raw.
    Other(Value),
}

/// Recognise a webhook body. `Err` only when the body is not JSON at all.
pub fn parse_webhook(body: &[u8]) -> Result<WebhookEvent, serde_json::Error> {
    let v: Value = serde_json::from_slice(body)?;
    Ok(classify(v))
}

fn from<T: serde::de::DeserializeOwned>(v: &Value) -> Option<T> {
    serde_json::from_value(v.clone()).ok()
}

fn classify(v: Value) -> WebhookEvent {
    let ty = v.get("type").and_then(Value::as_str).unwrap_or_default();
    match ty {
        "customers" => {
            return from(&v).map_or(WebhookEvent::Other(v.clone()), |c| {
                WebhookEvent::Customer(Box::new(c))
            })
        }
        "auto_call" => {
            return from(&v).map_or(WebhookEvent::Other(v.clone()), WebhookEvent::AutoCall)
        }
        "variations_warehouses" => {
            return from(&v).map_or(WebhookEvent::Other(v.clone()), |s| {
                WebhookEvent::Stock(vec![s])
            })
        }
        _ => {}
    }
    if let Some(data) = v.get("data") {
        // `{"data": {"record": {...}, "success": true}}` or `{"data": [rows]}`
        let record = data.get("record").unwrap_or(data);
        if let Some(rows) = record.as_array() {
            let events: Vec<StockEvent> = rows.iter().filter_map(from).collect();
            if !events.is_empty() {
                return WebhookEvent::Stock(events);
            }
        }
        let rty = record
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if rty == "variations_warehouses" {
            if let Some(s) = from(record) {
                return WebhookEvent::Stock(vec![s]);
            }
        }
        if record.get("variations").is_some() {
            if let Some(p) = from(record) {
                return WebhookEvent::Product(Box::new(p));
            }
        }
        return WebhookEvent::Other(v);
    }
    let looks_like_order = v.get("id").is_some()
        && v.get("status").is_some()
        && (v.get("items").is_some() || v.get("bill_phone_number").is_some());
    if looks_like_order {
        if let Some(o) = from(&v) {
            return WebhookEvent::Order(Box::new(o));
        }
    }
    WebhookEvent::Other(v)
}

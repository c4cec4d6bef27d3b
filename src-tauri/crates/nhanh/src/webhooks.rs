//! Webhook payloads (v3): `{"event", "businessId", "data"}`, verified by the `Authorization` header
//! (v3) or a `webhooksVerifyToken` body field (v2).

use serde::Deserialize;
use serde_json::Value;

use crate::orders::Order;
use crate::products::{ProductDetail, WarrantyStock};
use serde_with::{serde_as, DefaultOnError, VecSkipError};
use vendor_http::lenient;

/// Absolute stock of one product after a change (not a delta).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct StockChange {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub type_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub remain: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub shipping: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub damaged: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub holding: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub transfering: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub available: i64,
    pub warranty: WarrantyStock,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub depots: Vec<crate::products::Stock>,
}

/// A decoded webhook.
#[derive(Debug, Clone, PartialEq)]
pub enum WebhookEvent {
    WebhooksEnabled,
    AppUninstalled,
    ProductAdd(Box<ProductDetail>),
    ProductUpdate(Box<ProductDetail>),
    ProductDelete(Vec<i64>),
    InventoryChange(Vec<StockChange>),
    OrderAdd(Box<Order>),
    OrderUpdate(Box<Order>),
    OrderDelete(Vec<i64>),
    OrderPartialReturn(Box<Order>),
    /// An event this version does not know; kept raw.
    Other {
        event: String,
        data: Value,
    },
}

/// The envelope: which business, which event.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    pub business_id: Option<i64>,
    pub event: WebhookEvent,
}

#[serde_as]
#[derive(Deserialize)]
struct Raw {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    event: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(default, rename = "businessId")]
    business_id: Option<i64>,
    #[serde(default)]
    data: Value,
}

/// Why a webhook body was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("the webhook verify token does not match")]
    BadToken,
    #[error("the webhook body is not valid: {0}")]
    Invalid(String),
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Check the verify token (header for v3, `webhooksVerifyToken` body field for v2) and decode.
pub fn parse_webhook(
    authorization: Option<&str>,
    body: &[u8],
    verify_token: &str,
) -> Result<Webhook, WebhookError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| WebhookError::Invalid(e.to_string()))?;
    let presented = authorization
        .map(str::trim)
        .map(str::to_string)
        .or_else(|| value.get("webhooksVerifyToken").and_then(lenient::Text::of));
    match presented {
        Some(t)
            if !verify_token.is_empty()
                && constant_time_eq(t.as_bytes(), verify_token.as_bytes()) => {}
        _ => return Err(WebhookError::BadToken),
    }
    decode_webhook(value)
}

/// Decode a webhook body without checking the token (tests, replays of stored payloads).
pub fn decode_webhook(value: Value) -> Result<Webhook, WebhookError> {
    let raw: Raw =
        serde_json::from_value(value).map_err(|e| WebhookError::Invalid(e.to_string()))?;
    let obj = |d: Value| -> Result<Value, WebhookError> {
        if d.is_object() {
            Ok(d)
        } else {
            Err(WebhookError::Invalid("data is not an object".into()))
        }
    };
    let inv = |e: serde_json::Error| WebhookError::Invalid(e.to_string());
    let ids = |d: &Value| -> Vec<i64> {
        d.as_array()
            .map(|a| a.iter().filter_map(lenient::Int::of).collect())
            .unwrap_or_default()
    };
    let event = match raw.event.as_str() {
        "webhooksEnabled" => WebhookEvent::WebhooksEnabled,
        "appUninstalled" => WebhookEvent::AppUninstalled,
        "productAdd" => WebhookEvent::ProductAdd(Box::new(
            serde_json::from_value(obj(raw.data)?).map_err(inv)?,
        )),
        "productUpdate" => WebhookEvent::ProductUpdate(Box::new(
            serde_json::from_value(obj(raw.data)?).map_err(inv)?,
        )),
        "productDelete" => WebhookEvent::ProductDelete(ids(&raw.data)),
        "inventoryChange" => {
            let items = match raw.data {
                Value::Array(a) => a,
                // v2 shape: an object keyed by product id
                Value::Object(m) => m.into_iter().map(|(_, v)| v).collect(),
                _ => Vec::new(),
            };
            WebhookEvent::InventoryChange(
                items
                    .into_iter()
                    .filter_map(|v| serde_json::from_value(v).ok())
                    .collect(),
            )
        }
        "orderAdd" => WebhookEvent::OrderAdd(Box::new(
            serde_json::from_value(obj(raw.data)?).map_err(inv)?,
        )),
        "orderUpdate" => WebhookEvent::OrderUpdate(Box::new(
            serde_json::from_value(obj(raw.data)?).map_err(inv)?,
        )),
        "orderPartialReturn" => WebhookEvent::OrderPartialReturn(Box::new(
            serde_json::from_value(obj(raw.data)?).map_err(inv)?,
        )),
        "orderDelete" => WebhookEvent::OrderDelete(ids(&raw.data)),
        "" => return Err(WebhookError::Invalid("no event name".into())),
        other => WebhookEvent::Other {
            event: other.to_string(),
            data: raw.data,
        },
    };
    Ok(Webhook {
        business_id: raw.business_id,
        event,
    })
}

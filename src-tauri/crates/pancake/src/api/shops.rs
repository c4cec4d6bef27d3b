//! Shops (digest §3.1) and webhook configuration (§3.23).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use vendor_http::{Result, Safety};

use crate::value::Id;
use crate::PancakeClient;
use serde_with::formats::Flexible;
use serde_with::{serde_as, BoolFromInt, DefaultOnError, OneOrMany, PickFirst, VecSkipError};
use vendor_http::lenient;

/// A shop visible to the key; `id` is the `SHOP_ID` of every later call.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Shop {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub avatar_url: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub pages: Vec<ShopPage>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub link_post_marketer: Vec<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A page (Facebook, …) merged into the shop.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShopPage {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub platform: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub shop_id: Option<i64>,
    pub settings: Value,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct ShopsEnvelope {
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    shops: Vec<Shop>,
}

/// `PUT /shops/{SHOP_ID}` body (wrapped in `shop`).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebhookConfig {
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_enable: Option<bool>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_email: Option<String>,
    /// Any of `orders`, `customers`, `products`, `variations_warehouses`, `auto_call`.
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub webhook_types: Vec<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_partner: Option<String>,
    /// Extra headers sent with every delivery: the only way to authenticate deliveries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_headers: Option<Map<String, Value>>,
}

#[derive(Serialize)]
struct ShopWrap<'a, T> {
    shop: &'a T,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct ShopEcho {
    #[serde_as(deserialize_as = "DefaultOnError")]
    shop: WebhookConfig,
}

impl PancakeClient {
    /// `GET /shops`: the shops this key can see.
    pub async fn shops(&self) -> Result<Vec<Shop>> {
        let e: ShopsEnvelope = self.get(&["shops"], Default::default()).await?;
        Ok(e.shops)
    }

    /// `PUT /shops/{SHOP_ID}` with `{"shop": {webhook_…}}`; returns the echoed settings.
    pub async fn configure_webhook(&self, config: &WebhookConfig) -> Result<WebhookConfig> {
        let shop = self.shop()?;
        let e: ShopEcho = self
            .put(
                &["shops", &shop],
                &ShopWrap { shop: config },
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(e.shop)
    }
}

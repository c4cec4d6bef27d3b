//! Shops (digest §3.1) and webhook configuration (§3.23).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use vendor_http::{Result, Safety};

use crate::de::{self, Id};
use crate::PancakeClient;

/// A shop visible to the key; `id` is the `SHOP_ID` of every later call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Shop {
    #[serde(deserialize_with = "de::i64_or_zero")]
    pub id: i64,
    #[serde(deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub avatar_url: Option<String>,
    #[serde(deserialize_with = "de::vec")]
    pub pages: Vec<ShopPage>,
    #[serde(deserialize_with = "de::vec")]
    pub link_post_marketer: Vec<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A page (Facebook, …) merged into the shop.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShopPage {
    pub id: Id,
    #[serde(deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub platform: Option<String>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub shop_id: Option<i64>,
    pub settings: Value,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct ShopsEnvelope {
    #[serde(deserialize_with = "de::vec")]
    shops: Vec<Shop>,
}

/// `PUT /shops/{SHOP_ID}` body (wrapped in `shop`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebhookConfig {
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_bool"
    )]
    pub webhook_enable: Option<bool>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_string"
    )]
    pub webhook_url: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_string"
    )]
    pub webhook_email: Option<String>,
    /// Any of `orders`, `customers`, `products`, `variations_warehouses`, `auto_call`.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "de::string_vec"
    )]
    pub webhook_types: Vec<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_string"
    )]
    pub webhook_partner: Option<String>,
    /// Extra headers sent with every delivery: the only way to authenticate deliveries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_headers: Option<Map<String, Value>>,
}

#[derive(Serialize)]
struct ShopWrap<'a, T> {
    shop: &'a T,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct ShopEcho {
    #[serde(deserialize_with = "de::lenient")]
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

//! Vouchers (digest §3.17), simple promotions (§3.18, legacy), advanced promotions (§3.19) and combos
//! (§3.20). Nested promotion objects often carry numbers as strings; the typed fields accept both.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use vendor_http::{Result, Safety};

use crate::client::{wrap, Query};
use crate::de::{self, Id};
use crate::envelope::{Ack, Page};
use crate::PancakeClient;

/// `promo_code_info` / `coupon_info`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PromoCodeInfo {
    #[serde(deserialize_with = "de::i64_or_zero")]
    pub discount: i64,
    #[serde(deserialize_with = "de::bool_or_false")]
    pub is_percent: bool,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_i64"
    )]
    pub max_discount_by_percent: Option<i64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_i64"
    )]
    pub order_price_min: Option<i64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_i64"
    )]
    pub order_price_max: Option<i64>,
}

/// A voucher; `name` is the code customers type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Voucher {
    #[serde(deserialize_with = "de::string")]
    pub id: String,
    #[serde(deserialize_with = "de::opt_id")]
    pub display_id: Option<Id>,
    #[serde(deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(rename = "type", deserialize_with = "de::opt_string")]
    pub kind: Option<String>,
    #[serde(deserialize_with = "de::lenient")]
    pub promo_code_info: PromoCodeInfo,
    #[serde(deserialize_with = "de::opt_bool")]
    pub is_free_shipping: Option<bool>,
    #[serde(deserialize_with = "de::opt_bool")]
    pub is_activated: Option<bool>,
    #[serde(deserialize_with = "de::opt_bool")]
    pub is_used: Option<bool>,
    #[serde(deserialize_with = "de::string_vec")]
    pub customer_tags: Vec<String>,
    #[serde(deserialize_with = "de::opt_time")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "de::opt_time")]
    pub end_time: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "de::opt_time")]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /vouchers` body (flat). For bulk creation use [`PancakeClient::create_vouchers`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewVoucher {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub promo_code_info: PromoCodeInfo,
    pub is_free_shipping: bool,
    pub is_activated: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub customer_tags: Vec<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "de::ser_opt_time",
        deserialize_with = "de::opt_time"
    )]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "de::ser_opt_time",
        deserialize_with = "de::opt_time"
    )]
    pub end_time: Option<DateTime<Utc>>,
}

/// An advanced promotion (`promotion_advance`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PromotionAdvance {
    #[serde(deserialize_with = "de::string")]
    pub id: String,
    #[serde(deserialize_with = "de::opt_id")]
    pub display_id: Option<Id>,
    #[serde(deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    /// `discount_by_coupon_id`, `discount_by_product`, `fixed_prices`, `coupon`, …
    #[serde(rename = "type", deserialize_with = "de::opt_string")]
    pub kind: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub group_name: Option<String>,
    #[serde(deserialize_with = "de::opt_bool")]
    pub is_activated: Option<bool>,
    #[serde(deserialize_with = "de::opt_bool")]
    pub is_free_shipping: Option<bool>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub priority_level: Option<i64>,
    #[serde(deserialize_with = "de::opt_time")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "de::opt_time")]
    pub end_time: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "de::string_vec")]
    pub warehouse_ids: Vec<String>,
    #[serde(deserialize_with = "de::string_vec")]
    pub customer_tags: Vec<String>,
    #[serde(deserialize_with = "de::lenient")]
    pub promo_code_info: PromoCodeInfo,
    #[serde(deserialize_with = "de::lenient")]
    pub coupon_info: PromoCodeInfo,
    #[serde(deserialize_with = "de::vec")]
    pub items: Vec<Value>,
    #[serde(deserialize_with = "de::vec")]
    pub bonus_items: Vec<Value>,
    #[serde(deserialize_with = "de::opt_time")]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "de::opt_time")]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A combo (int id).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Combo {
    pub id: Id,
    #[serde(deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub custom_id: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub currency: Option<String>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub discount_amount: Option<i64>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub discount_by_percent: Option<i64>,
    #[serde(deserialize_with = "de::opt_bool")]
    pub is_use_percent: Option<bool>,
    #[serde(deserialize_with = "de::opt_bool")]
    pub is_value_combo: Option<bool>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub value_combo: Option<i64>,
    #[serde(deserialize_with = "de::opt_bool")]
    pub is_free_shipping: Option<bool>,
    #[serde(deserialize_with = "de::opt_time")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "de::opt_time")]
    pub end_time: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "de::vec")]
    pub variations: Vec<Value>,
    #[serde(deserialize_with = "de::vec")]
    pub bonus_products: Vec<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Paging of the promotion lists (param `page`; `text_search` is `textSearch`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PromoQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    pub text_search: Option<String>,
}

impl PromoQuery {
    fn to_query(&self) -> Query {
        Query::new()
            .opt("page", self.page)
            .opt("page_size", self.page_size)
            .opt_str("textSearch", &self.text_search)
    }
}

impl PancakeClient {
    /// `GET /shops/{SHOP_ID}/vouchers`.
    pub async fn list_vouchers(&self, query: &PromoQuery) -> Result<Page<Voucher>> {
        let shop = self.shop()?;
        self.get(&["shops", &shop, "vouchers"], query.to_query())
            .await
    }

    /// `GET /shops/{SHOP_ID}/vouchers/{VOUCHER_ID}` (bare object).
    pub async fn get_voucher(&self, id: &str) -> Result<Voucher> {
        let shop = self.shop()?;
        self.get(&["shops", &shop, "vouchers", id], Query::new())
            .await
    }

    /// `POST /shops/{SHOP_ID}/vouchers` (flat body).
    pub async fn create_voucher(&self, input: &NewVoucher) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .post(&["shops", &shop, "vouchers"], input, Safety::Write)
            .await?;
        Ok(())
    }

    /// `POST /shops/{SHOP_ID}/vouchers/create_multi`: `count` random codes with the same settings.
    pub async fn create_vouchers(&self, input: &NewVoucher, count: u32) -> Result<()> {
        let shop = self.shop()?;
        let mut body = serde_json::to_value(input).map_err(|e| vendor_http::Error::Internal {
            message: format!("could not encode the request body: {e}"),
        })?;
        if let Value::Object(m) = &mut body {
            m.remove("name");
            m.insert("create_multi_voucher".into(), count.into());
        }
        let _: Ack = self
            .post(
                &["shops", &shop, "vouchers", "create_multi"],
                &body,
                Safety::Write,
            )
            .await?;
        Ok(())
    }

    /// `GET /shops/{SHOP_ID}/promotion_advance` (default page size 10).
    pub async fn list_promotions(&self, query: &PromoQuery) -> Result<Page<PromotionAdvance>> {
        let shop = self.shop()?;
        self.get(&["shops", &shop, "promotion_advance"], query.to_query())
            .await
    }

    /// `POST /shops/{SHOP_ID}/promotion_advance` (`{"promotion_advance": …}`; documented fields as JSON).
    pub async fn create_promotion(&self, promotion: &Value) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .post(
                &["shops", &shop, "promotion_advance"],
                &wrap("promotion_advance", promotion)?,
                Safety::Write,
            )
            .await?;
        Ok(())
    }

    /// `PUT /shops/{SHOP_ID}/promotion_advance/{ID}`.
    pub async fn update_promotion(&self, id: &str, promotion: &Value) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .put(
                &["shops", &shop, "promotion_advance", id],
                &wrap("promotion_advance", promotion)?,
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(())
    }

    /// `POST /shops/{SHOP_ID}/promotion_advance/create_multi`: a promotion for specific customers.
    pub async fn create_customer_promotion(
        &self,
        promotion: &Value,
        shop_customer_ids: &[String],
    ) -> Result<()> {
        let shop = self.shop()?;
        let body = serde_json::json!({"promotion_advance": {"promotion": promotion, "shop_customer_ids": shop_customer_ids}});
        let _: Ack = self
            .post(
                &["shops", &shop, "promotion_advance", "create_multi"],
                &body,
                Safety::Write,
            )
            .await?;
        Ok(())
    }

    /// `POST /shops/{SHOP_ID}/promotion_advance/delete_multi` with a `type_action` such as
    /// `DEACTIVE_PROMOTIONS`.
    pub async fn promotions_action(&self, ids: &[String], type_action: &str) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .post(
                &["shops", &shop, "promotion_advance", "delete_multi"],
                &serde_json::json!({"ids": ids, "type_action": type_action}),
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(())
    }

    /// `GET /shops/{SHOP_ID}/promotion_products` (legacy simple promotions; rows kept raw).
    pub async fn list_simple_promotions(&self, text_search: Option<&str>) -> Result<Vec<Value>> {
        let shop = self.shop()?;
        let p: Page<Value> = self
            .get(
                &["shops", &shop, "promotion_products"],
                Query::new().opt("textSearch", text_search),
            )
            .await?;
        Ok(p.data)
    }

    /// `POST /shops/{SHOP_ID}/promotion_products` (`{"promotion_product": …}`, legacy).
    pub async fn create_simple_promotion(&self, promotion: &Value) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .post(
                &["shops", &shop, "promotion_products"],
                &wrap("promotion_product", promotion)?,
                Safety::Write,
            )
            .await?;
        Ok(())
    }

    /// `PUT /shops/{SHOP_ID}/promotion_products/{ID}` (legacy; int id).
    pub async fn update_simple_promotion(&self, id: i64, promotion: &Value) -> Result<()> {
        let shop = self.shop()?;
        let id = id.to_string();
        let _: Ack = self
            .put(
                &["shops", &shop, "promotion_products", &id],
                &wrap("promotion_product", promotion)?,
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(())
    }

    /// `GET /shops/{SHOP_ID}/combo_products`.
    pub async fn list_combos(&self, query: &PromoQuery) -> Result<Page<Combo>> {
        let shop = self.shop()?;
        self.get(&["shops", &shop, "combo_products"], query.to_query())
            .await
    }

    /// `POST /shops/{SHOP_ID}/combo_products` (documented fields as JSON).
    pub async fn create_combo(&self, combo: &Value) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .post(&["shops", &shop, "combo_products"], combo, Safety::Write)
            .await?;
        Ok(())
    }
}

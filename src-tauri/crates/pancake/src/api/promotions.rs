//! Vouchers (digest §3.17), simple promotions (§3.18, legacy), advanced promotions (§3.19) and combos
//! (§3.20). Nested promotion objects often carry numbers as strings; the typed fields accept both.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use vendor_http::{Result, Safety};

use crate::client::{wrap, Query};
use crate::envelope::{Ack, Page};
use crate::value::Id;
use crate::PancakeClient;
use serde_with::formats::Flexible;
use serde_with::{
    serde_as, BoolFromInt, DefaultOnError, NoneAsEmptyString, OneOrMany, PickFirst, VecSkipError,
};
use vendor_http::lenient;

/// `promo_code_info` / `coupon_info`.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PromoCodeInfo {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub discount: i64,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>"
    )]
    pub is_percent: bool,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_discount_by_percent: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_price_min: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_price_max: Option<i64>,
}

/// A voucher; `name` is the code customers type.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Voucher {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub display_id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub promo_code_info: PromoCodeInfo,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_free_shipping: Option<bool>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_activated: Option<bool>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_used: Option<bool>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub customer_tags: Vec<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub start_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub end_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /vouchers` body (flat). For bulk creation use [`PancakeClient::create_vouchers`].
#[serde_as]
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
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>",
        serialize_as = "Option<lenient::UtcText>"
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>",
        serialize_as = "Option<lenient::UtcText>"
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<DateTime<Utc>>,
}

/// An advanced promotion (`promotion_advance`).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PromotionAdvance {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub display_id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    /// `discount_by_coupon_id`, `discount_by_product`, `fixed_prices`, `coupon`, …
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub group_name: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_activated: Option<bool>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_free_shipping: Option<bool>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub priority_level: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub start_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub end_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub warehouse_ids: Vec<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub customer_tags: Vec<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub promo_code_info: PromoCodeInfo,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub coupon_info: PromoCodeInfo,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub items: Vec<Value>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub bonus_items: Vec<Value>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub updated_at: Option<DateTime<Utc>>,
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
}

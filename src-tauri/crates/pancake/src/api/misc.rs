//! The remaining documented calls: call-backs (§3.3.11), sales statistics (§3.3.12), fee quotes
//! (§3.21), order tags and marketplace helpers (§4), customer notes / points / levels (§3.10), return
//! creation, kits, product tags, brands, suppliers, CRM (§3.24).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use vendor_http::{Result, Safety};

use crate::client::{wrap, Query};
use crate::envelope::{Ack, Data, Page};
use crate::value::Id;
use crate::PancakeClient;
use serde_with::{serde_as, DefaultOnError, NoneAsEmptyString, OneOrMany, PickFirst, VecSkipError};
use vendor_http::lenient;

/// A call-back reminder.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallLater {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub display_id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// 0 pending, 3 calling, 1 done, 2 no answer, 7 deleted.
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub status: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub order_id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub order_display_id: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub needs_call_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub called_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub notice_created: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub need_notify_users: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /order_call_laters` body (wrapped in `order_call_later`).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewCallLater {
    /// ISO-8601 (the docs' example ends in `Z`).
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>",
        serialize_as = "Option<IsoZ>"
    )]
    pub needs_call_at: Option<DateTime<Utc>>,
    pub phone_number: String,
    pub status: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub need_notify_users: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_created: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order_ids: Vec<String>,
}

/// Writes a time as ISO-8601 UTC with milliseconds and `Z` (`2024-08-29T05:50:31.700Z`).
struct IsoZ;

impl serde_with::SerializeAs<DateTime<Utc>> for IsoZ {
    fn serialize_as<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&t.format("%Y-%m-%dT%H:%M:%S%.3fZ"))
    }
}

/// One fee quote of `price_comparing`; a `partner_fee` of 0 means "no quote", not "free".
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeeQuote {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub partner_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub partner_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub partner_fee: i64,
}

/// `POST /orders/price_comparing` body: every value is a string on the wire.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeeQuoteRequest {
    pub des_province: String,
    pub des_district: String,
    pub des_commune: String,
    pub weight: String,
    pub warehouse_id: String,
    pub shop_id: String,
    pub quantity: String,
    pub price_product: String,
    pub cod: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_vtp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_vnpost: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_best: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_ghn: Option<String>,
}

/// A customer note (epoch-millisecond timestamps).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerNote {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub message: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub order_id: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub images: Vec<Value>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub created_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub removed_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub created_by: Map<String, Value>,
}

/// A reward-point change.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PointLog {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Float>>")]
    pub amount: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Float>>")]
    pub current_point: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub note: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub creator: Map<String, Value>,
}

/// A customer level; `discount_type` 2 = fixed amount, 3 = percent.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerLevel {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub discount: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub discount_type: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub upgrade_by_order_count: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Float>>")]
    pub upgrade_by_point: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub upgrade_by_total_purchase: Option<i64>,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct NotesAnswer {
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    customer_notes: Vec<NotesGroup>,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct NotesGroup {
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    notes: Vec<CustomerNote>,
}

/// Options of `GET /analytics/sale` (strings as the docs show them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SalesQuery {
    /// `'2020-08-01 00:00:00'`.
    pub since: String,
    pub until: String,
    /// `Time.day`, `Order.source`, `Variation.id`, `Variation.product_id`.
    pub split_by: Vec<String>,
    /// JSON filter, e.g. `{"Variation.id": [...]}`.
    pub filter: Option<Value>,
    pub success_status: Option<String>,
    pub success_record: Option<String>,
    pub user_type: Option<String>,
    pub returned_status: Option<String>,
    pub returned_record: Option<String>,
    pub select_fields: Vec<String>,
}

impl PancakeClient {
    /// `GET /shops/{SHOP_ID}/order_call_laters` (`key` default `today`, `status` -1 all).
    pub async fn list_call_laters(
        &self,
        page_number: u32,
        page_size: u32,
        key: Option<&str>,
        status: Option<i64>,
    ) -> Result<Page<CallLater>> {
        let shop = self.shop()?;
        let q = Query::new()
            .push("page_number", page_number)
            .push("page_size", page_size)
            .opt("key", key)
            .opt("status", status);
        self.get(&["shops", &shop, "order_call_laters"], q).await
    }

    /// `POST /shops/{SHOP_ID}/order_call_laters` (`{"order_call_later": …}`).
    pub async fn create_call_later(&self, input: &NewCallLater) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .post(
                &["shops", &shop, "order_call_laters"],
                &wrap("order_call_later", input)?,
                Safety::Write,
            )
            .await?;
        Ok(())
    }

    /// `GET /shops/{SHOP_ID}/analytics/sale` — rows kept raw (keys such as `Time.day` vary with
    /// `split_by`).
    pub async fn sales_statistics(&self, query: &SalesQuery) -> Result<Vec<Value>> {
        let shop = self.shop()?;
        let q = Query::new()
            .push("since", &query.since)
            .push("until", &query.until)
            .arr("split_by", &query.split_by)
            .opt("filter", query.filter.as_ref())
            .opt_str("success_status", &query.success_status)
            .opt_str("success_record", &query.success_record)
            .opt_str("user_type", &query.user_type)
            .opt_str("returned_status", &query.returned_status)
            .opt_str("returned_record", &query.returned_record)
            .arr("select_fields", &query.select_fields);
        let d: Data<Vec<Value>> = self.get(&["shops", &shop, "analytics", "sale"], q).await?;
        Ok(d.data)
    }

    /// `POST /shops/{SHOP_ID}/orders/price_comparing` — fee quotes per carrier.
    pub async fn fee_quotes(&self, request: &FeeQuoteRequest) -> Result<Vec<FeeQuote>> {
        let shop = self.shop()?;
        let d: Data<Vec<FeeQuote>> = self
            .post(
                &["shops", &shop, "orders", "price_comparing"],
                request,
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(d.data)
    }

    /// `POST /shops/{SHOP_ID}/orders/arrange_shipment` — marketplace orders only. Books a pickup at the
    /// marketplace's carrier: not documented as idempotent, so sent once (`Safety::Write`).
    pub async fn arrange_shipment(
        &self,
        order_id: &str,
        pickup_shift: Option<&str>,
        pickup_method: Option<&str>,
    ) -> Result<()> {
        let shop = self.shop()?;
        let mut body = serde_json::json!({ "order_id": order_id });
        if let Some(s) = pickup_shift {
            body["pickup_shift"] = s.into();
        }
        if let Some(m) = pickup_method {
            body["pickup_method"] = m.into();
        }
        let _: Ack = self
            .post(
                &["shops", &shop, "orders", "arrange_shipment"],
                &body,
                Safety::Write,
            )
            .await?;
        Ok(())
    }

    /// `POST /shops/{SHOP_ID}/orders/tags` — create an order tag (answer kept raw).
    pub async fn create_order_tag(&self, tag: &Value) -> Result<Value> {
        let shop = self.shop()?;
        self.post(&["shops", &shop, "orders", "tags"], tag, Safety::Write)
            .await
    }

    /// `PUT /shops/{SHOP_ID}/orders/tags/{TAG_ID}`.
    pub async fn update_order_tag(&self, tag_id: i64, tag: &Value) -> Result<Value> {
        let shop = self.shop()?;
        let id = tag_id.to_string();
        self.put(
            &["shops", &shop, "orders", "tags", &id],
            tag,
            Safety::IdempotentWrite,
        )
        .await
    }

    /// `GET /shops/{SHOP_ID}/orders/tag_groups`.
    pub async fn order_tag_groups(&self) -> Result<Vec<Value>> {
        self.raw_list(&["orders", "tag_groups"]).await
    }

    /// `GET /shops/{SHOP_ID}/bank_payments`.
    pub async fn bank_payments(&self) -> Result<Vec<Value>> {
        self.raw_list(&["bank_payments"]).await
    }

    /// `GET /shops/{SHOP_ID}/brand`.
    pub async fn brands(&self) -> Result<Vec<Value>> {
        self.raw_list(&["brand"]).await
    }

    /// `GET /shops/{SHOP_ID}/materials_products`.
    pub async fn materials(&self) -> Result<Vec<Value>> {
        self.raw_list(&["materials_products"]).await
    }

    /// `GET /shops/{SHOP_ID}/supplier`.
    pub async fn suppliers(&self) -> Result<Vec<Value>> {
        self.raw_list(&["supplier"]).await
    }

    async fn raw_list(&self, tail: &[&str]) -> Result<Vec<Value>> {
        let shop = self.shop()?;
        let mut segs = vec!["shops", shop.as_str()];
        segs.extend_from_slice(tail);
        let p: Page<Value> = self.get(&segs, Query::new()).await?;
        Ok(p.data)
    }

    /// `GET /shops/{SHOP_ID}/orders/{ORDER_ID}/messages` (`current_count` offset; messages raw).
    pub async fn order_messages(&self, order_id: &str, current_count: u32) -> Result<Value> {
        let shop = self.shop()?;
        self.get(
            &["shops", &shop, "orders", order_id, "messages"],
            Query::new().push("current_count", current_count),
        )
        .await
    }

    /// `POST /shops/{SHOP_ID}/orders/{ORDER_ID}/trigger_call` — the result comes by webhook.
    pub async fn trigger_call(&self, order_id: &str, voice_id: &str) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .post(
                &["shops", &shop, "orders", order_id, "trigger_call"],
                &serde_json::json!({ "voice_id": voice_id }),
                Safety::Write,
            )
            .await?;
        Ok(())
    }

    /// `POST /shops/{SHOP_ID}/orders_returned` — create a return/exchange (documented fields as JSON).
    pub async fn create_returned_order(&self, body: &Value) -> Result<Value> {
        let shop = self.shop()?;
        self.post(&["shops", &shop, "orders_returned"], body, Safety::Write)
            .await
    }

    /// `GET /shops/{SHOP_ID}/customers/{CUSTOMER_ID}/load_customer_notes`.
    pub async fn customer_notes(&self, customer_id: &str) -> Result<Vec<CustomerNote>> {
        let shop = self.shop()?;
        let a: NotesAnswer = self
            .get(
                &[
                    "shops",
                    &shop,
                    "customers",
                    customer_id,
                    "load_customer_notes",
                ],
                Query::new(),
            )
            .await?;
        Ok(a.customer_notes.into_iter().flat_map(|g| g.notes).collect())
    }

    /// `GET /shops/{SHOP_ID}/customers/point_logs?shop_customer_id=…`.
    pub async fn point_logs(
        &self,
        shop_customer_id: &str,
        page_number: u32,
        page_size: u32,
    ) -> Result<Page<PointLog>> {
        let shop = self.shop()?;
        let q = Query::new()
            .push("shop_customer_id", shop_customer_id)
            .push("page_number", page_number)
            .push("page_size", page_size);
        self.get(&["shops", &shop, "customers", "point_logs"], q)
            .await
    }

    /// `GET /shops/{SHOP_ID}/customer_levels`.
    pub async fn customer_levels(&self) -> Result<Vec<CustomerLevel>> {
        let shop = self.shop()?;
        let p: Page<CustomerLevel> = self
            .get(&["shops", &shop, "customer_levels"], Query::new())
            .await?;
        Ok(p.data)
    }

    /// `POST /shops/{SHOP_ID}/variations/update_composite_product` — kit contents.
    pub async fn update_composite(
        &self,
        variation_id: &str,
        components: &[(String, i64)],
    ) -> Result<()> {
        let shop = self.shop()?;
        let parts: Vec<Value> = components
            .iter()
            .map(|(id, q)| serde_json::json!({"component_id": id, "quantity": q}))
            .collect();
        let _: Ack = self
            .post(
                &["shops", &shop, "variations", "update_composite_product"],
                &serde_json::json!({"variation_id": variation_id, "composite_products": parts}),
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(())
    }

    /// `POST /shops/{SHOP_ID}/tags_products` → the new tag (`data`).
    pub async fn create_product_tag(&self, name: &str) -> Result<Value> {
        let shop = self.shop()?;
        let d: Data<Value> = self
            .post(
                &["shops", &shop, "tags_products"],
                &serde_json::json!({ "name": name }),
                Safety::Write,
            )
            .await?;
        Ok(d.data)
    }

    /// `POST /shops/{SHOP_ID}/categories` (documented fields as JSON; answer raw).
    pub async fn create_category(&self, category: &Value) -> Result<Value> {
        let shop = self.shop()?;
        self.post(&["shops", &shop, "categories"], category, Safety::Write)
            .await
    }
}

//! Customers (digest §3.10).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use vendor_http::{Result, Safety};

use crate::client::Query;
use crate::envelope::{Ack, Data, Page};
use crate::PancakeClient;
use serde_with::formats::Flexible;
use serde_with::{serde_as, BoolFromInt, DefaultOnError, OneOrMany, PickFirst, VecSkipError};
use vendor_http::lenient;

#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerAddress {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_address: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
}

/// A shop customer; `id` is the `shop_customer_id` used elsewhere.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Customer {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    /// Global customer id.
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub customer_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub phone_numbers: Vec<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub emails: Vec<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub gender: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub date_of_birth: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub fb_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Float>>")]
    pub reward_point: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub order_count: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub succeed_order_count: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub returned_order_count: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub purchased_amount: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub last_order_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub referral_code: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub tags: Vec<Value>,
    /// The older docs' name; see [`Customer::addresses`].
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub shop_customer_addresses: Vec<CustomerAddress>,
    /// The name [oas] responses use; see [`Customer::addresses`].
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub shop_customer_address: Vec<CustomerAddress>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_block: Option<bool>,
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

impl Customer {
    /// The customer's addresses, whichever of the two documented field names carried them.
    pub fn addresses(&self) -> &[CustomerAddress] {
        if self.shop_customer_addresses.is_empty() {
            &self.shop_customer_address
        } else {
            &self.shop_customer_addresses
        }
    }
}

/// What to do when the phone number already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CreateType {
    /// Skip.
    #[default]
    Ignore,
    /// Update every match.
    Update,
    /// Create another.
    Force,
}

/// `POST /customers` body — **flat camelCase** (digest §3.10).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewCustomer {
    pub name: String,
    #[serde(rename = "phoneNumber")]
    pub phone_number: String,
    #[serde(rename = "createType")]
    pub create_type: CreateType,
    #[serde(rename = "dateOfBirth", skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// Unix seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_order_at: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shop_customer_address: Vec<CustomerAddress>,
}

/// `PUT /customers/{id}` body, wrapped in `customer`; only the fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emails: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_numbers: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reward_point: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_discount_by_level: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_block: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned_user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shop_customer_addresses: Option<Vec<CustomerAddress>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Serialize)]
struct CustomerWrap<'a> {
    customer: &'a CustomerUpdate,
}

/// Filters of `GET /customers`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerQuery {
    pub page_number: Option<u32>,
    pub page_size: Option<u32>,
    /// Name or phone.
    pub search: Option<String>,
    pub start_time_inserted_at: Option<DateTime<Utc>>,
    pub end_time_inserted_at: Option<DateTime<Utc>>,
    /// Updated window: incremental sync.
    pub start_time_updated_at: Option<DateTime<Utc>>,
    pub end_time_updated_at: Option<DateTime<Utc>>,
    pub customer_ids: Vec<String>,
}

impl PancakeClient {
    /// `GET /shops/{SHOP_ID}/customers` — one page.
    pub async fn list_customers(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        let shop = self.shop()?;
        let ids = (!query.customer_ids.is_empty()).then(|| query.customer_ids.join(","));
        let q = Query::new()
            .opt("page_number", query.page_number)
            .opt("page_size", query.page_size)
            .opt_str("search", &query.search)
            .opt(
                "start_time_inserted_at",
                query.start_time_inserted_at.map(|t| t.timestamp()),
            )
            .opt(
                "end_time_inserted_at",
                query.end_time_inserted_at.map(|t| t.timestamp()),
            )
            .opt(
                "start_time_updated_at",
                query.start_time_updated_at.map(|t| t.timestamp()),
            )
            .opt(
                "end_time_updated_at",
                query.end_time_updated_at.map(|t| t.timestamp()),
            )
            .opt("customer_ids", ids);
        self.get(&["shops", &shop, "customers"], q).await
    }

    /// `GET /shops/{SHOP_ID}/customers/{CUSTOMER_ID}`. The [oas] example wraps the customer in a
    /// one-element `data` list; an object in `data` or a bare object are accepted too.
    pub async fn get_customer(&self, customer_id: &str) -> Result<Customer> {
        let shop = self.shop()?;
        let v: serde_json::Value = self
            .get(&["shops", &shop, "customers", customer_id], Query::new())
            .await?;
        customer_from_answer(v).ok_or_else(|| vendor_http::Error::NotFound {
            vendor_code: None,
            message: Some("the answer held no customer".into()),
        })
    }

    /// `POST /shops/{SHOP_ID}/customers` (flat camelCase) → `{"data": customer}`.
    pub async fn create_customer(&self, customer: &NewCustomer) -> Result<Customer> {
        let shop = self.shop()?;
        let d: Data<Customer> = self
            .post(&["shops", &shop, "customers"], customer, Safety::Write)
            .await?;
        Ok(d.data)
    }

    /// `PUT /shops/{SHOP_ID}/customers/{CUSTOMER_ID}` (`{"customer": …}`).
    pub async fn update_customer(&self, customer_id: &str, update: &CustomerUpdate) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .put(
                &["shops", &shop, "customers", customer_id],
                &CustomerWrap { customer: update },
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(())
    }
}

/// The customer in a `GET /customers/{id}` answer, whatever its wrapping.
pub fn customer_from_answer(v: Value) -> Option<Customer> {
    let inner = match v.get("data") {
        Some(Value::Array(a)) => a.first().cloned()?,
        Some(d @ Value::Object(_)) => d.clone(),
        _ => v,
    };
    serde_json::from_value::<Customer>(inner)
        .ok()
        .filter(|c| !c.id.is_empty())
}

//! Income/expense transactions and advertising costs (digest §3.11).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use vendor_http::Result;

use crate::client::Query;
use crate::envelope::Page;
use crate::value::Id;
use crate::PancakeClient;
use serde_with::formats::Flexible;
use serde_with::{
    serde_as, BoolFromInt, DefaultOnError, NoneAsEmptyString, OneOrMany, PickFirst, VecSkipError,
};
use vendor_http::lenient;

/// A transaction; `amount < 0` is an expense.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Transaction {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub display_id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub note: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub amount: i64,
    /// 0 new, 1 in effect, 2 cancelled, 3 deleted.
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub status: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub payments: Vec<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub tag_ids: Vec<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_accounting: Option<bool>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_canceled: Option<bool>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub supplier_products_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub table_name: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub time_incurred: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /transactions` body (wrapped in `transaction`).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewTransaction {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_locked: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_ids: Vec<String>,
    /// `cash`, `transfer_money`, `charged_by_card`, …
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplier_products_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_accounting: Option<bool>,
    /// Sent as an ISO string, as in the docs' example.
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>",
        serialize_as = "Option<lenient::UtcText>"
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_incurred: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_debts_to_suppliers: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
}

/// Filters of `GET /transactions` (param `page`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactionQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// -1 all, 0 new, 1 in effect, 2 cancelled, 3 deleted.
    pub status: Option<i64>,
    pub start_date_time: Option<DateTime<Utc>>,
    pub end_date_time: Option<DateTime<Utc>>,
}

impl PancakeClient {
    /// `GET /shops/{SHOP_ID}/transactions`.
    pub async fn list_transactions(&self, query: &TransactionQuery) -> Result<Page<Transaction>> {
        let shop = self.shop()?;
        let q = Query::new()
            .opt("page", query.page)
            .opt("page_size", query.page_size)
            .opt("status", query.status)
            .opt(
                "startDateTime",
                query.start_date_time.map(|t| t.timestamp()),
            )
            .opt("endDateTime", query.end_date_time.map(|t| t.timestamp()));
        self.get(&["shops", &shop, "transactions"], q).await
    }
}

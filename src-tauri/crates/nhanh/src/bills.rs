//! Stock movements: the four inventory-bill creates (supplier import/return, other import/export) and
//! the bill list (31-day date windows split automatically).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vendor_http::{Result, Safety};

use crate::client::{Client, PageRequest};
use crate::dates;
use serde_with::{serde_as, DefaultOnError, VecSkipError};
use vendor_http::lenient;

/// Which of the four inventory-bill endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillKind {
    /// `inventory/importsupplier` (nhập NCC) — needs `supplier_id`.
    ImportSupplier,
    /// `inventory/exportsupplier` (trả NCC) — needs `supplier_id`.
    ExportSupplier,
    /// `inventory/importother` (nhập khác).
    ImportOther,
    /// `inventory/exportother` (xuất khác).
    ExportOther,
}

impl BillKind {
    pub fn path(self) -> &'static str {
        match self {
            BillKind::ImportSupplier => "inventory/importsupplier",
            BillKind::ExportSupplier => "inventory/exportsupplier",
            BillKind::ImportOther => "inventory/importother",
            BillKind::ExportOther => "inventory/exportother",
        }
    }
    pub fn is_import(self) -> bool {
        matches!(self, BillKind::ImportSupplier | BillKind::ImportOther)
    }
}

/// `{type: percent|cash, value}`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Adjust {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: i64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BillLine {
    /// Nhanh product id.
    pub id: i64,
    pub quantity: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount: Option<Adjust>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat: Option<Adjust>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub imeis: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BillCustomer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// The body of any of the four inventory-bill creates.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NewInventoryBill {
    pub depot_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplier_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<BillCustomer>,
    pub products: Vec<BillLine>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debt_due_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_import_price: Option<i64>,
}

/// What the inventory-bill creates (and bill/addretail) return.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct BillRef {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub total_amount: i64,
}

/// `bill/list` filters; `from_date..=to_date` wider than 31 days is split by [`Client::bills`].
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BillFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<i64>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub modes: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depot_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_mobile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_date: Option<NaiveDate>,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct BillProduct {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub quantity: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub price: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub amount: i64,
}

/// Who created a bill and when (`created` of a `bill/list` item, §10.5).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct BillCreated {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One import/export bill of `bill/list`.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Bill {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub order_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub depot_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub date: String,
    /// 1 import, 2 export.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(rename = "type")]
    pub type_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub mode: i64,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub products: Vec<BillProduct>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub description: String,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub created: BillCreated,
}

impl Client {
    /// Create an inventory bill (the only way to change stock through the API). Not retried.
    pub async fn create_inventory_bill(
        &self,
        kind: BillKind,
        bill: &NewInventoryBill,
    ) -> Result<BillRef> {
        Ok(self
            .call::<_, BillRef>(kind.path(), bill, Safety::Write)
            .await?
            .data)
    }

    /// Every bill matching `filter`, splitting the date range into 31-day windows.
    pub async fn bills(&self, filter: &BillFilter) -> Result<Vec<Bill>> {
        let bypass = !filter.ids.is_empty()
            || filter.customer_id.is_some()
            || filter.customer_mobile.is_some();
        let windows: Vec<BillFilter> = match (filter.from_date, filter.to_date, bypass) {
            (Some(from), to, false) => {
                let to = to.unwrap_or_else(|| chrono::Utc::now().date_naive());
                dates::split_dates(from, to)
                    .into_iter()
                    .map(|(a, b)| BillFilter {
                        from_date: Some(a),
                        to_date: Some(b),
                        ..filter.clone()
                    })
                    .collect()
            }
            _ => vec![filter.clone()],
        };
        let mut out = Vec::new();
        for f in windows {
            let mut part: Vec<Bill> = self
                .all("bill/list", &f, PageRequest::new(100), None)
                .await?;
            out.append(&mut part);
        }
        Ok(out)
    }
}

//! The other documented POS endpoints, typed as far as the docs go: brands, internal categories, tags,
//! order sources / history / deleted log / complaints, retail invoices, deleted bills, accounting accounts,
//! connected marketplace shops.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use vendor_http::{Result, Safety};

use crate::bills::{Adjust, Bill, BillRef};
use crate::client::{Client, PageRequest};
use crate::dates;
use serde_with::{serde_as, DefaultOnError, VecSkipError};
use vendor_http::lenient;

/// `{"ids": [...], "name": ...}` filters shared by the small lists.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct IdsFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A product, order or customer tag.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Tag {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub status: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub bg_color: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub text_color: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub created_at: Option<DateTime<Utc>>,
}

/// A brand or an internal category (same shape).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Brand {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub parent_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub status: i64,
}

/// An order source.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct OrderSource {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub status: i64,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub created_at: Option<DateTime<Utc>>,
}

/// An entry of order/deleted or bill/deleted.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Deleted {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub created_by_id: i64,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct StatusChange {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub old: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub new: i64,
}

/// An order/history entry (`step` §9.10).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct OrderHistoryEntry {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub log_id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub order_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub step: i64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub status: Option<StatusChange>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub created_by_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub created_by: String,
}

/// An accounting account (cash, bank, card) — ids for payment `accountId` fields.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct AccountingAccount {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub parent_id: i64,
    /// 1 bank, 3 store cash, 7 card.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(rename = "type")]
    pub type_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub status: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub depot_id: i64,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct EcomShopRef {
    /// A string at the vendor.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
}

/// A connected marketplace shop (appId §9.13).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct EcomShop {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub app_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub shop: EcomShopRef,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    #[serde(rename = "expriredAt", alias = "expiredAt")]
    pub expired_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub created_at: Option<DateTime<Utc>>,
}

/// `bill/retail` filters; a range over 31 days is split by [`Client::retail_bills`].
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RetailBillFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
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

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RetailCustomer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_location_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district_location_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ward_location_id: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RetailLine {
    pub id: i64,
    pub quantity: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_vat_mode: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount: Option<Adjust>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `bill/addretail` (≤100 lines, per-line discounts only).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NewRetailBill {
    pub depot_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<RetailCustomer>,
    pub products: Vec<RetailLine>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sale_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<Value>,
}

/// `{id, name}` reference.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Ref {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
}

/// `inventory/archive`: stock limits per depot.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct StockLimit {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub depot: Ref,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub product: StockLimitProduct,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub min_remain: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub max_remain: i64,
    /// Awaiting import.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub waiting: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub available: i64,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub updated_at: Option<DateTime<Utc>>,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct StockLimitProduct {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub barcode: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub remain: i64,
}

/// `bill/imexs`: one product line of an import/export bill (stock history).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct StockMovement {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub bill_id: i64,
    /// 1 import, 2 export.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(rename = "type")]
    pub type_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub mode: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub date: String,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub depot: Ref,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub product: Ref,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub quantity: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub product_price: i64,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub created_at: Option<DateTime<Utc>>,
}

/// `product/combo`: a combo and its components.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Combo {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub combo_name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub combo_code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub avg_cost: i64,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub combo_items: Vec<ComboComponent>,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct ComboComponent {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub price: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub qty: i64,
}

fn empty() -> Value {
    Value::Object(Default::default())
}

impl Client {
    /// `product/brand`.
    pub async fn brands(&self, filter: &IdsFilter) -> Result<Vec<Brand>> {
        self.all("product/brand", filter, PageRequest::new(100), None)
            .await
    }

    /// `product/internalcategory`.
    pub async fn internal_categories(&self, filter: &IdsFilter) -> Result<Vec<Brand>> {
        self.all(
            "product/internalcategory",
            filter,
            PageRequest::new(100),
            None,
        )
        .await
    }

    /// `product/tags`, `order/tags` or `customer/tags` (`kind` = "product" | "order" | "customer").
    pub async fn tags(&self, kind: &str, filter: &IdsFilter) -> Result<Vec<Tag>> {
        self.all(&format!("{kind}/tags"), filter, PageRequest::new(100), None)
            .await
    }

    /// `order/source`.
    pub async fn order_sources(&self) -> Result<Vec<OrderSource>> {
        self.all("order/source", &empty(), PageRequest::new(100), None)
            .await
    }

    /// `order/deleted` within a deletion-time window (Unix seconds).
    pub async fn deleted_orders(&self, from: i64, to: i64) -> Result<Vec<Deleted>> {
        let f = serde_json::json!({ "createdAtFrom": from, "createdAtTo": to });
        self.all("order/deleted", &f, PageRequest::new(100), None)
            .await
    }

    /// `order/history` of at most 100 orders.
    pub async fn order_history(&self, order_ids: &[i64]) -> Result<Vec<OrderHistoryEntry>> {
        if order_ids.len() > 100 {
            return Err(crate::products::too_many("orderIds", 100));
        }
        let f = serde_json::json!({ "orderIds": order_ids });
        self.all("order/history", &f, PageRequest::new(100), None)
            .await
    }

    /// `order/addcomplain` (reason §9.14); returns the complaint id.
    pub async fn add_complaint(
        &self,
        order_id: i64,
        reason: i64,
        description: &str,
    ) -> Result<i64> {
        let body =
            serde_json::json!({ "id": order_id, "reason": reason, "description": description });
        let env = self
            .call::<_, Value>("order/addcomplain", &body, Safety::Write)
            .await?;
        Ok(env
            .data
            .get("complainId")
            .and_then(lenient::Int::of)
            .unwrap_or(0))
    }

    /// `bill/retail`, split into 31-day windows.
    pub async fn retail_bills(&self, filter: &RetailBillFilter) -> Result<Vec<Bill>> {
        let bypass =
            filter.id.is_some() || filter.customer_id.is_some() || filter.customer_mobile.is_some();
        let windows: Vec<RetailBillFilter> = match (filter.from_date, bypass) {
            (Some(from), false) => {
                let to = filter.to_date.unwrap_or_else(|| Utc::now().date_naive());
                dates::split_dates(from, to)
                    .into_iter()
                    .map(|(a, b)| RetailBillFilter {
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
                .all("bill/retail", &f, PageRequest::new(100), None)
                .await?;
            out.append(&mut part);
        }
        Ok(out)
    }

    /// `bill/addretail`. Not retried (no idempotency key exists for invoices).
    pub async fn add_retail_bill(&self, bill: &NewRetailBill) -> Result<BillRef> {
        if bill.products.len() > crate::products::MAX_BATCH {
            return Err(crate::products::too_many(
                "products",
                crate::products::MAX_BATCH,
            ));
        }
        Ok(self
            .call::<_, BillRef>("bill/addretail", bill, Safety::Write)
            .await?
            .data)
    }

    /// `accounting/account`.
    pub async fn accounting_accounts(&self) -> Result<Vec<AccountingAccount>> {
        self.all("accounting/account", &empty(), PageRequest::new(100), None)
            .await
    }

    /// `inventory/archive` (max 50 per page): min/max stock per depot.
    pub async fn stock_limits(
        &self,
        product_ids: &[i64],
        depot_ids: &[i64],
    ) -> Result<Vec<StockLimit>> {
        let mut f = serde_json::Map::new();
        if !product_ids.is_empty() {
            f.insert("productIds".into(), product_ids.into());
        }
        if !depot_ids.is_empty() {
            f.insert("depotIds".into(), depot_ids.into());
        }
        self.all(
            "inventory/archive",
            &Value::Object(f),
            PageRequest::new(50),
            None,
        )
        .await
    }

    /// `bill/imexs` lines between two dates (split into 31-day windows).
    pub async fn stock_movements(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        depot_id: Option<i64>,
    ) -> Result<Vec<StockMovement>> {
        let mut out = Vec::new();
        for (a, b) in dates::split_dates(from, to) {
            let mut f = serde_json::json!({ "fromDate": a, "toDate": b });
            if let (Some(d), Some(o)) = (depot_id, f.as_object_mut()) {
                o.insert("depotId".into(), d.into());
            }
            let mut part: Vec<StockMovement> = self
                .all("bill/imexs", &f, PageRequest::new(100), None)
                .await?;
            out.append(&mut part);
        }
        Ok(out)
    }

    /// `product/combo` (max 50 per page).
    pub async fn combos(&self) -> Result<Vec<Combo>> {
        self.all("product/combo", &empty(), PageRequest::new(50), None)
            .await
    }

    /// `ecom/shop` (empty `app_ids` = every marketplace).
    pub async fn ecom_shops(&self, app_ids: &[i64]) -> Result<Vec<EcomShop>> {
        let f = serde_json::json!({ "appIds": app_ids });
        self.all("ecom/shop", &f, PageRequest::new(100), None).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_shapes_parse() {
        let t: Tag = serde_json::from_str(
            r##"{"id":"92220","businessId":1,"name":"VIP","status":1,"bgColor":"#fff","textColor":"#000","createdAt":1753981200}"##,
        )
        .unwrap();
        assert_eq!((t.id, t.name.as_str()), (92220, "VIP"));
        let s: EcomShop = serde_json::from_str(
            r#"{"appId":8195,"shop":{"id":123456789,"name":"Shop Shopee"},"expriredAt":1785603599,"createdAt":1753981200}"#,
        )
        .unwrap();
        assert_eq!(s.shop.id, "123456789");
        assert_eq!(s.expired_at.unwrap().timestamp(), 1785603599);
        let h: OrderHistoryEntry = serde_json::from_str(
            r#"{"logId":"abc","orderId":100,"step":7,"status":{"old":54,"new":56},"createdAt":1753981200,"createdById":1,"createdBy":"A"}"#,
        )
        .unwrap();
        assert_eq!(h.status.unwrap().new, 56);
        let body = serde_json::to_value(NewRetailBill {
            depot_id: 31010,
            products: vec![RetailLine {
                id: 1231279582,
                quantity: 1,
                price: Some(500000),
                price_vat_mode: Some(1),
                vat: Some(-1),
                discount: Some(Adjust {
                    kind: "percent".into(),
                    value: 10,
                }),
                description: None,
            }],
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            body["products"][0]["discount"],
            serde_json::json!({"type": "percent", "value": 10})
        );
        assert_eq!(body["depotId"], 31010);
        let l: StockLimit = serde_json::from_str(
            r#"{"depot":{"id":31010,"name":"Kho"},"product":{"id":1,"barcode":"b","code":"c","name":"n","remain":"4"},"minRemain":5,"maxRemain":50,"waiting":0,"available":3,"createdBy":{"id":1,"name":"A"},"createdAt":1,"updatedAt":1753981200}"#,
        )
        .unwrap();
        assert_eq!((l.product.remain, l.min_remain, l.depot.id), (4, 5, 31010));
        let m: StockMovement = serde_json::from_str(
            r#"{"id":9,"billId":5512345,"type":2,"mode":1,"date":"2025-05-02","depot":{"id":31010,"name":"Kho"},"product":{"id":1,"code":"SP","barcode":"","name":"Áo","prices":{"retail":1}},"quantity":2,"productPrice":200000,"createdAt":1746144000}"#,
        )
        .unwrap();
        assert_eq!(
            (m.bill_id, m.quantity, m.product.name.as_str()),
            (5512345, 2, "Áo")
        );
        let c: Combo = serde_json::from_str(
            r#"{"id":7,"comboName":"Combo hè","comboCode":"CB1","avgCost":100,"comboItems":[{"id":1,"code":"a","name":"x","avgCost":1,"price":2,"qty":3}]}"#,
        )
        .unwrap();
        assert_eq!(c.combo_items[0].qty, 3);
    }
}

//! Stock documents: purchases (digest §3.12), exports and defective goods (§3.13), transfers (§3.14),
//! stocktakings (§3.15) and inventory history (§3.16). These lists page with `page`, not `page_number`.

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

/// Paging and the common filters of the stock-document lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// Meaning per list: purchases -2 all/-1 new/0 confirmed/1 received/2 cancelled; exports -1 all/0 new/
    /// 1 completed/2 cancelled; transfers 0 waiting/1 in transit/2 completed; stocktakings -2 all/-1
    /// creating/0 counting/1 counted/2 cancelled.
    pub status: Option<i64>,
    /// Purchases: `type` (string, default `product`); exports: 0 normal / 1 defective.
    pub kind: Option<String>,
    /// Transfers / inventory history window (`startDate`/`endDate`, unix seconds).
    pub start_date: Option<DateTime<Utc>>,
    pub end_date: Option<DateTime<Utc>>,
}

impl DocQuery {
    fn to_query(&self) -> Query {
        Query::new()
            .opt("page", self.page)
            .opt("page_size", self.page_size)
            .opt("status", self.status)
            .opt_str("type", &self.kind)
            .opt("startDate", self.start_date.map(|t| t.timestamp()))
            .opt("endDate", self.end_date.map(|t| t.timestamp()))
    }
}

/// A line of a purchase.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseItem {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub variation_id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub quantity: i64,
    /// Unit cost.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub imported_price: i64,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_price: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_purchase: Option<String>,
}

/// A purchase (goods receipt).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Purchase {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub display_id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub status: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub warehouse_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub supplier_products_id: Option<i64>,
    /// `actual_purchase`, `adjust_warehouse`, `transfer_warehouse`.
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub created_type: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub items: Vec<PurchaseItem>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_price: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub transport_fee: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub discount: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub note: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub received_at: Option<DateTime<Utc>>,
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

/// `POST/PUT /purchases` body, wrapped in `purchase`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseInput {
    pub warehouse_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplier_products_id: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<PurchaseItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_create_transaction: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_create_debts: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_received_at: Option<bool>,
    /// Unix seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received_at: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shop_id: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A line of an export.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportItem {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub variation_id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub quantity: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub imported_price: i64,
}

/// An export (goods issue, `type` 0) or defective-goods export (`type` 1).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Export {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub display_id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(rename = "type")]
    pub kind: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub status: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub warehouse_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub note: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_price: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub export_items: Vec<ExportItem>,
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

/// `POST/PUT /export` body, wrapped in `export_list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportInput {
    #[serde(rename = "type")]
    pub kind: i64,
    pub status: i64,
    pub warehouse_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shop_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplier_products_id: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_inserted_at: Option<bool>,
    /// Unix seconds (back-dating).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inserted_at: Option<i64>,
    pub export_items: Vec<ExportItem>,
}

/// A line of a transfer.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TransferItem {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub variation_id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub quantity: i64,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variation_display_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
}

/// A stock transfer between warehouses.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Transfer {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub display_id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub status: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub from_warehouse_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub to_warehouse_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub shipping_fee: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_quantity: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub items: Vec<TransferItem>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub note: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub updated_status_at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A line of a stocktaking: `changed_quantity` is the difference (+/-).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StocktakingItem {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub variation_id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub changed_quantity: i64,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_quantity: Option<i64>,
}

/// An inventory count.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stocktaking {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub display_id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub status: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub warehouse_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub note: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub stocktaking_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub stocktaking_by: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub stocktaking_by_value: Vec<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub items: Vec<StocktakingItem>,
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

/// One inventory-history row: `quantity` is the change, `remain_quantity` the stock after it. Key logic
/// on `table_name`, not on the Vietnamese `type` text.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InventoryHistory {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub quantity: i64,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub remain_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Float>>")]
    pub avg_price: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub table_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub ref_display_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub editor_id: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub current_inventory: Vec<Value>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub variation_now: Map<String, Value>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub warehouse: Map<String, Value>,
}

/// Filters of `GET /inventory_histories`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InventoryHistoryQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    pub warehouse_id: Option<String>,
    pub variation_ids: Vec<String>,
    pub start_date: Option<DateTime<Utc>>,
    pub end_date: Option<DateTime<Utc>>,
}

impl PancakeClient {
    /// `GET /shops/{SHOP_ID}/purchases`.
    pub async fn list_purchases(&self, query: &DocQuery) -> Result<Page<Purchase>> {
        let shop = self.shop()?;
        self.get(&["shops", &shop, "purchases"], query.to_query())
            .await
    }

    /// `POST /shops/{SHOP_ID}/purchases` (`{"purchase": …}`).
    pub async fn create_purchase(&self, input: &PurchaseInput) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .post(
                &["shops", &shop, "purchases"],
                &wrap("purchase", input)?,
                Safety::Write,
            )
            .await?;
        Ok(())
    }

    /// `GET /shops/{SHOP_ID}/export` (`kind`: "0" normal, "1" defective).
    pub async fn list_exports(&self, query: &DocQuery) -> Result<Page<Export>> {
        let shop = self.shop()?;
        self.get(&["shops", &shop, "export"], query.to_query())
            .await
    }

    /// `POST /shops/{SHOP_ID}/export` (`{"export_list": …}`).
    pub async fn create_export(&self, input: &ExportInput) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .post(
                &["shops", &shop, "export"],
                &wrap("export_list", input)?,
                Safety::Write,
            )
            .await?;
        Ok(())
    }

    /// `GET /shops/{SHOP_ID}/transfers`.
    pub async fn list_transfers(&self, query: &DocQuery) -> Result<Page<Transfer>> {
        let shop = self.shop()?;
        self.get(&["shops", &shop, "transfers"], query.to_query())
            .await
    }

    /// `GET /shops/{SHOP_ID}/transfers/get_status_history/{TRANSFER_ID}` (rows kept raw).
    pub async fn transfer_status_history(&self, transfer_id: &str) -> Result<Vec<Value>> {
        let shop = self.shop()?;
        let d: Data<Vec<Value>> = self
            .get(
                &[
                    "shops",
                    &shop,
                    "transfers",
                    "get_status_history",
                    transfer_id,
                ],
                Query::new(),
            )
            .await?;
        Ok(d.data)
    }

    /// `GET /shops/{SHOP_ID}/stocktakings`.
    pub async fn list_stocktakings(&self, query: &DocQuery) -> Result<Page<Stocktaking>> {
        let shop = self.shop()?;
        self.get(&["shops", &shop, "stocktakings"], query.to_query())
            .await
    }

    /// `GET /shops/{SHOP_ID}/stocktakings/{STOCKTAKING_ID}` (wrapped in `data`).
    pub async fn get_stocktaking(&self, id: &str) -> Result<Stocktaking> {
        let shop = self.shop()?;
        let d: Data<Stocktaking> = self
            .get(&["shops", &shop, "stocktakings", id], Query::new())
            .await?;
        Ok(d.data)
    }

    /// `GET /shops/{SHOP_ID}/inventory_histories`.
    pub async fn inventory_histories(
        &self,
        query: &InventoryHistoryQuery,
    ) -> Result<Page<InventoryHistory>> {
        let shop = self.shop()?;
        let q = Query::new()
            .push("page", query.page.unwrap_or(1))
            .push("page_size", query.page_size.unwrap_or(30))
            .opt_str("warehouse_id", &query.warehouse_id)
            .arr("variation_ids", &query.variation_ids)
            .opt("startDate", query.start_date.map(|t| t.timestamp()))
            .opt("endDate", query.end_date.map(|t| t.timestamp()));
        self.get(&["shops", &shop, "inventory_histories"], q).await
    }
}

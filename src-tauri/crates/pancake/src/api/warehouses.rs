//! Warehouses (digest §3.5), staff (§3.6) and carriers (§3.22).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use vendor_http::{Result, Safety};

use crate::client::Query;
use crate::envelope::Page;
use crate::value::Id;
use crate::PancakeClient;
use serde_with::formats::Flexible;
use serde_with::{serde_as, BoolFromInt, DefaultOnError, OneOrMany, PickFirst, VecSkipError};
use vendor_http::lenient;

#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Warehouse {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub phone_number: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub address: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub full_address: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub province_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub district_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub commune_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub country_code: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub custom_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub shop_id: Option<i64>,
    /// Orders may ship from here: filter on it when offering a ship-from warehouse.
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub allow_create_order: Option<bool>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub affiliate_shop_id: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /warehouses` and `PUT /warehouses/{id}/` body (flat). `name` and `shelf_config` are required
/// on create.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WarehouseInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// e.g. `{"col": "3"}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shelf_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_batch_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_shelf_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide_config_batch_shelf: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A staff member (`user_id` is what `assigning_seller_id` etc. take).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShopUser {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub shop_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub user_id: String,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub user: crate::api::orders::PersonRef,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub department: Option<NamedRef>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub sale_group: Option<NamedRef>,
}

/// `{id, name}`.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NamedRef {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
}

/// A carrier and the shop's connected accounts with it.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Partner {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub country_code: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub accounts: Vec<NamedRef>,
}

/// The answer of a warehouse write: the warehouse in `data`, the bare warehouse ([oas]), or only
/// `success`.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct WarehouseAnswer {
    #[serde_as(deserialize_as = "DefaultOnError")]
    data: Option<Warehouse>,
    #[serde(flatten)]
    bare: Warehouse,
}

impl WarehouseAnswer {
    fn into_warehouse(self) -> Option<Warehouse> {
        self.data
            .or_else(|| (!self.bare.id.is_empty()).then_some(self.bare))
    }
}

impl PancakeClient {
    /// `GET /shops/{SHOP_ID}/warehouses`.
    pub async fn warehouses(&self) -> Result<Vec<Warehouse>> {
        let shop = self.shop()?;
        let p: Page<Warehouse> = self
            .get(&["shops", &shop, "warehouses"], Query::new())
            .await?;
        Ok(p.data)
    }

    /// `POST /shops/{SHOP_ID}/warehouses` (flat body). Returns the new warehouse when the answer has it.
    pub async fn create_warehouse(&self, input: &WarehouseInput) -> Result<Option<Warehouse>> {
        let shop = self.shop()?;
        let a: WarehouseAnswer = self
            .post(&["shops", &shop, "warehouses"], input, Safety::Write)
            .await?;
        Ok(a.into_warehouse())
    }

    /// `PUT /shops/{SHOP_ID}/warehouses/{WAREHOUSE_ID}/` (documented with a trailing slash).
    pub async fn update_warehouse(
        &self,
        warehouse_id: &str,
        input: &WarehouseInput,
    ) -> Result<Option<Warehouse>> {
        let shop = self.shop()?;
        let a: WarehouseAnswer = self
            .put(
                &["shops", &shop, "warehouses", warehouse_id, ""],
                input,
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(a.into_warehouse())
    }

    /// `GET /shops/{SHOP_ID}/users`.
    pub async fn users(&self) -> Result<Vec<ShopUser>> {
        let shop = self.shop()?;
        let p: Page<ShopUser> = self.get(&["shops", &shop, "users"], Query::new()).await?;
        Ok(p.data)
    }

    /// `GET /shops/{SHOP_ID}/partners`: carriers and connected accounts.
    pub async fn partners(&self) -> Result<Vec<Partner>> {
        let shop = self.shop()?;
        let p: Page<Partner> = self
            .get(&["shops", &shop, "partners"], Query::new())
            .await?;
        Ok(p.data)
    }
}

//! Warehouses (digest §3.5), staff (§3.6) and carriers (§3.22).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use vendor_http::{Result, Safety};

use crate::client::Query;
use crate::de::{self, Id};
use crate::envelope::Page;
use crate::PancakeClient;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Warehouse {
    #[serde(deserialize_with = "de::string")]
    pub id: String,
    #[serde(deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub phone_number: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub address: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub full_address: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub province_id: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub district_id: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub commune_id: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub country_code: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub custom_id: Option<String>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub shop_id: Option<i64>,
    /// Orders may ship from here: filter on it when offering a ship-from warehouse.
    #[serde(deserialize_with = "de::opt_bool")]
    pub allow_create_order: Option<bool>,
    #[serde(deserialize_with = "de::opt_i64")]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShopUser {
    #[serde(deserialize_with = "de::opt_i64")]
    pub shop_id: Option<i64>,
    #[serde(deserialize_with = "de::string")]
    pub user_id: String,
    #[serde(deserialize_with = "de::lenient")]
    pub user: crate::api::orders::PersonRef,
    #[serde(deserialize_with = "de::lenient")]
    pub department: Option<NamedRef>,
    #[serde(deserialize_with = "de::lenient")]
    pub sale_group: Option<NamedRef>,
}

/// `{id, name}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NamedRef {
    pub id: Id,
    #[serde(deserialize_with = "de::opt_string")]
    pub name: Option<String>,
}

/// A carrier and the shop's connected accounts with it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Partner {
    pub id: Id,
    #[serde(deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub country_code: Option<String>,
    #[serde(deserialize_with = "de::vec")]
    pub accounts: Vec<NamedRef>,
}

/// The answer of a warehouse write: the warehouse in `data`, the bare warehouse ([oas]), or only
/// `success`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct WarehouseAnswer {
    #[serde(deserialize_with = "de::lenient")]
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

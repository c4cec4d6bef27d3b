//! Business: depots (with v1 three-level and v2 two-level addresses), employees, suppliers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use vendor_http::{Result, Safety};

use crate::client::{Client, PageRequest};
use crate::de;

/// A depot address: `location` (v1, with district) or `locationV2` (v2, no district).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct DepotLocation {
    #[serde(deserialize_with = "de::opt_i64")]
    pub city_id: Option<i64>,
    #[serde(deserialize_with = "de::string")]
    pub city_name: String,
    #[serde(deserialize_with = "de::opt_i64")]
    pub district_id: Option<i64>,
    #[serde(deserialize_with = "de::string")]
    pub district_name: String,
    #[serde(deserialize_with = "de::opt_i64")]
    pub ward_id: Option<i64>,
    #[serde(deserialize_with = "de::string")]
    pub ward_name: String,
    #[serde(deserialize_with = "de::string")]
    pub address: String,
}

/// A depot (kho hàng).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Depot {
    #[serde(deserialize_with = "de::i64")]
    pub id: i64,
    #[serde(deserialize_with = "de::string")]
    pub code: String,
    #[serde(deserialize_with = "de::string")]
    pub name: String,
    #[serde(deserialize_with = "de::string")]
    pub mobile: String,
    #[serde(deserialize_with = "de::opt_obj")]
    pub location: Option<DepotLocation>,
    #[serde(rename = "locationV2", deserialize_with = "de::opt_obj")]
    pub location_v2: Option<DepotLocation>,
}

/// An employee (`business/user`); empty `depots` = may access every depot.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct User {
    #[serde(deserialize_with = "de::i64")]
    pub id: i64,
    #[serde(deserialize_with = "de::string")]
    pub username: String,
    #[serde(deserialize_with = "de::string")]
    pub full_name: String,
    #[serde(deserialize_with = "de::string")]
    pub email: String,
    #[serde(deserialize_with = "de::string")]
    pub mobile: String,
    #[serde(deserialize_with = "de::string")]
    pub role_name: String,
}

/// A supplier.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Supplier {
    #[serde(deserialize_with = "de::i64")]
    pub id: i64,
    #[serde(deserialize_with = "de::string")]
    pub name: String,
    #[serde(deserialize_with = "de::string")]
    pub mobile: String,
}

/// `business/addsupplier`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NewSupplier {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `{id, status}` answers of simple creates.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Created {
    #[serde(deserialize_with = "de::i64")]
    pub id: i64,
    #[serde(deserialize_with = "de::i64")]
    pub status: i64,
}

/// A department.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Department {
    #[serde(deserialize_with = "de::i64")]
    pub id: i64,
    #[serde(deserialize_with = "de::i64")]
    pub parent_id: i64,
    #[serde(deserialize_with = "de::string")]
    pub code: String,
    #[serde(deserialize_with = "de::string")]
    pub name: String,
    #[serde(deserialize_with = "de::i64")]
    pub status: i64,
    #[serde(deserialize_with = "de::opt_ts")]
    pub created_at: Option<DateTime<Utc>>,
}

impl Client {
    /// Every depot the token may see (cache ~24 h).
    pub async fn depots(&self) -> Result<Vec<Depot>> {
        let filters = serde_json::json!({ "ids": [] });
        self.all("business/depot", &filters, PageRequest::new(100), None)
            .await
    }

    /// Employees.
    pub async fn users(&self) -> Result<Vec<User>> {
        self.all(
            "business/user",
            &Value::Object(Default::default()),
            PageRequest::new(100),
            None,
        )
        .await
    }

    /// Departments.
    pub async fn departments(&self) -> Result<Vec<Department>> {
        self.all(
            "business/department",
            &Value::Object(Default::default()),
            PageRequest::new(100),
            None,
        )
        .await
    }

    /// Suppliers.
    pub async fn suppliers(&self) -> Result<Vec<Supplier>> {
        self.all(
            "business/supplier",
            &Value::Object(Default::default()),
            PageRequest::new(100),
            None,
        )
        .await
    }

    /// `business/addsupplier`.
    pub async fn add_supplier(&self, s: &NewSupplier) -> Result<Created> {
        Ok(self
            .call::<_, Created>("business/addsupplier", s, Safety::Write)
            .await?
            .data)
    }
}

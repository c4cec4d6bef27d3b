//! Business: depots (with v1 three-level and v2 two-level addresses), employees, suppliers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use vendor_http::{Result, Safety};

use crate::client::{Client, PageRequest};
use serde_with::{serde_as, DefaultOnError};
use vendor_http::lenient;

/// A depot address: `location` (v1, with district) or `locationV2` (v2, no district).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct DepotLocation {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub city_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub city_name: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub district_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub district_name: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub ward_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub ward_name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub address: String,
}

/// A depot (kho hàng).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Depot {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub mobile: String,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub location: Option<DepotLocation>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    #[serde(rename = "locationV2")]
    pub location_v2: Option<DepotLocation>,
}

/// An employee (`business/user`); empty `depots` = may access every depot.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct User {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub username: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub full_name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub email: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub mobile: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub role_name: String,
}

/// A supplier.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Supplier {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
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
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Created {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub status: i64,
}

/// A department.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Department {
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
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
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

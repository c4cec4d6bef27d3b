//! Customers: list (cursor) and add (≤100 per request).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use vendor_http::{Result, Safety};

use crate::client::{Client, PageRequest};
use crate::products::{too_many, MAX_BATCH};
use serde_with::{serde_as, DefaultOnError, NoneAsEmptyString, PickFirst};
use vendor_http::lenient;

/// `customer/list` filters.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CustomerFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at_from: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at_to: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_bought_date_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_bought_date_to: Option<String>,
}

/// Location ids: `locations` is v1 (with district), `location` v2.
#[serde_as]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct LocationIds {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ward_id: Option<i64>,
}

/// A customer.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Customer {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(rename = "type")]
    pub type_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub mobile: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub gender: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub address: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub email: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub birthday: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub points: i64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub locations: Option<LocationIds>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub location: Option<LocationIds>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub total_amount: i64,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// One customer for `customer/add`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NewCustomer {
    pub name: String,
    pub mobile: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthday: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locations: Option<LocationIds>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `customer/add` answer per customer.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct CustomerRef {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub mobile: String,
}

impl Client {
    /// Every customer matching `filter`.
    pub async fn customers(&self, filter: &CustomerFilter) -> Result<Vec<Customer>> {
        self.all("customer/list", filter, PageRequest::new(100), None)
            .await
    }

    /// `customer/add` (≤100).
    pub async fn add_customers(&self, customers: &[NewCustomer]) -> Result<Vec<CustomerRef>> {
        if customers.len() > MAX_BATCH {
            return Err(too_many("customers", MAX_BATCH));
        }
        Ok(self
            .call::<_, Option<Vec<CustomerRef>>>("customer/add", customers, Safety::Write)
            .await?
            .data
            .unwrap_or_default())
    }
}

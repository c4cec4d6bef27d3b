//! The vendor port the outbox drives: create with our reference, find by our reference.

use std::collections::HashMap;
use std::sync::Arc;

use futures::future::BoxFuture;
use vendor_http::Result;

use crate::draft::{OrderDraft, Vendor};
use crate::mapping;

/// One vendor account the outbox can send orders to. Implemented for the three vendor clients.
pub trait VendorPort: Send + Sync {
    fn vendor(&self) -> Vendor;
    /// Create the order carrying `reference`; answers the vendor's order id.
    fn create<'a>(
        &'a self,
        draft: &'a OrderDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>>;
    /// The vendor's id of the order carrying `reference`, if the vendor has one.
    fn find_by_reference<'a>(&'a self, reference: &'a str)
        -> BoxFuture<'a, Result<Option<String>>>;
}

impl VendorPort for pancake::PancakeClient {
    fn vendor(&self) -> Vendor {
        Vendor::Pancake
    }

    fn create<'a>(
        &'a self,
        draft: &'a OrderDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let o = self
                .create_order(&mapping::to_pancake(draft, reference))
                .await?;
            Ok(o.id.to_string())
        })
    }

    fn find_by_reference<'a>(
        &'a self,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>>> {
        Box::pin(async move {
            Ok(self
                .find_order_by_custom_id(reference)
                .await?
                .map(|o| o.id.to_string()))
        })
    }
}

impl VendorPort for nhanh::Client {
    fn vendor(&self) -> Vendor {
        Vendor::Nhanh
    }

    fn create<'a>(
        &'a self,
        draft: &'a OrderDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let o = self.add_order(&mapping::to_nhanh(draft, reference)).await?;
            Ok(o.id.to_string())
        })
    }

    fn find_by_reference<'a>(
        &'a self,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>>> {
        Box::pin(async move {
            Ok(self
                .find_order_by_reference(reference)
                .await?
                .map(|o| o.info.id.to_string()))
        })
    }
}

impl VendorPort for onflow::OnflowClient {
    fn vendor(&self) -> Vendor {
        Vendor::Onflow
    }

    fn create<'a>(
        &'a self,
        draft: &'a OrderDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let s = self
                .create_shipment(&mapping::to_onflow(draft, reference))
                .await?;
            Ok(s.tracking_code)
        })
    }

    fn find_by_reference<'a>(
        &'a self,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>>> {
        Box::pin(async move {
            Ok(self
                .find_shipment_by_reference(reference)
                .await?
                .map(|s| s.tracking_code))
        })
    }
}

/// The ports of the connected accounts, by account id (for [`crate::Outbox::resume`]).
#[derive(Clone, Default)]
pub struct Ports {
    by_account: HashMap<String, Arc<dyn VendorPort>>,
}

impl Ports {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, account_id: impl Into<String>, port: Arc<dyn VendorPort>) {
        self.by_account.insert(account_id.into(), port);
    }

    pub fn with(mut self, account_id: impl Into<String>, port: Arc<dyn VendorPort>) -> Self {
        self.insert(account_id, port);
        self
    }

    /// The port of `account_id` when it is connected and of `vendor`.
    pub fn get(&self, account_id: &str, vendor: Vendor) -> Option<&Arc<dyn VendorPort>> {
        self.by_account
            .get(account_id)
            .filter(|p| p.vendor() == vendor)
    }
}

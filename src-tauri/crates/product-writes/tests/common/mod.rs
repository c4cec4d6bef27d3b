//! What the product-writes suites share: the three simulators with each vendor's `ProductSink`, a
//! two-variant product at the three demo-like accounts, and lookups of an account's result.
#![allow(dead_code)] // each suite uses its own part of it

use std::sync::Arc;

use chrono::Utc;
use product_writes::*;
use shopdesk_core::ports::products::{ProductLayout, ProductSink};
use shopdesk_core::product::{
    generate_variants, ProductAttribute, ProductDraft, ProductTarget, VendorFields,
};
use shopdesk_core::Vendor;
use testkit::Sims;

pub const WH: &str = "ONF_WH_HN_LB";

pub fn account(v: Vendor) -> String {
    format!("{}-1", v.as_str())
}

pub fn draft(sku: &str) -> ProductDraft {
    let attributes = vec![ProductAttribute {
        name: "Màu".into(),
        values: vec!["Đen".into(), "Trắng".into()],
    }];
    ProductDraft {
        reference: new_reference(Utc::now()),
        name: "Áo thun ShopDesk".into(),
        sku: sku.into(),
        price: 150_000,
        weight_grams: 250,
        length_cm: Some(30),
        width_cm: Some(20),
        height_cm: Some(2),
        description: Some("Cotton 100%".into()),
        images: vec!["https://files.example/ao.jpg".into()],
        variants: generate_variants(sku, &attributes, &[]),
        attributes,
        targets: Vendor::ALL
            .iter()
            .map(|v| {
                let mut fields = VendorFields::blank(*v);
                if let VendorFields::Onflow(f) = &mut fields {
                    f.warehouse_codes = vec![WH.into()];
                }
                ProductTarget {
                    account_id: account(*v),
                    fields,
                }
            })
            .collect(),
    }
}

pub struct World {
    pub sims: Sims,
    pub sinks: Vec<(String, Vendor, Arc<dyn ProductSink>)>,
    /// A products store of the world's own (tests may open others).
    pub store: ProductWrites,
}

impl World {
    pub async fn start() -> World {
        let sims = Sims::start().await;
        let sinks = sims
            .adapters()
            .into_iter()
            .map(|a| {
                let v = a.vendor();
                (
                    account(v),
                    v,
                    a.product_sink().expect("every vendor creates products"),
                )
            })
            .collect();
        World {
            sims,
            sinks,
            store: ProductWrites::open_in_memory().expect("an in-memory store"),
        }
    }

    pub fn sink(&self, account: &str) -> Option<Arc<dyn ProductSink>> {
        self.sinks
            .iter()
            .find(|(a, _, _)| a == account)
            .map(|(_, _, s)| s.clone())
    }

    pub fn layout(&self, account: &str) -> Option<(Vendor, ProductLayout)> {
        self.sinks
            .iter()
            .find(|(a, _, _)| a == account)
            .map(|(_, v, s)| (*v, s.layout()))
    }

    pub fn caps(&self, account: &str) -> Option<Caps> {
        self.sink(account).map(|s| Caps::of(s.as_ref()))
    }

    /// How many records carry each SKU at each vendor.
    pub async fn held(&self, skus: &[String]) -> Vec<(Vendor, usize)> {
        let mut out = Vec::new();
        for (_, v, s) in &self.sinks {
            out.push((*v, s.find_skus(skus).await.expect("lookup").len()));
        }
        out
    }
}

pub fn target(row: &ProductRow, v: Vendor) -> &TargetRow {
    row.targets
        .iter()
        .find(|t| t.vendor == v)
        .expect("a row per account")
}

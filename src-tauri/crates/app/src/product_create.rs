//! A product born once ("Tạo sản phẩm"): the accounts that can create products (with the Onflow
//! warehouses to map them to), the variants generated from the attributes, the product checked against
//! every account's listings and sent to each chosen account exactly once through `product-writes`, the
//! new listings written to the stock cache at once (matched by SKU, no waiting for a sync), the retry of
//! one account, and the resume after a restart. Then a created product's edit (previewed: what changes
//! where) and its retire, each sent once to every account that holds it.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Utc;
use product_writes::Caps;
use product_writes::ProductWrites;
pub use product_writes::{
    ChangeKind, ChangeRow, ChangeState, EditPreview, EditTarget, FieldDiff, ListingRow, ProductRow,
    TargetRow, TargetState,
};
use serde::Serialize;
use shopdesk_core::ports::products::ProductSink;
use shopdesk_core::ports::stock::ListingInput;
use shopdesk_core::product::{
    generate_variants, ProductAttribute, ProductChange, ProductDraft, Taken, VariantDraft,
};
use shopdesk_core::{AppError, Vendor};

use crate::{DataKind, Desk};

/// A warehouse a new product can be mapped to.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductWarehouse {
    pub id: String,
    pub name: String,
}

/// An account the product form offers.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductAccount {
    pub account_id: String,
    pub label: String,
    pub vendor: Vendor,
    /// Onflow: the warehouses (from the stock cache); empty elsewhere.
    pub warehouses: Vec<ProductWarehouse>,
}

pub(crate) async fn writes(desk: &Desk) -> Result<ProductWrites, AppError> {
    Ok(desk.side().await?.products.clone())
}

/// A fresh reference for a new product.
pub fn product_new_reference() -> String {
    product_writes::new_reference(Utc::now())
}

/// The variants of the attributes (every combination, SKUs from the product's), keeping the owner's
/// edits of those that stay.
pub fn product_variants(
    sku: String,
    attributes: Vec<ProductAttribute>,
    existing: Vec<VariantDraft>,
) -> Vec<VariantDraft> {
    generate_variants(&sku, &attributes, &existing)
}

/// The accounts of the workspace that can create products.
pub async fn product_accounts(desk: &Desk) -> Result<Vec<ProductAccount>, AppError> {
    let ws = desk.accounts.workspace().await?;
    let warehouses = desk.with_stock(|s| s.warehouses()).await?;
    let mut out = Vec::new();
    for a in &ws.accounts {
        let Ok((_, client)) = desk.accounts.client(&a.id).await else {
            continue;
        };
        if client.product_sink().is_none() {
            continue;
        }
        out.push(ProductAccount {
            account_id: a.id.clone(),
            label: a.label.clone(),
            vendor: a.vendor,
            warehouses: warehouses
                .iter()
                .filter(|w| w.account_id == a.id && a.vendor == Vendor::Onflow)
                .map(|w| ProductWarehouse {
                    id: w.vendor_wh_id.clone(),
                    name: w.name.clone(),
                })
                .collect(),
        });
    }
    Ok(out)
}

/// What the form offers for an account's own fields: its vendor's enumerated values with their defaults
/// (Onflow), the categories of its catalog (Pancake, Nhanh; read from the vendor).
pub async fn product_options(
    desk: &Desk,
    account_id: String,
) -> Result<shopdesk_core::product::ProductOptions, AppError> {
    let (_, client) = desk.accounts.client(&account_id).await?;
    let sink = client.product_sink().ok_or_else(|| {
        AppError::new(
            shopdesk_core::ErrorCode::Validation,
            "this account cannot create products",
        )
    })?;
    Ok(sink.options().await?)
}

/// The codes the stock cache already holds, for the checks before sending.
pub(crate) struct Held(store::HeldCodes);

impl Taken for Held {
    fn sku(&self, sku: &str) -> bool {
        self.0.skus.contains(sku)
    }
    fn barcode(&self, barcode: &str) -> bool {
        self.0.barcodes.contains(barcode)
    }
}

/// The SKUs (the product's and each variant's) and barcodes of `draft`.
pub(crate) fn codes_of(draft: &ProductDraft) -> (Vec<String>, Vec<String>) {
    let mut skus: Vec<String> = draft.variant_skus();
    skus.push(draft.sku.trim().to_string());
    let barcodes: Vec<String> = draft
        .variants
        .iter()
        .filter_map(|v| v.barcode.as_deref().map(str::trim).map(str::to_string))
        .filter(|b| !b.is_empty())
        .collect();
    (skus, barcodes)
}

async fn held(desk: &Desk, draft: &ProductDraft) -> Result<Held, AppError> {
    let (skus, barcodes) = codes_of(draft);
    held_codes(desk, skus, barcodes).await
}

/// Which of these SKUs and barcodes some account's listing already carries.
pub(crate) async fn held_codes(
    desk: &Desk,
    skus: Vec<String>,
    barcodes: Vec<String>,
) -> Result<Held, AppError> {
    let codes = desk
        .with_stock(move |s| {
            let skus: Vec<&str> = skus.iter().map(String::as_str).collect();
            let barcodes: Vec<&str> = barcodes.iter().map(String::as_str).collect();
            s.held_codes(&skus, &barcodes)
        })
        .await?;
    Ok(Held(codes))
}

/// Each target account's sink (`None`: gone, or it cannot create products).
pub(crate) async fn sinks(
    desk: &Desk,
    accounts: impl IntoIterator<Item = String>,
) -> Vec<(String, Vendor, Arc<dyn ProductSink>)> {
    let mut out = Vec::new();
    for id in accounts {
        if let Ok((_, client)) = desk.accounts.client(&id).await {
            if let Some(sink) = client.product_sink() {
                out.push((id, client.vendor(), sink));
            }
        }
    }
    out
}

/// Check the product against every account's listings, store it, and send it to each chosen account
/// in the background (each record exactly once). Answers the stored product (every account `queued`).
pub async fn product_submit(desk: &Desk, draft: ProductDraft) -> Result<ProductRow, AppError> {
    let writes = writes(desk).await?;
    let taken = held(desk, &draft).await?;
    let accounts: Vec<String> = draft
        .targets
        .iter()
        .map(|t| t.account_id.trim().to_string())
        .collect();
    let sinks = sinks(desk, accounts).await;
    let row = writes.submit(&draft, &taken, &|account| {
        sinks
            .iter()
            .find(|(a, _, _)| a == account)
            .map(|(_, v, s)| (*v, s.layout()))
    })?;
    desk.changed(DataKind::Products);
    spawn_drive(desk, writes, vec![row.reference.clone()], sinks);
    Ok(row)
}

pub(crate) fn spawn_drive(
    desk: &Desk,
    writes: ProductWrites,
    references: Vec<String>,
    sinks: Vec<(String, Vendor, Arc<dyn ProductSink>)>,
) {
    let d = desk.clone();
    desk.spawn(async move {
        let sink_of = |account: &str| {
            sinks
                .iter()
                .find(|(a, _, _)| a == account)
                .map(|(_, _, s)| s.clone())
        };
        for reference in references {
            match writes.drive(&reference, &sink_of).await {
                Ok(row) => {
                    if let Err(e) = list_new_listings(&d, &writes, &row).await {
                        tracing::warn!(error = %e, "new listings are shown after the next sync");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "a product could not be driven"),
            }
            d.changed(DataKind::Products);
        }
    });
}

/// Write the created listings to the stock cache at once: their SKUs group them with the product's
/// other listings (one matched row per variant), without waiting for a sync.
async fn list_new_listings(
    desk: &Desk,
    writes: &ProductWrites,
    row: &ProductRow,
) -> Result<(), AppError> {
    let draft = writes.draft(&row.reference)?;
    let mut wrote = false;
    for t in &row.targets {
        if t.listings.is_empty() {
            continue;
        }
        let listings: Vec<ListingInput> = t
            .listings
            .iter()
            .filter_map(|l| {
                let v = draft.variants.iter().find(|v| v.sku.trim() == l.sku)?;
                Some(ListingInput {
                    vendor_product_id: l.product_id.clone(),
                    vendor_variation_id: l.variation_id.clone(),
                    sku: Some(l.sku.clone()),
                    barcode: v.barcode.clone().filter(|b| !b.trim().is_empty()),
                    name: draft.variant_name(v),
                    price_vnd: Some(draft.price_of(v)),
                    image_urls: draft.images.clone(),
                    updated_at: Some(Utc::now()),
                })
            })
            .collect();
        let account = t.account_id.clone();
        let known: HashSet<(String, String)> = desk
            .with_stock({
                let account = account.clone();
                move |s| s.listings(Some(&account))
            })
            .await?
            .into_iter()
            .map(|l| (l.listing.vendor_product_id, l.listing.vendor_variation_id))
            .collect();
        let new: Vec<ListingInput> = listings
            .into_iter()
            .filter(|l| {
                !known.contains(&(l.vendor_product_id.clone(), l.vendor_variation_id.clone()))
            })
            .collect();
        if new.is_empty() {
            continue;
        }
        desk.with_stock(move |s| s.upsert_listings(&account, &new, &[]))
            .await?;
        wrote = true;
    }
    if wrote {
        desk.changed(DataKind::Stock);
    }
    Ok(())
}

/// Every product sent from ShopDesk, newest first, with each account's result.
pub async fn product_list(desk: &Desk) -> Result<Vec<ProductRow>, AppError> {
    Ok(writes(desk).await?.list()?)
}

/// Send one account's refused records again and look its unclear ones up again; the other accounts are
/// not touched.
pub async fn product_retry(
    desk: &Desk,
    reference: String,
    account_id: String,
) -> Result<ProductRow, AppError> {
    let writes = writes(desk).await?;
    writes.retry(&reference, &account_id)?;
    let row = writes.get(&reference)?;
    let sinks = sinks(desk, [account_id]).await;
    spawn_drive(desk, writes, vec![reference], sinks);
    desk.changed(DataKind::Products);
    Ok(row)
}

/// The sinks of every account a product targets.
async fn product_sinks(
    desk: &Desk,
    writes: &ProductWrites,
    reference: &str,
) -> Result<Vec<(String, Vendor, Arc<dyn ProductSink>)>, AppError> {
    let accounts: Vec<String> = writes
        .get(reference)?
        .targets
        .into_iter()
        .map(|t| t.account_id)
        .collect();
    Ok(sinks(desk, accounts).await)
}

fn caps_of(sinks: &[(String, Vendor, Arc<dyn ProductSink>)], account: &str) -> Option<Caps> {
    sinks
        .iter()
        .find(|(a, _, _)| a == account)
        .map(|(_, _, s)| Caps::of(s.as_ref()))
}

/// Which of an edit's barcodes some account's listing already carries.
async fn change_taken(desk: &Desk, change: &ProductChange) -> Result<Held, AppError> {
    let barcodes: Vec<String> = change
        .barcodes
        .iter()
        .flatten()
        .filter_map(|b| b.barcode.as_deref().map(str::trim).map(str::to_string))
        .filter(|b| !b.is_empty())
        .collect();
    held_codes(desk, Vec::new(), barcodes).await
}

/// What an edit of a created product would change, and at which accounts (nothing is stored).
pub async fn product_edit_preview(
    desk: &Desk,
    reference: String,
    change: ProductChange,
) -> Result<EditPreview, AppError> {
    let writes = writes(desk).await?;
    let sinks = product_sinks(desk, &writes, &reference).await?;
    let taken = change_taken(desk, &change).await?;
    let (preview, _, _) =
        writes.preview_edit(&reference, &change, &taken, &|a| caps_of(&sinks, a))?;
    Ok(preview)
}

/// Edit a created product: the new values are stored, then sent in the background to every account
/// that holds it and whose vendor can change them. Answers the product as stored.
pub async fn product_edit(
    desk: &Desk,
    reference: String,
    change: ProductChange,
) -> Result<ProductRow, AppError> {
    let writes = writes(desk).await?;
    let sinks = product_sinks(desk, &writes, &reference).await?;
    let taken = change_taken(desk, &change).await?;
    writes.edit(&reference, &change, &taken, &|a| caps_of(&sinks, a))?;
    let row = writes.get(&reference)?;
    desk.changed(DataKind::Products);
    spawn_drive(desk, writes, vec![reference], sinks);
    Ok(row)
}

/// Retire a created product: stop selling it at every account that holds it, in the background.
pub async fn product_retire(desk: &Desk, reference: String) -> Result<ProductRow, AppError> {
    let writes = writes(desk).await?;
    let sinks = product_sinks(desk, &writes, &reference).await?;
    let row = writes.retire(&reference, &|a| caps_of(&sinks, a))?;
    desk.changed(DataKind::Products);
    spawn_drive(desk, writes, vec![reference], sinks);
    Ok(row)
}

/// After start-up and every minute: products with records stored, possibly sent, or created and not
/// finished are driven again (each record looked up before any resend).
pub fn schedule_resume(desk: &Desk) {
    desk.every_minute("product journal resume", |d| async move {
        resume_once(&d).await
    });
}

async fn resume_once(desk: &Desk) -> Result<(), AppError> {
    let writes = writes(desk).await?;
    let pending = writes.pending()?;
    if pending.is_empty() {
        return Ok(());
    }
    let mut accounts = HashSet::new();
    for reference in &pending {
        for t in writes.get(reference)?.targets {
            let changing = t
                .changes
                .iter()
                .any(|c| matches!(c.state, ChangeState::Queued | ChangeState::Sending));
            if t.state != TargetState::Created || changing {
                accounts.insert(t.account_id);
            }
        }
    }
    let sinks = sinks(desk, accounts).await;
    spawn_drive(desk, writes, pending, sinks);
    Ok(())
}

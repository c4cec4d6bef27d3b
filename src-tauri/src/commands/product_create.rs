//! A product born once: the form's accounts and variants, the product sent to each chosen account
//! exactly once, its per-account results and the retry of one account. The bodies live in
//! `shopdesk_app::product_create`; each command here is one call.
use shopdesk_app::product_create::{EditPreview, ProductAccount, ProductRow};
use shopdesk_app::Desk;
use shopdesk_core::product::{
    ProductAttribute, ProductChange, ProductDraft, ProductOptions, VariantDraft,
};
use shopdesk_core::AppError;
use tauri::State;

/// A fresh reference for a new product.
#[tauri::command]
#[specta::specta]
pub fn product_new_reference() -> String {
    shopdesk_app::product_create::product_new_reference()
}

/// The variants of the attributes, SKUs generated from the product's, the owner's edits kept.
#[tauri::command]
#[specta::specta]
pub fn product_variants(
    sku: String,
    attributes: Vec<ProductAttribute>,
    existing: Vec<VariantDraft>,
) -> Vec<VariantDraft> {
    shopdesk_app::product_create::product_variants(sku, attributes, existing)
}

/// The accounts that can create products, with Onflow's warehouses.
#[tauri::command]
#[specta::specta]
pub async fn product_accounts(desk: State<'_, Desk>) -> Result<Vec<ProductAccount>, AppError> {
    shopdesk_app::product_create::product_accounts(&desk).await
}

/// What the form offers for an account's own fields (Onflow's values and defaults, the POS categories).
#[tauri::command]
#[specta::specta]
pub async fn product_options(
    desk: State<'_, Desk>,
    account_id: String,
) -> Result<ProductOptions, AppError> {
    shopdesk_app::product_create::product_options(&desk, account_id).await
}

/// Check, store, and send to each chosen account once in the background (`data-changed {products}`).
#[tauri::command]
#[specta::specta]
pub async fn product_submit(
    desk: State<'_, Desk>,
    draft: ProductDraft,
) -> Result<ProductRow, AppError> {
    shopdesk_app::product_create::product_submit(&desk, draft).await
}

/// Every product sent from ShopDesk, newest first, with each account's result.
#[tauri::command]
#[specta::specta]
pub async fn product_list(desk: State<'_, Desk>) -> Result<Vec<ProductRow>, AppError> {
    shopdesk_app::product_create::product_list(&desk).await
}

/// Send one account's refused records again (its unclear ones are looked up first).
#[tauri::command]
#[specta::specta]
pub async fn product_retry(
    desk: State<'_, Desk>,
    reference: String,
    account_id: String,
) -> Result<ProductRow, AppError> {
    shopdesk_app::product_create::product_retry(&desk, reference, account_id).await
}

/// What an edit would change, and at which accounts (nothing stored).
#[tauri::command]
#[specta::specta]
pub async fn product_edit_preview(
    desk: State<'_, Desk>,
    reference: String,
    change: ProductChange,
) -> Result<EditPreview, AppError> {
    shopdesk_app::product_create::product_edit_preview(&desk, reference, change).await
}

/// Store the new values and send them to every account that holds the product (`data-changed {products}`).
#[tauri::command]
#[specta::specta]
pub async fn product_edit(
    desk: State<'_, Desk>,
    reference: String,
    change: ProductChange,
) -> Result<ProductRow, AppError> {
    shopdesk_app::product_create::product_edit(&desk, reference, change).await
}

/// Stop selling the product at every account that holds it (`data-changed {products}`).
#[tauri::command]
#[specta::specta]
pub async fn product_retire(
    desk: State<'_, Desk>,
    reference: String,
) -> Result<ProductRow, AppError> {
    shopdesk_app::product_create::product_retire(&desk, reference).await
}

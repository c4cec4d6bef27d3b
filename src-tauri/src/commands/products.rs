//! Products matched across vendors: the matching page (unmatched / conflicting / manual), match and
//! unmatch by hand (manual wins over automatic), and the mapping as CSV.
//! The bodies live in `shopdesk_app::products`; each command here is one call.
use shopdesk_app::products::*;
use shopdesk_app::Desk;
use shopdesk_core::AppError;
use store::{ImportStats, ListingRef, LogLine, MatchingQuery, SyncRun};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn matching_list(
    desk: State<'_, Desk>,
    query: MatchingQuery,
) -> Result<MatchingPage, AppError> {
    shopdesk_app::products::matching_list(&desk, query).await
}

/// Put a listing into a group by hand (wins over automatic matching, survives syncs).
#[tauri::command]
#[specta::specta]
pub async fn matching_match(
    desk: State<'_, Desk>,
    listing: ListingRef,
    group_key: String,
) -> Result<(), AppError> {
    shopdesk_app::products::matching_match(&desk, listing, group_key).await
}

/// Keep a listing apart from every other (a manual "not the same product").
#[tauri::command]
#[specta::specta]
pub async fn matching_unmatch(desk: State<'_, Desk>, listing: ListingRef) -> Result<(), AppError> {
    shopdesk_app::products::matching_unmatch(&desk, listing).await
}

/// Drop the manual decision: the listing is matched automatically again.
#[tauri::command]
#[specta::specta]
pub async fn matching_clear(desk: State<'_, Desk>, listing: ListingRef) -> Result<(), AppError> {
    shopdesk_app::products::matching_clear(&desk, listing).await
}

/// Save the SKU mapping as CSV (asks where, unless the `SHOPDESK_EXPORT_DIR` test seam is set).
#[tauri::command]
#[specta::specta]
pub async fn mapping_export(desk: State<'_, Desk>) -> Result<Option<String>, AppError> {
    shopdesk_app::products::mapping_export(&desk).await
}

/// Load a SKU mapping CSV (all rows or none).
#[tauri::command]
#[specta::specta]
pub async fn mapping_import(desk: State<'_, Desk>) -> Result<Option<ImportStats>, AppError> {
    shopdesk_app::products::mapping_import(&desk).await
}

/// The latest sync runs of an account.
#[tauri::command]
#[specta::specta]
pub async fn sync_runs(
    desk: State<'_, Desk>,
    account_id: String,
) -> Result<Vec<SyncRun>, AppError> {
    shopdesk_app::products::sync_runs(&desk, account_id).await
}

/// Every line of one run's log.
#[tauri::command]
#[specta::specta]
pub async fn sync_log(desk: State<'_, Desk>, run_id: u32) -> Result<Vec<LogLine>, AppError> {
    shopdesk_app::products::sync_log(&desk, run_id).await
}

/// One listing with its images (from the cache), for the product detail.
#[tauri::command]
#[specta::specta]
pub async fn listing_detail(
    desk: State<'_, Desk>,
    listing: ListingRef,
) -> Result<Option<store::ListingView>, AppError> {
    shopdesk_app::products::listing_detail(&desk, listing).await
}

/// Add an image URL (a library file uploaded to Onflow) to a Pancake variation or a Nhanh product
/// (its external images), keeping the images it has. Answers the images the vendor now has.
#[tauri::command]
#[specta::specta]
pub async fn listing_add_image(
    desk: State<'_, Desk>,
    listing: ListingRef,
    url: String,
) -> Result<Vec<String>, AppError> {
    shopdesk_app::products::listing_add_image(&desk, listing, url).await
}

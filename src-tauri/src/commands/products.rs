//! Products matched across vendors: the matching page (unmatched / conflicting / manual), match and
//! unmatch by hand (manual wins over automatic), and the mapping as CSV.

use serde::Serialize;
use shopdesk_core::AppError;
use store::{ImportStats, ListingRef, LogLine, MatchItem, MatchingQuery, SyncRun};
use tauri::{AppHandle, State};

use crate::state::AppState;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MatchingPage {
    pub total: u32,
    pub items: Vec<MatchItem>,
}

#[tauri::command]
#[specta::specta]
pub async fn matching_list(
    state: State<'_, AppState>,
    query: MatchingQuery,
) -> Result<MatchingPage, AppError> {
    let (total, items) = state.with_stock(|s| s.matching(&query)).await?;
    Ok(MatchingPage {
        total: u32::try_from(total).unwrap_or(u32::MAX),
        items,
    })
}

/// Put a listing into a group by hand (wins over automatic matching, survives syncs).
#[tauri::command]
#[specta::specta]
pub async fn matching_match(
    app: AppHandle,
    state: State<'_, AppState>,
    listing: ListingRef,
    group_key: String,
) -> Result<(), AppError> {
    state
        .with_stock(|s| s.match_listing(&listing, &group_key))
        .await?;
    crate::events::changed(&app, crate::events::DataKind::Stock);
    Ok(())
}

/// Keep a listing apart from every other (a manual "not the same product").
#[tauri::command]
#[specta::specta]
pub async fn matching_unmatch(
    app: AppHandle,
    state: State<'_, AppState>,
    listing: ListingRef,
) -> Result<(), AppError> {
    state.with_stock(|s| s.unmatch_listing(&listing)).await?;
    crate::events::changed(&app, crate::events::DataKind::Stock);
    Ok(())
}

/// Drop the manual decision: the listing is matched automatically again.
#[tauri::command]
#[specta::specta]
pub async fn matching_clear(
    app: AppHandle,
    state: State<'_, AppState>,
    listing: ListingRef,
) -> Result<(), AppError> {
    state.with_stock(|s| s.clear_match(&listing)).await?;
    crate::events::changed(&app, crate::events::DataKind::Stock);
    Ok(())
}

/// Save the SKU mapping as CSV (asks where, unless the `SHOPDESK_EXPORT_DIR` test seam is set).
#[tauri::command]
#[specta::specta]
pub async fn mapping_export(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<String>, AppError> {
    let name = format!(
        "ghep-sku-{}.csv",
        chrono::Local::now().format("%Y%m%d-%H%M%S")
    );
    let Some(path) = crate::state::save_path(&app, &name, "csv").await? else {
        return Ok(None);
    };
    let file = std::fs::File::create(&path)
        .map_err(|e| AppError::internal(format!("cannot write {}: {e}", path.display())))?;
    state
        .with_stock(|s| s.export_mapping_csv(std::io::BufWriter::new(file)))
        .await?;
    Ok(Some(path.display().to_string()))
}

/// Load a SKU mapping CSV (all rows or none).
#[tauri::command]
#[specta::specta]
pub async fn mapping_import(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<ImportStats>, AppError> {
    use tauri_plugin_dialog::DialogExt;
    let dialog = app.dialog().file().add_filter("CSV", &["csv"]);
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_file())
        .await
        .map_err(|e| AppError::internal(format!("the open dialog failed: {e}")))?;
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    let file = std::fs::File::open(&path)
        .map_err(|e| AppError::internal(format!("cannot read {}: {e}", path.display())))?;
    let stats = state
        .with_stock(|s| s.import_mapping_csv(std::io::BufReader::new(file)))
        .await?;
    crate::events::changed(&app, crate::events::DataKind::Stock);
    Ok(Some(stats))
}

/// The latest sync runs of an account.
#[tauri::command]
#[specta::specta]
pub async fn sync_runs(
    state: State<'_, AppState>,
    account_id: String,
) -> Result<Vec<SyncRun>, AppError> {
    state
        .with_stock(|s| s.sync_runs(Some(&account_id), 20))
        .await
}

/// Every line of one run's log.
#[tauri::command]
#[specta::specta]
pub async fn sync_log(state: State<'_, AppState>, run_id: u32) -> Result<Vec<LogLine>, AppError> {
    state.with_stock(|s| s.sync_log(i64::from(run_id))).await
}

/// One listing with its images (from the cache), for the product detail.
#[tauri::command]
#[specta::specta]
pub async fn listing_detail(
    state: State<'_, AppState>,
    listing: ListingRef,
) -> Result<Option<store::ListingView>, AppError> {
    state.with_stock(|s| s.listing_view(&listing)).await
}

/// Add an image URL (a library file uploaded to Onflow) to a Pancake variation or a Nhanh product
/// (its external images), keeping the images it has. Answers the images the vendor now has.
#[tauri::command]
#[specta::specta]
pub async fn listing_add_image(
    app: AppHandle,
    state: State<'_, AppState>,
    listing: ListingRef,
    url: String,
) -> Result<Vec<String>, AppError> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(accounts::field_error("url", "url.invalid"));
    }
    let (_, client) = state.accounts.client(&listing.account_id).await?;
    let Some(port) = client.listing_images() else {
        return Err(accounts::field_error("listing", "image.vendor"));
    };
    let images = port
        .add_image(
            &listing.vendor_product_id,
            &listing.vendor_variation_id,
            &url,
        )
        .await?;
    state
        .with_stock(|s| s.set_listing_images(&listing, &images))
        .await?;
    crate::events::changed(&app, crate::events::DataKind::Stock);
    Ok(images)
}

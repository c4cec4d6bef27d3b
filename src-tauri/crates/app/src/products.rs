//! Products matched across vendors: the matching page (unmatched / conflicting / manual), match and
//! unmatch by hand (manual wins over automatic), and the mapping as CSV.

use serde::Serialize;
use shopdesk_core::AppError;
use store::{ImportStats, ListingRef, LogLine, MatchItem, MatchingQuery, SyncRun};

use crate::Desk;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MatchingPage {
    pub total: u32,
    pub items: Vec<MatchItem>,
}

pub async fn matching_list(desk: &Desk, query: MatchingQuery) -> Result<MatchingPage, AppError> {
    let (total, items) = desk.with_stock(|s| s.matching(&query)).await?;
    Ok(MatchingPage {
        total: u32::try_from(total).unwrap_or(u32::MAX),
        items,
    })
}

/// Put a listing into a group by hand (wins over automatic matching, survives syncs).
pub async fn matching_match(
    desk: &Desk,
    listing: ListingRef,
    group_key: String,
) -> Result<(), AppError> {
    desk.with_stock(|s| s.match_listing(&listing, &group_key))
        .await?;
    desk.changed(crate::DataKind::Stock);
    Ok(())
}

/// Keep a listing apart from every other (a manual "not the same product").
pub async fn matching_unmatch(desk: &Desk, listing: ListingRef) -> Result<(), AppError> {
    desk.with_stock(|s| s.unmatch_listing(&listing)).await?;
    desk.changed(crate::DataKind::Stock);
    Ok(())
}

/// Drop the manual decision: the listing is matched automatically again.
pub async fn matching_clear(desk: &Desk, listing: ListingRef) -> Result<(), AppError> {
    desk.with_stock(|s| s.clear_match(&listing)).await?;
    desk.changed(crate::DataKind::Stock);
    Ok(())
}

/// Save the SKU mapping as CSV (asks where, unless the `SHOPDESK_EXPORT_DIR` test seam is set).
pub async fn mapping_export(desk: &Desk) -> Result<Option<String>, AppError> {
    let name = format!(
        "ghep-sku-{}.csv",
        chrono::Local::now().format("%Y%m%d-%H%M%S")
    );
    let Some(path) = desk.host().save_path(&name, "csv").await? else {
        return Ok(None);
    };
    let file = std::fs::File::create(&path)
        .map_err(|e| AppError::internal(format!("cannot write {}: {e}", path.display())))?;
    desk.with_stock(|s| s.export_mapping_csv(std::io::BufWriter::new(file)))
        .await?;
    Ok(Some(path.display().to_string()))
}

/// Load a SKU mapping CSV (all rows or none).
pub async fn mapping_import(desk: &Desk) -> Result<Option<ImportStats>, AppError> {
    let exts = ["csv".to_string()];
    let picked = desk.host().pick_paths(&exts, false).await?;
    let Some(path) = picked.and_then(|p| p.into_iter().next()) else {
        return Ok(None);
    };
    let file = std::fs::File::open(&path)
        .map_err(|e| AppError::internal(format!("cannot read {}: {e}", path.display())))?;
    let stats = desk
        .with_stock(|s| s.import_mapping_csv(std::io::BufReader::new(file)))
        .await?;
    desk.changed(crate::DataKind::Stock);
    Ok(Some(stats))
}

/// The latest sync runs of an account.
pub async fn sync_runs(desk: &Desk, account_id: String) -> Result<Vec<SyncRun>, AppError> {
    desk.with_stock(|s| s.sync_runs(Some(&account_id), 20))
        .await
}

/// Every line of one run's log.
pub async fn sync_log(desk: &Desk, run_id: u32) -> Result<Vec<LogLine>, AppError> {
    desk.with_stock(|s| s.sync_log(i64::from(run_id))).await
}

/// One listing with its images (from the cache), for the product detail.
pub async fn listing_detail(
    desk: &Desk,
    listing: ListingRef,
) -> Result<Option<store::ListingView>, AppError> {
    desk.with_stock(|s| s.listing_view(&listing)).await
}

/// Add an image URL (a library file uploaded to Onflow) to a Pancake variation or a Nhanh product
/// (its external images), keeping the images it has. Answers the images the vendor now has.
pub async fn listing_add_image(
    desk: &Desk,
    listing: ListingRef,
    url: String,
) -> Result<Vec<String>, AppError> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(accounts::field_error("url", "url.invalid"));
    }
    let (_, client) = desk.accounts.client(&listing.account_id).await?;
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
    desk.with_stock(|s| s.set_listing_images(&listing, &images))
        .await?;
    desk.changed(crate::DataKind::Stock);
    Ok(images)
}

//! The home page ("Tổng quan"): its figures, read from the local stores only.
//! The body lives in `shopdesk_app::home`.
use shopdesk_app::home::HomeSummary;
use shopdesk_app::Desk;
use shopdesk_core::AppError;
use tauri::State;

/// The home page's figures: today's and this week's orders and revenue per account, orders waiting,
/// the outbox to act on, low stock, POs arriving, returns in progress, each account's freshness and a
/// 14-day series. Local caches only: it answers at once, offline too.
#[tauri::command]
#[specta::specta]
pub async fn home_summary(desk: State<'_, Desk>) -> Result<HomeSummary, AppError> {
    shopdesk_app::home::home_summary(&desk).await
}

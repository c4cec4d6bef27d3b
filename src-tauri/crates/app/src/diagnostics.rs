//! What the diagnostics bundle says about the app's state: accounts (vendor and name only), recent sync
//! runs and the order outbox's states — never a secret or a customer's details.

use crate::Desk;

/// The bundle's state sections.
pub async fn sections(desk: &Desk) -> Vec<(&'static str, serde_json::Value)> {
    let mut out = Vec::new();
    let workspace = desk.accounts.workspace().await;
    let demo = workspace.as_ref().map(|w| w.demo).unwrap_or(false);
    out.push((
        "accounts",
        match &workspace {
            Ok(w) => serde_json::json!({
                "demo": w.demo,
                "unreadable": w.unreadable_accounts,
                "accounts": w.accounts.iter().map(|a| serde_json::json!({
                    "id": a.id, "vendor": a.vendor, "label": a.label,
                    "expiryWarning": a.expiry_warning, "expired": a.expired,
                })).collect::<Vec<_>>(),
            }),
            Err(e) => serde_json::json!({ "error": e.message }),
        },
    ));
    let runs = desk.with_stock(|s| s.sync_runs(None, 100)).await;
    out.push((
        "sync-runs",
        match runs {
            Ok(r) => serde_json::to_value(r).unwrap_or_default(),
            Err(e) => serde_json::json!({ "error": e.message }),
        },
    ));
    // the outbox's states, without the drafts (customers' names, phones and addresses stay home)
    let outbox = desk.side_for(demo).outbox.list();
    out.push((
        "outbox",
        match outbox {
            Ok(l) => serde_json::json!({
                "unreadableRows": l.unreadable.len(),
                "entries": l.entries.iter().map(|e| serde_json::json!({
                    "id": e.id, "reference": e.client_ref, "accountId": e.account_id,
                    "vendor": e.vendor, "state": e.state, "attempts": e.attempts,
                    "vendorOrderId": e.vendor_order_id, "error": e.error, "lastError": e.last_error,
                    "createdAt": e.created_at, "updatedAt": e.updated_at,
                })).collect::<Vec<_>>(),
            }),
            Err(e) => serde_json::json!({ "error": e.to_string() }),
        },
    ));
    out
}

//! Low stock in the demo, without a window: Nhanh's own limits are read with the sync, a product pushed
//! below its minimum at the simulator raises exactly one notification (the `MemoryHost` records what the
//! window would show), is listed in "Sắp hết" with a suggested quantity and exported, and its grid row's
//! detail shows the fall in its stock history; a second sync raises none, and a muted one none either.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use shopdesk_app::sync::Trigger;
use shopdesk_app::{Desk, MemoryHost};
use store::ExportFormat;

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir =
        std::env::temp_dir().join(format!("shopdesk-low-{tag}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn accounts_in(dir: &Path) -> Arc<accounts::AccountService> {
    Arc::new(accounts::AccountService::new(
        Arc::new(accounts::FileMeta::new(dir.join("accounts.json"))),
        secrets::Secrets::in_memory(),
    ))
}

async fn sync(desk: &Desk) {
    shopdesk_app::sync::sync_workspace(desk, stock_sync::Mode::Incremental, Trigger::Owner)
        .await
        .expect("sync runs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_product_pushed_below_its_minimum_notifies_once_and_is_listed() {
    let dir = temp_dir("once");
    let host = Arc::new(MemoryHost::saving_to(&dir));
    let desk = Desk::open(
        &dir,
        accounts_in(&dir),
        host.clone(),
        tokio::runtime::Handle::current(),
    )
    .expect("stores open");
    shopdesk_app::accounts::demo_start(&desk)
        .await
        .expect("demo starts");
    sync(&desk).await;
    // the first check only sets the marks: products low from the start are listed, not notified
    assert!(host.notices().is_empty(), "{:?}", host.notices());
    let first = shopdesk_app::low_stock::low_stock_view(&desk)
        .await
        .expect("view");
    assert!(first.checked_at.is_some());

    // Nhanh's own limits (its simulator seeds min 5 / max 200 for a few products) are read and shown
    let levels = desk
        .with_stock(|s| s.stock_levels(5))
        .await
        .expect("levels");
    let nhanh = levels
        .iter()
        .filter(|l| l.vendor.min == Some(5) && l.vendor.max == Some(200))
        .count();
    assert!(nhanh > 0, "no product shows Nhanh's own limits");

    let sku = shopdesk_app::low_stock::demo_lower_stock(&desk, None)
        .await
        .expect("a demo product lowered");
    assert!(
        !first
            .rows
            .iter()
            .any(|r| r.level.sku.as_deref() == Some(&sku)),
        "{sku} was low before"
    );
    sync(&desk).await;
    let notices = host.notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].skus, vec![sku.clone()]);
    assert!(notices[0].body.contains(&sku), "{}", notices[0].body);

    let view = shopdesk_app::low_stock::low_stock_view(&desk)
        .await
        .expect("view");
    let row = view
        .rows
        .iter()
        .find(|r| r.level.sku.as_deref() == Some(&sku))
        .expect("the lowered product is in Sắp hết");
    assert!(row.level.figure < row.level.min);
    assert_eq!(row.level.basis, store::FigureBasis::Physical);
    assert!(row.reorder > 0);

    // its grid row opened: the warehouse's listing with its figures, and the fall in its stock history
    let detail = shopdesk_app::stock::stock_detail(&desk, row.level.group_key.clone())
        .await
        .expect("detail")
        .expect("the group exists");
    let onflow = detail
        .listings
        .iter()
        .find(|l| l.vendor == store::Vendor::Onflow)
        .expect("the warehouse's listing");
    assert!(!onflow.cells.is_empty());
    let moved = detail.history.first().expect("the lowering is recorded");
    assert!(moved.physical_after < moved.physical_before, "{moved:?}");
    assert_eq!(moved.physical_after, detail.physical);

    // still low: a second sync raises no second notification
    sync(&desk).await;
    assert_eq!(host.notices().len(), 1, "{:?}", host.notices());

    // the export lists it with its suggested quantity
    let out = shopdesk_app::low_stock::low_stock_export(&desk, ExportFormat::Csv)
        .await
        .expect("export")
        .expect("not cancelled");
    let text = std::fs::read_to_string(&out.path).expect("file");
    let line = text
        .lines()
        .find(|l| l.contains(&sku))
        .expect("the product is exported");
    assert!(line.ends_with(&format!(",{}", row.reorder)), "{line}");

    // muted: another product crossing raises nothing
    shopdesk_app::settings::set_low_stock_muted(host.as_ref(), true).expect("muted");
    let other = shopdesk_app::low_stock::demo_lower_stock(&desk, None)
        .await
        .expect("another product lowered");
    assert_ne!(other, sku);
    sync(&desk).await;
    assert_eq!(host.notices().len(), 1, "{:?}", host.notices());
    let view = shopdesk_app::low_stock::low_stock_view(&desk)
        .await
        .expect("view");
    assert!(view
        .rows
        .iter()
        .any(|r| r.level.sku.as_deref() == Some(&other)));
    let _ = std::fs::remove_dir_all(&dir);
}

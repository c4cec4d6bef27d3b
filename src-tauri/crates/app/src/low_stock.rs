//! Low stock ("Sắp hết"): after each sync, the groups that crossed below their minimum raise one
//! desktop notification (unless muted in Settings); the view lists the low groups with their sales speed
//! from the orders cache and exports them to start a purchase order from. The rule and the marks are the
//! stock cache's (`store::low`).

use chrono::{Duration, Utc};
use serde::Serialize;
use shopdesk_core::{AppError, Language};
use store::{ExportFormat, FigureBasis, LimitSource, Limits, StockLevel};

use crate::host::Notice;
use crate::stock::ExportResult;
use crate::Desk;

/// The sales speed is read over this many days of orders.
pub const SPEED_DAYS: i64 = 14;
/// A notification names at most this many products (then "và N mã khác").
const NAMED: usize = 3;

/// One low group in the "Sắp hết" view.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LowStockRow {
    #[serde(flatten)]
    pub level: StockLevel,
    /// Units sold over the last [`SPEED_DAYS`] days (every account's orders, cancelled ones left out).
    #[specta(type = specta_typescript::Number)]
    pub sold: i64,
    /// Units per day over those days.
    pub per_day: f64,
    /// Days until the figure reaches 0 at that speed (`None`: nothing sold, or nothing left).
    pub days_left: Option<f64>,
    /// A suggested quantity to order (up to the maximum when set, else twice the minimum).
    #[specta(type = specta_typescript::Number)]
    pub reorder: i64,
}

/// The "Sắp hết" view.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LowStockView {
    pub rows: Vec<LowStockRow>,
    /// The Settings default minimum (used where neither the user nor the vendor set one).
    #[specta(type = specta_typescript::Number)]
    pub default_min: i64,
    pub speed_days: u32,
    /// RFC 3339 time of the last crossing check (after a sync); `None` before the first.
    pub checked_at: Option<String>,
}

fn default_min(desk: &Desk) -> i64 {
    i64::from(crate::settings::load(desk.host()).low_stock_threshold)
}

fn speed(sold: i64) -> f64 {
    sold as f64 / SPEED_DAYS as f64
}

fn row(level: StockLevel, sold: &std::collections::HashMap<String, i64>) -> LowStockRow {
    let key = level.sku.as_deref().unwrap_or("").trim().to_uppercase();
    let sold = if key.is_empty() {
        0
    } else {
        sold.get(&key).copied().unwrap_or(0)
    };
    let per_day = speed(sold);
    let days_left = (per_day > 0.0 && level.figure > 0).then(|| level.figure as f64 / per_day);
    let reorder = store::reorder_quantity(level.figure, level.min, level.max);
    LowStockRow {
        level,
        sold,
        per_day,
        days_left,
        reorder,
    }
}

/// The low groups of the workspace shown, with their sales speed.
pub async fn low_stock_view(desk: &Desk) -> Result<LowStockView, AppError> {
    let min = default_min(desk);
    let side = desk.side().await?;
    let levels = crate::lock(&side.stock)?
        .low_stock(min)
        .map_err(AppError::from)?;
    let sold = side
        .orders
        .sold_units_since(Utc::now() - Duration::days(SPEED_DAYS))
        .map_err(AppError::from)?;
    let checked_at = *side.low_checked.lock().unwrap_or_else(|p| p.into_inner());
    Ok(LowStockView {
        rows: levels.into_iter().map(|l| row(l, &sold)).collect(),
        default_min: min,
        speed_days: SPEED_DAYS as u32,
        checked_at: checked_at.map(|t| t.to_rfc3339()),
    })
}

/// Set (or, with both figures `None`, clear) the user's own minimum / maximum of a product group.
pub async fn set_stock_limits(
    desk: &Desk,
    group_key: String,
    limits: Limits,
) -> Result<(), AppError> {
    desk.with_stock(|s| s.set_stock_limits(&group_key, limits))
        .await?;
    desk.changed(crate::DataKind::Stock);
    Ok(())
}

/// The user's, the vendor's and the limits in force for one group (the Stock page's row editor).
pub async fn stock_limits(desk: &Desk, group_key: String) -> Result<Option<StockLevel>, AppError> {
    let min = default_min(desk);
    let levels = desk.with_stock(|s| s.stock_levels(min)).await?;
    Ok(levels.into_iter().find(|l| l.group_key == group_key))
}

/// After a sync: compare every group with its mark, and notify the crossings (one notification per
/// check, naming the products; none when muted). Runs on the workspace shown.
pub async fn check_crossings(desk: &Desk) -> Result<usize, AppError> {
    let settings = crate::settings::load(desk.host());
    let min = i64::from(settings.low_stock_threshold);
    let side = desk.side().await?;
    let crossings = crate::lock(&side.stock)?
        .check_low_crossings(min)
        .map_err(AppError::from)?;
    *side.low_checked.lock().unwrap_or_else(|p| p.into_inner()) = Some(Utc::now());
    let n = crossings.crossed.len();
    if n > 0 && !settings.low_stock_muted {
        desk.host()
            .notify(&notice(settings.language, &crossings.crossed));
    }
    desk.changed(crate::DataKind::Stock);
    Ok(n)
}

/// The i18n keys of the notification (`ui/src/i18n/*.json`, section `notify`).
pub(crate) const NOTICE_KEYS: [&str; 4] = [
    "notify.lowTitle",
    "notify.lowOne",
    "notify.lowMany",
    "notify.lowMore",
];

/// The notification's wording (the one text ShopDesk shows outside its window), in the user's language,
/// from the UI's i18n files.
pub fn notice(language: Language, crossed: &[StockLevel]) -> Notice {
    let [title_key, one_key, many_key, more_key] = NOTICE_KEYS;
    let label = |l: &StockLevel| match &l.sku {
        Some(sku) => format!("{} ({sku})", l.name),
        None => l.name.clone(),
    };
    let title = crate::i18n::text(language, title_key, &[]);
    let body = match crossed {
        [one] => crate::i18n::text(
            language,
            one_key,
            &[
                ("product", &label(one)),
                ("figure", &one.figure.to_string()),
                ("min", &one.min.to_string()),
            ],
        ),
        many => {
            let named: Vec<String> = many.iter().take(NAMED).map(label).collect();
            let rest = many.len().saturating_sub(NAMED);
            let mut list = named.join(", ");
            if rest > 0 {
                list = crate::i18n::text(
                    language,
                    more_key,
                    &[("list", &list), ("rest", &rest.to_string())],
                );
            }
            crate::i18n::text(
                language,
                many_key,
                &[("count", &many.len().to_string()), ("products", &list)],
            )
        }
    };
    Notice {
        kind: "lowStock".into(),
        title,
        body,
        skus: crossed
            .iter()
            .map(|l| l.sku.clone().unwrap_or_else(|| l.group_key.clone()))
            .collect(),
    }
}

fn basis_text(b: FigureBasis) -> &'static str {
    match b {
        FigureBasis::Physical => "Kho (Onflow)",
        FigureBasis::Pos => "POS",
    }
}

fn source_text(s: LimitSource) -> &'static str {
    match s {
        LimitSource::Own => "ShopDesk",
        LimitSource::Vendor => "Nhanh",
        LimitSource::Default => "Mặc định",
    }
}

/// Export the "Sắp hết" list (CSV or XLSX, where the user chooses) with a suggested quantity per
/// product, to start a purchase order from. `None` when the user cancelled.
pub async fn low_stock_export(
    desk: &Desk,
    format: ExportFormat,
) -> Result<Option<ExportResult>, AppError> {
    let view = low_stock_view(desk).await?;
    let name = format!(
        "sap-het-{}.{}",
        chrono::Local::now().format("%Y%m%d-%H%M%S"),
        format.extension()
    );
    let Some(path) = desk.host().save_path(&name, format.extension()).await? else {
        return Ok(None);
    };
    use store::export::Cell;
    let head: Vec<String> = [
        "Tên sản phẩm",
        "SKU",
        "Tồn hiện tại",
        "Theo",
        "Tối thiểu",
        "Tối thiểu của",
        "Tối đa",
        "Bán/ngày (14 ngày)",
        "Còn khoảng (ngày)",
        "Số lượng đặt đề xuất",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<Cell>> = view
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.level.name.clone()),
                Cell::Text(r.level.sku.clone().unwrap_or_default()),
                Cell::Num(Some(r.level.figure)),
                Cell::Text(basis_text(r.level.basis).into()),
                Cell::Num(Some(r.level.min)),
                Cell::Text(source_text(r.level.min_source).into()),
                Cell::Num(r.level.max),
                Cell::Text(format!("{:.1}", r.per_day)),
                Cell::Text(r.days_left.map(|d| format!("{d:.0}")).unwrap_or_default()),
                Cell::Num(Some(r.reorder)),
            ]
        })
        .collect();
    store::export::write_table(&path, format, "Sắp hết", &head, &rows).map_err(AppError::from)?;
    Ok(Some(ExportResult {
        path: path.display().to_string(),
        rows: u32::try_from(rows.len()).unwrap_or(u32::MAX),
    }))
}

/// The low-stock test seam (the shell exposes it only in `test-seams` builds): in the demo, set the
/// warehouse's sellable stock of `sku` — or, when `None`, of the first product (by name) whose physical
/// figure is at or above its minimum — to one below its minimum (at least 0). Answers the SKU lowered.
pub async fn demo_lower_stock(desk: &Desk, sku: Option<String>) -> Result<String, AppError> {
    if !desk.demo().await? {
        return Err(AppError::internal("only the demo's stock can be lowered"));
    }
    let min = default_min(desk);
    let levels = desk.with_stock(|s| s.stock_levels(min)).await?;
    let pick = levels.into_iter().find(|l| match &sku {
        Some(s) => l
            .sku
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case(s.trim())),
        None => l.basis == FigureBasis::Physical && !l.low && l.sku.is_some() && l.min > 0,
    });
    let Some(level) = pick else {
        return Err(AppError::internal("no product of the demo fits"));
    };
    let target = (level.min - 1).max(0);
    let sku = level.sku.unwrap_or_default();
    if !desk.accounts.demo_set_sellable(&sku, target).await {
        return Err(AppError::internal(
            "the demo's warehouse does not stock that SKU",
        ));
    }
    Ok(sku)
}

#[cfg(test)]
mod tests {
    use super::*;
    use store::{FigureBasis, LimitSource, Limits};

    fn level(n: usize) -> StockLevel {
        StockLevel {
            group_key: format!("sku:ao-{n}"),
            name: format!("Áo {n}"),
            sku: Some(format!("AO-{n}")),
            figure: 2,
            basis: FigureBasis::Physical,
            min: 5,
            min_source: LimitSource::Default,
            max: None,
            own: Limits::default(),
            vendor: Limits::default(),
            low: true,
        }
    }

    #[test]
    fn the_notification_speaks_the_users_language_from_the_i18n_files() {
        let one = notice(Language::Vi, &[level(1)]);
        assert_eq!(one.title, "Sắp hết hàng");
        assert_eq!(one.body, "Áo 1 (AO-1): còn 2, dưới mức tối thiểu 5");
        let many: Vec<StockLevel> = (1..=5).map(level).collect();
        let en = notice(Language::En, &many);
        assert_eq!(en.title, "Running low");
        assert_eq!(
            en.body,
            "5 products went below their minimum: Áo 1 (AO-1), Áo 2 (AO-2), Áo 3 (AO-3) and 2 more"
        );
        assert_eq!(en.skus.len(), 5);
    }
}

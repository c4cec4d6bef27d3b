//! The home page ("Tổng quan"): the figures a shop owner opens the app with, read from the local stores
//! only (orders cache, outbox, stock cache, PO and return journals, sync log), never from a vendor, so it
//! answers at once and offline. Each figure comes with what the UI needs to open the list behind it (the
//! Vietnam day and week bounds as instants, the same filters the lists use).

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use order_cache::{DayTotal, OrderFilter, OrderStatus};
use order_outbox::OutboxListing;
use serde::Serialize;
use shopdesk_core::inbound::PoStage;
use shopdesk_core::returns::ReturnStage;
use shopdesk_core::{AppError, Money, Vendor};

use crate::inbound::PoRow;
use crate::returns::ReturnRow;
use crate::stock::AccountSyncStatus;
use crate::Desk;

/// Vietnam's offset from UTC (Asia/Ho_Chi_Minh, no daylight saving): the shop's days start at 17:00 UTC.
pub const VIETNAM_OFFSET_SECS: i32 = 7 * 3600;

/// How many days the chart shows (today and the 13 before).
pub const SERIES_DAYS: u32 = 14;

/// Orders and revenue over a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    /// Orders created in the period, every status (what the orders list shows for the same dates).
    pub orders: u32,
    /// Σ of the totals of those orders, cancelled ones left out.
    pub revenue: Money,
    /// Of `orders`, the cancelled ones.
    pub cancelled: u32,
}

impl Period {
    fn add(&mut self, d: &DayTotal) {
        self.orders = self.orders.saturating_add(d.orders);
        if d.status == OrderStatus::Cancelled {
            self.cancelled = self.cancelled.saturating_add(d.orders);
        } else {
            self.revenue = Money::vnd(self.revenue.dong().saturating_add(d.total.dong()));
        }
    }
}

/// One account (one sales channel: its vendor) on the home page.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HomeAccount {
    pub account_id: String,
    pub vendor: Vendor,
    pub today: Period,
    pub week: Period,
    /// How fresh its figures are: the last sync's end and error, the last orders sync.
    pub sync: AccountSyncStatus,
}

/// One day of the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayPoint {
    /// The Vietnam calendar day, `YYYY-MM-DD`.
    pub day: String,
    /// RFC 3339 start of that day (the orders list's `from`; its `to` is the next day's start).
    pub from: String,
    pub to: String,
    pub orders: u32,
    pub revenue: Money,
}

/// Orders waiting on the shop, by stage (every date).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Waiting {
    /// To be confirmed (normalized status `new`).
    pub confirm: u32,
    /// Confirmed, to be packed (`confirmed`).
    pub pack: u32,
    /// Being packed, to be handed to the carrier (`packing`).
    pub ship: u32,
}

/// POs on their way into the warehouse (the Inbound page's groups of the same names).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Arriving {
    pub transit: u32,
    pub receiving: u32,
}

/// Returns not settled yet (the Returns page's groups of the same names).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReturnsInProgress {
    pub requested: u32,
    pub in_transit: u32,
    pub received: u32,
}

/// Everything the home page shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HomeSummary {
    /// RFC 3339 start of today in Vietnam.
    pub today_from: String,
    /// RFC 3339 start of this week (Monday) in Vietnam.
    pub week_from: String,
    /// RFC 3339 start of tomorrow in Vietnam: the `to` of today's and this week's figures.
    pub until: String,
    pub today: Period,
    pub week: Period,
    /// Per account of the workspace shown, in its order.
    pub accounts: Vec<HomeAccount>,
    pub waiting: Waiting,
    /// Orders entered in ShopDesk that need the owner: refused, answer lost, or unreadable.
    pub outbox_attention: u32,
    /// Products below their minimum, by the "Sắp hết" view's rule (`store::low`).
    #[specta(type = specta_typescript::Number)]
    pub low_stock: u64,
    pub low_threshold: u32,
    pub arriving: Arriving,
    pub returns: ReturnsInProgress,
    /// The last [`SERIES_DAYS`] days, oldest first, today last.
    pub series: Vec<DayPoint>,
}

/// The bounds of the shop's today and this week, as instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub today: NaiveDate,
    pub week_start: NaiveDate,
    pub first_day: NaiveDate,
}

impl Bounds {
    /// Today in Vietnam at `now`, its week (from Monday) and the chart's first day.
    pub fn at(now: DateTime<Utc>) -> Bounds {
        let today = (now + Duration::seconds(i64::from(VIETNAM_OFFSET_SECS))).date_naive();
        let week_start = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        let first_day = (today - Duration::days(i64::from(SERIES_DAYS) - 1)).min(week_start);
        Bounds {
            today,
            week_start,
            first_day,
        }
    }

    /// The instant a Vietnam day starts.
    pub fn start_of(day: NaiveDate) -> DateTime<Utc> {
        let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        (midnight - Duration::seconds(i64::from(VIETNAM_OFFSET_SECS))).and_utc()
    }
}

/// What [`order_figures`] answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFigures {
    pub today: Period,
    pub week: Period,
    /// Today and this week, per account.
    pub per_account: HashMap<String, (Period, Period)>,
    pub series: Vec<DayPoint>,
}

/// The order figures of the home page from the cache's day totals: the whole shop's and each account's
/// today and this week, and the chart's days (a day with no order is there with zeros).
pub fn order_figures(days: &[DayTotal], accounts: &[String], b: Bounds) -> OrderFigures {
    let mut today = Period::default();
    let mut week = Period::default();
    let mut per: HashMap<String, (Period, Period)> = accounts
        .iter()
        .map(|a| (a.clone(), (Period::default(), Period::default())))
        .collect();
    let mut by_day: HashMap<NaiveDate, Period> = HashMap::new();
    for d in days {
        let Some(slot) = per.get_mut(&d.account_id) else {
            continue;
        };
        if d.day > b.today || d.day < b.first_day {
            continue;
        }
        by_day.entry(d.day).or_default().add(d);
        if d.day == b.today {
            today.add(d);
            slot.0.add(d);
        }
        if d.day >= b.week_start {
            week.add(d);
            slot.1.add(d);
        }
    }
    let series: Vec<DayPoint> = (0..SERIES_DAYS)
        .rev()
        .map(|back| b.today - Duration::days(i64::from(back)))
        .map(|day| {
            let p = by_day.get(&day).copied().unwrap_or_default();
            DayPoint {
                day: day.format("%Y-%m-%d").to_string(),
                from: Bounds::start_of(day).to_rfc3339(),
                to: Bounds::start_of(day + Duration::days(1)).to_rfc3339(),
                orders: p.orders,
                revenue: p.revenue,
            }
        })
        .collect();
    OrderFigures {
        today,
        week,
        per_account: per,
        series,
    }
}

/// The outbox entries that need the owner: refused, answer lost, looked up in vain, or unreadable.
pub fn outbox_attention(listing: &OutboxListing) -> u32 {
    // the outbox's own rule (refused or needing a look, not replaced by a fixed copy, not dismissed): the
    // Orders page's "sent" tab counts and filters the same way
    let entries = listing.entries.iter().filter(|e| e.needs_action()).count();
    u32::try_from(entries.saturating_add(listing.unreadable.len())).unwrap_or(u32::MAX)
}

/// POs the warehouse holds, in transit or being received (a PO still being sent is not counted: it is
/// the Inbound page's "unsent" group).
pub fn arriving(rows: &[PoRow]) -> Arriving {
    let count = |stage: PoStage| {
        let n = rows
            .iter()
            .filter(|r| r.send.is_none() && r.stage == stage)
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    Arriving {
        transit: count(PoStage::Transit),
        receiving: count(PoStage::Receiving),
    }
}

/// Returns the vendors hold that are not settled: requested, on their way back, received.
pub fn returns_in_progress(rows: &[ReturnRow]) -> ReturnsInProgress {
    let count = |stage: ReturnStage| {
        let n = rows
            .iter()
            .filter(|r| r.send.is_none() && r.stage == stage)
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    ReturnsInProgress {
        requested: count(ReturnStage::Requested),
        in_transit: count(ReturnStage::InTransit),
        received: count(ReturnStage::Received),
    }
}

/// Orders per waiting stage from the cache's status counts (every date, every account shown).
fn waiting(counts: &[order_cache::StatusCount]) -> Waiting {
    let of = |s: OrderStatus| counts.iter().find(|c| c.status == s).map_or(0, |c| c.count);
    Waiting {
        confirm: of(OrderStatus::New),
        pack: of(OrderStatus::Confirmed),
        ship: of(OrderStatus::Packing),
    }
}

/// The home page's figures for the workspace shown, at the time `now` (the command passes the clock).
pub async fn home_summary_at(desk: &Desk, now: DateTime<Utc>) -> Result<HomeSummary, AppError> {
    let ws = desk.accounts.workspace().await?;
    let side = desk.side_for(ws.demo);
    let ids: Vec<String> = ws.accounts.iter().map(|a| a.id.clone()).collect();
    let b = Bounds::at(now);
    let until = Bounds::start_of(b.today + Duration::days(1));

    let days = side
        .orders
        .day_totals(
            Bounds::start_of(b.first_day),
            Some(until),
            VIETNAM_OFFSET_SECS,
        )
        .map_err(AppError::from)?;
    let OrderFigures {
        today,
        week,
        per_account: mut per,
        series,
    } = order_figures(&days, &ids, b);
    let counts = side
        .orders
        .status_counts(&OrderFilter {
            account_ids: ids.clone(),
            ..Default::default()
        })
        .map_err(AppError::from)?;
    let listing = side.outbox.list().map_err(AppError::from)?;

    // the "Sắp hết" view's own rule (physical stock, or the POS figure for a POS-only product, against
    // each product's minimum or the settings' default): the figure opens that view
    let low_threshold = crate::settings::load(desk.host()).low_stock_threshold;
    let low_stock = {
        let db = crate::lock(&side.stock)?;
        let low = db
            .low_stock(i64::from(low_threshold))
            .map_err(AppError::from)?;
        u64::try_from(low.len()).unwrap_or(u64::MAX)
    };

    let pos = crate::inbound::po_list(desk).await?;
    let back = crate::returns::return_list(desk).await?;
    let mut sync: HashMap<String, AccountSyncStatus> = crate::stock::sync_status(desk)
        .await?
        .into_iter()
        .map(|s| (s.account_id.clone(), s))
        .collect();

    let accounts = ws
        .accounts
        .iter()
        .filter_map(|a| {
            let (t, w) = per.remove(&a.id).unwrap_or_default();
            Some(HomeAccount {
                account_id: a.id.clone(),
                vendor: a.vendor,
                today: t,
                week: w,
                sync: sync.remove(&a.id)?,
            })
        })
        .collect();

    Ok(HomeSummary {
        today_from: Bounds::start_of(b.today).to_rfc3339(),
        week_from: Bounds::start_of(b.week_start).to_rfc3339(),
        until: until.to_rfc3339(),
        today,
        week,
        accounts,
        waiting: waiting(&counts),
        outbox_attention: outbox_attention(&listing),
        low_stock,
        low_threshold,
        arriving: arriving(&pos),
        returns: returns_in_progress(&back),
        series,
    })
}

/// The home page's figures now.
pub async fn home_summary(desk: &Desk) -> Result<HomeSummary, AppError> {
    home_summary_at(desk, Utc::now()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use order_cache::{OrderCache, OrderDetail, OrderRow};

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap_or_default()
    }

    fn order(id: &str, created: DateTime<Utc>, total: i64, status: OrderStatus) -> OrderDetail {
        OrderDetail {
            row: OrderRow {
                account_id: String::new(),
                vendor: Vendor::Pancake,
                vendor_order_id: id.into(),
                client_ref: None,
                customer_name: "Nguyễn Văn An".into(),
                phone: "0912345678".into(),
                address: "12 Lê Lợi".into(),
                total: Money::vnd(total),
                cod: Money::vnd(total),
                status,
                vendor_status: "x".into(),
                vendor_status_code: 0,
                created_at: created,
                updated_at: created,
                item_count: 1,
                cancellable: false,
            },
            items: vec![],
            history: vec![],
            carrier: None,
            tracking_code: None,
        }
    }

    #[test]
    fn the_day_and_week_are_vietnams() {
        // Sunday 2026-12-06 17:30 UTC is Monday 00:30 in Vietnam: a new day and a new week
        let b = Bounds::at(at(2026, 12, 6, 17, 30));
        assert_eq!(
            b.today,
            NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default()
        );
        assert_eq!(b.week_start, b.today);
        assert_eq!(Bounds::start_of(b.today), at(2026, 12, 6, 17, 0));
        // 16:59 UTC the same Sunday is still Sunday there, in the week that began on Monday the 30th
        let b = Bounds::at(at(2026, 12, 6, 16, 59));
        assert_eq!(
            b.today,
            NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default()
        );
        assert_eq!(
            b.week_start,
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default()
        );
        assert_eq!(
            b.first_day,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
        );
    }

    #[test]
    fn figures_from_the_real_cache_agree_with_its_list() -> Result<(), Box<dyn std::error::Error>> {
        let cache = OrderCache::open_in_memory()?;
        let now = at(2026, 12, 4, 10, 0); // Friday 17:00 in Vietnam
        let b = Bounds::at(now);
        let today = Bounds::start_of(b.today);
        cache.replace_account(
            "pk",
            Vendor::Pancake,
            vec![
                order("1", today + Duration::hours(1), 200_000, OrderStatus::New),
                order(
                    "2",
                    today + Duration::hours(2),
                    50_000,
                    OrderStatus::Cancelled,
                ),
                // yesterday (Thursday): this week, not today
                order(
                    "3",
                    today - Duration::minutes(1),
                    70_000,
                    OrderStatus::Delivered,
                ),
                // last Sunday: the chart, not this week
                order(
                    "4",
                    today - Duration::days(5),
                    10_000,
                    OrderStatus::Delivered,
                ),
                // a month ago: nowhere
                order(
                    "5",
                    today - Duration::days(30),
                    1_000,
                    OrderStatus::Delivered,
                ),
            ],
        )?;
        cache.replace_account(
            "nh",
            Vendor::Nhanh,
            vec![order(
                "9",
                today + Duration::hours(3),
                30_000,
                OrderStatus::Packing,
            )],
        )?;
        // an account no longer in the workspace is left out
        cache.replace_account(
            "gone",
            Vendor::Nhanh,
            vec![order(
                "7",
                today + Duration::hours(3),
                5_000,
                OrderStatus::New,
            )],
        )?;
        let until = Bounds::start_of(b.today + Duration::days(1));
        let days = cache.day_totals(
            Bounds::start_of(b.first_day),
            Some(until),
            VIETNAM_OFFSET_SECS,
        )?;
        let ids = vec!["pk".to_string(), "nh".to_string()];
        let OrderFigures {
            today: t,
            week: w,
            per_account: per,
            series,
        } = order_figures(&days, &ids, b);

        assert_eq!(
            t,
            Period {
                orders: 3,
                revenue: Money::vnd(230_000),
                cancelled: 1
            }
        );
        assert_eq!(w.orders, 4);
        assert_eq!(w.revenue, Money::vnd(300_000));
        assert_eq!(per["pk"].0.orders, 2);
        assert_eq!(per["nh"].0.revenue, Money::vnd(30_000));
        assert!(!per.contains_key("gone"));

        // each figure is what the orders list answers for the same filter
        let listed = |accounts: Vec<String>, from: DateTime<Utc>| {
            cache
                .list(&OrderFilter {
                    account_ids: accounts,
                    from: Some(from),
                    to: Some(until),
                    ..Default::default()
                })
                .map(|p| p.total)
        };
        assert_eq!(listed(ids.clone(), today)?, t.orders);
        assert_eq!(
            listed(ids.clone(), Bounds::start_of(b.week_start))?,
            w.orders
        );
        assert_eq!(listed(vec!["pk".into()], today)?, per["pk"].0.orders);

        assert_eq!(series.len(), SERIES_DAYS as usize);
        let last = series.last().ok_or("no day")?;
        assert_eq!(last.day, "2026-12-04");
        assert_eq!((last.orders, last.revenue), (3, Money::vnd(230_000)));
        assert_eq!(last.from, today.to_rfc3339());
        let sunday = series
            .iter()
            .find(|d| d.day == "2026-11-29")
            .ok_or("no Sunday")?;
        assert_eq!(sunday.orders, 1);
        assert_eq!(series.iter().map(|d| d.orders).sum::<u32>(), 5);
        Ok(())
    }
}

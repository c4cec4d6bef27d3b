//! Nhanh's 31-day window rule for list filters (order/list createdAt/updatedAt, bill/list dates):
//! a wider range is split into consecutive windows, oldest first.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The widest range order/list, bill/list and bill/retail accept.
pub const MAX_WINDOW_DAYS: i64 = 31;

/// Split `[from, to]` (inclusive, Unix-second precision) into windows of at most 31 days.
/// `from > to` yields no window.
pub fn split_timestamps(from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(i64, i64)> {
    split_secs(from.timestamp(), to.timestamp(), MAX_WINDOW_DAYS * 86_400)
}

/// Split `[from, to]` seconds into inclusive windows at most `span` seconds long.
pub fn split_secs(from: i64, to: i64, span: i64) -> Vec<(i64, i64)> {
    let span = span.max(1);
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let end = start.saturating_add(span - 1).min(to);
        out.push((start, end));
        if end == i64::MAX {
            break;
        }
        start = end + 1;
    }
    out
}

/// Split an inclusive date range (`yyyy-mm-dd` filters) into ranges of at most 31 calendar days.
pub fn split_dates(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let end = (start + Duration::days(MAX_WINDOW_DAYS - 1)).min(to);
        out.push((start, end));
        match end.succ_opt() {
            Some(n) => start = n,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ninety_days_make_three_windows_that_tile_the_range() {
        let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let to = from + Duration::days(90);
        let w = split_timestamps(from, to);
        assert_eq!(w.len(), 3);
        assert_eq!(w[0].0, from.timestamp());
        assert_eq!(w.last().unwrap().1, to.timestamp());
        for pair in w.windows(2) {
            assert_eq!(pair[0].1 + 1, pair[1].0, "no gap, no overlap");
        }
        for (a, b) in &w {
            assert!(b - a < 31 * 86_400);
        }
    }

    #[test]
    fn a_range_within_31_days_is_one_window() {
        let from = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        assert_eq!(split_timestamps(from, from + Duration::days(30)).len(), 1);
        assert!(split_timestamps(from, from - Duration::seconds(1)).is_empty());
    }

    #[test]
    fn dates_split_in_31_day_blocks() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let w = split_dates(d("2026-01-01"), d("2026-03-15"));
        assert_eq!(
            w,
            vec![
                (d("2026-01-01"), d("2026-01-31")),
                (d("2026-02-01"), d("2026-03-03")),
                (d("2026-03-04"), d("2026-03-15")),
            ]
        );
    }
}

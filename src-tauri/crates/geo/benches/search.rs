//! Search latency over all units of both models. Run: `cargo bench -p geo --bench search`.

use std::time::{Duration, Instant};

fn main() {
    let t = Instant::now();
    let d = geo::data();
    println!(
        "load: {:?} ({} + {} + {} units)",
        t.elapsed(),
        d.wards.len(),
        d.legacy_districts.len(),
        d.legacy_wards.len()
    );
    let t = Instant::now();
    let _ = geo::search("warm up", &geo::SearchOptions::default());
    println!("index build + first query: {:?}", t.elapsed());

    let queries = [
        "TP.HCM",
        "hcm",
        "Sài Gòn",
        "sg",
        "HN",
        "Q.1",
        "q1",
        "Quận 1",
        "P. Bến Nghé",
        "ben nghe",
        "F.7",
        "phuong 12",
        "TX. Sơn Tây",
        "H. Củ Chi",
        "TT. Đông Anh",
        "X. Bát Tràng",
        "hoan kiem",
        "hang bac",
        "dak lak",
        "thu duc",
        "nguyen",
        "an",
        "phu",
        "xa tan",
        "long bien",
        "cau giay",
    ];
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..20 {
        for q in queries {
            let t = Instant::now();
            let hits = geo::search(q, &geo::SearchOptions::default());
            times.push(t.elapsed());
            std::hint::black_box(hits);
        }
    }
    times.sort();
    let p = |x: f64| times[((times.len() as f64 * x) as usize).min(times.len() - 1)];
    let p95 = p(0.95);
    println!(
        "search over all units: {} queries, p50 {:?}, p95 {:?}, max {:?}",
        times.len(),
        p(0.50),
        p95,
        times[times.len() - 1]
    );
    println!(
        "p95 / floor(5 ms) = {:.3}",
        p95.as_secs_f64() / Duration::from_millis(5).as_secs_f64()
    );

    let mut ptimes: Vec<Duration> = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        std::hint::black_box(geo::parse_address("12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM"));
        ptimes.push(t.elapsed());
    }
    ptimes.sort();
    println!("parse_address p95 {:?}", ptimes[(ptimes.len() * 95) / 100]);
}

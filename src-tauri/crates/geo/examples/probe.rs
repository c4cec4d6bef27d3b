fn main() {
    for q in std::env::args().skip(1) {
        if q.contains(',') {
            let p = geo::parse_address(&q);
            println!("== parse {q}");
            for c in p.candidates.iter().take(5) {
                println!(
                    "  {:?} {} | P {:?} | D {:?} | W {:?} | street {:?}",
                    c.model,
                    c.score,
                    c.province.as_ref().map(|u| &u.name),
                    c.district.as_ref().map(|u| &u.name),
                    c.ward.as_ref().map(|u| &u.name),
                    c.street
                );
            }
            continue;
        }
        let hits = geo::search(
            &q,
            &geo::SearchOptions {
                limit: 6,
                ..Default::default()
            },
        );
        println!("== {q}");
        for h in hits {
            println!(
                "  {:>5} {:?} {:?} {} {}",
                h.score, h.model, h.level, h.code, h.path
            );
        }
    }
}

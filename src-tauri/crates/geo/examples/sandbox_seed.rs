//! Prints the sandbox's geo seed (`sandbox/src/common/geo_seed.rs` PROVINCES) from the official data, so the
//! simulators' geo lists use real legacy codes and each ward's default 2025 ward.
//! `cargo run -p geo --example sandbox_seed > /tmp/seed.rs`

fn main() {
    let d = geo::data();
    // (legacy province, legacy districts) the demo covers: Hà Nội, TP.HCM, Đà Nẵng
    let picks: &[(&str, &[&str])] = &[
        ("01", &["001", "002", "005"]),
        ("79", &["760", "770", "769"]),
        ("48", &["490", "491", "492"]),
    ];
    println!("pub const PROVINCES: &[Province] = &[");
    for (p, districts) in picks {
        let Some(prov) = d.legacy_province(p) else {
            continue;
        };
        println!(
            "    Province {{\n        code: {:?},\n        name: {:?},\n        districts: &[",
            prov.code, prov.name
        );
        for dc in *districts {
            let Some(dist) = d.legacy_district(dc) else {
                continue;
            };
            println!("            District {{\n                code: {:?},\n                name: {:?},\n                wards: &[", dist.code, dist.name);
            for w in d.legacy_wards_of(dc).take(14) {
                let new = d
                    .legacy_to_new(&w.code)
                    .and_then(|c| c.default_ward().map(|n| n.name.clone()))
                    .unwrap_or_default();
                println!(
                    "                    ({:?}, {:?}, {:?}),",
                    w.code, w.name, new
                );
            }
            println!("                ],\n            }},");
        }
        println!("        ],\n    }},");
    }
    println!("];");
}

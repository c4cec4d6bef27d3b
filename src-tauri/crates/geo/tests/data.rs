//! Embedded data: counts, lookups and the legacy → 2025 conversion table.

use geo::{data, Conversion, Level, UnitType};

#[test]
fn counts_match_the_official_lists() {
    let d = data();
    assert_eq!(d.provinces.len(), 34, "2025 provinces");
    assert_eq!(d.wards.len(), 3321, "2025 wards/communes/special zones");
    assert_eq!(d.legacy_provinces.len(), 63, "legacy provinces");
    assert_eq!(d.legacy_districts.len(), 696, "legacy districts");
    assert_eq!(d.legacy_wards.len(), 10035, "legacy wards");
    let count = |t: UnitType| d.wards.iter().filter(|w| w.unit_type == t).count();
    assert_eq!(count(UnitType::Phuong), 687);
    assert_eq!(count(UnitType::Xa), 2621);
    assert_eq!(count(UnitType::DacKhu), 13);
    assert_eq!(d.source.package, "vietnamadminunits");
    assert_eq!(d.source.version, "1.0.4");
}

#[test]
fn every_legacy_ward_converts_and_every_new_ward_has_an_origin() {
    let d = data();
    let mut split = 0;
    for w in &d.legacy_wards {
        let conv = d
            .legacy_to_new(&w.code)
            .unwrap_or_else(|| panic!("{} {} has no 2025 ward", w.code, w.name));
        if let Conversion::Split(c) = &conv {
            split += 1;
            assert!(c.len() >= 2);
            assert_eq!(c.iter().filter(|c| c.is_default).count(), 1, "{}", w.code);
        }
        // Provinces were merged whole: every candidate lies in the province the legacy one became.
        let np = d.legacy_province_to_new(&w.province_code).map(|p| &p.code);
        for c in conv.candidates() {
            assert_eq!(Some(&c.ward.province_code), np, "{} {}", w.code, w.name);
        }
    }
    assert_eq!(split, 471);
    for w in &d.wards {
        let n = d.new_to_legacy(&w.code).len();
        let island = ["11948", "19742", "20333", "21548", "26732"].contains(&w.code.as_str());
        assert!(
            n > 0 || island,
            "{} {} has no legacy origin",
            w.code,
            w.name
        );
    }
}

#[test]
fn lookups_by_code() {
    let d = data();
    assert_eq!(
        d.province("79").map(|p| p.name.as_str()),
        Some("Thành phố Hồ Chí Minh")
    );
    assert_eq!(
        d.province("79").map(|p| p.short_name.as_str()),
        Some("Hồ Chí Minh")
    );
    assert_eq!(
        d.province("79").map(|p| p.unit_type),
        Some(UnitType::ThanhPho)
    );
    assert_eq!(
        d.ward("26740").map(|w| w.name.as_str()),
        Some("Phường Sài Gòn")
    );
    assert_eq!(
        d.legacy_province("77").map(|p| p.name.as_str()),
        Some("Tỉnh Bà Rịa - Vũng Tàu")
    );
    let q1 = d
        .legacy_district("760")
        .map(|x| (x.name.as_str(), x.province_code.as_str()));
    assert_eq!(q1, Some(("Quận 1", "79")));
    let bn = d.legacy_ward("26740").map(|w| {
        (
            w.name.as_str(),
            w.district_code.as_str(),
            w.province_code.as_str(),
        )
    });
    assert_eq!(bn, Some(("Phường Bến Nghé", "760", "79")));
    assert_eq!(d.legacy_wards_of("760").count(), 10);
    assert_eq!(d.legacy_districts_of("79").count(), 22);
    assert_eq!(d.wards_of("79").count(), 168);
    assert_eq!(d.wards_of("01").count(), 126);
    assert!(d.province("00").is_none());
    assert!(d.ward("99999").is_none());
    assert!(d.legacy_to_new("not-a-code").is_none());
    assert!(d.new_to_legacy("not-a-code").is_empty());
    // Bến Nghé's code is also a 2025 code (Phường Sài Gòn): the two models are separate namespaces.
    assert_ne!(
        d.ward("26740").map(|w| &w.name),
        d.legacy_ward("26740").map(|w| &w.name)
    );
    let _ = Level::Ward;
}

#[test]
fn provinces_merge_as_decided() {
    let d = data();
    let new_of = |c: &str| d.legacy_province_to_new(c).map(|p| p.name.as_str());
    assert_eq!(new_of("77"), Some("Thành phố Hồ Chí Minh")); // Bà Rịa - Vũng Tàu
    assert_eq!(new_of("74"), Some("Thành phố Hồ Chí Minh")); // Bình Dương
    assert_eq!(new_of("49"), Some("Thành phố Đà Nẵng")); // Quảng Nam
    assert_eq!(new_of("02"), Some("Tỉnh Tuyên Quang")); // Hà Giang
    assert_eq!(new_of("30"), Some("Thành phố Hải Phòng")); // Hải Dương
    assert_eq!(new_of("93"), Some("Thành phố Cần Thơ")); // Hậu Giang
    assert_eq!(new_of("01"), Some("Thành phố Hà Nội"));
    let mut hcm: Vec<&str> = d
        .new_province_to_legacy("79")
        .iter()
        .map(|p| p.code.as_str())
        .collect();
    hcm.sort();
    assert_eq!(hcm, ["74", "77", "79"]);
    // 63 legacy provinces land in exactly the 34 new ones.
    let total: usize = d
        .provinces
        .iter()
        .map(|p| d.new_province_to_legacy(&p.code).len())
        .sum();
    assert_eq!(total, 63);
}

#[test]
fn island_districts_without_wards_map_to_special_zones() {
    let d = data();
    let z = |c: &str| d.legacy_district_to_new(c).map(|w| w.name.as_str());
    assert_eq!(z("755"), Some("Đặc khu Côn Đảo"));
    assert_eq!(z("318"), Some("Đặc khu Bạch Long Vĩ"));
    assert_eq!(z("536"), Some("Đặc khu Lý Sơn"));
    assert_eq!(z("498"), Some("Đặc khu Hoàng Sa"));
    assert_eq!(z("471"), Some("Đặc khu Cồn Cỏ"));
    assert_eq!(z("760"), None);
}

/// Hand-checked conversions: (legacy ward code, legacy ward name, legacy district name,
/// [(2025 ward code, 2025 ward name, is_default)]). Checked against the package data, against the
/// official conversion table as published in another package (all sets equal), and against the
/// 2025 resolutions where known (e.g. Bến Nghé → Sài Gòn, Hàng Bạc → Hoàn Kiếm, Phú Cường →
/// Thủ Dầu Một now in TP.HCM). The default of a split is the source package's choice.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, bool)],
);

const TABLE: &[Row] = &[
    // Hà Nội
    (
        "00061",
        "Phường Hàng Bạc",
        "Quận Hoàn Kiếm",
        &[("00070", "Phường Hoàn Kiếm", true)],
    ),
    (
        "00070",
        "Phường Hàng Trống",
        "Quận Hoàn Kiếm",
        &[
            ("00070", "Phường Hoàn Kiếm", true),
            ("00082", "Phường Cửa Nam", false),
        ],
    ),
    (
        "00079",
        "Phường Tràng Tiền",
        "Quận Hoàn Kiếm",
        &[
            ("00070", "Phường Hoàn Kiếm", false),
            ("00082", "Phường Cửa Nam", true),
        ],
    ),
    (
        "00073",
        "Phường Cửa Nam",
        "Quận Hoàn Kiếm",
        &[
            ("00004", "Phường Ba Đình", false),
            ("00070", "Phường Hoàn Kiếm", false),
            ("00082", "Phường Cửa Nam", false),
            ("00226", "Phường Văn Miếu - Quốc Tử Giám", true),
        ],
    ),
    (
        "00001",
        "Phường Phúc Xá",
        "Quận Ba Đình",
        &[("00097", "Phường Hồng Hà", true)],
    ),
    (
        "00004",
        "Phường Trúc Bạch",
        "Quận Ba Đình",
        &[("00004", "Phường Ba Đình", true)],
    ),
    (
        "00013",
        "Phường Quán Thánh",
        "Quận Ba Đình",
        &[("00004", "Phường Ba Đình", true)],
    ),
    (
        "00031",
        "Phường Giảng Võ",
        "Quận Ba Đình",
        &[("00025", "Phường Giảng Võ", true)],
    ),
    (
        "00166",
        "Phường Dịch Vọng",
        "Quận Cầu Giấy",
        &[
            ("00160", "Phường Nghĩa Đô", false),
            ("00166", "Phường Cầu Giấy", true),
        ],
    ),
    (
        "00139",
        "Phường Bồ Đề",
        "Quận Long Biên",
        &[
            ("00097", "Phường Hồng Hà", false),
            ("00118", "Phường Bồ Đề", true),
            ("00145", "Phường Long Biên", false),
        ],
    ),
    (
        "00583",
        "Xã Bát Tràng",
        "Huyện Gia Lâm",
        &[
            ("00145", "Phường Long Biên", false),
            ("00565", "Xã Gia Lâm", false),
            ("00577", "Xã Bát Tràng", true),
        ],
    ),
    (
        "00187",
        "Phường Láng Thượng",
        "Quận Đống Đa",
        &[("00199", "Phường Láng", true)],
    ),
    (
        "00100",
        "Phường Quảng An",
        "Quận Tây Hồ",
        &[
            ("00097", "Phường Hồng Hà", false),
            ("00103", "Phường Tây Hồ", true),
        ],
    ),
    (
        "00454",
        "Thị trấn Đông Anh",
        "Huyện Đông Anh",
        &[
            ("00454", "Xã Đông Anh", false),
            ("00466", "Xã Phúc Thịnh", true),
            ("00475", "Xã Thư Lâm", false),
        ],
    ),
    (
        "09556",
        "Phường Hà Cầu",
        "Quận Hà Đông",
        &[
            ("09552", "Phường Kiến Hưng", true),
            ("09556", "Phường Hà Đông", false),
        ],
    ),
    // TP. Hồ Chí Minh
    (
        "26740",
        "Phường Bến Nghé",
        "Quận 1",
        &[("26740", "Phường Sài Gòn", true)],
    ),
    (
        "26737",
        "Phường Đa Kao",
        "Quận 1",
        &[
            ("26737", "Phường Tân Định", false),
            ("26740", "Phường Sài Gòn", true),
        ],
    ),
    (
        "26743",
        "Phường Bến Thành",
        "Quận 1",
        &[("26743", "Phường Bến Thành", true)],
    ),
    (
        "26749",
        "Phường Phạm Ngũ Lão",
        "Quận 1",
        &[("26743", "Phường Bến Thành", true)],
    ),
    (
        "26734",
        "Phường Tân Định",
        "Quận 1",
        &[("26737", "Phường Tân Định", true)],
    ),
    (
        "26755",
        "Phường Cô Giang",
        "Quận 1",
        &[("26758", "Phường Cầu Ông Lãnh", true)],
    ),
    (
        "26752",
        "Phường Cầu Ông Lãnh",
        "Quận 1",
        &[
            ("26743", "Phường Bến Thành", true),
            ("26758", "Phường Cầu Ông Lãnh", false),
        ],
    ),
    (
        "26746",
        "Phường Nguyễn Thái Bình",
        "Quận 1",
        &[
            ("26740", "Phường Sài Gòn", false),
            ("26743", "Phường Bến Thành", true),
        ],
    ),
    (
        "27139",
        "Phường Võ Thị Sáu",
        "Quận 3",
        &[("27139", "Phường Xuân Hòa", true)],
    ),
    (
        "27088",
        "Phường Thảo Điền",
        "Thành phố Thủ Đức",
        &[("27094", "Phường An Khánh", true)],
    ),
    (
        "26800",
        "Phường Linh Trung",
        "Thành phố Thủ Đức",
        &[("26800", "Phường Linh Xuân", true)],
    ),
    (
        "27496",
        "Thị trấn Củ Chi",
        "Huyện Củ Chi",
        &[("27496", "Xã Tân An Hội", true)],
    ),
    (
        "27664",
        "Thị trấn Cần Thạnh",
        "Huyện Cần Giờ",
        &[("27664", "Xã Cần Giờ", true)],
    ),
    (
        "27052",
        "Phường 7",
        "Quận Phú Nhuận",
        &[("27058", "Phường Cầu Kiệu", true)],
    ),
    (
        "26920",
        "Phường 25",
        "Quận Bình Thạnh",
        &[("26956", "Phường Thạnh Mỹ Tây", true)],
    ),
    (
        "26875",
        "Phường 17",
        "Quận Gò Vấp",
        &[("26884", "Phường Gò Vấp", true)],
    ),
    // merged into TP. Hồ Chí Minh
    (
        "26506",
        "Phường 1",
        "Thành phố Vũng Tàu",
        &[("26506", "Phường Vũng Tàu", true)],
    ),
    (
        "25747",
        "Phường Phú Cường",
        "Thành phố Thủ Dầu Một",
        &[("25747", "Phường Thủ Dầu Một", true)],
    ),
    // Đà Nẵng (+ Quảng Nam), Huế
    (
        "20233",
        "Phường Thạch Thang",
        "Quận Hải Châu",
        &[("20242", "Phường Hải Châu", true)],
    ),
    (
        "20398",
        "Phường Minh An",
        "Thành phố Hội An",
        &[("20410", "Phường Hội An", true)],
    ),
    (
        "19786",
        "Phường Phú Hội",
        "Quận Thuận Hóa",
        &[("19789", "Phường Thuận Hóa", true)],
    ),
    // Cần Thơ (+ Hậu Giang, Sóc Trăng)
    (
        "31150",
        "Phường An Bình",
        "Quận Ninh Kiều",
        &[("31150", "Phường An Bình", true)],
    ),
    (
        "31318",
        "Phường I",
        "Thành phố Vị Thanh",
        &[("31321", "Phường Vị Thanh", true)],
    ),
    (
        "31498",
        "Phường 5",
        "Thành phố Sóc Trăng",
        &[("31507", "Phường Sóc Trăng", true)],
    ),
    // Hải Dương → Hải Phòng; Hải Phòng
    (
        "10993",
        "Xã Thái Hòa",
        "Huyện Bình Giang",
        &[
            ("10972", "Xã Đường An", false),
            ("10993", "Xã Thượng Hồng", true),
        ],
    ),
    (
        "11311",
        "Phường Minh Khai",
        "Quận Hồng Bàng",
        &[("11311", "Phường Hồng Bàng", true)],
    ),
    // renamed / merged provinces elsewhere
    (
        "00697",
        "Phường Minh Khai",
        "Thành phố Hà Giang",
        &[("00691", "Phường Hà Giang 2", true)],
    ),
    (
        "01840",
        "Phường Đức Xuân",
        "Thành phố Bắc Kạn",
        &[("01840", "Phường Đức Xuân", true)],
    ),
    (
        "22363",
        "Phường Lộc Thọ",
        "Thành phố Nha Trang",
        &[("22366", "Phường Nha Trang", true)],
    ),
    (
        "24784",
        "Phường 1",
        "Thành phố Đà Lạt",
        &[("24781", "Phường Xuân Hương - Đà Lạt", true)],
    ),
    (
        "31078",
        "Phường Dương Đông",
        "Thành phố Phú Quốc",
        &[("31078", "Đặc khu Phú Quốc", true)],
    ),
    (
        "06694",
        "Phường Bạch Đằng",
        "Thành phố Hạ Long",
        &[("06685", "Phường Hồng Gai", true)],
    ),
    (
        "16672",
        "Phường Hưng Bình",
        "Thành phố Vinh",
        &[("16681", "Phường Thành Vinh", true)],
    ),
];

#[test]
fn hand_checked_conversions() {
    assert!(TABLE.len() >= 40);
    let d = data();
    let mut splits = 0;
    for (code, name, district, expected) in TABLE {
        let w = d
            .legacy_ward(code)
            .unwrap_or_else(|| panic!("legacy {code}"));
        assert_eq!(&w.name, name, "legacy name of {code}");
        let dist = d.legacy_district(&w.district_code).map(|x| x.name.as_str());
        assert_eq!(dist, Some(*district), "district of {code}");
        let conv = d
            .legacy_to_new(code)
            .unwrap_or_else(|| panic!("conversion {code}"));
        assert_eq!(conv.is_split(), expected.len() > 1, "{code} {name}");
        let got: Vec<(&str, &str, bool)> = conv
            .candidates()
            .iter()
            .map(|c| (c.ward.code.as_str(), c.ward.name.as_str(), c.is_default))
            .collect();
        assert_eq!(&got, expected, "{code} {name}");
        let default = expected.iter().find(|e| e.2).map(|e| e.0);
        assert_eq!(conv.default_ward().map(|w| w.code.as_str()), default);
        if expected.len() > 1 {
            splits += 1;
        }
        // And back: each candidate lists this legacy ward as an origin.
        for (new_code, _, is_default) in *expected {
            let origins = d.new_to_legacy(new_code);
            let o = origins.iter().find(|o| o.ward.code == *code);
            let o = o.unwrap_or_else(|| panic!("{new_code} should list {code}"));
            assert_eq!(o.whole, expected.len() == 1);
            assert_eq!(o.is_default, *is_default);
        }
    }
    assert!(splits >= 10, "table covers split wards");
}

#[test]
fn new_to_legacy_lists_all_origins() {
    let d = data();
    let names = |code: &str| -> Vec<String> {
        d.new_to_legacy(code)
            .iter()
            .filter(|o| o.whole)
            .map(|o| o.ward.name.clone())
            .collect()
    };
    // Phường Sài Gòn = Bến Nghé + parts of Đa Kao and Nguyễn Thái Bình.
    assert_eq!(names("26740"), ["Phường Bến Nghé"]);
    let partial: Vec<String> = d
        .new_to_legacy("26740")
        .iter()
        .filter(|o| !o.whole)
        .map(|o| o.ward.name.clone())
        .collect();
    assert_eq!(partial, ["Phường Đa Kao", "Phường Nguyễn Thái Bình"]);
    // Phường Bến Thành = Bến Thành + Phạm Ngũ Lão + parts of Cầu Ông Lãnh and Nguyễn Thái Bình.
    assert_eq!(names("26743"), ["Phường Bến Thành", "Phường Phạm Ngũ Lão"]);
    assert_eq!(d.new_to_legacy("26743").len(), 4);
}

#[test]
fn loader_rejects_corrupt_files() {
    assert!(
        geo::GeoData::from_tsv("P\t01\tThành phố Hà Nội\n").is_err(),
        "no header"
    );
    let bad = "#shopdesk-geo\t1\tx\t1\nW\t00001\t99\tPhường A\n";
    assert!(
        geo::GeoData::from_tsv(bad).is_err(),
        "ward with unknown province"
    );
    let bad = "#shopdesk-geo\t1\tx\t1\nP\t01\tNowhere\n";
    assert!(
        geo::GeoData::from_tsv(bad).is_err(),
        "name without a type prefix"
    );
    assert!(geo::GeoData::from_gzip(b"not gzip").is_err());
    let ok = "#shopdesk-geo\t1\tx\t1\nP\t01\tThành phố Hà Nội\nW\t00004\t01\tPhường Ba Đình\nLP\t01\tThành phố Hà Nội\nLD\t001\t01\tQuận Ba Đình\nLW\t00001\t001\tPhường Phúc Xá\nLW\t00002\t001\tPhường Trúc Bạch\nM\t00001\t00004\n";
    let d = geo::GeoData::from_tsv(ok).expect("valid");
    assert!(d.legacy_to_new("00002").is_none(), "unmapped ward");
    let split = "#shopdesk-geo\t1\tx\t1\nP\t01\tThành phố Hà Nội\nW\t00004\t01\tPhường Ba Đình\nW\t00008\t01\tPhường Ngọc Hà\nLP\t01\tThành phố Hà Nội\nLD\t001\t01\tQuận Ba Đình\nLW\t00001\t001\tPhường Phúc Xá\nM\t00001\t00004,00008\n";
    assert!(
        geo::GeoData::from_tsv(split).is_err(),
        "split without default"
    );
}

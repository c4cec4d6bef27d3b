//! Search (abbreviations, diacritics, prefixes) and address-line parsing.

use geo::{normalize, parse_address, search, Hit, Level, Model, SearchOptions};

fn top(q: &str) -> Vec<Hit> {
    search(q, &SearchOptions::default())
}

/// The first hit is `(model, level, code)`; for provinces both models come first.
fn first(q: &str) -> (Model, Level, String) {
    let h = top(q);
    let h = h.first().unwrap_or_else(|| panic!("no hit for {q:?}"));
    (h.model, h.level, h.code.clone())
}

fn is_hcm_province(hits: &[Hit]) -> bool {
    hits.len() >= 2
        && hits[..2]
            .iter()
            .all(|h| h.level == Level::Province && h.code == "79")
        && hits[0].model != hits[1].model
}

#[test]
fn normalize_is_public_and_strips_marks() {
    assert_eq!(
        normalize("Đường Nguyễn Thị Minh Khai"),
        "duong nguyen thi minh khai"
    );
    assert_eq!(normalize("TP.HCM"), "tp hcm");
}

#[test]
fn ho_chi_minh_city_by_every_usual_name() {
    for q in [
        "TP.HCM",
        "TP HCM",
        "tphcm",
        "HCM",
        "hcm",
        "Sài Gòn",
        "sai gon",
        "SG",
        "Thành phố Hồ Chí Minh",
        "thanh pho ho chi minh",
        "TP. Hồ Chí Minh",
        "Hồ Chí Minh",
        "ho chi minh",
    ] {
        let hits = top(q);
        assert!(is_hcm_province(&hits), "{q:?} → {hits:#?}");
        assert!(
            hits[0].score > hits.get(2).map_or(0, |h| h.score)
                || q.contains("Sài")
                || q.contains("sai"),
            "{q:?}"
        );
    }
    // "Sài Gòn" is also the 2025 ward that replaced Bến Nghé: offered right after the city.
    let hits = top("Sài Gòn");
    assert_eq!(
        (hits[2].model, hits[2].level, hits[2].code.as_str()),
        (Model::New, Level::Ward, "26740")
    );
}

#[test]
fn ha_noi_abbreviations() {
    for q in [
        "HN",
        "hn",
        "Hà Nội",
        "ha noi",
        "hanoi",
        "TP. Hà Nội",
        "Thành phố Hà Nội",
    ] {
        let hits = top(q);
        assert!(
            hits[..2]
                .iter()
                .all(|h| h.level == Level::Province && h.code == "01"),
            "{q:?} → {hits:#?}"
        );
    }
}

#[test]
fn district_abbreviations() {
    for q in ["Q.1", "Q1", "q1", "Quận 1", "quan 1", "Q. 1", "Q.01"] {
        assert_eq!(
            first(q),
            (Model::Legacy, Level::District, "760".into()),
            "{q:?}"
        );
    }
    assert_eq!(
        first("TX. Sơn Tây"),
        (Model::Legacy, Level::District, "269".into())
    );
    assert_eq!(
        first("thi xa son tay"),
        (Model::Legacy, Level::District, "269".into())
    );
    assert_eq!(
        first("H. Củ Chi"),
        (Model::Legacy, Level::District, "783".into())
    );
    assert_eq!(
        first("Huyện Củ Chi"),
        (Model::Legacy, Level::District, "783".into())
    );
    assert_eq!(
        first("Q. Phú Nhuận"),
        (Model::Legacy, Level::District, "768".into())
    );
    assert_eq!(
        first("TP Thủ Đức"),
        (Model::Legacy, Level::District, "769".into())
    );
}

#[test]
fn ward_abbreviations() {
    for q in [
        "P. Bến Nghé",
        "P.Bến Nghé",
        "F. Bến Nghé",
        "Phường Bến Nghé",
        "phuong ben nghe",
        "ben nghe",
        "Bến Nghé",
    ] {
        assert_eq!(
            first(q),
            (Model::Legacy, Level::Ward, "26740".into()),
            "{q:?}"
        );
    }
    assert_eq!(
        first("TT. Đông Anh"),
        (Model::Legacy, Level::Ward, "00454".into())
    );
    assert_eq!(
        first("Thị trấn Đông Anh"),
        (Model::Legacy, Level::Ward, "00454".into())
    );
    // X. matches both models: the 2025 commune first, then the legacy one.
    let hits = top("X. Bát Tràng");
    assert_eq!(
        (hits[0].model, hits[0].code.as_str()),
        (Model::New, "00577")
    );
    assert_eq!(
        (hits[1].model, hits[1].code.as_str()),
        (Model::Legacy, "00583")
    );
    assert_eq!(
        hits[1].path,
        "Xã Bát Tràng, Huyện Gia Lâm, Thành phố Hà Nội"
    );
    // Numbered wards: F.7 / P7 / Phường 07 are "Phường 7" and never "Phường 17".
    for q in ["F.7", "F7", "P7", "Phường 07"] {
        let hits = top(q);
        assert!(hits.len() >= 5, "{q:?}");
        let exact: Vec<&Hit> = hits.iter().filter(|h| h.score >= 1000).collect();
        assert!(
            exact.len() >= 5 && exact.iter().all(|h| h.name == "Phường 7"),
            "{q:?} → {hits:#?}"
        );
        // Other numbers never match a number; "Quận 7" may follow with a lower score.
        assert!(
            hits.iter().all(|h| h.name.ends_with(" 7")),
            "{q:?} → {hits:#?}"
        );
    }
}

#[test]
fn diacritics_insensitive_and_prefix_search() {
    // Without marks, with old-style tone placement, by prefix.
    assert_eq!(
        first("hang bac"),
        (Model::Legacy, Level::Ward, "00061".into())
    );
    assert_eq!(
        first("Phường Hoàn Kiếm"),
        (Model::New, Level::Ward, "00070".into())
    );
    let hits = top("Hoà Bình");
    assert!(
        hits.iter()
            .any(|h| h.level == Level::Province && h.code == "17"),
        "{hits:#?}"
    );
    let hits = top("ben ngh");
    assert_eq!(hits[0].code, "26740");
    let hits = top("dak lak");
    assert!(hits[..2]
        .iter()
        .all(|h| h.code == "66" && h.level == Level::Province));
    let hits = top("daklak");
    assert!(hits[..2]
        .iter()
        .all(|h| h.code == "66" && h.level == Level::Province));
}

#[test]
fn both_models_are_returned_and_filters_apply() {
    let hits = top("Thủ Đức");
    assert!(hits
        .iter()
        .any(|h| h.model == Model::Legacy && h.level == Level::District && h.code == "769"));
    assert!(hits
        .iter()
        .any(|h| h.model == Model::New && h.level == Level::Ward && h.code == "26824"));
    let only_new = search(
        "Thủ Đức",
        &SearchOptions {
            model: Some(Model::New),
            ..Default::default()
        },
    );
    assert!(!only_new.is_empty() && only_new.iter().all(|h| h.model == Model::New));
    let wards_in_hn = search(
        "Hoàn Kiếm",
        &SearchOptions {
            level: Some(Level::Ward),
            within: Some("01".into()),
            ..Default::default()
        },
    );
    assert!(!wards_in_hn.is_empty());
    assert!(wards_in_hn
        .iter()
        .all(|h| h.level == Level::Ward && h.path.ends_with("Thành phố Hà Nội")));
    let limited = search(
        "Phường 1",
        &SearchOptions {
            limit: 3,
            ..Default::default()
        },
    );
    assert_eq!(limited.len(), 3);
    assert!(top("").is_empty());
    assert!(top("  ,. ").is_empty());
    assert!(top("zzzzqqq").is_empty());
}

#[test]
fn parse_legacy_line() {
    let p = parse_address("12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM");
    let b = p.best().expect("a reading");
    assert_eq!(b.model, Model::Legacy);
    assert_eq!(b.province.as_ref().map(|u| u.code.as_str()), Some("79"));
    assert_eq!(b.district.as_ref().map(|u| u.name.as_str()), Some("Quận 1"));
    assert_eq!(
        b.ward.as_ref().map(|u| (u.code.as_str(), u.name.as_str())),
        Some(("26740", "Phường Bến Nghé"))
    );
    assert_eq!(b.street.as_deref(), Some("12 Lê Lợi"));
    let legacy = b.legacy_address().expect("legacy");
    assert_eq!(legacy.ward_code.as_deref(), Some("26740"));
    // …and it converts to the 2025 address.
    let conv = legacy.to_new().expect("converts");
    assert_eq!(conv.address.province_code, "79");
    assert_eq!(conv.address.ward_code.as_deref(), Some("26740"));
    assert_eq!(conv.ward_candidates, ["26740"]);
    // The 2025 reading finds only the province and keeps the rest as street.
    let n = p.best_in(Model::New).expect("new reading");
    assert!(n.ward.is_none());
    assert!(n.score < b.score);
}

#[test]
fn parse_new_line() {
    let p = parse_address("12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh");
    let b = p.best().expect("a reading");
    assert_eq!(b.model, Model::New);
    assert_eq!(
        b.province.as_ref().map(|u| u.name.as_str()),
        Some("Thành phố Hồ Chí Minh")
    );
    assert_eq!(b.district, None);
    assert_eq!(b.ward.as_ref().map(|u| u.code.as_str()), Some("26740"));
    assert_eq!(b.street.as_deref(), Some("12 Lê Lợi"));
    assert_eq!(
        b.new_address().map(|a| a.ward_code),
        Some(Some("26740".into()))
    );
    assert!(b.legacy_address().is_none());
}

#[test]
fn parse_more_lines() {
    // District and ward without type words, multi-part street.
    let p = parse_address("Số 5, ngõ 10, Hàng Bạc, Hoàn Kiếm, Hà Nội");
    let b = p.best().expect("reading");
    assert_eq!(b.model, Model::Legacy);
    assert_eq!(b.ward.as_ref().map(|u| u.code.as_str()), Some("00061"));
    assert_eq!(b.street.as_deref(), Some("Số 5, ngõ 10"));

    // F. / Q. abbreviations, trailing country.
    let p = parse_address("45 Nguyễn Văn Trỗi, F.7, Q. Phú Nhuận, HCM, Việt Nam");
    let b = p.best().expect("reading");
    assert_eq!(b.district.as_ref().map(|u| u.code.as_str()), Some("768"));
    assert_eq!(b.ward.as_ref().map(|u| u.code.as_str()), Some("27052"));
    assert_eq!(b.street.as_deref(), Some("45 Nguyễn Văn Trỗi"));
    // "Q. Phú Nhuận" is a district, not the 2025 "Phường Phú Nhuận".
    assert!(p.best_in(Model::New).is_some_and(|c| c.ward.is_none()));

    // A legacy ward named without its district.
    let p = parse_address("88 Lý Thường Kiệt, Phường Phạm Ngũ Lão, TP.HCM");
    let b = p.best().expect("reading");
    assert_eq!(b.model, Model::Legacy);
    assert_eq!(b.district.as_ref().map(|u| u.name.as_str()), Some("Quận 1"));
    assert_eq!(b.ward.as_ref().map(|u| u.code.as_str()), Some("26749"));

    // A name valid in both models: both readings are offered, the 2025 one first.
    let p = parse_address("Xã Bát Tràng, Hà Nội");
    assert_eq!(p.candidates[0].model, Model::New);
    assert_eq!(
        p.candidates[0].ward.as_ref().map(|u| u.code.as_str()),
        Some("00577")
    );
    assert_eq!(p.candidates[1].model, Model::Legacy);
    assert_eq!(
        p.candidates[1].ward.as_ref().map(|u| u.code.as_str()),
        Some("00583")
    );

    // Legacy province that no longer exists.
    let p = parse_address("1 Trần Phú, Phường 1, Vũng Tàu, Bà Rịa - Vũng Tàu");
    let b = p.best().expect("reading");
    assert_eq!(b.ward.as_ref().map(|u| u.code.as_str()), Some("26506"));
    let conv = b
        .legacy_address()
        .and_then(|a| a.to_new())
        .expect("converts");
    assert_eq!(conv.address.province_code, "79");
    assert_eq!(conv.address.ward_code.as_deref(), Some("26506"));

    // A split ward: the conversion offers every candidate.
    let p = parse_address("Phường Đa Kao, Quận 1, TP.HCM");
    let conv = p
        .best()
        .and_then(|b| b.legacy_address())
        .and_then(|a| a.to_new())
        .expect("converts");
    assert_eq!(conv.address.ward_code.as_deref(), Some("26740"));
    assert_eq!(conv.ward_candidates, ["26737", "26740"]);

    // No province recognised: nothing is guessed.
    assert!(parse_address("abc, def").candidates.is_empty());
    assert!(parse_address("").candidates.is_empty());
}

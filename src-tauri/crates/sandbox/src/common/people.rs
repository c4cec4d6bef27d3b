//! Deterministic Vietnamese customers for seeded orders (names, mobile numbers, street addresses).

use rand::Rng;

use super::geo_seed::{self, LegacyWardRef};

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
];
const MIDDLE: &[&str] = &[
    "Thị", "Văn", "Minh", "Ngọc", "Thanh", "Hoài", "Quốc", "Thu", "Gia", "Bảo",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phương", "Quân", "Tâm", "Thảo", "Trang",
    "Tú", "Vy", "Yến",
];
const STREETS: &[&str] = &[
    "Lê Lợi",
    "Nguyễn Huệ",
    "Trần Hưng Đạo",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Phan Đình Phùng",
    "Nguyễn Trãi",
    "Điện Biên Phủ",
    "Cách Mạng Tháng 8",
    "Hoàng Diệu",
    "Bạch Đằng",
    "Quang Trung",
];
/// Viettel, Vinaphone, Mobifone and Vietnamobile prefixes (10-digit numbers).
const PREFIXES: &[&str] = &[
    "032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098", "081",
    "082", "083", "084", "085", "088", "091", "094", "070", "076", "077", "078", "079", "089",
    "090", "093", "056", "058",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub name: String,
    /// `0912345678`
    pub phone: String,
    /// House number and street, e.g. `12 Lê Lợi`.
    pub street: String,
    pub ward: LegacyWardRef,
}

pub fn customer<R: Rng>(rng: &mut R) -> Customer {
    let name = format!(
        "{} {} {}",
        FAMILY[rng.random_range(0..FAMILY.len())],
        MIDDLE[rng.random_range(0..MIDDLE.len())],
        GIVEN[rng.random_range(0..GIVEN.len())]
    );
    let phone = format!(
        "{}{:07}",
        PREFIXES[rng.random_range(0..PREFIXES.len())],
        rng.random_range(0..10_000_000u32)
    );
    let street = format!(
        "{} {}",
        rng.random_range(1..300),
        STREETS[rng.random_range(0..STREETS.len())]
    );
    let wards = geo_seed::all_legacy_wards();
    let ward = wards[rng.random_range(0..wards.len())].clone();
    Customer {
        name,
        phone,
        street,
        ward,
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    #[test]
    fn customers_have_valid_mobile_numbers() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..100 {
            let c = super::customer(&mut rng);
            assert_eq!(c.phone.len(), 10);
            assert!(c.phone.starts_with('0'));
            assert!(c.phone.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}

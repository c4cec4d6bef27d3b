//! The shared demo catalog: one deterministic list of Vietnamese products and variations that all three
//! simulators start from, so SKUs and barcodes match across vendors (each simulator then perturbs stock a
//! little, as real shops see it).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::Options;

/// A product as the shop knows it, before any vendor's shape is applied.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogProduct {
    /// 0-based position in the catalog.
    pub index: usize,
    /// Shop's product code, e.g. `AT0001`.
    pub code: String,
    /// Vietnamese display name, e.g. `Áo thun cổ tròn basic`.
    pub name: String,
    pub category: &'static str,
    pub brand: &'static str,
    /// Grams.
    pub weight_g: u32,
    pub image_url: String,
    pub variations: Vec<CatalogVariation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CatalogVariation {
    /// Shop SKU, e.g. `AT0001-DEN-M`; identical at every vendor.
    pub sku: String,
    /// EAN-13 starting with Vietnam's 893 prefix; identical at every vendor.
    pub barcode: String,
    /// `Áo thun cổ tròn basic - Đen / M`
    pub name: String,
    /// (attribute name, value), e.g. `("Màu", "Đen")`, `("Size", "M")`.
    pub attributes: Vec<(&'static str, &'static str)>,
    /// VND.
    pub retail_price: i64,
    /// VND.
    pub cost_price: i64,
    /// The "true" stock before a simulator perturbs it.
    pub base_stock: i64,
}

struct Kind {
    prefix: &'static str,
    category: &'static str,
    names: &'static [&'static str],
    price: (i64, i64),
    weight: (u32, u32),
    axes: Axes,
}

#[derive(Clone, Copy)]
enum Axes {
    ColorSize,
    Color,
    Size,
    Volume,
}

const COLORS: &[(&str, &str)] = &[
    ("Đen", "DEN"),
    ("Trắng", "TRANG"),
    ("Xanh navy", "NAVY"),
    ("Be", "BE"),
    ("Hồng", "HONG"),
    ("Xám", "XAM"),
    ("Đỏ đô", "DO"),
    ("Xanh rêu", "REU"),
];
const SIZES: &[&str] = &["S", "M", "L", "XL", "XXL"];
const SHOE_SIZES: &[&str] = &["36", "37", "38", "39", "40", "41", "42"];
const VOLUMES: &[&str] = &["50ml", "100ml", "250ml", "500ml"];

const KINDS: &[Kind] = &[
    Kind {
        prefix: "AT",
        category: "Áo thun",
        names: &[
            "Áo thun cổ tròn basic",
            "Áo thun oversize in chữ",
            "Áo thun polo cá sấu",
            "Áo thun tay lỡ unisex",
            "Áo thun cotton compact",
        ],
        price: (119_000, 289_000),
        weight: (180, 260),
        axes: Axes::ColorSize,
    },
    Kind {
        prefix: "SM",
        category: "Áo sơ mi",
        names: &[
            "Áo sơ mi linen tay dài",
            "Áo sơ mi oxford công sở",
            "Áo sơ mi kẻ sọc",
            "Áo sơ mi lụa nữ",
        ],
        price: (249_000, 459_000),
        weight: (220, 320),
        axes: Axes::ColorSize,
    },
    Kind {
        prefix: "QJ",
        category: "Quần",
        names: &[
            "Quần jean ống suông",
            "Quần kaki chinos",
            "Quần short đũi",
            "Quần jogger nỉ",
            "Quần tây âu slim",
        ],
        price: (199_000, 529_000),
        weight: (300, 650),
        axes: Axes::ColorSize,
    },
    Kind {
        prefix: "VD",
        category: "Váy đầm",
        names: &[
            "Váy hoa nhí vintage",
            "Đầm suông công sở",
            "Chân váy xếp ly",
            "Đầm maxi đi biển",
        ],
        price: (259_000, 699_000),
        weight: (250, 450),
        axes: Axes::ColorSize,
    },
    Kind {
        prefix: "GD",
        category: "Giày dép",
        names: &[
            "Giày sneaker trắng",
            "Dép quai ngang",
            "Giày lười da bò",
            "Sandal đế bệt",
        ],
        price: (159_000, 890_000),
        weight: (400, 900),
        axes: Axes::Size,
    },
    Kind {
        prefix: "TX",
        category: "Túi xách",
        names: &[
            "Túi tote vải canvas",
            "Túi đeo chéo mini",
            "Balo laptop chống nước",
            "Ví da cầm tay",
        ],
        price: (129_000, 749_000),
        weight: (200, 800),
        axes: Axes::Color,
    },
    Kind {
        prefix: "MP",
        category: "Mỹ phẩm",
        names: &[
            "Sữa rửa mặt trà xanh",
            "Nước tẩy trang hoa hồng",
            "Kem chống nắng SPF50",
            "Dầu gội bưởi",
            "Sữa tắm hương sen",
            "Toner rau má",
        ],
        price: (79_000, 459_000),
        weight: (80, 600),
        axes: Axes::Volume,
    },
    Kind {
        prefix: "PK",
        category: "Phụ kiện",
        names: &[
            "Mũ lưỡi trai thêu",
            "Tất cổ cao cotton",
            "Khăn lụa vuông",
            "Thắt lưng da",
            "Kẹp tóc ngọc trai",
        ],
        price: (39_000, 349_000),
        weight: (30, 250),
        axes: Axes::Color,
    },
];

const BRANDS: &[&str] = &[
    "Sài Gòn Local",
    "Hà Thành Studio",
    "Cỏ Mềm",
    "Lá Xanh",
    "Mộc Store",
    "Việt Tiến",
];

/// EAN-13 check digit for the first 12 digits.
pub fn ean13(first12: &str) -> String {
    let sum: u32 = first12
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                d
            } else {
                d * 3
            }
        })
        .sum();
    let check = (10 - sum % 10) % 10;
    format!("{first12}{check}")
}

fn round_price(p: i64) -> i64 {
    // shop prices end in 000
    (p / 1000) * 1000
}

/// The catalog for these options. Same options → same catalog, byte for byte.
pub fn catalog(options: &Options) -> Vec<CatalogProduct> {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut barcode_serial: u64 = 100_000;
    (0..options.products)
        .map(|index| {
            let kind = &KINDS[index % KINDS.len()];
            let base_name = kind.names[(index / KINDS.len()) % kind.names.len()];
            let round = index / (KINDS.len() * 4);
            let name = if round == 0 {
                base_name.to_string()
            } else {
                format!("{base_name} {}", round + 1)
            };
            let code = format!("{}{:04}", kind.prefix, index + 1);
            let price = round_price(rng.random_range(kind.price.0..=kind.price.1));
            let weight_g = rng.random_range(kind.weight.0..=kind.weight.1);
            let combos = axes_values(kind.axes, &mut rng);
            let variations = combos
                .into_iter()
                .map(|(attrs, sku_suffix)| {
                    barcode_serial += 1;
                    let barcode = ean13(&format!("893{:09}", barcode_serial));
                    let label: Vec<&str> = attrs.iter().map(|(_, v)| *v).collect();
                    let bump = if attrs.iter().any(|(_, v)| *v == "XXL" || *v == "500ml") {
                        20_000
                    } else {
                        0
                    };
                    let retail_price = price + bump;
                    let base_stock = if rng.random_bool(0.08) {
                        rng.random_range(0..4)
                    } else {
                        rng.random_range(5..240)
                    };
                    CatalogVariation {
                        sku: format!("{code}-{sku_suffix}"),
                        barcode,
                        name: format!("{name} - {}", label.join(" / ")),
                        attributes: attrs,
                        retail_price,
                        cost_price: round_price(retail_price * 55 / 100),
                        base_stock,
                    }
                })
                .collect();
            CatalogProduct {
                index,
                code: code.clone(),
                name,
                category: kind.category,
                brand: BRANDS[index % BRANDS.len()],
                weight_g,
                image_url: format!("https://picsum.photos/seed/{}/600/600", code.to_lowercase()),
                variations,
            }
        })
        .collect()
}

type Combo = (Vec<(&'static str, &'static str)>, String);

fn axes_values(axes: Axes, rng: &mut StdRng) -> Vec<Combo> {
    let pick_colors = |rng: &mut StdRng, n: usize| -> Vec<(&'static str, &'static str)> {
        let start = rng.random_range(0..COLORS.len());
        (0..n).map(|i| COLORS[(start + i) % COLORS.len()]).collect()
    };
    match axes {
        Axes::ColorSize => {
            let n = rng.random_range(1..=2);
            let colors = pick_colors(rng, n);
            let sizes_n = rng.random_range(2..=3);
            let first = rng.random_range(0..=SIZES.len() - sizes_n);
            let mut out = Vec::new();
            for (c, ccode) in &colors {
                for s in &SIZES[first..first + sizes_n] {
                    out.push((vec![("Màu", *c), ("Size", *s)], format!("{ccode}-{s}")));
                }
            }
            out
        }
        Axes::Color => {
            let n = rng.random_range(3..=5);
            pick_colors(rng, n)
                .into_iter()
                .map(|(c, code)| (vec![("Màu", c)], code.to_string()))
                .collect()
        }
        Axes::Size => {
            let n = rng.random_range(4..=5);
            let first = rng.random_range(0..=SHOE_SIZES.len() - n);
            SHOE_SIZES[first..first + n]
                .iter()
                .map(|s| (vec![("Size", *s)], s.to_string()))
                .collect()
        }
        Axes::Volume => VOLUMES[..rng.random_range(3..=4)]
            .iter()
            .map(|v| (vec![("Dung tích", *v)], v.to_uppercase()))
            .collect(),
    }
}

/// Vendors whose totals are perturbed: for a SKU that differs, one of these (chosen by hash) is off.
const STOCK_VENDORS: [&str; 3] = ["onflow", "pancake", "nhanh"];

fn stock_hash(variation: &CatalogVariation, salt: &str, seed: u64) -> u64 {
    let mut h: u64 = seed ^ 0x9E37_79B9_7F4A_7C15;
    for b in variation.sku.bytes().chain(salt.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
    }
    h
}

/// A vendor's total stock of a variation over all its warehouses: the base stock, except for about one
/// SKU in eight where one of the three vendors (chosen deterministically) is off by 1–5 units, as real
/// shops see it.
pub fn vendor_total(variation: &CatalogVariation, vendor: &str, seed: u64) -> i64 {
    let h = stock_hash(variation, "", seed);
    let base = variation.base_stock;
    if !h.is_multiple_of(8) {
        return base;
    }
    let odd_one = STOCK_VENDORS[((h >> 5) % 3) as usize];
    if vendor != odd_one {
        return base;
    }
    let delta = ((h >> 8) % 5 + 1) as i64;
    if base >= delta {
        base - delta
    } else {
        base + delta
    }
}

/// A simulator's own stock for a variation in warehouse `warehouse` of `warehouses`: the vendor's
/// [`vendor_total`] split over its warehouses (half in the first, half of the rest in the next, …, the
/// last takes the remainder), so the vendor's total does not depend on how many warehouses it has.
pub fn vendor_stock_in(
    variation: &CatalogVariation,
    vendor: &str,
    warehouse: usize,
    warehouses: usize,
    seed: u64,
) -> i64 {
    let warehouses = warehouses.max(1);
    if warehouse >= warehouses {
        return 0;
    }
    let mut rest = vendor_total(variation, vendor, seed);
    for _ in 0..warehouse {
        rest -= rest / 2;
    }
    if warehouse + 1 == warehouses {
        rest
    } else {
        rest / 2
    }
}

/// The stock of warehouse `warehouse` for a vendor with more than `warehouse + 1` warehouses (the share
/// of a warehouse that is not the last one does not depend on the count). Prefer [`vendor_stock_in`].
pub fn vendor_stock(
    variation: &CatalogVariation,
    vendor: &str,
    warehouse: usize,
    seed: u64,
) -> i64 {
    vendor_stock_in(variation, vendor, warehouse, warehouse + 2, seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_catalog_has_the_size_the_issues_ask_for() {
        let c = catalog(&Options::default());
        assert!(c.len() >= 80);
        let vars: usize = c.iter().map(|p| p.variations.len()).sum();
        assert!(vars >= 300, "only {vars} variations");
        let mut skus: Vec<&str> = c
            .iter()
            .flat_map(|p| p.variations.iter().map(|v| v.sku.as_str()))
            .collect();
        let n = skus.len();
        skus.sort_unstable();
        skus.dedup();
        assert_eq!(skus.len(), n, "SKUs are unique");
    }

    #[test]
    fn catalog_is_deterministic_and_barcodes_are_valid_ean13() {
        let a = catalog(&Options::default());
        let b = catalog(&Options::default());
        assert_eq!(a, b);
        for v in a.iter().flat_map(|p| &p.variations) {
            assert_eq!(v.barcode.len(), 13);
            assert_eq!(ean13(&v.barcode[..12]), v.barcode);
            assert!(v.retail_price > 0 && v.retail_price % 1000 == 0);
        }
        assert!(a.iter().any(|p| p.name.starts_with("Áo thun")));
    }

    #[test]
    fn vendors_disagree_on_a_few_skus_only() {
        let c = catalog(&Options::default());
        let vars: Vec<_> = c.iter().flat_map(|p| &p.variations).collect();
        let differ = vars
            .iter()
            .filter(|v| {
                vendor_stock_in(v, "pancake", 0, 2, 1) != vendor_stock_in(v, "onflow", 0, 2, 1)
            })
            .count();
        assert!(
            differ > 0 && differ < vars.len() / 3,
            "{differ} of {}",
            vars.len()
        );
    }

    #[test]
    fn vendor_totals_agree_for_most_skus_whatever_the_warehouse_count() {
        let c = catalog(&Options::default());
        let vars: Vec<_> = c.iter().flat_map(|p| &p.variations).collect();
        let total = |v: &CatalogVariation, vendor: &str, n: usize| -> i64 {
            (0..n).map(|w| vendor_stock_in(v, vendor, w, n, 7)).sum()
        };
        let mut agree = 0;
        for v in &vars {
            // the split never changes a vendor's total
            for n in 1..=4 {
                assert_eq!(total(v, "pancake", n), vendor_total(v, "pancake", 7));
            }
            assert_eq!(
                vendor_stock(v, "onflow", 0, 7),
                vendor_stock_in(v, "onflow", 0, 3, 7)
            );
            let (o, p, n) = (
                total(v, "onflow", 2),
                total(v, "pancake", 3),
                total(v, "nhanh", 3),
            );
            if o == p && p == n {
                assert_eq!(o, v.base_stock);
                agree += 1;
            } else {
                assert!((o - p).abs() <= 5 && (p - n).abs() <= 5 && (o - n).abs() <= 5);
            }
        }
        assert!(agree * 100 >= vars.len() * 80, "{agree} of {}", vars.len());
        assert!(agree < vars.len(), "a few SKUs still differ on purpose");
    }
}

//! Nhanh.vn: the `shopdesk_core::ports::products::ProductSink` port on the Nhanh client. Nhanh's API
//! cannot create attributes (nhanh.md, `product/add`), so each variant is its own product: its SKU is
//! Nhanh's `code` and our `appProductId`, its options are in its name. `product/add` is never retried by
//! the client (Nhanh documents no dedupe by `appProductId`); a lost answer is looked up by code through
//! `product/list` (its `name` filter matches codes) before anything is sent again.

use futures::future::BoxFuture;
use shopdesk_core::ports::products::{CreatedListing, ProductLayout, ProductSink};
use shopdesk_core::product::{
    NhanhFields, ProductCategory, ProductDraft, ProductOptions, SharedField, VendorFields,
};
use vendor_http::Result;

use crate::products::{
    CategoryFilter, ImageMode, NewProduct, ProductEdit, ProductFilter, ProductImages,
};
use crate::Client as NhanhClient;

/// §9.2: 1 New — sellable in the offline stores, not yet on a website.
pub const NEW_PRODUCT_STATUS: i64 = 1;

/// §9.2: 3 Stopped — hidden everywhere (what retiring a product sets).
pub const STOPPED_PRODUCT_STATUS: i64 = 3;

fn product_id(l: &CreatedListing) -> Result<i64> {
    l.product_id.trim().parse().map_err(|_| {
        vendor_http::Error::invalid_input(format!("{} is not a Nhanh product id", l.product_id))
    })
}

/// The `product/edit` body writing `fields` of `draft` to the product of listing `l` (one variant: its
/// name carries its options, as at create).
pub fn edit_of(
    draft: &ProductDraft,
    l: &CreatedListing,
    fields: &[SharedField],
) -> Result<ProductEdit> {
    let has = |f| fields.contains(&f);
    let v = draft.variants.iter().find(|v| v.sku.trim() == l.sku);
    Ok(ProductEdit {
        id: product_id(l)?,
        name: v
            .map(|v| draft.variant_name(v))
            .filter(|_| has(SharedField::Name)),
        price: v
            .map(|v| draft.price_of(v))
            .filter(|_| has(SharedField::Price)),
        shipping_weight: has(SharedField::Weight).then_some(draft.weight_grams),
        // `""` removes it (Nhanh clears a field sent empty)
        barcode: v
            .filter(|_| has(SharedField::Barcode))
            .map(|v| v.barcode.clone().unwrap_or_default()),
        ..Default::default()
    })
}

/// The `product/add` item of variant `index` of `draft`.
pub fn to_nhanh(draft: &ProductDraft, fields: &NhanhFields, index: usize) -> Option<NewProduct> {
    let v = draft.variants.get(index)?;
    let sku = v.sku.trim().to_string();
    Some(NewProduct {
        app_product_id: sku.clone(),
        name: draft.variant_name(v),
        code: Some(sku),
        barcode: v
            .barcode
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(str::to_string),
        price: Some(draft.price_of(v)),
        shipping_weight: Some(draft.weight_grams),
        status: Some(NEW_PRODUCT_STATUS),
        category_id: fields.category_id,
        description: draft
            .description
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        external_images: draft.images.iter().map(|u| u.trim().to_string()).collect(),
        ..Default::default()
    })
}

impl ProductSink for NhanhClient {
    fn layout(&self) -> ProductLayout {
        ProductLayout::PerVariant
    }

    fn create_product<'a>(
        &'a self,
        draft: &'a ProductDraft,
        fields: &'a VendorFields,
        variants: &'a [usize],
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let VendorFields::Nhanh(f) = fields else {
                return Err(vendor_http::Error::invalid_input(
                    "these are not a Nhanh product's fields",
                ));
            };
            let item = match variants {
                [i] => to_nhanh(draft, f, *i),
                _ => None,
            }
            .ok_or_else(|| vendor_http::Error::invalid_input("a Nhanh product is one variant"))?;
            let created = self.add_products(std::slice::from_ref(&item)).await?;
            created
                .iter()
                .find(|r| r.app_product_id == item.app_product_id && r.id > 0)
                .or_else(|| created.iter().find(|r| r.id > 0))
                .map(|r| r.id.to_string())
                .ok_or_else(|| {
                    vendor_http::Error::decode(
                        "product/add answered no product id",
                        b"",
                        &vendor_http::Redactor::default(),
                    )
                })
        })
    }

    fn find_skus<'a>(&'a self, skus: &'a [String]) -> BoxFuture<'a, Result<Vec<CreatedListing>>> {
        Box::pin(async move {
            let mut found = Vec::new();
            for sku in skus {
                let filter = ProductFilter {
                    name: Some(sku.clone()),
                    ..Default::default()
                };
                if let Some(p) = self
                    .products(&filter)
                    .await?
                    .into_iter()
                    .find(|p| p.code == *sku && p.id > 0)
                {
                    found.push(CreatedListing {
                        sku: sku.clone(),
                        product_id: p.id.to_string(),
                        variation_id: String::new(),
                        name: p.name,
                    });
                }
            }
            Ok(found)
        })
    }

    fn options(&self) -> BoxFuture<'_, Result<ProductOptions>> {
        Box::pin(async move {
            let all = self.categories(&CategoryFilter::default()).await?;
            // each named with its parents' names, as the owner finds it in Nhanh
            let name_of = |id: i64| all.iter().find(|c| c.id == id).map(|c| c.name.trim());
            let categories = all
                .iter()
                .filter(|c| c.id > 0)
                .map(|c| {
                    let mut name = c.name.trim().to_string();
                    let mut parent = c.parent_id;
                    let mut hops = 0;
                    while let (Some(p), true) = (name_of(parent), hops < 8) {
                        name = format!("{p} › {name}");
                        parent = all
                            .iter()
                            .find(|x| x.id == parent)
                            .map_or(0, |x| x.parent_id);
                        hops += 1;
                    }
                    ProductCategory { id: c.id, name }
                })
                .collect();
            Ok(ProductOptions {
                choices: Vec::new(),
                categories,
            })
        })
    }

    fn editable(&self) -> &'static [SharedField] {
        SharedField::ALL
    }

    fn update_product<'a>(
        &'a self,
        draft: &'a ProductDraft,
        listings: &'a [CreatedListing],
        fields: &'a [SharedField],
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let others = fields.iter().any(|f| *f != SharedField::Images);
            for l in listings {
                if others {
                    self.edit_product(&edit_of(draft, l, fields)?).await?;
                }
            }
            if fields.contains(&SharedField::Images) {
                // `product/externalimage` replaces each product's set (no images: delete them all)
                let items: Vec<ProductImages> = listings
                    .iter()
                    .map(|l| {
                        Ok(ProductImages {
                            id: product_id(l)?,
                            mode: if draft.images.is_empty() {
                                ImageMode::Deleteall
                            } else {
                                ImageMode::Update
                            },
                            images: draft.images.clone(),
                        })
                    })
                    .collect::<Result<_>>()?;
                for chunk in items.chunks(crate::products::MAX_IMAGE_PRODUCTS) {
                    self.set_external_images(chunk).await?;
                }
            }
            Ok(())
        })
    }

    fn can_retire(&self) -> bool {
        true
    }

    fn retire<'a>(&'a self, listings: &'a [CreatedListing]) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            for l in listings {
                let edit = ProductEdit {
                    id: product_id(l)?,
                    status: Some(STOPPED_PRODUCT_STATUS),
                    ..Default::default()
                };
                self.edit_product(&edit).await?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdesk_core::product::{generate_variants, ProductAttribute, ProductTarget};

    /// The documented `product/add` example, less what ShopDesk does not send (import, old and wholesale
    /// prices, VAT, long content, tags) and with our code, which the example leaves out.
    const DOC_EXAMPLE: &str = r#"[{"appProductId": "PID001", "name": "Sản phẩm 1", "status": 1,
      "price": 100000, "shippingWeight": 300, "code": "PID001",
      "description": "Mô tả ngắn 1"}]"#;

    fn draft() -> ProductDraft {
        ProductDraft {
            reference: "SD-SP-1".into(),
            name: "Sản phẩm 1".into(),
            sku: "PID001".into(),
            price: 100_000,
            weight_grams: 300,
            length_cm: None,
            width_cm: None,
            height_cm: None,
            description: Some("Mô tả ngắn 1".into()),
            images: vec![],
            attributes: vec![],
            variants: generate_variants("PID001", &[], &[]),
            targets: vec![ProductTarget {
                account_id: "nhanh-1".into(),
                fields: VendorFields::Nhanh(NhanhFields::default()),
            }],
        }
    }

    #[test]
    fn a_product_maps_to_the_documented_example() {
        let body = serde_json::to_value([to_nhanh(&draft(), &NhanhFields::default(), 0).unwrap()])
            .unwrap();
        let want: serde_json::Value = serde_json::from_str(DOC_EXAMPLE).unwrap();
        assert_eq!(body, want);
    }

    #[test]
    fn each_variant_is_a_product_named_with_its_options() {
        let mut d = draft();
        d.attributes = vec![ProductAttribute {
            name: "Màu".into(),
            values: vec!["Đen".into(), "Trắng".into()],
        }];
        d.variants = generate_variants("PID001", &d.attributes, &[]);
        d.variants[1].price = Some(120_000);
        d.images = vec!["https://files.example/a.jpg".into()];
        let f = NhanhFields {
            category_id: Some(7),
        };
        let white = to_nhanh(&d, &f, 1).unwrap();
        assert_eq!(white.name, "Sản phẩm 1 - Trắng");
        assert_eq!(white.code.as_deref(), Some("PID001-TRANG"));
        assert_eq!(white.app_product_id, "PID001-TRANG");
        assert_eq!(white.price, Some(120_000));
        assert_eq!(white.category_id, Some(7));
        assert_eq!(white.external_images, ["https://files.example/a.jpg"]);
        assert!(to_nhanh(&d, &f, 2).is_none());
    }

    /// The documented `product/edit` example, less what ShopDesk does not edit (import, old and wholesale
    /// prices, tags), id as a number.
    #[test]
    fn an_edit_maps_to_the_documented_example() {
        let mut d = draft();
        d.name = "Sản phẩm 3".into();
        d.sku = "PID003".into();
        d.variants = generate_variants("PID003", &[], &[]);
        d.weight_grams = 300;
        let l = CreatedListing {
            sku: "PID003".into(),
            product_id: "12401".into(),
            variation_id: String::new(),
            name: String::new(),
        };
        let all = [SharedField::Name, SharedField::Price, SharedField::Weight];
        let body = serde_json::to_value(edit_of(&d, &l, &all).unwrap()).unwrap();
        let want: serde_json::Value = serde_json::from_str(
            r#"{"id": 12401, "name": "Sản phẩm 3", "price": 100000, "shippingWeight": 300}"#,
        )
        .unwrap();
        assert_eq!(body, want);
        let only_price =
            serde_json::to_value(edit_of(&d, &l, &[SharedField::Price]).unwrap()).unwrap();
        assert_eq!(
            only_price,
            serde_json::json!({"id": 12401, "price": 100000})
        );
        let bad = CreatedListing {
            product_id: "abc".into(),
            ..l
        };
        assert!(edit_of(&d, &bad, &all).is_err());
    }
}

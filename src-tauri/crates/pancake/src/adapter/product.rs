//! Pancake POS: the `shopdesk_core::ports::products::ProductSink` port on [`PancakeClient`]. One product
//! holds every variant (`product_attributes` + `variations[].fields`, digest §3.7.1); the product's SKU is
//! its `custom_id`, each variant's its own `custom_id`. Create answers only `{"success": true}`, so the
//! new ids are read back from the variations list by SKU, which is also the lookup before any resend.

use futures::future::BoxFuture;
use serde_json::{json, Map};
use shopdesk_core::ports::products::{CreatedListing, ProductLayout, ProductSink};
use shopdesk_core::product::{
    PancakeFields, ProductCategory, ProductDraft, ProductOptions, SharedField, VendorFields,
};
use vendor_http::Result;

use crate::api::products::{
    AttributeValue, ProductAttribute, ProductInput, ProductPatch, VariationInput, VariationPatch,
};
use crate::{PancakeClient, VariationQuery};

/// Pages of the variations list read per SKU looked up (a search by SKU matches a handful).
const FIND_PAGES: u32 = 5;
const FIND_PAGE_SIZE: u32 = 100;

/// The `product` body of create for `draft` with `variants` (indices into `draft.variants`).
pub fn to_pancake(
    draft: &ProductDraft,
    fields: &PancakeFields,
    variants: &[usize],
) -> ProductInput {
    let size = match (draft.length_cm, draft.width_cm, draft.height_cm) {
        (None, None, None) => None,
        (l, w, h) => Some(json!({"length": l, "width": w, "height": h})),
    };
    let images: Vec<String> = draft.images.iter().map(|u| u.trim().to_string()).collect();
    ProductInput {
        name: Some(draft.name.trim().to_string()),
        weight: Some(draft.weight_grams),
        custom_id: Some(draft.sku.trim().to_string()),
        category_ids: fields.category_ids.clone(),
        note_product: draft
            .description
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        product_attributes: draft
            .attributes
            .iter()
            .map(|a| ProductAttribute {
                name: a.name.trim().to_string(),
                values: a.values.iter().map(|v| v.trim().to_string()).collect(),
            })
            .collect(),
        variations: variants
            .iter()
            .filter_map(|i| draft.variants.get(*i))
            .map(|v| {
                let mut extra = Map::new();
                if let Some(size) = &size {
                    extra.insert("size".into(), size.clone());
                }
                VariationInput {
                    retail_price: draft.price_of(v),
                    weight: draft.weight_grams,
                    fields: draft
                        .attributes
                        .iter()
                        .zip(&v.options)
                        .map(|(a, o)| AttributeValue {
                            name: a.name.trim().to_string(),
                            value: o.trim().to_string(),
                            ..Default::default()
                        })
                        .collect(),
                    images: images.clone(),
                    barcode: v
                        .barcode
                        .as_deref()
                        .map(str::trim)
                        .filter(|b| !b.is_empty())
                        .map(str::to_string),
                    custom_id: Some(v.sku.trim().to_string()),
                    is_hidden: Some(false),
                    extra,
                    ..Default::default()
                }
            })
            .collect(),
        ..Default::default()
    }
}

/// The update of one product's `listings` (its variations) with `fields` of `draft` (digest §3.7.2:
/// each variation by its `id`, only the named fields).
pub fn edit_patch(
    draft: &ProductDraft,
    listings: &[CreatedListing],
    fields: &[SharedField],
) -> ProductPatch {
    let has = |f| fields.contains(&f);
    let weight = has(SharedField::Weight).then_some(draft.weight_grams);
    let per_variation = has(SharedField::Price)
        || weight.is_some()
        || has(SharedField::Images)
        || has(SharedField::Barcode);
    ProductPatch {
        name: has(SharedField::Name).then(|| draft.name.trim().to_string()),
        weight,
        variations: listings
            .iter()
            .filter(|_| per_variation)
            .map(|l| {
                let v = draft.variants.iter().find(|v| v.sku.trim() == l.sku);
                VariationPatch {
                    id: l.variation_id.clone(),
                    retail_price: v
                        .map(|v| draft.price_of(v))
                        .filter(|_| has(SharedField::Price)),
                    weight,
                    is_hidden: None,
                    images: has(SharedField::Images).then(|| draft.images.clone()),
                    barcode: v
                        .filter(|_| has(SharedField::Barcode))
                        .map(|v| v.barcode.clone().unwrap_or_default()),
                }
            })
            .collect(),
    }
}

/// Hide `listings` (digest §3.7.1 `is_hidden`), grouped by their product.
fn hide_patches(listings: &[CreatedListing]) -> Vec<(String, ProductPatch)> {
    let mut out: Vec<(String, ProductPatch)> = Vec::new();
    for l in listings {
        let patch = VariationPatch {
            id: l.variation_id.clone(),
            is_hidden: Some(true),
            ..Default::default()
        };
        match out.iter_mut().find(|(p, _)| *p == l.product_id) {
            Some((_, p)) => p.variations.push(patch),
            None => out.push((
                l.product_id.clone(),
                ProductPatch {
                    variations: vec![patch],
                    ..Default::default()
                },
            )),
        }
    }
    out
}

/// The categories of the tree, each named with its parents' names (`Áo › Áo thun`); ids that are not
/// numbers are left out (`category_ids` are integers).
pub fn flatten_categories(tree: &[crate::api::products::Category]) -> Vec<ProductCategory> {
    fn walk(
        nodes: &[crate::api::products::Category],
        prefix: &str,
        out: &mut Vec<ProductCategory>,
    ) {
        for c in nodes {
            let name = if prefix.is_empty() {
                c.text.trim().to_string()
            } else {
                format!("{prefix} › {}", c.text.trim())
            };
            if let Ok(id) = c.id.as_str().trim().parse::<i64>() {
                out.push(ProductCategory {
                    id,
                    name: name.clone(),
                });
            }
            walk(&c.nodes, &name, out);
        }
    }
    let mut out = Vec::new();
    walk(tree, "", &mut out);
    out
}

/// The product ids of `listings`, once each, in order.
fn products_of(listings: &[CreatedListing]) -> Vec<&str> {
    let mut ids: Vec<&str> = Vec::new();
    for l in listings {
        if !ids.contains(&l.product_id.as_str()) {
            ids.push(&l.product_id);
        }
    }
    ids
}

impl ProductSink for PancakeClient {
    fn layout(&self) -> ProductLayout {
        ProductLayout::Grouped
    }

    fn create_product<'a>(
        &'a self,
        draft: &'a ProductDraft,
        fields: &'a VendorFields,
        variants: &'a [usize],
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let VendorFields::Pancake(f) = fields else {
                return Err(vendor_http::Error::invalid_input(
                    "these are not a Pancake product's fields",
                ));
            };
            let body = to_pancake(draft, f, variants);
            self.create_product(&body).await?;
            // the answer carries no id: read the new variations back by SKU
            let skus: Vec<String> = body
                .variations
                .iter()
                .filter_map(|v| v.custom_id.clone())
                .collect();
            let found = ProductSink::find_skus(self, &skus).await?;
            Ok(found
                .into_iter()
                .map(|l| l.product_id)
                .find(|id| !id.is_empty())
                .unwrap_or_else(|| draft.sku.trim().to_string()))
        })
    }

    fn find_skus<'a>(&'a self, skus: &'a [String]) -> BoxFuture<'a, Result<Vec<CreatedListing>>> {
        Box::pin(async move {
            let mut found = Vec::new();
            for sku in skus {
                for page in 1..=FIND_PAGES {
                    let query = VariationQuery {
                        search: Some(sku.clone()),
                        page_number: Some(page),
                        page_size: Some(FIND_PAGE_SIZE),
                        ..Default::default()
                    };
                    let p = self.list_variations(&query).await?;
                    let hit = p.data.iter().find(|v| {
                        v.is_removed != Some(true)
                            && (v.custom_id.as_deref() == Some(sku.as_str())
                                || v.sku() == Some(sku.as_str()))
                    });
                    if let Some(v) = hit {
                        let product_id = v
                            .product_id
                            .clone()
                            .filter(|s| !s.is_empty())
                            .or_else(|| v.product.as_ref().and_then(|p| p.id.clone()))
                            .unwrap_or_default();
                        found.push(CreatedListing {
                            sku: sku.clone(),
                            product_id,
                            variation_id: v.id.clone(),
                            name: v
                                .product
                                .as_ref()
                                .and_then(|p| p.name.clone())
                                .unwrap_or_default(),
                        });
                        break;
                    }
                    let last = p.total_pages.is_none_or(|t| i64::from(page) >= t)
                        || p.data.len() < FIND_PAGE_SIZE as usize;
                    if last {
                        break;
                    }
                }
            }
            Ok(found)
        })
    }

    fn options(&self) -> BoxFuture<'_, Result<ProductOptions>> {
        Box::pin(async move {
            Ok(ProductOptions {
                choices: Vec::new(),
                categories: flatten_categories(&self.categories().await?),
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
            for id in products_of(listings) {
                let mine: Vec<CreatedListing> = listings
                    .iter()
                    .filter(|l| l.product_id == id)
                    .cloned()
                    .collect();
                self.update_product(id, &edit_patch(draft, &mine, fields))
                    .await?;
            }
            Ok(())
        })
    }

    fn can_retire(&self) -> bool {
        true
    }

    fn retire<'a>(&'a self, listings: &'a [CreatedListing]) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            for (id, patch) in hide_patches(listings) {
                self.update_product(&id, &patch).await?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdesk_core::product::{generate_variants, ProductAttribute as Attr, ProductTarget};

    /// The documented create example (digest §3.7.1), less what ShopDesk does not send (tags, prices at
    /// the counter and of purchase, opening stock); a variation weighs what its product weighs (the
    /// example's variation says 0 g).
    const DOC_EXAMPLE: &str = r#"{"name": "Ao so mi nam", "custom_id": "PCUSTOMID", "weight": 1,
      "category_ids": [1290021044, 201250699], "note_product": "Ghi chú sản phẩm",
      "product_attributes": [{"name": "Màu", "values": ["Đen", "Trắng", "Đỏ"]}, {"name": "Size", "values": ["S", "M", "L"]}],
      "variations": [{"fields": [{"name": "Màu", "value": "Trắng"}, {"name": "Size", "value": "M"}],
                      "images": ["https://statics.pancake.vn/user-content.pancake.vn/2021/8/5/fccd6.jpg"],
                      "retail_price": 140000,
                      "weight": 1, "barcode": "BARCODE123", "custom_id": "VCUSTOMID", "is_hidden": false}]}"#;

    #[test]
    fn a_product_maps_to_the_documented_example() {
        let attributes = vec![
            Attr {
                name: "Màu".into(),
                values: vec!["Đen".into(), "Trắng".into(), "Đỏ".into()],
            },
            Attr {
                name: "Size".into(),
                values: vec!["S".into(), "M".into(), "L".into()],
            },
        ];
        let mut variants = generate_variants("PCUSTOMID", &attributes, &[]);
        let white_m = variants
            .iter()
            .position(|v| v.options == ["Trắng", "M"])
            .unwrap();
        variants[white_m].sku = "VCUSTOMID".into();
        variants[white_m].barcode = Some("BARCODE123".into());
        let fields = PancakeFields {
            category_ids: vec![1290021044, 201250699],
        };
        let draft = ProductDraft {
            reference: "SD-SP-1".into(),
            name: "Ao so mi nam".into(),
            sku: "PCUSTOMID".into(),
            price: 140_000,
            weight_grams: 1,
            length_cm: None,
            width_cm: None,
            height_cm: None,
            description: Some("Ghi chú sản phẩm".into()),
            images: vec![
                "https://statics.pancake.vn/user-content.pancake.vn/2021/8/5/fccd6.jpg".into(),
            ],
            attributes,
            variants,
            targets: vec![ProductTarget {
                account_id: "pancake-1".into(),
                fields: VendorFields::Pancake(fields.clone()),
            }],
        };
        let body = serde_json::to_value(to_pancake(&draft, &fields, &[white_m])).unwrap();
        let want: serde_json::Value = serde_json::from_str(DOC_EXAMPLE).unwrap();
        assert_eq!(body, want);

        // every variant, each with its own SKU and the product's size
        let mut sized = draft.clone();
        sized.length_cm = Some(30);
        let all: Vec<usize> = (0..sized.variants.len()).collect();
        let body = to_pancake(&sized, &fields, &all);
        assert_eq!(body.variations.len(), 9);
        assert_eq!(
            body.variations[0].custom_id.as_deref(),
            Some("PCUSTOMID-DEN-S")
        );
        assert_eq!(
            serde_json::to_value(&body.variations[0]).unwrap()["size"],
            json!({"length": 30, "width": null, "height": null})
        );
    }

    #[test]
    fn an_edit_sends_each_variation_by_id_with_only_the_changed_fields() {
        let mut d = ProductDraft {
            reference: "SD-SP-1".into(),
            name: "Áo mới".into(),
            sku: "AT".into(),
            price: 170_000,
            weight_grams: 300,
            length_cm: None,
            width_cm: None,
            height_cm: None,
            description: None,
            images: vec![],
            attributes: vec![Attr {
                name: "Màu".into(),
                values: vec!["Đen".into(), "Trắng".into()],
            }],
            variants: vec![],
            targets: vec![],
        };
        d.variants = generate_variants("AT", &d.attributes, &[]);
        let listing = |sku: &str, v: &str| CreatedListing {
            sku: sku.into(),
            product_id: "p1".into(),
            variation_id: v.into(),
            name: String::new(),
        };
        let ls = [listing("AT-DEN", "v1"), listing("AT-TRANG", "v2")];
        let body = serde_json::to_value(edit_patch(&d, &ls, &[SharedField::Price])).unwrap();
        assert_eq!(
            body,
            json!({"variations": [{"id": "v1", "retail_price": 170000}, {"id": "v2", "retail_price": 170000}]})
        );
        let body = serde_json::to_value(edit_patch(&d, &ls, &[SharedField::Name])).unwrap();
        assert_eq!(body, json!({"name": "Áo mới"}));
        let hide = hide_patches(&ls);
        assert_eq!(hide.len(), 1);
        assert_eq!(
            serde_json::to_value(&hide[0].1).unwrap(),
            json!({"variations": [{"id": "v1", "is_hidden": true}, {"id": "v2", "is_hidden": true}]})
        );
    }
}

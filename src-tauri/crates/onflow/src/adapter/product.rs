//! Onflow: the `shopdesk_core::ports::products::ProductSink` port on [`OnflowClient`]. Onflow has no
//! variants, so each variant is its own product (its SKU Onflow's `sku`, unique per business:
//! `ALREADY_EXISTS`), with the colour and size options in `product_size` / `product_color`. A new product
//! is `NEW` and unusable until assigned to warehouses: that is the `finish` step, repeated safely.
//! Blank Onflow fields take [`crate::assumptions::product_defaults`].

use futures::future::BoxFuture;
use shopdesk_core::ports::products::{CreatedListing, ProductLayout, ProductSink};
use shopdesk_core::product::{
    FieldChoices, OnflowFields, ProductDraft, ProductOptions, VendorFields, COLOR_NAMES, SIZE_NAMES,
};
use vendor_http::Result;

use crate::assumptions::product_defaults as defaults;
use crate::{NewProduct, OnflowClient, ProductQuery};

fn or_default(v: &Option<String>, default: &str) -> Option<String> {
    Some(
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(default)
            .to_string(),
    )
}

/// The Create Product body of variant `index` of `draft`.
pub fn to_onflow(draft: &ProductDraft, fields: &OnflowFields, index: usize) -> Option<NewProduct> {
    let v = draft.variants.get(index)?;
    let dim = |x: Option<i64>| x.map(|x| x as f64);
    let text = |s: Option<&str>| s.map(str::to_string);
    Some(NewProduct {
        sku: v.sku.trim().to_string(),
        name: draft.variant_name(v),
        brand_id: fields.brand_id,
        product_type: or_default(&fields.product_type, defaults::PRODUCT_TYPE),
        product_unit: or_default(&fields.product_unit, defaults::PRODUCT_UNIT),
        product_barcodes: v
            .barcode
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(|b| vec![b.to_string()])
            .unwrap_or_default(),
        weight: Some(draft.weight_grams as f64),
        length: dim(draft.length_cm),
        width: dim(draft.width_cm),
        height: dim(draft.height_cm),
        product_size: text(draft.option_named(v, &SIZE_NAMES)),
        product_color: text(draft.option_named(v, &COLOR_NAMES)),
        product_price: Some(draft.price_of(v)),
        product_image_url_main: draft.images.first().map(|u| u.trim().to_string()),
        product_image_url_secondary: draft.images.get(1).map(|u| u.trim().to_string()),
        product_characteristics: fields.characteristics.clone(),
        min_stock_warning: None,
        storage_method: or_default(&fields.storage_method, defaults::STORAGE_METHOD),
        inventory_tracking_type: or_default(
            &fields.inventory_tracking_type,
            defaults::INVENTORY_TRACKING_TYPE,
        ),
        outbound_strategy: or_default(&fields.outbound_strategy, defaults::OUTBOUND_STRATEGY),
        shelf_life: None,
        min_shelf_life_inbound: None,
        min_shelf_life_outbound: None,
    })
}

fn onflow_fields(fields: &VendorFields) -> Result<&OnflowFields> {
    match fields {
        VendorFields::Onflow(f) => Ok(f),
        _ => Err(vendor_http::Error::invalid_input(
            "these are not an Onflow product's fields",
        )),
    }
}

/// The values the form offers for Onflow's own fields, with the defaults a blank field takes.
pub fn onflow_options() -> ProductOptions {
    let choice = |field: &str, values: &[&str], default: Option<&str>| FieldChoices {
        field: field.to_string(),
        values: values.iter().map(|v| v.to_string()).collect(),
        default: default.map(str::to_string),
    };
    ProductOptions {
        choices: vec![
            choice(
                "productType",
                defaults::PRODUCT_TYPES,
                Some(defaults::PRODUCT_TYPE),
            ),
            choice(
                "productUnit",
                defaults::PRODUCT_UNITS,
                Some(defaults::PRODUCT_UNIT),
            ),
            choice(
                "storageMethod",
                defaults::STORAGE_METHODS,
                Some(defaults::STORAGE_METHOD),
            ),
            choice(
                "inventoryTrackingType",
                defaults::INVENTORY_TRACKING_TYPES,
                Some(defaults::INVENTORY_TRACKING_TYPE),
            ),
            choice(
                "outboundStrategy",
                defaults::OUTBOUND_STRATEGIES,
                Some(defaults::OUTBOUND_STRATEGY),
            ),
            choice("characteristics", defaults::CHARACTERISTICS, None),
        ],
        categories: Vec::new(),
    }
}

impl ProductSink for OnflowClient {
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
            let f = onflow_fields(fields)?;
            let body = match variants {
                [i] => to_onflow(draft, f, *i),
                _ => None,
            }
            .ok_or_else(|| vendor_http::Error::invalid_input("an Onflow product is one variant"))?;
            Ok(self.create_product(&body).await?.oasin)
        })
    }

    fn find_skus<'a>(&'a self, skus: &'a [String]) -> BoxFuture<'a, Result<Vec<CreatedListing>>> {
        Box::pin(async move {
            let mut found = Vec::new();
            for sku in skus {
                let query = ProductQuery {
                    sku: Some(sku.clone()),
                    ..Default::default()
                };
                // the filter narrows the walk; the match is exact here whatever the filter does
                if let Some(p) = self
                    .list_all_products(&query)
                    .await?
                    .into_iter()
                    .find(|p| p.sku == *sku && !p.oasin.is_empty())
                {
                    found.push(CreatedListing {
                        sku: p.sku,
                        product_id: p.oasin,
                        variation_id: String::new(),
                        name: p.name,
                    });
                }
            }
            Ok(found)
        })
    }

    fn finish<'a>(
        &'a self,
        fields: &'a VendorFields,
        listings: &'a [CreatedListing],
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let f = onflow_fields(fields)?;
            let codes: Vec<String> = f
                .warehouse_codes
                .iter()
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty())
                .collect();
            if codes.is_empty() {
                return Ok(());
            }
            for l in listings {
                self.assign_product(&l.product_id, &codes).await?;
            }
            Ok(())
        })
    }

    fn options(&self) -> BoxFuture<'_, Result<ProductOptions>> {
        Box::pin(async { Ok(onflow_options()) })
    }

    /// Onflow documents no product update (onflow.md §8.2): `editable` stays empty and an edit shows
    /// Onflow as "edit it in Onflow's portal". Deactivate Product (§8.2.6) retires.
    fn can_retire(&self) -> bool {
        true
    }

    fn retire<'a>(&'a self, listings: &'a [CreatedListing]) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            for l in listings {
                self.deactivate_product(&l.product_id).await?;
            }
            Ok(())
        })
    }

    /// `ALREADY_EXISTS`: the SKU is held (documented for `sku`).
    fn is_duplicate_sku(&self, err: &vendor_http::Error) -> bool {
        err.vendor_code() == Some(crate::assumptions::DUPLICATE_REFERENCE_CODE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdesk_core::product::{generate_variants, ProductAttribute, ProductTarget};

    /// The documented Create Product example, as far as the docs show it.
    const DOC_EXAMPLE: &str = r#"{
      "sku": "111111", "name": "onflow", "brand_id": 2240,
      "product_type": "PHYSICAL", "product_unit": "PACKAGE",
      "product_barcodes": ["11111"],
      "weight": 10, "length": 10, "width": 10, "height": 10,
      "product_size": "Nhỏ", "product_color": "Đỏ", "product_price": 200000,
      "product_image_url_main": "https://cf.shopee.vn/file/image.jpg",
      "product_image_url_secondary": "https://cf.shopee.vn/file/image.jpg",
      "product_characteristics": ["HIGH_VALUE"],
      "storage_method": "NORMAL",
      "inventory_tracking_type": "NONE", "outbound_strategy": "FIFO"
    }"#;

    fn example_draft() -> (ProductDraft, OnflowFields) {
        let attributes = vec![
            ProductAttribute {
                name: "Màu".into(),
                values: vec!["Đỏ".into()],
            },
            ProductAttribute {
                name: "Kích cỡ".into(),
                values: vec!["Nhỏ".into()],
            },
        ];
        let mut variants = generate_variants("111111", &attributes, &[]);
        variants[0].sku = "111111".into();
        variants[0].barcode = Some("11111".into());
        let fields = OnflowFields {
            characteristics: vec!["HIGH_VALUE".into()],
            brand_id: Some(2240),
            warehouse_codes: vec!["ONF_WH_HN_LB".into()],
            ..Default::default()
        };
        let draft = ProductDraft {
            reference: "SD-SP-1".into(),
            name: "onflow".into(),
            sku: "111111".into(),
            price: 200_000,
            weight_grams: 10,
            length_cm: Some(10),
            width_cm: Some(10),
            height_cm: Some(10),
            description: None,
            images: vec![
                "https://cf.shopee.vn/file/image.jpg".into(),
                "https://cf.shopee.vn/file/image.jpg".into(),
            ],
            attributes,
            variants,
            targets: vec![ProductTarget {
                account_id: "onflow-1".into(),
                fields: VendorFields::Onflow(fields.clone()),
            }],
        };
        (draft, fields)
    }

    #[test]
    fn a_variant_maps_to_the_documented_example() {
        let (draft, fields) = example_draft();
        let body = serde_json::to_value(to_onflow(&draft, &fields, 0).unwrap()).unwrap();
        let mut want: serde_json::Value = serde_json::from_str(DOC_EXAMPLE).unwrap();
        // the variant's name carries its options (Onflow lists each variant as its own product)
        want["name"] = "onflow - Đỏ / Nhỏ".into();
        assert_eq!(body, want);
    }

    #[test]
    fn the_options_offer_every_value_the_docs_show_with_the_defaults_a_blank_field_takes() {
        let o = onflow_options();
        let get = |f: &str| o.choices.iter().find(|c| c.field == f).expect(f);
        assert_eq!(get("outboundStrategy").values, ["FIFO", "LIFO"]);
        assert_eq!(
            get("inventoryTrackingType").default.as_deref(),
            Some("NONE")
        );
        // each default is one of its values, and is what a blank field sends
        let (draft, _) = example_draft();
        let body =
            serde_json::to_value(to_onflow(&draft, &OnflowFields::default(), 0).unwrap()).unwrap();
        for c in o.choices.iter().filter(|c| c.default.is_some()) {
            let d = c.default.as_deref().unwrap();
            assert!(c.values.iter().any(|v| v == d), "{c:?}");
            let key = match c.field.as_str() {
                "productType" => "product_type",
                "productUnit" => "product_unit",
                "storageMethod" => "storage_method",
                "inventoryTrackingType" => "inventory_tracking_type",
                _ => "outbound_strategy",
            };
            assert_eq!(body[key], d, "{key}");
        }
    }

    #[test]
    fn blank_fields_take_the_documented_defaults_and_no_options_means_no_size_or_colour() {
        let (mut draft, _) = example_draft();
        draft.attributes.clear();
        draft.variants = generate_variants("AT01", &[], &[]);
        draft.images.truncate(1);
        let body = to_onflow(&draft, &OnflowFields::default(), 0).unwrap();
        assert_eq!(body.name, "onflow");
        assert_eq!(body.sku, "AT01");
        assert_eq!(body.product_type.as_deref(), Some("PHYSICAL"));
        assert_eq!(body.outbound_strategy.as_deref(), Some("FIFO"));
        assert_eq!(body.product_size, None);
        assert_eq!(body.product_color, None);
        assert!(body.product_barcodes.is_empty());
        assert_eq!(body.product_image_url_secondary, None);
        assert!(to_onflow(&draft, &OnflowFields::default(), 1).is_none());
    }
}

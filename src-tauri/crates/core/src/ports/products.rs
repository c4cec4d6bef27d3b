//! Port: creating a product at a vendor, exactly once. The record carries its SKU as the vendor's own
//! code (Onflow `sku`, Pancake `custom_id`, Nhanh `code`), so a lost answer is looked up by SKU before
//! anything is sent again; what follows a create (Onflow: mapping the product to its warehouses) is a
//! separate step that can be repeated safely.

use futures::future::BoxFuture;
use vendor_http::Result;

use crate::product::{ProductDraft, ProductOptions, SharedField, VendorFields};

/// How a vendor holds the variants of one product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductLayout {
    /// One record per variant (Onflow, Nhanh): each is created, looked up and finished on its own.
    PerVariant,
    /// One record holding every variation (Pancake).
    Grouped,
}

/// A listing a product send created or found: its SKU, the vendor's ids as the catalog keys them
/// (`vendor_product_id`, `vendor_variation_id`; empty where the vendor has no variations), and the name
/// of the record that carries it (the product's for a grouped vendor, the variant's otherwise), which
/// tells a record of ours from someone else's with the same SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedListing {
    pub sku: String,
    pub product_id: String,
    pub variation_id: String,
    pub name: String,
}

pub trait ProductSink: Send + Sync {
    fn layout(&self) -> ProductLayout;

    /// Create the record of `variants` (indices into `draft.variants`: one for
    /// [`ProductLayout::PerVariant`], all of them for [`ProductLayout::Grouped`]) with the account's
    /// `fields`. Answers the vendor's id of the record. Never retried by the client.
    fn create_product<'a>(
        &'a self,
        draft: &'a ProductDraft,
        fields: &'a VendorFields,
        variants: &'a [usize],
    ) -> BoxFuture<'a, Result<String>>;

    /// The listings carrying exactly these SKUs at the vendor (none found: empty). The lookup before any
    /// resend, and how the ids of a new record are learnt.
    fn find_skus<'a>(&'a self, skus: &'a [String]) -> BoxFuture<'a, Result<Vec<CreatedListing>>>;

    /// What follows a create, safe to repeat (Onflow: assign the products to the chosen warehouses).
    fn finish<'a>(
        &'a self,
        fields: &'a VendorFields,
        listings: &'a [CreatedListing],
    ) -> BoxFuture<'a, Result<()>> {
        let _ = (fields, listings);
        Box::pin(async { Ok(()) })
    }

    /// What the form offers for the vendor's own fields: the values of its enumerated fields with their
    /// defaults, and the categories of its catalog (read from the vendor).
    fn options(&self) -> BoxFuture<'_, Result<ProductOptions>> {
        Box::pin(async { Ok(ProductOptions::default()) })
    }

    /// The shared fields the vendor's API can change on a record it holds (none: the product is edited
    /// in the vendor's portal).
    fn editable(&self) -> &'static [SharedField] {
        &[]
    }

    /// Write `fields` of `draft` (the product as it is after the edit) to the records of `listings`.
    /// Absolute values: sending the same edit again leaves the vendor as one send does.
    fn update_product<'a>(
        &'a self,
        draft: &'a ProductDraft,
        listings: &'a [CreatedListing],
        fields: &'a [SharedField],
    ) -> BoxFuture<'a, Result<()>> {
        let _ = (draft, listings, fields);
        Box::pin(async {
            Err(vendor_http::Error::invalid_input(
                "this vendor's API cannot edit a product",
            ))
        })
    }

    /// Whether the vendor's API can stop selling a record.
    fn can_retire(&self) -> bool {
        false
    }

    /// Stop selling the records of `listings` (Onflow: deactivate; the POS vendors: hide or stop
    /// selling). Repeating it changes nothing more.
    fn retire<'a>(&'a self, listings: &'a [CreatedListing]) -> BoxFuture<'a, Result<()>> {
        let _ = listings;
        Box::pin(async {
            Err(vendor_http::Error::invalid_input(
                "this vendor's API cannot retire a product",
            ))
        })
    }

    /// Whether `err`, answered to a create, says the SKU is held already (then it is looked up, never
    /// sent again).
    fn is_duplicate_sku(&self, err: &vendor_http::Error) -> bool {
        let _ = err;
        false
    }
}

//! Port: changes to a listing's catalog entry at its vendor (images today; product drafts later).

use futures::future::BoxFuture;

/// Adds images to a listing at its vendor.
pub trait ListingImages: Send + Sync {
    /// Adds the image at `url` to the listing (`product_id`, `variation_id` as stored), keeping the
    /// images it has; adding an image it already has changes nothing. Answers the images the vendor
    /// now has.
    fn add_image<'a>(
        &'a self,
        product_id: &'a str,
        variation_id: &'a str,
        url: &'a str,
    ) -> BoxFuture<'a, vendor_http::Result<Vec<String>>>;
}

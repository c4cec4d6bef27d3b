//! Port: goods in — inbound purchase orders at a fulfilment warehouse. Create a PO carrying our
//! reference and find it again by that reference (the PO journal drives it: a row before every send, a
//! lookup before any resend), list and read POs, their receiving result and printable bill, cancel one,
//! and tell whether a product can go into a PO for a warehouse.

use futures::future::BoxFuture;
use vendor_http::Result;

use super::order_sink::{Lookup, LookupScope};
use crate::inbound::{FetchedPo, InspectionRow, LineCheck, LineError, PoDraft};

/// One page of a warehouse's POs.
#[derive(Debug, Clone, Default)]
pub struct PoPage {
    pub items: Vec<FetchedPo>,
    pub has_more: bool,
}

pub trait InboundSink: Send + Sync {
    /// Create the PO carrying `reference`; answers the vendor's PO code.
    fn create_po<'a>(
        &'a self,
        draft: &'a PoDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>>;

    /// Look for the PO carrying `reference` among the POs created within `scope`.
    fn find_po_by_reference<'a>(
        &'a self,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, Result<Lookup>>;

    /// One page (1-based) of the account's POs.
    fn list_pos(&self, page: u32) -> BoxFuture<'_, Result<PoPage>>;

    fn po<'a>(&'a self, po_code: &'a str) -> BoxFuture<'a, Result<FetchedPo>>;

    /// The receiving result; only once the PO is complete (`None` before).
    fn inspection<'a>(
        &'a self,
        po: &'a FetchedPo,
    ) -> BoxFuture<'a, Result<Option<Vec<InspectionRow>>>>;

    /// The URL of the printable PO bill (a PDF).
    fn bill_url<'a>(&'a self, po_code: &'a str) -> BoxFuture<'a, Result<String>>;

    fn cancel_po<'a>(&'a self, po_code: &'a str) -> BoxFuture<'a, Result<()>>;

    /// Whether each product can go into a PO for `warehouse`.
    fn check_lines<'a>(
        &'a self,
        warehouse: &'a str,
        oasins: &'a [String],
    ) -> BoxFuture<'a, Vec<LineCheck>>;

    /// The lines of `draft` a refusal of a create names (inactive, not mapped, unknown products).
    fn line_errors(&self, draft: &PoDraft, err: &vendor_http::Error) -> Vec<LineError> {
        let _ = (draft, err);
        Vec::new()
    }

    /// Whether `err`, answered to a create, may say that the vendor already holds a PO with this
    /// reference (the journal then looks it up and never re-sends it).
    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        let _ = err;
        false
    }
}

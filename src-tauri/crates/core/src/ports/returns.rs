//! Port: returns. [`ReturnSource`] lists and reads an account's returns (every vendor that reports
//! them); [`ReturnSink`] creates a return request carrying our reference, finds it again by that
//! reference (the return journal drives it: a row before every send, a lookup before any resend) and
//! cancels one (a fulfilment warehouse that takes return requests: Onflow).

use futures::future::BoxFuture;
use vendor_http::Result;

use super::order_sink::{Lookup, LookupScope};
use crate::returns::{FetchedReturn, ReturnDraft};

/// One page of an account's returns.
#[derive(Debug, Clone, Default)]
pub struct ReturnPage {
    pub items: Vec<FetchedReturn>,
    pub has_more: bool,
}

pub trait ReturnSource: Send + Sync {
    /// One page (1-based) of the account's returns, newest first where the vendor sorts.
    fn list_returns(&self, page: u32) -> BoxFuture<'_, Result<ReturnPage>>;

    /// One return as the vendor has it now.
    fn get_return<'a>(&'a self, return_id: &'a str) -> BoxFuture<'a, Result<FetchedReturn>>;
}

pub trait ReturnSink: Send + Sync {
    /// Create the return carrying `reference`; answers the vendor's return id.
    fn create_return<'a>(
        &'a self,
        draft: &'a ReturnDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>>;

    /// Look for the return carrying `reference` among those of the draft's order, then among those
    /// created within `scope`.
    fn find_return_by_reference<'a>(
        &'a self,
        draft: &'a ReturnDraft,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, Result<Lookup>>;

    /// Cancel the return at the vendor (a refusal is the vendor's error, never swallowed).
    fn cancel_return<'a>(&'a self, return_id: &'a str) -> BoxFuture<'a, Result<()>>;

    /// Whether `err`, answered to a create, may say that the vendor already holds a return with this
    /// reference (the journal then looks it up and never re-sends it).
    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        let _ = err;
        false
    }
}

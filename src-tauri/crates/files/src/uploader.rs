//! The seam between the queue and a vendor: "send this file, report progress, give me the URL".

use std::path::Path;

use futures::future::BoxFuture;
pub use vendor_http::upload::ProgressFn;

/// Uploads one file and returns its public URL. Dropping the future aborts the request.
pub trait Uploader: Send + Sync {
    fn upload<'a>(
        &'a self,
        path: &'a Path,
        progress: ProgressFn,
    ) -> BoxFuture<'a, vendor_http::Result<String>>;
}

impl Uploader for onflow::OnflowClient {
    fn upload<'a>(
        &'a self,
        path: &'a Path,
        progress: ProgressFn,
    ) -> BoxFuture<'a, vendor_http::Result<String>> {
        Box::pin(async move { self.upload_file(path, Some(progress)).await.map(|f| f.url) })
    }
}

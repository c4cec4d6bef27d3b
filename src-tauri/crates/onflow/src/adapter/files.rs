//! onflow: the `shopdesk_core::ports::files` port. Files are uploaded streamed, as multipart, to Onflow's
//! file endpoint; the limits are the *(placeholder)* values of [`crate::assumptions`].

use std::path::Path;

use futures::future::BoxFuture;
use shopdesk_core::ports::files::{FileStore, ProgressFn, UploadLimits, UploadedFile};

use crate::assumptions::{UPLOAD_MAX_BYTES, UPLOAD_TYPES};
use crate::OnflowClient;

/// What Onflow accepts: [`UPLOAD_MAX_BYTES`] and [`UPLOAD_TYPES`].
pub const UPLOAD_LIMITS: UploadLimits = UploadLimits {
    max_bytes: UPLOAD_MAX_BYTES,
    types: UPLOAD_TYPES,
};

impl FileStore for OnflowClient {
    fn upload<'a>(
        &'a self,
        path: &'a Path,
        progress: ProgressFn,
    ) -> BoxFuture<'a, vendor_http::Result<UploadedFile>> {
        Box::pin(async move {
            self.upload_file(path, Some(progress))
                .await
                .map(|f| UploadedFile { url: f.url })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limits_are_the_assumptions() {
        assert_eq!(UPLOAD_LIMITS.max_bytes, 10 * 1024 * 1024);
        for (ext, mime) in UPLOAD_TYPES {
            assert_eq!(UPLOAD_LIMITS.mime(&format!("x.{ext}")), Some(*mime));
            assert_eq!(
                UPLOAD_LIMITS.mime(&format!("x.{ext}")),
                crate::assumptions::upload_mime(&format!("x.{ext}"))
            );
        }
    }
}

//! Port: files. A vendor's file store: "send this file, report progress, give me the URL".
//!
//! The `files` engine checks, deduplicates and queues uploads; each vendor crate that stores files
//! implements [`FileStore`] on its client in `adapter::files` and states what it accepts as a
//! `pub const UPLOAD_LIMITS: UploadLimits`.

use std::path::Path;

use futures::future::BoxFuture;
pub use vendor_http::upload::ProgressFn;

/// What a file store accepts: one size limit and the accepted types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// Largest accepted file, in bytes.
    pub max_bytes: u64,
    /// Accepted types: (lower-case extension without the dot, MIME type).
    pub types: &'static [(&'static str, &'static str)],
}

impl UploadLimits {
    /// Whether files with this extension (any case, without the dot) are accepted.
    pub fn accepts(&self, ext: &str) -> bool {
        let ext = ext.to_ascii_lowercase();
        self.types.iter().any(|(e, _)| *e == ext)
    }

    /// The MIME type for a file name, from [`UploadLimits::types`]; `None` when the extension is not
    /// accepted.
    pub fn mime(&self, file_name: &str) -> Option<&'static str> {
        let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
        self.types
            .iter()
            .find(|(e, _)| *e == ext)
            .map(|(_, mime)| *mime)
    }
}

/// A file the store accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// Its public URL (what orders, products and documents refer to).
    pub url: String,
}

/// Uploads one file and returns where it is stored. Dropping the future aborts the request.
pub trait FileStore: Send + Sync {
    fn upload<'a>(
        &'a self,
        path: &'a Path,
        progress: ProgressFn,
    ) -> BoxFuture<'a, vendor_http::Result<UploadedFile>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: UploadLimits = UploadLimits {
        max_bytes: 10,
        types: &[("pdf", "application/pdf"), ("jpg", "image/jpeg")],
    };

    #[test]
    fn types_are_matched_by_extension_in_any_case() {
        assert!(LIMITS.accepts("PDF"));
        assert!(!LIMITS.accepts("exe"));
        assert_eq!(LIMITS.mime("a.JPG"), Some("image/jpeg"));
        assert_eq!(LIMITS.mime("a.tar.pdf"), Some("application/pdf"));
        assert_eq!(LIMITS.mime("noext"), None);
        assert_eq!(LIMITS.mime("a.exe"), None);
    }
}

use serde::{Deserialize, Serialize};

/// The three services a shop runs on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    Pancake,
    Onflow,
    Nhanh,
}

impl Vendor {
    pub const ALL: [Vendor; 3] = [Vendor::Pancake, Vendor::Onflow, Vendor::Nhanh];

    pub fn as_str(self) -> &'static str {
        match self {
            Vendor::Pancake => "pancake",
            Vendor::Onflow => "onflow",
            Vendor::Nhanh => "nhanh",
        }
    }
}

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

    pub fn parse(s: &str) -> Option<Vendor> {
        match s {
            "pancake" => Some(Vendor::Pancake),
            "onflow" => Some(Vendor::Onflow),
            "nhanh" => Some(Vendor::Nhanh),
            _ => None,
        }
    }

    /// Onflow is the fulfillment warehouse (physical stock); Pancake and Nhanh are POS systems.
    pub fn is_pos(self) -> bool {
        !matches!(self, Vendor::Onflow)
    }
}

impl std::fmt::Display for Vendor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

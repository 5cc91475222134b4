//! The region tree: city → district → subdistrict → community.
use serde::{Deserialize, Serialize};

use super::Text;

/// Depth of a node in the region tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    City,
    District,
    Subdistrict,
    Community,
}

impl RegionLevel {
    pub const ALL: [RegionLevel; 4] = [
        Self::City,
        Self::District,
        Self::Subdistrict,
        Self::Community,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::City => "city",
            Self::District => "district",
            Self::Subdistrict => "subdistrict",
            Self::Community => "community",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The level a child of this level has.
    pub fn child(self) -> Option<Self> {
        match self {
            Self::City => Some(Self::District),
            Self::District => Some(Self::Subdistrict),
            Self::Subdistrict => Some(Self::Community),
            Self::Community => None,
        }
    }
}

/// One node of the region tree; `children` is filled only in tree responses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Region {
    /// Stable administrative code, e.g. `440304` for 福田区.
    pub code: String,
    pub name: Text,
    pub level: RegionLevel,
    /// Code of the parent node; `None` for the city.
    #[serde(default)]
    pub parent: Option<String>,
    /// A retired community: kept for the history attached to it (cases, venues, services),
    /// absent from pickers. Listed only when asked for with `include_retired=true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<Region>,
}

/// `GET /api/v1/regions` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionList {
    pub items: Vec<Region>,
}

/// `POST /api/v1/admin/regions`: a new subdistrict (under a district) or community (under a
/// subdistrict). The level follows from the parent's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRegion {
    /// Administrative code: digits, 6 to 12 of them, unique (e.g. `440304001099`).
    pub code: String,
    /// Code of the parent district or subdistrict.
    pub parent: String,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: Option<String>,
}

/// `PATCH /api/v1/admin/regions/{code}`: rename, or move a community to another subdistrict.
/// Absent fields stay as they are; `name_en: ""` clears the English name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateRegion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// New parent subdistrict of a community.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_round_trip_through_their_names() {
        for level in RegionLevel::ALL {
            assert_eq!(RegionLevel::parse(level.as_str()), Some(level));
        }
        assert_eq!(RegionLevel::parse("province"), None);
    }

    #[test]
    fn only_communities_have_no_child_level() {
        assert_eq!(RegionLevel::City.child(), Some(RegionLevel::District));
        assert_eq!(RegionLevel::Community.child(), None);
    }
}

//! A community's boundary: a GeoJSON Polygon or MultiPolygon (RFC 7946, WGS84 longitude then
//! latitude), read strictly, and the point-in-polygon test that places Open311 positions. No
//! SQL here. The geometry work is the `geo` crate's; reading GeoJSON is done by hand so that
//! every mistake (an open ring, swapped coordinates) gets a message naming where it is.
use geo::{BoundingRect, Coord, Intersects, LineString, MultiPolygon, Polygon, Rect, Validation};
use serde_json::{Value, json};

use crate::open311::placement::{GeoBox, Point};

/// Most positions one boundary may have (a community's survey outline has hundreds).
pub const MAX_POSITIONS: usize = 100_000;

/// A checked boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    shape: MultiPolygon<f64>,
    bbox: Rect<f64>,
    /// Written back as a MultiPolygon (else a Polygon), as it was read.
    multi: bool,
}

/// `[longitude, latitude]` (an altitude after them is allowed and ignored).
fn position(v: &Value, at: &str) -> Result<Coord<f64>, String> {
    let nums: Option<Vec<f64>> = v
        .as_array()
        .filter(|a| (2..=3).contains(&a.len()))
        .and_then(|a| a.iter().map(Value::as_f64).collect());
    let Some(nums) = nums else {
        return Err(format!("{at}: expected [longitude, latitude] in degrees"));
    };
    let (x, y) = (nums[0], nums[1]);
    if !(x.is_finite() && y.is_finite() && x.abs() <= 180.0 && y.abs() <= 90.0) {
        return Err(format!(
            "{at}: [{x}, {y}] is not a longitude and a latitude in degrees"
        ));
    }
    Ok(Coord { x, y })
}

fn ring(v: &Value, at: &str, area: Option<&GeoBox>) -> Result<LineString<f64>, String> {
    let Some(items) = v.as_array() else {
        return Err(format!("{at}: expected an array of positions"));
    };
    if items.len() < 4 {
        return Err(format!(
            "{at}: a ring needs at least 4 positions (the last equal to the first), found {}",
            items.len()
        ));
    }
    let mut coords = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let c = position(item, &format!("{at}, position {}", i + 1))?;
        if let Some(area) = area
            && !area.contains(Point { lat: c.y, lng: c.x })
        {
            return Err(format!(
                "{at}, position {}: [{}, {}] is outside the placement area \
                 (latitude {} to {}, longitude {} to {}); GeoJSON puts the longitude first",
                i + 1,
                c.x,
                c.y,
                area.south,
                area.north,
                area.west,
                area.east
            ));
        }
        coords.push(c);
    }
    if coords.first() != coords.last() {
        return Err(format!(
            "{at} is not closed: its last position must equal its first"
        ));
    }
    Ok(LineString::new(coords))
}

fn polygon(v: &Value, at: &str, area: Option<&GeoBox>) -> Result<Polygon<f64>, String> {
    let rings = v
        .as_array()
        .filter(|r| !r.is_empty())
        .ok_or_else(|| format!("{at}expected an array of rings (the outline, then holes)"))?;
    let mut read = rings
        .iter()
        .enumerate()
        .map(|(i, r)| ring(r, &format!("{at}ring {}", i + 1), area))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter();
    let exterior = read.next().unwrap_or_else(|| LineString::new(Vec::new()));
    Ok(Polygon::new(exterior, read.collect()))
}

impl Boundary {
    /// Reads a GeoJSON geometry object. With `area`, every position must lie in it (imports);
    /// without, the geometry was checked before (boundaries read back from the database).
    pub fn from_geojson(geometry: &Value, area: Option<&GeoBox>) -> Result<Self, String> {
        let kind = geometry.get("type").and_then(Value::as_str);
        let coordinates = geometry.get("coordinates");
        let (polygons, multi) = match (kind, coordinates) {
            (Some("Polygon"), Some(c)) => (vec![polygon(c, "", area)?], false),
            (Some("MultiPolygon"), Some(c)) => {
                let parts = c
                    .as_array()
                    .filter(|p| !p.is_empty())
                    .ok_or("a MultiPolygon needs an array of polygons")?;
                let polygons = parts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| polygon(p, &format!("polygon {}, ", i + 1), area))
                    .collect::<Result<Vec<_>, _>>()?;
                (polygons, true)
            }
            (Some(other), Some(_)) => {
                return Err(format!(
                    "a boundary is a Polygon or a MultiPolygon, not a {other}"
                ));
            }
            _ => {
                return Err(
                    "a geometry needs a `type` (Polygon or MultiPolygon) and `coordinates`"
                        .to_owned(),
                );
            }
        };
        let shape = MultiPolygon::new(polygons);
        let positions: usize = shape
            .0
            .iter()
            .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
            .sum();
        if positions > MAX_POSITIONS {
            return Err(format!(
                "{positions} positions; a boundary has at most {MAX_POSITIONS}"
            ));
        }
        if area.is_some() {
            shape
                .check_validation()
                .map_err(|e| format!("not a valid boundary: {e}"))?;
        }
        let bbox = shape
            .bounding_rect()
            .ok_or("a boundary needs at least one polygon")?;
        Ok(Self { shape, bbox, multi })
    }

    /// Reads a geometry as stored (see [`Self::to_geojson`]).
    pub fn from_stored(text: &str) -> Result<Self, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Self::from_geojson(&v, None)
    }

    /// The geometry as GeoJSON, the way it is stored and exported.
    pub fn to_geojson(&self) -> Value {
        let ring =
            |r: &LineString<f64>| -> Vec<[f64; 2]> { r.0.iter().map(|c| [c.x, c.y]).collect() };
        let polygon = |p: &Polygon<f64>| -> Vec<Vec<[f64; 2]>> {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(ring)
                .collect()
        };
        if self.multi {
            json!({"type": "MultiPolygon", "coordinates": self.shape.0.iter().map(polygon).collect::<Vec<_>>()})
        } else {
            json!({"type": "Polygon", "coordinates": self.shape.0.first().map(polygon).unwrap_or_default()})
        }
    }

    /// Whether `p` lies inside or on the boundary.
    pub fn contains(&self, p: Point) -> bool {
        let c = Coord { x: p.lng, y: p.lat };
        self.bbox.intersects(&c) && self.shape.intersects(&c)
    }

    /// How many polygons it has and how many positions in all, for messages and the audit log.
    pub fn size(&self) -> (usize, usize) {
        let positions = self
            .shape
            .0
            .iter()
            .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
            .sum();
        (self.shape.0.len(), positions)
    }
}

/// The community whose boundary contains `p`: the first in `boundaries` (kept in code order, so
/// an overlap of two boundaries is decided the same way every time).
pub fn community_at(boundaries: &[(String, Boundary)], p: Point) -> Option<&str> {
    boundaries
        .iter()
        .find(|(_, b)| b.contains(p))
        .map(|(code, _)| code.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREA: GeoBox = GeoBox::SHENZHEN;

    fn square(west: f64, south: f64, size: f64) -> Value {
        json!({"type": "Polygon", "coordinates": [[
            [west, south], [west + size, south], [west + size, south + size],
            [west, south + size], [west, south]
        ]]})
    }

    #[test]
    fn a_polygon_contains_its_inside_and_edge_only() {
        let b = Boundary::from_geojson(&square(114.05, 22.54, 0.01), Some(&AREA)).expect("valid");
        let at = |lat, lng| Point { lat, lng };
        assert!(b.contains(at(22.545, 114.055)));
        assert!(b.contains(at(22.54, 114.055)), "on the edge");
        assert!(!b.contains(at(22.555, 114.055)));
        assert!(!b.contains(at(22.545, 114.045)));
        assert_eq!(b.size(), (1, 5));
        let again = Boundary::from_stored(&b.to_geojson().to_string()).expect("stored");
        assert_eq!(again, b, "what is stored reads back the same");
    }

    #[test]
    fn holes_and_multipolygons_are_kept() {
        let multi = json!({"type": "MultiPolygon", "coordinates": [
            [[[114.0, 22.5], [114.1, 22.5], [114.1, 22.6], [114.0, 22.6], [114.0, 22.5]],
             [[114.04, 22.54], [114.06, 22.54], [114.06, 22.56], [114.04, 22.56], [114.04, 22.54]]],
            [[[114.2, 22.5], [114.3, 22.5], [114.3, 22.6], [114.2, 22.5]]]
        ]});
        let b = Boundary::from_geojson(&multi, Some(&AREA)).expect("valid");
        let at = |lat, lng| Point { lat, lng };
        assert!(b.contains(at(22.52, 114.02)));
        assert!(!b.contains(at(22.55, 114.05)), "in the hole");
        assert!(b.contains(at(22.52, 114.28)), "in the second polygon");
        assert_eq!(b.to_geojson()["type"], "MultiPolygon");
        assert_eq!(b.to_geojson(), multi);
    }

    #[test]
    fn every_mistake_says_where_it_is() {
        let open = json!({"type": "Polygon", "coordinates": [[
            [114.0, 22.5], [114.1, 22.5], [114.1, 22.6], [114.0, 22.6]]]});
        let swapped = json!({"type": "Polygon", "coordinates": [[
            [22.5, 114.0], [22.5, 114.1], [22.6, 114.1], [22.5, 114.0]]]});
        let bow_tie = json!({"type": "Polygon", "coordinates": [[
            [114.0, 22.5], [114.1, 22.6], [114.1, 22.5], [114.0, 22.6], [114.0, 22.5]]]});
        for (geometry, want) in [
            (open, "ring 1 is not closed"),
            (
                swapped,
                "ring 1, position 1: [22.5, 114] is not a longitude",
            ),
            (bow_tie, "self-intersection"),
            (
                json!({"type": "Point", "coordinates": [114.0, 22.5]}),
                "not a Point",
            ),
            (json!({"type": "Polygon"}), "needs a `type`"),
            (
                json!({"type": "Polygon", "coordinates": [[[114.0, 22.5], [114.1, 22.5], [114.0, 22.5]]]}),
                "at least 4 positions",
            ),
            (
                json!({"type": "Polygon", "coordinates": [[["114", "22.5"], ["114", "22.6"], ["114.1", "22.6"], ["114", "22.5"]]]}),
                "expected [longitude, latitude]",
            ),
            (square(116.3, 39.9, 0.01), "outside the placement area"),
            (
                json!({"type": "MultiPolygon", "coordinates": [[]]}),
                "polygon 1, expected an array of rings",
            ),
        ] {
            let e = Boundary::from_geojson(&geometry, Some(&AREA)).expect_err(want);
            assert!(e.contains(want), "{want}: {e}");
        }
    }

    #[test]
    fn the_first_boundary_in_code_order_wins() {
        let b = |w| Boundary::from_geojson(&square(w, 22.54, 0.02), Some(&AREA)).expect("valid");
        let list = vec![("a".to_owned(), b(114.05)), ("b".to_owned(), b(114.06))];
        let at = |lng| Point { lat: 22.55, lng };
        assert_eq!(community_at(&list, at(114.055)), Some("a"));
        assert_eq!(community_at(&list, at(114.065)), Some("a"), "overlap");
        assert_eq!(community_at(&list, at(114.075)), Some("b"));
        assert_eq!(community_at(&list, at(114.1)), None);
    }
}

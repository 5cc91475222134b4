//! Where a request is: the rules that place a position or an address in a community, with no
//! HTTP and no SQL. A position must lie in the configured area (Shenzhen by default) and is
//! placed in the community whose boundary contains it (`regions::boundary`), else in the
//! community of the nearest known place (community centre, service location,
//! venue) within the configured distance; otherwise it waits in a district's triage queue.

/// A latitude/longitude rectangle (WGS84 degrees).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoBox {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl GeoBox {
    /// Shenzhen (22°27′–22°52′ N, 113°46′–114°37′ E) with a margin of about 5 km.
    pub const SHENZHEN: Self = Self {
        south: 22.40,
        west: 113.70,
        north: 22.90,
        east: 114.70,
    };

    /// `south,west,north,east` in degrees, e.g. `22.40,113.70,22.90,114.70`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let parts: Vec<f64> = s
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("{s:?}: expected south,west,north,east in degrees"))?;
        let [south, west, north, east] = parts[..] else {
            return Err(format!("{s:?}: expected four numbers"));
        };
        let b = Self {
            south,
            west,
            north,
            east,
        };
        let lat_ok = |x: f64| x.is_finite() && (-90.0..=90.0).contains(&x);
        let lng_ok = |x: f64| x.is_finite() && (-180.0..=180.0).contains(&x);
        if !(lat_ok(south) && lat_ok(north) && lng_ok(west) && lng_ok(east))
            || south >= north
            || west >= east
        {
            return Err(format!("{s:?}: not a box (south < north, west < east)"));
        }
        Ok(b)
    }

    pub fn contains(&self, p: Point) -> bool {
        (self.south..=self.north).contains(&p.lat) && (self.west..=self.east).contains(&p.lng)
    }
}

/// A checked WGS84 position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lng: f64,
}

/// Why a position was refused; each is a stable error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointError {
    /// Not a number, not finite, or beyond ±90 / ±180.
    Invalid(&'static str),
    /// One of `lat` and `long` without the other.
    Incomplete(&'static str),
    /// A real position outside the area served.
    OutsideArea,
}

impl PointError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Invalid(_) => "invalid_coordinates",
            Self::Incomplete(_) => "coordinates_incomplete",
            Self::OutsideArea => "coordinates_outside_area",
        }
    }

    pub fn field(self) -> &'static str {
        match self {
            Self::Invalid(f) | Self::Incomplete(f) => f,
            Self::OutsideArea => "lat",
        }
    }
}

fn number(raw: &str, field: &'static str, max: f64) -> Result<f64, PointError> {
    let raw = raw.trim();
    // Plain decimal notation only: no `inf`, `NaN`, hex or exponents.
    if raw.is_empty()
        || raw.len() > 32
        || !raw
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
    {
        return Err(PointError::Invalid(field));
    }
    raw.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && x.abs() <= max)
        .ok_or(PointError::Invalid(field))
}

impl Point {
    /// Parses `lat` and `long` as sent (either may be absent): `None` when both are.
    pub fn parse(
        lat: Option<&str>,
        lng: Option<&str>,
        area: &GeoBox,
    ) -> Result<Option<Self>, PointError> {
        let lat = lat.map(|v| number(v, "lat", 90.0)).transpose()?;
        let lng = lng.map(|v| number(v, "long", 180.0)).transpose()?;
        let p = match (lat, lng) {
            (None, None) => return Ok(None),
            (Some(_), None) => return Err(PointError::Incomplete("long")),
            (None, Some(_)) => return Err(PointError::Incomplete("lat")),
            (Some(lat), Some(lng)) => Self { lat, lng },
        };
        if !area.contains(p) {
            return Err(PointError::OutsideArea);
        }
        Ok(Some(p))
    }

    /// Great-circle distance in metres (haversine, mean Earth radius).
    pub fn distance_m(self, other: Self) -> f64 {
        const R: f64 = 6_371_008.8;
        let (phi1, phi2) = (self.lat.to_radians(), other.lat.to_radians());
        let dphi = (other.lat - self.lat).to_radians();
        let dlambda = (other.lng - self.lng).to_radians();
        let a =
            (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
        2.0 * R * a.sqrt().min(1.0).asin()
    }

    /// A box around the point reaching at least `metres` in every direction (for an indexed
    /// pre-filter in SQL before exact distances).
    pub fn around(self, metres: f64) -> GeoBox {
        let dlat = metres / 111_000.0;
        let dlng = metres / (111_000.0 * self.lat.to_radians().cos().max(0.01));
        GeoBox {
            south: self.lat - dlat,
            west: self.lng - dlng,
            north: self.lat + dlat,
            east: self.lng + dlng,
        }
    }
}

/// A known place with a position and the region it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub at: Point,
    /// The code of its community (none for a place filed at a higher level).
    pub community: Option<String>,
    /// The code of its district.
    pub district: Option<String>,
}

/// The nearest place to `p` at most `metres` away that `keep` accepts, with its distance;
/// ties go to the earlier place.
pub fn nearest(
    p: Point,
    places: &[Place],
    metres: f64,
    keep: impl Fn(&Place) -> bool,
) -> Option<(&Place, f64)> {
    places
        .iter()
        .filter(|place| keep(place))
        .map(|place| (place, p.distance_m(place.at)))
        .filter(|(_, d)| *d <= metres)
        .fold(None, |best, (place, d)| match best {
            Some((_, bd)) if bd <= d => best,
            _ => Some((place, d)),
        })
}

/// The parts of an address worth looking up: split at commas and similar, trimmed, at least
/// four characters (shorter parts such as 广东 or 深圳 match everything), at most six.
pub fn address_parts(address: &str) -> Vec<String> {
    address
        .split(|c: char| ",，、;；/|".contains(c) || c.is_whitespace())
        .map(str::trim)
        .filter(|p| p.chars().count() >= 4)
        .map(|p| p.chars().take(60).collect())
        .take(6)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREA: GeoBox = GeoBox::SHENZHEN;

    #[test]
    fn positions_are_parsed_with_a_code_per_mistake() {
        let ok = Point::parse(Some("22.5431"), Some("114.0579"), &AREA);
        assert_eq!(
            ok,
            Ok(Some(Point {
                lat: 22.5431,
                lng: 114.0579
            }))
        );
        assert_eq!(Point::parse(None, None, &AREA), Ok(None));
        for (lat, lng, want, why) in [
            (
                Some("abc"),
                Some("114"),
                "invalid_coordinates",
                "not a number",
            ),
            (Some("NaN"), Some("114"), "invalid_coordinates", "NaN"),
            (Some("inf"), Some("114"), "invalid_coordinates", "infinity"),
            (Some("1e1"), Some("114"), "invalid_coordinates", "exponent"),
            (
                Some("91"),
                Some("114"),
                "invalid_coordinates",
                "latitude > 90",
            ),
            (
                Some("22.5"),
                Some("-181"),
                "invalid_coordinates",
                "longitude < -180",
            ),
            (Some(""), Some("114"), "invalid_coordinates", "empty"),
            (Some("22.5"), None, "coordinates_incomplete", "lat alone"),
            (None, Some("114.0"), "coordinates_incomplete", "long alone"),
            (
                Some("39.9042"),
                Some("116.4074"),
                "coordinates_outside_area",
                "Beijing",
            ),
            (
                Some("0"),
                Some("0"),
                "coordinates_outside_area",
                "null island",
            ),
            (
                Some("114.0579"),
                Some("22.5431"),
                "invalid_coordinates",
                "swapped: 114 > 90",
            ),
            (
                Some("22.5431"),
                Some("22.5431"),
                "coordinates_outside_area",
                "a longitude in Africa",
            ),
        ] {
            let e = Point::parse(lat, lng, &AREA).expect_err(why);
            assert_eq!(e.code(), want, "{why}");
        }
        assert_eq!(
            Point::parse(Some("22.5"), None, &AREA)
                .expect_err("incomplete")
                .field(),
            "long"
        );
    }

    #[test]
    fn distances_are_metres_on_the_sphere() {
        let futian = Point {
            lat: 22.5431,
            lng: 114.0579,
        };
        let north = Point {
            lat: 22.5521,
            lng: 114.0579,
        };
        let d = futian.distance_m(north);
        assert!((d - 1000.8).abs() < 2.0, "{d}");
        assert!(futian.distance_m(futian).abs() < 1e-9);
        let b = futian.around(500.0);
        assert!(b.contains(Point {
            lat: 22.5431 + 0.0044,
            lng: 114.0579 + 0.0048
        }));
    }

    #[test]
    fn the_nearest_place_wins() {
        let p = |lat, lng, c: Option<&str>| Place {
            at: Point { lat, lng },
            community: c.map(str::to_owned),
            district: Some("440304".to_owned()),
        };
        let places = [
            p(22.55, 114.05, Some("a")),
            p(22.5432, 114.058, Some("b")),
            p(22.5431, 114.0579, None),
            p(22.60, 114.10, Some("c")),
        ];
        let here = Point {
            lat: 22.5431,
            lng: 114.0579,
        };
        let (best, d) = nearest(here, &places, 500.0, |_| true).expect("a place");
        assert_eq!(
            best.community, None,
            "the very nearest place is a district's"
        );
        assert!(d < 1.0);
        let (best, d) =
            nearest(here, &places, 500.0, |p| p.community.is_some()).expect("a community");
        assert_eq!(best.community.as_deref(), Some("b"));
        assert!(d < 20.0);
        assert!(
            nearest(here, &places[..1], 500.0, |_| true).is_none(),
            "1.2 km away"
        );
        assert!(nearest(here, &[], 500.0, |_| true).is_none());
    }

    #[test]
    fn boxes_and_addresses_are_read_strictly() {
        assert_eq!(
            GeoBox::parse("22.40, 113.70, 22.90, 114.70"),
            Ok(GeoBox::SHENZHEN)
        );
        for bad in ["", "1,2,3", "22.9,113.7,22.4,114.7", "a,b,c,d", "0,0,0,0,0"] {
            assert!(GeoBox::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(address_parts("红荔路38号，福田区, 深圳"), ["红荔路38号"]);
        assert_eq!(address_parts("深南大道1001号 华强北"), ["深南大道1001号"]);
    }
}

//! One pass over the matches gives everything a search answers: the exact total, the facet
//! groups (term bits × district, the same rows the SQL path groups) and the ranked page.
use std::{
    cmp::Ordering,
    collections::{BinaryHeap, HashMap, HashSet},
    sync::Arc,
};

use tantivy::{
    DocId, Score, SegmentOrdinal, SegmentReader,
    collector::{Collector, SegmentCollector},
    columnar::Column,
};

use super::schema::Names;
use crate::directory::search::{FacetRow, HitRow};

/// Collects the facet groups of every match and the best `keep` hits (score, then the
/// service-at-location id, as the SQL path orders them).
pub struct Hits {
    pub names: Names,
    pub keep: usize,
    /// Only hits at these locations ("open now").
    pub open: Option<Arc<HashSet<u64>>>,
    pub prefer: Preference,
}

/// What orders equally relevant hits for the person searching.
#[derive(Debug, Clone, Default)]
pub struct Preference {
    /// "Near me": hits in order of distance from this point (latitude, longitude); places
    /// without coordinates last.
    pub near: Option<(f64, f64)>,
    /// Score factors by the location's region (a resident's own community, subdistrict and
    /// district rank first).
    pub boosts: Option<Arc<HashMap<u64, f32>>>,
}

/// Kilometres between two points (equirectangular: exact enough within a city).
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let mean_lat = ((a.0 + b.0) / 2.0).to_radians();
    let x = (b.1 - a.1).to_radians() * mean_lat.cos();
    let y = (b.0 - a.0).to_radians();
    6371.0 * x.hypot(y)
}

/// What a search found.
#[derive(Debug, Default)]
pub struct Found {
    pub groups: HashMap<(i64, i64, u64), i64>,
    /// Best first.
    pub hits: Vec<HitRow>,
}

impl Found {
    /// The groups as the SQL path's facet rows (district 0 is none).
    pub fn facet_rows(&self) -> Vec<FacetRow> {
        self.groups
            .iter()
            .map(|(&(lo, hi, district), &hits)| FacetRow {
                term_bits_lo: lo,
                term_bits_hi: hi,
                district_id: (district != 0).then(|| i64::try_from(district).unwrap_or(0)),
                hits,
            })
            .collect()
    }
}

/// A kept hit; "greater" is worse, so the heap's top is the first to drop.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: Score,
    sal: u64,
    hit: Hit,
}

#[derive(Debug, Clone, Copy)]
struct Hit {
    service: u64,
    location: u64,
    region: u64,
    version: i64,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.sal.cmp(&other.sal))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

pub struct SegmentHits {
    keep: usize,
    open: Option<Arc<HashSet<u64>>>,
    prefer: Preference,
    lat: Column<f64>,
    lng: Column<f64>,
    sal: Column<u64>,
    service: Column<u64>,
    location: Column<u64>,
    region: Column<u64>,
    district: Column<u64>,
    bits_lo: Column<i64>,
    bits_hi: Column<i64>,
    version: Column<i64>,
    groups: HashMap<(i64, i64, u64), i64>,
    best: BinaryHeap<Ranked>,
}

pub struct SegmentFound {
    groups: HashMap<(i64, i64, u64), i64>,
    best: Vec<Ranked>,
}

impl Collector for Hits {
    type Fruit = Found;
    type Child = SegmentHits;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentHits> {
        let fast = reader.fast_fields();
        let n = &self.names;
        Ok(SegmentHits {
            keep: self.keep,
            open: self.open.clone(),
            prefer: self.prefer.clone(),
            lat: fast.f64(&n.lat)?,
            lng: fast.f64(&n.lng)?,
            sal: fast.u64(&n.sal)?,
            service: fast.u64(&n.service)?,
            location: fast.u64(&n.location)?,
            region: fast.u64(&n.region)?,
            district: fast.u64(&n.district)?,
            bits_lo: fast.i64(&n.bits_lo)?,
            bits_hi: fast.i64(&n.bits_hi)?,
            version: fast.i64(&n.version)?,
            groups: HashMap::new(),
            best: BinaryHeap::with_capacity(self.keep + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFound>) -> tantivy::Result<Found> {
        let mut groups: HashMap<(i64, i64, u64), i64> = HashMap::new();
        let mut best = Vec::new();
        for fruit in fruits {
            for (key, n) in fruit.groups {
                *groups.entry(key).or_default() += n;
            }
            best.extend(fruit.best);
        }
        best.sort_unstable();
        best.truncate(self.keep);
        let hits = best
            .into_iter()
            .map(|r| HitRow {
                sal_id: as_id(r.sal),
                service_id: as_id(r.hit.service),
                location_id: as_id(r.hit.location),
                region_id: as_id(r.hit.region),
                score: f64::from(r.score),
                version: Some(r.hit.version),
            })
            .collect();
        Ok(Found { groups, hits })
    }
}

fn as_id(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl SegmentHits {
    /// The score after the searcher's preference: minus the distance "near me", or scaled by
    /// the region's factor.
    fn preferred(&self, doc: DocId, score: Score) -> Score {
        if let Some(point) = self.prefer.near {
            return match (self.lat.first(doc), self.lng.first(doc)) {
                #[allow(clippy::cast_possible_truncation, reason = "kilometres fit an f32")]
                (Some(lat), Some(lng)) => -(distance_km(point, (lat, lng)) as f32),
                _ => f32::NEG_INFINITY,
            };
        }
        match &self.prefer.boosts {
            Some(boosts) => {
                let region = self.region.first(doc).unwrap_or(0);
                score * boosts.get(&region).copied().unwrap_or(1.0)
            }
            None => score,
        }
    }
}

impl SegmentCollector for SegmentHits {
    type Fruit = SegmentFound;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(open) = &self.open
            && !open.contains(&self.location.first(doc).unwrap_or(0))
        {
            return;
        }
        let key = (
            self.bits_lo.first(doc).unwrap_or(0),
            self.bits_hi.first(doc).unwrap_or(0),
            self.district.first(doc).unwrap_or(0),
        );
        *self.groups.entry(key).or_default() += 1;
        if self.keep == 0 {
            return;
        }
        let score = self.preferred(doc, score);
        let candidate = Ranked {
            score,
            sal: self.sal.first(doc).unwrap_or(0),
            hit: Hit {
                service: 0,
                location: 0,
                region: 0,
                version: 0,
            },
        };
        if self.best.len() == self.keep && self.best.peek().is_some_and(|worst| candidate >= *worst)
        {
            return;
        }
        let hit = Hit {
            service: self.service.first(doc).unwrap_or(0),
            location: self.location.first(doc).unwrap_or(0),
            region: self.region.first(doc).unwrap_or(0),
            version: self.version.first(doc).unwrap_or(0),
        };
        self.best.push(Ranked { hit, ..candidate });
        if self.best.len() > self.keep {
            self.best.pop();
        }
    }

    fn harvest(self) -> SegmentFound {
        SegmentFound {
            groups: self.groups,
            best: self.best.into_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(score: Score, sal: u64) -> Ranked {
        Ranked {
            score,
            sal,
            hit: Hit {
                service: 0,
                location: 0,
                region: 0,
                version: 0,
            },
        }
    }

    #[test]
    fn distances_within_shenzhen_are_in_kilometres() {
        // 莲花山 to 深圳湾公园: about 9.6 km.
        let d = distance_km((22.5530, 114.0530), (22.5190, 113.9680));
        assert!((9.0..10.0).contains(&d), "{d}");
        assert!(distance_km((22.5, 114.0), (22.5, 114.0)).abs() < 1e-9);
    }

    #[test]
    fn higher_scores_rank_first_and_ties_go_to_the_lower_id() {
        let mut v = [
            ranked(1.0, 5),
            ranked(3.0, 9),
            ranked(1.0, 2),
            ranked(3.0, 1),
        ];
        v.sort_unstable();
        let order: Vec<u64> = v.iter().map(|r| r.sal).collect();
        assert_eq!(order, vec![1, 9, 2, 5]);
    }
}

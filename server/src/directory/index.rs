//! Keeps `dir_search` (and through it the FTS5 table or the tsvector) in step with the
//! services: every write calls [`reindex`] inside its own transaction.
use sqlx::AnyConnection;

use super::segment::index_text;

/// The texts of a service that search looks at, by column.
#[derive(Debug, Clone, Default)]
pub struct SearchParts {
    /// Name and alternate name, both languages.
    pub name: Vec<String>,
    /// Names of its categories (with their parents) and audiences.
    pub category: Vec<String>,
    /// Description, conditions, organization.
    pub body: Vec<String>,
    /// Location names, addresses and the regions they lie in.
    pub place: Vec<String>,
}

/// The four token columns of a service.
pub fn columns(parts: &SearchParts) -> [String; 4] {
    let join = |v: &[String]| index_text(&v.join(" "));
    [
        join(&parts.name),
        join(&parts.category),
        join(&parts.body),
        join(&parts.place),
    ]
}

/// Writes the search row and the term bits of a service from what is stored now, and logs
/// the change for the search indexes ([`super::search_log`]).
pub async fn reindex(conn: &mut AnyConnection, service_id: i64) -> Result<(), sqlx::Error> {
    super::search_log::append(conn, Some(service_id)).await?;
    let Some(parts) = gather(conn, service_id).await? else {
        return Ok(());
    };
    write(conn, service_id, &columns(&parts)).await?;
    let terms: Vec<i64> =
        sqlx::query_scalar("SELECT term_id FROM dir_service_terms WHERE service_id = $1")
            .bind(service_id)
            .fetch_all(&mut *conn)
            .await?;
    let (lo, hi) = term_bits(&terms);
    sqlx::query("UPDATE dir_services SET term_bits_lo = $1, term_bits_hi = $2 WHERE id = $3")
        .bind(lo)
        .bind(hi)
        .bind(service_id)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// The largest term id the facet bits can hold (the taxonomy has 80 terms).
pub const MAX_TERM_BIT: i64 = 127;

/// Term ids as two 64-bit sets: id `i` is bit `i` of `lo` (0..63) or bit `i - 64` of `hi`.
pub fn term_bits(ids: &[i64]) -> (i64, i64) {
    let (mut lo, mut hi) = (0_i64, 0_i64);
    for &id in ids {
        match id {
            0..=63 => lo |= 1_i64 << id,
            64..=MAX_TERM_BIT => hi |= 1_i64 << (id - 64),
            _ => {}
        }
    }
    (lo, hi)
}

/// Whether a term id is in the bits of [`term_bits`].
pub fn has_term(bits: (i64, i64), id: i64) -> bool {
    match id {
        0..=63 => bits.0 & (1_i64 << id) != 0,
        64..=MAX_TERM_BIT => bits.1 & (1_i64 << (id - 64)) != 0,
        _ => false,
    }
}

pub async fn write(
    conn: &mut AnyConnection,
    service_id: i64,
    cols: &[String; 4],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO dir_search (service_id, name_tokens, category_tokens, body_tokens, place_tokens) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (service_id) DO UPDATE SET \
         name_tokens = excluded.name_tokens, category_tokens = excluded.category_tokens, \
         body_tokens = excluded.body_tokens, place_tokens = excluded.place_tokens",
    )
    .bind(service_id)
    .bind(&cols[0])
    .bind(&cols[1])
    .bind(&cols[2])
    .bind(&cols[3])
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// Reindexes every service offered at a location (after the location changed).
pub async fn reindex_location(
    conn: &mut AnyConnection,
    location_id: i64,
) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT service_id FROM dir_service_locations WHERE location_id = $1")
            .bind(location_id)
            .fetch_all(&mut *conn)
            .await?;
    for id in ids {
        reindex(conn, id).await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ServiceTexts {
    name_zh: String,
    name_en: Option<String>,
    alternate_name_zh: Option<String>,
    alternate_name_en: Option<String>,
    description_zh: String,
    description_en: Option<String>,
    eligibility_zh: String,
    org_zh: String,
    org_en: Option<String>,
}

async fn gather(
    conn: &mut AnyConnection,
    service_id: i64,
) -> Result<Option<SearchParts>, sqlx::Error> {
    let s: Option<ServiceTexts> = sqlx::query_as(
        "SELECT s.name_zh, s.name_en, s.alternate_name_zh, s.alternate_name_en, s.description_zh, \
         s.description_en, s.eligibility_zh, o.name_zh AS org_zh, o.name_en AS org_en \
         FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id WHERE s.id = $1",
    )
    .bind(service_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(s) = s else { return Ok(None) };
    let terms: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT t.name_zh, t.name_en FROM dir_service_terms st JOIN dir_terms t ON t.id = st.term_id \
         WHERE st.service_id = $1 \
         UNION SELECT p.name_zh, p.name_en FROM dir_service_terms st JOIN dir_terms t ON t.id = st.term_id \
         JOIN dir_terms p ON p.id = t.parent_id WHERE st.service_id = $1",
    )
    .bind(service_id)
    .fetch_all(&mut *conn)
    .await?;
    let places: Vec<(String, Option<String>, String, Option<String>)> = sqlx::query_as(
        "SELECT l.name_zh, l.name_en, l.address_zh, l.address_en FROM dir_service_locations sl \
         JOIN dir_locations l ON l.id = sl.location_id WHERE sl.service_id = $1",
    )
    .bind(service_id)
    .fetch_all(&mut *conn)
    .await?;
    let regions: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT DISTINCT r.name_zh, r.name_en FROM dir_service_locations sl \
         JOIN dir_locations l ON l.id = sl.location_id \
         JOIN region_closure rc ON rc.descendant_id = l.region_id \
         JOIN regions r ON r.id = rc.ancestor_id WHERE sl.service_id = $1 AND r.level <> 'city'",
    )
    .bind(service_id)
    .fetch_all(&mut *conn)
    .await?;
    let pair = |zh: String, en: Option<String>| [Some(zh), en].into_iter().flatten();
    let mut parts = SearchParts::default();
    parts.name.extend(pair(s.name_zh, s.name_en));
    parts.name.extend(s.alternate_name_zh);
    parts.name.extend(s.alternate_name_en);
    for (zh, en) in terms {
        parts.category.extend(pair(zh, en));
    }
    parts.body.extend(pair(s.description_zh, s.description_en));
    parts.body.push(s.eligibility_zh);
    parts.body.extend(pair(s.org_zh, s.org_en));
    for (name_zh, name_en, addr_zh, addr_en) in places {
        parts.place.extend(pair(name_zh, name_en));
        parts.place.extend(pair(addr_zh, addr_en));
    }
    for (zh, en) in regions {
        parts.place.extend(pair(zh, en));
    }
    Ok(Some(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_bits_round_trip_across_both_words() {
        let ids = [1, 2, 63, 64, 80, 127];
        let bits = term_bits(&ids);
        for id in 0..=130 {
            assert_eq!(has_term(bits, id), ids.contains(&id), "term {id}");
        }
        assert!(bits.0 < 0, "bit 63 is the sign bit and still counts");
    }
}

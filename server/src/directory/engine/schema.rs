//! What the index holds: one document per public service at a location, its fields, how a
//! document is made from the tables, and how Linli's parsed query becomes a Tantivy query.
//!
//! The text fields hold the tokens of `dir_search` exactly as the SQL path matches them
//! (jieba words, Han bigrams, Latin words: [`super::super::segment`]), split on spaces by
//! Tantivy's whitespace tokenizer, so both paths tokenise identically. Raw user input never
//! reaches Tantivy's query parser: queries are built term by term.
use std::collections::HashMap;

use tantivy::{
    Term,
    query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery, TermSetQuery},
    schema::{FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions},
    tokenizer::WhitespaceTokenizer,
};

use super::super::{
    search::Filters,
    segment::{self, Token},
};
use crate::{Db, db::Sql};

/// Changes whenever the schema or the documents change: an index of another version is
/// rebuilt on start.
pub const VERSION: u32 = 3;

/// The name the whitespace tokenizer is registered under.
const TOKENIZER: &str = "linli_tokens";

/// The four token columns with their ranking weight (name over category over description
/// over place, as the SQL path weighs them).
const TEXT_FIELDS: [(&str, f32); 4] = [
    ("name", 10.0),
    ("category", 4.0),
    ("body", 1.0),
    ("place", 0.5),
];

/// The fields of the index.
#[derive(Clone)]
pub struct Fields {
    pub schema: Schema,
    text: [Field; 4],
    /// First characters of the Han tokens (single-character queries).
    heads: Field,
    /// The service: deleted and re-added as a whole when it changes.
    pub service: Field,
    sal: Field,
    location: Field,
    region: Field,
    district: Field,
    /// Category and audience term ids (filters).
    terms: Field,
    /// The location's region and every region above it (filter).
    regions: Field,
    free: Field,
    bits_lo: Field,
    bits_hi: Field,
    /// The location's coordinates, when known ("near me").
    lat: Field,
    lng: Field,
    /// The change-log position the document was made at: what its hit's kept card is kept
    /// under ([`crate::directory::hits`]).
    version: Field,
}

impl Fields {
    pub fn new() -> Self {
        let mut b = Schema::builder();
        let text = |with_freqs: bool| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(TOKENIZER)
                    .set_index_option(if with_freqs {
                        IndexRecordOption::WithFreqs
                    } else {
                        IndexRecordOption::Basic
                    }),
            )
        };
        let text_fields = TEXT_FIELDS.map(|(name, _)| b.add_text_field(name, text(true)));
        let heads = b.add_text_field("heads", text(false));
        let service = b.add_u64_field("service", INDEXED | FAST);
        let sal = b.add_u64_field("sal", FAST);
        let location = b.add_u64_field("location", FAST);
        let region = b.add_u64_field("region", FAST);
        let district = b.add_u64_field("district", FAST);
        let terms = b.add_u64_field("terms", INDEXED);
        let regions = b.add_u64_field("regions", INDEXED);
        let free = b.add_u64_field("free", INDEXED);
        let bits_lo = b.add_i64_field("bits_lo", FAST);
        let bits_hi = b.add_i64_field("bits_hi", FAST);
        let lat = b.add_f64_field("lat", FAST);
        let lng = b.add_f64_field("lng", FAST);
        let version = b.add_i64_field("version", FAST);
        Self {
            schema: b.build(),
            text: text_fields,
            heads,
            service,
            sal,
            location,
            region,
            district,
            terms,
            regions,
            free,
            bits_lo,
            bits_hi,
            lat,
            lng,
            version,
        }
    }

    /// Registers the tokenizer the text fields name (on every open: it is not persisted).
    pub fn register_tokenizer(index: &tantivy::Index) {
        index
            .tokenizers()
            .register(TOKENIZER, WhitespaceTokenizer::default());
    }

    /// The document of one service at a location, made at change-log position `version`.
    pub fn document(
        &self,
        row: &Row,
        terms: &[i64],
        ancestors: &[i64],
        version: i64,
    ) -> tantivy::TantivyDocument {
        let mut doc = tantivy::TantivyDocument::default();
        let columns = [
            &row.name_tokens,
            &row.category_tokens,
            &row.body_tokens,
            &row.place_tokens,
        ];
        let mut heads = Vec::new();
        for (field, tokens) in self.text.iter().zip(columns) {
            let tokens = tokens.as_deref().unwrap_or("");
            doc.add_text(*field, tokens);
            heads.extend(segment::token_heads(tokens));
        }
        heads.sort_unstable();
        heads.dedup();
        doc.add_text(self.heads, heads.join(" "));
        doc.add_u64(self.service, id(row.service_id));
        doc.add_u64(self.sal, id(row.sal_id));
        doc.add_u64(self.location, id(row.location_id));
        doc.add_u64(self.region, id(row.region_id));
        doc.add_u64(self.district, row.district_id.map_or(0, id));
        for term in terms {
            doc.add_u64(self.terms, id(*term));
        }
        for region in ancestors {
            doc.add_u64(self.regions, id(*region));
        }
        doc.add_u64(self.free, u64::from(row.is_free == 1));
        doc.add_i64(self.bits_lo, row.term_bits_lo);
        doc.add_i64(self.bits_hi, row.term_bits_hi);
        if let (Some(lat), Some(lng)) = (row.latitude, row.longitude) {
            doc.add_f64(self.lat, lat);
            doc.add_f64(self.lng, lng);
        }
        doc.add_i64(self.version, version);
        doc
    }

    /// The Tantivy query of a parsed text query and filters (all but "open now", which the
    /// collector applies).
    pub fn query(&self, query: &segment::Query, filters: &Filters) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = query
            .groups
            .iter()
            .map(|alternatives| {
                let alts = alternatives
                    .iter()
                    .map(|alt| {
                        let tokens = alt.iter().map(|t| self.token(t)).collect();
                        Box::new(BooleanQuery::intersection(tokens)) as Box<dyn Query>
                    })
                    .collect();
                (
                    Occur::Must,
                    Box::new(BooleanQuery::union(alts)) as Box<dyn Query>,
                )
            })
            .collect();
        let filter = |q: Box<dyn Query>| -> (Occur, Box<dyn Query>) {
            (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
        };
        if !filters.category_ids.is_empty() {
            let terms = filters
                .category_ids
                .iter()
                .map(|t| Term::from_field_u64(self.terms, id(*t)));
            clauses.push(filter(Box::new(TermSetQuery::new(terms))));
        }
        if let Some(audience) = filters.audience_id {
            clauses.push(filter(self.exact(self.terms, audience)));
        }
        if let Some(region) = filters.region_id {
            clauses.push(filter(self.exact(self.regions, region)));
        }
        if filters.free_only {
            clauses.push(filter(self.exact(self.free, 1)));
        }
        if clauses.is_empty() {
            return Box::new(tantivy::query::AllQuery);
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// A token found in any text field, weighted by the field; a single Han character by the
    /// heads of the tokens.
    fn token(&self, token: &Token) -> Box<dyn Query> {
        match token {
            Token::Prefix(c) => Box::new(TermQuery::new(
                Term::from_field_text(self.heads, c),
                IndexRecordOption::Basic,
            )),
            Token::Exact(t) => {
                let per_field = self
                    .text
                    .iter()
                    .zip(TEXT_FIELDS)
                    .map(|(field, (_, weight))| {
                        let q = TermQuery::new(
                            Term::from_field_text(*field, t),
                            IndexRecordOption::WithFreqs,
                        );
                        Box::new(BoostQuery::new(Box::new(q), weight)) as Box<dyn Query>
                    })
                    .collect();
                Box::new(BooleanQuery::union(per_field))
            }
        }
    }

    fn exact(&self, field: Field, value: i64) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_u64(field, id(value)),
            IndexRecordOption::Basic,
        ))
    }

    /// The fast-field names the collector reads.
    pub fn names(&self) -> Names {
        let name = |f: Field| self.schema.get_field_name(f).to_owned();
        Names {
            sal: name(self.sal),
            service: name(self.service),
            location: name(self.location),
            region: name(self.region),
            district: name(self.district),
            bits_lo: name(self.bits_lo),
            bits_hi: name(self.bits_hi),
            lat: name(self.lat),
            lng: name(self.lng),
            version: name(self.version),
        }
    }
}

/// Names of the fast fields (the collector opens columns by name).
#[derive(Clone)]
pub struct Names {
    pub sal: String,
    pub service: String,
    pub location: String,
    pub region: String,
    pub district: String,
    pub bits_lo: String,
    pub bits_hi: String,
    pub lat: String,
    pub lng: String,
    pub version: String,
}

/// Ids are positive in every table; a negative one (never stored) maps to 0.
fn id(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// A service at a location with everything its document needs.
#[derive(Debug, sqlx::FromRow)]
pub struct Row {
    pub sal_id: i64,
    pub service_id: i64,
    pub location_id: i64,
    pub region_id: i64,
    pub district_id: Option<i64>,
    pub is_free: i64,
    pub term_bits_lo: i64,
    pub term_bits_hi: i64,
    pub name_tokens: Option<String>,
    pub category_tokens: Option<String>,
    pub body_tokens: Option<String>,
    pub place_tokens: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// The documents of some services (their public locations; none for a hidden service).
pub struct Batch {
    pub rows: Vec<Row>,
    pub terms: HashMap<i64, Vec<i64>>,
}

/// Loads the rows and terms of these services.
pub async fn load(db: &Db, service_ids: &[i64]) -> Result<Batch, sqlx::Error> {
    if service_ids.is_empty() {
        return Ok(Batch {
            rows: Vec::new(),
            terms: HashMap::new(),
        });
    }
    let mut sql = Sql::new(
        "SELECT sl.id AS sal_id, s.id AS service_id, l.id AS location_id, l.region_id AS region_id, \
         l.district_id AS district_id, s.is_free AS is_free, s.term_bits_lo AS term_bits_lo, \
         s.term_bits_hi AS term_bits_hi, d.name_tokens AS name_tokens, \
         d.category_tokens AS category_tokens, d.body_tokens AS body_tokens, \
         d.place_tokens AS place_tokens, l.latitude AS latitude, l.longitude AS longitude \
         FROM dir_services s JOIN dir_service_locations sl ON sl.service_id = s.id \
         JOIN dir_locations l ON l.id = sl.location_id \
         LEFT JOIN dir_search d ON d.service_id = s.id \
         WHERE s.status IN ('active', 'temporarily_closed') AND s.id IN ",
    );
    sql.bind_list(service_ids);
    let rows: Vec<Row> = sql.query_as().fetch_all(db.pool()).await?;
    let mut sql =
        Sql::new("SELECT service_id, term_id FROM dir_service_terms WHERE service_id IN ");
    sql.bind_list(service_ids);
    let pairs: Vec<(i64, i64)> = sql.query_as().fetch_all(db.pool()).await?;
    let mut terms: HashMap<i64, Vec<i64>> = HashMap::new();
    for (service, term) in pairs {
        terms.entry(service).or_default().push(term);
    }
    Ok(Batch { rows, terms })
}

/// The next `limit` service ids after `after`, in order (the full build walks them).
pub async fn service_ids_after(db: &Db, after: i64, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM dir_services WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(after)
        .bind(limit)
        .fetch_all(db.pool())
        .await
}

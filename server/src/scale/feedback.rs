//! `linli generate feedback --cases N`: city-scale synthetic cases for benchmarks. Two years
//! of cases over every community, oldest first (so ids grow with time as in production),
//! with realistic shares of states, overdue cases, ratings and privacy levels. Rows are
//! written 500 at a time as literal multi-row inserts (all values are generated, none typed).
use rand::{Rng, SeedableRng, rngs::StdRng};

use crate::feedback::{code::ALPHABET, rules};
use crate::{Db, clock};

#[derive(sqlx::FromRow)]
struct Cat {
    id: i64,
    department_id: i64,
    accept_days: i64,
    answer_days: i64,
    name_zh: String,
}

const TITLES: &[&str] = &[
    "{c}问题反映",
    "关于{c}的建议",
    "{c}问题多次反映未解决",
    "咨询{c}相关政策",
    "{c}情况请尽快处理",
];
const PLACES: &[&str] = &[
    "小区东门",
    "3 栋楼下",
    "社区公园",
    "地铁站出口",
    "菜市场旁",
    "社区工作站",
    "幼儿园门口",
    "停车场入口",
];

fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A tracking code from a number: a bijection on 0..31^8, so codes of one run never collide.
fn code_for(n: u64, year: i16) -> String {
    let base = ALPHABET.len() as u64;
    let mut x = n % base.pow(8);
    let mut tail = [b'2'; 8];
    for slot in tail.iter_mut().rev() {
        *slot = ALPHABET[usize::try_from(x % base).unwrap_or(0)];
        x /= base;
    }
    format!("SZ-{year:04}-{}", String::from_utf8_lossy(&tail))
}

/// Inserts `cases` cases; returns how many.
pub async fn feedback(
    db: &Db,
    cases: u64,
    seed: u64,
    now: i64,
    progress: impl Fn(u64),
) -> anyhow::Result<u64> {
    let communities: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM regions WHERE level = 'community' ORDER BY id")
            .fetch_all(db.pool())
            .await?;
    anyhow::ensure!(
        !communities.is_empty(),
        "no communities: seed the regions first"
    );
    let cats: Vec<Cat> = sqlx::query_as("SELECT id, department_id, CAST(accept_days AS BIGINT) AS accept_days, CAST(answer_days AS BIGINT) AS answer_days, name_zh FROM feedback_categories ORDER BY id")
        .fetch_all(db.pool())
        .await?;
    let cal = crate::calendar::store::load(db).await?;
    let mut rng = StdRng::seed_from_u64(seed);
    let offset: u64 = rng.random_range(0..31u64.pow(8));
    let today = clock::local_date(now);
    let span_days: i64 = 730;
    let start = today
        .checked_sub(jiff::Span::new().days(span_days))
        .unwrap_or(today);
    let columns = "tracking_code, kind, category_id, region_id, place, title, description, privacy, contact_name, channel, status, \
        department_id, due_date, accept_due, answer_due, escalation_level, accept_on_time, answer_on_time, first_response_at, \
        accepted_at, answered_at, closed_at, rating, rated_at, support_count, created_on, created_at, updated_at";
    let g = Generator {
        cal: &cal,
        communities: &communities,
        cats: &cats,
        today,
        start,
        span_days,
        cases,
        offset,
    };
    let mut done = 0u64;
    let batch = 500u64;
    while done < cases {
        let n = batch.min(cases - done);
        let mut values = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
        for k in 0..n {
            values.push(case_values(&g, &mut rng, done + k));
        }
        let sql = format!(
            "INSERT INTO feedback_cases ({columns}) VALUES {}",
            values.join(", ")
        );
        sqlx::query(&sql).execute(db.pool()).await?;
        done += n;
        if done.is_multiple_of(100_000) || done == cases {
            progress(done);
        }
    }
    if db.backend() == crate::db::Backend::Postgres {
        sqlx::query("ANALYZE feedback_cases")
            .execute(db.pool())
            .await?;
    } else {
        sqlx::query("ANALYZE").execute(db.pool()).await?;
    }
    Ok(done)
}

/// What stays the same for the whole run.
struct Generator<'a> {
    cal: &'a crate::calendar::WorkCalendar,
    communities: &'a [i64],
    cats: &'a [Cat],
    today: jiff::civil::Date,
    /// The first day cases are filed on, `span_days` before today.
    start: jiff::civil::Date,
    span_days: i64,
    cases: u64,
    /// Where the tracking codes of this run start.
    offset: u64,
}

/// The SQL values of case number `i`.
fn case_values(g: &Generator<'_>, rng: &mut StdRng, i: u64) -> String {
    #[expect(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        reason = "bounded day offsets"
    )]
    let day_offset = ((i as f64 / g.cases as f64) * g.span_days as f64) as i64;
    let created_on = g
        .start
        .checked_add(jiff::Span::new().days(day_offset))
        .unwrap_or(g.today)
        .min(g.today);
    let created_at =
        clock::local_instant(created_on, rng.random_range(7..22), rng.random_range(0..60));
    let age = g.span_days - day_offset;
    // Skewed towards some busy communities, as in a real city.
    let region = if rng.random_bool(0.3) {
        g.communities[rng.random_range(0..g.communities.len().min(20))]
    } else {
        g.communities[rng.random_range(0..g.communities.len())]
    };
    let cat = &g.cats[rng.random_range(0..g.cats.len())];
    let kind = [
        "complaint",
        "complaint",
        "complaint",
        "suggestion",
        "question",
        "praise",
    ][rng.random_range(0..6)];
    let privacy =
        ["public_name", "public_name", "committee_only", "anonymous"][rng.random_range(0..4)];
    let contact = if privacy == "anonymous" {
        "NULL".to_owned()
    } else {
        sql_text(&format!("居民{}", rng.random_range(1..9999)))
    };
    let title = TITLES[rng.random_range(0..TITLES.len())].replace("{c}", &cat.name_zh);
    let place = PLACES[rng.random_range(0..PLACES.len())];
    let accept_due = rules::accept_due(
        g.cal,
        created_on,
        u32::try_from(cat.accept_days).unwrap_or(2),
    );
    let accepted_on = g
        .cal
        .add_working_days(created_on, rng.random_range(0..4))
        .min(g.today);
    let answer_due = rules::answer_due(
        g.cal,
        accepted_on,
        u32::try_from(cat.answer_days).unwrap_or(10),
    );
    let answered_on = g
        .cal
        .add_working_days(accepted_on, rng.random_range(1..16))
        .min(g.today);
    let roll: f64 = rng.random();
    let status = if age <= 30 {
        match roll {
            r if r < 0.20 => "submitted",
            r if r < 0.32 => "accepted",
            r if r < 0.45 => "assigned",
            r if r < 0.58 => "in_progress",
            r if r < 0.75 => "answered",
            r if r < 0.95 => "closed",
            _ => "declined",
        }
    } else if roll < 0.005 {
        "in_progress" // a few long-forgotten cases: overdue and escalated
    } else if roll < 0.07 {
        "declined"
    } else {
        "closed"
    };
    let accepted_at = clock::local_instant(accepted_on, 10, 0);
    let answered_at = clock::local_instant(answered_on, 16, 0);
    let open = matches!(
        status,
        "submitted" | "accepted" | "assigned" | "in_progress"
    );
    let due = match status {
        "submitted" => Some(accept_due),
        s if open && s != "submitted" => Some(answer_due),
        _ => None,
    };
    let escalation = due.map_or(0, |d| rules::escalation_level(g.cal, d, g.today));
    let after_accept = !matches!(status, "submitted" | "declined");
    let answered = matches!(status, "answered" | "closed");
    let rated = status == "closed" && rng.random_bool(0.7);
    let rating = rated.then(|| [5, 5, 5, 4, 4, 3, 2][rng.random_range(0..7)]);
    let opt = |v: Option<i64>| v.map_or("NULL".to_owned(), |v| v.to_string());
    let opt_date = |d: Option<jiff::civil::Date>| d.map_or("NULL".to_owned(), |d| format!("'{d}'"));
    let closed_at = match status {
        "closed" => Some(answered_at + 86_400 * 3),
        "declined" => Some(accepted_at),
        _ => None,
    };
    format!(
        "({}, '{kind}', {}, {region}, {}, {}, {}, '{privacy}', {contact}, 'web', '{status}', {}, {}, '{accept_due}', {}, {escalation}, {}, {}, {}, {}, {}, {}, {}, {}, {}, '{created_on}', {created_at}, {})",
        sql_text(&code_for(g.offset + i * 1_000_000_007, created_on.year())),
        cat.id,
        sql_text(place),
        sql_text(&title),
        sql_text(&format!(
            "{title}。地点：{place}。这是生成的测试数据（第 {i} 件）。"
        )),
        if after_accept {
            cat.department_id.to_string()
        } else {
            "NULL".into()
        },
        opt_date(due),
        opt_date(after_accept.then_some(answer_due)),
        if status == "submitted" {
            "NULL".into()
        } else {
            i64::from(accepted_on <= accept_due).to_string()
        },
        opt(answered.then(|| i64::from(answered_on <= answer_due))),
        if status == "submitted" {
            "NULL".into()
        } else {
            accepted_at.to_string()
        },
        opt(after_accept.then_some(accepted_at)),
        opt(answered.then_some(answered_at)),
        opt(closed_at),
        opt(rating),
        opt(rating.map(|_| answered_at + 86_400 * 2)),
        if rng.random_bool(0.1) {
            rng.random_range(1..30)
        } else {
            0
        },
        closed_at.unwrap_or(if answered { answered_at } else { created_at }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_valid_and_distinct() {
        let a = code_for(0, 2026);
        let b = code_for(1_000_000_007, 2026);
        assert_ne!(a, b);
        assert_eq!(
            crate::feedback::code::normalise(&a).as_deref(),
            Some(a.as_str())
        );
        let set: std::collections::HashSet<String> = (0..10_000u64)
            .map(|i| code_for(7 + i * 1_000_000_007, 2026))
            .collect();
        assert_eq!(set.len(), 10_000);
    }
}

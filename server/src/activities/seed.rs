//! Demo activities of 红荔社区 (marked 演示): a weekly tai chi class, a picture-book morning in
//! the activity room (booked in the ledger), a talk on phone fraud and a health check. Dates
//! count from this week's Saturday; what would already have started moves a week on, so
//! "this weekend" has something on until Sunday afternoon.
use app::api::activities::{ActivityInput, ActivityKind, Repeat};
use jiff::ToSpan;

use super::{input, store, venue};
use crate::{Db, booking::venue::Venue, regions::store as regions};

struct Spec {
    title_zh: &'static str,
    title_en: &'static str,
    kind: ActivityKind,
    audiences: &'static [&'static str],
    /// Days after the coming Saturday.
    day: i64,
    start: (i8, i8),
    minutes: i64,
    capacity: u32,
    companions: u32,
    place: &'static str,
    /// Held in the demo activity room.
    in_room: bool,
    weeks: i64,
    description: &'static str,
}

const SPECS: &[Spec] = &[
    Spec {
        title_zh: "长者太极拳班（演示）",
        title_en: "Tai chi for elders (demo)",
        kind: ActivityKind::Sports,
        audiences: &["elderly"],
        day: 0,
        start: (8, 30),
        minutes: 90,
        capacity: 30,
        companions: 0,
        place: "红荔社区党群服务中心前广场",
        in_room: false,
        weeks: 4,
        description: "每周六上午，由社区体育指导员带领，零基础可参加。请穿运动鞋。",
    },
    Spec {
        title_zh: "亲子绘本共读（演示）",
        title_en: "Picture books for parents and children (demo)",
        kind: ActivityKind::Family,
        audiences: &["youth", "residents"],
        day: 0,
        start: (10, 0),
        minutes: 90,
        capacity: 12,
        companions: 2,
        place: "",
        in_room: true,
        weeks: 1,
        description: "适合 3–8 岁儿童和家长，社区图书角志愿者带读。每个家庭报名时可带 2 位同伴。",
    },
    Spec {
        title_zh: "防范电信诈骗讲座（演示）",
        title_en: "Talk: protecting yourself from phone fraud (demo)",
        kind: ActivityKind::Science,
        audiences: &["elderly", "residents"],
        day: 1,
        start: (15, 0),
        minutes: 60,
        capacity: 40,
        companions: 1,
        place: "",
        in_room: true,
        weeks: 1,
        description: "派出所民警讲解常见诈骗手法，现场答疑。",
    },
    Spec {
        title_zh: "社区义诊：测血压血糖（演示）",
        title_en: "Free health check: blood pressure and sugar (demo)",
        kind: ActivityKind::Health,
        audiences: &["elderly"],
        day: 4,
        start: (9, 0),
        minutes: 120,
        capacity: 60,
        companions: 0,
        place: "红荔社区健康服务中心一楼",
        in_room: false,
        weeks: 1,
        description: "社康中心医生现场测量并解读结果，请空腹前来测血糖。",
    },
];

/// Seeds the demo activities when there are none; returns how many dates were made.
pub async fn demo(db: &Db, now: i64) -> anyhow::Result<usize> {
    let existing: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM activities")
        .fetch_one(db.pool())
        .await?;
    let Some(hongli) = regions::by_code(db, "440304001001").await? else {
        return Ok(0);
    };
    if existing > 0 {
        return Ok(0);
    }
    let staff: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE phone = '13800000002'")
        .fetch_optional(db.pool())
        .await?;
    let Some(staff) = staff else { return Ok(0) };
    let room_id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM venues WHERE name_zh = '红荔社区文体活动室（演示）'")
            .fetch_optional(db.pool())
            .await?;
    let room = match room_id {
        Some(id) => Some(Venue::load(db, id).await?),
        None => None,
    };
    let tz = crate::time::default_tz();
    let today = crate::booking::rules::zoned(now, tz).date();
    // The Saturday of this week (yesterday on a Sunday).
    let saturday =
        today.checked_add((5 - i64::from(today.weekday().to_monday_zero_offset())).days())?;
    let mut made = 0;
    for s in SPECS {
        let mut day = saturday.checked_add(s.day.days())?;
        let mut start = tz
            .to_timestamp(day.at(s.start.0, s.start.1, 0, 0))?
            .as_second();
        // What would start within the hour (or is over) moves to next week.
        if start <= now + 3600 {
            day = day.checked_add(1.week())?;
            start += 7 * 86_400;
        }
        let end = start + s.minutes * 60;
        let venue = room.as_ref().filter(|_| s.in_room);
        let req = ActivityInput {
            community: hongli.code.clone(),
            title_zh: s.title_zh.into(),
            title_en: Some(s.title_en.into()),
            description_zh: s.description.into(),
            kind: s.kind.as_str().into(),
            audiences: s.audiences.iter().map(|a| (*a).to_owned()).collect(),
            venue_id: venue.map(Venue::id),
            place_zh: match venue {
                Some(v) => format!("{} · {}", v.row.name_zh, v.row.address_zh),
                None => s.place.to_owned(),
            },
            start: crate::time::rfc3339(start),
            end: crate::time::rfc3339(end),
            capacity: s.capacity,
            max_companions: s.companions,
            accessibility_zh: "无障碍通道，可借用轮椅。".into(),
            ..ActivityInput::default()
        };
        let checked =
            input::check(&req, venue.is_some(), now).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let repeat = (s.weeks > 1).then(|| Repeat {
            weekly_until: day
                .checked_add((s.weeks - 1).weeks())
                .map(|d| d.to_string())
                .unwrap_or_default(),
            skip: Vec::new(),
        });
        let dates =
            input::dates(&checked, repeat.as_ref(), tz).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let terms: Vec<i64> = store::audience_terms(db, &req.audiences)
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let mut tx = db.begin_write().await?;
        let series = match repeat {
            Some(_) => Some(store::insert_series(&mut tx, staff, now).await?),
            None => None,
        };
        for d in dates {
            let row = store::NewActivity {
                series_id: series,
                region_id: hongli.id,
                organization_id: None,
                venue_id: venue.map(Venue::id),
                fields: &checked,
                place_zh: &checked.place_zh,
                place_en: checked
                    .place_en
                    .as_deref()
                    .or(venue.and_then(|v| v.row.name_en.as_deref())),
                dated: d,
                created_by: staff,
            };
            let id = store::insert(&mut tx, &row, now).await?;
            store::set_audiences(&mut tx, id, &terms).await?;
            let booking = match venue {
                Some(v) => match venue::conflict(&mut tx, v, d.start, d.end, None, now).await? {
                    None => {
                        let hold = venue::Hold {
                            venue: v,
                            start: d.start,
                            end: d.end,
                            title: s.title_zh,
                            by: staff,
                        };
                        Some(
                            venue::book(&mut tx, &hold, now)
                                .await
                                .map_err(|e| anyhow::anyhow!("{e:?}"))?,
                        )
                    }
                    Some(conflict) => {
                        tracing::info!(
                            conflict,
                            "a demo activity is shown without its venue booking"
                        );
                        None
                    }
                },
                None => None,
            };
            store::publish(&mut tx, id, booking, now).await?;
            made += 1;
        }
        tx.commit().await?;
    }
    Ok(made)
}

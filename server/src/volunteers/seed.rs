//! Demo volunteer shifts of 红荔社区 (marked 演示), posted by the demo social worker: meals at
//! the elders' canteen, helping at a health check and teaching elders their phones, on the
//! next days.
use app::api::volunteers::{OpportunityInput, Skill};

use super::{input, store};
use crate::{Db, regions::store as regions};

struct Spec {
    title_zh: &'static str,
    title_en: &'static str,
    /// Days from today.
    day: i64,
    start: (i8, i8),
    minutes: i64,
    slots: u32,
    skills: &'static [Skill],
    place: &'static str,
    description: &'static str,
}

const SPECS: &[Spec] = &[
    Spec {
        title_zh: "长者饭堂助餐（演示）",
        title_en: "Serving lunch at the elders' canteen (demo)",
        day: 1,
        start: (11, 0),
        minutes: 120,
        slots: 4,
        skills: &[Skill::Meals, Skill::Companionship],
        place: "红荔社区长者饭堂",
        description: "协助打饭、送餐到桌，陪行动不便的长者用餐。",
    },
    Spec {
        title_zh: "社区义诊协助（演示）",
        title_en: "Helping at the community health check (demo)",
        day: 2,
        start: (9, 0),
        minutes: 180,
        slots: 6,
        skills: &[],
        place: "红荔社区党群服务中心",
        description: "引导居民排队、登记，协助医生测量血压。",
    },
    Spec {
        title_zh: "教长者用智能手机（演示）",
        title_en: "Teaching elders their smartphones (demo)",
        day: 3,
        start: (14, 30),
        minutes: 90,
        slots: 3,
        skills: &[Skill::Digital, Skill::Teaching],
        place: "红荔社区文体活动室",
        description: "一对一教长者用健康码、视频通话和防诈骗设置。",
    },
];

/// Seeds the demo shifts when there are none; returns how many were made.
pub async fn demo(db: &Db, now: i64) -> anyhow::Result<usize> {
    let existing: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM opportunities")
        .fetch_one(db.pool())
        .await?;
    let Some(hongli) = regions::by_code(db, "440304001001").await? else {
        return Ok(0);
    };
    let worker: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE phone = '13800000007'")
            .fetch_optional(db.pool())
            .await?;
    let Some(worker) = worker.filter(|_| existing == 0) else {
        return Ok(0);
    };
    let tz = crate::time::default_tz();
    let today = crate::booking::rules::zoned(now, tz).date();
    let mut made = 0;
    for s in SPECS {
        let day = today.checked_add(jiff::Span::new().days(s.day))?;
        let start = tz
            .to_timestamp(day.at(s.start.0, s.start.1, 0, 0))?
            .as_second();
        let req = OpportunityInput {
            community: hongli.code.clone(),
            title: s.title_zh.into(),
            title_en: Some(s.title_en.into()),
            description: s.description.into(),
            place: s.place.into(),
            starts_at: crate::time::rfc3339(start),
            ends_at: crate::time::rfc3339(start + s.minutes * 60),
            slots: s.slots,
            skills: s.skills.to_vec(),
            ..Default::default()
        };
        let shift = input::opportunity(&req, now).map_err(|e| anyhow::anyhow!("{e}"))?;
        let refs = store::ShiftRefs {
            region_id: hongli.id,
            organization_id: None,
            activity_id: None,
            service_id: None,
        };
        let mut tx = db.begin_write().await?;
        store::insert_opportunity(&mut tx, &shift, &refs, worker, now).await?;
        tx.commit().await?;
        made += 1;
    }
    Ok(made)
}

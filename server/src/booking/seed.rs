//! Demo venues and bookings for `linli serve --demo` (only into an empty venue table). Every
//! name says 演示 where it could be mistaken for a real place; times are relative to today.
use app::api::booking::{
    BookingKind, BookingStatus, CapacityMode, Feature, OwnerKind, PartInput, QuotaKind, Rules,
    VenueInput, VenueType,
};
use jiff::civil::Date;

use super::{
    flows::{self, Spec},
    lotteries, rules,
    schedule::{Interval, WeeklyHours},
    store,
    venue::{self, Venue},
};
use crate::{
    Db,
    accounts::{
        password::{self, NewPassword},
        store as accounts,
    },
    regions::store as regions,
};

/// Extra demo residents who make the calendars look lived in (not printed at start).
const NEIGHBOURS: &[(&str, &str)] = &[
    ("13800000101", "周建华"),
    ("13800000102", "吴桂芳"),
    ("13800000103", "郑文斌"),
    ("13800000104", "黄丽萍"),
];

#[expect(
    clippy::too_many_arguments,
    reason = "a table of demo venues reads best as positional rows"
)]
fn input(
    community: &str,
    name: &str,
    name_en: &str,
    venue_type: VenueType,
    capacity: u32,
    owner: (OwnerKind, &str),
    address: &str,
    description: &str,
    features: &[Feature],
) -> VenueInput {
    VenueInput {
        community: community.to_owned(),
        name_zh: name.to_owned(),
        name_en: Some(name_en.to_owned()),
        venue_type,
        capacity,
        owner_kind: owner.0,
        owner_name_zh: owner.1.to_owned(),
        owner_name_en: None,
        address_zh: address.to_owned(),
        address_en: None,
        description_zh: description.to_owned(),
        description_en: None,
        time_zone: None,
        needs_owner_approval: owner.0 == OwnerKind::School,
        features: features.to_vec(),
        photos: Vec::new(),
        parts: Vec::new(),
        rules: None,
        hours: None,
    }
}

fn hours(days: &[u8], opens: u32, closes: u32) -> WeeklyHours {
    WeeklyHours(
        days.iter()
            .map(|d| {
                (
                    *d,
                    Interval {
                        opens: opens * 60,
                        closes: closes * 60,
                    },
                )
            })
            .collect(),
    )
}

const EVERY_DAY: &[u8] = &[1, 2, 3, 4, 5, 6, 7];

async fn make(
    db: &Db,
    input: VenueInput,
    rules: Rules,
    hours: WeeklyHours,
    now: i64,
) -> anyhow::Result<Venue> {
    let region = regions::by_code(db, &input.community)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo community {}", input.community))?;
    let id = venue::create(
        db,
        None,
        &input,
        &venue::Setup {
            region_id: region.id,
            tz: crate::time::DEFAULT_TZ,
            rules: &rules,
            hours: &hours,
        },
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Venue::load(db, id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Seeds the demo venues, rules, a closure, bookings, a recurring series, a lottery and a
/// strike. Does nothing when venues exist.
pub async fn demo(db: &Db, now: i64) -> anyhow::Result<()> {
    if store::count_venues(db).await? > 0 {
        return Ok(());
    }
    let base = rules::default_rules(20);
    let (room, court, gym, school) = hongli_venues(db, &base, now).await?;
    let badminton = other_venues(db, &base, now).await?;
    demo_activity(db, &room, &court, &gym, &school, &badminton, now).await?;
    tracing::info!("demo venues seeded");
    Ok(())
}

/// The demo venues of 红荔社区: the activity room, the basketball court (two halves), the gym
/// and the school sports ground.
async fn hongli_venues(
    db: &Db,
    base: &Rules,
    now: i64,
) -> anyhow::Result<(Venue, Venue, Venue, Venue)> {
    let hongli = "440304001001";

    let mut room = input(
        hongli,
        "红荔社区文体活动室（演示）",
        "Hongli Community Activity Room (demo)",
        VenueType::MultipurposeRoom,
        40,
        (OwnerKind::Community, "红荔社区工作站"),
        "福田区园岭街道红荔路 3001 号红荔社区党群服务中心二楼",
        "可用于合唱、书画、棋牌、讲座等社区文体活动。需社区审批。",
        &[
            Feature::StepFree,
            Feature::AccessibleToilet,
            Feature::HearingLoop,
            Feature::Elevator,
        ],
    );
    room.description_en = Some(
        "For choirs, calligraphy, chess and talks. Bookings are approved by the community.".into(),
    );
    let room = make(
        db,
        room,
        Rules {
            approval_required: true,
            max_minutes: 180,
            quota_kind: QuotaKind::Bookings,
            quota_per_week: 2,
            capacity: 40,
            ..base.clone()
        },
        hours(EVERY_DAY, 8, 22),
        now,
    )
    .await?;

    let mut court = input(
        hongli,
        "红荔社区篮球场（演示）",
        "Hongli Community Basketball Court (demo)",
        VenueType::Basketball,
        20,
        (OwnerKind::Community, "红荔社区工作站"),
        "福田区园岭街道红荔路 3001 号旁室外球场",
        "标准篮球场，可整场或半场（A 场 / B 场）预约。",
        &[Feature::StepFree, Feature::AccessibleParking],
    );
    court.parts = vec![
        PartInput {
            code: "A".into(),
            name_zh: "A 场".into(),
            name_en: Some("Court A".into()),
        },
        PartInput {
            code: "B".into(),
            name_zh: "B 场".into(),
            name_en: Some("Court B".into()),
        },
    ];
    let court = make(
        db,
        court,
        Rules {
            quota_kind: QuotaKind::Hours,
            quota_per_week: 4,
            cancel_deadline_minutes: 120,
            ..base.clone()
        },
        hours(EVERY_DAY, 7, 22),
        now,
    )
    .await?;

    let gym = make(
        db,
        input(
            hongli,
            "红荔社区健身室（演示）",
            "Hongli Community Gym (demo)",
            VenueType::Gym,
            15,
            (OwnerKind::Community, "红荔社区工作站"),
            "红荔社区党群服务中心一楼",
            "按人预约，每时段 15 个名额。",
            &[
                Feature::StepFree,
                Feature::Elevator,
                Feature::AccessibleToilet,
            ],
        ),
        Rules {
            capacity_mode: CapacityMode::PerPerson,
            capacity: 15,
            max_minutes: 120,
            checkin_required: false,
            ..base.clone()
        },
        hours(EVERY_DAY, 6, 22),
        now,
    )
    .await?;

    let school = make(
        db,
        input(
            hongli,
            "红岭中学运动场（周末开放，演示）",
            "Hongling Middle School Sports Ground (weekends, demo)",
            VenueType::SchoolSportsGround,
            200,
            (OwnerKind::School, "深圳市红岭中学（演示）"),
            "福田区红荔路红岭中学东门",
            "学校运动场于周末向社区居民开放，需学校及社区审批。",
            &[Feature::StepFree, Feature::AccessibleToilet],
        ),
        Rules {
            max_minutes: 180,
            max_advance_days: 14,
            capacity: 200,
            ..base.clone()
        },
        hours(&[6, 7], 8, 18),
        now,
    )
    .await?;
    Ok((room, court, gym, school))
}

/// The demo venues of other communities; returns the badminton hall.
async fn other_venues(db: &Db, base: &Rules, now: i64) -> anyhow::Result<Venue> {
    make(
        db,
        input(
            "440304001002",
            "百花社区舞蹈室（演示）",
            "Baihua Community Dance Studio (demo)",
            VenueType::DanceRoom,
            30,
            (OwnerKind::Community, "百花社区工作站"),
            "福田区园岭街道百花二路 18 号",
            "木地板、镜墙、音响。请穿软底鞋。",
            &[Feature::StepFree],
        ),
        Rules {
            approval_required: true,
            pending_holds_slot: false,
            capacity: 30,
            ..base.clone()
        },
        hours(&[1, 2, 3, 4, 5], 9, 21),
        now,
    )
    .await?;
    make(
        db,
        input(
            "440304002001",
            "南园社区乒乓球室（演示）",
            "Nanyuan Community Table Tennis Room (demo)",
            VenueType::TableTennis,
            8,
            (OwnerKind::Community, "南园社区工作站"),
            "福田区南园街道南园路 68 号",
            "4 张球台，自带球拍。",
            &[],
        ),
        Rules {
            capacity: 8,
            buffer_minutes: 0,
            ..base.clone()
        },
        hours(EVERY_DAY, 9, 21),
        now,
    )
    .await?;
    make(
        db,
        input(
            "440303001001",
            "桂园社区阅览室（演示）",
            "Guiyuan Community Reading Room (demo)",
            VenueType::ReadingRoom,
            24,
            (OwnerKind::Government, "罗湖区图书馆（演示）"),
            "罗湖区桂园街道桂园路 9 号",
            "安静阅读与自习，按座位预约。",
            &[
                Feature::StepFree,
                Feature::HearingLoop,
                Feature::BrailleSignage,
            ],
        ),
        Rules {
            capacity_mode: CapacityMode::PerPerson,
            capacity: 24,
            max_minutes: 240,
            checkin_required: false,
            ..base.clone()
        },
        hours(&[2, 3, 4, 5, 6, 7], 9, 21),
        now,
    )
    .await?;
    make(
        db,
        input(
            "440305001001",
            "南头城社区羽毛球馆（演示）",
            "Nantoucheng Community Badminton Hall (demo)",
            VenueType::Badminton,
            8,
            (OwnerKind::Government, "南山区文化广电旅游体育局（演示）"),
            "南山区南头街道中山南街 2 号",
            "两片羽毛球场地，每次预约 1 片。",
            &[Feature::StepFree, Feature::AccessibleToilet],
        ),
        Rules {
            capacity: 8,
            buffer_minutes: 30,
            ..base.clone()
        },
        hours(EVERY_DAY, 8, 22),
        now,
    )
    .await
}

async fn neighbours(db: &Db, now: i64) -> anyhow::Result<Vec<i64>> {
    let home = regions::by_code(db, "440304001001").await?.map(|r| r.id);
    let hash = password::hash(
        NewPassword::parse(crate::seed::DEMO_PASSWORD, None).map_err(|c| anyhow::anyhow!(c))?,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut ids = Vec::new();
    for (phone, name) in NEIGHBOURS {
        let id = match accounts::user_by_phone(db, phone).await? {
            Some(u) => u.id,
            None => {
                accounts::insert_user(
                    db.pool(),
                    &accounts::NewUser {
                        phone,
                        password_hash: &hash,
                        display_name: name,
                        home_region_id: home,
                    },
                    now,
                )
                .await?
            }
        };
        ids.push(id);
    }
    Ok(ids)
}

fn day_from_today(days: i64, now: i64) -> Date {
    let today = rules::zoned(now, crate::time::default_tz()).date();
    today
        .checked_add(jiff::Span::new().days(days))
        .unwrap_or(today)
}

fn at(date: Date, hour: i64) -> i64 {
    date.to_zoned_datetime(crate::time::default_tz().clone())
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
        + hour * 3600
}

struct Demo<'a> {
    venue: &'a Venue,
    user: Option<i64>,
    kind: BookingKind,
    start: i64,
    end: i64,
    party: u32,
    purpose: &'a str,
    status: BookingStatus,
}

async fn book(db: &Db, d: Demo<'_>, now: i64) -> anyhow::Result<i64> {
    flows::create(
        db,
        &Spec {
            venue: d.venue,
            user_id: d.user,
            kind: d.kind,
            start: d.start,
            end: d.end,
            party_size: d.party,
            purpose: d.purpose.to_owned(),
            status: d.status,
            hold_until: None,
            count_quota: false,
            force_hold: d.status == BookingStatus::Pending,
            created_by: d.user,
            series_id: None,
            lottery_id: None,
            waitlist_offer: false,
        },
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo booking: {e}"))
}

async fn user(db: &Db, phone: &str) -> anyhow::Result<i64> {
    Ok(accounts::user_by_phone(db, phone)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {phone}"))?
        .id)
}

/// Who and what the demo bookings are about.
struct Activity<'a> {
    db: &'a Db,
    now: i64,
    resident: i64,
    staff: i64,
    /// The demo neighbours.
    n: Vec<i64>,
    room: &'a Venue,
    court: &'a Venue,
    court_a: Venue,
    court_b: Venue,
    gym: &'a Venue,
    school: &'a Venue,
    badminton: &'a Venue,
}

/// A demo booking of six people.
fn demo_booking<'a>(
    venue: &'a Venue,
    user: Option<i64>,
    start: i64,
    end: i64,
    purpose: &'a str,
    status: BookingStatus,
) -> Demo<'a> {
    Demo {
        venue,
        user,
        kind: BookingKind::Booking,
        start,
        end,
        party: 6,
        purpose,
        status,
    }
}

async fn demo_activity(
    db: &Db,
    room: &Venue,
    court: &Venue,
    gym: &Venue,
    school: &Venue,
    badminton: &Venue,
    now: i64,
) -> anyhow::Result<()> {
    let resident = user(db, "13800000001").await?;
    let staff = user(db, "13800000003").await?;
    let n = neighbours(db, now).await?;
    let parts = store::parts(db, court.id()).await?;
    let court_a = Venue::load(db, parts[0].0)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let court_b = Venue::load(db, parts[1].0)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let a = Activity {
        db,
        now,
        resident,
        staff,
        n,
        room,
        court,
        court_a,
        court_b,
        gym,
        school,
        badminton,
    };
    a.residents_own().await?;
    a.neighbours_and_block().await?;
    a.closure().await?;
    a.no_show_with_strike().await?;
    a.dance_series().await?;
    a.saturday_lottery().await?;
    a.history().await?;
    a.approver().await
}

impl Activity<'_> {
    /// The resident's own: a game tomorrow, a request at the school, one under way now.
    async fn residents_own(&self) -> anyhow::Result<()> {
        let Activity {
            db,
            now,
            resident,
            room,
            ref court_a,
            gym,
            school,
            ..
        } = *self;
        let d1 = day_from_today(1, now);
        book(
            db,
            demo_booking(
                court_a,
                Some(resident),
                at(d1, 19),
                at(d1, 21),
                "和邻居打半场",
                BookingStatus::Confirmed,
            ),
            now,
        )
        .await?;
        book(
            db,
            demo_booking(
                school,
                Some(resident),
                at(day_from_today(6, now), 9),
                at(day_from_today(6, now), 11),
                "亲子足球",
                BookingStatus::Pending,
            ),
            now,
        )
        .await?;
        let grain = rules::GRAIN_SECONDS;
        let current = now - now.rem_euclid(grain);
        book(
            db,
            demo_booking(
                room,
                Some(resident),
                current,
                current + 7200,
                "书法兴趣小组",
                BookingStatus::Confirmed,
            ),
            now,
        )
        .await?;
        let mut workout = demo_booking(
            gym,
            Some(resident),
            current,
            current + 3600,
            "康复锻炼",
            BookingStatus::Confirmed,
        );
        workout.party = 1;
        book(db, workout, now).await?;
        Ok(())
    }

    /// Neighbours fill the calendars; one request waits for the committee; a maintenance block.
    async fn neighbours_and_block(&self) -> anyhow::Result<()> {
        let Activity {
            db,
            now,
            ref n,
            room,
            court,
            ref court_b,
            gym,
            badminton,
            ..
        } = *self;
        let (d1, d2, d3) = (
            day_from_today(1, now),
            day_from_today(2, now),
            day_from_today(3, now),
        );
        book(
            db,
            demo_booking(
                court_b,
                Some(n[0]),
                at(d1, 19),
                at(d1, 20),
                "篮球训练",
                BookingStatus::Confirmed,
            ),
            now,
        )
        .await?;
        book(
            db,
            demo_booking(
                court,
                Some(n[1]),
                at(d2, 19),
                at(d2, 21),
                "社区篮球友谊赛",
                BookingStatus::Confirmed,
            ),
            now,
        )
        .await?;
        book(
            db,
            demo_booking(
                room,
                Some(n[2]),
                at(d2, 14),
                at(d2, 16),
                "老年合唱团排练",
                BookingStatus::Pending,
            ),
            now,
        )
        .await?;
        book(
            db,
            demo_booking(
                room,
                Some(n[3]),
                at(d3, 9),
                at(d3, 11),
                "社区读书会",
                BookingStatus::Confirmed,
            ),
            now,
        )
        .await?;
        book(
            db,
            demo_booking(
                badminton,
                Some(n[0]),
                at(d1, 20),
                at(d1, 21),
                "羽毛球双打",
                BookingStatus::Confirmed,
            ),
            now,
        )
        .await?;
        let mut gym_booking = demo_booking(
            gym,
            Some(n[1]),
            at(d1, 7),
            at(d1, 8),
            "晨练",
            BookingStatus::Confirmed,
        );
        gym_booking.party = 2;
        book(db, gym_booking, now).await?;
        // A maintenance block.
        book(
            db,
            Demo {
                kind: BookingKind::Block,
                user: None,
                party: court.rules.capacity,
                ..demo_booking(
                    court,
                    None,
                    at(d3, 7),
                    at(d3, 10),
                    "篮球架检修",
                    BookingStatus::Confirmed,
                )
            },
            now,
        )
        .await?;
        Ok(())
    }

    /// A closure of the badminton hall, with its reason.
    async fn closure(&self) -> anyhow::Result<()> {
        let Activity {
            db,
            now,
            staff,
            badminton,
            ..
        } = *self;
        let mut tx = db.begin_write().await?;
        let closed = day_from_today(10, now).to_string();
        store::insert_closure(
            &mut tx,
            badminton.id(),
            &store::NewClosure {
                first_day: &closed,
                last_day: &day_from_today(12, now).to_string(),
                reason_zh: "场地地面翻新",
                reason_en: Some("floor renovation"),
                by: staff,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A past no-show with a strike the resident can still appeal.
    async fn no_show_with_strike(&self) -> anyhow::Result<()> {
        let Activity {
            db,
            now,
            resident,
            ref court_a,
            ..
        } = *self;
        let past = day_from_today(-3, now);
        let missed = book(
            db,
            demo_booking(
                court_a,
                Some(resident),
                at(past, 21),
                at(past, 22),
                "",
                BookingStatus::Confirmed,
            ),
            now,
        )
        .await?;
        sqlx::query("UPDATE bookings SET status = 'no_show', updated_at = $2 WHERE id = $1")
            .bind(missed)
            .bind(at(past, 22))
            .execute(db.pool())
            .await?;
        sqlx::query("INSERT INTO booking_strikes (user_id, booking_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(resident)
            .bind(missed)
            .bind(at(past, 22))
            .bind(at(past, 22) + super::strikes::LIFETIME_DAYS * super::strikes::DAY)
            .execute(db.pool())
            .await?;
        Ok(())
    }

    /// 红荔广场舞队: Tuesdays and Thursdays in the activity room for four weeks.
    async fn dance_series(&self) -> anyhow::Result<()> {
        let Activity {
            db,
            now,
            staff,
            ref n,
            room,
            ..
        } = *self;
        let series: i64 = sqlx::query_scalar(
            "INSERT INTO booking_series (venue_id, user_id, group_name, first_day, last_day, weekdays, start_minute, end_minute, created_by, created_at) \
             VALUES ($1, $2, '红荔广场舞队（演示）', $3, $4, '2,4', 1140, 1260, $5, $6) RETURNING id",
        )
        .bind(room.id())
        .bind(n[3])
        .bind(day_from_today(4, now).to_string())
        .bind(day_from_today(31, now).to_string())
        .bind(staff)
        .bind(now)
        .fetch_one(db.pool())
        .await?;
        for i in 4..=31 {
            let d = day_from_today(i, now);
            if matches!(super::schedule::weekday_number(d), 2 | 4) {
                let id = book(
                    db,
                    demo_booking(
                        room,
                        Some(n[3]),
                        at(d, 19),
                        at(d, 21),
                        "红荔广场舞队排练",
                        BookingStatus::Confirmed,
                    ),
                    now,
                )
                .await;
                if let Ok(id) = id {
                    sqlx::query("UPDATE bookings SET series_id = $2 WHERE id = $1")
                        .bind(id)
                        .bind(series)
                        .execute(db.pool())
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// A lottery for next week's Saturday-evening full court.
    async fn saturday_lottery(&self) -> anyhow::Result<()> {
        let Activity {
            db,
            now,
            staff,
            court,
            ..
        } = *self;
        let mut saturday = day_from_today(7, now);
        while super::schedule::weekday_number(saturday) != 6 {
            saturday = saturday.tomorrow().unwrap_or(saturday);
        }
        lotteries::create(
            db,
            court,
            lotteries::Times {
                start: at(saturday, 19),
                end: at(saturday, 21),
                opens_at: now,
                closes_at: at(day_from_today(5, now), 20),
            },
            staff,
            now,
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo lottery: {e}"))?;
        Ok(())
    }

    /// Four weeks of history, so calendars and the usage report have something to show.
    async fn history(&self) -> anyhow::Result<()> {
        let Activity {
            db,
            now,
            ref n,
            room,
            court,
            ref court_a,
            ..
        } = *self;
        for i in 1..=28 {
            let d = day_from_today(-i, now);
            for (venue, hour, hours, who) in [
                (court, 19, 2, n[usize::try_from(i).unwrap_or(0) % n.len()]),
                (
                    room,
                    9,
                    2,
                    n[(usize::try_from(i).unwrap_or(0) + 1) % n.len()],
                ),
                (
                    court_a,
                    7 + i % 3,
                    1,
                    n[(usize::try_from(i).unwrap_or(0) + 2) % n.len()],
                ),
            ] {
                if i % 4 == 0 && hour == 9 {
                    continue;
                }
                let id = book(
                    db,
                    demo_booking(
                        venue,
                        Some(who),
                        at(d, hour),
                        at(d, hour + hours),
                        "",
                        BookingStatus::Confirmed,
                    ),
                    now,
                )
                .await?;
                let status = if i % 9 == 0 { "no_show" } else { "completed" };
                sqlx::query("UPDATE bookings SET status = $2, checked_in_at = CASE WHEN $2 = 'completed' THEN starts_at ELSE NULL END WHERE id = $1")
                    .bind(id)
                    .bind(status)
                    .execute(db.pool())
                    .await?;
            }
        }
        Ok(())
    }

    /// Name the committee member as the activity room's approver.
    async fn approver(&self) -> anyhow::Result<()> {
        let Activity { db, room, .. } = *self;
        let committee = user(db, "13800000002").await?;
        let mut tx = db.begin_write().await?;
        store::set_approvers(&mut tx, room.id(), &[(committee, "community")]).await?;
        tx.commit().await?;
        Ok(())
    }
}

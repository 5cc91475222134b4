//! Demo cases for `linli serve --demo`: realistic feedback across communities, kinds,
//! categories and states (some overdue, some rated), with replies in natural Chinese. Dates
//! are relative to the day the demo starts. Only fills an empty case table.
use jiff::civil::Date;

use super::{code, rules, store};
use crate::{Db, calendar::WorkCalendar, clock, phrase::Phrase};

/// Where a demo case stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum S {
    Submitted,
    Accepted,
    Assigned,
    InProgress,
    Answered,
    Closed(i64),
    Declined,
}

struct Spec {
    community: &'static str,
    kind: &'static str,
    category: &'static str,
    place: &'static str,
    title: &'static str,
    description: &'static str,
    privacy: &'static str,
    name: Option<&'static str>,
    /// Working days ago it was filed.
    age: u32,
    state: S,
    reply: &'static str,
    support: i64,
}

const HONGLI: &str = "440304001001";

#[rustfmt::skip]
const CASES: &[Spec] = &[
    Spec { community: HONGLI, kind: "complaint", category: "sanitation", place: "红荔村 12 栋旁垃圾收集点", title: "垃圾收集点连续三天未清运", description: "12 栋旁边的垃圾收集点从周一开始就没有清运，垃圾桶已经满出来，天气热，味道很大，晚上还有老鼠。希望尽快安排清运，并增加清运次数。", privacy: "public_name", name: Some("李秀英"), age: 6, state: S::Submitted, reply: "", support: 4 },
    Spec { community: HONGLI, kind: "complaint", category: "noise_pollution", place: "红荔路与华富路交叉口工地", title: "工地夜间施工噪音扰民", description: "红荔路口的工地最近一周每天晚上十一点以后还在打桩，噪音非常大，家里老人和孩子都睡不好。请问有没有夜间施工许可？", privacy: "committee_only", name: Some("陈先生"), age: 5, state: S::Submitted, reply: "", support: 7 },
    Spec { community: HONGLI, kind: "suggestion", category: "sports", place: "红荔社区公园健身区", title: "建议增设适合老年人的健身器材", description: "公园里的健身器材大多是给年轻人用的，老年人能用的很少，而且有两件已经损坏。建议增加一些太极推手、腿部按摩类的器材，并修好坏的那两件。", privacy: "public_name", name: Some("王阿姨"), age: 3, state: S::Accepted, reply: "您的建议已收到，社区将联系街道文体中心评估。", support: 12 },
    Spec { community: HONGLI, kind: "question", category: "elderly_care", place: "红荔社区长者饭堂", title: "长者饭堂的用餐补贴怎么申请？", description: "我母亲今年 72 岁，户籍在福田区，想问一下在社区长者饭堂吃饭的补贴需要准备什么材料，去哪里办理？", privacy: "public_name", name: Some("张女士"), age: 2, state: S::Assigned, reply: "已转交民政部门，将由专人联系您说明申请流程。", support: 0 },
    Spec { community: HONGLI, kind: "complaint", category: "property", place: "红荔村 8 栋 B 单元", title: "电梯经常故障，物业维修慢", description: "8 栋 B 单元的电梯这个月已经坏了三次，每次报修都要等两三天才修好。楼里有好几位行动不便的老人，上下楼非常困难。", privacy: "committee_only", name: Some("刘先生"), age: 9, state: S::InProgress, reply: "社区已约谈物业公司，要求一周内完成电梯全面检修。", support: 9 },
    Spec { community: HONGLI, kind: "complaint", category: "public_order", place: "红荔村 3 栋一楼出租屋", title: "一楼出租屋群租，人员进出频繁", description: "3 栋一楼的房子好像被改成了群租房，住了十几个人，晚上很吵，楼道里堆满了电动车，担心有消防隐患。", privacy: "anonymous", name: None, age: 12, state: S::InProgress, reply: "已联系社区网格员上门核查。", support: 3 },
    Spec { community: HONGLI, kind: "complaint", category: "sanitation", place: "红荔路人行道", title: "人行道上有人长期占道摆卖", description: "红荔路靠近地铁站出口的人行道上，每天傍晚都有流动摊贩摆摊，行人只能走到马路上，很不安全。", privacy: "public_name", name: Some("赵先生"), age: 15, state: S::Answered, reply: "城管执法队已于本周开展专项整治，劝离流动摊贩 6 处，并安排傍晚时段定点巡查。后续如再发现，可随时反映。", support: 5 },
    Spec { community: HONGLI, kind: "suggestion", category: "culture", place: "红荔社区党群服务中心", title: "希望周末开放阅览室", description: "社区阅览室只在工作日开放，上班族和学生都用不上。建议周末也能开放半天，可以招募志愿者值班。", privacy: "public_name", name: Some("周同学"), age: 20, state: S::Closed(5), reply: "感谢您的建议。自下月起，阅览室每周六上午 9:00–12:00 开放，由社区志愿者值班，欢迎大家报名参加志愿服务。", support: 15 },
    Spec { community: HONGLI, kind: "praise", category: "community_service", place: "红荔社区工作站", title: "表扬工作站小陈耐心细致", description: "上周去工作站办理居住证明，工作人员小陈非常耐心，帮我把材料一项项核对清楚，还主动告诉我可以网上预约，真心点赞！", privacy: "public_name", name: Some("吴阿姨"), age: 8, state: S::Closed(5), reply: "谢谢您的肯定！我们会继续努力，为居民提供更好的服务。", support: 2 },
    Spec { community: HONGLI, kind: "complaint", category: "sanitation", place: "红荔村 5 栋楼下", title: "绿化带里有人乱倒建筑垃圾", description: "5 栋楼下绿化带里被人倒了一堆装修垃圾，已经放了快两周了，碎砖头和水泥袋很难看，也有安全隐患。", privacy: "public_name", name: Some("孙先生"), age: 25, state: S::Closed(2), reply: "已清理完毕，并在绿化带旁设置了提示牌。", support: 1 },
    Spec { community: HONGLI, kind: "question", category: "employment", place: "红荔社区", title: "失业登记需要什么材料？", description: "我上个月离职了，想做失业登记，顺便了解一下社区有没有免费的技能培训。", privacy: "committee_only", name: Some("黄先生"), age: 18, state: S::Closed(4), reply: "失业登记可携带身份证在“i 深圳”App 或社区工作站办理；街道每月有免费的电工、育婴员培训，报名电话已通过短信发送给您。", support: 0 },
    Spec { community: HONGLI, kind: "complaint", category: "community_service", place: "红荔社区", title: "希望社区能管管广场舞音响", description: "每天晚上公园广场舞的音响声音太大，一直到九点半，附近住户没法休息。", privacy: "public_name", name: Some("郑女士"), age: 11, state: S::Declined, reply: "", support: 0 },
    Spec { community: "440304001002", kind: "complaint", category: "sanitation", place: "百花二路 6 号", title: "化粪池外溢，路面污水横流", description: "百花二路 6 号门口的化粪池盖子下面一直在往外冒污水，整条路都是臭味，已经好几天了。", privacy: "public_name", name: Some("冯先生"), age: 4, state: S::Accepted, reply: "已受理，已通知排水公司上门处理。", support: 6 },
    Spec { community: "440304001002", kind: "suggestion", category: "education", place: "百花社区", title: "建议开设小学生课后托管班", description: "双职工家庭下午四点半接孩子很困难，希望社区能和学校合作，开设课后托管，费用合理即可。", privacy: "public_name", name: Some("蒋女士"), age: 7, state: S::Assigned, reply: "已转交教育部门研究。", support: 21 },
    Spec { community: "440304001003", kind: "complaint", category: "health_service", place: "上步社区健康服务中心", title: "社康中心排队时间太长", description: "周一上午去社康开药，排队排了两个多小时，只有一个医生在看诊。", privacy: "public_name", name: Some("韩先生"), age: 10, state: S::Answered, reply: "卫生部门已协调，自本月起周一上午增加一名全科医生出诊，并开通线上预约。", support: 8 },
    Spec { community: "440304001003", kind: "question", category: "relief", place: "上步社区", title: "临时救助怎么申请？", description: "家里老人突发重病，医药费负担很重，请问可以申请临时救助吗？", privacy: "committee_only", name: Some("杨女士"), age: 1, state: S::Submitted, reply: "", support: 0 },
    Spec { community: "440305001001", kind: "complaint", category: "sanitation", place: "南头古城东门", title: "公厕卫生状况差", description: "南头古城东门旁边的公厕很脏，洗手池的水龙头也坏了。", privacy: "anonymous", name: None, age: 3, state: S::Submitted, reply: "", support: 2 },
];

/// Seeds the demo cases if there are none yet; returns how many were added.
pub async fn demo(db: &Db, now: i64) -> anyhow::Result<usize> {
    let count: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM feedback_cases")
        .fetch_one(db.pool())
        .await?;
    if count > 0 {
        return Ok(0);
    }
    let cal = crate::calendar::store::load(db).await?;
    let today = clock::local_date(now);
    let committee: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE phone = '13800000002'")
            .fetch_optional(db.pool())
            .await?;
    let handler: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE phone = '13800000004'")
            .fetch_optional(db.pool())
            .await?;
    let resident: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE phone = '13800000001'")
            .fetch_optional(db.pool())
            .await?;
    seed_templates(db, committee, now).await?;
    let mut n = 0;
    for (i, spec) in CASES.iter().enumerate() {
        // The demo resident filed the first named case of 红荔, so "my cases" has something.
        let submitter = (i == 0).then_some(resident).flatten();
        insert(db, &cal, today, spec, submitter, committee, handler).await?;
        n += 1;
    }
    Ok(n)
}

/// Reply templates of 红荔社区 and of 福田区 (only when there are none).
async fn seed_templates(db: &Db, author: Option<i64>, now: i64) -> anyhow::Result<()> {
    let count: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM feedback_reply_templates")
            .fetch_one(db.pool())
            .await?;
    if count > 0 {
        return Ok(());
    }
    let templates: [(&str, Option<&str>, &str, &str); 4] = [
        (
            HONGLI,
            None,
            "已受理（通用）",
            "您好，您反映的问题已收到，居委会已受理，将在期限内答复。感谢您对社区工作的关心！",
        ),
        (
            HONGLI,
            Some("sanitation"),
            "已清理完毕",
            "您好，您反映的环境卫生问题已于今日清理完毕，并已要求保洁单位增加巡查频次。如再发现问题，欢迎随时反映。",
        ),
        (
            HONGLI,
            Some("property"),
            "已约谈物业",
            "您好，居委会已约谈物业服务企业，要求其限期整改并将整改情况书面报告居委会。我们会跟进落实，并在完成后回复您。",
        ),
        (
            "440304",
            None,
            "转交职能部门",
            "您好，您反映的事项属于职能部门职责范围，已转交相关部门办理，办理结果将在期限内答复您。",
        ),
    ];
    for (region, category, title, body) in templates {
        let Some(region) = crate::regions::store::by_code(db, region).await? else {
            continue;
        };
        let category = match category {
            Some(c) => store::category_by_code(db, c).await?.map(|c| c.id),
            None => None,
        };
        sqlx::query(
            "INSERT INTO feedback_reply_templates (region_id, category_id, title, body, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(region.id)
        .bind(category)
        .bind(title)
        .bind(body)
        .bind(author)
        .bind(now)
        .execute(db.pool())
        .await?;
    }
    Ok(())
}

fn working_days_ago(cal: &WorkCalendar, today: Date, n: u32) -> Date {
    let mut d = today;
    let mut left = n;
    while left > 0 {
        d = d.yesterday().unwrap_or(d);
        if cal.is_working_day(d) {
            left -= 1;
        }
    }
    d
}

async fn insert(
    db: &Db,
    cal: &WorkCalendar,
    today: Date,
    s: &Spec,
    submitter: Option<i64>,
    committee: Option<i64>,
    handler: Option<i64>,
) -> anyhow::Result<()> {
    let Some(region) = crate::regions::store::by_code(db, s.community).await? else {
        return Ok(());
    };
    let Some(cat) = store::category_by_code(db, s.category).await? else {
        return Ok(());
    };
    let filed_on = working_days_ago(cal, today, s.age);
    let filed_at = clock::local_instant(filed_on, 9, 20);
    let accept_due = rules::accept_due(cal, filed_on, u32::try_from(cat.accept_days).unwrap_or(2));
    let accepted_on = cal.add_working_days(filed_on, 1);
    let accepted_at = clock::local_instant(accepted_on, 10, 5);
    let answer_due = rules::answer_due(
        cal,
        accepted_on,
        u32::try_from(cat.answer_days).unwrap_or(10),
    );
    let answered_on = cal
        .add_working_days(accepted_on, (s.age / 2).max(1))
        .min(today);
    let answered_at = clock::local_instant(answered_on, 16, 30);
    let t = Timeline {
        accepted_on,
        accepted_at,
        accept_due,
        answer_due,
        answered_on,
        answered_at,
    };
    let mut tx = db.begin_write().await?;
    let tracking = code::generate(filed_on.year());
    let anonymous = s.privacy == "anonymous";
    let id = store::insert_case(
        &mut tx,
        &store::NewCaseRow {
            tracking_code: &tracking,
            kind: s.kind,
            category_id: cat.id,
            region_id: region.id,
            needs_placement: false,
            place: s.place,
            lat: None,
            lng: None,
            title: s.title,
            description: s.description,
            privacy: s.privacy,
            submitter_id: if anonymous { None } else { submitter },
            filed_by: None,
            contact_name: if anonymous || submitter.is_some() {
                None
            } else {
                s.name
            },
            contact_phone: None,
            channel: "web",
            accept_due: &accept_due.to_string(),
            created_on: &filed_on.to_string(),
            now: filed_at,
        },
    )
    .await?;
    let mut events = vec![event(
        "submitted",
        filed_at,
        true,
        "submitted",
        String::new(),
        None,
        None,
    )];
    let (status, sets) = progress(s, &cat, &t, committee, handler, &mut events);
    if !sets.is_empty() {
        sqlx::query(&format!("UPDATE feedback_cases SET status = '{status}', {sets}, support_count = {}, updated_at = $2 WHERE id = $1", s.support))
            .bind(id)
            .bind(events.last().map_or(filed_at, |e| e.1))
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query("UPDATE feedback_cases SET support_count = $2 WHERE id = $1")
            .bind(id)
            .bind(s.support)
            .execute(&mut *tx)
            .await?;
    }
    for (kind, at, public, status, body, actor, dept, text) in events {
        store::insert_event(
            &mut tx,
            &store::NewEvent {
                case_id: id,
                at,
                actor_id: actor,
                kind,
                public,
                status_after: status,
                body: &body,
                department_id: dept,
                text: text.as_ref(),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// When a demo case moved through its steps.
#[derive(Clone, Copy)]
struct Timeline {
    accepted_on: Date,
    accepted_at: i64,
    accept_due: Date,
    answer_due: Date,
    answered_on: Date,
    answered_at: i64,
}

/// A timeline entry: kind, time, public, status after, body, actor, department, the
/// server's sentence.
type Ev = (
    &'static str,
    i64,
    bool,
    &'static str,
    String,
    Option<i64>,
    Option<i64>,
    Option<Phrase>,
);

fn event(
    kind: &'static str,
    at: i64,
    public: bool,
    status: &'static str,
    body: String,
    actor: Option<i64>,
    dept: Option<i64>,
) -> Ev {
    (kind, at, public, status, body, actor, dept, None)
}

/// An entry the server words ([`super::texts`]).
fn said(
    kind: &'static str,
    at: i64,
    status: &'static str,
    text: Phrase,
    actor: Option<i64>,
    dept: Option<i64>,
) -> Ev {
    (
        kind,
        at,
        true,
        status,
        String::new(),
        actor,
        dept,
        Some(text),
    )
}

/// The steps a demo case went through after it was filed: its status, the columns to set
/// (SQL), and its timeline entries added to `events`.
fn progress(
    s: &Spec,
    cat: &store::CategoryRow,
    t: &Timeline,
    committee: Option<i64>,
    handler: Option<i64>,
    events: &mut Vec<Ev>,
) -> (&'static str, String) {
    let Timeline {
        accepted_on,
        accepted_at,
        accept_due,
        answer_due,
        answered_on,
        answered_at,
    } = *t;
    let dept = Some(cat.department_id);
    match s.state {
        S::Submitted => ("submitted", String::new()),
        S::Declined => {
            events.push(event("declined", accepted_at, true, "declined", "广场舞噪音问题已由公园管理处统一协调，时间限定在 20:30 前、音量不超过 60 分贝，请直接联系公园管理处（电话见公园公告栏）。".into(), committee, None));
            (
                "declined",
                format!(
                    "first_response_at = {accepted_at}, accept_on_time = 1, due_date = NULL, closed_at = {accepted_at}"
                ),
            )
        }
        _ => {
            events.push(event(
                "accepted",
                accepted_at,
                true,
                "accepted",
                if matches!(s.state, S::Accepted) {
                    s.reply.into()
                } else {
                    String::new()
                },
                committee,
                None,
            ));
            let base = format!(
                "first_response_at = {accepted_at}, accepted_at = {accepted_at}, accept_on_time = {}, answer_due = '{answer_due}'",
                i64::from(accepted_on <= accept_due)
            );
            match s.state {
                S::Accepted => ("accepted", format!("{base}, due_date = '{answer_due}'")),
                S::Assigned | S::InProgress => {
                    let assigned_at = accepted_at + 1800;
                    events.push(said(
                        "assigned",
                        assigned_at,
                        "assigned",
                        Phrase::new("timeline_assigned_department"),
                        committee,
                        dept,
                    ));
                    let civil =
                        cat.department_code == "civil_affairs" && s.community.starts_with("440304");
                    let assignee = if civil { handler } else { None };
                    if s.state == S::InProgress {
                        events.push(event(
                            "started",
                            assigned_at + 86_400,
                            true,
                            "in_progress",
                            s.reply.into(),
                            committee,
                            None,
                        ));
                        events.push(event(
                            "note",
                            assigned_at + 90_000,
                            false,
                            "in_progress",
                            "已电话联系反映人，约定下周回访。".into(),
                            committee,
                            None,
                        ));
                    }
                    let st = if s.state == S::InProgress {
                        "in_progress"
                    } else {
                        "assigned"
                    };
                    (
                        st,
                        format!(
                            "{base}, due_date = '{answer_due}', department_id = {}, assignee_id = {}",
                            cat.department_id,
                            assignee.map_or("NULL".to_owned(), |a| a.to_string())
                        ),
                    )
                }
                S::Answered | S::Closed(_) => {
                    events.push(event(
                        "answered",
                        answered_at,
                        true,
                        "answered",
                        s.reply.into(),
                        committee,
                        dept,
                    ));
                    let mut sets = format!(
                        "{base}, due_date = NULL, department_id = {}, answered_at = {answered_at}, answer_on_time = {}",
                        cat.department_id,
                        i64::from(answered_on <= answer_due)
                    );
                    if let S::Closed(score) = s.state {
                        let rated_at = answered_at + 86_400;
                        events.push(said(
                            "rated",
                            rated_at,
                            "closed",
                            super::texts::rated(score, false),
                            None,
                            None,
                        ));
                        sets.push_str(&format!(
                            ", rating = {score}, rated_at = {rated_at}, closed_at = {rated_at}"
                        ));
                        ("closed", sets)
                    } else {
                        ("answered", sets)
                    }
                }
                S::Submitted | S::Declined => unreachable_state(),
            }
        }
    }
}

/// The match above covers every state; this keeps the compiler satisfied without a panic.
fn unreachable_state() -> (&'static str, String) {
    ("submitted", String::new())
}

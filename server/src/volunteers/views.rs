//! Rows to wire types.
use std::collections::HashMap;

use app::api::{
    Text,
    accounts::{RegionRef, mask_phone},
    volunteers::{
        BankEntry, BankKind, HelpContact, HelpRequest, HelpStatus, HoursEntry, HoursKind, MyShift,
        Opportunity, OpportunityStatus, ShiftStatus, ShiftVolunteer, Skill, VolunteerProfile,
        VolunteerStatus,
    },
};

use super::store::{
    BankRow, CommunityRow, HelpRow, HoursRow, OpportunityRow, SignupRow, VolunteerRow,
};
use crate::time::rfc3339;

pub fn skills(codes: &[String]) -> Vec<Skill> {
    codes.iter().filter_map(|c| Skill::parse(c)).collect()
}

/// Values by owner id, in the order given.
pub fn group<T: Clone>(rows: impl IntoIterator<Item = (i64, T)>) -> HashMap<i64, Vec<T>> {
    let mut map: HashMap<i64, Vec<T>> = HashMap::new();
    for (id, v) in rows {
        map.entry(id).or_default().push(v);
    }
    map
}

pub fn region(c: &CommunityRow) -> RegionRef {
    RegionRef {
        code: c.code.clone(),
        name: Text::new(c.name_zh.clone(), c.name_en.clone()),
    }
}

pub fn profile(
    v: &VolunteerRow,
    skills_of: &HashMap<i64, Vec<String>>,
    communities: &HashMap<i64, Vec<CommunityRow>>,
) -> VolunteerProfile {
    VolunteerProfile {
        id: v.id,
        status: VolunteerStatus::parse(&v.status).unwrap_or(VolunteerStatus::Pending),
        skills: skills(skills_of.get(&v.id).map_or(&[][..], Vec::as_slice)),
        languages: v
            .languages
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        availability: v.availability.clone(),
        communities: communities
            .get(&v.id)
            .map(|cs| cs.iter().map(region).collect())
            .unwrap_or_default(),
        applied_at: rfc3339(v.applied_at),
        decided_at: v.decided_at.map(rfc3339),
        decline_reason: v.decline_reason.clone(),
    }
}

fn status(o: &OpportunityRow, now: i64) -> OpportunityStatus {
    if o.status == "cancelled" {
        OpportunityStatus::Cancelled
    } else if o.ends_at <= now {
        OpportunityStatus::Finished
    } else if o.taken >= o.slots {
        OpportunityStatus::Full
    } else {
        OpportunityStatus::Open
    }
}

pub fn my_shift(s: &SignupRow) -> MyShift {
    MyShift {
        status: ShiftStatus::parse(&s.status).unwrap_or(ShiftStatus::Withdrawn),
        checked_in_at: s.checked_in_at.map(rfc3339),
        checked_out_at: s.checked_out_at.map(rfc3339),
        confirmed_minutes: s.confirmed_minutes,
    }
}

pub fn opportunity(
    o: &OpportunityRow,
    skills_of: &HashMap<i64, Vec<String>>,
    mine: Option<&SignupRow>,
    now: i64,
) -> Opportunity {
    let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    Opportunity {
        id: o.id,
        title: Text::new(o.title_zh.clone(), o.title_en.clone()),
        description: Text::new(o.description_zh.clone(), o.description_en.clone()),
        community: RegionRef {
            code: o.community_code.clone(),
            name: Text::new(o.community_zh.clone(), o.community_en.clone()),
        },
        organizer: o
            .organizer_zh
            .clone()
            .map(|zh| Text::new(zh, o.organizer_en.clone())),
        activity_id: o.activity_id,
        service_id: o.service_id,
        place: Text::new(o.place_zh.clone(), o.place_en.clone()),
        starts_at: rfc3339(o.starts_at),
        ends_at: rfc3339(o.ends_at),
        skills: skills(skills_of.get(&o.id).map_or(&[][..], Vec::as_slice)),
        slots: count(o.slots),
        taken: count(o.taken),
        signup_closes_at: rfc3339(o.signup_closes_at),
        status: status(o, now),
        cancel_reason: o.cancel_reason.clone(),
        my_shift: mine.map(my_shift),
    }
}

pub fn shift_volunteer(s: &SignupRow, skills_of: &HashMap<i64, Vec<String>>) -> ShiftVolunteer {
    ShiftVolunteer {
        signup_id: s.id,
        volunteer_id: s.volunteer_id,
        name: s.name.shown(),
        phone: s.phone.as_deref().map(mask_phone).unwrap_or_default(),
        skills: skills(
            skills_of
                .get(&s.volunteer_id)
                .map_or(&[][..], Vec::as_slice),
        ),
        status: ShiftStatus::parse(&s.status).unwrap_or(ShiftStatus::Withdrawn),
        checked_in_at: s.checked_in_at.map(rfc3339),
        checked_out_at: s.checked_out_at.map(rfc3339),
        confirmed_minutes: s.confirmed_minutes,
    }
}

pub fn hours(h: &HoursRow) -> HoursEntry {
    let kind = HoursKind::parse(&h.kind).unwrap_or(HoursKind::Correction);
    let what = match (kind, &h.title_zh, &h.help_skill) {
        (HoursKind::Shift, Some(zh), _) => Text::new(zh.clone(), h.title_en.clone()),
        (HoursKind::Help, _, Some(skill)) => {
            let label = Skill::parse(skill).map(Skill::label);
            Text::new(
                format!(
                    "时间银行求助：{}",
                    label.as_ref().map_or("", |l| l.zh.as_str())
                ),
                Some(format!(
                    "Time-bank help: {}",
                    label.as_ref().and_then(|l| l.en.as_deref()).unwrap_or("")
                )),
            )
        }
        _ => Text::new("时长更正", Some("Correction".to_owned())),
    };
    HoursEntry {
        id: h.id,
        kind,
        minutes: h.minutes,
        what,
        served_at: rfc3339(h.served_at),
        recorded_at: rfc3339(h.recorded_at),
        reason: h.reason.clone(),
        corrects: h.corrects_id,
    }
}

pub fn bank(b: &BankRow) -> BankEntry {
    BankEntry {
        id: b.id,
        kind: BankKind::parse(&b.kind).unwrap_or(BankKind::Correction),
        minutes: b.minutes,
        balance_after: b.balance_after,
        at: rfc3339(b.created_at),
        help_request_id: b.help_request_id,
        reason: b.reason.clone(),
    }
}

/// Who sees what of a help request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The requester (or their family proxy), or staff of the community: everything.
    Party,
    /// The matched volunteer: the contact while the request is matched.
    Helper,
    /// Other volunteers: no contact, names masked.
    Other,
}

pub fn help(q: &HelpRow, viewer: Viewer, caller: i64) -> HelpRequest {
    let full = viewer == Viewer::Party;
    let contact = match (viewer, q.status.as_str(), &q.address, &q.phone) {
        (Viewer::Party | Viewer::Helper, "open" | "matched", Some(address), Some(phone))
            if viewer == Viewer::Party || q.status == "matched" =>
        {
            Some(HelpContact {
                name: q.requester_name.shown(),
                phone: phone.clone(),
                address: address.clone(),
            })
        }
        _ => None,
    };
    HelpRequest {
        id: q.id,
        requester: if full || contact.is_some() {
            q.requester_name.shown()
        } else {
            q.requester_name.masked()
        },
        community: RegionRef {
            code: q.community_code.clone(),
            name: Text::new(q.community_zh.clone(), q.community_en.clone()),
        },
        skill: Skill::parse(&q.skill).unwrap_or(Skill::Companionship),
        description: q.description.clone(),
        starts_at: rfc3339(q.starts_at),
        minutes: u32::try_from(q.minutes).unwrap_or(0),
        status: HelpStatus::parse(&q.status).unwrap_or(HelpStatus::Open),
        posted_for: q.posted_by != q.requester_id,
        helper: q.helper_name.as_ref().map(|n| {
            if full || viewer == Viewer::Helper {
                n.shown()
            } else {
                n.masked()
            }
        }),
        contact,
        minutes_served: q.minutes_served,
        mine: q.requester_id == caller,
        helping: q.helper_user_id == Some(caller),
    }
}

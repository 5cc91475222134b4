//! Who sees the submitter's identity. Pure rules; the handlers audit-log unmasked views.
use app::api::{accounts::mask_phone, feedback::Privacy};

pub use app::api::accounts::mask_name;

/// Masks every run of 7 or more digits (phone, ID or account numbers typed into free text)
/// but its last two: `请回电13812345678` → `请回电*********78`. Shorter numbers (房号 502,
/// 3 栋) stay: they say where the problem is.
pub fn mask_long_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(*c))
            .count();
        if run >= 7 {
            out.extend(std::iter::repeat_n('*', run - 2));
            out.extend(&chars[i + run - 2..i + run]);
            i += run;
        } else if run > 0 {
            out.extend(&chars[i..i + run]);
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// How a staff member relates to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    /// Committee member or administrator covering the case.
    pub committee: bool,
    /// The person the case is assigned to.
    pub assignee: bool,
}

/// What of the contact a viewer gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactView {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub unmasked: bool,
    pub withheld: bool,
}

/// Names and phones are masked for everyone except the assigned handler; "committee only"
/// withholds the identity from departments; "anonymous" has nothing to show.
pub fn contact_for(
    privacy: Privacy,
    viewer: Viewer,
    name: Option<&str>,
    phone: Option<&str>,
) -> ContactView {
    let withheld = match privacy {
        Privacy::Anonymous => true,
        Privacy::CommitteeOnly => !viewer.committee,
        Privacy::PublicName => false,
    };
    if withheld {
        return ContactView {
            name: None,
            phone: None,
            unmasked: false,
            withheld: true,
        };
    }
    let unmasked = viewer.assignee && (name.is_some() || phone.is_some());
    ContactView {
        name: name.map(|n| if unmasked { n.to_owned() } else { mask_name(n) }),
        phone: phone.map(|p| {
            if unmasked {
                p.to_owned()
            } else {
                mask_phone(p)
            }
        }),
        unmasked,
        withheld: false,
    }
}

/// The name shown on the public page: only when chosen, and masked.
pub fn public_name(privacy: Privacy, name: Option<&str>) -> Option<String> {
    (privacy == Privacy::PublicName)
        .then(|| name.map(mask_name))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_numbers_in_public_text_are_masked() {
        for (text, want) in [
            ("请回电13812345678", "请回电*********78"),
            ("身份证440301199001011234号", "身份证****************34号"),
            ("电话０７５５８３０００００１", "电话**********０１"),
            ("3栋502房", "3栋502房"),
            ("1234567", "*****67"),
            ("123456", "123456"),
            ("", ""),
        ] {
            assert_eq!(mask_long_numbers(text), want, "{text}");
        }
    }

    #[test]
    fn names_are_masked_in_the_middle() {
        assert_eq!(mask_name("李秀英"), "李*英");
        assert_eq!(mask_name("王芳"), "王*");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("张"), "*");
    }

    #[test]
    fn each_privacy_level_shows_each_viewer_what_it_should() {
        let (n, p) = (Some("李秀英"), Some("13800000001"));
        let committee = Viewer {
            committee: true,
            assignee: false,
        };
        let department = Viewer {
            committee: false,
            assignee: false,
        };
        let assignee = Viewer {
            committee: false,
            assignee: true,
        };

        let v = contact_for(Privacy::PublicName, committee, n, p);
        assert_eq!(
            (v.name.as_deref(), v.phone.as_deref(), v.unmasked),
            (Some("李*英"), Some("138****0001"), false)
        );
        let v = contact_for(Privacy::PublicName, assignee, n, p);
        assert_eq!(
            (v.name.as_deref(), v.phone.as_deref(), v.unmasked),
            (Some("李秀英"), Some("13800000001"), true)
        );

        let v = contact_for(Privacy::CommitteeOnly, committee, n, p);
        assert_eq!(v.name.as_deref(), Some("李*英"));
        let v = contact_for(Privacy::CommitteeOnly, department, n, p);
        assert!(v.withheld && v.name.is_none() && v.phone.is_none());
        let v = contact_for(Privacy::CommitteeOnly, assignee, n, p);
        assert!(
            v.withheld,
            "a department assignee does not learn who it was"
        );

        let v = contact_for(
            Privacy::Anonymous,
            Viewer {
                committee: true,
                assignee: true,
            },
            None,
            None,
        );
        assert!(v.withheld && !v.unmasked);

        assert_eq!(
            public_name(Privacy::PublicName, n).as_deref(),
            Some("李*英")
        );
        assert_eq!(public_name(Privacy::CommitteeOnly, n), None);
    }
}

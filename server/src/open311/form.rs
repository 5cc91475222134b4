//! A careful reader of `application/x-www-form-urlencoded` bodies and query strings as
//! Open311 sends them: plain fields, `attribute[CODE]=v` and `attribute[CODE][]=v1&…`.
//! Empty values count as absent (the specification's rule); a field given twice, a malformed
//! bracket or text that is not UTF-8 is refused rather than guessed.
use std::collections::BTreeMap;

use app::api::feedback::AnswerValue;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Form {
    pub fields: BTreeMap<String, String>,
    pub attributes: BTreeMap<String, AnswerValue>,
}

/// Why a form was refused; the parameter name for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormError {
    Duplicate(String),
    MalformedAttribute(String),
    NotUtf8,
}

impl Form {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

fn attribute_key(key: &str) -> Option<Result<(String, bool), FormError>> {
    let rest = key.strip_prefix("attribute")?;
    let bad = || Some(Err(FormError::MalformedAttribute(key.to_owned())));
    let Some(inner) = rest.strip_prefix('[') else {
        return bad();
    };
    let Some(close) = inner.find(']') else {
        return bad();
    };
    let code = &inner[..close];
    let tail = &inner[close + 1..];
    let valid_code = !code.is_empty()
        && code.len() <= 32
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    match (valid_code, tail) {
        (true, "") => Some(Ok((code.to_owned(), false))),
        (true, "[]") => Some(Ok((code.to_owned(), true))),
        _ => bad(),
    }
}

pub fn parse(raw: &[u8]) -> Result<Form, FormError> {
    if std::str::from_utf8(raw).is_err() {
        return Err(FormError::NotUtf8);
    }
    let mut form = Form::default();
    let mut single_attrs: BTreeMap<String, String> = BTreeMap::new();
    let mut multi_attrs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for (key, value) in form_urlencoded::parse(raw) {
        // Percent-escapes that decode to invalid UTF-8 come back as U+FFFD.
        if key.contains('\u{FFFD}') || value.contains('\u{FFFD}') {
            return Err(FormError::NotUtf8);
        }
        let key = key.trim().to_owned();
        let value = value.trim().to_owned();
        match attribute_key(&key) {
            Some(Err(e)) => return Err(e),
            Some(Ok((code, true))) => {
                if single_attrs.contains_key(&code) {
                    return Err(FormError::Duplicate(key));
                }
                let list = multi_attrs.entry(code).or_default();
                if !value.is_empty() {
                    list.push(value);
                }
            }
            Some(Ok((code, false))) => {
                if multi_attrs.contains_key(&code) || single_attrs.contains_key(&code) {
                    return Err(FormError::Duplicate(key));
                }
                single_attrs.insert(code, value);
            }
            None => {
                if key.is_empty() {
                    continue;
                }
                if !seen.insert(key.clone()) {
                    return Err(FormError::Duplicate(key));
                }
                if !value.is_empty() {
                    form.fields.insert(key, value);
                }
            }
        }
    }
    for (code, v) in single_attrs {
        if !v.is_empty() {
            form.attributes.insert(code, AnswerValue::One(v));
        }
    }
    for (code, vs) in multi_attrs {
        if !vs.is_empty() {
            form.attributes.insert(code, AnswerValue::Many(vs));
        }
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specifications_example_body_parses() {
        let body = b"api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043&address_string=1234+5th+street&email=smit222%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street&media_url=http%3A%2F%2Fsomeurl.com%2Ffoo.jpg&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001";
        let form = parse(body).expect("parses");
        assert_eq!(form.get("address_string"), Some("1234 5th street"));
        assert_eq!(form.get("email"), Some("smit222@sfgov.edu"));
        assert_eq!(form.get("media_url"), Some("http://someurl.com/foo.jpg"));
        assert_eq!(
            form.attributes.get("WHISPAWN"),
            Some(&AnswerValue::One("123456".into()))
        );
        assert_eq!(
            form.attributes.get("WHISDORN"),
            Some(&AnswerValue::One("COISL001".into()))
        );
    }

    #[test]
    fn multi_value_attributes_and_encoded_brackets() {
        let form = parse(b"attribute%5Btime_of_day%5D%5B%5D=night&attribute[time_of_day][]=morning&attribute[x][]=").expect("parses");
        assert_eq!(
            form.attributes.get("time_of_day"),
            Some(&AnswerValue::Many(vec!["night".into(), "morning".into()]))
        );
        assert!(
            !form.attributes.contains_key("x"),
            "empty values are absent"
        );
    }

    #[test]
    fn empty_fields_are_absent_and_chinese_text_survives() {
        let form = parse("description=%E5%9E%83%E5%9C%BE&email=&lat=".as_bytes()).expect("parses");
        assert_eq!(form.get("description"), Some("垃圾"));
        assert_eq!(form.get("email"), None);
        assert_eq!(form.get("lat"), None);
    }

    #[test]
    fn ambiguous_or_broken_forms_are_refused() {
        let cases: &[(&[u8], FormError)] = &[
            (
                b"service_code=a&service_code=b",
                FormError::Duplicate("service_code".into()),
            ),
            (b"email=&email=x", FormError::Duplicate("email".into())),
            (
                b"attribute[a]=1&attribute[a]=2",
                FormError::Duplicate("attribute[a]".into()),
            ),
            (
                b"attribute[a][]=1&attribute[a]=2",
                FormError::Duplicate("attribute[a]".into()),
            ),
            (
                b"attribute[a]=1&attribute[a][]=2",
                FormError::Duplicate("attribute[a][]".into()),
            ),
            (
                b"attribute=1",
                FormError::MalformedAttribute("attribute".into()),
            ),
            (
                b"attribute[]=1",
                FormError::MalformedAttribute("attribute[]".into()),
            ),
            (
                b"attribute[a]b=1",
                FormError::MalformedAttribute("attribute[a]b".into()),
            ),
            (
                b"attribute[a=1",
                FormError::MalformedAttribute("attribute[a".into()),
            ),
            (
                b"attribute[a b]=1",
                FormError::MalformedAttribute("attribute[a b]".into()),
            ),
            (b"description=%FF%FE", FormError::NotUtf8),
            (b"description=\xff", FormError::NotUtf8),
        ];
        for (body, want) in cases {
            assert_eq!(
                parse(body).as_ref().err(),
                Some(want),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    proptest::proptest! {
        /// Any body is parsed or refused with a reason; nothing panics.
        #[test]
        fn any_bytes_are_parsed_or_refused(raw in proptest::collection::vec(proptest::num::u8::ANY, 0..256)) {
            let _ = parse(&raw);
        }

        /// Fields and attributes, encoded as a client would, come back as they were sent.
        #[test]
        fn encoded_forms_round_trip(
            fields in proptest::collection::btree_map("[a-z][a-z_]{0,11}", "\\PC{1,20}", 0..6),
            single in proptest::collection::btree_map("[A-Z0-9_-]{1,8}", "\\PC{1,20}", 0..4),
            multi in proptest::collection::btree_map("[a-z0-9]{1,8}", proptest::collection::vec("\\PC{1,12}", 1..4), 0..3),
        ) {
            // U+FFFD stands for undecodable bytes, which the parser refuses on purpose.
            let clean = |v: &str| v.replace('\u{FFFD}', "x").trim().to_owned();
            let fields: BTreeMap<String, String> = fields
                .into_iter()
                .filter(|(k, v)| !k.starts_with("attribute") && !clean(v).is_empty())
                .map(|(k, v)| (k, clean(&v)))
                .collect();
            let mut body = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &fields {
                body.append_pair(k, v);
            }
            let mut expected = BTreeMap::new();
            for (code, v) in &single {
                let v = clean(v);
                if v.is_empty() {
                    continue;
                }
                body.append_pair(&format!("attribute[{code}]"), &v);
                expected.insert(code.clone(), AnswerValue::One(v));
            }
            for (code, vs) in &multi {
                let kept: Vec<String> = vs.iter().map(|v| clean(v)).filter(|v| !v.is_empty()).collect();
                if kept.is_empty() || expected.contains_key(code) {
                    continue;
                }
                for v in &kept {
                    body.append_pair(&format!("attribute[{code}][]"), v);
                }
                expected.insert(code.clone(), AnswerValue::Many(kept));
            }
            let form = parse(body.finish().as_bytes()).expect("a well-formed body parses");
            proptest::prop_assert_eq!(form.fields, fields);
            proptest::prop_assert_eq!(form.attributes, expected);
        }
    }
}

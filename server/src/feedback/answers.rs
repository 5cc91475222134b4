//! Answers to a category's extra questions, checked against the question definitions. Pure.
use std::collections::BTreeMap;

use app::api::feedback::{AnswerValue, Datatype};

use super::store::{QuestionRow, ValueRow};
use crate::error::Problem;

/// A question with its allowed values.
#[derive(Debug, Clone)]
pub struct QuestionDef {
    pub row: QuestionRow,
    pub values: Vec<ValueRow>,
}

impl QuestionDef {
    pub fn datatype(&self) -> Datatype {
        Datatype::parse(&self.row.datatype).unwrap_or(Datatype::String)
    }
}

/// Groups question rows with their values.
pub fn defs(questions: Vec<QuestionRow>, values: &[ValueRow]) -> Vec<QuestionDef> {
    questions
        .into_iter()
        .map(|q| {
            let values = values
                .iter()
                .filter(|v| v.question_id == q.id)
                .cloned()
                .collect();
            QuestionDef { row: q, values }
        })
        .collect()
}

fn field(code: &str) -> String {
    format!("answers.{code}")
}

/// Checks the answers; returns (question id, values in order) for each answered question.
pub fn check(
    defs: &[QuestionDef],
    answers: &BTreeMap<String, AnswerValue>,
) -> Result<Vec<(i64, Vec<String>)>, Problem> {
    for code in answers.keys() {
        if !defs
            .iter()
            .any(|d| d.row.variable == 1 && &d.row.code == code)
        {
            return Err(Problem::new("unknown_question").field(field(code)));
        }
    }
    let mut out = Vec::new();
    for def in defs.iter().filter(|d| d.row.variable == 1) {
        let code = &def.row.code;
        let given: Vec<String> = match answers.get(code) {
            None => Vec::new(),
            Some(AnswerValue::One(v)) => vec![v.trim().to_owned()],
            Some(AnswerValue::Many(vs)) => vs.iter().map(|v| v.trim().to_owned()).collect(),
        };
        let given: Vec<String> = given.into_iter().filter(|v| !v.is_empty()).collect();
        if given.is_empty() {
            if def.row.required == 1 {
                return Err(Problem::new("answer_required").field(field(code)));
            }
            continue;
        }
        let invalid = || Problem::new("invalid_answer").field(field(code));
        let values = match def.datatype() {
            Datatype::Multivaluelist => {
                let mut keys = Vec::new();
                for v in given {
                    if !def.values.iter().any(|x| x.key == v) {
                        return Err(invalid());
                    }
                    if !keys.contains(&v) {
                        keys.push(v);
                    }
                }
                keys
            }
            _ if given.len() > 1 => return Err(invalid()),
            Datatype::Singlevaluelist => {
                if !def.values.iter().any(|x| x.key == given[0]) {
                    return Err(invalid());
                }
                given
            }
            Datatype::Number => {
                let n: f64 = given[0].parse().map_err(|_| invalid())?;
                if !n.is_finite() {
                    return Err(invalid());
                }
                given
            }
            Datatype::Datetime => vec![parse_datetime(&given[0]).ok_or_else(invalid)?],
            Datatype::String if given[0].chars().count() > 200 => return Err(invalid()),
            Datatype::Text if given[0].chars().count() > 2000 => return Err(invalid()),
            Datatype::String | Datatype::Text => given,
        };
        out.push((def.row.id, values));
    }
    Ok(out)
}

/// An instant with an offset (`2026-11-26T08:30:00+08:00`), or a local date and time in the
/// city's zone (`2026-11-26T08:30`, what a browser's datetime field sends), as RFC 3339.
pub fn parse_datetime(s: &str) -> Option<String> {
    if let Some(ts) = crate::time::parse_instant(s) {
        return Some(crate::time::rfc3339(ts));
    }
    let local: jiff::civil::DateTime = s.parse().ok()?;
    let zoned = local
        .to_zoned_datetime(crate::time::default_tz().clone())
        .ok()?;
    Some(crate::time::rfc3339(zoned.timestamp().as_second()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: i64, code: &str, datatype: &str, required: bool, variable: bool) -> QuestionRow {
        QuestionRow {
            id,
            category_id: 1,
            code: code.into(),
            datatype: datatype.into(),
            variable: i64::from(variable),
            required: i64::from(required),
            sort_order: id,
            text_zh: "问".into(),
            text_en: None,
            hint_zh: String::new(),
            hint_en: None,
        }
    }

    fn v(question_id: i64, key: &str) -> ValueRow {
        ValueRow {
            question_id,
            key: key.into(),
            name_zh: key.into(),
            name_en: None,
        }
    }

    fn sample() -> Vec<QuestionDef> {
        defs(
            vec![
                q(1, "where", "singlevaluelist", true, true),
                q(2, "when", "multivaluelist", false, true),
                q(3, "days", "number", false, true),
                q(4, "seen", "datetime", false, true),
                q(5, "note", "text", false, true),
                q(6, "info", "text", false, false),
                q(7, "unit", "string", false, true),
            ],
            &[v(1, "estate"), v(1, "street"), v(2, "day"), v(2, "night")],
        )
    }

    fn one(s: &str) -> AnswerValue {
        AnswerValue::One(s.into())
    }

    #[test]
    fn valid_answers_are_normalised() {
        let answers = BTreeMap::from([
            ("where".to_owned(), one("estate")),
            (
                "when".to_owned(),
                AnswerValue::Many(vec!["night".into(), "day".into(), "night".into()]),
            ),
            ("days".to_owned(), one("3")),
            ("seen".to_owned(), one("2026-11-26T08:30")),
            ("unit".to_owned(), one(" 3栋 ")),
        ]);
        let got = check(&sample(), &answers).expect("valid");
        assert_eq!(
            got,
            vec![
                (1, vec!["estate".to_owned()]),
                (2, vec!["night".to_owned(), "day".to_owned()]),
                (3, vec!["3".to_owned()]),
                (4, vec!["2026-11-26T08:30:00+08:00".to_owned()]),
                (7, vec!["3栋".to_owned()]),
            ]
        );
    }

    #[test]
    #[expect(clippy::type_complexity, reason = "table-driven cases")]
    fn bad_answers_name_the_question() {
        let cases: &[(&[(&str, AnswerValue)], &str, &str, &str)] = &[
            (
                &[],
                "answer_required",
                "answers.where",
                "a required question is missing",
            ),
            (
                &[("where", one(" "))],
                "answer_required",
                "answers.where",
                "blank counts as missing",
            ),
            (
                &[("where", one("moon"))],
                "invalid_answer",
                "answers.where",
                "not a listed value",
            ),
            (
                &[(
                    "where",
                    AnswerValue::Many(vec!["estate".into(), "street".into()]),
                )],
                "invalid_answer",
                "answers.where",
                "two values for a single-value list",
            ),
            (
                &[("where", one("estate")), ("when", one("noon"))],
                "invalid_answer",
                "answers.when",
                "not a listed value",
            ),
            (
                &[("where", one("estate")), ("days", one("many"))],
                "invalid_answer",
                "answers.days",
                "not a number",
            ),
            (
                &[("where", one("estate")), ("days", one("NaN"))],
                "invalid_answer",
                "answers.days",
                "not finite",
            ),
            (
                &[("where", one("estate")), ("seen", one("yesterday"))],
                "invalid_answer",
                "answers.seen",
                "not a date",
            ),
            (
                &[("where", one("estate")), ("info", one("x"))],
                "unknown_question",
                "answers.info",
                "informational text takes no answer",
            ),
            (
                &[("where", one("estate")), ("colour", one("x"))],
                "unknown_question",
                "answers.colour",
                "no such question",
            ),
        ];
        for (given, code, field, why) in cases {
            let answers: BTreeMap<String, AnswerValue> = given
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect();
            let err = check(&sample(), &answers).expect_err(why);
            assert_eq!(
                (err.code, err.field.as_deref()),
                (*code, Some(*field)),
                "{why}"
            );
        }
    }
}

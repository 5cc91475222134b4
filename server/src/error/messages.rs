//! Human messages for error codes, in Chinese and English. `{name}` is replaced by a parameter.
use crate::lang::Lang;

/// (code, zh-CN, en). Unknown codes fall back to a generic message.
const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "malformed_json",
        "请求内容不是有效的 JSON：{detail}",
        "The request body is not valid JSON: {detail}",
    ),
    (
        "invalid_body",
        "请求内容不符合要求：{detail}",
        "The request body is not as expected: {detail}",
    ),
    (
        "invalid_query",
        "查询参数有误：{detail}",
        "The query string is not valid: {detail}",
    ),
    (
        "invalid_path",
        "地址中的参数有误：{detail}",
        "A parameter in the address is not valid: {detail}",
    ),
    ("unauthenticated", "请先登录。", "Please log in first."),
    (
        "forbidden",
        "您没有权限进行此操作。",
        "You are not allowed to do this.",
    ),
    ("not_found", "找不到该内容。", "Not found."),
    (
        "route_not_found",
        "没有这个接口。",
        "There is no such API endpoint.",
    ),
    ("region_not_found", "找不到该地区。", "No such region."),
    (
        "method_not_allowed",
        "该接口不支持此请求方法。",
        "This endpoint does not accept this method.",
    ),
    (
        "conflict",
        "与已有数据冲突。",
        "This conflicts with existing data.",
    ),
    (
        "payload_too_large",
        "提交的内容太大。",
        "The request is too large.",
    ),
    (
        "unsupported_media_type",
        "不支持的内容类型，请以 JSON 提交。",
        "Unsupported content type; send JSON.",
    ),
    (
        "invalid_value",
        "填写的内容不符合要求。",
        "A value is not valid.",
    ),
    (
        "invalid_reference",
        "引用的数据不存在。",
        "A referenced record does not exist.",
    ),
    ("invalid_level", "地区层级有误。", "Unknown region level."),
    (
        "rate_limited",
        "操作太频繁，请 {seconds} 秒后再试。",
        "Too many requests; try again in {seconds} seconds.",
    ),
    (
        "request_timeout",
        "请求超时，请稍后再试。",
        "The request took too long; please try again.",
    ),
    (
        "service_unavailable",
        "服务暂时不可用，请稍后再试。",
        "The service is temporarily unavailable; please try again shortly.",
    ),
    (
        "internal_error",
        "服务器出错了，我们会尽快处理。",
        "Something went wrong on our side.",
    ),
];

pub fn render(code: &str, params: &[(&'static str, String)], lang: Lang) -> String {
    let template = MESSAGES.iter().find(|(c, _, _)| *c == code).map_or_else(
        || lang.pick("请求未能完成。", "The request could not be completed."),
        |(_, zh, en)| lang.pick(zh, en),
    );
    let mut text = template.to_owned();
    for (name, value) in params {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = MESSAGES.iter().map(|(c, _, _)| *c).collect();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(before, codes.len(), "a code is listed twice");
    }

    #[test]
    fn parameters_are_filled_in_both_languages() {
        let params = [("seconds", "30".to_owned())];
        assert_eq!(
            render("rate_limited", &params, Lang::Zh),
            "操作太频繁，请 30 秒后再试。"
        );
        assert!(render("rate_limited", &params, Lang::En).contains("30 seconds"));
    }

    #[test]
    fn every_message_has_the_same_placeholders_in_both_languages() {
        for (code, zh, en) in MESSAGES {
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(holes(zh), holes(en), "{code}");
        }
    }
}

//! Human messages for error codes and for the sentences the server stores as codes
//! ([`crate::phrase`]), in Chinese and English. `{name}` is replaced by a parameter.
use crate::lang::Lang;

/// One message: (code, zh-CN, en).
pub type Message = (&'static str, &'static str, &'static str);

/// Each domain keeps its own table next to its code; the top of the crate registers them all
/// ([`crate::register_messages`]) before anything answers, so this bottom module names no
/// domain.
static DOMAINS: std::sync::OnceLock<&'static [&'static [Message]]> = std::sync::OnceLock::new();

/// Registers the domains' tables (the first registration wins; later ones are the same).
pub fn register(domains: &'static [&'static [Message]]) {
    let _ = DOMAINS.set(domains);
}

pub(crate) fn all() -> impl Iterator<Item = &'static Message> {
    GENERAL.iter().chain(
        DOMAINS
            .get()
            .copied()
            .unwrap_or_default()
            .iter()
            .flat_map(|s| s.iter()),
    )
}

/// Messages shared by every domain. Unknown codes fall back to a generic message.
#[rustfmt::skip]
const GENERAL: &[Message] = &[
    ("malformed_json", "请求内容不是有效的 JSON：{detail}", "The request body is not valid JSON: {detail}"),
    ("invalid_body", "请求内容不符合要求：{detail}", "The request body is not as expected: {detail}"),
    ("invalid_query", "查询参数有误：{detail}", "The query string is not valid: {detail}"),
    ("invalid_path", "地址中的参数有误：{detail}", "A parameter in the address is not valid: {detail}"),
    ("unauthenticated", "请先登录。", "Please log in first."),
    ("forbidden", "您没有权限进行此操作。", "You are not allowed to do this."),
    ("not_found", "找不到该内容。", "Not found."),
    ("route_not_found", "没有这个接口。", "There is no such API endpoint."),
    ("region_not_found", "找不到该地区。", "No such region."),
    ("method_not_allowed", "该接口不支持此请求方法。", "This endpoint does not accept this method."),
    ("conflict", "与已有数据冲突。", "This conflicts with existing data."),
    ("payload_too_large", "提交的内容太大。", "The request is too large."),
    ("unsupported_media_type", "不支持的内容类型，请以 JSON 提交。", "Unsupported content type; send JSON."),
    ("invalid_value", "填写的内容不符合要求。", "A value is not valid."),
    ("invalid_reference", "引用的数据不存在。", "A referenced record does not exist."),
    ("invalid_level", "地区层级有误。", "Unknown region level."),
    ("rate_limited", "操作太频繁，请 {seconds} 秒后再试。", "Too many requests; try again in {seconds} seconds."),
    ("request_timeout", "请求超时，请稍后再试。", "The request took too long; please try again."),
    ("service_unavailable", "服务暂时不可用，请稍后再试。", "The service is temporarily unavailable; please try again shortly."),
    ("internal_error", "服务器出错了，我们会尽快处理。", "Something went wrong on our side."),
    ("bad_request", "请求有误。", "The request is not valid."),
    ("csrf_rejected", "请求来源无法确认，已拒绝。请在本网站内操作。", "The request did not come from this site and was refused."),
    ("invalid_limit", "每页数量应在 1 到 {max} 之间。", "The page size must be between 1 and {max}."),
    ("invalid_transition", "当前状态（{status}）下不能执行此操作。", "This cannot be done while the state is {status}."),
    ("reason_required", "请填写原因。", "Give a reason."),
    ("invalid_coordinates", "位置坐标无效或超出范围。", "The map position is not valid or out of range."),
    ("invalid_cursor", "翻页参数无效，请从第一页重新开始。", "The page cursor is not valid; start again from the first page."),
];

/// The message of a code in a language, with `{name}` replaced by the named values.
pub fn render<K: AsRef<str>, V: AsRef<str>>(code: &str, params: &[(K, V)], lang: Lang) -> String {
    let template = all().find(|(c, _, _)| *c == code).map_or_else(
        || lang.pick("请求未能完成。", "The request could not be completed."),
        |(_, zh, en)| lang.pick(zh, en),
    );
    let mut text = template.to_owned();
    for (name, value) in params {
        text = text.replace(&format!("{{{}}}", name.as_ref()), value.as_ref());
    }
    text
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn codes_are_unique() {
        crate::register_messages();
        let mut codes: Vec<_> = all().map(|(c, _, _)| *c).collect();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(before, codes.len(), "a code is listed twice");
    }

    /// Every code the server can answer with has a message: scans the sources for the ways
    /// codes are written (`Problem::new("…")`, `ApiError::invalid("…", …)` and friends).
    /// The text of every Rust file of the server's sources (for tests that look for codes).
    pub(crate) fn rust_sources() -> Vec<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("read src").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(std::fs::read_to_string(&path).expect("read file"));
                }
            }
        }
        let mut sources = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut sources,
        );
        sources
    }

    #[test]
    fn every_code_used_in_the_sources_has_a_message() {
        let sources = rust_sources();
        crate::register_messages();
        let known: std::collections::HashSet<&str> = all().map(|(c, _, _)| *c).collect();
        let openers = [
            "Problem::new(\"",
            "::invalid(\"",
            "::forbidden(\"",
            "::not_found(\"",
            "::conflict(\"",
            "::bad_request(\"",
        ];
        let mut missing = Vec::new();
        for source in &sources {
            for opener in openers {
                for piece in source.split(opener).skip(1) {
                    let code: String = piece.chars().take_while(|c| *c != '"').collect();
                    if !code.is_empty()
                        && code.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        && !known.contains(code.as_str())
                    {
                        missing.push(code);
                    }
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "codes without a message: {missing:?}");
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
        crate::register_messages();
        for (code, zh, en) in all() {
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

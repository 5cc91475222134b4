//! Tests of the browser app, run in headless Chromium by `wasm-bindgen-test-runner`
//! (see `scripts/test.sh`).
#![cfg(all(target_arch = "wasm32", feature = "ui"))]

use app::ui::{
    client::{self, ApiError},
    i18n::{Lang, all_messages, fill},
    prefs,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_message_is_translated_and_keeps_its_placeholders() {
    for (msg, zh, en) in all_messages() {
        assert!(
            !zh.trim().is_empty() && !en.trim().is_empty(),
            "{msg:?} is empty"
        );
        let holes = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                .collect();
            v.sort();
            v
        };
        assert_eq!(holes(zh), holes(en), "{msg:?} placeholders differ");
        let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        // On purpose: the language switch names the other language; the privacy hint shows
        // how a (Chinese) name is masked.
        if !["SwitchLanguage", "PrivacyPublicHint"].contains(&msg.as_str()) {
            assert!(!en.chars().any(han), "{msg:?}: Chinese in the English text");
        }
    }
}

#[wasm_bindgen_test]
fn fill_replaces_every_placeholder() {
    assert_eq!(
        fill("{a} 和 {b}", &[("a", "1".into()), ("b", "2".into())]),
        "1 和 2"
    );
}

#[wasm_bindgen_test]
fn chinese_comes_first_unless_english_was_chosen() {
    assert_eq!(prefs::initial_lang(None), Lang::Zh);
    assert_eq!(prefs::initial_lang(Some("en")), Lang::En);
    assert_eq!(prefs::initial_lang(Some("fr")), Lang::Zh);
}

#[wasm_bindgen_test]
fn server_errors_in_the_api_shape_keep_code_message_and_field() {
    let body = r#"{"error":{"code":"slot_taken","message":"该时段已被预约","field":"start"}}"#;
    let err = ApiError::from_body(409, body, Lang::Zh);
    assert_eq!(err.code, "slot_taken");
    assert_eq!(err.message, "该时段已被预约");
    assert_eq!(err.field.as_deref(), Some("start"));
    assert!(err.fields.is_empty());
}

#[wasm_bindgen_test]
fn every_invalid_field_of_a_form_has_its_message() {
    let body = r#"{"error":{"code":"invalid_title","message":"请填写标题","field":"title",
        "fields":[{"field":"title","code":"invalid_title","message":"请填写标题"},
                  {"field":"place","code":"invalid_place","message":"请填写地点"}]}}"#;
    let err = ApiError::from_body(422, body, Lang::Zh);
    assert_eq!(err.fields.len(), 2);
    assert_eq!(err.message_for("place").as_deref(), Some("请填写地点"));
    assert_eq!(err.message_for("title").as_deref(), Some("请填写标题"));
    assert_eq!(err.message_for("description"), None);
    assert!(err.only_about(&["title", "place"]));
    assert!(
        !err.only_about(&["title"]),
        "the place's message must show somewhere"
    );
    // A page that rewords the error keeps its wording for the error's own field.
    let reworded = ApiError {
        message: "标题不能为空".into(),
        ..err
    };
    assert_eq!(
        reworded.message_for("title").as_deref(),
        Some("标题不能为空")
    );
    assert_eq!(reworded.message_for("place").as_deref(), Some("请填写地点"));
    // Not the API's shape: the status speaks.
    let err = ApiError::from_body(502, r#"{"error":"bad gateway"}"#, Lang::En);
    assert_eq!(err.code, "http_502");
}

#[wasm_bindgen_test]
async fn a_non_json_error_page_becomes_an_http_error_in_the_users_language() {
    // The test runner's own web server answers 404 with a non-JSON page.
    let result = client::get::<serde_json::Value>("/api/v1/definitely-not-here").await;
    let err = result.expect_err("a 404 is an error");
    assert_eq!(err.status, 404);
    assert_eq!(err.code, "http_404");
    assert!(err.message.contains("404"));
}

fn html() -> web_sys::Element {
    document().document_element().expect("<html>")
}

#[wasm_bindgen_test]
async fn the_switches_change_language_and_elder_mode_and_remember_them() {
    let storage = window()
        .local_storage()
        .ok()
        .flatten()
        .expect("localStorage");
    storage.clear().expect("clear");
    let root = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let root: web_sys::HtmlElement = root.unchecked_into();
    let _handle = leptos::mount::mount_to(root.clone(), app::ui::App);
    tick().await;

    let nav = root
        .query_selector(".main-nav")
        .ok()
        .flatten()
        .expect("nav");
    assert!(
        nav.text_content().unwrap_or_default().contains("服务指南"),
        "Chinese first"
    );
    assert_eq!(html().get_attribute("lang").as_deref(), Some("zh-CN"));

    let buttons = root.query_selector_all(".switch").expect("switches");
    let lang_button: web_sys::HtmlElement =
        buttons.get(0).expect("language switch").unchecked_into();
    lang_button.click();
    tick().await;
    assert!(nav.text_content().unwrap_or_default().contains("Services"));
    assert_eq!(html().get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(
        storage.get_item("linli.lang").ok().flatten().as_deref(),
        Some("en")
    );

    let elder_button: web_sys::HtmlElement = buttons.get(1).expect("elder switch").unchecked_into();
    assert_eq!(
        elder_button.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    elder_button.click();
    tick().await;
    assert!(html().class_list().contains("elder"));
    assert_eq!(
        elder_button.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(
        storage.get_item("linli.elder").ok().flatten().as_deref(),
        Some("1")
    );
    storage.clear().expect("clear");
}

/// Lets effects and the DOM settle.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

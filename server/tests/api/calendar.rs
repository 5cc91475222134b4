//! The holiday calendar: public, seeded, and corrected by city administrators only.
use app::api::{
    accounts::Role,
    calendar::{CalendarYear, DayKind},
};
use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;

both_backends!(
    the_2026_holidays_and_makeup_days_are_seeded,
    only_city_admins_correct_the_calendar
);

async fn the_2026_holidays_and_makeup_days_are_seeded(app: TestApp) {
    let year: CalendarYear = app
        .get("/api/v1/calendar?year=2026")
        .await
        .assert_status(StatusCode::OK)
        .json();
    let kind = |d: &str| year.days.iter().find(|x| x.date == d).map(|x| x.kind);
    assert_eq!(kind("2026-10-01"), Some(DayKind::Holiday));
    assert_eq!(kind("2026-10-10"), Some(DayKind::Workday));
    assert_eq!(kind("2026-02-17"), Some(DayKind::Holiday));
    assert_eq!(kind("2026-11-26"), None);
    let national_day = year
        .days
        .iter()
        .find(|x| x.date == "2026-10-01")
        .expect("listed");
    assert_eq!(
        (
            national_day.name.zh.as_str(),
            national_day.name.en.as_deref()
        ),
        ("国庆节", Some("National Day"))
    );
    let next: CalendarYear = app.get("/api/v1/calendar?year=2027").await.json();
    assert!(next.days.iter().any(|d| d.date == "2027-02-06"));
    app.get("/api/v1/calendar?year=1800")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let calendar = server::calendar::store::load(&app.db).await.expect("load");
    let after = calendar.add_working_days(jiff::civil::date(2026, 9, 30), 3);
    assert_eq!(after, jiff::civil::date(2026, 10, 10));
}

async fn only_city_admins_correct_the_calendar(app: TestApp) {
    let district = app
        .login_as("13900000001", &[(Role::Admin, "440304", None)])
        .await;
    let city = app
        .login_as("13900000002", &[(Role::Admin, "440300", None)])
        .await;
    let body = json!({"kind": "holiday", "name_zh": "春节", "name_en": "Spring Festival"});
    let res = district
        .put("/api/v1/admin/calendar/2027-02-09", &body)
        .await;
    res.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "city_admin_only");
    city.put("/api/v1/admin/calendar/2027-02-09", &body)
        .await
        .assert_status(StatusCode::OK);
    city.put("/api/v1/admin/calendar/2027-02-30", &body)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let year: CalendarYear = app.get("/api/v1/calendar?year=2027").await.json();
    assert!(
        year.days
            .iter()
            .any(|d| d.date == "2027-02-09" && d.kind == DayKind::Holiday)
    );
    city.delete("/api/v1/admin/calendar/2027-02-09")
        .await
        .assert_status(StatusCode::NO_CONTENT);
    city.delete("/api/v1/admin/calendar/2027-02-09")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

//! The OpenAPI 3.1 document, generated from the handlers' annotations.
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Linli 邻里 API", description = "Community services of the city: directory, venue booking, community activities, volunteers and the time bank, resident feedback."),
    components(schemas(app::api::ErrorBody)),
    tags(
        (name = "system", description = "Health, readiness, metrics and metadata"),
        (name = "regions", description = "The region tree: city, districts, subdistricts, communities"),
        (name = "accounts", description = "Registration, login, sessions, the user's own data"),
        (name = "admin", description = "Users, roles and the audit log, for administrators"),
        (name = "calendar", description = "Public holidays and make-up working days"),
        (name = "directory", description = "Service directory: categories, target groups, search, service pages"),
        (name = "directory-staff", description = "Directory editing, history and review queue for staff in scope"),
        (name = "hsds", description = "Open Referral HSDS 3.0 interface: read API, tabular data package export and import"),
        (name = "booking", description = "Venues, availability and residents' bookings, waitlist, lotteries, strikes"),
        (name = "booking-staff", description = "Running venues: approvals, check-in, calendars, closures, rules, reports"),
        (name = "activities", description = "Community activities: the calendar, sign-up, waitlist, calendar files, ratings"),
        (name = "activities-staff", description = "Organising activities: drafts, weekly series, publishing in a venue, sign-ups, check-in, attendance"),
        (name = "volunteers", description = "Volunteers (义工): applying, shifts, the hours ledger, record certificates and their public verification"),
        (name = "time-bank", description = "The time bank: help requests served by volunteers, paid with hours earned"),
        (name = "volunteers-staff", description = "Social workers: approving volunteers, posting shifts, check-in and confirming hours, corrections, grants, matching and completing help requests, reports"),
        (name = "notifications", description = "In-app notifications of the logged-in user"),
        (name = "feedback", description = "Resident feedback: filing, tracking, rating"),
        (name = "feedback-staff", description = "Resident feedback for staff: inbox, workflow, statistics, reports"),
    )
)]
struct ApiDoc;

/// Documents the error shape as the `default` response of every operation: any route can
/// answer 400/413/415/422 for a bad request, 401/403 for auth and CSRF, 429 for limits and
/// 503 when the database is away, always with the same body.
pub fn add_default_errors(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let response = ResponseBuilder::new()
        .description("Error in the API's shape: `{\"error\": {\"code\", \"message\", \"field\"}}`")
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build();
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            operation
                .responses
                .responses
                .entry("default".to_owned())
                .or_insert_with(|| response.clone().into());
        }
    }
}

/// Every API route, under `/api/v1`, collected with its documentation.
pub fn api_router(config: &crate::Config) -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .merge(crate::health::router())
        .merge(crate::ready::router())
        .merge(crate::metrics::router())
        .merge(crate::regions::router())
        .merge(crate::accounts::router())
        .merge(crate::calendar::router())
        .merge(crate::site::router())
        .merge(crate::directory::router())
        .merge(crate::booking::router())
        .merge(crate::activities::router())
        .merge(crate::volunteers::router())
        .merge(crate::privacy::router())
        .merge(crate::notifications::router())
        .merge(crate::feedback::router(config))
        .merge(crate::open311::keys::router());
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", v1)
        .nest("/api/hsds", crate::directory::hsds::router())
}

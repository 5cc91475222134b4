//! Recurring bookings: the series row that ties a weekly pattern's bookings together. Its
//! dates are booked one by one through the ledger (`bookings.recurring` in the routes).
use app::api::booking::RecurringRequest;
use sqlx::AnyConnection;

use super::venue::Venue;

/// A recurring booking's series, recorded with the first of its dates that is booked (a pattern
/// that books no date leaves no series behind).
pub struct Series<'a> {
    pub venue: &'a Venue,
    pub req: &'a RecurringRequest,
    /// The resident the dates are booked for.
    pub booker: i64,
    pub group: &'a str,
    /// Minutes after midnight, venue time.
    pub from: u32,
    pub to: u32,
    pub created_by: i64,
}

impl Series<'_> {
    /// Records the series in the caller's transaction; returns its id.
    pub async fn insert(&self, conn: &mut AnyConnection, now: i64) -> Result<i64, sqlx::Error> {
        let req = self.req;
        sqlx::query_scalar(
            "INSERT INTO booking_series (venue_id, user_id, group_name, first_day, last_day, weekdays, \
             start_minute, end_minute, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(self.venue.id())
        .bind(self.booker)
        .bind(self.group)
        .bind(&req.first_date)
        .bind(&req.last_date)
        .bind(req.weekdays.iter().map(u8::to_string).collect::<Vec<_>>().join(","))
        .bind(i64::from(self.from))
        .bind(i64::from(self.to))
        .bind(self.created_by)
        .bind(now)
        .fetch_one(conn)
        .await
    }
}

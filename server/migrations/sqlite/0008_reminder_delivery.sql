-- Reminders before a booking are also sent (in-app notification and SMS through the outbox)
-- once, by the minute task; `sent_at` records that they were.
ALTER TABLE booking_reminders ADD COLUMN sent_at INTEGER;
CREATE INDEX booking_reminders_unsent ON booking_reminders (remind_at) WHERE sent_at IS NULL;

//! Shift handovers (交接班, DESIGN §1.15): until when the next shift runs, and what its
//! snapshot of the queue names.

use chrono::{DateTime, TimeDelta, Utc};

/// A handover that does not say when the next shift ends assumes it ends this many hours
/// from now.
pub const DEFAULT_SHIFT_HOURS: i64 = 8;
/// The next shift ends at most this many hours from now.
pub const MAX_SHIFT_END_HOURS: i64 = 48;
/// The most tickets one list of a snapshot names; its counts are always complete.
pub const SNAPSHOT_LIST_LIMIT: i64 = 200;

/// When the next shift ends: as asked, or [`DEFAULT_SHIFT_HOURS`] from now. None when the
/// time asked is not within the next [`MAX_SHIFT_END_HOURS`].
pub fn shift_end(asked: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let end = asked.unwrap_or(now + TimeDelta::hours(DEFAULT_SHIFT_HOURS));
    (end > now && end <= now + TimeDelta::hours(MAX_SHIFT_END_HOURS)).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_shift_ends_in_eight_hours_unless_told_and_within_two_days() {
        let now = DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(shift_end(None, now), Some(now + TimeDelta::hours(8)));
        let evening = now + TimeDelta::hours(10);
        assert_eq!(shift_end(Some(evening), now), Some(evening));
        assert_eq!(shift_end(Some(now + TimeDelta::hours(48)), now), Some(now + TimeDelta::hours(48)));
        assert_eq!(shift_end(Some(now + TimeDelta::hours(48) + TimeDelta::seconds(1)), now), None);
        assert_eq!(shift_end(Some(now), now), None, "a shift that has ended");
        assert_eq!(shift_end(Some(now - TimeDelta::hours(1)), now), None);
    }
}

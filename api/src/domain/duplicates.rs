//! Which tickets are offered as likely duplicates of one (DESIGN §1.9): the same caller's
//! other open or resolved tickets, then other callers' tickets from the same unit or
//! project whose text is alike.

use chrono::{DateTime, TimeDelta, Utc};

use super::answers::similarity;

/// The most of the same caller's other tickets offered, newest first.
pub const SAME_CALLER_LIMIT: i64 = 20;
/// How far back similar tickets from the same site are looked for.
pub const SIMILAR_WITHIN_DAYS: i64 = 30;
/// The most of the same site's recent tickets compared, newest first.
pub const SIMILAR_CANDIDATES: i64 = 200;
/// Share of common terms that makes two complaints look like one matter.
pub const SIMILAR_ENOUGH: f64 = 0.25;
/// The most similar tickets offered, most alike first.
pub const SIMILAR_SHOWN: usize = 10;

/// The earliest intake time a similar ticket from the same site may have.
pub fn similar_since(now: DateTime<Utc>) -> DateTime<Utc> {
    now - TimeDelta::days(SIMILAR_WITHIN_DAYS)
}

/// The text two tickets are compared by: subject and description.
pub fn matter(subject: &str, description: &str) -> String {
    format!("{subject} {description}")
}

/// The candidates alike enough to `text` (their [`matter`] beside each), most alike first
/// and, when equally alike, in the order given; at most [`SIMILAR_SHOWN`].
pub fn most_alike<T>(text: &str, candidates: impl IntoIterator<Item = (String, T)>) -> Vec<T> {
    let mut alike: Vec<(f64, T)> = candidates
        .into_iter()
        .map(|(other, candidate)| (similarity(text, &other), candidate))
        .filter(|(score, _)| *score >= SIMILAR_ENOUGH)
        .collect();
    // A stable sort: equally alike candidates stay newest first, as read.
    alike.sort_by(|a, b| b.0.total_cmp(&a.0));
    alike.into_iter().take(SIMILAR_SHOWN).map(|(_, candidate)| candidate).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(texts: &[&str]) -> Vec<(String, usize)> {
        texts.iter().enumerate().map(|(i, t)| (t.to_string(), i)).collect()
    }

    #[test]
    fn the_most_alike_come_first_and_the_unlike_are_left_out() {
        let text = matter("Lift broken", "the lift in building 3 is broken again");
        let found = most_alike(
            &text,
            candidates(&[
                "water leak in the basement",
                "lift in building 3 broken",
                "Lift broken the lift in building 3 is broken again",
                "noise at night",
            ]),
        );
        assert_eq!(found, [2, 1]);
    }

    #[test]
    fn chinese_complaints_are_compared_by_their_terms() {
        let found = most_alike("3号楼电梯故障", candidates(&["电梯又故障了，3号楼", "小区停水"]));
        assert_eq!(found, [0]);
    }

    #[test]
    fn just_alike_enough_is_offered() {
        // Four terms in all, one in common: exactly a quarter.
        assert_eq!(similarity("alpha beta", "alpha gamma delta"), SIMILAR_ENOUGH);
        assert_eq!(most_alike("alpha beta", candidates(&["alpha gamma delta"])), [0]);
        assert!(most_alike("alpha beta", candidates(&["alpha gamma delta epsilon"])).is_empty());
    }

    #[test]
    fn equally_alike_keep_their_order_and_at_most_ten_are_offered() {
        let texts = vec!["lift broken"; 15];
        assert_eq!(most_alike("lift broken", candidates(&texts)), (0..SIMILAR_SHOWN).collect::<Vec<_>>());
    }

    #[test]
    fn nothing_is_alike_an_empty_text() {
        assert!(most_alike("", candidates(&["", "lift"])).is_empty());
    }

    #[test]
    fn similar_tickets_are_looked_for_in_the_last_thirty_days() {
        let now = DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(similar_since(now).to_rfc3339(), "2026-10-31T08:00:00+00:00");
    }
}

//! Unified answers (统一答复口径): when an answer is offered to agents, who may write one,
//! and the tokenizer that makes them searchable in Chinese and English on both databases.
//!
//! Search does not rely on the database's full-text features (SQLite and PostgreSQL differ,
//! and neither splits Chinese into words). Instead every answer is indexed as a set of
//! terms computed here, and a query is tokenized the same way:
//! - runs of letters and digits (Latin, Cyrillic, Greek…) are words, lowercased;
//!   full-width forms (`ＡＢＣ１２３`) count as their ASCII letters;
//! - runs of CJK characters (Han, kana, Hangul) have no spaces between words, so they are
//!   cut into overlapping bigrams (`电梯故障` → `电梯`, `梯故`, `故障`) and, in the index only,
//!   single characters too, so that a one-character query (`梯`) still finds something.
//!
//! An answer ranks by how many distinct query terms it contains. The word being typed last
//! also matches the indexed words it begins ([`typed_prefix`]).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::{
    ids::DepartmentId,
    role::{Actor, Role},
};

/// Terms longer than this (in characters) are cut: nobody searches for them whole.
const MAX_TERM_CHARS: usize = 32;
/// A query keeps at most this many distinct terms.
pub const MAX_QUERY_TERMS: usize = 32;

/// Whether `c` is written without spaces between words (Han ideographs, kana, Hangul).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3400..=0x4DBF   // CJK Extension A
        | 0x4E00..=0x9FFF   // CJK Unified Ideographs
        | 0xAC00..=0xD7AF   // Hangul syllables
        | 0xF900..=0xFAFF   // CJK Compatibility Ideographs
        | 0x20000..=0x3134F // CJK Extensions B–G
    )
}

/// Full-width ASCII (`Ａ`, `１`) as the ASCII it stands for; other characters unchanged.
fn narrow(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

enum Run {
    Word(String),
    Cjk(Vec<char>),
}

/// Splits text into runs of word characters and runs of CJK characters; everything else
/// (spaces, punctuation, symbols) separates runs.
fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk = Vec::new();
    for c in text.chars().map(narrow) {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
            cjk.push(c);
        } else if c.is_alphanumeric() {
            if !cjk.is_empty() {
                out.push(Run::Cjk(std::mem::take(&mut cjk)));
            }
            word.extend(c.to_lowercase());
        } else {
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
            if !cjk.is_empty() {
                out.push(Run::Cjk(std::mem::take(&mut cjk)));
            }
        }
    }
    if !word.is_empty() {
        out.push(Run::Word(word));
    }
    if !cjk.is_empty() {
        out.push(Run::Cjk(cjk));
    }
    out
}

fn cut(word: String) -> String {
    match word.char_indices().nth(MAX_TERM_CHARS) {
        Some((i, _)) => word[..i].to_owned(),
        None => word,
    }
}

/// The terms an answer is indexed under: words, CJK bigrams and CJK single characters.
pub fn index_terms(text: &str) -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    for run in runs(text) {
        match run {
            Run::Word(w) => {
                terms.insert(cut(w));
            }
            Run::Cjk(chars) => {
                terms.extend(chars.iter().map(char::to_string));
                terms.extend(chars.windows(2).map(|pair| pair.iter().collect::<String>()));
            }
        }
    }
    terms
}

/// The terms of a search query: words and CJK bigrams; a CJK run of one character is
/// searched as that character. At most [`MAX_QUERY_TERMS`], in order of appearance.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut terms = Vec::new();
    let mut add = |t: String| {
        if terms.len() < MAX_QUERY_TERMS && seen.insert(t.clone()) {
            terms.push(t);
        }
    };
    for run in runs(query) {
        match run {
            Run::Word(w) => add(cut(w)),
            Run::Cjk(chars) if chars.len() == 1 => add(chars[0].to_string()),
            Run::Cjk(chars) => chars.windows(2).for_each(|pair| add(pair.iter().collect())),
        }
    }
    terms
}

/// The query's last word (not CJK, two characters or more), also searched as a prefix: it
/// may be still being typed (`elev` finds "elevator") or lack an ending (`outage` finds
/// "outages").
pub fn typed_prefix(query: &str) -> Option<String> {
    match runs(query).pop()? {
        Run::Word(w) if w.chars().count() >= 2 => Some(cut(w)),
        _ => None,
    }
}

/// How alike two texts are, 0 to 1: the share of terms (words, CJK bigrams) they have in
/// common (Jaccard). The same tokenizer as answer search, so "3号楼电梯故障" and
/// "电梯又故障了，3号楼" are alike.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b): (BTreeSet<String>, BTreeSet<String>) =
        (query_terms(a).into_iter().collect(), query_terms(b).into_iter().collect());
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// Whether an answer is offered to agents at `now`: active, and within its validity.
pub fn in_effect(
    active: bool,
    valid_from: DateTime<Utc>,
    valid_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    active && valid_from <= now && valid_until.is_none_or(|until| now < until)
}

/// Who may write the answers of a department: supervisors and administrators for every
/// department, department staff for their own.
pub fn may_write(actor: &Actor, department_id: DepartmentId) -> bool {
    match actor.role {
        Role::Admin | Role::Supervisor => true,
        Role::DeptStaff => actor.department_id == Some(department_id),
        Role::Agent | Role::Integration => false,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    fn set(terms: &[&str]) -> BTreeSet<String> {
        terms.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn english_words_are_lowercased_and_split_on_punctuation() {
        assert_eq!(
            index_terms("Elevator maintenance-schedule, Building 3!"),
            set(&["elevator", "maintenance", "schedule", "building", "3"])
        );
        assert_eq!(query_terms("  ELEVATOR  "), vec!["elevator"]);
        assert_eq!(query_terms("Café"), vec!["café"]);
    }

    #[test]
    fn chinese_is_indexed_as_characters_and_bigrams() {
        assert_eq!(
            index_terms("3号楼电梯故障"),
            set(&["3", "号", "楼", "电", "梯", "故", "障", "号楼", "楼电", "电梯", "梯故", "故障"])
        );
    }

    #[test]
    fn a_chinese_query_is_searched_by_its_bigrams() {
        assert_eq!(query_terms("电梯"), vec!["电梯"]);
        assert_eq!(query_terms("电梯故障"), vec!["电梯", "梯故", "故障"]);
        let indexed = index_terms("3号楼电梯故障");
        assert!(query_terms("电梯").iter().all(|t| indexed.contains(t)));
    }

    #[test]
    fn a_one_character_query_is_searched_as_that_character() {
        assert_eq!(query_terms("梯"), vec!["梯"]);
        assert!(index_terms("电梯").contains("梯"));
    }

    #[test]
    fn mixed_text_splits_at_script_changes() {
        assert_eq!(query_terms("A座elevator停运"), vec!["a", "座", "elevator", "停运"]);
        assert_eq!(query_terms("3号楼 电梯，维修"), vec!["3", "号楼", "电梯", "维修"]);
    }

    #[test]
    fn full_width_letters_and_digits_count_as_ascii() {
        assert_eq!(query_terms("ＡＢＣ１２３"), vec!["abc123"]);
    }

    #[test]
    fn punctuation_alone_gives_no_terms_and_repeats_count_once() {
        assert!(query_terms("！？。, ...").is_empty());
        assert_eq!(query_terms("电梯 电梯 lift LIFT"), vec!["电梯", "lift"]);
    }

    #[test]
    fn long_terms_are_cut_and_queries_are_bounded() {
        let long = "a".repeat(100);
        assert_eq!(query_terms(&long), vec!["a".repeat(MAX_TERM_CHARS)]);
        let many: String = (0..100).map(|i| format!("w{i} ")).collect();
        assert_eq!(query_terms(&many).len(), MAX_QUERY_TERMS);
    }

    #[test]
    fn an_answer_is_offered_only_while_active_and_valid() {
        let now = Utc::now();
        let hour = TimeDelta::hours(1);
        assert!(in_effect(true, now - hour, None, now));
        assert!(in_effect(true, now, Some(now + hour), now));
        assert!(!in_effect(false, now - hour, None, now), "inactive");
        assert!(!in_effect(true, now + hour, None, now), "not yet valid");
        assert!(!in_effect(true, now - hour, Some(now), now), "expired");
    }

    #[test]
    fn department_staff_write_only_their_own_departments_answers() {
        use crate::domain::ids::UserId;
        let (d1, d2) = (DepartmentId::new(), DepartmentId::new());
        let staff = Actor { id: UserId::new(), role: Role::DeptStaff, department_id: Some(d1) };
        assert!(may_write(&staff, d1));
        assert!(!may_write(&staff, d2));
        for role in [Role::Admin, Role::Supervisor] {
            assert!(may_write(&Actor { id: UserId::new(), role, department_id: None }, d2));
        }
        for role in [Role::Agent, Role::Integration] {
            assert!(!may_write(&Actor { id: UserId::new(), role, department_id: None }, d1));
        }
    }

    #[test]
    fn the_last_word_is_a_prefix_while_it_is_typed() {
        assert_eq!(typed_prefix("broken elev").as_deref(), Some("elev"));
        assert_eq!(typed_prefix("broken ELEV").as_deref(), Some("elev"));
        assert_eq!(typed_prefix("broken elev, ").as_deref(), Some("elev"));
        assert_eq!(typed_prefix("电梯故障"), None, "CJK is searched by bigrams");
        assert_eq!(typed_prefix("a"), None, "one letter matches too much");
        assert_eq!(typed_prefix(""), None);
    }
}

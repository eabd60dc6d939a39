//! Customer phone numbers: one normal form for lookup, and masking for those who may not
//! see them (DESIGN §1.14).

/// A phone number in normal form: an optional leading `+` and 3 to 20 digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Accepts what agents type (spaces, dashes, dots, brackets) and keeps only the number.
    pub fn parse(raw: &str) -> Result<Phone, &'static str> {
        let trimmed = raw.trim();
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => ("+", rest),
            None => ("", trimmed),
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err("may contain only digits, spaces, dashes, dots, brackets and a leading +"),
            }
        }
        if !(3..=20).contains(&digits.len()) {
            return Err("must have between 3 and 20 digits");
        }
        Ok(Phone(format!("{plus}{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Masks the middle of a stored phone number: `13812345678` → `138****5678`.
/// Short numbers keep only their last two digits.
pub fn mask(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    let n = chars.len();
    let (head, tail) = if n >= 8 { (3, 4) } else { (0, n.min(2)) };
    chars.iter().enumerate().map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' }).collect()
}

/// How a search text may match customers' phones, given what the searcher may see.
/// Search must never reveal more of a number than the searcher is shown: a substring match
/// on the hidden middle digits would rebuild a masked number one digit at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneMatch {
    /// The whole number, exactly: for those who take calls and may reveal numbers (they
    /// already know the number they type).
    Exact(String),
    /// A SQL `LIKE` pattern over the stored number that uses only the visible digits: the
    /// masked form as shown (`139****4321`) or the last four digits (`4321`).
    Visible(String),
}

/// Reads a search text as a phone query: `None` when it is no phone query the searcher
/// may make. `full_numbers` is whether the searcher may search by the whole number.
pub fn search(text: &str, full_numbers: bool) -> Option<PhoneMatch> {
    let text = text.trim();
    // The masked form as it is shown: a head, the stars, the last digits.
    if text.contains('*') {
        let (plus, rest) = text.strip_prefix('+').map_or(("", text), |r| ("+", r));
        let head: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let stars = rest[head.len()..].chars().take_while(|c| *c == '*').count();
        let tail = &rest[head.len() + stars..];
        let shape_ok = stars > 0 && tail.len() >= 2 && tail.chars().all(|c| c.is_ascii_digit());
        // Nothing beyond what `mask` shows: 3 leading and 4 trailing digits at most.
        if !shape_ok || head.len() > 3 || tail.len() > 4 || plus.len() + head.len() + stars + tail.len() > 21 {
            return None;
        }
        return Some(PhoneMatch::Visible(format!("{plus}{head}{}{tail}", "_".repeat(stars))));
    }
    if text.len() == 4 && text.chars().all(|c| c.is_ascii_digit()) {
        return Some(PhoneMatch::Visible(format!("%{text}")));
    }
    if full_numbers {
        if let Ok(phone) = Phone::parse(text) {
            return Some(PhoneMatch::Exact(phone.0));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_matches_only_what_the_searcher_sees() {
        // The masked form and the last four digits, for everyone.
        assert_eq!(search("139****4321", false), Some(PhoneMatch::Visible("139____4321".into())));
        assert_eq!(search("+86*******5678", false), Some(PhoneMatch::Visible("+86_______5678".into())));
        assert_eq!(search("4321", false), Some(PhoneMatch::Visible("%4321".into())));
        // Prefixes and middles are no phone query: they would rebuild the hidden digits.
        assert_eq!(search("139", false), None);
        assert_eq!(search("1398", false), Some(PhoneMatch::Visible("%1398".into())));
        assert_eq!(search("13987654321", false), None);
        assert_eq!(search("1398***4321", false), None);
        assert_eq!(search("139****54321", false), None);
        // Whole numbers only for those who may search by them, and then exactly.
        assert_eq!(search("139 8765 4321", true), Some(PhoneMatch::Exact("13987654321".into())));
        assert_eq!(search("139", true), Some(PhoneMatch::Exact("139".into())));
        assert_eq!(search("leak", true), None);
    }

    #[test]
    fn normalises_what_agents_type() {
        assert_eq!(Phone::parse(" 138-1234 5678 ").unwrap().as_str(), "13812345678");
        assert_eq!(Phone::parse("+86 (10) 1234.5678").unwrap().as_str(), "+861012345678");
    }

    #[test]
    fn refuses_letters_and_wrong_lengths() {
        assert!(Phone::parse("call me").is_err());
        assert!(Phone::parse("12").is_err());
        assert!(Phone::parse("123456789012345678901").is_err());
        assert!(Phone::parse("+").is_err());
    }

    #[test]
    fn masks_the_middle_of_a_mobile_number() {
        assert_eq!(mask("13812345678"), "138****5678");
        assert_eq!(mask("+8613812345678"), "+86*******5678");
        assert_eq!(mask("12345"), "***45");
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

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

//! Password policy (NIST SP 800-63B, OWASP ASVS 5.0): length, not composition rules.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("a password has at least 12 characters")]
    TooShort,
    #[error("a password has at most 128 characters")]
    TooLong,
}

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Checks a newly chosen password.
pub fn validate_new_password(password: &str) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(PasswordError::TooShort)
    } else if n > MAX_PASSWORD_CHARS {
        Err(PasswordError::TooLong)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_characters_are_required() {
        assert_eq!(validate_new_password("court"), Err(PasswordError::TooShort));
        assert_eq!(validate_new_password("éééééééééééé"), Ok(()));
        assert_eq!(
            validate_new_password(&"x".repeat(129)),
            Err(PasswordError::TooLong)
        );
    }
}

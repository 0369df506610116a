//! Rules of single identity fields: phone numbers, postal codes, websites.

/// A French or international phone number: "01 44 00 00 00", "06.12.34.56.78", "+33 6 12 34 56 78",
/// "+262 262 12 34 56". Spaces, dots and dashes are allowed; normalised to digits with spaces.
pub fn parse_phone(input: &str) -> Option<String> {
    let t = input.trim();
    let (plus, rest) = match t.strip_prefix('+') {
        Some(r) => (true, r),
        None => (false, t),
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'))
    {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let ok = if plus {
        (8..=15).contains(&digits.len())
    } else {
        digits.len() == 10 && digits.starts_with('0')
    };
    if !ok {
        return None;
    }
    if plus {
        return Some(format!("+{digits}"));
    }
    let pairs: Vec<&str> = (0..5).map(|i| &digits[i * 2..i * 2 + 2]).collect();
    Some(pairs.join(" "))
}

/// Five digits.
pub fn parse_postal_code(input: &str) -> Option<String> {
    let d: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (d.len() == 5 && d.chars().all(|c| c.is_ascii_digit())).then_some(d)
}

/// `www.exemple.fr` or `https://exemple.fr/page`; `https://` is added when no scheme is given.
pub fn parse_website(input: &str) -> Option<String> {
    let t = input.trim();
    let (scheme, rest) = if let Some(r) = t.strip_prefix("https://") {
        ("https://", r)
    } else if let Some(r) = t.strip_prefix("http://") {
        ("http://", r)
    } else {
        ("https://", t)
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = host.contains('.')
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
    let clean = !rest
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\''));
    (host_ok && clean && t.len() <= 300).then(|| format!("{scheme}{rest}"))
}

//! The verification code printed on a certificate: Crockford base 32, `XXXX-XXXX-XXXX`.

/// Alphabet of verification codes: Crockford base 32 (no I, L, O, U).
pub const VERIFICATION_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Formats 12 symbols as `XXXX-XXXX-XXXX` (60 bits).
pub fn format_verification_code(symbols: &[u8; 12]) -> String {
    let chars: Vec<char> = symbols
        .iter()
        .map(|s| VERIFICATION_ALPHABET[usize::from(*s % 32)] as char)
        .collect();
    format!(
        "{}-{}-{}",
        chars[0..4].iter().collect::<String>(),
        chars[4..8].iter().collect::<String>(),
        chars[8..12].iter().collect::<String>()
    )
}

/// Normalises a typed verification code: upper case, O→0, I/L→1, spaces and dashes ignored.
/// `None` if it cannot be a code.
pub fn normalise_verification_code(input: &str) -> Option<String> {
    let mut symbols = Vec::with_capacity(12);
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !VERIFICATION_ALPHABET.contains(&(c as u8)) {
            return None;
        }
        symbols.push(c);
    }
    if symbols.len() != 12 {
        return None;
    }
    let s: String = symbols.into_iter().collect();
    Some(format!("{}-{}-{}", &s[0..4], &s[4..8], &s[8..12]))
}

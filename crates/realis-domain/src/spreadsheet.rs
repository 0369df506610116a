//! CSV cells for files people open in a spreadsheet (Excel, LibreOffice): `;`-separated, as the
//! French versions expect, RFC 4180 quoting, and formula injection neutralised (OWASP «CSV
//! Injection»): a cell that starts with `=`, `+`, `-`, `@`, TAB, CR or LF (or their full-width
//! forms) would be read as a formula — `=HYPERLINK(…)` in a beneficiary's name becomes a link that
//! leaks data, `+cmd|…` runs a command through DDE — so it is prefixed with a single quote, which
//! spreadsheets show as text, and the cell is quoted.
//!
//! Used for every export that carries text someone typed (the transmission export). The month
//! template (`grid_csv::template`) carries none: dates, French day names, the period and hours.

/// First characters that make a spreadsheet evaluate a cell.
const FORMULA_LEADS: [char; 11] = [
    '=', '+', '-', '@', '\t', '\r', '\n', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// The separator of the French spreadsheets.
pub const SEPARATOR: char = ';';

/// One cell, ready to join with [`SEPARATOR`]: prefixed with `'` when it starts like a formula,
/// quoted (inner quotes doubled) when prefixed or when it holds the separator, a quote or a line
/// break.
pub fn cell(value: &str) -> String {
    let formula = value.starts_with(FORMULA_LEADS);
    let quote = formula || value.contains([SEPARATOR, '"', '\r', '\n']);
    if !quote {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len() + 4);
    out.push('"');
    if formula {
        out.push('\'');
    }
    out.push_str(&value.replace('"', "\"\""));
    out.push('"');
    out
}

/// One record: its cells, separated, ended by CRLF.
pub fn record<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = cells
        .iter()
        .map(|c| cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(&SEPARATOR.to_string());
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_leading_cells_become_quoted_text() {
        for (value, expected) in [
            (
                "=HYPERLINK(\"http://evil.test\",\"x\")",
                "\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"x\"\")\"",
            ),
            ("+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\""),
            ("@SUM(1+1)", "\"'@SUM(1+1)\""),
            ("-1+1", "\"'-1+1\""),
            ("\t=1+1", "\"'\t=1+1\""),
            ("\r=1+1", "\"'\r=1+1\""),
            ("\u{FF1D}1+1", "\"'\u{FF1D}1+1\""),
        ] {
            assert_eq!(cell(value), expected, "{value:?}");
        }
    }

    #[test]
    fn ordinary_cells_are_left_alone_or_quoted_per_rfc_4180() {
        assert_eq!(cell("Zoé DUPONT"), "Zoé DUPONT");
        assert_eq!(cell("10,50"), "10,50");
        assert_eq!(cell("2026-10"), "2026-10");
        assert_eq!(cell(""), "");
        assert_eq!(cell("a=b"), "a=b");
        assert_eq!(cell("Dupont; Zoé"), "\"Dupont; Zoé\"");
        assert_eq!(cell("«Le \"Bon\" Coin»"), "\"«Le \"\"Bon\"\" Coin»\"");
        assert_eq!(cell("deux\nlignes"), "\"deux\nlignes\"");
        assert_eq!(record(&["D-1", "=1", ""]), "D-1;\"'=1\";\r\n");
    }
}

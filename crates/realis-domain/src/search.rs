//! Searching lists: the folding that makes search accent- and case-insensitive, and the bounds of
//! a query (a 1,500-word search made SQLite answer «Expression tree is too large»).

/// Lower case without the accents of French, for accent- and case-insensitive comparison:
/// «Hélène» and «HELENE» fold alike.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// Longest search accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most words in a search (each one must match).
pub const MAX_QUERY_TERMS: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("a search has at most 200 characters")]
    TooLong,
    #[error("a search has at most 8 words")]
    TooManyWords,
}

impl SearchError {
    pub fn message_fr(&self) -> &'static str {
        match self {
            SearchError::TooLong => "La recherche est limitée à 200 caractères.",
            SearchError::TooManyWords => "La recherche est limitée à 8 mots.",
        }
    }

    /// Stable code of the field error.
    pub fn code(&self) -> crate::FieldCode {
        match self {
            SearchError::TooLong => crate::FieldCode::QueryTooLong,
            SearchError::TooManyWords => crate::FieldCode::QueryTooManyWords,
        }
    }
}

/// A search: folded words, every one of which must match; empty matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    raw: String,
    terms: Vec<String>,
}

impl SearchQuery {
    pub fn parse(q: &str) -> Result<SearchQuery, SearchError> {
        let raw = q.trim();
        if raw.chars().count() > MAX_QUERY_CHARS {
            return Err(SearchError::TooLong);
        }
        let terms: Vec<String> = fold(raw)
            .split_whitespace()
            .map(|w| w.replace(['%', '_', '\\'], ""))
            .filter(|w| !w.is_empty())
            .collect();
        if terms.len() > MAX_QUERY_TERMS {
            return Err(SearchError::TooManyWords);
        }
        Ok(SearchQuery {
            raw: raw.to_owned(),
            terms,
        })
    }

    /// The folded words, without SQL wildcards.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The text as typed, trimmed.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_folds_accents_and_drops_wildcards() {
        let q = SearchQuery::parse("  Hélène  DUBOIS_%  ").expect("ok");
        assert_eq!(q.terms(), ["helene", "dubois"]);
        assert_eq!(q.as_str(), "Hélène  DUBOIS_%");
        assert!(SearchQuery::parse("").expect("ok").terms().is_empty());
    }

    #[test]
    fn a_search_is_bounded_in_length_and_words() {
        assert_eq!(
            SearchQuery::parse(&"a ".repeat(1500)),
            Err(SearchError::TooLong)
        );
        assert_eq!(
            SearchQuery::parse("a b c d e f g h i"),
            Err(SearchError::TooManyWords)
        );
        assert!(SearchQuery::parse(&"é".repeat(200)).is_ok());
    }
}

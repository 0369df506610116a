//! Integers as JSON Schema defines them: `7` and `7.0` are the same integer (a client in
//! Python or JavaScript may send either), while `7.5` is not one.

use serde::Deserializer;
use serde::de::{Error, Visitor};

struct IntegerVisitor;

impl Visitor<'_> for IntegerVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom("integer out of range"))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<i64, E> {
        // Exactly representable integers only (|v| < 2^53), so no rounding hides a typo.
        if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
            #[allow(clippy::cast_possible_truncation)]
            Ok(v as i64)
        } else {
            Err(E::custom("expected an integer"))
        }
    }
}

/// `#[serde(deserialize_with = "crate::lenient::integer")]` for an integer field.
pub fn integer<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64>,
{
    let v = d.deserialize_any(IntegerVisitor)?;
    T::try_from(v).map_err(|_| D::Error::custom("integer out of range"))
}

/// `#[serde(default, deserialize_with = "crate::lenient::optional_integer")]` for an optional
/// integer field: null or an integer as [`integer`] reads it.
pub fn optional_integer<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64>,
{
    #[derive(serde::Deserialize)]
    struct Lenient<T: TryFrom<i64>>(#[serde(deserialize_with = "integer")] T);
    let v: Option<Lenient<T>> = serde::Deserialize::deserialize(d)?;
    Ok(v.map(|Lenient(v)| v))
}

#[cfg(test)]
mod tests {
    #[derive(Debug, serde::Deserialize)]
    struct V {
        #[serde(deserialize_with = "super::integer")]
        version: i32,
    }

    #[derive(Debug, serde::Deserialize)]
    struct O {
        #[serde(default, deserialize_with = "super::optional_integer")]
        id: Option<i64>,
    }

    #[test]
    fn an_optional_integer_is_null_absent_or_an_integer() {
        let parse = |json: &str| serde_json::from_str::<O>(json).map(|o| o.id).ok();
        assert_eq!(parse(r#"{}"#), Some(None));
        assert_eq!(parse(r#"{"id": null}"#), Some(None));
        assert_eq!(parse(r#"{"id": 7.0}"#), Some(Some(7)));
        assert_eq!(parse(r#"{"id": 7.5}"#), None);
        assert_eq!(parse(r#"{"id": "7"}"#), None);
    }

    fn parse(json: &str) -> Option<i32> {
        serde_json::from_str::<V>(json).ok().map(|v| v.version)
    }

    #[test]
    fn integral_floats_are_integers_and_others_are_not() {
        assert_eq!(parse(r#"{"version": 7}"#), Some(7));
        assert_eq!(parse(r#"{"version": -439.0}"#), Some(-439));
        assert_eq!(parse(r#"{"version": 7.5}"#), None);
        assert_eq!(parse(r#"{"version": "7"}"#), None);
        assert_eq!(parse(r#"{"version": 3000000000}"#), None);
    }
}

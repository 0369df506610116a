//! The rules of the training catalogue.

use super::*;

fn code(s: &str) -> Result<String, CertificationCodeError> {
    CertificationCode::parse(s).map(|c| c.to_string())
}

#[test]
fn rncp_and_rs_codes_have_four_to_six_digits() {
    assert_eq!(code("RNCP34567"), Ok("RNCP34567".into()));
    assert_eq!(code("RS5678"), Ok("RS5678".into()));
    assert_eq!(code("RNCP1234"), Ok("RNCP1234".into()));
    assert_eq!(code("RS123456"), Ok("RS123456".into()));
    assert_eq!(
        CertificationCode::parse("RS5678").map(|c| c.register()),
        Ok(Register::Rs)
    );
    assert_eq!(
        CertificationCode::parse("RNCP34567").map(|c| c.register()),
        Ok(Register::Rncp)
    );
}

#[test]
fn a_code_is_read_whatever_its_case_and_spaces() {
    assert_eq!(code(" rncp 34567 "), Ok("RNCP34567".into()));
    assert_eq!(code("Rs 5678"), Ok("RS5678".into()));
    assert_eq!(code("RNCP\u{a0}34567"), Ok("RNCP34567".into()));
}

#[test]
fn anything_else_is_not_a_code() {
    for bad in [
        "",
        "RNCP",
        "RS",
        "RNCP123",
        "RS123",
        "RNCP1234567",
        "RS1234567",
        "34567",
        "RNC34567",
        "RNCP-34567",
        "RNCP3456A",
        "RSX5678",
        "CPF34567",
        "RNCP３４５６７",
        "RS٥٦٧٨",
    ] {
        assert_eq!(code(bad), Err(CertificationCodeError::Format), "{bad:?}");
    }
    assert_eq!(
        CertificationCodeError::Format.code().code(),
        "invalid_certification_code"
    );
    assert!(
        CertificationCodeError::Format
            .message_fr()
            .contains("RNCP34567")
    );
}

#[test]
fn planned_hours_are_positive_and_bounded() {
    assert_eq!(
        check_planned_hours(Hours::ZERO),
        Err(PlannedHoursError::NotPositive)
    );
    assert_eq!(
        check_planned_hours(Hours::from_hundredths(1)),
        Ok(Hours::from_hundredths(1))
    );
    assert_eq!(
        check_planned_hours(PLANNED_HOURS_MAX),
        Ok(PLANNED_HOURS_MAX)
    );
    assert_eq!(
        check_planned_hours(Hours::from_hundredths(1_000_001)),
        Err(PlannedHoursError::TooMany)
    );
    assert_eq!(
        PlannedHoursError::TooMany.message_fr(),
        "Une formation ne peut pas prévoir plus de 10\u{a0}000 heures."
    );
}

#[test]
fn every_refused_field_is_reported_with_its_api_field() {
    let errors = TrainingFields::parse(" ", Some("RNCP12"), Hours::ZERO, Modality::Mixte)
        .expect_err("three errors");
    let fields: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.field(), e.code().code()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("title", "required"),
            ("rncp_rs_code", "invalid_certification_code"),
            ("planned_hours", "not_positive"),
        ]
    );
}

#[test]
fn the_code_is_optional_and_the_title_normalised() {
    for none in [None, Some(""), Some("   ")] {
        let t = TrainingFields::parse(
            "  Anglais   professionnel ",
            none,
            Hours::from_whole(120),
            Modality::Distanciel,
        )
        .expect("valid");
        assert_eq!(t.title, "Anglais professionnel");
        assert_eq!(t.code, None);
    }
    let t = TrainingFields::parse("T", Some("rs 5678"), Hours::from_whole(1), Modality::Mixte)
        .expect("valid");
    assert_eq!(t.code.map(|c| c.to_string()), Some("RS5678".into()));
}

#[test]
fn the_distance_note_prints_unless_the_training_is_in_the_centre_only() {
    assert!(!prints_distance_note(Some(Modality::Presentiel)));
    assert!(prints_distance_note(Some(Modality::Distanciel)));
    assert!(prints_distance_note(Some(Modality::Mixte)));
    assert!(prints_distance_note(None), "unknown: the ministry's model");
}

#[test]
fn modalities_read_back_and_speak_french() {
    for m in Modality::ALL {
        assert_eq!(Modality::parse(m.as_str()), Some(m));
    }
    assert_eq!(Modality::parse("Distanciel"), None);
    assert_eq!(Modality::Presentiel.label_fr(), "Présentiel");
    assert_eq!(Modality::Distanciel.as_str(), "distanciel");
}

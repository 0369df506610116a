//! The OF's identity («Votre identité», SPEC F1): field rules, the Kbis / consent-letter review
//! lifecycle, and certification readiness.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::designation::DesignationStatus;
use crate::{Email, Label, LabelError, Nda};

/// A field that failed its rule: stable code + French message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    pub field: &'static str,
    pub code: &'static str,
    pub message: Cow<'static, str>,
}

impl FieldIssue {
    /// A name or label refused by [`Label::parse`].
    pub fn label(field: &'static str, e: LabelError) -> FieldIssue {
        FieldIssue {
            field,
            code: e.code(),
            message: e.message_fr().into(),
        }
    }
}

/// The editable identity, as typed by the OF (SIRET is not here: the OF cannot change it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityInput {
    pub name: String,
    pub email: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub mobile_phone: String,
    pub landline_phone: String,
    pub fax: String,
    pub nda: String,
    pub website: String,
    pub legal_representative: String,
}

/// The identity after validation: trimmed, normalised, empty optional fields as `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: Email,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub mobile_phone: Option<String>,
    pub landline_phone: Option<String>,
    pub fax: Option<String>,
    pub nda: Option<Nda>,
    pub website: Option<String>,
    pub legal_representative: Option<String>,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

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

/// Checks every field; returns all issues at once.
pub fn validate_identity(input: &IdentityInput) -> Result<Identity, Vec<FieldIssue>> {
    let mut issues = Vec::new();
    let name = match Label::parse(&input.name, 200) {
        Ok(n) => n.into_string(),
        Err(e) => {
            issues.push(FieldIssue::label("name", e));
            String::new()
        }
    };
    let mut issue = |field, code, message: &'static str| {
        issues.push(FieldIssue {
            field,
            code,
            message: message.into(),
        })
    };
    let email = if input.email.trim().is_empty() {
        issue("email", "required", "L'adresse e-mail est obligatoire.");
        None
    } else {
        let e = Email::parse(&input.email).ok();
        if e.is_none() {
            issue(
                "email",
                "invalid_email",
                "L'adresse e-mail n'est pas valide.",
            );
        }
        e
    };
    let postal_code = opt(&input.postal_code).and_then(|p| {
        let parsed = parse_postal_code(&p);
        if parsed.is_none() {
            issue(
                "postal_code",
                "invalid_postal_code",
                "Le code postal doit comporter 5 chiffres.",
            );
        }
        parsed
    });
    let mut phone = |field: &'static str, value: &str| {
        opt(value).and_then(|p| {
            let parsed = parse_phone(&p);
            if parsed.is_none() {
                issue(
                    field,
                    "invalid_phone",
                    "Le numéro doit comporter 10 chiffres (ex. 01 23 45 67 89) ou commencer par +.",
                );
            }
            parsed
        })
    };
    let mobile_phone = phone("mobile_phone", &input.mobile_phone);
    let landline_phone = phone("landline_phone", &input.landline_phone);
    let fax = phone("fax", &input.fax);
    let nda = opt(&input.nda).and_then(|n| {
        let parsed = Nda::parse(&n).ok();
        if parsed.is_none() {
            issue(
                "nda",
                "invalid_nda",
                "Le numéro de déclarant doit comporter 11 chiffres.",
            );
        }
        parsed
    });
    let website = opt(&input.website).and_then(|w| {
        let parsed = parse_website(&w);
        if parsed.is_none() {
            issue(
                "website",
                "invalid_website",
                "L'adresse du site web n'est pas valide (ex. www.exemple.fr).",
            );
        }
        parsed
    });
    // Printed in the certificate: one normalised line each (see `label`).
    let short = |field: &'static str, v: &str, max: usize, issues: &mut Vec<FieldIssue>| {
        Label::parse_optional(v, max)
            .map_err(|e| issues.push(FieldIssue::label(field, e)))
            .ok()
            .flatten()
            .map(Label::into_string)
    };
    let address = short("address", &input.address, 300, &mut issues);
    let city = short("city", &input.city, 100, &mut issues);
    let legal_representative = short(
        "legal_representative",
        &input.legal_representative,
        150,
        &mut issues,
    );
    match email {
        Some(email) if issues.is_empty() => Ok(Identity {
            name,
            email,
            address,
            postal_code,
            city,
            mobile_phone,
            landline_phone,
            fax,
            nda,
            website,
            legal_representative,
        }),
        _ => Err(issues),
    }
}

/// The two documents of the online certifier (SPEC F1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentKind {
    Kbis,
    ConsentLetter,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 2] = [DocumentKind::Kbis, DocumentKind::ConsentLetter];

    /// The word that agrees with the document's gender: «Kbis contrôlé», «Lettre de
    /// consentement contrôlée».
    pub fn agree(self, masculine: &'static str, feminine: &'static str) -> &'static str {
        match self {
            DocumentKind::Kbis => masculine,
            DocumentKind::ConsentLetter => feminine,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Kbis => "kbis",
            DocumentKind::ConsentLetter => "consent_letter",
        }
    }

    pub fn parse(s: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            DocumentKind::Kbis => "Kbis",
            DocumentKind::ConsentLetter => "Lettre de consentement",
        }
    }

    /// «le Kbis», «la lettre de consentement» (Kbis keeps its capital).
    pub fn with_article_fr(self) -> &'static str {
        match self {
            DocumentKind::Kbis => "le Kbis",
            DocumentKind::ConsentLetter => "la lettre de consentement",
        }
    }

    /// The guide's line for a document not provided yet: «Vous devez fournir la lettre de
    /// consentement».
    pub fn required_fr(self) -> String {
        format!("Vous devez fournir {}", self.with_article_fr())
    }
}

/// Review status of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentStatus {
    /// «En attente de contrôle».
    Pending,
    /// «Contrôlé le …».
    Accepted,
    /// «Refusé le … : motif».
    Rejected,
}

/// A reviewer's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewDecision {
    Accept,
    Reject { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("only a document awaiting review can be reviewed")]
    NotPending,
    #[error("a rejection needs a reason")]
    ReasonRequired,
}

impl DocumentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentStatus::Pending => "pending",
            DocumentStatus::Accepted => "accepted",
            DocumentStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<DocumentStatus> {
        [
            DocumentStatus::Pending,
            DocumentStatus::Accepted,
            DocumentStatus::Rejected,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }

    /// The one review transition: only `pending` is reviewed; a rejection carries a reason.
    pub fn review(self, decision: &ReviewDecision) -> Result<DocumentStatus, ReviewError> {
        if self != DocumentStatus::Pending {
            return Err(ReviewError::NotPending);
        }
        match decision {
            ReviewDecision::Accept => Ok(DocumentStatus::Accepted),
            ReviewDecision::Reject { reason } if reason.trim().is_empty() => {
                Err(ReviewError::ReasonRequired)
            }
            ReviewDecision::Reject { .. } => Ok(DocumentStatus::Rejected),
        }
    }
}

/// One reason why certification is blocked, limited to upload mode, or warned about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReadinessItem {
    NoLegalRepresentative,
    NoLogo,
    NoStamp,
    NotCertifier,
    UserNotCertifier,
    DesignationPending,
    DesignationRejected,
    KbisMissing,
    KbisPending,
    KbisRejected,
    ConsentLetterMissing,
    ConsentLetterPending,
    ConsentLetterRejected,
}

impl ReadinessItem {
    pub fn message_fr(self) -> &'static str {
        match self {
            ReadinessItem::NoLegalRepresentative => {
                "Renseignez le nom du représentant légal dans «\u{a0}Votre identité\u{a0}»."
            }
            ReadinessItem::NoLogo => {
                "Ajoutez le logo de votre organisme dans «\u{a0}Votre identité\u{a0}»."
            }
            ReadinessItem::NoStamp => {
                "Aucun cachet n'est enregistré\u{a0}: la certification étant valide, le process suit son cours."
            }
            ReadinessItem::NotCertifier => {
                "Cochez «\u{a0}Je suis certificateur\u{a0}» pour la certification 100 % dématérialisée."
            }
            ReadinessItem::UserNotCertifier => {
                "Votre compte n'est pas désigné certificateur de l'organisme."
            }
            ReadinessItem::DesignationPending => {
                "Désignation en attente de contrôle par votre Transitions Pro"
            }
            ReadinessItem::DesignationRejected => "Désignation refusée par votre Transitions Pro",
            ReadinessItem::KbisMissing => "Vous devez fournir le Kbis.",
            ReadinessItem::KbisPending => {
                "Le Kbis est en attente de contrôle par votre Transitions Pro."
            }
            ReadinessItem::KbisRejected => "Le Kbis a été refusé\u{a0}: déposez-en un nouveau.",
            ReadinessItem::ConsentLetterMissing => "Vous devez fournir la lettre de consentement.",
            ReadinessItem::ConsentLetterPending => {
                "La lettre de consentement est en attente de contrôle par votre Transitions Pro."
            }
            ReadinessItem::ConsentLetterRejected => {
                "La lettre de consentement a été refusée\u{a0}: déposez-en une nouvelle."
            }
        }
    }
}

/// What readiness is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadinessFacts {
    pub legal_representative: bool,
    pub logo: bool,
    pub stamp: bool,
    /// «Je suis certificateur» ticked for the organisation.
    pub certifier: bool,
    /// The acting user's current designation as certifier (`None`: not designated).
    pub designation: Option<DesignationStatus>,
    pub kbis: Option<DocumentStatus>,
    pub consent_letter: Option<DocumentStatus>,
}

/// Certification readiness (SPEC F1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Readiness {
    /// Certification is impossible until these are fixed.
    pub blocking: Vec<ReadinessItem>,
    /// Shown, not blocking.
    pub warnings: Vec<ReadinessItem>,
    /// Why online (100 % dématérialisée) certification is not available; empty when it is.
    pub online_missing: Vec<ReadinessItem>,
    pub online_available: bool,
}

fn document_item(
    status: Option<DocumentStatus>,
    missing: ReadinessItem,
    pending: ReadinessItem,
    rejected: ReadinessItem,
) -> Option<ReadinessItem> {
    match status {
        None => Some(missing),
        Some(DocumentStatus::Pending) => Some(pending),
        Some(DocumentStatus::Rejected) => Some(rejected),
        Some(DocumentStatus::Accepted) => None,
    }
}

/// Computes readiness from the facts.
pub fn readiness(f: ReadinessFacts) -> Readiness {
    let mut blocking = Vec::new();
    if !f.legal_representative {
        blocking.push(ReadinessItem::NoLegalRepresentative);
    }
    if !f.logo {
        blocking.push(ReadinessItem::NoLogo);
    }
    let mut online_missing = Vec::new();
    if !f.certifier {
        online_missing.push(ReadinessItem::NotCertifier);
    }
    online_missing.extend(document_item(
        f.kbis,
        ReadinessItem::KbisMissing,
        ReadinessItem::KbisPending,
        ReadinessItem::KbisRejected,
    ));
    online_missing.extend(document_item(
        f.consent_letter,
        ReadinessItem::ConsentLetterMissing,
        ReadinessItem::ConsentLetterPending,
        ReadinessItem::ConsentLetterRejected,
    ));
    if !f.stamp {
        online_missing.push(ReadinessItem::NoStamp);
    }
    online_missing.extend(match f.designation {
        None | Some(DesignationStatus::Withdrawn) => Some(ReadinessItem::UserNotCertifier),
        Some(DesignationStatus::Pending) => Some(ReadinessItem::DesignationPending),
        Some(DesignationStatus::Rejected) => Some(ReadinessItem::DesignationRejected),
        Some(DesignationStatus::Accepted) => None,
    });
    let warnings = if f.stamp {
        Vec::new()
    } else {
        vec![ReadinessItem::NoStamp]
    };
    let online_available = blocking.is_empty() && online_missing.is_empty();
    Readiness {
        blocking,
        warnings,
        online_missing,
        online_available,
    }
}

#[cfg(test)]
mod tests {
    use super::DocumentStatus as D;
    use super::ReadinessItem as R;
    use super::*;

    #[test]
    fn documents_are_named_as_the_guide_names_them() {
        assert_eq!(DocumentKind::Kbis.label_fr(), "Kbis");
        assert_eq!(
            DocumentKind::Kbis.required_fr(),
            "Vous devez fournir le Kbis"
        );
        assert_eq!(
            DocumentKind::ConsentLetter.required_fr(),
            "Vous devez fournir la lettre de consentement"
        );
    }

    fn full() -> ReadinessFacts {
        ReadinessFacts {
            legal_representative: true,
            logo: true,
            stamp: true,
            certifier: true,
            designation: Some(DesignationStatus::Accepted),
            kbis: Some(D::Accepted),
            consent_letter: Some(D::Accepted),
        }
    }

    #[test]
    fn everything_provided_allows_online_certification() {
        let r = readiness(full());
        assert!(
            r.online_available
                && r.blocking.is_empty()
                && r.warnings.is_empty()
                && r.online_missing.is_empty()
        );
    }

    #[test]
    fn no_legal_representative_or_no_logo_blocks() {
        let r = readiness(ReadinessFacts {
            legal_representative: false,
            ..full()
        });
        assert_eq!(r.blocking, vec![R::NoLegalRepresentative]);
        assert!(!r.online_available);
        let r = readiness(ReadinessFacts {
            logo: false,
            legal_representative: false,
            ..full()
        });
        assert_eq!(r.blocking, vec![R::NoLegalRepresentative, R::NoLogo]);
    }

    #[test]
    fn no_stamp_only_warns_in_upload_mode_but_prevents_online() {
        let r = readiness(ReadinessFacts {
            stamp: false,
            ..full()
        });
        assert!(r.blocking.is_empty());
        assert_eq!(r.warnings, vec![R::NoStamp]);
        assert_eq!(r.online_missing, vec![R::NoStamp]);
        assert!(!r.online_available);
    }

    #[test]
    fn every_document_state_says_what_is_missing() {
        for (kbis, item) in [
            (None, Some(R::KbisMissing)),
            (Some(D::Pending), Some(R::KbisPending)),
            (Some(D::Rejected), Some(R::KbisRejected)),
            (Some(D::Accepted), None),
        ] {
            let r = readiness(ReadinessFacts { kbis, ..full() });
            assert_eq!(r.online_missing, item.into_iter().collect::<Vec<_>>());
            assert_eq!(r.online_available, item.is_none());
        }
        for (consent, item) in [
            (None, R::ConsentLetterMissing),
            (Some(D::Pending), R::ConsentLetterPending),
            (Some(D::Rejected), R::ConsentLetterRejected),
        ] {
            let r = readiness(ReadinessFacts {
                consent_letter: consent,
                ..full()
            });
            assert_eq!(r.online_missing, vec![item]);
        }
    }

    #[test]
    fn certifier_box_and_acting_user_are_both_needed_online() {
        let r = readiness(ReadinessFacts {
            certifier: false,
            ..full()
        });
        assert_eq!(r.online_missing, vec![R::NotCertifier]);
        let r = readiness(ReadinessFacts {
            designation: None,
            ..full()
        });
        assert_eq!(r.online_missing, vec![R::UserNotCertifier]);
        assert!(r.blocking.is_empty(), "upload mode still works");
    }

    #[test]
    fn only_an_accepted_designation_of_the_acting_user_allows_online_certification() {
        for (designation, item) in [
            (None, Some(R::UserNotCertifier)),
            (
                Some(DesignationStatus::Withdrawn),
                Some(R::UserNotCertifier),
            ),
            (
                Some(DesignationStatus::Pending),
                Some(R::DesignationPending),
            ),
            (
                Some(DesignationStatus::Rejected),
                Some(R::DesignationRejected),
            ),
            (Some(DesignationStatus::Accepted), None),
        ] {
            let r = readiness(ReadinessFacts {
                designation,
                ..full()
            });
            assert_eq!(r.online_missing, item.into_iter().collect::<Vec<_>>());
            assert_eq!(r.online_available, item.is_none());
            assert!(r.blocking.is_empty());
        }
    }

    #[test]
    fn only_a_pending_document_is_reviewed_and_a_rejection_needs_a_reason() {
        assert_eq!(D::Pending.review(&ReviewDecision::Accept), Ok(D::Accepted));
        assert_eq!(
            D::Pending.review(&ReviewDecision::Reject {
                reason: "Illisible".into()
            }),
            Ok(D::Rejected)
        );
        assert_eq!(
            D::Pending.review(&ReviewDecision::Reject {
                reason: "  ".into()
            }),
            Err(ReviewError::ReasonRequired)
        );
        assert_eq!(
            D::Accepted.review(&ReviewDecision::Accept),
            Err(ReviewError::NotPending)
        );
        assert_eq!(
            D::Rejected.review(&ReviewDecision::Accept),
            Err(ReviewError::NotPending)
        );
    }

    #[test]
    fn identity_fields_are_checked_all_at_once() {
        let bad = IdentityInput {
            name: " ".into(),
            email: "pas-une-adresse".into(),
            postal_code: "7500".into(),
            mobile_phone: "06 12".into(),
            landline_phone: "01 44 00 00 00".into(),
            fax: "abc".into(),
            nda: "123".into(),
            website: "pas un site".into(),
            ..Default::default()
        };
        let issues = validate_identity(&bad).expect_err("invalid");
        let fields: Vec<&str> = issues.iter().map(|i| i.field).collect();
        assert_eq!(
            fields,
            vec![
                "name",
                "email",
                "postal_code",
                "mobile_phone",
                "fax",
                "nda",
                "website"
            ]
        );
    }

    #[test]
    fn identity_names_follow_the_label_rule() {
        let issues = validate_identity(&IdentityInput {
            name: "Formapro\u{202E}".into(),
            email: "contact@formapro.test".into(),
            city: "Paris\u{200B}".into(),
            legal_representative: "Jean\u{2066}Lefèvre".into(),
            ..Default::default()
        })
        .expect_err("refused");
        let got: Vec<(&str, &str)> = issues.iter().map(|i| (i.field, i.code)).collect();
        assert_eq!(
            got,
            vec![
                ("name", "invalid_characters"),
                ("city", "invalid_characters"),
                ("legal_representative", "invalid_characters")
            ]
        );
        let ok = validate_identity(&IdentityInput {
            name: "Institut  Lumie\u{300}re\r\n".into(),
            email: "contact@formapro.test".into(),
            legal_representative: " Zoé\tD'Hôtel ".into(),
            ..Default::default()
        })
        .expect("valid");
        assert_eq!(ok.name, "Institut Lumière");
        assert_eq!(ok.legal_representative.as_deref(), Some("Zoé D'Hôtel"));
    }

    #[test]
    fn a_valid_identity_is_normalised() {
        let ok = validate_identity(&IdentityInput {
            name: " Formapro Conseil ".into(),
            email: "Contact@Formapro.test".into(),
            postal_code: "75 005".into(),
            mobile_phone: "06.12.34.56.78".into(),
            landline_phone: "+262 262 12 34 56".into(),
            nda: "11 75 55555 75".into(),
            website: "www.formapro.test".into(),
            legal_representative: "Jean Lefèvre".into(),
            ..Default::default()
        })
        .expect("valid");
        assert_eq!(ok.name, "Formapro Conseil");
        assert_eq!(ok.email.as_str(), "contact@formapro.test");
        assert_eq!(ok.postal_code.as_deref(), Some("75005"));
        assert_eq!(ok.mobile_phone.as_deref(), Some("06 12 34 56 78"));
        assert_eq!(ok.landline_phone.as_deref(), Some("+262262123456"));
        assert_eq!(ok.nda.map(|n| n.to_string()), Some("11755555575".into()));
        assert_eq!(ok.website.as_deref(), Some("https://www.formapro.test"));
        assert_eq!(ok.address, None);
    }
}

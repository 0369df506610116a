//! The OF's identity as typed and validated («Votre identité»): every field checked at once.

use std::borrow::Cow;

use crate::{Email, FieldCode, Label, LabelError, Nda};

use super::fields::{parse_phone, parse_postal_code, parse_website};

/// A field that failed its rule: stable code + French message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    pub field: &'static str,
    pub code: FieldCode,
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
        issue(
            "email",
            FieldCode::Required,
            "L'adresse e-mail est obligatoire.",
        );
        None
    } else {
        let e = Email::parse(&input.email).ok();
        if e.is_none() {
            issue(
                "email",
                FieldCode::InvalidEmail,
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
                FieldCode::InvalidPostalCode,
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
                    FieldCode::InvalidPhone,
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
                FieldCode::InvalidNda,
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
                FieldCode::InvalidWebsite,
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

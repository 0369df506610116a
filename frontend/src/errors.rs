//! French messages for the API's stable error codes.

use realis_api_types::{ConflictReason, ErrorCode, FieldCode, Problem};

/// What went wrong with a call, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct UiError {
    pub code: Option<ErrorCode>,
    /// Which conflict, for a 409 that says.
    pub conflict: Option<ConflictReason>,
    pub message: String,
    pub fields: Vec<(String, String)>,
}

pub fn message_for(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::MalformedRequest => "La requête est mal formée.",
        ErrorCode::ValidationFailed => "Certains champs ne sont pas valides.",
        ErrorCode::MissingToken | ErrorCode::InvalidToken => {
            "Votre session a expiré. Merci de vous reconnecter."
        }
        ErrorCode::InsufficientScope => {
            "Cette clé d’API n’a pas le droit de faire cette action (voir ses autorisations)."
        }
        ErrorCode::AddressNotAllowed => {
            "Cette clé d’API ne peut pas être utilisée depuis cette adresse."
        }
        ErrorCode::InvalidCredentials => "Identifiant ou mot de passe incorrect.",
        ErrorCode::AccountDisabled => "Ce compte est désactivé. Contactez votre Transitions Pro.",
        ErrorCode::OrganisationDisabled => {
            "L'accès de votre organisme a été désactivé par votre Transitions Pro. Contactez-la pour le rétablir."
        }
        ErrorCode::Forbidden => "Vous n'avez pas accès à cette action.",
        ErrorCode::NotFound => "Élément introuvable.",
        ErrorCode::Conflict => "Les données ont été modifiées entre-temps. Rechargez la page.",
        ErrorCode::InvalidLink => {
            "Ce lien n'est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau."
        }
        ErrorCode::RateLimited => "Trop de tentatives. Merci de patienter avant de réessayer.",
        ErrorCode::PayloadTooLarge => "Le fichier ou les données envoyées sont trop volumineux.",
        ErrorCode::UnsupportedMediaType => "Ce type de fichier n'est pas accepté.",
        ErrorCode::MethodNotAllowed => "Action non permise.",
        ErrorCode::CodeExpired => {
            "Ce code n'est plus valable (expiré, déjà utilisé, remplacé ou heures modifiées). Demandez un nouveau code."
        }
        ErrorCode::WrongCode => "Code incorrect.",
        ErrorCode::OnlineLocked => {
            "La certification en ligne de ce mois est bloquée après trop de codes erronés. Déposez le certificat signé ou contactez votre Transitions Pro."
        }
        ErrorCode::InvalidIdempotencyKey | ErrorCode::IdempotencyKeyReused => {
            "La requête est mal formée."
        }
        ErrorCode::IdempotencyKeyInProgress => {
            "Votre demande précédente est encore en cours. Patientez un instant puis rechargez la page."
        }
        ErrorCode::PreconditionFailed | ErrorCode::PreconditionRequired => {
            "Les données ont été modifiées entre-temps. Rechargez la page."
        }
        ErrorCode::Internal => "Une erreur inattendue est survenue. Réessayez plus tard.",
        ErrorCode::Unavailable => "Le service est momentanément indisponible.",
    }
}

/// What a conflict (409) means for the person who met it, and what to do.
pub fn conflict_message(reason: ConflictReason) -> &'static str {
    match reason {
        ConflictReason::StaleVersion => message_for(ErrorCode::Conflict),
        ConflictReason::WrongStatus => {
            "Cette action n'est plus possible dans l'état actuel du mois. Rechargez la page pour voir ce qui a changé."
        }
        ConflictReason::AlreadyReviewed => {
            "Ce document a déjà été examiné, peut-être par un collègue. Rechargez la page."
        }
        ConflictReason::NotLocked => {
            "La certification en ligne de ce mois n'est pas bloquée\u{a0}: il n'y a rien à débloquer. Rechargez la page."
        }
        ConflictReason::NoCertificate => {
            "Ce mois n'a pas de certificat à valider ou à contester (il a peut-être été rouvert entre-temps). Rechargez la page."
        }
        ConflictReason::NotTransmittable => {
            "Un des mois sélectionnés n'est plus prêt à être transmis\u{a0}: rien n'a été transmis. Rechargez la liste, puis recommencez."
        }
        ConflictReason::AuditChainBroken => {
            "Le journal d'audit ne se vérifie plus\u{a0}: aucun point de contrôle n'a été publié. Prévenez l'équipe technique."
        }
        ConflictReason::BatchMonthChanged => {
            "Un des mois du lot a été modifié depuis sa constitution\u{a0}: rien n'a été certifié. Refaites la sélection, puis recommencez."
        }
    }
}

impl UiError {
    /// A message of the page itself, before any call (an empty required field…).
    pub fn local(message: impl Into<String>) -> UiError {
        UiError {
            code: None,
            conflict: None,
            message: message.into(),
            fields: vec![],
        }
    }

    pub fn network() -> UiError {
        UiError::local("Le serveur ne répond pas. Vérifiez votre connexion.")
    }

    pub fn from_problem(p: Problem) -> UiError {
        let mut message = match (p.code, p.conflict) {
            (ErrorCode::Conflict, Some(reason)) => conflict_message(reason),
            (code, _) => message_for(code),
        }
        .to_owned();
        if let (ErrorCode::RateLimited, Some(secs)) = (p.code, p.retry_after) {
            message = format!("Trop de tentatives. Réessayez dans {}.", wait_fr(secs));
        }
        let fields = p
            .errors
            .into_iter()
            .map(|e| (e.field, field_message(e.code, &e.message)))
            .collect();
        UiError {
            code: Some(p.code),
            conflict: p.conflict,
            message,
            fields,
        }
    }

    /// A file that could not be fetched: says so, with the reason.
    pub fn download_failed(cause: UiError) -> UiError {
        UiError {
            message: format!(
                "Le téléchargement du fichier a échoué\u{a0}: {}",
                cause.message
            ),
            ..cause
        }
    }

    pub fn popup_blocked() -> UiError {
        UiError::local(
            "Votre navigateur a bloqué l'ouverture du fichier dans un nouvel onglet\u{a0}: autorisez les fenêtres de ce site, ou utilisez «\u{a0}Télécharger\u{a0}».",
        )
    }

    pub fn from_status(status: u16) -> UiError {
        UiError::local(format!("Erreur inattendue du serveur ({status})."))
    }
}

/// What a person reads next to a refused field: the message sent with the error, or the code's
/// own French message where it says it better (a short password: the hint under the field says
/// the rest; a body of the wrong shape: the server's text is for developers) or none came.
fn field_message(code: FieldCode, sent: &str) -> String {
    match code {
        FieldCode::TooShort | FieldCode::InvalidBody => code.message_fr().to_owned(),
        _ if sent.trim().is_empty() => code.message_fr().to_owned(),
        _ => sent.to_owned(),
    }
}

fn wait_fr(secs: u64) -> String {
    if secs < 60 {
        realis_domain::fr::count(secs, "seconde", "secondes")
    } else {
        let m = secs.div_ceil(60);
        realis_domain::fr::count(m, "minute", "minutes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conflict(reason: Option<ConflictReason>) -> UiError {
        let p: Problem = serde_json::from_value(serde_json::json!({
            "type": "https://realis.test/problems/conflict", "title": "Conflict",
            "status": 409, "detail": "conflict", "code": "conflict", "conflict": reason,
        }))
        .expect("a problem");
        UiError::from_problem(p)
    }

    #[test]
    fn each_conflict_has_its_own_french_message() {
        let stale = conflict(Some(ConflictReason::StaleVersion));
        assert_eq!(stale.message, message_for(ErrorCode::Conflict));
        assert_eq!(stale.conflict, Some(ConflictReason::StaleVersion));
        assert_eq!(conflict(None).message, message_for(ErrorCode::Conflict));
        assert!(
            conflict(Some(ConflictReason::WrongStatus))
                .message
                .starts_with("Cette action n'est plus possible dans l'état actuel du mois.")
        );
        assert!(
            conflict(Some(ConflictReason::AlreadyReviewed))
                .message
                .contains("déjà été examiné")
        );
        let all = [
            ConflictReason::StaleVersion,
            ConflictReason::WrongStatus,
            ConflictReason::AlreadyReviewed,
            ConflictReason::NotLocked,
            ConflictReason::NoCertificate,
            ConflictReason::NotTransmittable,
            ConflictReason::AuditChainBroken,
            ConflictReason::BatchMonthChanged,
        ];
        let messages: std::collections::BTreeSet<&str> =
            all.into_iter().map(conflict_message).collect();
        assert_eq!(messages.len(), all.len(), "one message per conflict");
    }

    #[test]
    fn a_field_error_shows_its_message_unless_the_code_says_it_better() {
        let p: Problem = serde_json::from_value(serde_json::json!({
            "type": "https://realis.test/problems/validation-failed", "title": "Validation failed",
            "status": 422, "detail": "invalid", "code": "validation_failed",
            "errors": [
                {"field": "new_password", "code": "too_short", "message": "Entre 12 et 128."},
                {"field": "body", "code": "invalid_body", "message": "missing field `x`"},
                {"field": "siret", "code": "invalid_siret", "message": "SIRET invalide."},
                {"field": "email", "code": "required", "message": ""},
            ],
        }))
        .expect("a problem");
        let fields = UiError::from_problem(p).fields;
        assert_eq!(
            fields,
            [
                (
                    "new_password".to_owned(),
                    "Au moins 12 caractères.".to_owned()
                ),
                ("body".to_owned(), "Données invalides.".to_owned()),
                ("siret".to_owned(), "SIRET invalide.".to_owned()),
                ("email".to_owned(), "Ce champ est obligatoire.".to_owned()),
            ]
        );
    }

    #[test]
    fn waits_read_in_french() {
        assert_eq!(wait_fr(1), "1\u{a0}seconde");
        assert_eq!(wait_fr(30), "30\u{a0}secondes");
        assert_eq!(wait_fr(61), "2\u{a0}minutes");
    }
}

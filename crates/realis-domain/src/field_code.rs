//! The stable codes of field errors (`FieldError.code` of a 422 problem): one closed enum, so that
//! the server names every refusal with a variant and the SPA matches on it, never on a string.
//! Each code has its wire name (`code()`, the same as its serde name) and a default French
//! message (`message_fr()`), for when the message sent with the error is not the one to show.

use crate::organisation::ReadinessItem;
use crate::password::PasswordError;
use crate::search::SearchError;
use crate::training::CertificationCodeError;
use crate::webhook::UrlRefusal;

/// Defines a closed enum of stable codes from one table `Variant => "wire_name", message;`: the
/// serde name of each variant is its wire name, and `ALL`, `code()` and `message_fr()` follow.
macro_rules! stable_codes {
    (
        $(#[doc = $doc:tt])*
        pub enum $name:ident {
            $($variant:ident => $code:tt, $message:expr;)*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $(
                #[serde(rename = $code)]
                $variant,
            )*
        }

        impl $name {
            /// Every code, in the order of the table.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The wire name (`too_short`…), stable across releases.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            /// A default French message, for a person.
            pub fn message_fr(self) -> &'static str {
                match self {
                    $($name::$variant => $message,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use stable_codes;

stable_codes! {
    /// Why a field was refused: the stable, machine-readable `code` of a field error (branch on
    /// it; `message` is the French text for this occurrence). Readiness codes (`no_logo`…) name
    /// what stops certification, on the field `organisation`.
    pub enum FieldCode {
        // Any field.
        Required => "required", "Ce champ est obligatoire.";
        TooLong => "too_long", "Ce champ est trop long.";
        InvalidCharacters => "invalid_characters",
            "Ce champ contient un caractère de contrôle ou de mise en forme invisible\u{a0}: retirez-le.";
        Unprintable => "unprintable",
            "Ce champ contient des caractères qui ne peuvent pas être imprimés sur le certificat (alphabet latin uniquement).";
        InvalidBody => "invalid_body", "Données invalides.";
        InvalidPeriod => "invalid_period", "Période au format AAAA-MM.";
        OutOfRange => "out_of_range", "Cette valeur est en dehors des limites permises.";
        InvalidEmail => "invalid_email", "L'adresse e-mail n'est pas valide.";
        EmailTaken => "email_taken", "Un compte existe déjà avec cette adresse e-mail.";
        InvalidRole => "invalid_role", "Ce rôle n'est pas possible ici.";
        InvalidDecision => "invalid_decision",
            "La décision doit être «\u{a0}accept\u{a0}» ou «\u{a0}reject\u{a0}».";
        InvalidKind => "invalid_kind", "Type de document inconnu.";
        ReasonRequired => "reason_required", "Indiquez le motif.";
        CannotDisableSelf => "cannot_disable_self",
            "Vous ne pouvez pas désactiver votre propre compte.";
        // Passwords and searches.
        TooShort => "too_short", "Au moins 12 caractères.";
        Repetitive => "repetitive", PasswordError::Repetitive.message_fr();
        Personal => "personal", PasswordError::Personal.message_fr();
        Common => "common", PasswordError::Common.message_fr();
        Unchanged => "unchanged", PasswordError::Unchanged.message_fr();
        WrongPassword => "wrong_password", "Le mot de passe actuel est incorrect.";
        QueryTooLong => "query_too_long", SearchError::TooLong.message_fr();
        QueryTooManyWords => "query_too_many_words", SearchError::TooManyWords.message_fr();
        // Trainings.
        InvalidCertificationCode => "invalid_certification_code",
            CertificationCodeError::Format.message_fr();
        NotPositive => "not_positive", "Indiquez un nombre d'heures prévues supérieur à zéro.";
        TooManyHours => "too_many_hours",
            "Une formation ne peut pas prévoir plus de 10\u{a0}000 heures.";
        // Organisations.
        InvalidSiret => "invalid_siret",
            "Le numéro de SIRET n'est pas valide (14 chiffres, clé de contrôle).";
        SiretTaken => "siret_taken", "Un organisme existe déjà avec ce numéro de SIRET.";
        SiretNotChanged => "siret_not_changed",
            "La modification du numéro de SIRET n'est pas autorisée\u{a0}: il reste inchangé.";
        InvalidPostalCode => "invalid_postal_code", "Le code postal doit comporter 5 chiffres.";
        InvalidPhone => "invalid_phone",
            "Le numéro doit comporter 10 chiffres (ex. 01 23 45 67 89) ou commencer par +.";
        InvalidNda => "invalid_nda", "Le numéro de déclarant doit comporter 11 chiffres.";
        InvalidWebsite => "invalid_website",
            "L'adresse du site web n'est pas valide (ex. www.exemple.fr).";
        // Dossiers.
        NumberTaken => "number_taken", "Ce numéro de dossier existe déjà.";
        ExternalRefTaken => "external_ref_taken",
            "Un autre dossier de cet organisme porte déjà cette référence externe.";
        UnknownOrganisation => "unknown_organisation", "Organisme inconnu.";
        OrganisationDisabled => "organisation_disabled", "Cet organisme est désactivé.";
        UnknownTraining => "unknown_training",
            "Cette formation n'est pas au catalogue de l'organisme choisi.";
        TrainingTitleMismatch => "training_title_mismatch",
            "L'intitulé diffère de celui de la formation choisie\u{a0}: laissez-le vide.";
        BeforeStart => "before_start", "La fin de session précède son début.";
        // Hours, the grid and its CSV file.
        Negative => "negative", "Les heures ne peuvent pas être négatives.";
        TooPrecise => "too_precise", "Deux décimales au plus (ex. 7,25).";
        TooLarge => "too_large", "Valeur trop grande.";
        InvalidHours => "invalid_hours", "Ce n'est pas un nombre d'heures.";
        WrongGranularity => "wrong_granularity",
            "Ces heures ne suivent pas la saisie du dossier (mois, jour ou demi-journée).";
        MonthNotOpen => "month_not_open",
            "La saisie n'est pas disponible\u{a0}: le mois n'a pas commencé.";
        MonthOverCapacity => "month_over_capacity",
            "Le total dépasse 24 heures par jour de session du mois.";
        OutsideSession => "outside_session", "Ce jour est en dehors de la session.";
        OutsideMonth => "outside_month", "Ce jour n'appartient pas au mois saisi.";
        DuplicateDate => "duplicate_date", "Ce jour figure deux fois.";
        DayOver24h => "day_over_24h", "Le total de la journée ne peut pas dépasser 24 heures.";
        HalfDayOver12h => "half_day_over_12h", "Une demi-journée ne peut pas dépasser 12 heures.";
        NotUtf8 => "not_utf8", "Le fichier doit être enregistré en UTF-8 (CSV UTF-8).";
        InvalidCsv => "invalid_csv", "Une ligne du fichier CSV n'est pas valide.";
        // Files.
        EmptyFile => "empty_file", "Le fichier est vide.";
        InvalidImage => "invalid_image", "L'image est illisible ou incomplète.";
        ImageTooLarge => "image_too_large", "L'image est trop grande.";
        InvalidPdf => "invalid_pdf", "Le PDF est illisible ou n'est pas accepté.";
        TooManyFiles => "too_many_files", "Trop de fichiers.";
        // Certification.
        UseCode => "use_code", "La certification en ligne se fait avec le code envoyé par e-mail.";
        MonthInProgress => "month_in_progress",
            "Le mois n'est pas terminé\u{a0}: la certification sera possible à partir du dernier jour de session du mois.";
        WrongCode => "wrong_code", "Code incorrect.";
        NoDraft => "no_draft",
            "Ce mois n'a pas de projet de certificat\u{a0}: cochez d'abord «\u{a0}Je certifie la saisie des heures\u{a0}».";
        TooManyCertificates => "too_many_certificates",
            "Trop de certificats pour cette période\u{a0}: choisissez un organisme.";
        NoLegalRepresentative => "no_legal_representative",
            ReadinessItem::NoLegalRepresentative.message_fr();
        NoLogo => "no_logo", ReadinessItem::NoLogo.message_fr();
        NoStamp => "no_stamp", ReadinessItem::NoStamp.message_fr();
        NotCertifier => "not_certifier", ReadinessItem::NotCertifier.message_fr();
        UserNotCertifier => "user_not_certifier", ReadinessItem::UserNotCertifier.message_fr();
        DesignationPending => "designation_pending",
            ReadinessItem::DesignationPending.message_fr();
        DesignationRejected => "designation_rejected",
            ReadinessItem::DesignationRejected.message_fr();
        KbisMissing => "kbis_missing", ReadinessItem::KbisMissing.message_fr();
        KbisPending => "kbis_pending", ReadinessItem::KbisPending.message_fr();
        KbisRejected => "kbis_rejected", ReadinessItem::KbisRejected.message_fr();
        ConsentLetterMissing => "consent_letter_missing",
            ReadinessItem::ConsentLetterMissing.message_fr();
        ConsentLetterPending => "consent_letter_pending",
            ReadinessItem::ConsentLetterPending.message_fr();
        ConsentLetterRejected => "consent_letter_rejected",
            ReadinessItem::ConsentLetterRejected.message_fr();
        // Follow-up and messages.
        InvalidAmount => "invalid_amount", "Montant en centimes, supérieur à zéro.";
        NotInSession => "not_in_session", "Cette période n'est pas dans la session du dossier.";
        DossierRequired => "dossier_required", "Choisissez le dossier du mois concerné.";
        NotTheDossierOrganisation => "not_the_dossier_organisation",
            "Ce dossier relève d'un autre organisme.";
        // Integrations: batches, lists walked by cursor, webhooks.
        TooManyItems => "too_many_items", "500 mois au plus par envoi.";
        DuplicateItem => "duplicate_item", "Ce mois figure déjà plus haut dans l'envoi.";
        InvalidCursor => "invalid_cursor",
            "Curseur inconnu : reprenez avec le `next_cursor` de la page précédente.";
        CursorWithFilters => "cursor_with_filters",
            "Le curseur et `updated_since` ne se combinent ni avec `page` ni avec la recherche.";
        UnknownParameter => "unknown_parameter",
            "Ce paramètre n'existe pas pour cette adresse.";
        InvalidUrl => "invalid_url", UrlRefusal::Invalid.message_fr();
        HttpsRequired => "https_required", UrlRefusal::NotHttps.message_fr();
        PrivateAddress => "private_address", UrlRefusal::PrivateAddress.message_fr();
        UnresolvableHost => "unresolvable_host", UrlRefusal::Unresolvable.message_fr();
        TooManyWebhooks => "too_many_webhooks",
            "10 webhooks au plus par utilisateur : supprimez-en un d'abord.";
        ScopeNotAllowed => "scope_not_allowed",
            "Choisissez au moins une autorisation parmi celles de votre rôle.";
        InvalidExpiry => "invalid_expiry",
            "Choisissez une date d'expiration à venir, dans un an au plus.";
        InvalidAddress => "invalid_address",
            "Adresses IP ou plages CIDR (192.0.2.0/24), 20 au plus.";
        TooManyApiKeys => "too_many_api_keys",
            "20 clés au plus par utilisateur : supprimez-en une d'abord.";
        // Certification batches (issue #13).
        TooManyMonths => "too_many_months", "200 mois au plus par lot de certification.";
        MonthChanged => "month_changed",
            "Ce mois a été modifié depuis la constitution du lot : refaites la sélection.";
        NotCertifiable => "not_certifiable",
            "Ce mois ne peut pas être certifié maintenant : sa saisie doit être certifiée et le mois terminé.";
        ScanMissing => "scan_missing",
            "Joignez le certificat signé de ce mois avant de certifier le lot.";
    }
}

impl From<ReadinessItem> for FieldCode {
    /// A readiness item that stops an action, as the code of its field error.
    fn from(item: ReadinessItem) -> FieldCode {
        match item {
            ReadinessItem::NoLegalRepresentative => FieldCode::NoLegalRepresentative,
            ReadinessItem::NoLogo => FieldCode::NoLogo,
            ReadinessItem::NoStamp => FieldCode::NoStamp,
            ReadinessItem::NotCertifier => FieldCode::NotCertifier,
            ReadinessItem::UserNotCertifier => FieldCode::UserNotCertifier,
            ReadinessItem::DesignationPending => FieldCode::DesignationPending,
            ReadinessItem::DesignationRejected => FieldCode::DesignationRejected,
            ReadinessItem::KbisMissing => FieldCode::KbisMissing,
            ReadinessItem::KbisPending => FieldCode::KbisPending,
            ReadinessItem::KbisRejected => FieldCode::KbisRejected,
            ReadinessItem::ConsentLetterMissing => FieldCode::ConsentLetterMissing,
            ReadinessItem::ConsentLetterPending => FieldCode::ConsentLetterPending,
            ReadinessItem::ConsentLetterRejected => FieldCode::ConsentLetterRejected,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_code_serialises_as_its_wire_name_and_has_a_french_message() {
        for &code in FieldCode::ALL {
            let json = serde_json::to_value(code).expect("serialise");
            assert_eq!(json, serde_json::json!(code.code()), "{code:?}");
            let back: FieldCode = serde_json::from_value(json).expect("deserialise");
            assert_eq!(back, code);
            assert!(!code.message_fr().trim().is_empty(), "{code:?}");
        }
    }

    #[test]
    fn wire_names_are_unique_snake_case() {
        let names: BTreeSet<&str> = FieldCode::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(names.len(), FieldCode::ALL.len());
        for name in names {
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{name}"
            );
        }
    }

    #[test]
    fn a_readiness_item_keeps_its_name_as_a_field_code() {
        for &item in ReadinessItem::ALL {
            let code = FieldCode::from(item);
            assert_eq!(
                serde_json::to_value(item).ok(),
                serde_json::to_value(code).ok()
            );
            assert_eq!(code.message_fr(), item.message_fr());
        }
    }
}

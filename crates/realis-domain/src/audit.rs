//! The audited actions: one name per thing a person (or the system) did, stored in the audit
//! chain as its stable snake_case name, with the kind of object it acts on and, for the steps of
//! a month, the French label of the evidence page; and a record and a signed checkpoint of the
//! chain as the store reads them back.

use chrono::{DateTime, Utc};

use crate::Role;

/// One audited action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    LoginSucceeded,
    LoginFailed,
    LoggedOut,
    SessionRefreshed,
    SessionRefreshRefused,
    RefreshTokenReused,
    PasswordResetRequested,
    PasswordSet,
    UserInvited,
    UserUpdated,
    AccountDisabled,
    AccountEnabled,
    FunderCreated,
    FunderSettingsUpdated,
    OrganisationCreated,
    IdentityUpdated,
    LogoUploaded,
    LogoDeleted,
    StampUploaded,
    StampDeleted,
    DocumentUploaded,
    DocumentReviewed,
    CertifierDesignated,
    CertifierWithdrawn,
    CertifierReviewed,
    DossierCreated,
    ExternalRefSet,
    HoursSaved,
    HoursImported,
    HoursPrepared,
    SignedCertificateUploaded,
    SignedCertificateDeleted,
    AttendanceSheetUploaded,
    AttendanceSheetDeleted,
    CodeSent,
    CodeFailed,
    OnlineCertificationLocked,
    OnlineCertificationUnlocked,
    Certified,
    Validated,
    Contested,
    Reopened,
    Closed,
    LockedPaid,
    PaymentRecorded,
    Transmitted,
    ConversationStarted,
    MessagePosted,
    MessageAttachmentAdded,
    TrainingCreated,
    TrainingUpdated,
    DossierDocumentAdded,
    DossierDocumentDeleted,
    DocumentPublished,
    PublishedDocumentDeleted,
    DemoLoaded,
    ProfileUpdated,
    PasswordChanged,
    PasswordChangeRefused,
    OrganisationCorrected,
    SiretCorrected,
    OrganisationDeactivated,
    OrganisationReactivated,
    WebhookCreated,
    WebhookUpdated,
    WebhookDeleted,
    WebhookDisabled,
    ApiKeyCreated,
    ApiKeyRevoked,
    LateOrganisationReminded,
}

/// The kinds of objects an action acts on (the audit record's `object_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditObject {
    User,
    Funder,
    Organisation,
    OrganisationDocument,
    CertifierDesignation,
    Dossier,
    Month,
    Conversation,
    Training,
    Webhook,
    ApiKey,
    Platform,
}

impl AuditObject {
    pub const ALL: [AuditObject; 12] = [
        AuditObject::User,
        AuditObject::Funder,
        AuditObject::Organisation,
        AuditObject::OrganisationDocument,
        AuditObject::CertifierDesignation,
        AuditObject::Dossier,
        AuditObject::Month,
        AuditObject::Conversation,
        AuditObject::Training,
        AuditObject::Webhook,
        AuditObject::ApiKey,
        AuditObject::Platform,
    ];

    pub fn parse(name: &str) -> Option<AuditObject> {
        AuditObject::ALL.into_iter().find(|o| o.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AuditObject::User => "user",
            AuditObject::Funder => "funder",
            AuditObject::Organisation => "organisation",
            AuditObject::OrganisationDocument => "organisation_document",
            AuditObject::CertifierDesignation => "certifier_designation",
            AuditObject::Dossier => "dossier",
            AuditObject::Month => "month",
            AuditObject::Conversation => "conversation",
            AuditObject::Training => "training",
            AuditObject::Webhook => "webhook",
            AuditObject::ApiKey => "api_key",
            AuditObject::Platform => "platform",
        }
    }
}

macro_rules! names {
    ($($variant:ident => $name:literal, $object:ident;)*) => {
        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant),*];

            /// The stored name (`hours_saved`…), stable across releases.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $name,)*
                }
            }

            /// What the action acts on.
            pub fn object(self) -> AuditObject {
                match self {
                    $(AuditAction::$variant => AuditObject::$object,)*
                }
            }

            pub fn parse(name: &str) -> Option<AuditAction> {
                match name {
                    $($name => Some(AuditAction::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

names! {
    LoginSucceeded => "login_succeeded", User;
    LoginFailed => "login_failed", User;
    LoggedOut => "logged_out", User;
    SessionRefreshed => "session_refreshed", User;
    SessionRefreshRefused => "session_refresh_refused", User;
    RefreshTokenReused => "refresh_token_reused", User;
    PasswordResetRequested => "password_reset_requested", User;
    PasswordSet => "password_set", User;
    UserInvited => "user_invited", User;
    UserUpdated => "user_updated", User;
    AccountDisabled => "account_disabled", User;
    AccountEnabled => "account_enabled", User;
    FunderCreated => "funder_created", Funder;
    FunderSettingsUpdated => "funder_settings_updated", Funder;
    OrganisationCreated => "organisation_created", Organisation;
    IdentityUpdated => "identity_updated", Organisation;
    LogoUploaded => "logo_uploaded", Organisation;
    LogoDeleted => "logo_deleted", Organisation;
    StampUploaded => "stamp_uploaded", Organisation;
    StampDeleted => "stamp_deleted", Organisation;
    DocumentUploaded => "document_uploaded", OrganisationDocument;
    DocumentReviewed => "document_reviewed", OrganisationDocument;
    CertifierDesignated => "certifier_designated", User;
    CertifierWithdrawn => "certifier_withdrawn", User;
    CertifierReviewed => "certifier_reviewed", CertifierDesignation;
    DossierCreated => "dossier_created", Dossier;
    ExternalRefSet => "external_ref_set", Dossier;
    HoursSaved => "hours_saved", Month;
    HoursImported => "hours_imported", Month;
    HoursPrepared => "hours_prepared", Month;
    SignedCertificateUploaded => "signed_certificate_uploaded", Month;
    SignedCertificateDeleted => "signed_certificate_deleted", Month;
    AttendanceSheetUploaded => "attendance_sheet_uploaded", Month;
    AttendanceSheetDeleted => "attendance_sheet_deleted", Month;
    CodeSent => "code_sent", Month;
    CodeFailed => "code_failed", Month;
    OnlineCertificationLocked => "online_certification_locked", Month;
    OnlineCertificationUnlocked => "online_certification_unlocked", Month;
    Certified => "certified", Month;
    Validated => "validated", Month;
    Contested => "contested", Month;
    Reopened => "reopened", Month;
    Closed => "closed", Month;
    LockedPaid => "locked_paid", Month;
    PaymentRecorded => "payment_recorded", Dossier;
    Transmitted => "transmitted", Month;
    ConversationStarted => "conversation_started", Conversation;
    MessagePosted => "message_posted", Conversation;
    MessageAttachmentAdded => "message_attachment_added", Conversation;
    TrainingCreated => "training_created", Training;
    TrainingUpdated => "training_updated", Training;
    DossierDocumentAdded => "dossier_document_added", Dossier;
    DossierDocumentDeleted => "dossier_document_deleted", Dossier;
    DocumentPublished => "document_published", Funder;
    PublishedDocumentDeleted => "published_document_deleted", Funder;
    DemoLoaded => "demo_loaded", Platform;
    ProfileUpdated => "profile_updated", User;
    PasswordChanged => "password_changed", User;
    PasswordChangeRefused => "password_change_refused", User;
    OrganisationCorrected => "organisation_corrected", Organisation;
    SiretCorrected => "siret_corrected", Organisation;
    OrganisationDeactivated => "organisation_deactivated", Organisation;
    OrganisationReactivated => "organisation_reactivated", Organisation;
    WebhookCreated => "webhook_created", Webhook;
    WebhookUpdated => "webhook_updated", Webhook;
    WebhookDeleted => "webhook_deleted", Webhook;
    WebhookDisabled => "webhook_disabled", Webhook;
    ApiKeyCreated => "api_key_created", ApiKey;
    ApiKeyRevoked => "api_key_revoked", ApiKey;
    LateOrganisationReminded => "late_organisation_reminded", Organisation;
}

impl AuditAction {
    /// The French label of a step of a month on the evidence page (`None` for other actions).
    pub fn month_label_fr(self) -> Option<&'static str> {
        use AuditAction as A;
        Some(match self {
            A::HoursSaved => "Heures enregistrées",
            A::HoursImported => "Heures importées (fichier CSV)",
            A::HoursPrepared => {
                "«\u{a0}Je certifie la saisie des heures\u{a0}»\u{a0}: heures figées, projet de certificat"
            }
            A::SignedCertificateUploaded => "Certificat signé joint",
            A::SignedCertificateDeleted => "Certificat signé supprimé",
            A::AttendanceSheetUploaded => "Attestation de présence jointe",
            A::AttendanceSheetDeleted => "Attestation de présence supprimée",
            A::CodeSent => "Code de vérification envoyé par e-mail",
            A::CodeFailed => "Code de vérification erroné",
            A::OnlineCertificationLocked => {
                "Certification en ligne bloquée (trop de codes erronés)"
            }
            A::OnlineCertificationUnlocked => "Certification en ligne débloquée",
            A::Certified => "Certification effectuée",
            A::Validated => "Heures validées",
            A::Contested => "Heures contestées",
            A::Reopened => "Mois rouvert par le financeur",
            A::Transmitted => "Heures transmises",
            A::Closed => "Mois clos par le financeur",
            A::LockedPaid => "Saisie fermée\u{a0}: règlement enregistré",
            _ => return None,
        })
    }
}

/// One record of the audit chain as it was stored: who did what to which object, when and from
/// where, with the hashes that chain it (the store computes and checks them; the evidence page
/// shows them so that anyone can compare). Its data is not kept, only `data_hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The user who acted; also the account a failed login or a password link named.
    pub actor_user_id: Option<i64>,
    /// The acting user's role (absent for a failed login, a password set from a link, the
    /// platform's own actions).
    pub actor_role: Option<Role>,
    pub organisation_id: Option<i64>,
    pub funder_id: Option<i64>,
    pub action: AuditAction,
    /// The kind of object acted on (absent for the platform's own actions).
    pub object_type: Option<AuditObject>,
    /// Its id (absent when a failed login named no account).
    pub object_id: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// SHA-256 (hex) of the action's data as compact JSON.
    pub data_hash: String,
    /// The previous record's hash.
    pub prev_hash: String,
    /// The keyed hash of this record's fields after `prev_hash`.
    pub hash: String,
}

/// A signed checkpoint of the audit chain: «the chain from the first record to `last_id` held,
/// had `count` records and ended with `head_hash`, checked at `at`», signed by `mac` under a key
/// the database does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub id: i64,
    pub last_id: i64,
    pub head_hash: String,
    pub count: i64,
    pub at: DateTime<Utc>,
    pub mac: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_and_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(*a));
            assert!(seen.insert(a.as_str()), "{a:?}");
        }
        assert_eq!(AuditAction::parse("nothing"), None);
    }

    #[test]
    fn every_object_kind_reads_back() {
        for o in AuditObject::ALL {
            assert_eq!(AuditObject::parse(o.as_str()), Some(o));
        }
        assert_eq!(AuditObject::parse("nothing"), None);
    }

    #[test]
    fn each_step_of_a_month_has_a_french_label() {
        for a in AuditAction::ALL {
            assert_eq!(
                a.month_label_fr().is_some(),
                a.object() == AuditObject::Month,
                "{a:?}"
            );
        }
    }
}

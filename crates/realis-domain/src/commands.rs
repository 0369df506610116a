//! What a user may ask of a month, and the one rule that says which requests a role may make now.
//!
//! The API lists these commands in `MonthView.allowed_actions`; the SPA shows a button only for a
//! command listed there, and each use case refuses a command this rule does not allow.

use serde::{Deserialize, Serialize};

use crate::Role;
use crate::followup::{Decision, Validator, decide};
use crate::status::{MonthAction, MonthStatus, ValidationSetting};

/// A request a user may make on a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MonthCommand {
    /// Save the month's hours (`PUT …/hours`): OF staff, while the month is open.
    SaveHours,
    /// Import the hours from a CSV file (`POST …/hours/import`): OF staff, while the month is open.
    ImportCsv,
    /// Prepare the certificate (`POST …/prepare`): OF staff, on a draft or contested month.
    Prepare,
    /// Attach the signed scan or attendance sheets (`POST …/files`): OF staff, awaiting certification.
    AttachFiles,
    /// Certify by uploading the signed certificate (`POST …/certify`): OF staff, awaiting certification.
    CertifyUpload,
    /// Certify online with a code sent by e-mail (`POST …/code`): OF staff, awaiting certification,
    /// once the organisation is ready for online certification and the month is not locked.
    CertifyOnline,
    /// Validate the certified hours (`POST …/validation`): the beneficiary or employer whose turn it is.
    Validate,
    /// Contest the certified hours, with a comment: the beneficiary or employer whose turn it is.
    Contest,
    /// Reopen the month for the OF (`POST …/reopen`): funder agent.
    Reopen,
    /// Close the month (`POST …/close`): funder agent.
    Close,
    /// Lift the lock left by too many wrong codes (`POST …/unlock-online`): funder agent.
    UnlockOnline,
}

impl MonthCommand {
    /// The wire name (`save_hours`…).
    pub fn as_str(self) -> &'static str {
        match self {
            MonthCommand::SaveHours => "save_hours",
            MonthCommand::ImportCsv => "import_csv",
            MonthCommand::Prepare => "prepare",
            MonthCommand::AttachFiles => "attach_files",
            MonthCommand::CertifyUpload => "certify_upload",
            MonthCommand::CertifyOnline => "certify_online",
            MonthCommand::Validate => "validate",
            MonthCommand::Contest => "contest",
            MonthCommand::Reopen => "reopen",
            MonthCommand::Close => "close",
            MonthCommand::UnlockOnline => "unlock_online",
        }
    }
}

/// What the rule needs to know of a month, beyond its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthFacts {
    pub status: MonthStatus,
    /// Online certification locked after too many wrong codes.
    pub online_locked: bool,
    /// The organisation meets every condition of online certification (logo, cachet, Kbis,
    /// consent letter, certifier): the readiness shown to OF staff.
    pub online_ready: bool,
    /// The validation flow recorded with the month's current certificate.
    pub validations: ValidationSetting,
}

/// The commands `role` may issue on the month now, in the order the screens show them.
pub fn allowed_commands(role: Role, facts: &MonthFacts) -> Vec<MonthCommand> {
    let status = facts.status;
    let mut commands = Vec::new();
    match role {
        Role::Organisation => {
            if status.hours_editable() {
                commands.extend([MonthCommand::SaveHours, MonthCommand::ImportCsv]);
            }
            if status.apply(MonthAction::Prepare).is_ok() {
                commands.push(MonthCommand::Prepare);
            }
            if status == MonthStatus::AwaitingCertification {
                commands.extend([MonthCommand::AttachFiles, MonthCommand::CertifyUpload]);
                if !facts.online_locked && facts.online_ready {
                    commands.push(MonthCommand::CertifyOnline);
                }
            }
        }
        Role::Beneficiary | Role::Employer => {
            let turn = Validator::of_role(role).is_some_and(|who| {
                decide(status, facts.validations, who, Decision::Validate, None).is_ok()
            });
            if turn {
                commands.extend([MonthCommand::Validate, MonthCommand::Contest]);
            }
        }
        Role::Funder => {
            for (action, command) in [
                (MonthAction::Reopen, MonthCommand::Reopen),
                (MonthAction::Close, MonthCommand::Close),
            ] {
                if status.apply(action).is_ok() {
                    commands.push(command);
                }
            }
            if facts.online_locked {
                commands.push(MonthCommand::UnlockOnline);
            }
        }
        _ => {}
    }
    commands
}

/// Whether `role` may issue `command` on the month now.
pub fn may(role: Role, facts: &MonthFacts, command: MonthCommand) -> bool {
    allowed_commands(role, facts).contains(&command)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(status: MonthStatus) -> MonthFacts {
        MonthFacts {
            status,
            online_locked: false,
            online_ready: false,
            validations: ValidationSetting::default(),
        }
    }

    #[test]
    fn the_wire_names_are_the_serde_names() {
        for c in [
            MonthCommand::SaveHours,
            MonthCommand::ImportCsv,
            MonthCommand::Prepare,
            MonthCommand::AttachFiles,
            MonthCommand::CertifyUpload,
            MonthCommand::CertifyOnline,
            MonthCommand::Validate,
            MonthCommand::Contest,
            MonthCommand::Reopen,
            MonthCommand::Close,
            MonthCommand::UnlockOnline,
        ] {
            let back: MonthCommand =
                serde::Deserialize::deserialize(serde::de::value::StrDeserializer::<
                    serde::de::value::Error,
                >::new(c.as_str()))
                .expect("wire name");
            assert_eq!(back, c);
        }
    }

    #[test]
    fn an_open_month_lets_the_of_enter_hours_and_prepare() {
        use MonthCommand::*;
        assert_eq!(
            allowed_commands(Role::Organisation, &facts(MonthStatus::Draft)),
            vec![SaveHours, ImportCsv, Prepare]
        );
        assert!(allowed_commands(Role::Beneficiary, &facts(MonthStatus::Draft)).is_empty());
    }

    #[test]
    fn online_certification_needs_readiness_and_no_lock() {
        use MonthCommand::*;
        let mut f = facts(MonthStatus::AwaitingCertification);
        assert!(!may(Role::Organisation, &f, CertifyOnline));
        assert!(may(Role::Organisation, &f, CertifyUpload));
        f.online_ready = true;
        assert!(may(Role::Organisation, &f, CertifyOnline));
        f.online_locked = true;
        assert!(!may(Role::Organisation, &f, CertifyOnline));
        assert!(may(Role::Funder, &f, UnlockOnline));
        assert!(!may(
            Role::Funder,
            &facts(MonthStatus::AwaitingCertification),
            UnlockOnline
        ));
    }

    #[test]
    fn the_employer_validates_only_after_the_beneficiary_when_both_are_asked() {
        let mut f = facts(MonthStatus::AwaitingBeneficiary);
        f.validations = ValidationSetting::Both;
        assert!(may(Role::Beneficiary, &f, MonthCommand::Validate));
        assert!(!may(Role::Employer, &f, MonthCommand::Validate));
        f.status = MonthStatus::AwaitingEmployer;
        assert!(may(Role::Employer, &f, MonthCommand::Contest));
        assert!(!may(Role::Beneficiary, &f, MonthCommand::Validate));
    }
}

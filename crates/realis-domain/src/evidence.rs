//! Rules of the evidence trail (SPEC F11, QUALITY S8, S12): what each party sees of the audit
//! records, and how a chain that does not hold is described.

use serde::{Deserialize, Serialize};

use crate::Role;

/// Whether `reader` sees the IP addresses and user agents recorded in the audit log. The OF and
/// the funder keep them as evidence; the beneficiary and the employer see who did what and when
/// (the certifier consented to the IP being recorded, not to it being shown to them).
pub fn sees_network_traces(reader: Role) -> bool {
    matches!(reader, Role::Organisation | Role::Funder)
}

/// Whether `reader` sees the beneficiary's e-mail address on a dossier: not the employer.
pub fn sees_beneficiary_email(reader: Role) -> bool {
    matches!(
        reader,
        Role::Organisation | Role::Funder | Role::Beneficiary | Role::Admin
    )
}

/// Steps whose IP was recorded with the certifier's consent (online certification): only these
/// IPs are shown, even to the OF and the funder.
pub fn ip_recorded_with_consent(action: &str) -> bool {
    matches!(action, "code_sent" | "code_failed" | "certified")
}

/// Why the audit chain, or a month's part of it, does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainBreak {
    /// The record's hash is not the keyed hash of its fields: it was altered, or re-hashed by
    /// someone without the key.
    RecordAltered,
    /// The record does not follow the one before it: a record was deleted or inserted there.
    RecordMissing,
    /// The chain no longer reaches a signed checkpoint: records were removed from its end, or it
    /// was rebuilt below the checkpoint.
    CheckpointMismatch,
    /// A checkpoint's signature does not verify: it was written without the key.
    CheckpointForged,
    /// A certificate of the month has no certification record in the chain.
    CertificateUnrecorded,
}

impl ChainBreak {
    pub fn as_str(self) -> &'static str {
        match self {
            ChainBreak::RecordAltered => "record_altered",
            ChainBreak::RecordMissing => "record_missing",
            ChainBreak::CheckpointMismatch => "checkpoint_mismatch",
            ChainBreak::CheckpointForged => "checkpoint_forged",
            ChainBreak::CertificateUnrecorded => "certificate_unrecorded",
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            ChainBreak::RecordAltered => "un enregistrement a été modifié",
            ChainBreak::RecordMissing => "un enregistrement a été supprimé ou inséré",
            ChainBreak::CheckpointMismatch => {
                "la chaîne ne rejoint plus un point de contrôle signé (fin du journal supprimée ou chaîne refaite)"
            }
            ChainBreak::CheckpointForged => "un point de contrôle n'est pas authentique",
            ChainBreak::CertificateUnrecorded => {
                "un certificat du mois n'a pas d'enregistrement de certification dans le journal"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_of_and_the_funder_see_network_traces() {
        let seen: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| sees_network_traces(*r))
            .collect();
        assert_eq!(seen, vec![Role::Organisation, Role::Funder]);
    }

    #[test]
    fn the_employer_alone_does_not_see_the_beneficiary_email() {
        let hidden: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| !sees_beneficiary_email(*r))
            .collect();
        assert_eq!(hidden, vec![Role::Employer]);
    }
}

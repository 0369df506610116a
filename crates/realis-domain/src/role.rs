//! The roles of SPEC §2.

use serde::{Deserialize, Serialize};

/// What an account is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// Staff of an organisme de formation.
    Organisation,
    /// The trainee.
    Beneficiary,
    /// The trainee's employer.
    Employer,
    /// A Transitions Pro agent.
    Funder,
    /// Platform operator.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Organisation,
        Role::Beneficiary,
        Role::Employer,
        Role::Funder,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Organisation => "organisation",
            Role::Beneficiary => "beneficiary",
            Role::Employer => "employer",
            Role::Funder => "funder",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// French name shown in the portal header.
    pub fn label_fr(self) -> &'static str {
        match self {
            Role::Organisation => "Organisme",
            Role::Beneficiary => "Bénéficiaire",
            Role::Employer => "Employeur",
            Role::Funder => "Transitions Pro",
            Role::Admin => "Administration",
        }
    }

    /// What the person is, as «Mon compte» says it.
    pub fn account_label_fr(self) -> &'static str {
        match self {
            Role::Organisation => "Utilisateur d'un organisme de formation",
            Role::Beneficiary => "Bénéficiaire",
            Role::Employer => "Employeur",
            Role::Funder => "Agent de Transitions Pro",
            Role::Admin => "Administrateur de la plateforme",
        }
    }

    /// Whether the daily digest e-mail exists for this role (the months an OF has to enter or
    /// certify): «Mon compte» offers to turn it off only where it comes.
    pub fn has_daily_digest(self) -> bool {
        self == Role::Organisation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn only_of_users_receive_a_daily_digest_and_every_role_has_an_account_label() {
        let with: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.has_daily_digest())
            .collect();
        assert_eq!(with, [Role::Organisation]);
        let labels: std::collections::HashSet<&str> =
            Role::ALL.into_iter().map(Role::account_label_fr).collect();
        assert_eq!(labels.len(), Role::ALL.len());
    }
}

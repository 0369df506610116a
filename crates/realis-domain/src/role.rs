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
}

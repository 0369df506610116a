//! Who may do what: small guards used by every use case. A foreign resource is `NotFound`,
//! exactly like a missing one (SPEC §2).

use realis_domain::Role;

use crate::{Actor, AppError};

impl Actor {
    /// The actor's organisation, if the actor is OF staff.
    pub fn own_organisation(&self) -> Result<i64, AppError> {
        match (self.role, self.organisation_id) {
            (Role::Organisation, Some(id)) => Ok(id),
            _ => Err(AppError::Forbidden),
        }
    }

    /// The actor's funder, if the actor is a funder agent.
    pub fn own_funder(&self) -> Result<i64, AppError> {
        match (self.role, self.funder_id) {
            (Role::Funder, Some(id)) => Ok(id),
            _ => Err(AppError::Forbidden),
        }
    }

    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.role == role {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Turns a domain `FieldIssue` list into a validation error.
pub fn issues_to_error(issues: Vec<realis_domain::organisation::FieldIssue>) -> AppError {
    AppError::Validation(
        issues
            .into_iter()
            .map(|i| realis_api_types::FieldError {
                field: i.field.into(),
                code: i.code,
                message: i.message.into(),
            })
            .collect(),
    )
}

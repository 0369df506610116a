//! Whose dossiers an actor sees, and a dossier's funder, granularity and planned days.

use realis_domain::Role;
use realis_domain::dossier::Dossier;
use realis_domain::funder::Funder;
use realis_domain::grid::Granularity;
use realis_store::dossiers as store;
use realis_store::portfolio::{self, Scope};

use crate::{Actor, App, AppError};

/// Whose dossiers the actor sees.
pub fn scope_of(actor: &Actor) -> Option<Scope> {
    match actor.role {
        Role::Organisation => actor.organisation_id.map(Scope::Organisation),
        Role::Beneficiary => Some(Scope::Beneficiary(actor.user_id)),
        Role::Employer => Some(Scope::EmployerAccount(actor.user_id)),
        Role::Funder => actor.funder_id.map(Scope::Funder),
        Role::Admin => None,
    }
}

impl App {
    /// The SPA's page of a month, for links in e-mails.
    pub(crate) fn month_link(&self, dossier_id: i64, period: &str) -> String {
        format!(
            "{}/dossiers/{dossier_id}/mois/{period}",
            self.settings.public_url.trim_end_matches('/')
        )
    }

    pub(crate) async fn dossier_in_scope(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Dossier, AppError> {
        let scope = scope_of(actor).ok_or(AppError::NotFound)?;
        store::find_in_scope(&self.db.conn, scope, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    pub(crate) async fn funder_of(&self, d: &Dossier) -> Result<Funder, AppError> {
        portfolio::find_funder(&self.db.conn, d.funder_id)
            .await?
            .ok_or(AppError::NotFound)
    }

    pub(crate) fn granularity(d: &Dossier, f: &Funder) -> Granularity {
        d.granularity_or(f.settings.granularity)
    }
}

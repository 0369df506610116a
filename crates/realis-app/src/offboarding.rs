//! Offboarding: a funder agent disables or re-enables the beneficiary and employer accounts of
//! its dossiers and its fellow agents (never itself); the admin does so for funder agents.
//! Disabling revokes the account's tokens and unused links at once; a disabled account cannot
//! log in and receives no more requests.

use crate::unit::Audit;
use realis_api_types::{AccountPage, AccountView, SetAccountDisabledRequest};
use realis_domain::FieldCode;
use realis_domain::Role;
use realis_domain::audit::AuditAction;
use realis_domain::user::User;
use realis_store::users;
use realis_store::{accounts, portfolio};
use serde_json::json;

use crate::auth::RequestMeta;
use crate::shared::paging;
use crate::{Actor, App, AppError};

/// `?role=` of `GET /funder/users`: the roles an agent manages.
pub fn parse_managed_role(role: Option<&str>) -> Result<Option<Role>, AppError> {
    match role.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) => Role::parse(r)
            .filter(|r| matches!(r, Role::Beneficiary | Role::Employer | Role::Funder))
            .map(Some)
            .ok_or_else(|| {
                AppError::field(
                    "role",
                    FieldCode::InvalidRole,
                    "Le rôle doit être «\u{a0}beneficiary\u{a0}», «\u{a0}employer\u{a0}» ou «\u{a0}funder\u{a0}».",
                )
            }),
    }
}

impl App {
    async fn account_view(&self, u: &User) -> Result<AccountView, AppError> {
        let funder_name = match u.funder_id {
            Some(id) => portfolio::find_funder(&self.db.conn, id)
                .await?
                .map(|f| f.name),
            None => None,
        };
        Ok(AccountView {
            id: u.id,
            email: u.email.clone(),
            identifier: u.identifier.clone(),
            display_name: u.display_name.clone(),
            role: u.role,
            disabled: u.disabled,
            active: u.password_hash.is_some(),
            last_login_at: u.last_login_at,
            funder_name,
        })
    }

    async fn account_page(
        &self,
        (total, rows): (u64, Vec<User>),
        page: u64,
        per_page: u64,
    ) -> Result<AccountPage, AppError> {
        let mut items = Vec::with_capacity(rows.len());
        for u in &rows {
            items.push(self.account_view(u).await?);
        }
        Ok(AccountPage {
            items,
            total,
            page,
            per_page,
        })
    }

    /// `GET /funder/users?role=&q=&page=&per_page=`.
    pub async fn list_funder_accounts(
        &self,
        actor: &Actor,
        role: Option<&str>,
        q: &str,
        page: Option<u64>,
        per_page: Option<u64>,
    ) -> Result<AccountPage, AppError> {
        let funder = actor.own_funder()?;
        let role = parse_managed_role(role)?;
        let (page, per_page) = paging(page, per_page);
        let rows =
            accounts::list_for_funder(&self.db.conn, funder, role, q, page, per_page).await?;
        self.account_page(rows, page, per_page).await
    }

    /// `PUT /funder/users/{user_id}`: an account this funder manages, not the agent itself.
    pub async fn set_funder_account_disabled(
        &self,
        actor: &Actor,
        user_id: i64,
        req: &SetAccountDisabledRequest,
        meta: &RequestMeta,
    ) -> Result<AccountView, AppError> {
        // A path naming an account answers 404 to anyone but the agents who manage it.
        let funder = actor.own_funder().map_err(|_| AppError::NotFound)?;
        let target = accounts::find_for_funder(&self.db.conn, funder, user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.set_disabled(actor, target, req.disabled, meta).await
    }

    /// `GET /admin/users?q=&page=&per_page=`: funder agents.
    pub async fn list_agents(
        &self,
        actor: &Actor,
        q: &str,
        page: Option<u64>,
        per_page: Option<u64>,
    ) -> Result<AccountPage, AppError> {
        actor.require(Role::Admin)?;
        let (page, per_page) = paging(page, per_page);
        let rows = accounts::list_agents(&self.db.conn, q, page, per_page).await?;
        self.account_page(rows, page, per_page).await
    }

    /// `PUT /admin/users/{user_id}`: a funder agent.
    pub async fn set_agent_disabled(
        &self,
        actor: &Actor,
        user_id: i64,
        req: &SetAccountDisabledRequest,
        meta: &RequestMeta,
    ) -> Result<AccountView, AppError> {
        actor.require(Role::Admin).map_err(|_| AppError::NotFound)?;
        let target = users::find_by_id(&self.db.conn, user_id)
            .await?
            .filter(|u| u.role == Role::Funder)
            .ok_or(AppError::NotFound)?;
        self.set_disabled(actor, target, req.disabled, meta).await
    }

    async fn set_disabled(
        &self,
        actor: &Actor,
        target: User,
        disabled: bool,
        meta: &RequestMeta,
    ) -> Result<AccountView, AppError> {
        if disabled && target.id == actor.user_id {
            return Err(AppError::field(
                "disabled",
                FieldCode::CannotDisableSelf,
                "Vous ne pouvez pas désactiver votre propre compte.",
            ));
        }
        if disabled != target.disabled {
            let now = self.clock.now();
            let unit = self.unit().await?;
            users::set_disabled(unit.tx(), target.id, disabled, now).await?;
            let action = if disabled {
                AuditAction::AccountDisabled
            } else {
                AuditAction::AccountEnabled
            };
            unit.audit(
                actor,
                Audit::of(action, target.id)
                    .from(meta)
                    .data(json!({ "role": target.role, "email": target.email })),
            )
            .await?;
            unit.commit().await?;
            self.token_cache.forget(target.id);
        }
        let updated = users::find_by_id(&self.db.conn, target.id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.account_view(&updated).await
    }
}

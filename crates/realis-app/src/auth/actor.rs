//! Who is acting: the request's origin, the actor behind a token, «me».

use realis_api_types::{Me, SessionUser};
use realis_domain::Role;
use realis_domain::user::User;
use realis_store::{portfolio, users};

use super::token_cache::AccountState;
use crate::{App, AppError};

/// Where a request came from (for throttling and the audit log).
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// The authenticated user behind a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    pub funder_id: Option<i64>,
    pub organisation_id: Option<i64>,
    // An employer account's employers are not here: it may represent one per funder, and every
    // read goes through its links (`Scope::EmployerAccount`).
    /// The API key the request came with; `None` for a person's session.
    pub key: Option<KeyGrant>,
}

/// An API key acting for its user: which key, and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyGrant {
    pub id: i64,
    pub scopes: Vec<realis_domain::api_key::ApiScope>,
}

impl Actor {
    /// Whether the request may do what needs one of `scopes`: a session always, a key when it
    /// holds one of them.
    pub fn has_scope(&self, scopes: &[realis_domain::api_key::ApiScope]) -> bool {
        self.key
            .as_ref()
            .is_none_or(|k| k.scopes.iter().any(|s| scopes.contains(s)))
    }
}

pub(crate) fn actor_of(u: &User) -> Result<Actor, AppError> {
    let role = u.role;
    Ok(Actor {
        user_id: u.id,
        role,
        funder_id: u.funder_id,
        organisation_id: u.organisation_id,
        key: None,
    })
}

pub(crate) fn session_user(u: &User) -> Result<SessionUser, AppError> {
    let a = actor_of(u)?;
    Ok(SessionUser {
        id: u.id,
        role: a.role,
        display_name: u.display_name.clone(),
        organisation_id: u.organisation_id,
        funder_id: u.funder_id,
    })
}

impl App {
    /// Checks a bearer token and that its user still exists, is enabled and has not changed
    /// password or been disabled since (token version), and that the organisation of an OF user
    /// is not deactivated (`organisation_disabled`, said before the token version that the
    /// deactivation also bumped, so that the holder of a token learns why). The account is read
    /// through [`super::token_cache::TokenCache`]: at most once per account and cache lifetime,
    /// and again when a token is newer than what was read.
    pub async fn authenticate(&self, token: &str) -> Result<Actor, AppError> {
        let now = self.clock.now();
        let claims = self.jwt.verify(token, now.timestamp())?;
        let id: i64 = claims.sub.parse().map_err(|_| AppError::InvalidToken)?;
        let state = self.cached_account(id, claims.ver, now).await?;
        if state.disabled || state.role != claims.role {
            return Err(AppError::InvalidToken);
        }
        if !state.organisation_active {
            return Err(AppError::OrganisationDisabled);
        }
        if state.token_version != claims.ver {
            return Err(AppError::InvalidToken);
        }
        Ok(state.actor)
    }

    /// What a credential of `user_id` is checked against: from the cache when it was read
    /// recently and is not older than `version` (a token issued since reloads it).
    pub(crate) async fn cached_account(
        &self,
        user_id: i64,
        version: i32,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<AccountState, AppError> {
        if let Some(s) = self
            .token_cache
            .get(user_id, now)
            .filter(|s| s.token_version >= version)
        {
            return Ok(s);
        }
        let s = self.account_state(user_id).await?;
        self.token_cache.put(user_id, s.clone(), now);
        Ok(s)
    }

    /// What a token of `user_id` is checked against, read from the database.
    async fn account_state(&self, user_id: i64) -> Result<AccountState, AppError> {
        let user = users::find_by_id(&self.db.conn, user_id)
            .await?
            .ok_or(AppError::InvalidToken)?;
        let organisation_active = match self.check_organisation_active(&user).await {
            Ok(()) => true,
            Err(AppError::OrganisationDisabled) => false,
            Err(e) => return Err(e),
        };
        Ok(AccountState {
            token_version: user.token_version,
            disabled: user.disabled,
            role: user.role.as_str(),
            organisation_active,
            actor: actor_of(&user)?,
        })
    }

    /// `organisation_disabled` for a user of a deactivated organisation (one primary-key read,
    /// for OF users only).
    pub(crate) async fn check_organisation_active(&self, user: &User) -> Result<(), AppError> {
        let Some(org_id) = user.organisation_id else {
            return Ok(());
        };
        match portfolio::find_organisation(&self.db.conn, org_id).await? {
            Some(org) if !org.is_active() => Err(AppError::OrganisationDisabled),
            _ => Ok(()),
        }
    }

    /// `GET /me`.
    pub async fn me(&self, actor: &Actor) -> Result<Me, AppError> {
        let u = users::find_by_id(&self.db.conn, actor.user_id)
            .await?
            .ok_or(AppError::InvalidToken)?;
        let organisation_name = match u.organisation_id {
            Some(id) => portfolio::find_organisation(&self.db.conn, id)
                .await?
                .map(|o| o.name),
            None => None,
        };
        let funder_id = match (u.funder_id, u.organisation_id) {
            (Some(f), _) => Some(f),
            (None, Some(o)) => portfolio::find_organisation(&self.db.conn, o)
                .await?
                .map(|o| o.funder_id),
            _ => realis_store::accounts::funder_of_person(&self.db.conn, u.id).await?,
        };
        let funder = match funder_id {
            Some(id) => portfolio::find_funder(&self.db.conn, id).await?,
            None => None,
        };
        let (funder_name, site_url) = match funder {
            Some(f) => (Some(f.name), f.settings.website),
            None => (None, None),
        };
        Ok(Me {
            id: u.id,
            role: actor.role,
            display_name: u.display_name,
            email: u.email,
            identifier: u.identifier,
            organisation_id: u.organisation_id,
            organisation_name,
            funder_id: u.funder_id,
            funder_name,
            certifier: u.certifier,
            site_url,
            daily_digest: u.daily_digest,
            schemes: match crate::dossiers::scope_of(actor) {
                Some(scope) => realis_store::dossiers::schemes_in(&self.db.conn, scope).await?,
                None => Vec::new(),
            },
            unread_conversations: self.unread_threads(actor).await?,
        })
    }
}

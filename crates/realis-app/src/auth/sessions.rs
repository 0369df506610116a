//! Browser sessions that outlive an access token (#8 item 11): a login also opens a family of
//! refresh tokens, each refresh rotates it, a replayed old token revokes the family, and logout
//! ends it. The rules are `realis_domain::session`'s; this module runs them in one transaction.
//!
//! A refresh token is 256 random bits, hex-encoded, sent to the browser as an `HttpOnly` cookie;
//! only HMAC-SHA256 of it under a key derived from the server secret is stored. The successor of
//! a token is HMAC-SHA256 of it under another derived key: so two tabs refreshing at once with the
//! same cookie both receive the same successor (within the grace period) without the server ever
//! storing a token.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use realis_api_types::LoginResponse;
use realis_domain::audit::AuditAction;
use realis_domain::session::{RefreshFacts, RefreshToken, RefreshVerdict, decide_refresh};
use realis_domain::user::User;
use realis_store::sessions::{self, NewRefresh};
use realis_store::users;
use serde_json::json;

use super::actor::actor_of;
use crate::unit::{Audit, Unit};
use crate::{App, AppError, RequestMeta};

/// Purpose of the key under which refresh tokens are hashed for storage.
pub const REFRESH_HASH_PURPOSE: &str = "refresh-token";
/// Purpose of the key that derives a refresh token's successor from it.
pub const REFRESH_SUCCESSOR_PURPOSE: &str = "refresh-successor";
/// Refreshes per client address per minute (S9; every page load costs one, and an office behind
/// one address shares it).
pub const REFRESHES_PER_ADDRESS_PER_MINUTE: i32 = 120;

/// A refresh token for the browser and when it dies.
#[derive(Debug, Clone)]
pub struct RefreshGrant {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    /// Seconds from now to `expires_at` (the cookie's `Max-Age`).
    pub max_age_seconds: i64,
}

/// What a login or a refresh hands to a browser: a bearer token and the next refresh token.
#[derive(Debug, Clone)]
pub struct SessionGrant {
    pub access: LoginResponse,
    pub refresh: RefreshGrant,
}

impl App {
    /// `POST /auth/login` from a browser: [`App::login`] plus a new refresh family.
    pub async fn login_session(
        &self,
        login: &str,
        password: &str,
        meta: &RequestMeta,
    ) -> Result<SessionGrant, AppError> {
        let user = self.check_login(login, password, meta).await?;
        let refresh = self.open_family(&user).await?;
        Ok(SessionGrant {
            access: self.access_token(&user)?,
            refresh,
        })
    }

    pub(crate) async fn open_family(&self, user: &User) -> Result<RefreshGrant, AppError> {
        let policy = self.settings.session;
        let token = random_hex::<32>();
        let unit = self.unit().await?;
        let now = unit.now();
        let expires_at = policy.expires_at(now, now);
        // The account's families past their absolute lifetime can no longer be used or
        // recognised: they go.
        sessions::purge_user(unit.tx(), user.id, now - policy.absolute).await?;
        sessions::insert(
            unit.tx(),
            NewRefresh {
                family: random_hex::<16>(),
                user_id: user.id,
                parent_id: None,
                token_hash: self.refresh_hash(&token),
                token_version: user.token_version,
                started_at: now,
                issued_at: now,
                expires_at,
            },
        )
        .await?;
        unit.commit().await?;
        Ok(grant(token, expires_at, now))
    }

    /// `POST /auth/refresh`: a new bearer token and the successor of the presented refresh token.
    ///
    /// The presented row is locked first, so concurrent refreshes with one token are decided one
    /// after the other: the first rotates, the others (within the grace period) get the same
    /// successor; a rotated token presented later revokes its family. Every refusal is
    /// `invalid_token`.
    pub async fn refresh_session(
        &self,
        token: &str,
        meta: &RequestMeta,
    ) -> Result<SessionGrant, AppError> {
        self.rate_limit(
            &format!("refresh-ip:{}", meta.ip.as_deref().unwrap_or("unknown")),
            REFRESHES_PER_ADDRESS_PER_MINUTE,
            Duration::minutes(1),
        )
        .await?;
        let policy = self.settings.session;
        let unit = self.unit().await?;
        let (txn, now) = (unit.tx(), unit.now());
        let Some(row) = sessions::lock_by_hash(txn, &self.refresh_hash(token)).await? else {
            return Err(AppError::InvalidToken);
        };
        let user = users::find_by_id(txn, row.user_id)
            .await?
            .ok_or(AppError::InvalidToken)?;
        let successor = match row.rotated_at {
            Some(_) => sessions::successor(txn, row.id).await?,
            None => None,
        };
        let facts = RefreshFacts {
            started_at: row.started_at,
            issued_at: row.issued_at,
            rotated_at: row.rotated_at,
            revoked: row.revoked_at.is_some(),
            account_unchanged: !user.disabled && user.token_version == row.token_version,
            successor_live: successor
                .as_ref()
                .is_some_and(|s| s.rotated_at.is_none() && s.revoked_at.is_none()),
        };
        let next = self.successor_token(token);
        let expires_at = match decide_refresh(facts, now, &policy) {
            RefreshVerdict::Rotate => {
                if !sessions::mark_rotated(txn, row.id, now).await? {
                    return Err(AppError::InvalidToken);
                }
                let expires_at = policy.expires_at(row.started_at, now);
                sessions::insert(
                    txn,
                    NewRefresh {
                        family: row.family.clone(),
                        user_id: row.user_id,
                        parent_id: Some(row.id),
                        token_hash: self.refresh_hash(&next),
                        token_version: row.token_version,
                        started_at: row.started_at,
                        issued_at: now,
                        expires_at,
                    },
                )
                .await?;
                audit_session(
                    &unit,
                    &user,
                    AuditAction::SessionRefreshed,
                    &row,
                    json!({}),
                    meta,
                )
                .await?;
                expires_at
            }
            RefreshVerdict::ReplaySuccessor => successor
                .filter(|s| s.token_hash == self.refresh_hash(&next))
                .map(|s| s.expires_at)
                .ok_or(AppError::InvalidToken)?,
            RefreshVerdict::Refuse {
                reason,
                revoke_family,
            } => {
                if revoke_family {
                    sessions::revoke_family(txn, &row.family, now).await?;
                }
                let action = match reason {
                    realis_domain::session::RefreshRefusal::Reused => {
                        AuditAction::RefreshTokenReused
                    }
                    _ => AuditAction::SessionRefreshRefused,
                };
                let data = json!({ "reason": reason.as_str(), "family_revoked": revoke_family });
                audit_session(&unit, &user, action, &row, data, meta).await?;
                unit.commit().await?;
                return Err(AppError::InvalidToken);
            }
        };
        unit.commit().await?;
        Ok(SessionGrant {
            access: self.access_token(&user)?,
            refresh: grant(next, expires_at, now),
        })
    }

    /// `POST /auth/logout`: revokes the family of the presented refresh token, if it is known.
    /// Bearer tokens already issued live on until they expire (an hour at most); the SPA forgets
    /// its own.
    pub async fn logout_session(
        &self,
        token: Option<&str>,
        meta: &RequestMeta,
    ) -> Result<(), AppError> {
        let Some(token) = token else {
            return Ok(());
        };
        let hash = self.refresh_hash(token);
        let Some(row) = sessions::find_by_hash(&self.db.conn, &hash).await? else {
            return Ok(());
        };
        if row.revoked_at.is_some() {
            return Ok(());
        }
        let unit = self.unit().await?;
        if sessions::revoke_family(unit.tx(), &row.family, unit.now()).await? > 0
            && let Some(user) = users::find_by_id(unit.tx(), row.user_id).await?
        {
            audit_session(&unit, &user, AuditAction::LoggedOut, &row, json!({}), meta).await?;
        }
        unit.commit().await?;
        Ok(())
    }

    /// The stored form of a refresh token: HMAC-SHA256 under its own derived key, hex.
    fn refresh_hash(&self, token: &str) -> String {
        hex::encode(self.jwt.keyed_hash(REFRESH_HASH_PURPOSE, token.as_bytes()))
    }

    /// The token that replaces `token` at its rotation.
    fn successor_token(&self, token: &str) -> String {
        hex::encode(
            self.jwt
                .keyed_hash(REFRESH_SUCCESSOR_PURPOSE, token.as_bytes()),
        )
    }
}

/// Audits `action` by `user` on its session `token`'s family.
async fn audit_session(
    unit: &Unit<'_>,
    user: &User,
    action: AuditAction,
    token: &RefreshToken,
    data: serde_json::Value,
    meta: &RequestMeta,
) -> Result<(), AppError> {
    let mut data = data;
    // The family's id, never a token or its hash.
    data["session"] = json!(token.family);
    let record = Audit::of(action, user.id).from(meta).data(data);
    unit.audit(&actor_of(user)?, record).await
}

fn grant(token: String, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> RefreshGrant {
    RefreshGrant {
        token,
        expires_at,
        max_age_seconds: (expires_at - now).num_seconds().max(0),
    }
}

fn random_hex<const N: usize>() -> String {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

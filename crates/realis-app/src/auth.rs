//! Login, who is acting, password reset and invitations.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use realis_api_types::{LoginResponse, Me, SessionUser};
use realis_domain::{Role, validate_new_password};
use realis_store::audit::{self, AuditEntry};
use realis_store::outbox::NewOutboxMail;
use realis_store::users::UserRow;
use realis_store::{portfolio, throttle, tokens as links, users};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::passwords::dummy_hash;
use crate::tokens::{AUDIENCE, Claims, ISSUER};
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
}

/// Failures per account before the growing delay starts (S2).
pub const ACCOUNT_FREE_FAILURES: i32 = 5;
/// Failed attempts per IP per minute (S2).
pub const IP_FAILURES_PER_MINUTE: i32 = 20;
const RESET_LINK_HOURS: i64 = 1;
const INVITATION_LINK_HOURS: i64 = 72;

fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn actor_of(u: &UserRow) -> Result<Actor, AppError> {
    let role = Role::parse(&u.role)
        .ok_or_else(|| AppError::Internal(format!("unknown role {}", u.role)))?;
    Ok(Actor {
        user_id: u.id,
        role,
        funder_id: u.funder_id,
        organisation_id: u.organisation_id,
    })
}

fn session_user(u: &UserRow) -> Result<SessionUser, AppError> {
    let a = actor_of(u)?;
    Ok(SessionUser {
        id: u.id,
        role: a.role,
        display_name: u.display_name.clone(),
        organisation_id: u.organisation_id,
        funder_id: u.funder_id,
    })
}

/// Seconds until `until`, at least 1.
fn seconds_until(until: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    u64::try_from((until - now).num_seconds())
        .unwrap_or(0)
        .max(1)
}

/// The delay after the n-th failure of an account: none for the first five, then 30 s doubling,
/// capped at 15 minutes.
pub fn account_delay(failures: i32) -> Option<Duration> {
    if failures < ACCOUNT_FREE_FAILURES {
        return None;
    }
    let exp = u32::try_from(failures - ACCOUNT_FREE_FAILURES)
        .unwrap_or(0)
        .min(5);
    Some(Duration::seconds((30i64 << exp).min(900)))
}

impl App {
    /// `POST /auth/login`.
    pub async fn login(
        &self,
        login: &str,
        password: &str,
        meta: &RequestMeta,
    ) -> Result<LoginResponse, AppError> {
        let now = self.clock.now();
        let account_key = format!("login:{}", login.trim().to_lowercase());
        let ip_key = meta.ip.as_ref().map(|ip| format!("ip:{ip}"));
        if let Some(until) = self.blocked_until(&account_key, now).await? {
            return Err(AppError::RateLimited {
                retry_after: seconds_until(until, now),
            });
        }
        let user = users::find_by_login(&self.db.conn, login).await?;
        let phc = user
            .as_ref()
            .and_then(|u| u.password_hash.clone())
            .unwrap_or_else(dummy_hash);
        let ok = self.hasher.verify(password.to_owned(), phc).await?
            && user.as_ref().is_some_and(|u| u.password_hash.is_some());
        if !ok {
            // The IP limit applies to failures only: a right password still gets in (S2).
            if let Some(key) = &ip_key
                && let Some(until) = self.blocked_until(key, now).await?
            {
                return Err(AppError::RateLimited {
                    retry_after: seconds_until(until, now),
                });
            }
        }
        let txn = self.db.begin_write().await?;
        if !ok {
            self.record_login_failure(&txn, &account_key, ip_key.as_deref(), now)
                .await?;
            audit::append(
                &txn,
                &self.audit_key,
                AuditEntry {
                    actor_user_id: user.as_ref().map(|u| u.id),
                    action: "login_failed".into(),
                    object_type: Some("user".into()),
                    object_id: user.as_ref().map(|u| u.id.to_string()),
                    ip: meta.ip.clone(),
                    user_agent: meta.user_agent.clone(),
                    data: json!({ "login_hash": sha256_hex(&login.trim().to_lowercase()) }),
                    ..Default::default()
                },
                now,
            )
            .await?;
            txn.commit().await?;
            return Err(AppError::InvalidCredentials);
        }
        let user = user.ok_or(AppError::InvalidCredentials)?;
        if user.disabled {
            txn.commit().await?;
            return Err(AppError::AccountDisabled);
        }
        throttle::clear(&txn, &account_key).await?;
        users::touch_login(&txn, user.id, now).await?;
        let actor = actor_of(&user)?;
        audit::append(
            &txn,
            &self.audit_key,
            AuditEntry {
                actor_user_id: Some(user.id),
                actor_role: Some(actor.role.as_str().into()),
                organisation_id: user.organisation_id,
                funder_id: user.funder_id,
                action: "login_succeeded".into(),
                object_type: Some("user".into()),
                object_id: Some(user.id.to_string()),
                ip: meta.ip.clone(),
                user_agent: meta.user_agent.clone(),
                data: json!({}),
            },
            now,
        )
        .await?;
        txn.commit().await?;
        let ttl = self.settings.token_ttl_seconds.min(3600);
        let claims = Claims {
            sub: user.id.to_string(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now.timestamp(),
            exp: now.timestamp() + i64::try_from(ttl).unwrap_or(3600),
            role: user.role.clone(),
            ver: user.token_version,
        };
        Ok(LoginResponse {
            access_token: self.jwt.sign(&claims)?,
            token_type: "Bearer".into(),
            expires_in: ttl,
            user: session_user(&user)?,
        })
    }

    async fn blocked_until(
        &self,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, AppError> {
        Ok(throttle::get(&self.db.conn, key)
            .await?
            .and_then(|r| r.blocked_until)
            .filter(|u| *u > now))
    }

    /// Counts a hit on `key`; over `limit` per `window` answers 429 with `Retry-After`.
    pub(crate) async fn rate_limit(
        &self,
        key: &str,
        limit: i32,
        window: Duration,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let prev = realis_store::throttle::get(&self.db.conn, key).await?;
        let (count, start) = match prev {
            Some(r) if now - r.window_start < window => (r.failures + 1, r.window_start),
            _ => (1, now),
        };
        if count > limit {
            let wait = (start + window - now).num_seconds().max(1);
            return Err(AppError::RateLimited {
                retry_after: u64::try_from(wait).unwrap_or(1),
            });
        }
        realis_store::throttle::put(&self.db.conn, key, count, start, None, now).await?;
        Ok(())
    }

    async fn record_login_failure(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        account_key: &str,
        ip_key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        // Account: failures within the last hour count; the delay grows after five.
        let prev = throttle::get(db, account_key).await?;
        let (failures, window_start) = match prev {
            Some(r) if now - r.window_start < Duration::hours(1) => {
                (r.failures + 1, r.window_start)
            }
            _ => (1, now),
        };
        let blocked = account_delay(failures).map(|d| now + d);
        throttle::put(db, account_key, failures, window_start, blocked, now).await?;
        // IP: at most 20 failures per minute.
        if let Some(ip_key) = ip_key {
            let prev = throttle::get(db, ip_key).await?;
            let (failures, window_start) = match prev {
                Some(r) if now - r.window_start < Duration::minutes(1) => {
                    (r.failures + 1, r.window_start)
                }
                _ => (1, now),
            };
            let blocked =
                (failures >= IP_FAILURES_PER_MINUTE).then(|| window_start + Duration::minutes(1));
            throttle::put(db, ip_key, failures, window_start, blocked, now).await?;
        }
        Ok(())
    }

    /// Checks a bearer token and that its user still exists, is enabled and has not changed
    /// password or been disabled since (token version).
    pub async fn authenticate(&self, token: &str) -> Result<Actor, AppError> {
        let claims = self.jwt.verify(token, self.clock.now().timestamp())?;
        let id: i64 = claims.sub.parse().map_err(|_| AppError::InvalidToken)?;
        let user = users::find_by_id(&self.db.conn, id)
            .await?
            .ok_or(AppError::InvalidToken)?;
        if user.disabled || user.token_version != claims.ver || user.role != claims.role {
            return Err(AppError::InvalidToken);
        }
        actor_of(&user)
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
            _ => None,
        };
        let funder_name = match funder_id {
            Some(id) => portfolio::find_funder(&self.db.conn, id)
                .await?
                .map(|f| f.name),
            None => None,
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
        })
    }

    /// `POST /auth/password/forgot`: always succeeds; mails a one-hour link when the account exists.
    pub async fn forgot_password(&self, login: &str, meta: &RequestMeta) -> Result<(), AppError> {
        let now = self.clock.now();
        let Some(user) = users::find_by_login(&self.db.conn, login).await? else {
            return Ok(());
        };
        if user.disabled {
            return Ok(());
        }
        let txn = self.db.begin_write().await?;
        let token = issue_link(&txn, user.id, "password_reset", RESET_LINK_HOURS, now).await?;
        let mail = realis_mail::PasswordReset {
            display_name: user.display_name.clone(),
            link: self.link("mot-de-passe/nouveau", &token),
        }
        .render();
        queue_mail(&txn, &user.email, mail, now).await?;
        audit::append(
            &txn,
            &self.audit_key,
            AuditEntry {
                actor_user_id: Some(user.id),
                actor_role: Some(user.role.clone()),
                action: "password_reset_requested".into(),
                object_type: Some("user".into()),
                object_id: Some(user.id.to_string()),
                ip: meta.ip.clone(),
                user_agent: meta.user_agent.clone(),
                data: json!({}),
                ..Default::default()
            },
            now,
        )
        .await?;
        txn.commit().await?;
        self.outbox_wakeup.notify_one();
        Ok(())
    }

    /// `POST /auth/password/reset`: consumes a reset or invitation link and sets the password.
    pub async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
        meta: &RequestMeta,
    ) -> Result<(), AppError> {
        validate_new_password(new_password).map_err(|e| {
            let code = match e {
                realis_domain::PasswordError::TooShort => "too_short",
                realis_domain::PasswordError::TooLong => "too_long",
            };
            AppError::field(
                "new_password",
                code,
                "Le mot de passe doit contenir entre 12 et 128 caractères.",
            )
        })?;
        let hash = self.hasher.hash(new_password.to_owned()).await?;
        let now = self.clock.now();
        let txn = self.db.begin_write().await?;
        let (user_id, purpose) = links::consume(&txn, &sha256_hex(token), now)
            .await?
            .ok_or(AppError::InvalidLink)?;
        users::set_password(&txn, user_id, &hash, now).await?;
        audit::append(
            &txn,
            &self.audit_key,
            AuditEntry {
                actor_user_id: Some(user_id),
                action: "password_set".into(),
                object_type: Some("user".into()),
                object_id: Some(user_id.to_string()),
                ip: meta.ip.clone(),
                user_agent: meta.user_agent.clone(),
                data: json!({ "via": purpose }),
                ..Default::default()
            },
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Queues the invitation e-mail of a new account (inside the caller's transaction).
    pub async fn queue_invitation(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        user: &UserRow,
        inviter: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AppError> {
        let token = issue_link(db, user.id, "invitation", INVITATION_LINK_HOURS, now).await?;
        let mail = realis_mail::Invitation {
            display_name: user.display_name.clone(),
            identifier: user.identifier.clone(),
            email: user.email.clone(),
            link: self.link("mot-de-passe/nouveau", &token),
            inviter: inviter.to_owned(),
        }
        .render();
        queue_mail(db, &user.email, mail, now).await?;
        Ok(token)
    }

    fn link(&self, path: &str, token: &str) -> String {
        format!(
            "{}/{path}?token={token}",
            self.settings.public_url.trim_end_matches('/')
        )
    }
}

/// Stores a new single-use link for `user_id` (only its hash) and returns the token.
async fn issue_link(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i64,
    purpose: &str,
    valid_hours: i64,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = new_link_token();
    links::insert(
        db,
        user_id,
        purpose,
        &sha256_hex(&token),
        now + Duration::hours(valid_hours),
        now,
    )
    .await?;
    Ok(token)
}

/// Writes a rendered e-mail to the outbox, in the caller's transaction.
pub(crate) async fn queue_mail(
    db: &impl sea_orm::ConnectionTrait,
    to: &str,
    mail: realis_mail::RenderedMail,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    realis_store::outbox::enqueue(
        db,
        NewOutboxMail {
            to: to.to_owned(),
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
        },
        now,
    )
    .await?;
    Ok(())
}

/// 256 random bits, hex-encoded, for e-mailed links.
fn new_link_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_delay_grows_after_five_failures_and_is_capped() {
        assert_eq!(account_delay(4), None);
        assert_eq!(account_delay(5), Some(Duration::seconds(30)));
        assert_eq!(account_delay(6), Some(Duration::seconds(60)));
        assert_eq!(account_delay(7), Some(Duration::seconds(120)));
        assert_eq!(account_delay(30), Some(Duration::seconds(900)));
    }
}

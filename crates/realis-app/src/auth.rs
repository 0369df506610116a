//! Login, who is acting, password reset and invitations.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use realis_api_types::{LoginResponse, Me, SessionUser};
use realis_domain::throttle as limits;
use realis_domain::{Role, validate_new_password};
use realis_store::StoreError;
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

const RESET_LINK_HOURS: i64 = 1;
const INVITATION_LINK_HOURS: i64 = 72;
/// «Mot de passe oublié» requests per login per hour, and per address per hour (S9).
pub const FORGOT_PER_LOGIN_PER_HOUR: i32 = 3;
pub const FORGOT_PER_ADDRESS_PER_HOUR: i32 = 10;
/// Attempts to use a reset or invitation link per address per hour (S9).
pub const RESETS_PER_ADDRESS_PER_HOUR: i32 = 20;

fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn actor_of(u: &UserRow) -> Result<Actor, AppError> {
    let role = Role::parse(&u.role).ok_or_else(|| StoreError::corrupt("users.role", &u.role))?;
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

impl App {
    /// `POST /auth/login`.
    ///
    /// The budgets are reserved before the password is checked, atomically (S2, S10): of 100
    /// simultaneous guesses on one account, five are evaluated. An address that logged in to this
    /// account in the last 30 days has a budget of its own and is not limited per address, so
    /// guesses from elsewhere do not lock the real user out; the user is alerted by e-mail when
    /// the attempts reach the limit.
    pub async fn login(
        &self,
        login: &str,
        password: &str,
        meta: &RequestMeta,
    ) -> Result<LoginResponse, AppError> {
        let user = self.check_login(login, password, meta).await?;
        self.access_token(&user)
    }

    /// Checks a login and password under the throttles, audits the answer, and returns the
    /// account when they are right.
    pub(crate) async fn check_login(
        &self,
        login: &str,
        password: &str,
        meta: &RequestMeta,
    ) -> Result<UserRow, AppError> {
        let now = self.clock.now();
        let login_key = login.trim().to_lowercase();
        let address = meta.ip.as_deref().unwrap_or("unknown");
        // One budget per account, whichever login names it (e-mail or identifier); an unknown
        // login has one of its own, so it answers exactly like an existing one.
        let user = users::find_by_login(&self.db.conn, login).await?;
        let account = match &user {
            Some(u) => format!("user:{}", u.id),
            None => format!("login:{login_key}"),
        };
        let known = throttle::get(&self.db.conn, &known_key(&account, address))
            .await?
            .is_some_and(|c| now - c.window_start < Duration::days(limits::KNOWN_ADDRESS_DAYS));
        let (account_key, address_key) = if known {
            (format!("{account}:from:{address}"), None)
        } else {
            (account.clone(), Some(format!("ip:{address}")))
        };
        let attempts = self
            .reserve_login(&account_key, address_key.as_deref(), now)
            .await?;
        let phc = user
            .as_ref()
            .and_then(|u| u.password_hash.clone())
            .unwrap_or_else(dummy_hash);
        let ok = self.hasher.verify(password.to_owned(), phc).await?
            && user.as_ref().is_some_and(|u| u.password_hash.is_some());
        let txn = self.db.begin_write().await?;
        if !ok {
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
                    data: json!({ "login_hash": sha256_hex(&login_key) }),
                    ..Default::default()
                },
                now,
            )
            .await?;
            let alert = limits::alert_after(attempts);
            if let Some(u) = user.as_ref().filter(|u| alert && !u.disabled) {
                let mail = realis_mail::LoginFailures {
                    display_name: u.display_name.clone(),
                    attempts: attempts.count,
                    address: address.to_owned(),
                    at: now,
                    link: self.link_to("mot-de-passe-oublie"),
                }
                .render();
                queue_mail(&txn, &u.email, mail, now).await?;
            }
            txn.commit().await?;
            if alert {
                self.outbox_wakeup.notify_one();
            }
            return Err(AppError::InvalidCredentials);
        }
        let user = user.ok_or(AppError::InvalidCredentials)?;
        if user.disabled {
            txn.commit().await?;
            return Err(AppError::AccountDisabled);
        }
        // A right password: the account's attempts start again, the address's reservation is
        // given back (successful logins are not limited per address), and the address becomes
        // known to the account.
        throttle::clear(&txn, &account_key).await?;
        if let Some(key) = &address_key {
            let c = throttle::lock(&txn, key, now).await?;
            throttle::save(&txn, key, limits::refund(c), now).await?;
        }
        let known = known_key(&account, address);
        throttle::save(&txn, &known, limits::Counter::fresh(now), now).await?;
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
        Ok(user)
    }

    /// A bearer token for `user`, under its current token version.
    pub(crate) fn access_token(&self, user: &UserRow) -> Result<LoginResponse, AppError> {
        let now = self.clock.now();
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
            user: session_user(user)?,
        })
    }

    /// Reserves one attempt on the account and, unless the address is known, one on the
    /// address, in one transaction: either both are spent or neither.
    async fn reserve_login(
        &self,
        account_key: &str,
        address_key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<limits::Counter, AppError> {
        let txn = self.db.begin_write().await?;
        if let Some(key) = address_key {
            let c = throttle::lock(&txn, key, now).await?;
            let c = limits::hit_window(
                c,
                now,
                limits::ADDRESS_ATTEMPTS_PER_MINUTE,
                Duration::minutes(1),
            )
            .map_err(rate_limited)?;
            throttle::save(&txn, key, c, now).await?;
        }
        let c = throttle::lock(&txn, account_key, now).await?;
        let c = limits::reserve_login(c, now).map_err(rate_limited)?;
        throttle::save(&txn, account_key, c, now).await?;
        txn.commit().await?;
        Ok(c)
    }

    /// Counts a hit on `key`; over `limit` per `window` answers 429 with `Retry-After`. Atomic:
    /// parallel requests never get past the limit together (S10).
    pub(crate) async fn rate_limit(
        &self,
        key: &str,
        limit: i32,
        window: Duration,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        throttle::reserve(&self.db, key, now, |c| {
            limits::hit_window(c, now, limit, window)
        })
        .await?
        .map(|_| ())
        .map_err(rate_limited)
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
            _ => realis_store::accounts::funder_of_person(&self.db.conn, u.id).await?,
        };
        let funder = match funder_id {
            Some(id) => portfolio::find_funder(&self.db.conn, id).await?,
            None => None,
        };
        let (funder_name, site_url) = match funder {
            Some(f) => (Some(f.name), f.website),
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
        })
    }

    /// `POST /auth/password/forgot`: always 202; mails a one-hour link when the account exists.
    ///
    /// Limited per login and per address (S9). The rest of the work (finding the account,
    /// issuing the link, queueing the e-mail) runs after the answer, so that an existing and an
    /// unknown account answer alike and in the same time.
    pub async fn forgot_password(&self, login: &str, meta: &RequestMeta) -> Result<(), AppError> {
        let login_key = login.trim().to_lowercase();
        let address = meta.ip.as_deref().unwrap_or("unknown");
        self.rate_limit(
            &format!("forgot-ip:{address}"),
            FORGOT_PER_ADDRESS_PER_HOUR,
            Duration::hours(1),
        )
        .await?;
        self.rate_limit(
            &format!("forgot:{login_key}"),
            FORGOT_PER_LOGIN_PER_HOUR,
            Duration::hours(1),
        )
        .await?;
        let app = self.clone();
        let meta = meta.clone();
        self.background.spawn(async move {
            if let Err(e) = app.send_reset_link(&login_key, &meta).await {
                tracing::warn!(error = %e, "password reset link not issued");
            }
        });
        Ok(())
    }

    async fn send_reset_link(&self, login: &str, meta: &RequestMeta) -> Result<(), AppError> {
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
    ///
    /// Limited per address; the link is checked before anything costly (the password is hashed
    /// only for a live link), and a password set this way voids every other outstanding link of
    /// the account (older resets, an unused invitation).
    pub async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
        meta: &RequestMeta,
    ) -> Result<(), AppError> {
        self.rate_limit(
            &format!("reset-ip:{}", meta.ip.as_deref().unwrap_or("unknown")),
            RESETS_PER_ADDRESS_PER_HOUR,
            Duration::hours(1),
        )
        .await?;
        let now = self.clock.now();
        let token_hash = sha256_hex(token);
        let user_id = links::find_live(&self.db.conn, &token_hash, now)
            .await?
            .ok_or(AppError::InvalidLink)?;
        let user = users::find_by_id(&self.db.conn, user_id)
            .await?
            .ok_or(AppError::InvalidLink)?;
        let personal = [
            user.display_name.as_str(),
            user.email.as_str(),
            user.identifier.as_str(),
        ];
        validate_new_password(new_password, &personal)
            .map_err(|e| AppError::field("new_password", e.code(), e.message_fr()))?;
        let hash = self.hasher.hash(new_password.to_owned()).await?;
        let now = self.clock.now();
        let txn = self.db.begin_write().await?;
        let (user_id, purpose) = links::consume(&txn, &token_hash, now)
            .await?
            .ok_or(AppError::InvalidLink)?;
        users::set_password(&txn, user_id, &hash, now).await?;
        links::void_all(&txn, user_id, now).await?;
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
        format!("{}?token={token}", self.link_to(path))
    }

    fn link_to(&self, path: &str) -> String {
        format!("{}/{path}", self.settings.public_url.trim_end_matches('/'))
    }
}

/// The counter that says `address` logged in to `account` recently.
fn known_key(account: &str, address: &str) -> String {
    format!("known:{account}:{address}")
}

fn rate_limited(w: limits::Wait) -> AppError {
    AppError::RateLimited { retry_after: w.0 }
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

//! Login, its throttling and the access token.

use chrono::{DateTime, Duration, Utc};
use realis_api_types::LoginResponse;
use realis_domain::audit::AuditAction;
use realis_domain::throttle as limits;
use realis_domain::user::User;
use realis_store::{throttle, users};
use serde_json::json;

use super::actor::{RequestMeta, actor_of, session_user};
use super::links::sha256_hex;
use crate::auth::passwords::dummy_hash;
use crate::auth::tokens::{AUDIENCE, Claims, ISSUER};
use crate::unit::{Audit, By};
use crate::{App, AppError};

/// The counter that says `address` logged in to `account` recently.
fn known_key(account: &str, address: &str) -> String {
    format!("known:{account}:{address}")
}

fn rate_limited(w: limits::Wait) -> AppError {
    AppError::RateLimited { retry_after: w.0 }
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
    ) -> Result<User, AppError> {
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
        // A right password for a user of a deactivated organisation: said, never a token.
        let organisation = match user.as_ref().filter(|_| ok) {
            Some(u) => self.check_organisation_active(u).await,
            None => Ok(()),
        };
        let mut unit = self.unit().await?;
        if !ok {
            let user_id = user.as_ref().map(|u| u.id);
            // No role: the account is not the one acting until its password is right.
            let by = By::Account {
                user_id,
                role: None,
            };
            unit.audit_by(
                by,
                Audit::of_maybe(AuditAction::LoginFailed, user_id)
                    .from(meta)
                    .data(json!({ "login_hash": sha256_hex(&login_key) })),
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
                unit.mail(&u.email, mail).await?;
            }
            unit.commit().await?;
            return Err(AppError::InvalidCredentials);
        }
        let user = user.ok_or(AppError::InvalidCredentials)?;
        if user.disabled {
            unit.commit().await?;
            return Err(AppError::AccountDisabled);
        }
        if let Err(e) = organisation {
            unit.commit().await?;
            return Err(e);
        }
        // A right password: the account's attempts start again, the address's reservation is
        // given back (successful logins are not limited per address), and the address becomes
        // known to the account.
        let tx = unit.tx();
        throttle::clear(tx, &account_key).await?;
        if let Some(key) = &address_key {
            let c = throttle::lock(tx, key, now).await?;
            throttle::save(tx, key, limits::refund(c), now).await?;
        }
        let known = known_key(&account, address);
        throttle::save(tx, &known, limits::Counter::fresh(now), now).await?;
        users::touch_login(tx, user.id, now).await?;
        let actor = actor_of(&user)?;
        unit.audit(
            &actor,
            Audit::of(AuditAction::LoginSucceeded, user.id)
                .from(meta)
                .data(json!({})),
        )
        .await?;
        unit.commit().await?;
        Ok(user)
    }

    /// A bearer token for `user`, under its current token version.
    pub(crate) fn access_token(&self, user: &User) -> Result<LoginResponse, AppError> {
        let now = self.clock.now();
        let ttl = self.settings.token_ttl_seconds.min(3600);
        let claims = Claims {
            sub: user.id.to_string(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now.timestamp(),
            exp: now.timestamp() + i64::try_from(ttl).unwrap_or(3600),
            role: user.role.as_str().to_owned(),
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
        let unit = self.unit().await?;
        let txn = unit.tx();
        if let Some(key) = address_key {
            let c = throttle::lock(txn, key, now).await?;
            let c = limits::hit_window(
                c,
                now,
                limits::ADDRESS_ATTEMPTS_PER_MINUTE,
                Duration::minutes(1),
            )
            .map_err(rate_limited)?;
            throttle::save(txn, key, c, now).await?;
        }
        let c = throttle::lock(txn, account_key, now).await?;
        let c = limits::reserve_login(c, now).map_err(rate_limited)?;
        throttle::save(txn, account_key, c, now).await?;
        unit.commit().await?;
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
}

//! Password reset and invitations: single-use links sent by e-mail.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use realis_domain::audit::AuditAction;
use realis_domain::user::User;
use realis_domain::validate_new_password;
use realis_store::{tokens as links, users};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::actor::RequestMeta;
use super::mail::queue_mail;
use crate::unit::{Audit, By};
use crate::{App, AppError};

const RESET_LINK_HOURS: i64 = 1;

const INVITATION_LINK_HOURS: i64 = 72;

/// «Mot de passe oublié» requests per login per hour, and per address per hour (S9).
pub const FORGOT_PER_LOGIN_PER_HOUR: i32 = 3;

pub const FORGOT_PER_ADDRESS_PER_HOUR: i32 = 10;

/// Attempts to use a reset or invitation link per address per hour (S9).
pub const RESETS_PER_ADDRESS_PER_HOUR: i32 = 20;

pub(crate) fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// Stores a new single-use link for `user_id` (only its hash) and returns the token.
async fn issue_link(
    db: &impl realis_store::Conn,
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

/// 256 random bits, hex-encoded, for e-mailed links.
fn new_link_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

impl App {
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
        // A disabled account, or one of a deactivated organisation, could not use the link.
        if user.disabled || self.check_organisation_active(&user).await.is_err() {
            return Ok(());
        }
        let mut unit = self.unit().await?;
        let token = issue_link(unit.tx(), user.id, "password_reset", RESET_LINK_HOURS, now).await?;
        let mail = realis_mail::PasswordReset {
            display_name: user.display_name.clone(),
            link: self.link("mot-de-passe/nouveau", &token),
        }
        .render();
        unit.urgent_mail(&user.email, mail).await?;
        let by = By::Account {
            user_id: Some(user.id),
            role: Some(user.role),
        };
        unit.audit_by(
            by,
            Audit::of(AuditAction::PasswordResetRequested, user.id)
                .from(meta)
                .data(json!({})),
        )
        .await?;
        unit.commit().await?;
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
        let unit = self.unit().await?;
        let (user_id, purpose) = links::consume(unit.tx(), &token_hash, now)
            .await?
            .ok_or(AppError::InvalidLink)?;
        users::set_password(unit.tx(), user_id, &hash, now).await?;
        links::void_all(unit.tx(), user_id, now).await?;
        let by = By::Account {
            user_id: Some(user_id),
            role: None,
        };
        unit.audit_by(
            by,
            Audit::of(AuditAction::PasswordSet, user_id)
                .from(meta)
                .data(json!({ "via": purpose })),
        )
        .await?;
        unit.commit().await?;
        self.token_cache.forget(user_id);
        Ok(())
    }

    /// Queues the invitation e-mail of a new account (inside the caller's transaction).
    pub async fn queue_invitation(
        &self,
        db: &impl realis_store::Conn,
        user: &User,
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

    pub(crate) fn link_to(&self, path: &str) -> String {
        format!("{}/{path}", self.settings.public_url.trim_end_matches('/'))
    }
}

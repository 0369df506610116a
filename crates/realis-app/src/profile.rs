//! «Mon compte»: a person's own name, their daily digest, and a change of password.
//!
//! A password change revokes every token and session of the account (token version bump: the
//! bearer tokens and the refresh families issued before die at once) and its unused links, then
//! opens a new refresh family for the caller: a browser exchanges the new cookie for a bearer
//! token (`POST /auth/refresh`), exactly as after a login; a client that uses only bearer tokens
//! logs in again. The person is e-mailed that the password changed.

use chrono::Duration;
use realis_api_types::{ChangePasswordRequest, FieldError, Me, UpdateMeRequest};
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::validate_password_change;
use realis_store::{tokens as links, users};
use serde_json::json;

use crate::accounts::parse_display_name;
use crate::sessions::RefreshGrant;
use crate::unit::Audit;
use crate::{Actor, App, AppError, RequestMeta};

/// Password changes tried per account per hour (S9): each costs a hash, and a wrong current
/// password is a guess.
pub const PASSWORD_CHANGES_PER_HOUR: i32 = 10;

impl App {
    /// `PUT /me`: the name shown and, if given, «Recevoir le récapitulatif quotidien».
    pub async fn update_me(
        &self,
        actor: &Actor,
        req: &UpdateMeRequest,
        meta: &RequestMeta,
    ) -> Result<Me, AppError> {
        let name = parse_display_name("display_name", &req.display_name)?;
        let user = users::find_by_id(&self.db.conn, actor.user_id)
            .await?
            .ok_or(AppError::InvalidToken)?;
        let digest = req.daily_digest.unwrap_or(user.daily_digest);
        let changed: Vec<&str> = [
            ("display_name", name != user.display_name),
            ("daily_digest", digest != user.daily_digest),
        ]
        .into_iter()
        .filter_map(|(f, c)| c.then_some(f))
        .collect();
        if !changed.is_empty() {
            let unit = self.unit().await?;
            users::set_profile(unit.tx(), user.id, &name, digest, unit.now()).await?;
            unit.audit(
                actor,
                Audit::of(AuditAction::ProfileUpdated, user.id)
                    .from(meta)
                    .data(json!({
                        "changed": changed,
                        "display_name": { "before": user.display_name, "after": name },
                        "daily_digest": digest,
                    })),
            )
            .await?;
            unit.commit().await?;
        }
        self.me(actor).await
    }

    /// `POST /me/password`: checks the current password, applies the policy to the new one, sets
    /// it, revokes every other token and session, e-mails the person, and returns the refresh
    /// token of the caller's new session.
    pub async fn change_password(
        &self,
        actor: &Actor,
        req: &ChangePasswordRequest,
        meta: &RequestMeta,
    ) -> Result<RefreshGrant, AppError> {
        self.rate_limit(
            &format!("password-change:{}", actor.user_id),
            PASSWORD_CHANGES_PER_HOUR,
            Duration::hours(1),
        )
        .await?;
        let user = users::find_by_id(&self.db.conn, actor.user_id)
            .await?
            .ok_or(AppError::InvalidToken)?;
        let personal = [
            user.display_name.as_str(),
            user.email.as_str(),
            user.identifier.as_str(),
        ];
        let mut errors = Vec::new();
        let current_ok = match user.password_hash.clone() {
            Some(phc) => {
                self.hasher
                    .verify(req.current_password.clone(), phc)
                    .await?
            }
            None => false,
        };
        if !current_ok {
            errors.push(FieldError {
                field: "current_password".into(),
                code: FieldCode::WrongPassword,
                message: "Le mot de passe actuel est incorrect.".into(),
            });
        }
        if let Err(e) =
            validate_password_change(&req.current_password, &req.new_password, &personal)
        {
            errors.push(FieldError {
                field: "new_password".into(),
                code: e.code(),
                message: e.message_fr().into(),
            });
        }
        if !current_ok {
            let unit = self.unit().await?;
            unit.audit(
                actor,
                Audit::of(AuditAction::PasswordChangeRefused, user.id)
                    .from(meta)
                    .data(json!({ "reason": "wrong_password" })),
            )
            .await?;
            unit.commit().await?;
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let hash = self.hasher.hash(req.new_password.clone()).await?;
        let mut unit = self.unit().await?;
        let now = unit.now();
        users::set_password(unit.tx(), user.id, &hash, now).await?;
        links::void_all(unit.tx(), user.id, now).await?;
        let mail = realis_mail::PasswordChanged {
            display_name: user.display_name.clone(),
            at: now,
            link: self.link_to("mot-de-passe-oublie"),
        }
        .render();
        unit.mail(&user.email, mail).await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::PasswordChanged, user.id)
                .from(meta)
                .data(json!({ "sessions_revoked": true })),
        )
        .await?;
        unit.commit().await?;
        self.token_cache.forget(user.id);
        let user = users::find_by_id(&self.db.conn, user.id)
            .await?
            .ok_or(AppError::InvalidToken)?;
        self.open_family(&user).await
    }
}

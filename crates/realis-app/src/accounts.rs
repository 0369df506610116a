//! Creating accounts (with their invitation) and the OF's «Utilisateurs».

use crate::unit::Audit;
use chrono::{DateTime, Utc};
use realis_api_types::{InviteUserRequest, UpdateUserRequest, UserView};
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::user::User;
use realis_domain::{Email, Label, LabelError, Role};
use realis_store::users::{self, NewUser};
use serde_json::json;

use crate::auth::RequestMeta;
use crate::{Actor, App, AppError};

/// The account as the OF's «Utilisateurs» shows it, without its designation.
fn user_view(u: &User) -> Result<UserView, AppError> {
    Ok(UserView {
        id: u.id,
        email: u.email.clone(),
        identifier: u.identifier.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        certifier: u.certifier,
        designation: None,
        disabled: u.disabled,
        active: u.password_hash.is_some(),
        last_login_at: u.last_login_at,
    })
}

/// A person's name: a [`Label`] of 1 to 120 characters.
pub fn parse_display_name(field: &str, s: &str) -> Result<String, AppError> {
    parse_label(field, s, 120)
}

/// Any name or label typed by someone, normalised by the one domain rule ([`Label::parse`]):
/// NFC, trimmed, white space collapsed, control and bidi characters refused.
pub fn parse_label(field: &str, s: &str, max: usize) -> Result<String, AppError> {
    Label::parse(s, max)
        .map(Label::into_string)
        .map_err(|e| AppError::Validation(vec![label_error(field, e)]))
}

/// The field error of a refused name or label.
pub fn label_error(field: &str, e: LabelError) -> realis_api_types::FieldError {
    realis_api_types::FieldError {
        field: field.to_owned(),
        code: e.code(),
        message: e.message_fr(),
    }
}

pub fn parse_email(field: &str, s: &str) -> Result<Email, AppError> {
    Email::parse(s).map_err(|_| {
        AppError::field(
            field,
            FieldCode::InvalidEmail,
            "L'adresse e-mail n'est pas valide.",
        )
    })
}

/// An account to create and invite.
#[derive(Debug, Clone)]
pub struct Invitee<'a> {
    /// The request field the e-mail came from, for the `email_taken` error.
    pub field: &'a str,
    pub email: &'a Email,
    pub display_name: &'a str,
    pub role: Role,
    pub tenancy: Tenancy,
    /// Who invites, named in the e-mail.
    pub inviter: &'a str,
}

/// The tenant an account belongs to. An employer account is linked to its employers apart
/// (`accounts::link_employer`): it may represent one per funder.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tenancy {
    pub funder_id: Option<i64>,
    pub organisation_id: Option<i64>,
}

impl App {
    /// A free login identifier derived from the e-mail's local part ("jean.dupont", "jean.dupont2"…).
    async fn free_identifier(
        &self,
        db: &impl realis_store::Conn,
        email: &Email,
    ) -> Result<String, AppError> {
        let local = email.as_str().split('@').next().unwrap_or("user");
        let base: String = local
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            .take(40)
            .collect();
        let base = if base.is_empty() {
            "utilisateur".to_owned()
        } else {
            base
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while users::identifier_taken(db, &candidate).await?
            || users::find_by_email(db, &candidate).await?.is_some()
        {
            candidate = format!("{base}{n}");
            n += 1;
        }
        Ok(candidate)
    }

    /// Creates an account without password and queues its invitation e-mail, in `db`'s transaction.
    /// An e-mail address already in use is a field error on `field`.
    pub(crate) async fn create_account(
        &self,
        db: &impl realis_store::Conn,
        who: Invitee<'_>,
        now: DateTime<Utc>,
    ) -> Result<User, AppError> {
        let Invitee {
            field,
            email,
            display_name,
            role,
            tenancy,
            inviter,
        } = who;
        if users::find_by_email(db, email.as_str()).await?.is_some() {
            return Err(AppError::field(
                field,
                FieldCode::EmailTaken,
                "Un compte existe déjà avec cette adresse e-mail.",
            ));
        }
        let identifier = self.free_identifier(db, email).await?;
        let user = users::insert(
            db,
            NewUser {
                email: email.as_str().to_owned(),
                identifier,
                display_name: display_name.to_owned(),
                role,
                funder_id: tenancy.funder_id,
                organisation_id: tenancy.organisation_id,
                certifier: false,
                password_hash: None,
            },
            now,
        )
        .await?;
        self.queue_invitation(db, &user, inviter, now).await?;
        Ok(user)
    }

    /// An OF user with its current designation as certifier.
    async fn organisation_user_view(&self, u: &User) -> Result<UserView, AppError> {
        let mut view = user_view(u)?;
        view.designation = self.user_designation(u).await?;
        Ok(view)
    }

    /// `GET /organisation/users`.
    pub async fn list_organisation_users(&self, actor: &Actor) -> Result<Vec<UserView>, AppError> {
        let org = actor.own_organisation()?;
        let mut out = Vec::new();
        for u in users::list_for_organisation(&self.db.conn, org).await? {
            out.push(self.organisation_user_view(&u).await?);
        }
        Ok(out)
    }

    /// `POST /organisation/users`: invites a colleague (designated certifier if asked).
    pub async fn invite_organisation_user(
        &self,
        actor: &Actor,
        req: &InviteUserRequest,
        meta: &RequestMeta,
    ) -> Result<UserView, AppError> {
        let org_id = actor.own_organisation()?;
        let email = parse_email("email", &req.email)?;
        let name = parse_display_name("display_name", &req.display_name)?;
        let now = self.clock.now();
        let org = realis_store::portfolio::find_organisation(&self.db.conn, org_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut unit = self.unit().await?;
        let tenancy = Tenancy {
            organisation_id: Some(org_id),
            ..Default::default()
        };
        let invitee = Invitee {
            field: "email",
            email: &email,
            display_name: &name,
            role: Role::Organisation,
            tenancy,
            inviter: &org.name,
        };
        let user = self.create_account(unit.tx(), invitee, now).await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::UserInvited, user.id)
                .ip(meta)
                .data(json!({ "email": user.email, "certifier": req.certifier })),
        )
        .await?;
        if req.certifier {
            self.flag_certifier(&mut unit, actor, &org, &user, true, meta, now)
                .await?;
        }
        unit.commit().await?;
        let user = users::find_by_id(&self.db.conn, user.id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.organisation_user_view(&user).await
    }

    /// `PUT /organisation/users/{id}`: flag certifier (a designation the funder reviews; unflagging
    /// is immediate), disable or re-enable a colleague.
    pub async fn update_organisation_user(
        &self,
        actor: &Actor,
        user_id: i64,
        req: &UpdateUserRequest,
        meta: &RequestMeta,
    ) -> Result<UserView, AppError> {
        // A path naming a user answers 404 to anyone but its organisation's staff.
        let org_id = actor.own_organisation().map_err(|_| AppError::NotFound)?;
        let target = users::find_by_id(&self.db.conn, user_id).await?;
        let target = target
            .filter(|u| u.organisation_id == Some(org_id))
            .ok_or(AppError::NotFound)?;
        if req.disabled == Some(true) && target.id == actor.user_id {
            return Err(AppError::field(
                "disabled",
                FieldCode::CannotDisableSelf,
                "Vous ne pouvez pas désactiver votre propre compte.",
            ));
        }
        let org = realis_store::portfolio::find_organisation(&self.db.conn, org_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = self.clock.now();
        let mut unit = self.unit().await?;
        if let Some(c) = req.certifier {
            self.flag_certifier(&mut unit, actor, &org, &target, c, meta, now)
                .await?;
        }
        if let Some(d) = req.disabled
            && d != target.disabled
        {
            users::set_disabled(unit.tx(), target.id, d, now).await?;
        }
        unit.audit(
            actor,
            Audit::of(AuditAction::UserUpdated, target.id)
                .ip(meta)
                .data(json!({ "certifier": req.certifier, "disabled": req.disabled })),
        )
        .await?;
        unit.commit().await?;
        self.token_cache.forget(target.id);
        let updated = users::find_by_id(&self.db.conn, target.id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.organisation_user_view(&updated).await
    }
}

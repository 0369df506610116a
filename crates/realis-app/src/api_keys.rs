//! A person's API keys (`/api/v1/api-keys`, the «Développeurs» page): create one (shown once),
//! list them, delete one; and the e-mail seven days before a key expires. Only a person's
//! session manages keys (a key cannot make keys); another user's key answers 404.

use chrono::Duration;
use rand::Rng;
use realis_api_types::{
    ApiKeyCreated, ApiKeyList, ApiKeyRequest, ApiKeyView, FieldCode, GrantableScope,
};
use realis_domain::api_key::{self, ApiScope, KeyRefusal, RANDOM_LEN};
use realis_domain::audit::AuditAction;
use realis_mail::ApiKeyExpiring;
use realis_store::api_keys::{self as store, ApiKey, NewApiKey};
use realis_store::users;
use serde_json::json;

use crate::unit::Audit;
use crate::{Actor, App, AppError, RequestMeta};

/// Most live keys one user holds.
pub const MAX_KEYS_PER_USER: u64 = 20;

fn view(k: &ApiKey, now: chrono::DateTime<chrono::Utc>) -> ApiKeyView {
    ApiKeyView {
        id: k.id,
        name: k.name.clone(),
        prefix: k.shown.clone(),
        scopes: k.scopes.clone(),
        allowed_ips: k.allowed_ips.iter().map(ToString::to_string).collect(),
        expires_at: k.expires_at,
        expired: k.expires_at <= now,
        created_at: k.created_at,
        last_used_at: k.last_used_at,
        last_used_ip: k.last_used_ip.clone(),
    }
}

fn refusal(r: KeyRefusal) -> AppError {
    match r {
        KeyRefusal::Name => AppError::field(
            "name",
            FieldCode::Required,
            "Nommez la clé (100 caractères au plus).",
        ),
        KeyRefusal::Scopes => AppError::field(
            "scopes",
            FieldCode::ScopeNotAllowed,
            FieldCode::ScopeNotAllowed.message_fr(),
        ),
        KeyRefusal::Expiry => AppError::field(
            "expires_at",
            FieldCode::InvalidExpiry,
            FieldCode::InvalidExpiry.message_fr(),
        ),
        KeyRefusal::AllowedIps => AppError::field(
            "allowed_ips",
            FieldCode::InvalidAddress,
            FieldCode::InvalidAddress.message_fr(),
        ),
    }
}

/// Keys are managed by a person in a session, of a role that may hold keys.
fn manager(actor: &Actor) -> Result<(), AppError> {
    if actor.key.is_some() || ApiScope::for_role(actor.role).is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// A fresh key: 32 uniform draws from the base62 alphabet, then its checksum.
fn new_key() -> String {
    let mut rng = rand::rng();
    let mut draws = [0u8; RANDOM_LEN];
    for d in &mut draws {
        *d = rng.random_range(0..62);
    }
    api_key::key_from_draws(&draws)
}

impl App {
    /// `GET /api-keys`: the caller's keys and the scopes it may give.
    pub async fn list_api_keys(&self, actor: &Actor) -> Result<ApiKeyList, AppError> {
        manager(actor)?;
        let now = self.clock.now();
        let items = store::of_user(&self.db.conn, actor.user_id).await?;
        Ok(ApiKeyList {
            items: items.iter().map(|k| view(k, now)).collect(),
            grantable: ApiScope::for_role(actor.role)
                .iter()
                .map(|s| GrantableScope {
                    scope: *s,
                    label: s.label_fr().to_owned(),
                })
                .collect(),
        })
    }

    /// `POST /api-keys`: a new key for the caller, in this answer only.
    pub async fn create_api_key(
        &self,
        actor: &Actor,
        req: &ApiKeyRequest,
        meta: &RequestMeta,
    ) -> Result<ApiKeyCreated, AppError> {
        manager(actor)?;
        let now = self.clock.now();
        let settings = api_key::settle(
            actor.role,
            &req.name,
            &req.scopes,
            req.expires_at,
            &req.allowed_ips,
            now,
        )
        .map_err(refusal)?;
        let key = new_key();
        let unit = self.unit().await?;
        if store::count_of_user(unit.tx(), actor.user_id).await? >= MAX_KEYS_PER_USER {
            return Err(AppError::field(
                "name",
                FieldCode::TooManyApiKeys,
                FieldCode::TooManyApiKeys.message_fr(),
            ));
        }
        let k = store::insert(
            unit.tx(),
            NewApiKey {
                user_id: actor.user_id,
                name: settings.name,
                shown: api_key::shown_part(&key),
                secret_hash: self.api_key_hash(&key),
                scopes: settings.scopes,
                allowed_ips: settings.allowed_ips,
                expires_at: settings.expires_at,
            },
            unit.now(),
        )
        .await?;
        let scopes: Vec<&str> = k.scopes.iter().map(|s| s.as_str()).collect();
        unit.audit(
            actor,
            Audit::of(AuditAction::ApiKeyCreated, k.id)
                .from(meta)
                .data(json!({
                    "name": k.name, "prefix": k.shown, "scopes": scopes, "expires_at": k.expires_at,
                })),
        )
        .await?;
        unit.commit().await?;
        Ok(ApiKeyCreated {
            key,
            api_key: view(&k, now),
        })
    }

    /// `DELETE /api-keys/{id}`: the key stops at once.
    pub async fn delete_api_key(
        &self,
        actor: &Actor,
        id: i64,
        meta: &RequestMeta,
    ) -> Result<(), AppError> {
        manager(actor)?;
        let unit = self.unit().await?;
        let k = store::revoke(unit.tx(), actor.user_id, id, unit.now())
            .await?
            .ok_or(AppError::NotFound)?;
        unit.audit(
            actor,
            Audit::of(AuditAction::ApiKeyRevoked, k.id)
                .from(meta)
                .data(json!({ "name": k.name, "prefix": k.shown })),
        )
        .await?;
        unit.commit().await
    }

    /// E-mails the owner of each key expiring within seven days, once per key (across
    /// instances: the mark is taken in the same transaction as the mail). Returns how many.
    pub async fn notify_expiring_api_keys(&self) -> Result<usize, AppError> {
        let now = self.clock.now();
        let soon = now + Duration::days(api_key::EXPIRY_NOTICE_DAYS);
        let due = store::expiring_unnotified(&self.db.conn, now, soon).await?;
        let mut sent = 0;
        for k in due {
            let Some(owner) = users::find_by_id(&self.db.conn, k.user_id).await? else {
                continue;
            };
            let mut unit = self.unit().await?;
            if !store::mark_notified(unit.tx(), k.id, unit.now()).await? {
                continue;
            }
            if !owner.disabled {
                let mail = ApiKeyExpiring {
                    recipient_name: owner.display_name.clone(),
                    key_name: k.name.clone(),
                    shown: k.shown.clone(),
                    expires_at: k.expires_at,
                    link: format!("{}/developpeurs", self.settings.public_url),
                }
                .render();
                unit.mail(&owner.email, mail).await?;
                sent += 1;
            }
            unit.commit().await?;
        }
        Ok(sent)
    }
}

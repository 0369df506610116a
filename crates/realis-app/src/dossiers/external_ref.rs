//! A dossier's ERP reference (issue «Integrations», section 5): the funder gives it when creating
//! the dossier, the funder's agents and the OF's staff set or clear it later; it is unique among
//! the dossiers of the organisation (422 `external_ref_taken`, like a dossier number already
//! used).

use realis_api_types::{DossierView, ExternalRefRequest};
use realis_domain::audit::AuditAction;
use realis_domain::dossier::parse_external_ref;
use realis_domain::label::LabelError;
use realis_domain::{FieldCode, Role};
use realis_store::{Conn, external_refs};
use serde_json::json;

use crate::accounts::label_error;
use crate::auth::RequestMeta;
use crate::unit::Audit;
use crate::{Actor, App, AppError};

const FIELD: &str = "external_ref";

fn taken() -> AppError {
    AppError::field(
        FIELD,
        FieldCode::ExternalRefTaken,
        "Un autre dossier de cet organisme porte déjà cette référence externe.",
    )
}

/// `given` as stored: a label of 1 to 64 characters (422 on `external_ref` otherwise).
pub(crate) fn parse(given: &str) -> Result<String, AppError> {
    parse_external_ref(given).map_err(|e| match e {
        LabelError::Empty => AppError::field(
            FIELD,
            FieldCode::Required,
            "La référence externe est vide\u{a0}: omettez-la, ou envoyez null pour l'effacer.",
        ),
        e => AppError::Validation(vec![label_error(FIELD, e)]),
    })
}

/// `given` as stored, refused when it is not a label of 1 to 64 characters or when another
/// dossier of `organisation` than `except` holds it (no organisation: only its syntax).
pub(crate) async fn checked(
    db: &impl Conn,
    organisation: Option<i64>,
    given: &str,
    except: Option<i64>,
) -> Result<String, AppError> {
    let r = parse(given)?;
    if let Some(org) = organisation
        && external_refs::taken(db, org, &r, except).await?
    {
        return Err(taken());
    }
    Ok(r)
}

impl App {
    /// `PUT /dossiers/{id}/external-ref`: sets or (null) clears the reference, for the funder's
    /// agents and the OF's staff; the dossier's other readers get 403, anyone else 404.
    pub async fn set_external_ref(
        &self,
        actor: &Actor,
        id: i64,
        req: &ExternalRefRequest,
        meta: &RequestMeta,
    ) -> Result<DossierView, AppError> {
        let d = self.dossier_in_scope(actor, id).await?;
        if !matches!(actor.role, Role::Funder | Role::Organisation) {
            return Err(AppError::Forbidden);
        }
        let value = req.external_ref.as_deref().map(parse).transpose()?;
        if value != d.external_ref {
            let unit = self.unit().await?;
            if let Some(r) = &value
                && external_refs::taken(unit.tx(), d.organisation_id, r, Some(d.id)).await?
            {
                return Err(taken());
            }
            // The index has the last word when another write got there between the two.
            if !external_refs::set(unit.tx(), d.id, value.as_deref(), unit.now()).await? {
                return Err(taken());
            }
            unit.audit(
                actor,
                Audit::of(AuditAction::ExternalRefSet, d.id)
                    .ip(meta)
                    .data(json!({ "from": d.external_ref, "to": value })),
            )
            .await?;
            unit.commit().await?;
        }
        self.get_dossier(actor, d.id).await
    }
}

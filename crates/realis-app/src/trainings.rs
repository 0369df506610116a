//! «Formations»: the OF's catalogue of trainings, written by its staff and read by its funder's
//! agents when they create a dossier.

use realis_api_types::{FieldError, TrainingRequest, TrainingView};
use realis_domain::Hours;
use realis_domain::audit::AuditAction;
use realis_domain::training::{Modality, Training, TrainingFields};
use realis_store::trainings as store;
use serde_json::json;

use crate::unit::Audit;
use crate::{Actor, App, AppError, RequestMeta};

fn view(t: &Training) -> TrainingView {
    TrainingView {
        id: t.id,
        title: t.title.clone(),
        rncp_rs_code: t.code.as_ref().map(ToString::to_string),
        planned_hours: t.planned_hours,
        modality: t.modality,
        modality_label: t.modality.label_fr().to_owned(),
        updated_at: t.updated_at,
    }
}

/// The request's fields checked by the domain, each refused one a field error.
fn fields(req: &TrainingRequest) -> Result<TrainingFields, AppError> {
    checked(
        &req.title,
        req.rncp_rs_code.as_deref(),
        req.planned_hours,
        req.modality,
    )
}

/// A training's fields checked by the domain ([`TrainingFields::parse`]), each refused one a
/// field error.
pub(crate) fn checked(
    title: &str,
    code: Option<&str>,
    planned_hours: Hours,
    modality: Modality,
) -> Result<TrainingFields, AppError> {
    TrainingFields::parse(title, code, planned_hours, modality).map_err(|errors| {
        AppError::Validation(
            errors
                .iter()
                .map(|e| FieldError {
                    field: e.field().to_owned(),
                    code: e.code(),
                    message: e.message_fr(),
                })
                .collect(),
        )
    })
}

/// What the audit record keeps of a training.
fn audited(f: &TrainingFields) -> serde_json::Value {
    json!({
        "title": f.title,
        "rncp_rs_code": f.code.as_ref().map(ToString::to_string),
        "planned_hundredths": f.planned_hours.hundredths(),
        "modality": f.modality.as_str(),
    })
}

impl App {
    /// `GET /organisation/trainings`: the catalogue, by title.
    pub async fn list_trainings(&self, actor: &Actor) -> Result<Vec<TrainingView>, AppError> {
        let org = actor.own_organisation()?;
        let rows = store::list_for_organisation(&self.db.conn, org).await?;
        Ok(rows.iter().map(view).collect())
    }

    /// `POST /organisation/trainings`.
    pub async fn create_training(
        &self,
        actor: &Actor,
        req: &TrainingRequest,
        meta: &RequestMeta,
    ) -> Result<TrainingView, AppError> {
        let org = actor.own_organisation()?;
        let fields = fields(req)?;
        let unit = self.unit().await?;
        let t = store::insert(unit.tx(), org, &fields, unit.now()).await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::TrainingCreated, t.id)
                .ip(meta)
                .data(audited(&fields)),
        )
        .await?;
        unit.commit().await?;
        Ok(view(&t))
    }

    /// `PUT /organisation/trainings/{id}`: replaces every field. Dossiers created from it keep
    /// the title and modality they copied.
    pub async fn update_training(
        &self,
        actor: &Actor,
        id: i64,
        req: &TrainingRequest,
        meta: &RequestMeta,
    ) -> Result<TrainingView, AppError> {
        // A path naming a training answers 404 to anyone but its organisation's staff.
        let org = actor.own_organisation().map_err(|_| AppError::NotFound)?;
        let fields = fields(req)?;
        let unit = self.unit().await?;
        let t = store::update(unit.tx(), org, id, &fields, unit.now())
            .await?
            .ok_or(AppError::NotFound)?;
        unit.audit(
            actor,
            Audit::of(AuditAction::TrainingUpdated, t.id)
                .ip(meta)
                .data(audited(&fields)),
        )
        .await?;
        unit.commit().await?;
        Ok(view(&t))
    }

    /// `GET /funder/organisations/{id}/trainings`: an organisation's catalogue for its funder's
    /// agents (404 for anyone else).
    pub async fn funder_list_trainings(
        &self,
        actor: &Actor,
        organisation_id: i64,
    ) -> Result<Vec<TrainingView>, AppError> {
        let org = self.funder_org(actor, organisation_id).await?;
        let rows = store::list_for_organisation(&self.db.conn, org.id).await?;
        Ok(rows.iter().map(view).collect())
    }
}

//! The funder's settings.

use crate::unit::Audit;
use realis_api_types::FunderSettingsDto;
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::certification::{CodePolicy, CodePolicyError};
use realis_domain::funder::FunderSettings;
use realis_store::followup as store;
use realis_store::portfolio;
use serde_json::json;

use crate::auth::RequestMeta;
use crate::{Actor, App, AppError};

impl App {
    /// `GET /funder/settings`.
    pub async fn funder_settings(&self, actor: &Actor) -> Result<FunderSettingsDto, AppError> {
        let funder_id = actor.own_funder()?;
        let f = portfolio::find_funder(&self.db.conn, funder_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let s = f.settings;
        Ok(FunderSettingsDto {
            granularity: s.granularity,
            validations: s.validations,
            code_length: s.code.length,
            code_ttl_minutes: s.code.ttl_minutes,
            holiday_zone: s.holiday_zone,
            website: s.website,
        })
    }

    /// `PUT /funder/settings`: applies to months not yet certified (read at each use); the
    /// validation flow is recorded with each certificate, so a month already certified keeps the
    /// flow of its certification.
    pub async fn update_funder_settings(
        &self,
        actor: &Actor,
        req: &FunderSettingsDto,
        meta: &RequestMeta,
    ) -> Result<FunderSettingsDto, AppError> {
        let funder_id = actor.own_funder()?;
        let before = self.funder_settings(actor).await?;
        let code = CodePolicy::new(req.code_length, req.code_ttl_minutes).map_err(|e| match e {
            CodePolicyError::Length => AppError::field(
                "code_length",
                FieldCode::OutOfRange,
                "Le code comporte de 4 à 8 chiffres.",
            ),
            CodePolicyError::Lifetime => AppError::field(
                "code_ttl_minutes",
                FieldCode::OutOfRange,
                "La durée de validité du code est de 5 à 15 minutes.",
            ),
        })?;
        let website = match req.website.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(w) => Some(
                realis_domain::organisation::parse_website(w).ok_or_else(|| {
                    AppError::field(
                        "website",
                        FieldCode::InvalidWebsite,
                        "L'adresse du site n'est pas valide (ex. www.transitionspro-idf.fr).",
                    )
                })?,
            ),
        };
        let now = self.clock.now();
        let unit = self.unit().await?;
        store::update_settings(
            unit.tx(),
            funder_id,
            &FunderSettings {
                granularity: req.granularity,
                validations: req.validations,
                code,
                holiday_zone: req.holiday_zone,
                website,
            },
            now,
        )
        .await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::FunderSettingsUpdated, funder_id)
                .ip(meta)
                .data(json!({ "before": before, "after": req })),
        )
        .await?;
        unit.commit().await?;
        self.funder_settings(actor).await
    }
}

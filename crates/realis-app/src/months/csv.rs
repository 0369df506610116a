//! «Télécharger un modèle» and its upload for one month.

use realis_domain::FieldCode;
use realis_domain::Period;
use realis_domain::audit::AuditAction;
use realis_domain::grid_csv::{parse, template};

use crate::auth::RequestMeta;
use crate::upload_gate::UploadPermit;
use crate::uploads::CSV_MAX_BYTES;
use crate::{Actor, App, AppError};

/// Where an authorised hours CSV goes.
#[derive(Debug)]
pub struct CsvImport {
    dossier_id: i64,
    period: Period,
    version: i32,
}

impl App {
    /// `GET /dossiers/{id}/months/{period}/template.csv`: the month, pre-filled with what is saved.
    pub async fn month_template(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
    ) -> Result<(String, String), AppError> {
        let (d, m) = self.load_month(actor, id, period).await?;
        let (ctx, _) = self.month_context(&d, period).await?;
        let grid = self.stored_grid(&ctx, &m).await?;
        let name = format!(
            "heures-{}-{}.csv",
            d.number
                .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_"),
            period
        );
        Ok((name, template(&ctx, &grid)))
    }

    /// Authorises `PUT /dossiers/{id}/months/{period}/template.csv`: the body may be read.
    pub async fn authorise_month_csv(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        version: i32,
    ) -> Result<UploadPermit<CsvImport>, AppError> {
        let (_, m) = self.load_month(actor, id, period).await?;
        actor.own_organisation()?;
        self.hours_editable(&m, period)?;
        if m.version != version {
            return Err(AppError::StaleVersion);
        }
        let target = CsvImport {
            dossier_id: id,
            period,
            version,
        };
        self.permit_upload(actor, target, CSV_MAX_BYTES).await
    }

    /// `PUT /dossiers/{id}/months/{period}/template.csv`: all-or-nothing import.
    pub async fn import_month_csv(
        &self,
        permit: UploadPermit<CsvImport>,
        body: Vec<u8>,
        meta: &RequestMeta,
    ) -> Result<realis_api_types::MonthView, AppError> {
        let (
            actor,
            CsvImport {
                dossier_id: id,
                period,
                version,
            },
        ) = permit.into_parts();
        let actor = &actor;
        let (d, _) = self.load_month(actor, id, period).await?;
        let (ctx, _) = self.month_context(&d, period).await?;
        let text = std::str::from_utf8(&body).map_err(|_| {
            AppError::field(
                "file",
                FieldCode::NotUtf8,
                "Le fichier doit être enregistré en UTF-8 (CSV UTF-8).",
            )
        })?;
        let input = parse(&ctx, text).map_err(|issues| {
            AppError::Validation(
                issues
                    .into_iter()
                    .map(|i| realis_api_types::FieldError {
                        field: if i.column.is_empty() {
                            format!("line {}", i.line)
                        } else {
                            format!("line {}: {}", i.line, i.column)
                        },
                        code: FieldCode::InvalidCsv,
                        message: format!(
                            "Ligne {}{}\u{a0}: {}",
                            i.line,
                            if i.column.is_empty() {
                                String::new()
                            } else {
                                format!(", colonne «\u{a0}{}\u{a0}»", i.column)
                            },
                            i.message
                        ),
                    })
                    .collect(),
            )
        })?;
        self.store_grid(
            actor,
            &d,
            &ctx,
            super::hours::Submission {
                version,
                input,
                action: AuditAction::HoursImported,
            },
            meta,
        )
        .await?;
        self.get_month(actor, id, period).await
    }
}

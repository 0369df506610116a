//! Files attached to a month before certifying (SPEC F5.2–F5.3): the signed scan and the
//! attendance sheets. An upload is authorised first (the month is the actor's, awaiting
//! certification, and has room), then its body is read, cleaned off the async workers, stored.

use crate::unit::Audit;
use realis_api_types::MonthView;
use realis_domain::FieldCode;
use realis_domain::MonthCommand;
use realis_domain::audit::AuditAction;
use realis_domain::certification::{MonthFile, MonthFileKind};
use realis_domain::dossier::Dossier;
use realis_domain::month::Month;
use realis_domain::{MonthStatus, Period};
use realis_store::certification as store;
use realis_store::files;
use serde_json::json;

use crate::auth::RequestMeta;
use crate::shared::Download;
use crate::upload_gate::UploadPermit;
use crate::uploads::{DOCUMENT_MAX_BYTES, Sniffed, clean_document};
use crate::{Actor, App, AppError};

/// Attendance sheets per month, at most.
pub const MAX_ATTENDANCE_SHEETS: usize = 20;

/// Which attached file to delete.
#[derive(Debug, Clone, Copy)]
pub enum FileRef {
    SignedCertificate,
    Id(i64),
}

/// Where an authorised month file goes.
#[derive(Debug)]
pub struct MonthFileUpload {
    dossier_id: i64,
    period: Period,
    kind: MonthFileKind,
}

/// The audited action of attaching (or removing) a file of `kind`.
fn file_action(kind: MonthFileKind, uploaded: bool) -> AuditAction {
    match (kind, uploaded) {
        (MonthFileKind::SignedCertificate, true) => AuditAction::SignedCertificateUploaded,
        (MonthFileKind::SignedCertificate, false) => AuditAction::SignedCertificateDeleted,
        (MonthFileKind::AttendanceSheet, true) => AuditAction::AttendanceSheetUploaded,
        (MonthFileKind::AttendanceSheet, false) => AuditAction::AttendanceSheetDeleted,
    }
}

impl App {
    /// Authorises `PUT …/signed-certificate` (F5.2): the body may be read.
    pub async fn authorise_signed_certificate(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
    ) -> Result<UploadPermit<MonthFileUpload>, AppError> {
        self.authorise_month_file(actor, id, period, MonthFileKind::SignedCertificate)
            .await
    }

    /// Authorises `POST …/attendance-sheets` (F5.3, F6.1): the body may be read.
    pub async fn authorise_attendance_sheet(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
    ) -> Result<UploadPermit<MonthFileUpload>, AppError> {
        self.authorise_month_file(actor, id, period, MonthFileKind::AttendanceSheet)
            .await
    }

    async fn authorise_month_file(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        kind: MonthFileKind,
    ) -> Result<UploadPermit<MonthFileUpload>, AppError> {
        self.month_accepting(actor, id, period, kind).await?;
        let target = MonthFileUpload {
            dossier_id: id,
            period,
            kind,
        };
        self.permit_upload(actor, target, DOCUMENT_MAX_BYTES).await
    }

    /// The actor's month, if it accepts a file of `kind` now, with its files.
    async fn month_accepting(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        kind: MonthFileKind,
    ) -> Result<(Dossier, Month, Vec<MonthFile>), AppError> {
        let (d, m) = self.load_month(actor, id, period).await?;
        actor.own_organisation()?;
        let status = m.status.on_date(period, self.clock.today());
        if status != MonthStatus::AwaitingCertification {
            return Err(AppError::NotAllowed {
                command: MonthCommand::AttachFiles,
                status,
            });
        }
        let existing = store::files_of_month(&self.db.conn, m.id).await?;
        if kind == MonthFileKind::AttendanceSheet
            && existing
                .iter()
                .filter(|f| f.kind == MonthFileKind::AttendanceSheet)
                .count()
                >= MAX_ATTENDANCE_SHEETS
        {
            return Err(AppError::field(
                "attendance_sheet",
                FieldCode::TooManyFiles,
                "20 attestations de présence au plus par mois.",
            ));
        }
        Ok((d, m, existing))
    }

    /// Stores an authorised scan or attendance sheet (a new scan replaces the previous one).
    pub async fn attach_month_file(
        &self,
        permit: UploadPermit<MonthFileUpload>,
        body: Vec<u8>,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        let (actor, target) = permit.into_parts();
        let MonthFileUpload {
            dossier_id,
            period,
            kind,
        } = target;
        let clean = self.clean_upload(body, clean_document).await?;
        // The month may have moved on while the body was read and cleaned.
        let (d, m, existing) = self
            .month_accepting(&actor, dossier_id, period, kind)
            .await?;
        let now = self.clock.now();
        let unit = self.unit().await?;
        // Replacing the scan: the previous one goes (its hash stays in the audit log).
        if kind == MonthFileKind::SignedCertificate {
            for old in existing
                .iter()
                .filter(|f| f.kind == MonthFileKind::SignedCertificate)
            {
                store::remove_file(unit.tx(), m.id, old.id).await?;
            }
        }
        let file = files::insert(
            unit.tx(),
            kind.as_str(),
            clean.kind.content_type(),
            clean.bytes,
            Some(actor.user_id),
            now,
        )
        .await?;
        let row = store::add_file(unit.tx(), m.id, kind, file.id, actor.user_id, now).await?;
        unit.audit(
            &actor,
            Audit::of(file_action(kind, true), m.id).from(meta).data(
                json!({ "dossier_id": d.id, "period": period.to_string(), "month_file_id": row.id, "sha256": file.sha256, "content_type": file.content_type, "active_content_removed": clean.removed }),
            ),
        )
        .await?;
        unit.commit().await?;
        self.get_month(&actor, dossier_id, period).await
    }

    /// `DELETE …/signed-certificate` or `DELETE …/files/{file_id}`: removes an attached file
    /// before certification.
    pub async fn delete_month_file(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        which: FileRef,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        let (d, m) = self.load_month(actor, id, period).await?;
        actor.own_organisation()?;
        let status = m.status.on_date(period, self.clock.today());
        if status != MonthStatus::AwaitingCertification {
            return Err(AppError::NotAllowed {
                command: MonthCommand::AttachFiles,
                status,
            });
        }
        let existing = store::files_of_month(&self.db.conn, m.id).await?;
        let target = existing
            .iter()
            .find(|f| match which {
                FileRef::SignedCertificate => f.kind == MonthFileKind::SignedCertificate,
                FileRef::Id(file_id) => f.id == file_id,
            })
            .ok_or(AppError::NotFound)?;
        let _now = self.clock.now();
        let unit = self.unit().await?;
        store::remove_file(unit.tx(), m.id, target.id).await?;
        unit.audit(
            actor,
            Audit::of(file_action(target.kind, false), m.id)
                .from(meta)
                .data(json!({ "dossier_id": d.id, "period": period.to_string(), "month_file_id": target.id })),
        )
        .await?;
        unit.commit().await?;
        self.get_month(actor, id, period).await
    }

    /// `GET …/files/{file_id}`: an attached file, for everyone on the dossier.
    pub async fn month_file(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        file_id: i64,
    ) -> Result<Download, AppError> {
        let (_, m) = self.load_month(actor, id, period).await?;
        let row = store::find_month_file(&self.db.conn, m.id, file_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let file = files::get(&self.db.conn, row.file_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let ext = Sniffed::from_content_type(&file.content_type)
            .map(|s| s.extension())
            .unwrap_or("bin");
        let stem = if row.kind == MonthFileKind::SignedCertificate {
            "certificat-signe".to_owned()
        } else {
            format!("attestation-presence-{}", row.id)
        };
        Ok(Download {
            content_type: file.content_type,
            file_name: format!("{stem}-{period}.{ext}"),
            bytes: file.data,
        })
    }
}

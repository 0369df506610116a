//! Certifying with the signed scan (SPEC F5.4).

use realis_api_types::{CertifyRequest, MonthView};
use realis_domain::FieldCode;
use realis_domain::MonthCommand;
use realis_domain::Period;
use realis_domain::certification::{CertificationMode, MonthFileKind};
use realis_store::certification as store;
use realis_store::files;

use super::finalise::Certification;
use crate::auth::RequestMeta;
use crate::{Actor, App, AppError};

impl App {
    /// `POST …/certify` `{mode:"upload"}` (F5.4).
    pub async fn certify_upload(
        &self,
        actor: &Actor,
        id: i64,
        period: Period,
        req: &CertifyRequest,
        meta: &RequestMeta,
    ) -> Result<MonthView, AppError> {
        if req.mode != CertificationMode::Upload {
            return Err(AppError::field(
                "mode",
                FieldCode::UseCode,
                "La certification en ligne se fait avec le code envoyé par e-mail (…/code puis …/code/verify).",
            ));
        }
        let (d, m) = self
            .certifiable_month(MonthCommand::CertifyUpload, actor, id, period)
            .await?;
        self.check_blocking(actor).await?;
        let signed = store::files_of_month(&self.db.conn, m.id)
            .await?
            .into_iter()
            .find(|f| f.kind == MonthFileKind::SignedCertificate)
            .ok_or_else(|| {
                AppError::field(
                    "signed_certificate",
                    FieldCode::Required,
                    "Joignez le certificat de réalisation signé avant de certifier.",
                )
            })?;
        let signed_sha = files::meta(&self.db.conn, signed.file_id)
            .await?
            .map(|f| f.sha256)
            .unwrap_or_default();
        self.finalise(
            actor,
            &d,
            &m,
            Certification {
                mode: CertificationMode::Upload,
                signed_file: Some((signed.file_id, signed_sha)),
                code_sent_to: None,
                consented_ip: None,
                batch_id: None,
            },
            None,
            meta,
        )
        .await?;
        self.get_month(actor, id, period).await
    }
}

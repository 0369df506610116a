//! What the month view shows of certification: the attached files, the current certificate and
//! the online state.

use chrono::Duration;
use realis_api_types::{CertificateView, MonthFileView, OnlineState};
use realis_domain::certification::{self as rules, CodeUsability, MonthFile};
use realis_domain::dossier::Dossier;
use realis_domain::month::Month;
use realis_store::certification as store;
use realis_store::{files, users};

use crate::shared::certificate_view;
use crate::{App, AppError};

impl App {
    /// Files of the attempt being prepared.
    pub(crate) async fn month_files(&self, month_id: i64) -> Result<Vec<MonthFileView>, AppError> {
        let rows = store::files_of_month(&self.db.conn, month_id).await?;
        self.file_views(rows).await
    }

    pub(crate) async fn file_views(
        &self,
        rows: Vec<MonthFile>,
    ) -> Result<Vec<MonthFileView>, AppError> {
        let mut out = Vec::new();
        for f in rows {
            if let Some(meta) = files::meta(&self.db.conn, f.file_id).await? {
                out.push(MonthFileView {
                    id: f.id,
                    kind: f.kind.as_str().to_owned(),
                    content_type: meta.content_type,
                    size_bytes: meta.size_bytes,
                    sha256: meta.sha256,
                    created_at: f.created_at,
                });
            }
        }
        Ok(out)
    }

    /// The month's current certificate, for the month view.
    pub(crate) async fn current_certificate_view(
        &self,
        month_id: i64,
    ) -> Result<Option<CertificateView>, AppError> {
        let Some(c) = store::current_certificate(&self.db.conn, month_id).await? else {
            return Ok(None);
        };
        let by = users::find_by_id(&self.db.conn, c.certified_by)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        let mut view = certificate_view(&c, by);
        view.files = self
            .file_views(store::files_of_certificate(&self.db.conn, c.id).await?)
            .await?;
        Ok(Some(view))
    }

    /// Online certification state, for OF staff.
    pub(crate) async fn online_state(
        &self,
        d: &Dossier,
        m: &Month,
    ) -> Result<OnlineState, AppError> {
        let policy = self.code_policy(d).await?;
        let now = self.clock.now();
        let mut state = OnlineState {
            locked: m.online_locked,
            code_length: policy.length,
            code_ttl_minutes: policy.ttl_minutes,
            ..Default::default()
        };
        if let Some(c) = store::latest_code(&self.db.conn, m.id).await? {
            state.resend_after =
                Some(c.created_at + Duration::seconds(rules::RESEND_COOLDOWN_SECONDS));
            if let CodeUsability::Usable { attempts_left } = c.state().usability(now) {
                state.code_expires_at = Some(c.expires_at);
                state.attempts_left = Some(attempts_left);
            }
        }
        Ok(state)
    }
}

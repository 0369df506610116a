//! Certification batches (issue #13): an OF chooses up to 200 prepared months, sees them with
//! their hours, and certifies them together: online with one code bound to the set and its hours
//! (`batch_code.rs`), or with one signed scan per month. This file makes and shows a batch.

use std::collections::HashSet;

use chrono::Duration;
use realis_api_types::FieldError;
use realis_api_types::{
    BatchMonthView, CERTIFICATION_BATCH_MAX, CertificationBatchView, CreateCertificationBatch,
    OnlineState, TotalsDto,
};
use realis_domain::certification::{self as rules, CodePolicy, CodeUsability, MonthFileKind};
use realis_domain::dossier::Dossier;
use realis_domain::month::Month;
use realis_domain::{FieldCode, Hours};
use realis_store::certification_batches::{self as store, Batch, BatchMonth};

use crate::shared::beneficiary_name;
use crate::{Actor, App, AppError};

/// A month of a loaded batch: its dossier, its month as stored now, the version it had when
/// the batch was made.
pub(crate) struct Member {
    pub(crate) d: Dossier,
    pub(crate) m: Month,
    pub(crate) version: i32,
}

impl Member {
    /// Written or moved on since the batch was made.
    pub(crate) fn changed(&self, app: &App) -> bool {
        let status = self.m.status.on_date(self.m.period, app.clock.today());
        self.m.version != self.version
            || rules::may_certify(status, self.m.period, self.d.session_end, app.clock.today())
                .is_err()
    }
}

fn field(i: usize, code: FieldCode, message: String) -> FieldError {
    FieldError {
        field: format!("months[{i}]"),
        code,
        message,
    }
}

impl App {
    /// `POST /certifications/batches`: the set of months to certify together.
    pub async fn create_certification_batch(
        &self,
        actor: &Actor,
        req: &CreateCertificationBatch,
    ) -> Result<CertificationBatchView, AppError> {
        let organisation_id = actor.own_organisation()?;
        if req.months.is_empty() {
            return Err(AppError::field(
                "months",
                FieldCode::Required,
                "Choisissez au moins un mois.",
            ));
        }
        if req.months.len() > CERTIFICATION_BATCH_MAX {
            return Err(AppError::field(
                "months",
                FieldCode::TooManyMonths,
                FieldCode::TooManyMonths.message_fr(),
            ));
        }
        let mut seen = HashSet::new();
        let mut members = Vec::with_capacity(req.months.len());
        let mut errors = Vec::new();
        for (i, r) in req.months.iter().enumerate() {
            // Another OF's month: 404 for the whole request, as for one month.
            let (d, m) = self.load_month(actor, r.dossier_id, r.period).await?;
            if !seen.insert(m.id) {
                errors.push(field(
                    i,
                    FieldCode::DuplicateItem,
                    FieldCode::DuplicateItem.message_fr().to_owned(),
                ));
                continue;
            }
            let member = Member {
                version: m.version,
                d,
                m,
            };
            if member.changed(self) {
                errors.push(field(
                    i,
                    FieldCode::NotCertifiable,
                    format!(
                        "{} {}\u{a0}: {}",
                        member.d.number,
                        r.period,
                        FieldCode::NotCertifiable.message_fr()
                    ),
                ));
            }
            members.push(member);
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let rows: Vec<BatchMonth> = members
            .iter()
            .map(|x| BatchMonth {
                month_id: x.m.id,
                version: x.version,
            })
            .collect();
        let unit = self.unit().await?;
        let batch = store::insert(
            unit.tx(),
            organisation_id,
            actor.user_id,
            &rows,
            self.clock.now(),
        )
        .await?;
        unit.commit().await?;
        self.batch_view(&batch, &members).await
    }

    /// `GET /certifications/batches/{id}`.
    pub async fn get_certification_batch(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<CertificationBatchView, AppError> {
        let (batch, members) = self.load_batch(actor, id).await?;
        self.batch_view(&batch, &members).await
    }

    /// The batch of the reader's organisation, with its months as they are now.
    pub(crate) async fn load_batch(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(Batch, Vec<Member>), AppError> {
        let organisation_id = actor.own_organisation()?;
        let batch = store::find(&self.db.conn, organisation_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut members = Vec::new();
        for row in store::months_of(&self.db.conn, batch.id).await? {
            let m = realis_store::portfolio::find_month_by_id(&self.db.conn, row.month_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let d = self.dossier_in_scope(actor, m.dossier_id).await?;
            members.push(Member {
                d,
                m,
                version: row.version,
            });
        }
        Ok((batch, members))
    }

    /// The code policy of a batch: the strictest of its months' funders.
    pub(crate) async fn batch_policy(&self, members: &[Member]) -> Result<CodePolicy, AppError> {
        let mut funders = HashSet::new();
        let mut policies = Vec::new();
        for x in members.iter().filter(|x| funders.insert(x.d.funder_id)) {
            policies.push(self.code_policy(&x.d).await?);
        }
        Ok(CodePolicy::strictest(policies))
    }

    pub(crate) async fn batch_view(
        &self,
        batch: &Batch,
        members: &[Member],
    ) -> Result<CertificationBatchView, AppError> {
        let today = self.clock.today();
        let mut months = Vec::with_capacity(members.len());
        for x in members {
            let status = x.m.status.on_date(x.m.period, today);
            let signed_certificate =
                realis_store::certification::files_of_month(&self.db.conn, x.m.id)
                    .await?
                    .iter()
                    .any(|f| f.kind == MonthFileKind::SignedCertificate);
            let verification_code = match batch.certified_at {
                None => None,
                Some(_) => realis_store::certification::current_certificate(&self.db.conn, x.m.id)
                    .await?
                    .filter(|c| c.batch_id == Some(batch.id))
                    .map(|c| c.verification_code),
            };
            months.push(BatchMonthView {
                dossier_id: x.d.id,
                dossier_number: x.d.number.clone(),
                beneficiary: beneficiary_name(&x.d),
                period: x.m.period,
                status,
                status_label: status.label_fr().to_owned(),
                totals: TotalsDto {
                    training: x.m.totals.training,
                    internship: x.m.totals.internship,
                    absence: x.m.totals.absence,
                },
                changed: batch.certified_at.is_none() && x.changed(self),
                signed_certificate,
                verification_code,
            });
        }
        let sum = |f: fn(&TotalsDto) -> Hours| Hours::sum(months.iter().map(|m| f(&m.totals)));
        let totals = TotalsDto {
            training: sum(|t| t.training),
            internship: sum(|t| t.internship),
            absence: sum(|t| t.absence),
        };
        let created_by = realis_store::users::find_by_id(&self.db.conn, batch.created_by)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        Ok(CertificationBatchView {
            id: batch.id,
            created_at: batch.created_at,
            created_by,
            certified_at: batch.certified_at,
            mode: batch.mode,
            totals,
            online: self.batch_online_state(batch, members).await?,
            months,
        })
    }

    async fn batch_online_state(
        &self,
        batch: &Batch,
        members: &[Member],
    ) -> Result<OnlineState, AppError> {
        let policy = self.batch_policy(members).await?;
        let now = self.clock.now();
        let rows = store::latest_code(&self.db.conn, batch.id).await?;
        let sent_at = rows.first().map(|c| c.created_at);
        // Usable only when every month's row is.
        let attempts_left = rows
            .iter()
            .map(|c| match c.state().usability(now) {
                CodeUsability::Usable { attempts_left } => Some(attempts_left),
                _ => None,
            })
            .collect::<Option<Vec<i32>>>()
            .and_then(|v| v.into_iter().min())
            .filter(|_| rows.len() == members.len());
        Ok(OnlineState {
            locked: members.iter().any(|x| x.m.online_locked),
            code_expires_at: attempts_left.and(rows.first().map(|c| c.expires_at)),
            attempts_left,
            resend_after: sent_at.map(|t| t + Duration::seconds(rules::RESEND_COOLDOWN_SECONDS)),
            code_length: policy.length,
            code_ttl_minutes: policy.ttl_minutes,
        })
    }
}

//! The funder creates a dossier (SPEC F9): parties created or reused by e-mail (and invited),
//! planned calendar, one month per period of the session.

use super::external_ref;
use crate::shared::dossier_subject;
use crate::unit::Audit;
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::events::DomainEvent;
use std::collections::BTreeSet;

use realis_api_types::{CreateDossierRequest, DossierView, FieldError};
use realis_domain::training::Training;
use realis_domain::{Hours, Label, LabelError, MonthAction, MonthStatus, Period, Role};
use realis_store::dossiers as store;
use realis_store::portfolio::{self, NewDossier};
use realis_store::users;

use crate::accounts::{
    Invitee, Tenancy, label_error, parse_display_name, parse_email, parse_label,
};
use crate::auth::RequestMeta;
use crate::{Actor, App, AppError};

fn fe(field: impl Into<String>, code: FieldCode, message: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code,
        message: message.into(),
    }
}

/// The dossier's title when it is created from `training`: the training's, which the request
/// may leave empty or repeat (normalised alike), but not contradict.
fn training_title_of(training: &Training, given: &str) -> Result<String, AppError> {
    match Label::parse(given, 200) {
        Err(LabelError::Empty) => Ok(training.title.clone()),
        Ok(l) if l.as_str() == training.title => Ok(training.title.clone()),
        _ => Err(AppError::field(
            "training_title",
            FieldCode::TrainingTitleMismatch,
            &format!(
                "L'intitulé diffère de celui de la formation choisie\u{a0}: laissez-le vide ou \
                 reprenez «\u{a0}{}\u{a0}».",
                training.title
            ),
        )),
    }
}

impl App {
    /// `POST /funder/dossiers`.
    pub async fn create_dossier(
        &self,
        actor: &Actor,
        req: &CreateDossierRequest,
        meta: &RequestMeta,
    ) -> Result<DossierView, AppError> {
        let funder_id = actor.own_funder()?;
        let mut errors = Vec::new();
        let number = match Label::parse(&req.number, 50) {
            Ok(n) => n.into_string(),
            Err(e) => {
                errors.push(label_error("number", e));
                String::new()
            }
        };
        if !number.is_empty() && store::number_taken(&self.db.conn, funder_id, &number).await? {
            errors.push(fe(
                "number",
                FieldCode::NumberTaken,
                "Ce numéro de dossier existe déjà.",
            ));
        }
        let org = portfolio::find_organisation(&self.db.conn, req.organisation_id)
            .await?
            .filter(|o| o.funder_id == funder_id);
        match &org {
            None => errors.push(fe(
                "organisation_id",
                FieldCode::UnknownOrganisation,
                "Organisme inconnu.",
            )),
            // Its users can no longer sign in: a dossier would have nobody to enter its hours.
            Some(o) if !o.is_active() => errors.push(fe(
                "organisation_id",
                FieldCode::OrganisationDisabled,
                "Cet organisme est désactivé\u{a0}: réactivez-le avant de lui confier un dossier.",
            )),
            Some(_) => {}
        }
        // Unique within the organisation (its syntax is checked whichever the organisation).
        let external_ref = match &req.external_ref {
            None => None,
            Some(r) => {
                let organisation = org.as_ref().map(|o| o.id);
                match external_ref::checked(&self.db.conn, organisation, r, None).await {
                    Ok(r) => Some(r),
                    Err(AppError::Validation(e)) => {
                        errors.extend(e);
                        None
                    }
                    Err(e) => return Err(e),
                }
            }
        };
        let training = match (req.training_id, &org) {
            (Some(id), Some(org)) => {
                let t = realis_store::trainings::find(&self.db.conn, id)
                    .await?
                    .filter(|t| t.organisation_id == org.id);
                if t.is_none() {
                    errors.push(fe(
                        "training_id",
                        FieldCode::UnknownTraining,
                        "Cette formation n'est pas au catalogue de l'organisme choisi.",
                    ));
                }
                t
            }
            _ => None,
        };
        let title = match &training {
            Some(t) => training_title_of(t, &req.training_title),
            None if req.training_id.is_some() => Ok(String::new()),
            None => parse_label("training_title", &req.training_title, 200),
        };
        if req.session_end < req.session_start {
            errors.push(fe(
                "session_end",
                FieldCode::BeforeStart,
                "La fin de session précède son début.",
            ));
        } else if (req.session_end - req.session_start).num_days() > 5 * 366 {
            errors.push(fe(
                "session_end",
                FieldCode::TooLong,
                "Une session ne peut pas dépasser 5 ans.",
            ));
        }
        let first = parse_display_name("beneficiary.first_name", &req.beneficiary.first_name);
        let last = parse_display_name("beneficiary.last_name", &req.beneficiary.last_name);
        let ben_email = parse_email("beneficiary.email", &req.beneficiary.email);
        let emp_name = parse_display_name("employer.name", &req.employer.name);
        let emp_email = parse_email("employer.email", &req.employer.email);
        for r in [&first, &last, &emp_name, &title] {
            if let Err(AppError::Validation(e)) = r {
                errors.extend(e.clone());
            }
        }
        for r in [&ben_email, &emp_email] {
            if let Err(AppError::Validation(e)) = r {
                errors.extend(e.clone());
            }
        }
        let mut seen = BTreeSet::new();
        for (i, p) in req.planned_calendar.iter().enumerate() {
            if p.date < req.session_start || p.date > req.session_end {
                errors.push(fe(
                    format!("planned_calendar[{i}].date"),
                    FieldCode::OutsideSession,
                    "Ce jour est en dehors de la session.",
                ));
            }
            if !seen.insert(p.date) {
                errors.push(fe(
                    format!("planned_calendar[{i}].date"),
                    FieldCode::DuplicateDate,
                    "Ce jour figure deux fois.",
                ));
            }
            if Hours::sum([p.training, p.internship]) > Hours::from_whole(24) {
                errors.push(fe(
                    format!("planned_calendar[{i}].training"),
                    FieldCode::DayOver24h,
                    "Plus de 24 heures prévues ce jour.",
                ));
            }
        }
        let (
            Ok(first),
            Ok(last),
            Ok(ben_email),
            Ok(emp_name),
            Ok(emp_email),
            Ok(title),
            Some(org),
            true,
        ) = (
            first,
            last,
            ben_email,
            emp_name,
            emp_email,
            title,
            org,
            errors.is_empty(),
        )
        else {
            return Err(AppError::Validation(errors));
        };
        // An existing account is reused only if it is a beneficiary / this funder's employer.
        let existing_ben = users::find_by_email(&self.db.conn, ben_email.as_str()).await?;
        if existing_ben
            .as_ref()
            .is_some_and(|u| u.role != Role::Beneficiary)
        {
            return Err(AppError::field(
                "beneficiary.email",
                FieldCode::EmailTaken,
                "Cette adresse est déjà utilisée par un compte qui n'est pas un bénéficiaire.",
            ));
        }
        let existing_emp_user = users::find_by_email(&self.db.conn, emp_email.as_str()).await?;
        if existing_emp_user
            .as_ref()
            .is_some_and(|u| u.role != Role::Employer)
        {
            return Err(AppError::field(
                "employer.email",
                FieldCode::EmailTaken,
                "Cette adresse est déjà utilisée par un compte qui n'est pas un employeur.",
            ));
        }
        let funder = portfolio::find_funder(&self.db.conn, funder_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = self.clock.now();
        let today = self.clock.today();
        let unit = self.unit().await?;
        let beneficiary = match existing_ben {
            Some(u) => u,
            None => {
                let name = format!("{first} {last}");
                let who = Invitee {
                    field: "beneficiary.email",
                    email: &ben_email,
                    display_name: &name,
                    role: Role::Beneficiary,
                    tenancy: Tenancy::default(),
                    inviter: &funder.name,
                };
                self.create_account(unit.tx(), who, now).await?
            }
        };
        let employer = match store::find_employer_by_email(unit.tx(), funder_id, emp_email.as_str())
            .await?
        {
            Some(e) => e,
            None => {
                portfolio::insert_employer(unit.tx(), funder_id, &emp_name, emp_email.as_str(), now)
                    .await?
            }
        };
        // The account represents this funder's employer too, whichever funder named it first.
        let employer_account = match existing_emp_user {
            Some(u) => u,
            None => {
                let who = Invitee {
                    field: "employer.email",
                    email: &emp_email,
                    display_name: &emp_name,
                    role: Role::Employer,
                    tenancy: Tenancy::default(),
                    inviter: &funder.name,
                };
                self.create_account(unit.tx(), who, now).await?
            }
        };
        realis_store::accounts::link_employer(unit.tx(), employer_account.id, employer.id, now)
            .await?;
        let d = portfolio::insert_dossier(
            unit.tx(),
            NewDossier {
                funder_id,
                organisation_id: org.id,
                number: number.clone(),
                beneficiary_user_id: beneficiary.id,
                beneficiary_first_name: first,
                beneficiary_last_name: last,
                employer_id: employer.id,
                training_title: title,
                session_start: req.session_start,
                session_end: req.session_end,
                committee_date: req.committee_date,
                granularity: req.granularity,
                scheme: req.scheme.unwrap_or_default(),
                training: training.as_ref().map(|t| (t.id, t.modality)),
                external_ref,
            },
            now,
        )
        .await?;
        let planned: Vec<_> = req
            .planned_calendar
            .iter()
            .map(|p| (p.date, p.training.hundredths(), p.internship.hundredths()))
            .collect();
        portfolio::insert_planned_days(unit.tx(), d.id, &planned).await?;
        let opened = MonthStatus::NotOpen.apply(MonthAction::Open)?;
        let months: Vec<(Period, MonthStatus)> =
            Period::months_of_session(req.session_start, req.session_end)
                .into_iter()
                .map(|p| {
                    (
                        p,
                        if p <= Period::of(today) {
                            opened
                        } else {
                            MonthStatus::NotOpen
                        },
                    )
                })
                .collect();
        portfolio::insert_months(unit.tx(), d.id, &months, now).await?;
        unit.event(
            Some(actor),
            dossier_subject(&d),
            DomainEvent::DossierCreated {
                number: d.number.clone(),
                scheme: d.scheme,
            },
        )
        .await?;
        unit.audit(actor, Audit::of(AuditAction::DossierCreated, d.id).ip(meta))
            .await?;
        unit.commit().await?;
        self.get_dossier(actor, d.id).await
    }
}

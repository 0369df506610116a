//! Stored rows read back as the domain's types: a value no release wrote (a status, period,
//! role, granularity…) is a `StoreError::Corrupt`, never a silent default.

use std::borrow::Cow;

use realis_domain::audit::{AuditAction, AuditObject, AuditRecord, Checkpoint};
use realis_domain::certification::{
    CertificationMode, CodePolicy, MonthFile, MonthFileKind, OnlineCode,
};
use realis_domain::grid::{DayHours, Granularity, Totals};
use realis_domain::{HolidayZone, Hours, MonthStatus, Period, Role, ValidationSetting};

use realis_domain::certificate::Certificate as CertificateRow;
use realis_domain::dossier::{Dossier as DossierRow, Employer, Scheme};
use realis_domain::funder::{Funder as FunderRow, FunderSettings};
use realis_domain::month::Month as MonthRow;
use realis_domain::organisation::Organisation;
use realis_domain::training::Modality;

use crate::StoreError;
use crate::entities::{
    audit_checkpoints, audit_log, certificates, certification_codes, dossiers, employers, funders,
    month_days, month_files, months, organisations,
};

/// Stored hundredths as hours (a negative value, which no release writes, reads as zero).
pub(crate) fn hours(v: i32) -> Hours {
    Hours::from_hundredths(u32::try_from(v).unwrap_or(0))
}

/// A stored employer as the domain's.
pub(crate) fn employer_of(e: employers::Model) -> Employer {
    Employer {
        id: e.id,
        funder_id: e.funder_id,
        name: e.name,
        email: e.email,
        created_at: e.created_at,
    }
}

/// A stored day of a month as the grid's hours.
pub(crate) fn day_of(d: month_days::Model) -> DayHours {
    DayHours {
        date: d.day,
        training_am: hours(d.training_am),
        training_pm: hours(d.training_pm),
        internship_am: hours(d.internship_am),
        internship_pm: hours(d.internship_pm),
        absence: hours(d.absence),
    }
}

/// A stored month as the domain's aggregate; a status or period no release wrote is an error.
pub(crate) fn month_of(m: months::Model) -> Result<MonthRow, StoreError> {
    Ok(MonthRow {
        id: m.id,
        dossier_id: m.dossier_id,
        period: Period::parse(&m.period)
            .map_err(|_| StoreError::corrupt("months.period", &m.period))?,
        status: MonthStatus::parse(&m.status)
            .ok_or_else(|| StoreError::corrupt("months.status", &m.status))?,
        version: m.version,
        totals: Totals {
            training: hours(m.training),
            internship: hours(m.internship),
            absence: hours(m.absence),
        },
        online_locked: m.online_locked,
        failed_code_attempts: m.failed_code_attempts,
        transmission_id: m.transmission_id,
        transmitted_at: m.transmitted_at,
        updated_by: m.updated_by,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// A stored funder as the domain's; a setting no release wrote is an error.
pub(crate) fn funder_of(f: funders::Model) -> Result<FunderRow, StoreError> {
    Ok(FunderRow {
        id: f.id,
        name: f.name,
        region: f.region,
        settings: FunderSettings {
            granularity: Granularity::parse(&f.granularity)
                .ok_or_else(|| StoreError::corrupt("funders.granularity", &f.granularity))?,
            validations: ValidationSetting::parse(&f.validations)
                .ok_or_else(|| StoreError::corrupt("funders.validations", &f.validations))?,
            code: CodePolicy::from_stored(f.code_length, f.code_ttl_minutes),
            holiday_zone: HolidayZone::parse(&f.holiday_zone)
                .ok_or_else(|| StoreError::corrupt("funders.holiday_zone", &f.holiday_zone))?,
            website: f.website,
        },
        created_at: f.created_at,
        updated_at: f.updated_at,
    })
}

/// A stored dossier as the domain's; a granularity no release wrote is an error.
pub(crate) fn dossier_of(d: dossiers::Model) -> Result<DossierRow, StoreError> {
    let granularity = match d.granularity.as_deref() {
        None => None,
        Some(g) => Some(
            Granularity::parse(g).ok_or_else(|| StoreError::corrupt("dossiers.granularity", g))?,
        ),
    };
    Ok(DossierRow {
        id: d.id,
        funder_id: d.funder_id,
        organisation_id: d.organisation_id,
        number: d.number,
        beneficiary_user_id: d.beneficiary_user_id,
        beneficiary_first_name: d.beneficiary_first_name,
        beneficiary_last_name: d.beneficiary_last_name,
        employer_id: d.employer_id,
        training_title: d.training_title,
        session_start: d.session_start,
        session_end: d.session_end,
        committee_date: d.committee_date,
        scheme: Scheme::parse(&d.scheme)
            .ok_or_else(|| StoreError::corrupt("dossiers.scheme", &d.scheme))?,
        granularity,
        training_id: d.training_id,
        training_modality: match d.training_modality.as_deref() {
            None => None,
            Some(m) => Some(
                Modality::parse(m)
                    .ok_or_else(|| StoreError::corrupt("dossiers.training_modality", m))?,
            ),
        },
        external_ref: d.external_ref,
        created_at: d.created_at,
        updated_at: d.updated_at,
    })
}

/// A stored certificate as the domain's; a mode or flow no release wrote is an error.
pub(crate) fn certificate_of(c: certificates::Model) -> Result<CertificateRow, StoreError> {
    Ok(CertificateRow {
        mode: CertificationMode::parse(&c.mode)
            .ok_or_else(|| StoreError::corrupt("certificates.mode", &c.mode))?,
        validations: ValidationSetting::parse(&c.validations)
            .ok_or_else(|| StoreError::corrupt("certificates.validations", &c.validations))?,
        id: c.id,
        month_id: c.month_id,
        certified_at: c.certified_at,
        certified_by: c.certified_by,
        verification_code: c.verification_code,
        sha256: c.sha256,
        pdf_file_id: c.pdf_file_id,
        signed_file_id: c.signed_file_id,
        ip: c.ip,
        data_json: c.data_json,
        superseded_at: c.superseded_at,
        batch_id: c.batch_id,
    })
}

/// A stored organisation as the domain's.
pub(crate) fn organisation_of(o: organisations::Model) -> Organisation {
    Organisation {
        id: o.id,
        funder_id: o.funder_id,
        name: o.name,
        siret: o.siret,
        email: o.email,
        address: o.address,
        postal_code: o.postal_code,
        city: o.city,
        mobile_phone: o.mobile_phone,
        landline_phone: o.landline_phone,
        fax: o.fax,
        nda: o.nda,
        website: o.website,
        legal_representative: o.legal_representative,
        certifier: o.certifier,
        logo_file_id: o.logo_file_id,
        stamp_file_id: o.stamp_file_id,
        deactivated_at: o.deactivated_at,
        version: o.version,
        created_at: o.created_at,
        updated_at: o.updated_at,
    }
}

/// A stored month file as the domain's; a kind no release wrote is an error.
pub(crate) fn month_file_of(f: month_files::Model) -> Result<MonthFile, StoreError> {
    Ok(MonthFile {
        kind: MonthFileKind::parse(&f.kind)
            .ok_or_else(|| StoreError::corrupt("month_files.kind", &f.kind))?,
        id: f.id,
        month_id: f.month_id,
        file_id: f.file_id,
        uploaded_by: f.uploaded_by,
        certificate_id: f.certificate_id,
        created_at: f.created_at,
    })
}

/// A stored certification code as the domain's.
pub(crate) fn online_code_of(c: certification_codes::Model) -> OnlineCode {
    OnlineCode {
        id: c.id,
        month_id: c.month_id,
        user_id: c.user_id,
        code_hash: c.code_hash,
        hours_hash: c.hours_hash,
        expires_at: c.expires_at,
        attempts: c.attempts,
        consumed_at: c.consumed_at,
        invalidated_at: c.invalidated_at,
        ip: c.ip,
        created_at: c.created_at,
        batch_id: c.batch_id,
    }
}

/// A stored audit record as the domain's; an action, role or object kind no release wrote is an
/// error. Nothing is normalised: [`audit_row_of`] gives back the very fields its hash covers.
pub(crate) fn audit_record_of(r: audit_log::Model) -> Result<AuditRecord, StoreError> {
    let actor_role = match r.actor_role.as_deref() {
        None => None,
        Some(v) => {
            Some(Role::parse(v).ok_or_else(|| StoreError::corrupt("audit_log.actor_role", v))?)
        }
    };
    let object_type = match r.object_type.as_deref() {
        None => None,
        Some(v) => Some(
            AuditObject::parse(v).ok_or_else(|| StoreError::corrupt("audit_log.object_type", v))?,
        ),
    };
    Ok(AuditRecord {
        action: AuditAction::parse(&r.action)
            .ok_or_else(|| StoreError::corrupt("audit_log.action", &r.action))?,
        actor_role,
        object_type,
        id: r.id,
        at: r.at,
        actor_user_id: r.actor_user_id,
        organisation_id: r.organisation_id,
        funder_id: r.funder_id,
        object_id: r.object_id,
        ip: r.ip,
        user_agent: r.user_agent,
        data_hash: r.data_hash,
        prev_hash: r.prev_hash,
        hash: r.hash,
    })
}

/// The stored fields of a record read back by [`audit_record_of`], for the chain to check: each
/// typed value is written by the name it was parsed from (the parsers accept exactly the names
/// they write), so the hash covers the same bytes.
pub(crate) fn audit_row_of(r: &AuditRecord) -> audit_log::Model {
    audit_log::Model {
        id: r.id,
        at: r.at,
        actor_user_id: r.actor_user_id,
        actor_role: r.actor_role.map(|v| v.as_str().to_owned()),
        organisation_id: r.organisation_id,
        funder_id: r.funder_id,
        action: r.action.as_str().to_owned(),
        object_type: r.object_type.map(|v| v.as_str().to_owned()),
        object_id: r.object_id.clone(),
        ip: r.ip.clone(),
        user_agent: r.user_agent.clone(),
        data_hash: r.data_hash.clone(),
        prev_hash: r.prev_hash.clone(),
        hash: r.hash.clone(),
    }
}

/// A record `chain::check_records` checks: a stored row as it is, or a record read back as the
/// domain's (checked on the fields it was read from, see [`audit_row_of`]).
pub trait Checked {
    fn stored(&self) -> Cow<'_, audit_log::Model>;
}

impl Checked for audit_log::Model {
    fn stored(&self) -> Cow<'_, audit_log::Model> {
        Cow::Borrowed(self)
    }
}

impl Checked for AuditRecord {
    fn stored(&self) -> Cow<'_, audit_log::Model> {
        Cow::Owned(audit_row_of(self))
    }
}

/// A stored checkpoint of the audit chain as the domain's.
pub(crate) fn checkpoint_of(c: audit_checkpoints::Model) -> Checkpoint {
    Checkpoint {
        id: c.id,
        last_id: c.last_id,
        head_hash: c.head_hash,
        count: c.count,
        at: c.at,
        mac: c.mac,
    }
}

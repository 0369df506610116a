//! The funder's hand on an OF (issue #11, part 5): its agent corrects the organisation's identity,
//! SIRET included (a change of SIRET needs a reason, is audited with the values before and after,
//! and is e-mailed to the OF's users), and deactivates or reactivates it. While deactivated, its
//! users can neither log in nor use their tokens (`organisation_disabled`); its data stays
//! readable by the funder. Only the agents of the OF's funder: any other reader gets 404.

use realis_api_types::{CorrectOrganisationRequest, OrganisationView};
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::organisation::{
    FieldIssue, IdentityInput, Organisation, SiretChange, siret_change, validate_identity,
};
use realis_store::organisations::{self, IdentityUpdate};
use realis_store::{portfolio, users};
use serde_json::{Map, Value, json};

use crate::access::issues_to_error;
use crate::unit::Audit;
use crate::{Actor, App, AppError, RequestMeta};

/// The identity fields a correction may change, as audited: name and value.
fn audited_fields(o: &Organisation) -> [(&'static str, Option<String>); 12] {
    [
        ("name", Some(o.name.clone())),
        ("siret", Some(o.siret.clone())),
        ("email", Some(o.email.clone())),
        ("address", o.address.clone()),
        ("postal_code", o.postal_code.clone()),
        ("city", o.city.clone()),
        ("mobile_phone", o.mobile_phone.clone()),
        ("landline_phone", o.landline_phone.clone()),
        ("fax", o.fax.clone()),
        ("nda", o.nda.clone()),
        ("website", o.website.clone()),
        ("legal_representative", o.legal_representative.clone()),
    ]
}

/// `{changed, before, after}` of the fields that differ.
fn difference(before: &Organisation, after: &Organisation) -> (Vec<&'static str>, Value, Value) {
    let mut changed = Vec::new();
    let (mut was, mut is) = (Map::new(), Map::new());
    for ((field, old), (_, new)) in audited_fields(before)
        .into_iter()
        .zip(audited_fields(after))
    {
        if old != new {
            changed.push(field);
            was.insert(field.to_owned(), json!(old));
            is.insert(field.to_owned(), json!(new));
        }
    }
    (changed, Value::Object(was), Value::Object(is))
}

impl App {
    /// `PUT /funder/organisations/{id}`: the whole identity, checked by the OF's own rules, and
    /// the SIRET by the SIRET rule (a new number needs `reason`).
    pub async fn correct_organisation(
        &self,
        actor: &Actor,
        id: i64,
        req: &CorrectOrganisationRequest,
        meta: &RequestMeta,
    ) -> Result<OrganisationView, AppError> {
        let before = self.funder_org(actor, id).await?;
        if req.version.is_some_and(|v| v != before.version) {
            return Err(AppError::StaleVersion);
        }
        let identity = validate_identity(&IdentityInput {
            name: req.name.clone(),
            email: req.email.clone(),
            address: req.address.clone(),
            postal_code: req.postal_code.clone(),
            city: req.city.clone(),
            mobile_phone: req.mobile_phone.clone(),
            landline_phone: req.landline_phone.clone(),
            fax: req.fax.clone(),
            nda: req.nda.clone(),
            website: req.website.clone(),
            legal_representative: req.legal_representative.clone(),
        });
        let siret = siret_change(&before.siret, &req.siret, req.reason.as_deref());
        let (identity, siret) = match (identity, siret) {
            (Ok(i), Ok(s)) => (i, s),
            (i, s) => {
                let mut issues: Vec<FieldIssue> = Vec::new();
                issues.extend(i.err().unwrap_or_default());
                issues.extend(s.err().unwrap_or_default());
                return Err(issues_to_error(issues));
            }
        };
        let (new_siret, reason) = match &siret {
            SiretChange::Unchanged => (before.siret.clone(), None),
            SiretChange::Corrected { siret, reason } => {
                (siret.as_str().to_owned(), Some(reason.clone()))
            }
        };
        if reason.is_some()
            && organisations::find_by_siret(&self.db.conn, before.funder_id, &new_siret)
                .await?
                .is_some_and(|o| o.id != before.id)
        {
            return Err(AppError::field(
                "siret",
                FieldCode::SiretTaken,
                "Un organisme existe déjà avec ce numéro de SIRET.",
            ));
        }
        let mut unit = self.unit().await?;
        let now = unit.now();
        let after = organisations::correct_identity(
            unit.tx(),
            before.id,
            before.version,
            &new_siret,
            IdentityUpdate {
                name: identity.name,
                email: identity.email.as_str().to_owned(),
                address: identity.address,
                postal_code: identity.postal_code,
                city: identity.city,
                mobile_phone: identity.mobile_phone,
                landline_phone: identity.landline_phone,
                fax: identity.fax,
                nda: identity.nda.map(|n| n.as_str().to_owned()),
                website: identity.website,
                legal_representative: identity.legal_representative,
                certifier: before.certifier,
            },
            now,
        )
        .await?
        .ok_or(AppError::StaleVersion)?;
        let (changed, was, is) = difference(&before, &after);
        let action = if reason.is_some() {
            AuditAction::SiretCorrected
        } else {
            AuditAction::OrganisationCorrected
        };
        unit.audit(
            actor,
            Audit::of(action, after.id).from(meta).data(json!({
                "changed": changed,
                "before": was,
                "after": is,
                "reason": reason,
            })),
        )
        .await?;
        if let Some(reason) = &reason {
            let funder = portfolio::find_funder(unit.tx(), before.funder_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let recipients = users::list_for_organisation(unit.tx(), after.id).await?;
            for u in recipients.into_iter().filter(|u| !u.disabled) {
                let mail = realis_mail::SiretCorrected {
                    recipient_name: u.display_name.clone(),
                    organisation_name: after.name.clone(),
                    funder_name: funder.name.clone(),
                    before: before.siret.clone(),
                    after: after.siret.clone(),
                    reason: reason.clone(),
                    date: now,
                    link: self.link_to("identite"),
                }
                .render();
                unit.mail(&u.email, mail).await?;
            }
        }
        unit.commit().await?;
        self.funder_get_organisation(actor, after.id).await
    }

    /// `POST /funder/organisations/{id}/deactivate` (`active = false`) and `…/reactivate`.
    /// Deactivating revokes every token, session and unused link of the OF's users at once;
    /// reactivating lets them log in again (their old sessions stay revoked). Doing what is
    /// already done changes nothing and answers the organisation as it is.
    pub async fn set_organisation_active(
        &self,
        actor: &Actor,
        id: i64,
        active: bool,
        meta: &RequestMeta,
    ) -> Result<OrganisationView, AppError> {
        let org = self.funder_org(actor, id).await?;
        if org.is_active() != active {
            let unit = self.unit().await?;
            let now = unit.now();
            let (deactivated_at, action, revoked) = if active {
                (None, AuditAction::OrganisationReactivated, 0)
            } else {
                let revoked = users::revoke_organisation(unit.tx(), org.id, now).await?;
                (Some(now), AuditAction::OrganisationDeactivated, revoked)
            };
            organisations::set_deactivated(unit.tx(), org.id, deactivated_at, now).await?;
            unit.audit(
                actor,
                Audit::of(action, org.id)
                    .from(meta)
                    .data(json!({ "siret": org.siret, "accounts_revoked": revoked })),
            )
            .await?;
            unit.commit().await?;
            self.token_cache.forget_all();
        }
        self.funder_get_organisation(actor, org.id).await
    }
}

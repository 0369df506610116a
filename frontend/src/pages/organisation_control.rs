//! The agent's hand on one of its organisations: correct its identity, SIRET included (a new
//! SIRET needs a reason), and «Désactiver l'organisme» / «Réactiver l'organisme».

use leptos::prelude::*;
use realis_api_types::{CorrectOrganisationRequest, OrganisationView};

use crate::api;
use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::components::field::TextField;
use crate::components::live::Status;
use crate::errors::UiError;
use crate::format::date_paris;

/// The correction form and the deactivation, under the organisation's review.
#[component]
pub fn OrganisationControl(current: RwSignal<OrganisationView>) -> impl IntoView {
    view! {
        <CorrectionForm current/>
        <Deactivation current/>
    }
}

#[component]
fn CorrectionForm(current: RwSignal<OrganisationView>) -> impl IntoView {
    let org = current.get_untracked();
    let id = org.id;
    let text = |v: &Option<String>| RwSignal::new(v.clone().unwrap_or_default());
    let name = RwSignal::new(org.name.clone());
    let siret = RwSignal::new(realis_domain::fr::siret(&org.siret));
    let reason = RwSignal::new(String::new());
    let email = RwSignal::new(org.email.clone());
    let address = text(&org.address);
    let postal_code = text(&org.postal_code);
    let city = text(&org.city);
    let mobile_phone = text(&org.mobile_phone);
    let landline_phone = text(&org.landline_phone);
    let fax = text(&org.fax);
    let nda = text(&org.nda);
    let website = text(&org.website);
    let legal_representative = text(&org.legal_representative);
    let errors = RwSignal::new(None::<UiError>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |body: &CorrectOrganisationRequest| {
        let body = body.clone();
        async move { api::correct_organisation(id, body).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(o) => {
                    errors.set(None);
                    saved.set(true);
                    siret.set(realis_domain::fr::siret(&o.siret));
                    reason.set(String::new());
                    current.set(o);
                }
                Err(e) => {
                    saved.set(false);
                    errors.set(Some(e));
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let reason = reason.get_untracked();
        save.dispatch(CorrectOrganisationRequest {
            name: name.get_untracked(),
            siret: siret.get_untracked(),
            reason: (!reason.trim().is_empty()).then_some(reason),
            email: email.get_untracked(),
            address: address.get_untracked(),
            postal_code: postal_code.get_untracked(),
            city: city.get_untracked(),
            mobile_phone: mobile_phone.get_untracked(),
            landline_phone: landline_phone.get_untracked(),
            fax: fax.get_untracked(),
            nda: nda.get_untracked(),
            website: website.get_untracked(),
            legal_representative: legal_representative.get_untracked(),
            version: None,
        });
    };
    view! {
        <h2>"Corriger l'identité de l'organisme"</h2>
        <form novalidate class="identity" data-testid="correction-form" on:submit=on_submit>
            <TextField label="Nom" field="name" value=name errors required=true/>
            <TextField label="Numéro de SIRET" field="siret" value=siret errors required=true/>
            <TextField label="Motif de la correction du SIRET" field="reason" value=reason errors/>
            <p class="hint">"Le motif est obligatoire si le numéro de SIRET change\u{a0}; les utilisateurs de l'organisme en sont informés par e-mail."</p>
            <TextField label="Adresse e-mail" field="email" value=email errors kind="email" required=true/>
            <TextField label="Adresse" field="address" value=address errors/>
            <TextField label="Code postal" field="postal_code" value=postal_code errors/>
            <TextField label="Ville" field="city" value=city errors/>
            <TextField label="Téléphone portable" field="mobile_phone" value=mobile_phone errors kind="tel"/>
            <TextField label="Téléphone fixe" field="landline_phone" value=landline_phone errors kind="tel"/>
            <TextField label="Fax" field="fax" value=fax errors kind="tel"/>
            <TextField label="Numéro de déclarant" field="nda" value=nda errors/>
            <TextField label="Site Web" field="website" value=website errors/>
            <TextField label="Nom du représentant légal" field="legal_representative" value=legal_representative errors/>
            {move || errors.get().map(|e| {
                let text = if e.fields.is_empty() { e.message } else { "Certains champs ne sont pas valides\u{a0}: corrigez-les puis enregistrez à nouveau.".to_owned() };
                view! { <p class="error" role="alert" data-testid="correction-errors">{text}</p> }
            })}
            <Status>{move || saved.get().then(|| view! { <p class="success" data-testid="correction-saved">"Les corrections ont été enregistrées."</p> })}</Status>
            <button type="submit" class="primary inline" data-testid="correction-save" disabled=move || save.pending().get()>"Enregistrer les corrections"</button>
        </form>
    }
}

#[component]
fn Deactivation(current: RwSignal<OrganisationView>) -> impl IntoView {
    let ask = RwSignal::new(None::<Confirmation>);
    let error = RwSignal::new(None::<UiError>);
    let toggle = Action::new_local(move |active: &bool| {
        let (id, active) = (current.get_untracked().id, *active);
        async move { api::set_organisation_active(id, active).await }
    });
    Effect::new(move |_| {
        if let Some(r) = toggle.value().get() {
            match r {
                Ok(o) => {
                    error.set(None);
                    current.set(o);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let deactivate = move |_| {
        let name = current.get_untracked().name;
        ask.set(Some(Confirmation::new(
            format!("Désactiver l'organisme «\u{a0}{name}\u{a0}»\u{a0}?"),
            vec![
                "Ses utilisateurs ne pourront plus se connecter, et leurs sessions en cours seront fermées.".to_owned(),
                "Ses dossiers, documents et certificats restent consultables par votre Transitions Pro. Vous pourrez le réactiver.".to_owned(),
            ],
            "Désactiver l'organisme",
        )));
    };
    view! {
        <h2>"Accès de l'organisme"</h2>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
        {move || match current.get().deactivated_at {
            Some(at) => view! {
                <p class="error" data-testid="organisation-deactivated">
                    {format!("Organisme désactivé le {}\u{a0}: ses utilisateurs ne peuvent plus se connecter.", date_paris(at))}
                </p>
                <button type="button" class="secondary" data-testid="reactivate-organisation"
                    on:click=move |_| { toggle.dispatch(true); }>"Réactiver l'organisme"</button>
            }.into_any(),
            None => view! {
                <p class="hint">"Un organisme désactivé ne peut plus se connecter\u{a0}; ses données restent consultables."</p>
                <button type="button" class="secondary" data-testid="deactivate-organisation" on:click=deactivate>"Désactiver l'organisme"</button>
            }.into_any(),
        }}
        <ConfirmDialog ask on_confirm=move |()| { toggle.dispatch(false); }/>
    }
}

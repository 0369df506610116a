//! «Mon compte», for every role: who the account is, the name shown, the daily digest, and a
//! change of password.

use leptos::prelude::*;
use realis_api_types::{ChangePasswordRequest, Me, UpdateMeRequest};

use crate::api;
use crate::components::field::TextField;
use crate::components::live::Status;
use crate::errors::UiError;
use crate::session::use_session;

#[component]
pub fn AccountPage() -> impl IntoView {
    crate::components::layout::set_title("Mon compte");
    let data = LocalResource::new(api::me);
    view! {
        <h1>"Mon compte"</h1>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(me) => view! { <AccountDetails me=me.clone()/><ProfileForm me/><PasswordForm/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Login, e-mail, role, organisation or funder: what the account is, not editable here.
#[component]
fn AccountDetails(me: Me) -> impl IntoView {
    let line = |label: &'static str, value: String, testid: &'static str| {
        view! { <tr><th scope="row">{label}</th><td data-testid=testid>{value}</td></tr> }
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Votre compte">
        <table class="grid narrow" data-testid="account-details">
            {line("Identifiant", me.identifier.clone(), "account-identifier")}
            {line("Adresse e-mail", me.email.clone(), "account-email")}
            {line("Rôle", me.role.account_label_fr().to_owned(), "account-role")}
            {me.organisation_name.clone().map(|n| line("Organisme", n, "account-organisation"))}
            {me.funder_name.clone().map(|n| line("Transitions Pro", n, "account-funder"))}
        </table>
        </div>
        <p class="hint">"Pour changer d'adresse e-mail, adressez-vous à votre Transitions Pro."</p>
    }
}

/// The name shown and «Recevoir le récapitulatif quotidien».
#[component]
fn ProfileForm(me: Me) -> impl IntoView {
    let session = use_session();
    let display_name = RwSignal::new(me.display_name.clone());
    let digest = RwSignal::new(me.daily_digest);
    let errors = RwSignal::new(None::<UiError>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(|body: &UpdateMeRequest| {
        let body = body.clone();
        async move { api::update_me(body).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(me) => {
                    errors.set(None);
                    saved.set(true);
                    display_name.set(me.display_name.clone());
                    digest.set(me.daily_digest);
                    // The header shows the new name at once.
                    session.0.update(|s| {
                        if let Some(s) = s {
                            s.user.display_name = me.display_name;
                        }
                    });
                }
                Err(e) => {
                    saved.set(false);
                    errors.set(Some(e));
                }
            }
        }
    });
    let with_digest = me.role.has_daily_digest();
    view! {
        <form novalidate class="identity" data-testid="profile-form" on:submit=move |ev| {
            ev.prevent_default();
            saved.set(false);
            save.dispatch(UpdateMeRequest {
                display_name: display_name.get_untracked(),
                daily_digest: with_digest.then(|| digest.get_untracked()),
            });
        }>
            <h2>"Vos informations"</h2>
            <TextField label="Nom et prénom" field="display_name" value=display_name errors required=true autocomplete="name"/>
            {with_digest.then(|| view! {
                <div class="field checkbox">
                    <label>
                        <input type="checkbox" data-testid="field-daily_digest" prop:checked=digest
                            on:change=move |ev| digest.set(event_target_checked(&ev))/>
                        " Recevoir le récapitulatif quotidien"
                    </label>
                    <span class="hint">"Chaque matin, la liste des mois à saisir ou à certifier."</span>
                </div>
            })}
            {move || errors.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
            <Status>{move || saved.get().then(|| view! { <p class="success" data-testid="profile-saved">"Vos informations ont été enregistrées."</p> })}</Status>
            <button type="submit" class="primary inline" data-testid="profile-save" disabled=move || save.pending().get()>"Enregistrer"</button>
        </form>
    }
}

/// Current password, new one, confirmation.
#[component]
fn PasswordForm() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<UiError>);
    let done = RwSignal::new(false);
    let change = Action::new_local(|body: &ChangePasswordRequest| {
        let body = body.clone();
        async move { api::change_password(body).await }
    });
    Effect::new(move |_| {
        if let Some(r) = change.value().get() {
            match r {
                Ok(()) => {
                    errors.set(None);
                    done.set(true);
                    for s in [current, new, confirm] {
                        s.set(String::new());
                    }
                }
                Err(e) => {
                    done.set(false);
                    errors.set(Some(e));
                }
            }
        }
    });
    view! {
        <form novalidate class="identity" data-testid="password-form" on:submit=move |ev| {
            ev.prevent_default();
            done.set(false);
            let mut missing = Vec::new();
            for (field, value) in [("current_password", current), ("new_password", new)] {
                if value.get_untracked().is_empty() {
                    missing.push((field.to_owned(), "Ce champ est obligatoire.".to_owned()));
                }
            }
            if missing.is_empty() && new.get_untracked() != confirm.get_untracked() {
                missing.push(("new_password_confirmation".to_owned(), "Les deux mots de passe ne sont pas identiques.".to_owned()));
            }
            if !missing.is_empty() {
                errors.set(Some(UiError { fields: missing, ..UiError::local("Certains champs ne sont pas valides.") }));
                return;
            }
            change.dispatch(ChangePasswordRequest { current_password: current.get_untracked(), new_password: new.get_untracked() });
        }>
            <h2>"Modifier le mot de passe"</h2>
            <p class="hint">"Au moins 12 caractères\u{a0}; une phrase de plusieurs mots est plus sûre et plus facile à retenir. Vos autres sessions seront fermées."</p>
            <TextField label="Mot de passe actuel" field="current_password" value=current errors kind="password" required=true autocomplete="current-password"/>
            <TextField label="Nouveau mot de passe" field="new_password" value=new errors kind="password" required=true autocomplete="new-password"/>
            <TextField label="Confirmation du nouveau mot de passe" field="new_password_confirmation" value=confirm errors kind="password" required=true autocomplete="new-password"/>
            {move || errors.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
            <Status>{move || done.get().then(|| view! { <p class="success" data-testid="password-changed">"Votre mot de passe a été modifié. Vos autres sessions ont été fermées."</p> })}</Status>
            <button type="submit" class="primary inline" data-testid="password-save" disabled=move || change.pending().get()>"Modifier le mot de passe"</button>
        </form>
    }
}

//! «Référence externe» on the dossier page: the ERP's own id of the trainee or contract, which
//! the funder's agents and the OF's staff set, change or clear (left empty) in place.

use leptos::prelude::*;

use crate::api;
use crate::components::field::TextField;
use crate::components::live::Status;
use crate::errors::UiError;

/// What the input holds, as the API takes it: empty clears the reference.
fn typed(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// The reference of dossier `dossier_id` (`current`: as read), with «Enregistrer».
#[component]
pub fn ExternalRefForm(dossier_id: i64, current: Option<String>) -> impl IntoView {
    let value = RwSignal::new(current.unwrap_or_default());
    let errors = RwSignal::new(None::<UiError>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |r: &Option<String>| {
        let r = r.clone();
        async move { api::set_external_ref(dossier_id, r).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(d) => {
                    errors.set(None);
                    saved.set(true);
                    value.set(d.external_ref.unwrap_or_default());
                }
                Err(e) => {
                    saved.set(false);
                    errors.set(Some(e));
                }
            }
        }
    });
    view! {
        <form novalidate class="inline-form" data-testid="external-ref-form" on:submit=move |ev| {
            ev.prevent_default();
            saved.set(false);
            save.dispatch(typed(&value.get_untracked()));
        }>
            <TextField label="Référence externe" field="external_ref" value errors
                hint="L'identifiant du stagiaire ou du contrat dans le logiciel de gestion (64 caractères au plus)\u{a0}; laissez vide pour l'effacer."/>
            {move || errors.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
            <Status>{move || saved.get().then(|| view! { <p class="success" data-testid="external-ref-saved">"Référence externe enregistrée."</p> })}</Status>
            <button type="submit" class="primary inline" data-testid="external-ref-save" disabled=move || save.pending().get()>"Enregistrer"</button>
        </form>
    }
}

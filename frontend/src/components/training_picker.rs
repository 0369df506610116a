//! «Formation»: a select of the chosen organisation's catalogue (`GET
//! /funder/organisations/{id}/trainings`) in «Créer un dossier». Choosing one fills the
//! dossier's training title (the server copies the same title); «aucune» leaves it to type.

use leptos::prelude::*;
use realis_api_types::{OrganisationSummary, TrainingView};
use realis_domain::fr;

use crate::api;
use crate::components::field::field_error;
use crate::errors::UiError;

fn label(t: &TrainingView) -> String {
    let code = t
        .rncp_rs_code
        .as_ref()
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    format!(
        "{}{code} — {}, {}",
        t.title,
        t.modality_label,
        fr::hours_with_unit(t.planned_hours)
    )
}

#[component]
pub fn TrainingPicker(
    organisation: RwSignal<Option<OrganisationSummary>>,
    chosen: RwSignal<Option<TrainingView>>,
    title: RwSignal<String>,
    errors: RwSignal<Option<UiError>>,
) -> impl IntoView {
    let organisation_id = Memo::new(move |_| organisation.with(|o| o.as_ref().map(|o| o.id)));
    let catalogue = LocalResource::new(move || {
        let id = organisation_id.get();
        async move {
            match id {
                Some(id) => api::organisation_trainings(id).await,
                None => Ok(Vec::new()),
            }
        }
    });
    // Another organisation: its catalogue, and no training of the previous one.
    Effect::new(move |previous: Option<Option<i64>>| {
        let id = organisation_id.get();
        if previous.is_some_and(|p| p != id) && chosen.get_untracked().is_some() {
            chosen.set(None);
            title.set(String::new());
        }
        id
    });
    let error = field_error(errors, "training_id");
    let choose = move |id: String| {
        let found = catalogue.get_untracked().and_then(|r| {
            r.ok()
                .and_then(|list| list.into_iter().find(|t| t.id.to_string() == id))
        });
        match found {
            Some(t) => {
                title.set(t.title.clone());
                chosen.set(Some(t));
            }
            None => chosen.set(None),
        }
    };
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for="f-training">"Formation\u{a0}:"</label>
            <select id="f-training" data-testid="field-training"
                disabled=move || organisation_id.get().is_none()
                aria-describedby=move || if error.get().is_some() { "training-hint e-training_id" } else { "training-hint" }
                aria-invalid=move || error.get().is_some().then_some("true")
                on:change=move |ev| choose(event_target_value(&ev))>
                <option value="" selected=move || chosen.with(Option::is_none)>"— aucune (intitulé saisi ci-dessous) —"</option>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        catalogue.await.map(|list| list.into_iter().map(|t| {
                            let id = t.id;
                            view! {
                                <option value=id.to_string() selected=move || chosen.with(|c| c.as_ref().map(|c| c.id) == Some(id))>{label(&t)}</option>
                            }
                        }).collect_view()).ok()
                    })}
                </Transition>
            </select>
            <span class="hint" id="training-hint" data-testid="training-hint">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match (organisation_id.get(), catalogue.await) {
                            (None, _) => "Choisissez d'abord l'organisme\u{a0}: ses formations s'affichent ici.".to_owned(),
                            (Some(_), Ok(list)) if list.is_empty() => "Cet organisme n'a pas encore de formation à son catalogue\u{a0}: saisissez l'intitulé.".to_owned(),
                            (Some(_), Ok(list)) => format!(
                                "{} au catalogue de l'organisme\u{a0}; l'intitulé de la formation choisie est repris.",
                                fr::count(list.len() as u64, "formation", "formations")
                            ),
                            (Some(_), Err(e)) => e.message,
                        }
                    })}
                </Transition>
            </span>
            {move || error.get().map(|m| view! { <span class="field-error" id="e-training_id" data-testid="error-training_id">{m}</span> })}
        </div>
    }
}

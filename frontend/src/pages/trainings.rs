//! «Formations» of the OF: the catalogue (title, RNCP/RS code, planned hours, modality), with a
//! form to add a training or change one. The fields are checked by the domain's rule before
//! sending (the server applies the same one).

use leptos::prelude::*;
use realis_api_types::{TrainingRequest, TrainingView};
use realis_domain::training::{Modality, TrainingFields};
use realis_domain::{Hours, fr};

use crate::api;
use crate::components::field::{TextField, field_error};
use crate::components::live::Status;
use crate::errors::UiError;

/// The form's fields as the domain checks them, or the field errors to show.
fn checked(
    title: &str,
    code: &str,
    hours: &str,
    modality: Modality,
) -> Result<TrainingRequest, UiError> {
    let planned = Hours::parse(hours);
    let fields = TrainingFields::parse(
        title,
        Some(code),
        *planned.as_ref().unwrap_or(&Hours::from_whole(1)),
        modality,
    );
    let mut errors: Vec<(String, String)> = match &fields {
        Ok(_) => Vec::new(),
        Err(e) => e
            .iter()
            .map(|e| (e.field().to_owned(), e.message_fr()))
            .collect(),
    };
    if planned.is_err() {
        errors.push((
            "planned_hours".into(),
            "Indiquez les heures prévues en chiffres (ex. 420 ou 35,5).".into(),
        ));
    }
    match (fields, planned) {
        (Ok(f), Ok(planned_hours)) if errors.is_empty() => Ok(TrainingRequest {
            title: f.title,
            rncp_rs_code: f.code.map(|c| c.to_string()),
            planned_hours,
            modality: f.modality,
        }),
        _ => Err(UiError {
            fields: errors,
            ..UiError::local("Certains champs ne sont pas valides.")
        }),
    }
}

#[component]
pub fn TrainingsPage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::trainings()
    });
    let editing = RwSignal::new(None::<i64>);
    let title = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let modality = RwSignal::new(Modality::Presentiel);
    let errors = RwSignal::new(None::<UiError>);
    let done = RwSignal::new(None::<String>);
    let title_input = NodeRef::<leptos::html::Div>::new();
    let clear = move || {
        editing.set(None);
        title.set(String::new());
        code.set(String::new());
        hours.set(String::new());
        modality.set(Modality::Presentiel);
        errors.set(None);
    };
    let save = Action::new_local(|(id, req): &(Option<i64>, TrainingRequest)| {
        let (id, req) = (*id, req.clone());
        async move {
            match id {
                Some(id) => api::update_training(id, req).await,
                None => api::create_training(req).await,
            }
        }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(t) => {
                    let verb = if editing.get_untracked().is_some() {
                        "enregistrée"
                    } else {
                        "ajoutée"
                    };
                    clear();
                    done.set(Some(format!("Formation «\u{a0}{}\u{a0}» {verb}.", t.title)));
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(Some(e)),
            }
        }
    });
    // «Modifier»: the row's values in the form, and the focus on its first field.
    let edit = move |t: TrainingView| {
        editing.set(Some(t.id));
        title.set(t.title);
        code.set(t.rncp_rs_code.unwrap_or_default());
        hours.set(fr::hours(t.planned_hours).replace('\u{a0}', ""));
        modality.set(t.modality);
        errors.set(None);
        done.set(None);
        if let Some(input) = title_input
            .get()
            .and_then(|d| d.query_selector("input").ok().flatten())
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = input.focus();
        }
    };
    let row = move |t: TrainingView| {
        let label = format!("Modifier la formation «\u{a0}{}\u{a0}»", t.title);
        let testid = format!("training-{}", t.id);
        let item = t.clone();
        view! {
            <tr data-testid=testid>
                <td>{t.title.clone()}</td>
                <td>{match t.rncp_rs_code.clone() {
                    Some(c) => view! { <span>{c}</span> }.into_any(),
                    None => view! { <span aria-hidden="true">"—"</span><span class="visually-hidden">"Aucun"</span> }.into_any(),
                }}</td>
                <td class="num">{fr::hours(t.planned_hours)}</td>
                <td>{t.modality_label.clone()}</td>
                <td><button type="button" class="secondary" aria-label=label data-testid="training-edit" on:click=move |_| edit(item.clone())>"Modifier"</button></td>
            </tr>
        }
    };
    let modality_error = field_error(errors, "modality");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        match checked(
            &title.get_untracked(),
            &code.get_untracked(),
            &hours.get_untracked(),
            modality.get_untracked(),
        ) {
            Ok(req) => {
                errors.set(None);
                save.dispatch((editing.get_untracked(), req));
            }
            Err(e) => errors.set(Some(e)),
        }
    };
    view! {
        <h1>"Formations"</h1>
        <p class="hint">"Votre catalogue de formations\u{a0}: votre Transitions Pro y choisit la formation d'un dossier qu'elle crée, dont l'intitulé est alors repris. Pour une formation à distance ou mixte, le certificat de réalisation rappelle que les heures correspondent aux activités réalisées et à leur durée estimée."</p>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted" data-testid="trainings-empty">"Aucune formation pour le moment."</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label="Formations">
                        <table class="grid" data-testid="trainings">
                            <thead><tr><th>"Intitulé"</th><th>"Code RNCP / RS"</th><th>"Heures prévues"</th><th>"Modalité"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                            <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                        </table>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
        <h2 data-testid="training-form-title">{move || if editing.get().is_some() { "Modifier la formation" } else { "Ajouter une formation" }}</h2>
        <form novalidate class="inline-form" data-testid="training-form" on:submit=submit>
            <div node_ref=title_input>
                <TextField label="Intitulé" field="title" value=title errors required=true/>
            </div>
            <TextField label="Code RNCP / RS" field="rncp_rs_code" value=code errors hint="Facultatif (ex. RNCP34567 ou RS5678)."/>
            <TextField label="Heures prévues" field="planned_hours" value=hours errors required=true inputmode="decimal" hint="Durée totale de la formation, en heures (ex. 420 ou 35,5)."/>
            <div class="field" class:invalid=move || modality_error.get().is_some()>
                <label for="f-modality">"Modalité\u{a0}*\u{a0}:"</label>
                <select id="f-modality" data-testid="field-modality" aria-required="true"
                    on:change=move |ev| if let Some(m) = Modality::parse(&event_target_value(&ev)) { modality.set(m) }>
                    {Modality::ALL.map(|m| view! { <option value=m.as_str() selected=move || modality.get() == m>{m.label_fr()}</option> }).collect_view()}
                </select>
                {move || modality_error.get().map(|m| view! { <span class="field-error">{m}</span> })}
            </div>
            {move || errors.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
            <Status>{move || done.get().map(|m| view! { <p class="success" data-testid="training-done">{m}</p> })}</Status>
            <div class="actions">
                <button type="submit" class="primary inline" data-testid="training-save">
                    {move || if editing.get().is_some() { "Enregistrer les modifications" } else { "Ajouter la formation" }}
                </button>
                {move || editing.get().is_some().then(|| view! {
                    <button type="button" class="secondary" data-testid="training-cancel" on:click=move |_| { clear(); done.set(None); }>"Annuler"</button>
                })}
            </div>
        </form>
    }
}

//! The agent's form to attach a document to a dossier (a kind, a title, a file) or to publish
//! one to every OF of its Transitions Pro (a title, a file).

use leptos::prelude::*;
use realis_api_types::DossierDocumentKind;
use realis_domain::document::TITLE_MAX_CHARS;
use realis_domain::upload::UploadKind;

use crate::api;
use crate::components::field::field_error;
use crate::components::file_picker::FilePicker;
use crate::components::live::Status;
use crate::errors::UiError;

/// Where the form sends its file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Dossier(i64),
    Published,
}

/// What an error says beyond the title's own message (shown beside the title field).
fn other_errors(e: UiError) -> Option<String> {
    if e.fields.is_empty() {
        return Some(e.message);
    }
    let others: Vec<String> = e
        .fields
        .into_iter()
        .filter(|(f, _)| f != "title")
        .map(|(_, m)| m)
        .collect();
    (!others.is_empty()).then(|| others.join(" "))
}

#[component]
pub fn DocumentUploadForm(target: Target, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let with_kind = matches!(target, Target::Dossier(_));
    let kind = RwSignal::new(DossierDocumentKind::Convention);
    let title = RwSignal::new(if with_kind {
        DossierDocumentKind::Convention.label_fr().to_owned()
    } else {
        String::new()
    });
    let file = RwSignal::new_local(None::<web_sys::File>);
    let errors = RwSignal::new(None::<UiError>);
    let done = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let title_error = field_error(errors, "title");
    let (testid, heading, button) = match target {
        Target::Dossier(_) => (
            "attach-document",
            "Joindre un document au dossier",
            "Joindre le document",
        ),
        Target::Published => (
            "publish-document",
            "Publier un document pour vos organismes",
            "Publier le document",
        ),
    };
    // A title still the kind's label follows the kind chosen.
    let choose_kind = move |ev: leptos::ev::Event| {
        let Some(k) = DossierDocumentKind::parse_from_funder(&event_target_value(&ev)) else {
            return;
        };
        let previous = kind.get_untracked();
        if title.get_untracked().trim().is_empty() || title.get_untracked() == previous.label_fr() {
            title.set(k.label_fr().to_owned());
        }
        kind.set(k);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        done.set(None);
        let Some(f) = file.get_untracked() else {
            errors.set(Some(UiError::local("Choisissez le fichier à envoyer.")));
            return;
        };
        sending.set(true);
        let (k, t) = (kind.get_untracked(), title.get_untracked());
        leptos::task::spawn_local(async move {
            let sent = match target {
                Target::Dossier(id) => api::attach_document(id, k, &t, f).await.map(|d| d.title),
                Target::Published => api::publish_document(&t, f).await.map(|d| d.title),
            };
            match sent {
                Ok(name) => {
                    errors.set(None);
                    file.set(None);
                    if !with_kind {
                        title.set(String::new());
                    }
                    done.set(Some(match target {
                        Target::Dossier(_) => format!("«\u{a0}{name}\u{a0}» est joint au dossier."),
                        Target::Published => format!("«\u{a0}{name}\u{a0}» est publié."),
                    }));
                    on_done.run(());
                }
                Err(e) => errors.set(Some(e)),
            }
            sending.set(false);
        });
    };
    view! {
        <form novalidate class="inline-form" data-testid=testid on:submit=submit>
            <h2>{heading}</h2>
            {with_kind.then(|| view! {
                <div class="field">
                    <label for="f-document-kind">"Type de document\u{a0}*\u{a0}:"</label>
                    <select id="f-document-kind" data-testid="document-kind" aria-required="true" on:change=choose_kind>
                        {DossierDocumentKind::FROM_FUNDER.map(|k| view! { <option value=k.as_str() selected=move || kind.get() == k>{k.label_fr()}</option> }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field" class:invalid=move || title_error.get().is_some()>
                <label for="f-title">"Titre\u{a0}*\u{a0}:"</label>
                <input id="f-title" type="text" data-testid="field-title" aria-required="true" maxlength=TITLE_MAX_CHARS.to_string()
                    aria-invalid=move || title_error.get().is_some().then_some("true")
                    aria-describedby=move || title_error.get().is_some().then_some("e-title")
                    prop:value=title on:input=move |ev| title.set(event_target_value(&ev))/>
                {move || title_error.get().map(|m| view! { <span class="field-error" id="e-title" data-testid="error-title">{m}</span> })}
            </div>
            <FilePicker label=Signal::derive(|| "Choisir le fichier".to_owned()) kind=UploadKind::Document
                testid="document-file" on_file=Callback::new(move |f: web_sys::File| file.set(Some(f)))/>
            <p data-testid="document-file-chosen">{move || file.get().map(|f| format!("Fichier choisi\u{a0}: {}", f.name()))}</p>
            {move || errors.get().and_then(other_errors).map(|m| view! { <p class="error" role="alert" data-testid="document-error">{m}</p> })}
            <Status testid="document-status">{move || done.get().map(|m| view! { <p class="success">{m}</p> })}</Status>
            <button type="submit" class="primary" data-testid="document-submit" disabled=move || sending.get()>{button}</button>
        </form>
    }
}

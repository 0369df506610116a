//! The message being written: its text (5,000 characters at most, counted as typed) and up to
//! five files chosen with the one file field of the app, each removable before sending.

use leptos::prelude::*;
use realis_domain::conversation::{BODY_MAX_CHARS, MAX_ATTACHMENTS};
use realis_domain::upload::UploadKind;

use crate::components::field::field_error;
use crate::components::file_picker::FilePicker;
use crate::errors::UiError;

/// What the composer holds; the page sends it.
#[derive(Clone, Copy)]
pub struct Draft {
    pub body: RwSignal<String>,
    pub files: RwSignal<Vec<web_sys::File>, LocalStorage>,
}

impl Draft {
    pub fn new() -> Draft {
        Draft {
            body: RwSignal::new(String::new()),
            files: RwSignal::new_local(Vec::new()),
        }
    }

    pub fn clear(&self) {
        self.body.set(String::new());
        self.files.set(Vec::new());
    }
}

/// Sends the files of a draft, one after the other, to the message just written; the first
/// refusal stops and is returned (the message itself is sent).
pub async fn send_files(
    conversation: i64,
    message: i64,
    files: Vec<web_sys::File>,
) -> Result<(), UiError> {
    for f in files {
        crate::api::attach(conversation, message, f).await?;
    }
    Ok(())
}

#[component]
pub fn Composer(
    draft: Draft,
    errors: RwSignal<Option<UiError>>,
    /// «Message» or «Votre réponse».
    label: &'static str,
) -> impl IntoView {
    let error = field_error(errors, "body");
    let count = move || draft.body.with(|b| b.chars().count());
    let full = move || draft.files.with(Vec::len) >= MAX_ATTACHMENTS;
    let add = Callback::new(move |f: web_sys::File| {
        if !full() {
            draft.files.update(|v| v.push(f));
        }
    });
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for="f-body">{label}"\u{a0}*\u{a0}:"</label>
            <textarea id="f-body" rows="6" data-testid="field-body" aria-required="true" maxlength=BODY_MAX_CHARS.to_string()
                aria-describedby="f-body-count e-body"
                aria-invalid=move || error.get().is_some().then_some("true")
                prop:value=move || draft.body.get()
                on:input=move |ev| draft.body.set(event_target_value(&ev))></textarea>
            <span class="hint" id="f-body-count">{move || format!("{} / {BODY_MAX_CHARS} caractères", count())}</span>
            {move || error.get().map(|m| view! { <span class="field-error" id="e-body" data-testid="error-body">{m}</span> })}
        </div>
        <div class="attachments-draft">
            {move || (!full()).then(|| view! {
                <FilePicker label=Signal::derive(|| "Joindre un fichier".to_owned()) kind=UploadKind::Document
                    testid="attachment-input" on_file=add note="5 fichiers au plus."/>
            })}
            <ul data-testid="attachments-chosen">
                {move || draft.files.get().into_iter().enumerate().map(|(i, f)| {
                    let name = f.name();
                    view! {
                        <li>
                            {name.clone()}" "
                            <button type="button" class="link" aria-label=format!("Retirer {name}")
                                on:click=move |_| draft.files.update(|v| { if i < v.len() { v.remove(i); } })>"Retirer"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

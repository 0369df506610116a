//! A labelled text input with its field-level error.

use leptos::prelude::*;

use crate::errors::UiError;

/// The message for `field` in the last error, if any.
pub fn field_error(
    errors: RwSignal<Option<UiError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.get().and_then(|e| {
            e.fields
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, m)| m.clone())
        })
    })
}

#[component]
pub fn TextField(
    label: &'static str,
    field: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Option<UiError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = false)] required: bool,
    /// The input's purpose for the browser and assistive tools (RGAA 11.13): `name`,
    /// `current-password`, `new-password`…
    #[prop(optional)]
    autocomplete: Option<&'static str>,
) -> impl IntoView {
    let error = field_error(errors, field);
    let id = format!("f-{field}");
    // The message is tied to its field (RGAA 11.10): a screen reader reads it with the field.
    let error_id = format!("e-{field}");
    let described = error_id.clone();
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}{required.then_some("\u{a0}*")}"\u{a0}:"</label>
            <input id=id type=kind data-testid=format!("field-{field}") prop:value=value autocomplete=autocomplete
                aria-required=required.then_some("true")
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().is_some().then(|| described.clone())
                on:input=move |ev| value.set(event_target_value(&ev))/>
            {move || error.get().map(|m| view! { <span class="field-error" id=error_id.clone() data-testid=format!("error-{field}")>{m}</span> })}
        </div>
    }
}

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
    /// A line under the field saying what it expects (read with the field).
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The `inputmode` of the input (`decimal` for hours).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// While true, the value is shown but cannot be typed (filled from elsewhere).
    #[prop(optional, into)]
    readonly: Signal<bool>,
    /// The earliest and latest values a date field offers (`YYYY-MM-DD`).
    #[prop(optional)]
    min: Option<String>,
    #[prop(optional)] max: Option<String>,
) -> impl IntoView {
    let error = field_error(errors, field);
    let id = format!("f-{field}");
    // The message is tied to its field (RGAA 11.10): a screen reader reads it with the field.
    let error_id = format!("e-{field}");
    let hint_id = format!("h-{field}");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let ids: Vec<&str> = [
                hint.map(|_| hint_id.as_str()),
                error.get().map(|_| error_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}{required.then_some("\u{a0}*")}"\u{a0}:"</label>
            <input id=id type=kind data-testid=format!("field-{field}") prop:value=value autocomplete=autocomplete
                inputmode=inputmode min=min max=max
                prop:readOnly=move || readonly.get()
                aria-required=required.then_some("true")
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
                on:input=move |ev| value.set(event_target_value(&ev))/>
            {hint.map(|h| view! { <span class="hint" id=hint_id.clone()>{h}</span> })}
            {move || error.get().map(|m| view! { <span class="field-error" id=error_id.clone() data-testid=format!("error-{field}")>{m}</span> })}
        </div>
    }
}

//! The one file field of the app (#9 item 2): a real `<input type="file">` that stays in the
//! tab order (hidden visually, not with `display: none`), inside a button-like label that shows
//! a focus ring while it has focus; Enter or Space opens the chooser (the browser's own
//! behaviour of a focused file input). The accepted types and the size limit are written next
//! to it and tied to it with `aria-describedby`; a file can also be dropped on the zone. A wrong
//! type or a file over the limit is refused here, in French, before anything is sent (the
//! server checks the bytes again).

use std::cell::Cell;

use leptos::prelude::*;
use realis_domain::upload::UploadKind;
use wasm_bindgen::JsCast;

thread_local! {
    /// The field a file was just taken from, and when: a page that reloads after an upload
    /// gives the focus back to it (a keyboard user would be sent to the top of the page).
    static LAST_PICKED: Cell<Option<(&'static str, f64)>> = const { Cell::new(None) };
}

/// How long after a pick a re-created field takes the focus back.
const REFOCUS_WINDOW_MS: f64 = 15_000.0;

fn focus_is_lost() -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    match doc.active_element() {
        None => true,
        Some(el) => doc.body().is_some_and(|b| {
            let body: &web_sys::Element = &b;
            el == *body
        }),
    }
}

/// A file field. `testid` names the input (tests send file paths to it) and its ids.
#[component]
pub fn FilePicker(
    /// The visible text of the button, which is also the input's accessible name.
    #[prop(into)]
    label: Signal<String>,
    /// Read by screen readers after the label («Modifier» + « le logo»).
    #[prop(optional)]
    hidden_suffix: Option<&'static str>,
    /// What may be sent: types and size limit.
    kind: UploadKind,
    testid: &'static str,
    /// Called with a file that passed the checks.
    on_file: Callback<web_sys::File>,
    /// A sentence said before the types and limit («Une ligne par jour…»).
    #[prop(optional)]
    note: Option<&'static str>,
    /// Several files at once (chosen or dropped together): `on_file` is called for each.
    #[prop(optional)]
    multiple: bool,
) -> impl IntoView {
    let id = format!("file-{testid}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let error = RwSignal::new(None::<String>);
    let over = RwSignal::new(false);
    let input_ref = NodeRef::<leptos::html::Input>::new();

    let take = move |file: web_sys::File| match kind.check(
        &file.name(),
        &file.type_(),
        file.size() as u64,
    ) {
        Ok(()) => {
            error.set(None);
            LAST_PICKED.set(Some((testid, js_sys::Date::now())));
            on_file.run(file);
        }
        Err(message) => error.set(Some(message)),
    };
    // Back from a reload that followed a pick from this field: the focus returns here.
    Effect::new(move |_| {
        let Some(input) = input_ref.get() else { return };
        let recent = LAST_PICKED
            .get()
            .is_some_and(|(t, at)| t == testid && js_sys::Date::now() - at < REFOCUS_WINDOW_MS);
        if recent && focus_is_lost() {
            LAST_PICKED.set(None);
            let _ = input.focus();
        }
    });

    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            if error.with(Option::is_some) {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    let hint = format!(
        "{}{}. Vous pouvez aussi glisser-déposer le fichier ici.",
        note.map(|n| format!("{n} ")).unwrap_or_default(),
        kind.hint_fr()
    );
    view! {
        <div class="file-picker" class:dragover=move || over.get() data-testid=format!("{testid}-zone")
            on:dragenter=move |ev: web_sys::DragEvent| { ev.prevent_default(); over.set(true); }
            on:dragover=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                if let Some(dt) = ev.data_transfer() { dt.set_drop_effect("copy"); }
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                over.set(false);
                if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
                    let n = if multiple { list.length() } else { list.length().min(1) };
                    for f in (0..n).filter_map(|i| list.get(i)) { take(f); }
                }
            }>
            <label class="button file-button">
                {move || label.get()}
                {hidden_suffix.map(|s| view! { <span class="visually-hidden">{s}</span> })}
                <input type="file" node_ref=input_ref id=id accept=kind.accept_attribute() data-testid=testid multiple=multiple
                    aria-describedby=described_by
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    on:change=move |ev| {
                        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                        if let Some(input) = input {
                            let files: Vec<web_sys::File> = input.files().map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default();
                            // The same file can be chosen again.
                            input.set_value("");
                            for f in files { take(f); }
                        }
                    }/>
            </label>
            <span class="hint" id=hint_id>{hint}</span>
            {move || error.get().map(|m| view! {
                <p class="error" role="alert" id=error_id.clone() data-testid=format!("{testid}-error")>{m}</p>
            })}
        </div>
    }
}

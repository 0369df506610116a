//! The confirmation asked before an act with a legal or financial effect (certify, transmit, a
//! settlement, validate, contest, reopen, close): a modal `<dialog>` that restates what will
//! happen. Escape or «Annuler» closes it and nothing is done; focus returns where it was.

use leptos::prelude::*;

/// What a confirmation says.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirmation {
    pub title: String,
    /// What will happen, one paragraph each.
    pub body: Vec<String>,
    /// The label of the button that does it («Certifier», «Transmettre»…).
    pub confirm: String,
}

impl Confirmation {
    pub fn new(title: impl Into<String>, body: Vec<String>, confirm: impl Into<String>) -> Self {
        Confirmation {
            title: title.into(),
            body,
            confirm: confirm.into(),
        }
    }
}

/// The dialog: shown while `ask` holds a confirmation; «confirm» clears it and runs `on_confirm`.
#[component]
pub fn ConfirmDialog(
    ask: RwSignal<Option<Confirmation>>,
    #[prop(into)] on_confirm: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let open = ask.with(Option::is_some);
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                let _ = d.show_modal();
            } else if !open && d.open() {
                d.close();
            }
        }
    });
    view! {
        <dialog node_ref=dialog class="confirm" data-testid="confirm-dialog" aria-labelledby="confirm-title"
            on:close=move |_| ask.set(None)>
            {move || ask.get().map(|c| view! {
                <h2 id="confirm-title">{c.title}</h2>
                {c.body.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                <p class="actions">
                    <button type="button" class="secondary" data-testid="confirm-no" on:click=move |_| ask.set(None)>"Annuler"</button>
                    " "
                    <button type="button" class="primary inline" data-testid="confirm-yes"
                        on:click=move |_| { ask.set(None); on_confirm.run(()); }>{c.confirm}</button>
                </p>
            })}
        </dialog>
    }
}

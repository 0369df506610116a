//! «Imprimer les projets»: on the OF's dashboard, the months awaiting certification are ticked
//! (one by one, or «Tout sélectionner» on the page) and their draft certificates saved as one
//! PDF, each certificate on its own sheet for a double-sided print, to sign and stamp together.

use leptos::prelude::*;
use realis_api_types::MonthRef;
use realis_domain::{Period, fr};

use crate::api;
use crate::components::live::Status;
use crate::components::selection::{SelectAll, Selection};

/// A month of the dashboard.
pub type MonthKey = (i64, Period);

/// The bar above the pending months: select all those of the page that have a draft, the count,
/// the print button and what came of it.
#[component]
pub fn DraftsPrint(
    selection: Selection<MonthKey>,
    /// The months of the page that have a draft.
    #[prop(into)]
    printable: Signal<Vec<MonthKey>>,
) -> impl IntoView {
    let said = RwSignal::new(None::<(bool, Vec<String>)>);
    let busy = RwSignal::new(false);
    let print = move |_| {
        if busy.get_untracked() || selection.is_empty() {
            return;
        }
        busy.set(true);
        said.set(None);
        let keys = selection.keys_untracked();
        let n = keys.len() as u64;
        let months: Vec<MonthRef> = keys
            .into_iter()
            .map(|(dossier_id, period)| MonthRef { dossier_id, period })
            .collect();
        leptos::task::spawn_local(async move {
            let result = api::download_drafts(months).await;
            said.set(Some(match result {
                Ok(()) => (
                    true,
                    vec![format!(
                        "{} à imprimer en recto verso, un certificat par feuille.",
                        fr::count(
                            n,
                            "projet de certificat téléchargé",
                            "projets de certificat téléchargés"
                        )
                    )],
                ),
                Err(e) => {
                    let mut lines = vec![e.message];
                    lines.extend(e.fields.into_iter().map(|(_, m)| m));
                    (false, lines)
                }
            }));
            busy.set(false);
        });
    };
    view! {
        <div class="toolbar drafts-print" data-testid="drafts-print">
            <SelectAll selection rows=printable one="mois sélectionné" many="mois sélectionnés" testid="drafts-selection"/>
            <button type="button" class="secondary" data-testid="drafts-print-button"
                disabled=move || busy.get() || selection.is_empty() on:click=print>
                "Imprimer les projets sélectionnés (PDF)"
            </button>
        </div>
        <Status testid="drafts-status">{move || said.get().map(|(ok, lines)| view! {
            <div class:success=ok class:error=!ok>{lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}</div>
        })}</Status>
    }
}

//! The dossier's «Documents» tab: its certificates, the scans they rest on and the documents
//! the Transitions Pro attached; the agent attaches and deletes its own there.

use leptos::prelude::*;
use realis_api_types::DocumentItem;

use super::table::{DocumentTable, funder_document_id};
use super::upload::{DocumentUploadForm, Target};
use crate::api;
use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::components::live::Status;

#[component]
pub fn DocumentsTab(dossier_id: i64, funder: bool) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::dossier_documents(dossier_id)
    });
    let ask = RwSignal::new(None::<Confirmation>);
    let pending = StoredValue::new(None::<DocumentItem>);
    let said = RwSignal::new(None::<(bool, String)>);
    let on_delete = Callback::new(move |d: DocumentItem| {
        ask.set(Some(Confirmation::new(
            "Supprimer le document",
            vec![format!(
                "«\u{a0}{}\u{a0}» ne sera plus visible par l'organisme de formation, le bénéficiaire et l'employeur.",
                d.title
            )],
            "Supprimer",
        )));
        pending.set_value(Some(d));
    });
    let confirmed = move |_| {
        let Some(d) = pending.get_value() else { return };
        let Some(id) = funder_document_id(&d) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::delete_dossier_document(dossier_id, &id).await {
                Ok(()) => {
                    said.set(Some((
                        true,
                        format!("«\u{a0}{}\u{a0}» est supprimé.", d.title),
                    )));
                    reload.update(|n| *n += 1);
                }
                Err(e) => said.set(Some((false, e.message))),
            }
        });
    };
    view! {
        <div data-testid="dossier-documents">
            <p class="hint">"Les certificats de réalisation certifiés, les certificats signés et attestations de présence sur lesquels ils reposent, et les documents transmis par la Transitions Pro."</p>
            <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) if d.items.is_empty() => view! {
                            <p class="muted" data-testid="no-document">"Aucun document pour ce dossier pour le moment."</p>
                        }.into_any(),
                        Ok(d) if funder => view! { <DocumentTable items=d.items on_delete label="Documents du dossier"/> }.into_any(),
                        Ok(d) => view! { <DocumentTable items=d.items label="Documents du dossier"/> }.into_any(),
                        Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
            <Status testid="documents-status">{move || said.get().map(|(ok, m)| view! { <p class:success=ok class:error=!ok>{m}</p> })}</Status>
            {funder.then(|| view! {
                <ConfirmDialog ask on_confirm=confirmed/>
                <DocumentUploadForm target=Target::Dossier(dossier_id) on_done=move |_| reload.update(|n| *n += 1)/>
            })}
        </div>
    }
}

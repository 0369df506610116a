//! The month's hours grid («Certificat de réalisation : Octobre 2026»), in the dossier's
//! granularity: helpers of the guide, keyboard entry, paste of a spreadsheet column, CSV.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use editor::MonthEditor;

mod editor;
pub(crate) mod grid;
mod notes;
mod table;

#[component]
pub fn MonthPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let period = move || params.with(|p| p.get("period").unwrap_or_default());
    let reload = RwSignal::new(0u32);
    let flash = RwSignal::new(None::<String>);
    // The certification mode chosen, kept while the month reloads after an upload.
    let mode_choice = RwSignal::new(None::<realis_domain::certification::CertificationMode>);
    // «J'accepte que mon adresse IP soit utilisée», ticked at «Ok»: kept across the reload that
    // follows, for this month only.
    let ip_consent = RwSignal::new(false);
    Effect::new(move |prev: Option<(i64, String)>| {
        let key = (id(), period());
        if prev.is_some_and(|p| p != key) {
            ip_consent.set(false);
        }
        key
    });
    let data = LocalResource::new(move || {
        reload.track();
        api::month(id(), period())
    });
    view! {
        <p><A href=move || format!("/dossiers/{}", id())>"← Retour au dossier"</A></p>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(m) => view! { <MonthEditor m reload flash mode_choice ip_consent/> }.into_any(),
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

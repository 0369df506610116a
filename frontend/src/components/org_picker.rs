//! «Organisme»: a search over every organisation of the funder (the organisations list's `q`:
//! name, SIRET or city) and a select of the results; the chosen one stays shown while the
//! search changes.

use leptos::prelude::*;
use realis_api_types::OrganisationSummary;
use realis_domain::fr;

use crate::api;
use crate::components::field::field_error;
use crate::errors::UiError;

fn label(o: &OrganisationSummary) -> String {
    match &o.city {
        Some(city) if !city.is_empty() => {
            format!("{} — {} ({})", o.name, fr::siret(&o.siret), city)
        }
        _ => format!("{} — {}", o.name, fr::siret(&o.siret)),
    }
}

#[component]
pub fn OrganisationPicker(
    chosen: RwSignal<Option<OrganisationSummary>>,
    errors: RwSignal<Option<UiError>>,
) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let results = LocalResource::new(move || api::organisations(search.get(), 1));
    let error = field_error(errors, "organisation_id");
    let choose = move |id: String| {
        let found = results.get_untracked().and_then(|r| {
            r.ok()
                .and_then(|p| p.items.into_iter().find(|o| o.id.to_string() == id))
        });
        // The placeholder («— choisir —») keeps the current choice.
        if found.is_some() {
            chosen.set(found);
        }
    };
    view! {
        <div class="field org-picker" class:invalid=move || error.get().is_some()>
            <label for="org-picker-search">"Organisme *\u{a0}: rechercher"</label>
            <input id="org-picker-search" type="search" autocomplete="off" data-testid="org-picker-search"
                placeholder="Nom, SIRET ou ville" aria-describedby="org-picker-count"
                prop:value=search on:input=move |ev| search.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    // Enter searches as you type already; it must not submit the dossier form.
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                    }
                }/>
        </div>
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for="org-picker-results">"Organisme *\u{a0}:"</label>
            <select id="org-picker-results" data-testid="field-organisation" aria-describedby=move || if error.get().is_some() { "org-picker-chosen e-organisation_id" } else { "org-picker-chosen" }
                aria-invalid=move || error.get().is_some().then_some("true")
                on:change=move |ev| choose(event_target_value(&ev))>
                <option value="">"— choisir —"</option>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        results.await.map(|p| p.items.into_iter().map(|o| {
                            let id = o.id;
                            view! {
                                <option value=id.to_string() selected=move || chosen.with(|c| c.as_ref().map(|c| c.id) == Some(id))>{label(&o)}</option>
                            }
                        }).collect_view()).ok()
                    })}
                </Transition>
            </select>
            <span class="hint" id="org-picker-count" data-testid="org-picker-count">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match results.await {
                            Ok(p) if p.total == 0 => "Aucun organisme ne correspond à la recherche.".to_owned(),
                            Ok(p) if p.total > p.items.len() as u64 => format!(
                                "Les {} premiers des {}\u{a0}: précisez la recherche.",
                                p.items.len(),
                                fr::count(p.total, "organisme trouvé", "organismes trouvés")
                            ),
                            Ok(p) => format!("{}.", fr::count(p.total, "organisme trouvé", "organismes trouvés")),
                            Err(e) => e.message,
                        }
                    })}
                </Transition>
            </span>
            <span class="chosen" id="org-picker-chosen" data-testid="org-picker-chosen" role="status">
                {move || match chosen.get() {
                    Some(o) => format!("Organisme choisi\u{a0}: {}", label(&o)),
                    None => "Aucun organisme choisi.".to_owned(),
                }}
            </span>
            {move || error.get().map(|m| view! { <span class="field-error" id="e-organisation_id" data-testid="error-organisation_id">{m}</span> })}
        </div>
    }
}

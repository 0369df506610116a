//! «Documents» (issue #11, part 3): the documents of the reader's dossiers, filtered by dossier,
//! month and kind, paged; «Télécharger les certificats» of a month as one ZIP; the documents the
//! Transitions Pro publishes to all its OFs ([`published`]; the agent publishes them there). The
//! dossier's own tab is [`tab`].

mod published;
pub mod tab;
mod table;
mod upload;

use leptos::prelude::*;
use realis_api_types::{DossierDocumentKind, DossierSummary};
use realis_domain::{Period, Role};

use crate::api;
use crate::components::live::Status;
use crate::components::pager::Pager;
use crate::components::period_select::PeriodSelect;
use crate::components::url_query::UrlQuery;
use crate::session::use_session;
use published::PublishedDocuments;
use table::DocumentTable;

/// The months offered by the filters and «Télécharger les certificats»: this one and the 35
/// before it, newest first.
fn recent_periods() -> Vec<Period> {
    crate::format::recent_periods(36)
}

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let role = use_session().0.get_untracked().map(|s| s.user.role);
    let funder = role == Some(Role::Funder);
    let zip = matches!(role, Some(Role::Organisation | Role::Funder));
    let published = zip;
    // The agent comes to publish; the OF to find its dossiers' documents.
    view! {
        <h1>"Documents"</h1>
        {funder.then(|| view! { <PublishedDocuments funder/> })}
        <DossierDocumentsList funder/>
        {zip.then(|| view! { <CertificatesZip/> })}
        {(published && !funder).then(|| view! { <PublishedDocuments funder/> })}
    }
}

#[component]
fn DossierDocumentsList(funder: bool) -> impl IntoView {
    let query = UrlQuery::new();
    let dossier = move || query.get("dossier").parse::<i64>().ok();
    let organisation = move || query.get("organisme").parse::<i64>().ok();
    let period = move || Period::parse(&query.get("mois")).ok();
    let kind = move || DossierDocumentKind::parse(&query.get("type"));
    let data = LocalResource::new(move || {
        api::documents(dossier(), organisation(), period(), kind(), query.page())
    });
    // The agent, with hundreds of dossiers, narrows to one organisme first.
    let organisations = funder.then(|| LocalResource::new(api::organisation_choices));
    let dossiers = LocalResource::new(api::dossier_choices);
    let periods = recent_periods();
    view! {
        <section aria-labelledby="dossier-documents-title">
            <h2 id="dossier-documents-title">{if funder { "Documents des dossiers" } else { "Documents de vos dossiers" }}</h2>
            <div class="filters" data-testid="document-filters">
                {organisations.map(|orgs| view! {
                    <div class="field">
                        <label for="filter-organisation">"Organisme\u{a0}:"</label>
                        <select id="filter-organisation" data-testid="filter-organisation" on:change=move |ev| query.set_filter("organisme", event_target_value(&ev), true)>
                            <option value="" selected=move || organisation().is_none()>"Tous"</option>
                            {move || orgs.get().and_then(Result::ok).map(|p| p.items.into_iter().map(|o| {
                                let id = o.id;
                                view! { <option value=id.to_string() selected=move || organisation() == Some(id)>{o.name}</option> }
                            }).collect_view())}
                        </select>
                    </div>
                })}
                <div class="field">
                    <label for="filter-dossier">"Dossier\u{a0}:"</label>
                    <select id="filter-dossier" data-testid="filter-dossier" on:change=move |ev| query.set_filter("dossier", event_target_value(&ev), true)>
                        <option value="" selected=move || dossier().is_none()>"Tous"</option>
                        {move || dossiers.get().and_then(Result::ok).map(|p| p.items.into_iter().map(|d: DossierSummary| {
                            let id = d.id;
                            view! { <option value=id.to_string() selected=move || dossier() == Some(id)>{format!("{} — {}", d.number, d.beneficiary)}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-period">"Mois\u{a0}:"</label>
                    <select id="filter-period" data-testid="filter-period" on:change=move |ev| query.set_filter("mois", event_target_value(&ev), true)>
                        <option value="" selected=move || period().is_none()>"Tous"</option>
                        {periods.into_iter().map(|p| view! { <option value=p.to_string() selected=move || period() == Some(p)>{p.label_fr()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-kind">"Type\u{a0}:"</label>
                    <select id="filter-kind" data-testid="filter-kind" on:change=move |ev| query.set_filter("type", event_target_value(&ev), true)>
                        <option value="" selected=move || kind().is_none()>"Tous"</option>
                        {DossierDocumentKind::ALL.map(|k| view! { <option value=k.as_str() selected=move || kind() == Some(k)>{k.label_fr()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) if p.items.is_empty() => view! {
                            <p class="muted" data-testid="no-document">"Aucun document ne correspond à ces critères."</p>
                        }.into_any(),
                        Ok(p) => {
                            let (page, total, per_page) = (p.page, p.total, p.per_page);
                            view! {
                                <DocumentTable items=p.items with_dossier=true label="Liste des documents"/>
                                <Pager query page total per_page noun="documents" one="document"/>
                            }.into_any()
                        }
                        Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// «Télécharger les certificats»: the current certificates of a month as one ZIP.
#[component]
fn CertificatesZip() -> impl IntoView {
    let periods = recent_periods();
    // The month just over is the one usually certified.
    let chosen = RwSignal::new(periods.get(1).or(periods.first()).copied());
    let said = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let download = move |_| {
        let Some(p) = chosen.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        said.set(None);
        leptos::task::spawn_local(async move {
            let name = format!("certificats-{p}.zip");
            let month = p.label_fr().to_lowercase();
            let result = api::download(&api::archive_url(p), &name).await;
            said.set(Some(match result {
                Ok(()) => (
                    true,
                    format!("Les certificats de {month} sont téléchargés ({name})."),
                ),
                Err(e) if e.code == Some(realis_api_types::ErrorCode::NotFound) => (
                    false,
                    format!("Aucun certificat de réalisation en vigueur pour {month}."),
                ),
                Err(e) => (false, e.message),
            }));
            busy.set(false);
        });
    };
    view! {
        <section aria-labelledby="zip-title" data-testid="certificates-zip">
            <h2 id="zip-title">"Télécharger les certificats"</h2>
            <p class="hint">"Les certificats de réalisation en vigueur du mois choisi, en un seul fichier ZIP (un PDF par dossier)."</p>
            <div class="filters">
                <PeriodSelect id="zip-period" periods=periods chosen/>
                <button type="button" class="primary inline" data-testid="zip-download" disabled=move || busy.get() on:click=download>"Télécharger les certificats"</button>
            </div>
            <Status testid="zip-status">{move || said.get().map(|(ok, m)| view! { <p class:success=ok class:error=!ok>{m}</p> })}</Status>
        </section>
    }
}

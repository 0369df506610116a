//! «Mes dossiers» and the dossier page with its tabs (guide step 3).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use realis_api_types::{DossierState, DossierView, Scheme};
use realis_domain::{Hours, MonthStatus, fr};

use crate::api;
use crate::components::pager::Pager;
use crate::components::url_query::UrlQuery;
use crate::format::{date_fr, session_fr};
use crate::pages::documents::tab::DocumentsTab;
use crate::pages::external_ref::ExternalRefForm;
use crate::pages::followup::PaymentsTab;
use crate::pages::new_dossier::NewDossierForm;
use crate::session::use_session;

/// `?etat=` of the list: `en_cours` or `clos`.
fn state_of(v: &str) -> Option<DossierState> {
    match v {
        "en_cours" => Some(DossierState::InProgress),
        "clos" => Some(DossierState::Closed),
        _ => None,
    }
}

/// «PTP en cours», «VAE en cours»… (`/en-cours/:dispositif`): the list, on one scheme's dossiers
/// in progress.
#[component]
pub fn SchemeDossiersPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let scheme = params.with(|p| p.get("dispositif").and_then(|v| Scheme::parse(&v)));
        match scheme {
            Some(s) => view! { <DossierList fixed=Some(s)/> }.into_any(),
            None => view! { <h1>"Page introuvable"</h1> }.into_any(),
        }
    }
}

#[component]
pub fn DossiersPage() -> impl IntoView {
    let is_funder = use_session()
        .0
        .get_untracked()
        .is_some_and(|s| s.user.role == realis_domain::Role::Funder);
    view! {
        <DossierList fixed=None/>
        {is_funder.then(|| view! { <NewDossierForm/> })}
    }
}

/// The list of dossiers with its search and filters; `fixed`: one scheme's dossiers in progress.
#[component]
fn DossierList(fixed: Option<Scheme>) -> impl IntoView {
    let query = UrlQuery::new();
    let scheme = move || fixed.or_else(|| Scheme::parse(&query.get("dispositif")));
    let state = move || match fixed {
        Some(_) => Some(DossierState::InProgress),
        None => state_of(&query.get("etat")),
    };
    let data =
        LocalResource::new(move || api::dossiers(query.get("q"), scheme(), state(), query.page()));
    let title = match fixed {
        Some(s) => crate::components::layout::scheme_menu_label(s),
        None => "Liste des dossiers".to_owned(),
    };
    if fixed.is_some() {
        crate::components::layout::set_title(&title);
    }
    view! {
        <h1>{title}</h1>
        <div class="filters">
            <input class="search" type="search" placeholder="Recherche sur N° dossier / Bénéficiaire" data-testid="dossier-search"
                aria-label="Recherche sur N° dossier / Bénéficiaire" prop:value=move || query.get("q")
                on:input=move |ev| query.set_filter("q", event_target_value(&ev), false)/>
            {fixed.is_none().then(|| view! {
                <div class="field">
                    <label for="filter-scheme">"Dispositif\u{a0}:"</label>
                    <select id="filter-scheme" data-testid="filter-scheme" on:change=move |ev| query.set_filter("dispositif", event_target_value(&ev), true)>
                        <option value="" selected=move || scheme().is_none()>"Tous"</option>
                        {Scheme::ALL.map(|s| view! { <option value=s.as_str() selected=move || scheme() == Some(s)>{s.label_fr()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-state">"État\u{a0}:"</label>
                    <select id="filter-state" data-testid="filter-state" on:change=move |ev| query.set_filter("etat", event_target_value(&ev), true)>
                        <option value="" selected=move || state().is_none()>"Tous"</option>
                        <option value="en_cours" selected=move || state() == Some(DossierState::InProgress)>"En cours de suivi"</option>
                        <option value="clos" selected=move || state() == Some(DossierState::Closed)>"Clos"</option>
                    </select>
                </div>
            })}
        </div>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => {
                        let (page, total, per_page) = (p.page, p.total, p.per_page);
                        view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Dossiers">
                            <table class="grid" data-testid="dossiers">
                                <thead><tr>
                                    <th>"N° dossier"</th><th>"Bénéficiaire"</th><th>"Formation"</th><th>"Dispositif"</th><th>"Session"</th>
                                    <th>"Date commission"</th><th>"Statut"</th><th>"Actions en attente"</th>
                                </tr></thead>
                                <tbody>{p.items.into_iter().map(|d| view! {
                                    <tr>
                                        <td><A href=format!("/dossiers/{}", d.id)>{d.number}</A></td>
                                        <td>{d.beneficiary}</td>
                                        <td>{d.training_title}</td>
                                        <td data-testid="dossier-scheme">{d.scheme_label}</td>
                                        <td>{session_fr(d.session_start, d.session_end)}</td>
                                        <td>{d.committee_date.map(date_fr).unwrap_or_default()}</td>
                                        <td>{d.status_label}</td>
                                        <td>{d.pending_action.unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                            </div>
                            <Pager query page total per_page noun="dossiers" one="dossier"/>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Summary,
    Payments,
    Documents,
    Certificates,
    Training,
}

#[component]
pub fn DossierPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    // An action in one tab (a settlement) changes what the others show: it reloads the dossier,
    // and the open tab stays open.
    let reload = RwSignal::new(0u32);
    let tab = RwSignal::new(Tab::Certificates);
    let data = LocalResource::new(move || {
        reload.track();
        api::dossier(id())
    });
    view! {
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DossierTabs d tab reload/> }.into_any(),
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn editable_hint(s: MonthStatus) -> &'static str {
    if s.hours_editable() {
        "Saisir"
    } else {
        "Consulter"
    }
}

#[component]
fn DossierTabs(d: DossierView, tab: RwSignal<Tab>, reload: RwSignal<u32>) -> impl IntoView {
    crate::components::layout::set_title(&format!("Dossier {}", d.number));
    let tab_button = move |t: Tab, label: &'static str, testid: &'static str| {
        view! {
            <button type="button" class="tab" class:active=move || tab.get() == t data-testid=testid on:click=move |_| tab.set(t)>{label}</button>
        }
    };
    let id = d.id;
    let months = d.months.clone();
    let months_for_training = d.months.clone();
    let periods: Vec<realis_domain::Period> = d.months.iter().map(|m| m.period).collect();
    let role = crate::session::use_session()
        .0
        .get_untracked()
        .map(|s| s.user.role);
    let is_funder = role == Some(realis_domain::Role::Funder);
    // «Mes échanges» is the OF's and the funder's, not the beneficiary's or the employer's.
    let has_threads = role
        .and_then(realis_domain::conversation::Side::of_role)
        .is_some();
    view! {
        <p><A href="/dossiers">"← Liste des dossiers"</A></p>
        <h1>{format!("Dossier {}", d.number)}</h1>
        <div class="dossier-head" data-testid="dossier-head">
            <p><strong>"N° dossier\u{a0}: "</strong>{d.number.clone()}</p>
            <p><strong>"Bénéficiaire\u{a0}: "</strong>{d.beneficiary.clone()}</p>
            <p><strong>"Formation\u{a0}: "</strong>{d.training_title.clone()}{d.training_modality.map(|m| view! { <span data-testid="dossier-modality">{format!(" ({})", m.label_fr().to_lowercase())}</span> })}</p>
            <p><strong>"Dispositif\u{a0}: "</strong><span data-testid="dossier-scheme">{d.scheme_label.clone()}</span></p>
            <p><strong>"Session\u{a0}: "</strong>{session_fr(d.session_start, d.session_end)}</p>
            <p><strong>"Commission\u{a0}: "</strong>{d.committee_date.map(date_fr).unwrap_or_default()}</p>
            <p class="badge">{d.status_label.clone()}</p>
        </div>
        {(is_funder || role == Some(realis_domain::Role::Organisation)).then(|| view! {
            <ExternalRefForm dossier_id=id current=d.external_ref.clone()/>
        })}
        {has_threads.then(|| view! {
            <p><A href=format!("/echanges?dossier={id}") attr:data-testid="dossier-conversations">"Échanges sur ce dossier"</A></p>
        })}
        <nav class="tabs">
            {tab_button(Tab::Summary, "Synthèse", "tab-summary")}
            {tab_button(Tab::Payments, "Règlements", "tab-payments")}
            {tab_button(Tab::Documents, "Documents", "tab-documents")}
            {tab_button(Tab::Certificates, "Certificats de réalisation", "tab-certificates")}
            {tab_button(Tab::Training, "Synthèse de formation", "tab-training")}
        </nav>
        <Show when=move || tab.get() == Tab::Summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Synthèse du dossier">
            <table class="grid narrow" data-testid="summary">
                <tr><th>"Organisme"</th><td>{d.organisation_name.clone()}</td></tr>
                <tr><th>"Bénéficiaire"</th><td>{match &d.beneficiary_email {
                    Some(email) => format!("{} ({email})", d.beneficiary),
                    None => d.beneficiary.clone(),
                }}</td></tr>
                <tr><th>"Employeur"</th><td>{d.employer.clone()}</td></tr>
                <tr><th>"Heures prévues"</th><td>{fr::hours(d.planned_total)}</td></tr>
                <tr><th>"Heures réalisées certifiées (formation + stage)"</th><td>{fr::hours(d.done_total)}</td></tr>
                <tr><th>"Heures saisies non encore certifiées"</th><td>{fr::hours(d.draft_total)}</td></tr>
            </table>
            </div>
        </Show>
        <Show when=move || tab.get() == Tab::Payments>
            <PaymentsTab dossier_id=id funder=is_funder periods=periods.clone() on_recorded=move |_| reload.update(|n| *n += 1)/>
        </Show>
        <Show when=move || tab.get() == Tab::Documents>
            <DocumentsTab dossier_id=id funder=is_funder/>
        </Show>
        <Show when=move || tab.get() == Tab::Certificates>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Certificats de réalisation du dossier">
            <table class="grid" data-testid="months">
                <thead><tr><th><span class="visually-hidden">"Ouvrir"</span></th><th>"Mois"</th><th>"Statut"</th><th>"Heures de présence en formation"</th><th>"Heures de présence en stage"</th><th>"Heures d'absence"</th></tr></thead>
                <tbody>{months.clone().into_iter().map(|m| {
                    let open = m.status != MonthStatus::NotOpen;
                    let href = format!("/dossiers/{id}/mois/{}", m.period);
                    view! {
                        <tr data-testid=format!("month-{}", m.period)>
                            <td>{open.then(|| view! { <A href=href.clone() attr:title=editable_hint(m.status)>"🔍"</A> })}</td>
                            <td>{m.period.label_fr()}</td>
                            <td>{m.status_label.clone()}</td>
                            <td class="num">{(!m.training.is_zero()).then(|| fr::hours(m.training))}</td>
                            <td class="num">{(!m.internship.is_zero()).then(|| fr::hours(m.internship))}</td>
                            <td class="num">{(!m.absence.is_zero()).then(|| fr::hours(m.absence))}</td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
            </div>
        </Show>
        <Show when=move || tab.get() == Tab::Training>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Synthèse de formation">
            <table class="grid" data-testid="training-summary">
                <thead><tr><th>"Mois"</th><th>"Heures prévues"</th><th>"Heures réalisées"</th><th>"Cumul prévu"</th><th>"Cumul réalisé"</th></tr></thead>
                <tbody>{
                    let mut planned = Hours::ZERO;
                    let mut done = Hours::ZERO;
                    months_for_training.clone().into_iter().map(|m| {
                        let presence = Hours::sum([m.training, m.internship]);
                        planned = Hours::sum([planned, m.planned]);
                        done = Hours::sum([done, presence]);
                        view! { <tr><td>{m.period.label_fr()}</td><td class="num">{fr::hours(m.planned)}</td><td class="num">{fr::hours(presence)}</td><td class="num">{fr::hours(planned)}</td><td class="num">{fr::hours(done)}</td></tr> }
                    }).collect_view()
                }</tbody>
            </table>
            </div>
        </Show>
    }
}

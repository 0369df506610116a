//! The funder's «Organismes»: list, search, create; one organisation with its document review.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use realis_api_types::{
    CreateOrganisationRequest, NewAccount, OrganisationView, ReviewDocumentRequest,
};
use realis_domain::designation::DesignationStatus;
use realis_domain::fr;
use realis_domain::organisation::{DocumentKind, DocumentStatus};

use crate::api;
use crate::components::field::TextField;
use crate::components::live::Status;
use crate::components::pager::Pager;
use crate::components::url_query::UrlQuery;
use crate::errors::UiError;
use crate::format::{designation_status, document_status};
use crate::pages::organisation_control::OrganisationControl;

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let query = UrlQuery::new();
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::organisations(query.get("q"), query.page())
    });
    let name = RwSignal::new(String::new());
    let siret = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let user_name = RwSignal::new(String::new());
    let user_email = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<UiError>);
    let created = RwSignal::new(None::<String>);
    let create = Action::new_local(|req: &CreateOrganisationRequest| {
        let req = req.clone();
        async move { api::create_organisation(req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = create.value().get() {
            match r {
                Ok(o) => {
                    errors.set(None);
                    created.set(Some(format!(
                        "Organisme «\u{a0}{}\u{a0}» créé\u{a0}; l'invitation a été envoyée.",
                        o.name
                    )));
                    for s in [name, siret, email, user_name, user_email] {
                        s.set(String::new());
                    }
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(Some(e)),
            }
        }
    });
    view! {
        <h1>"Organismes"</h1>
        <input class="search" type="search" placeholder="Recherche sur nom, SIRET ou ville" data-testid="org-search"
            aria-label="Recherche sur nom, SIRET ou ville" prop:value=move || query.get("q")
            on:input=move |ev| query.set_filter("q", event_target_value(&ev), false)/>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => {
                        let (page, total, per_page) = (p.page, p.total, p.per_page);
                        view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Organismes">
                            <table class="grid" data-testid="organisations">
                                <thead><tr><th>"Nom"</th><th>"SIRET"</th><th>"Ville"</th><th>"Certificateur"</th><th>"Documents à contrôler"</th><th>"Désignations à contrôler"</th></tr></thead>
                                <tbody>{p.items.into_iter().map(|o| view! {
                                    <tr>
                                        <td><A href=format!("/organismes/{}", o.id)>{o.name}</A></td>
                                        <td>{fr::siret(&o.siret)}</td>
                                        <td>{o.city.unwrap_or_default()}</td>
                                        <td>{if o.certifier { "Oui" } else { "Non" }}</td>
                                        <td>{o.documents_pending}</td>
                                        <td>{o.certifiers_pending}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                            </div>
                            <Pager query page total per_page noun="organismes" one="organisme"/>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
        <h2>"Créer un organisme"</h2>
        <form novalidate class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            created.set(None);
            create.dispatch(CreateOrganisationRequest {
                name: name.get_untracked(),
                siret: siret.get_untracked(),
                email: email.get_untracked(),
                user: NewAccount { email: user_email.get_untracked(), display_name: user_name.get_untracked() },
            });
        }>
            <TextField label="Nom" field="name" value=name errors required=true/>
            <TextField label="Numéro de SIRET" field="siret" value=siret errors required=true/>
            <TextField label="Adresse e-mail de l'organisme" field="email" value=email errors kind="email" required=true/>
            <TextField label="Premier utilisateur\u{a0}: nom et prénom" field="user.display_name" value=user_name errors required=true/>
            <TextField label="Premier utilisateur\u{a0}: adresse e-mail" field="user.email" value=user_email errors kind="email" required=true/>
            {move || errors.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error">{e.message}</p> })}
            <Status>{move || created.get().map(|m| view! { <p class="success" data-testid="organisation-created">{m}</p> })}</Status>
            <button type="submit" class="primary inline">"Créer et inviter"</button>
        </form>
    }
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = LocalResource::new(move || api::funder_organisation(id()));
    view! {
        <p><A href="/organismes">"← Organismes"</A></p>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(org) => view! { <OrganisationReview org/> }.into_any(),
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OrganisationReview(org: OrganisationView) -> impl IntoView {
    let id = org.id;
    let current = RwSignal::new(org);
    let error = RwSignal::new(None::<UiError>);
    let review = Action::new_local(move |(kind, req): &(DocumentKind, ReviewDocumentRequest)| {
        let (kind, req) = (*kind, req.clone());
        async move { api::review_document(id, kind.as_str(), req).await }
    });
    let review_certifier =
        Action::new_local(move |(user_id, req): &(i64, ReviewDocumentRequest)| {
            let (user_id, req) = (*user_id, req.clone());
            async move { api::review_certifier(id, user_id, req).await }
        });
    Effect::new(move |_| {
        if let Some(r) = review_certifier.value().get() {
            match r {
                Ok(o) => {
                    error.set(None);
                    current.set(o);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(r) = review.value().get() {
            match r {
                Ok(o) => {
                    error.set(None);
                    current.set(o);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let line = |label: &'static str, v: Option<String>| view! { <tr><th>{label}</th><td>{v.unwrap_or_default()}</td></tr> };
    let review = move || {
        let o = current.get();
        view! {
            <h1>{o.name.clone()}</h1>
            {o.deactivated_at.map(|at| view! {
                <p class="error" data-testid="organisation-deactivated-banner">{format!("Organisme désactivé le {}\u{a0}: ses utilisateurs ne peuvent plus se connecter.", crate::format::date_paris(at))}</p>
            })}
            <div class="table-scroll" tabindex="0" role="region" aria-label="Identité de l'organisme">
            <table class="grid narrow" data-testid="organisation-identity">
                {line("Numéro de SIRET", Some(fr::siret(&o.siret)))}
                {line("Adresse e-mail", Some(o.email.clone()))}
                {line("Adresse", o.address.clone())}
                {line("Code postal", o.postal_code.clone())}
                {line("Ville", o.city.clone())}
                {line("Téléphone fixe", o.landline_phone.clone())}
                {line("Numéro de déclarant", o.nda.clone())}
                {line("Représentant légal", o.legal_representative.clone())}
                {line("Logo", Some(if o.has_logo { "Oui" } else { "Non" }.into()))}
                {line("Cachet", Some(if o.has_stamp { "Oui" } else { "Non" }.into()))}
                {line("Je suis certificateur", Some(if o.certifier { "Oui" } else { "Non" }.into()))}
            </table>
            </div>
            <h2>"Documents"</h2>
            {move || error.get().map(|e| {
                let detail = e.fields.first().map(|(_, m)| format!(" {m}")).unwrap_or_default();
                view! { <p class="error" role="alert">{e.message}{detail}</p> }
            })}
            {if o.documents.is_empty() { Some(view! { <p class="muted">"Aucun document déposé."</p> }) } else { None }}
            {o.documents.into_iter().map(|d| {
                let kind = d.kind;
                let reason = RwSignal::new(String::new());
                let path = format!("/funder/organisations/{id}/documents/{}", kind.as_str());
                let open = Action::new_local(move |p: &String| {
                    let p = p.clone();
                    async move { api::open_file(&p).await }
                });
                let pending = d.status == DocumentStatus::Pending;
                view! {
                    <div class="document-row" data-testid=format!("review-{}", kind.as_str())>
                        <span class="slot-title">{kind.label_fr()}"\u{a0}:"</span>
                        <button type="button" class="link-dark" on:click=move |_| { open.dispatch(path.clone()); }>"Ouvrir"</button>
                        <span class="status" data-testid=format!("review-status-{}", kind.as_str())>{"→ "}{document_status(&d)}</span>
                        {pending.then(|| view! {
                            <button type="button" class="primary small" data-testid=format!("accept-{}", kind.as_str())
                                on:click=move |_| { review.dispatch((kind, ReviewDocumentRequest { decision: "accept".into(), reason: None })); }>"Accepter"</button>
                            <input type="text" placeholder="Motif du refus" aria-label=format!("Motif du refus\u{a0}: {}", kind.label_fr()) data-testid=format!("reason-{}", kind.as_str()) prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                            <button type="button" class="secondary" data-testid=format!("reject-{}", kind.as_str())
                                on:click=move |_| { review.dispatch((kind, ReviewDocumentRequest { decision: "reject".into(), reason: Some(reason.get_untracked()) })); }>"Refuser"</button>
                        })}
                    </div>
                }
            }).collect_view()}
            <h2>"Certificateurs désignés"</h2>
            <p class="hint">"Une désignation faite avant l'acceptation de la lettre de consentement est acceptée avec elle."</p>
            {if o.certifiers.is_empty() { Some(view! { <p class="muted">"Aucun certificateur désigné."</p> }) } else { None }}
            {o.certifiers.into_iter().map(|c| {
                let user_id = c.user_id;
                let reason = RwSignal::new(String::new());
                let pending = c.designation.status == DesignationStatus::Pending;
                view! {
                    <div class="document-row" data-testid=format!("certifier-{user_id}")>
                        <span class="slot-title">{c.display_name.clone()}" ("{c.email.clone()}")\u{a0}:"</span>
                        <span class="status" data-testid=format!("certifier-status-{user_id}")>{"→ "}{designation_status(&c.designation)}</span>
                        {pending.then(|| view! {
                            <button type="button" class="primary small" data-testid=format!("accept-certifier-{user_id}")
                                on:click=move |_| { review_certifier.dispatch((user_id, ReviewDocumentRequest { decision: "accept".into(), reason: None })); }>"Accepter"</button>
                            <input type="text" placeholder="Motif du refus" aria-label=format!("Motif du refus pour {}", c.display_name) prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                            <button type="button" class="secondary" data-testid=format!("reject-certifier-{user_id}")
                                on:click=move |_| { review_certifier.dispatch((user_id, ReviewDocumentRequest { decision: "reject".into(), reason: Some(reason.get_untracked()) })); }>"Refuser"</button>
                        })}
                    </div>
                }
            }).collect_view()}
        }
    };
    view! {
        {review}
        <OrganisationControl current/>
    }
}

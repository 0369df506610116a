//! «Tableau de bord»: pending actions, as in the guide.

use leptos::prelude::*;
use realis_api_types::ErrorCode;
use realis_domain::{Role, fr};

use crate::api;
use crate::components::pager::Pager;
use crate::components::selection::{RowCheckbox, Selection};
use crate::components::url_query::UrlQuery;
use crate::pages::drafts_print::{DraftsPrint, MonthKey};
use leptos_router::components::A;

use crate::format::{date_paris, session_fr};
use crate::session::use_session;

fn welcome(role: Role) -> &'static str {
    match role {
        Role::Organisation => "Bienvenue dans l'espace réservé aux organismes.",
        Role::Beneficiary => "Bienvenue dans l'espace réservé aux bénéficiaires.",
        Role::Employer => "Bienvenue dans l'espace réservé aux employeurs.",
        Role::Funder => "Bienvenue dans l'espace réservé à votre Transitions Pro.",
        Role::Admin => "Bienvenue dans l'espace d'administration de Réalis.",
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = use_session();
    let role = session
        .0
        .get_untracked()
        .map(|s| s.user.role)
        .unwrap_or(Role::Organisation);
    let query = UrlQuery::new();
    let data = LocalResource::new(move || api::dashboard(query.page()));
    // The OF ticks months awaiting certification to print their drafts together; the selection
    // outlives a change of page.
    let of = role == Role::Organisation;
    let drafts = Selection::<MonthKey>::new();
    view! {
        <h1>"Tableau de bord"</h1>
        <p>{welcome(role)}</p>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let count = d.pending_count;
                        let (page, total, per_page) = (d.page, d.total, d.per_page);
                        let docs = d.documents.clone();
                        // What the count adds up, when there is more than the months' section.
                        let breakdown = (!d.documents.is_empty() || !d.certifiers.is_empty()).then(|| {
                            format!(
                                "Soit {} de certificats de réalisation, {} et {}.",
                                fr::count(total, "mois", "mois"),
                                fr::count(d.documents.len() as u64, "document à contrôler", "documents à contrôler"),
                                fr::count(d.certifiers.len() as u64, "certificateur à contrôler", "certificateurs à contrôler"),
                            )
                        });
                        let documents = (!docs.is_empty()).then(move || view! {
                            <h2>"Documents à contrôler"</h2>
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Documents à contrôler">
                            <table class="grid" data-testid="documents-to-review">
                                <thead><tr><th>"Organisme"</th><th>"Document"</th><th>"Déposé le"</th></tr></thead>
                                <tbody>{docs.into_iter().map(|doc| view! {
                                    <tr>
                                        <td><A href=format!("/organismes/{}", doc.organisation_id)>{doc.organisation_name}</A></td>
                                        <td>{doc.kind.label_fr()}</td>
                                        <td>{date_paris(doc.uploaded_at)}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                            </div>
                        });
                        let pending = d.certifiers.clone();
                        let certifiers = (!pending.is_empty()).then(move || view! {
                            <h2>"Certificateurs à contrôler"</h2>
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Certificateurs à contrôler">
                            <table class="grid" data-testid="certifiers-to-review">
                                <thead><tr><th>"Organisme"</th><th>"Certificateur désigné"</th><th>"Désigné le"</th></tr></thead>
                                <tbody>{pending.into_iter().map(|c| view! {
                                    <tr>
                                        <td><A href=format!("/organismes/{}", c.organisation_id)>{c.organisation_name}</A></td>
                                        <td>{c.display_name}</td>
                                        <td>{date_paris(c.requested_at)}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                            </div>
                        });
                        let printable: Vec<MonthKey> = d.items.iter()
                            .filter(|i| of && realis_domain::certification::has_draft(i.status))
                            .map(|i| (i.dossier_id, i.period))
                            .collect();
                        let rows = d.items.into_iter().map(|i| {
                            let pick = printable.contains(&(i.dossier_id, i.period)).then(|| {
                                let label = format!("Imprimer le projet {} — {}", i.dossier_number, i.period.label_fr());
                                let testid = format!("draft-pick-{}-{}", i.dossier_number, i.period);
                                view! { <RowCheckbox selection=drafts key=(i.dossier_id, i.period) label testid/> }
                            });
                            // The guide's 🔍: each pending action opens its month.
                            let href = format!("/dossiers/{}/mois/{}", i.dossier_id, i.period);
                            let label = format!("Ouvrir {} — {}", i.dossier_number, i.period.label_fr());
                            let testid = format!("pending-{}-{}", i.dossier_number, i.period);
                            view! {
                            <tr data-testid=testid>
                                {of.then(|| view! { <td data-label="Projet">{pick}</td> })}
                                <td data-label="N° dossier"><A href=href attr:data-testid="pending-row-link" attr:aria-label=label>
                                    {i.dossier_number}</A></td>
                                <td data-label="Bénéficiaire">{i.beneficiary.to_uppercase()}</td>
                                <td data-label="Formation">{i.training_title.to_uppercase()}</td>
                                <td data-label="Session">{session_fr(i.session_start, i.session_end)}</td>
                                <td data-label="Statut">{i.status_label.clone()}
                                    {i.contest.map(|c| view! {
                                        <p class="contest-comment" data-testid="pending-contest">
                                            {format!("{}\u{a0}: ", c.by)}
                                            <q>{c.comment.unwrap_or_default()}</q>
                                        </p>
                                    })}
                                </td>
                                <td data-label="Période">{i.period.label_fr()}</td>
                            </tr>
                            }
                        }).collect_view();
                        view! {
                            <section data-testid="dashboard">
                                <p class="count" data-testid="pending-count">
                                    {fr::count(count, "action en attente", "actions en attente")}
                                </p>
                                {breakdown.map(|b| view! { <p class="hint" data-testid="pending-breakdown">{b}</p> })}
                                {if total == 0 {
                                    view! { <p class="muted" data-testid="pending-months-none">"Aucun certificat de réalisation n'attend votre action."</p> }.into_any()
                                } else {
                                    view! {
                                        <p>"Actions en attente pour les certificats de réalisation des dossiers suivants\u{a0}:"</p>
                                        {of.then(|| view! { <DraftsPrint selection=drafts printable=Signal::stored(printable.clone())/> })}
                                        <table class="grid cards" data-testid="pending-months">
                                            <thead><tr>
                                                {of.then(|| view! { <th><span class="visually-hidden">"Projet à imprimer"</span></th> })}
                                                <th>"N° dossier"</th><th>"Bénéficiaire"</th><th>"Formation"</th>
                                                <th>"Session"</th><th>"Statut"</th><th>"Période"</th>
                                            </tr></thead>
                                            <tbody>{rows}</tbody>
                                        </table>
                                        <Pager query page total per_page noun="mois" one="mois"/>
                                    }.into_any()
                                }}
                                {documents}
                                {certifiers}
                            </section>
                        }.into_any()
                    }
                    Err(e) => {
                        if matches!(e.code, Some(ErrorCode::InvalidToken | ErrorCode::MissingToken)) {
                            session.sign_out();
                        }
                        view! { <p class="error" role="alert">{e.message}</p> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

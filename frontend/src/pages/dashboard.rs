//! «Tableau de bord»: pending actions, as in the guide.

use leptos::prelude::*;
use realis_api_types::ErrorCode;
use realis_domain::Role;

use crate::api;
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
    let data = LocalResource::new(api::dashboard);
    view! {
        <h1>"Tableau de bord"</h1>
        <p>{welcome(role)}</p>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let count = d.pending_count;
                        let docs = d.documents.clone();
                        let documents = (!docs.is_empty()).then(move || view! {
                            <h2>"Documents à contrôler"</h2>
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
                        });
                        let pending = d.certifiers.clone();
                        let certifiers = (!pending.is_empty()).then(move || view! {
                            <h2>"Certificateurs à contrôler"</h2>
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
                        });
                        let rows = d.items.into_iter().map(|i| {
                            // The guide's 🔍: each pending action opens its month.
                            let href = format!("/dossiers/{}/mois/{}", i.dossier_id, i.period);
                            let label = format!("Ouvrir {} — {}", i.dossier_number, i.period.label_fr());
                            view! {
                            <tr>
                                <td><A href=href attr:data-testid="pending-row-link" attr:aria-label=label>
                                    {i.dossier_number}</A></td>
                                <td>{i.beneficiary.to_uppercase()}</td>
                                <td>{i.training_title.to_uppercase()}</td>
                                <td>{session_fr(i.session_start, i.session_end)}</td>
                                <td>{i.status.label_fr()}</td>
                                <td>{i.period.label_fr()}</td>
                            </tr>
                            }
                        }).collect_view();
                        view! {
                            <section data-testid="dashboard">
                                <p>"Actions en attente pour les certificats de réalisation des dossiers suivants :"</p>
                                <p class="count" data-testid="pending-count">
                                    {format!("{count} action{} en attente", if count > 1 { "s" } else { "" })}
                                </p>
                                <table class="grid">
                                    <thead><tr>
                                        <th>"N° dossier"</th><th>"Bénéficiaire"</th><th>"Formation"</th>
                                        <th>"Session"</th><th>"Statut"</th><th>"Période"</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
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

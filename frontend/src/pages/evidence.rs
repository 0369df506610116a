//! «Historique / preuves» of a month (SPEC F11) with the audit chain's verdict, and the public
//! verification page of a certificate (SPEC F7) with the published head of the chain.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use realis_api_types::ErrorCode;
use realis_domain::fr;

use crate::api;
use crate::format::{date_fr, datetime_paris};

/// «Historique / preuves»: each audited step of the month.
#[component]
pub fn Evidence(id: i64, period: String) -> impl IntoView {
    let data = LocalResource::new(move || api::evidence(id, period.clone()));
    view! {
        <div class="evidence" data-testid="evidence">
            <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(e) => {
                            // The server sends addresses to the OF and the funder only.
                            let ips = e.items.iter().any(|i| i.ip.is_some());
                            view! {
                            <p class=if e.chain_intact { "success" } else { "error" } data-testid="chain">
                                {chain_verdict(&e.chain)}
                            </p>
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Étapes de la certification">
                            <table class="grid">
                                <thead><tr><th>"Date"</th><th>"Étape"</th><th>"Par"</th>
                                    {ips.then(|| view! { <th>"Adresse IP (consentie)"</th> })}
                                    <th>"Empreinte"</th></tr></thead>
                                <tbody>
                                    {e.items.into_iter().map(|i| view! {
                                        <tr data-testid="evidence-row">
                                            <td>{datetime_paris(i.at)}</td>
                                            <td>{i.label}</td>
                                            <td>{i.actor.unwrap_or_default()}</td>
                                            {ips.then(|| view! { <td>{i.ip.clone().unwrap_or_default()}</td> })}
                                            <td class="mono" title=format!("n° {} — {}", i.id, i.hash)>
                                                {i.hash.chars().take(12).collect::<String>()}"…"
                                                {(!i.verified).then_some(" (non vérifié)")}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                            {(e.certificates.len() > 1).then(|| view! {
                                <h3>"Certificats successifs"</h3>
                                <ul>{e.certificates.into_iter().map(|c| view! {
                                    <li>{format!("{} — {}{}", datetime_paris(c.certified_at), c.verification_code, if c.superseded { " (remplacé)" } else { "" })}</li>
                                }).collect_view()}</ul>
                            })}
                        }.into_any()
                        }
                        Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The chain's verdict in French: what holds, from which signed checkpoint, or where it breaks.
fn chain_verdict(c: &realis_api_types::ChainView) -> String {
    if c.intact {
        match &c.checkpoint {
            Some(cp) => format!(
                "Journal de preuves intègre\u{a0}: la chaîne d'empreintes est vérifiée depuis le point de contrôle signé du {} (enregistrement n° {}).",
                datetime_paris(cp.signed_at),
                cp.id
            ),
            None => {
                "Journal de preuves intègre\u{a0}: la chaîne d'empreintes est vérifiée.".to_owned()
            }
        }
    } else {
        let at = c
            .broken_at
            .map(|id| format!(" à l'enregistrement n° {id}"))
            .unwrap_or_default();
        let why = c
            .problem_label
            .as_deref()
            .map(|p| format!("\u{a0}: {p}"))
            .unwrap_or_default();
        format!("Attention\u{a0}: la chaîne d'empreintes du journal est rompue{at}{why}.")
    }
}

/// `/verify/{code}`: public confirmation that a certificate exists (no login).
#[component]
pub fn VerifyPage() -> impl IntoView {
    crate::components::layout::set_title("Vérification d'un certificat de réalisation");
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let data = LocalResource::new(move || api::public_verification(code()));
    view! {
        <main class="centered verify" data-testid="verify-page">
            <h1>"Vérification d'un certificat de réalisation"</h1>
            <Transition fallback=|| view! { <p class="muted">"Vérification…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => view! {
                            <div class=if v.superseded { "warning" } else { "success" } data-testid="verify-result">
                                <p><strong>{if v.superseded {
                                    "Ce certificat a existé mais a été remplacé\u{a0}: il n'est plus valable."
                                } else {
                                    "Ce certificat de réalisation est authentique."
                                }}</strong></p>
                            </div>
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Certificat vérifié">
                            <table class="grid">
                                <tbody>
                                    <tr><th>"Code de vérification"</th><td data-testid="verify-code">{v.verification_code}</td></tr>
                                    <tr><th>"N° dossier"</th><td data-testid="verify-dossier">{v.dossier_number}</td></tr>
                                    <tr><th>"Organisme de formation"</th><td>{v.organisation_name}</td></tr>
                                    <tr><th>"Période"</th><td>{format!("{} (du {} au {})", v.period_label, date_fr(v.from), date_fr(v.to))}</td></tr>
                                    <tr><th>"Heures de présence en formation"</th><td class="num">{fr::hours(v.training)}</td></tr>
                                    <tr><th>"Heures de présence en stage"</th><td class="num">{fr::hours(v.internship)}</td></tr>
                                    <tr><th>"Heures d'absence"</th><td class="num">{fr::hours(v.absence)}</td></tr>
                                    <tr><th>"Certifié le"</th><td>{datetime_paris(v.certified_at)}</td></tr>
                                    <tr><th>"Mode"</th><td>{v.mode_label}</td></tr>
                                    <tr><th>"SHA-256 du PDF"</th><td class="mono">{v.sha256}</td></tr>
                                    <tr><th>"SHA-256 des données certifiées"</th><td class="mono">{v.data_sha256}</td></tr>
                                </tbody>
                            </table>
                            </div>
                            <p class="hint">"Comparez l'empreinte SHA-256 du fichier PDF reçu avec celle indiquée ci-dessus (par exemple avec «\u{a0}sha256sum certificat.pdf\u{a0}»)."</p>
                            {v.audit_head.map(|h| view! {
                                <p class="hint" data-testid="verify-audit-head">
                                    {format!("Point de contrôle du journal de preuves, signé le {}\u{a0}: enregistrement n° {}, empreinte ", datetime_paris(h.signed_at), h.id)}
                                    <span class="mono">{h.hash}</span>
                                    ". Conservez-le\u{a0}: l'enregistrement n° "{h.id}" devra toujours porter cette empreinte."
                                </p>
                            })}
                        }.into_any(),
                        Err(e) => view! {
                            <div class="error" role="alert" data-testid="verify-error">
                                <p>{if e.code == Some(ErrorCode::NotFound) {
                                    "Aucun certificat ne correspond à ce code. Vérifiez la saisie (12 caractères, par exemple 7K2P-9XQ4-M3RT).".to_owned()
                                } else {
                                    e.message
                                }}</p>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

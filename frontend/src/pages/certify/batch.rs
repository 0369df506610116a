//! «Certifier la sélection» (issue #13): the months chosen on «Saisie du mois», listed with
//! their hours and the total, certified together — 100 % online with one code e-mailed for the
//! whole set, or with one signed scan per month, matched to its month by its file name.

use leptos::prelude::*;
use realis_api_types::{CertificationBatchView, CodeSent, MonthRef};
use realis_domain::fr;

use super::{error_box, focus_soon};
use crate::api;
use crate::errors::UiError;
use crate::format::datetime_paris;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Choose,
    Online,
    Upload,
}

/// The batch of `months`, made when the panel opens; `on_close(certified)` when it is closed.
#[component]
pub fn BatchCertify(
    months: Vec<MonthRef>,
    on_close: Callback<bool>,
    /// Called once the batch is certified (the page behind reloads its rows).
    on_certified: Callback<()>,
) -> impl IntoView {
    let batch = RwSignal::new(None::<CertificationBatchView>);
    let error = RwSignal::new(None::<UiError>);
    let mode = RwSignal::new(Mode::Choose);
    let make = Action::new_local(move |m: &Vec<MonthRef>| {
        let m = m.clone();
        async move { api::create_batch(m).await }
    });
    make.dispatch(months);
    Effect::new(move |_| match make.value().get() {
        Some(Ok(b)) => {
            batch.set(Some(b));
            focus_soon("batch-title");
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let certified = move || batch.with(|b| b.as_ref().is_some_and(|b| b.certified_at.is_some()));
    Effect::new(move |was: Option<bool>| {
        let now = certified();
        if now && was == Some(false) {
            on_certified.run(());
        }
        now
    });
    view! {
        <section class="dialog batch" data-testid="batch-certify" aria-labelledby="batch-title">
            <h2 id="batch-title" tabindex="-1">"Certifier la sélection"</h2>
            {move || make.pending().get().then(|| view! { <p aria-live="polite">"Constitution du lot…"</p> })}
            {move || error.get().map(|e| error_box(e, "batch-error", "batch-error"))}
            {move || batch.get().map(|b| summary(&b))}
            {move || (batch.with(|b| b.is_some()) && !certified()).then(|| match mode.get() {
                Mode::Choose => view! {
                    <p>
                        <button type="button" class="primary inline" data-testid="batch-online" on:click=move |_| mode.set(Mode::Online)>"Certifier 100 % en ligne"</button>
                        " "
                        <button type="button" class="secondary" data-testid="batch-upload" on:click=move |_| mode.set(Mode::Upload)>"Certifier avec les certificats signés"</button>
                    </p>
                }.into_any(),
                Mode::Online => online(batch, error).into_any(),
                Mode::Upload => super::batch_upload::upload(batch, error).into_any(),
            })}
            <p><button type="button" class="secondary" data-testid="batch-close" on:click=move |_| on_close.run(certified())>"Fermer"</button></p>
        </section>
    }
}

/// The months of the batch and their hours; once certified, each verification code.
fn summary(b: &CertificationBatchView) -> impl IntoView + use<> {
    let n = b.months.len() as u64;
    let presence = realis_domain::Hours::sum([b.totals.training, b.totals.internship]);
    let done = b.certified_at.is_some();
    let heading = if done {
        format!("{} certifiés.", fr::count(n, "mois", "mois"))
    } else {
        format!(
            "{} à certifier\u{a0}: {} h de présence, {} h d'absence au total.",
            fr::count(n, "mois", "mois"),
            fr::hours(presence),
            fr::hours(b.totals.absence)
        )
    };
    let rows = b
        .months
        .iter()
        .map(|m| {
            let presence = realis_domain::Hours::sum([m.totals.training, m.totals.internship]);
            let code = m.verification_code.clone();
            view! {
                <tr data-testid="batch-row" class:changed=m.changed>
                    <th scope="row">{m.dossier_number.clone()}</th>
                    <td>{m.beneficiary.clone()}</td>
                    <td>{fr::month(m.period)}</td>
                    <td class="num">{fr::hours(presence)}</td>
                    <td class="num">{fr::hours(m.totals.absence)}</td>
                    <td>{match code {
                        Some(c) => view! { <a href={format!("/verify/{c}")} data-testid="batch-verification">{c.clone()}</a> }.into_any(),
                        None if m.changed => view! { <span class="error-text">"Modifié depuis la sélection"</span> }.into_any(),
                        None if m.signed_certificate => view! { <span>"Certificat signé joint"</span> }.into_any(),
                        None => view! { <span>{m.status_label.clone()}</span> }.into_any(),
                    }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p data-testid="batch-summary" aria-live="polite">{heading}</p>
        <div class="table-scroll" role="region" aria-label="Mois du lot" tabindex="0">
            <table>
                <caption class="visually-hidden">"Mois du lot de certification"</caption>
                <thead><tr>
                    <th scope="col">"Dossier"</th><th scope="col">"Bénéficiaire"</th><th scope="col">"Période"</th>
                    <th scope="col">"Présence (h)"</th><th scope="col">"Absence (h)"</th>
                    <th scope="col">{if done { "Code de vérification" } else { "État" }}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Consent, one code for the whole batch, its entry.
fn online(
    batch: RwSignal<Option<CertificationBatchView>>,
    error: RwSignal<Option<UiError>>,
) -> impl IntoView {
    let id = move || batch.with_untracked(|b| b.as_ref().map(|b| b.id).unwrap_or_default());
    let length = batch.with_untracked(|b| b.as_ref().map(|b| b.online.code_length).unwrap_or(6));
    let consent = RwSignal::new(false);
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<CodeSent>);
    let send = Action::new_local(move |_: &()| {
        let id = id();
        async move { api::send_batch_code(id).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(s)) => {
            error.set(None);
            sent.set(Some(s));
            focus_soon("batch-code");
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let verify = Action::new_local(move |c: &String| {
        let (id, c) = (id(), c.clone());
        async move { api::verify_batch_code(id, c).await }
    });
    Effect::new(move |_| match verify.value().get() {
        Some(Ok(b)) => {
            error.set(None);
            batch.set(Some(b));
            focus_soon("batch-title");
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <div data-testid="batch-online-step">
            <p><label><input type="checkbox" data-testid="batch-ip" prop:checked=consent on:change=move |ev| consent.set(event_target_checked(&ev))/>" J'accepte que mon adresse IP soit utilisée"</label></p>
            <p class="hint">"Votre adresse IP est enregistrée comme preuve de la certification de chacun de ces mois."</p>
            <p><button type="button" class="primary inline" data-testid="batch-send-code" disabled=move || !consent.get() || send.pending().get()
                on:click=move |_| { error.set(None); send.dispatch(()); }>
                {move || if sent.with(Option::is_some) { "Renvoyer un nouveau code" } else { "Envoyer le code de vérification par e-mail" }}
            </button></p>
            {move || sent.get().map(|s| view! {
                <p data-testid="batch-code-sent">{format!("Un code de {} chiffres a été envoyé à {}. Il est valable jusqu'au {} et certifie ces mois avec ces heures seulement.", s.code_length, s.sent_to, datetime_paris(s.expires_at))}</p>
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    let c = code.get_untracked().trim().to_owned();
                    if c.len() == length as usize && c.bytes().all(|b| b.is_ascii_digit()) {
                        error.set(None);
                        verify.dispatch(c);
                    } else {
                        error.set(Some(UiError::local(format!("Saisissez les {length} chiffres du code reçu par e-mail."))));
                    }
                }>
                    <label for="batch-code">"Code de vérification"</label>
                    <input id="batch-code" data-testid="batch-code" inputmode="numeric" autocomplete="one-time-code" maxlength=length.to_string()
                        prop:value=code on:input=move |ev| code.set(event_target_value(&ev))
                        aria-describedby="batch-error"/>
                    " "
                    <button type="submit" class="primary inline" data-testid="batch-verify" disabled=move || verify.pending().get()>"Valider le code"</button>
                </form>
            })}
        </div>
    }
}

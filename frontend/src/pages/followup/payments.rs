//! «Règlements»: the payments of a dossier and the list of all payments.

use leptos::prelude::*;
use realis_api_types::{PaymentRequest, PaymentView};
use realis_domain::followup::PaymentKind;
use realis_domain::{Period, fr};

use super::error_box;
use crate::api;
use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::errors::UiError;
use crate::format::date_fr;

/// The dossier's «Règlements» tab; the funder records payments there.
#[component]
pub fn PaymentsTab(
    dossier_id: i64,
    funder: bool,
    periods: Vec<Period>,
    /// Runs after a payment is recorded (a settlement changes the months' statuses).
    #[prop(into)]
    on_recorded: Callback<()>,
) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::payments(dossier_id)
    });
    let period = RwSignal::new(periods.first().map(|p| p.to_string()).unwrap_or_default());
    let kind = RwSignal::new("settlement".to_owned());
    let amount = RwSignal::new(String::new());
    let paid_on = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let error = RwSignal::new(None::<UiError>);
    let record = Action::new_local(move |body: &PaymentRequest| {
        let body = body.clone();
        async move { api::record_payment(dossier_id, body).await }
    });
    Effect::new(move |_| {
        if let Some(r) = record.value().get() {
            match r {
                Ok(_) => {
                    amount.set(String::new());
                    reference.set(String::new());
                    reload.update(|n| *n += 1);
                    on_recorded.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let ask = RwSignal::new(None::<Confirmation>);
    let pending = StoredValue::new(None::<PaymentRequest>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let cents = realis_domain::Hours::parse(&amount.get_untracked())
            .ok()
            .map(|h| i64::from(h.hundredths()));
        let (Some(cents), Ok(p), Ok(d)) = (
            cents,
            Period::parse(&period.get_untracked()),
            chrono::NaiveDate::parse_from_str(&paid_on.get_untracked(), "%Y-%m-%d"),
        ) else {
            error.set(Some(UiError::local(
                "Indiquez la période, un montant en euros (ex. 1250,50) et la date du règlement.",
            )));
            return;
        };
        let body = PaymentRequest {
            period: p,
            kind: PaymentKind::parse(&kind.get_untracked()).unwrap_or(PaymentKind::Settlement),
            amount_cents: cents,
            paid_on: d,
            reference: reference.get_untracked(),
        };
        let amount = fr::euros(cents);
        let period_fr = fr::month(p);
        let (title, effect) = match body.kind {
            PaymentKind::Settlement => (
                "Enregistrer un règlement",
                format!(
                    "Un règlement sur un mois non certifié ferme sa saisie\u{a0}: l'organisme de formation ne pourra plus saisir ni certifier {period_fr}."
                ),
            ),
            PaymentKind::Advance => (
                "Enregistrer une avance",
                "Une avance ne ferme aucune saisie.".to_owned(),
            ),
        };
        pending.set_value(Some(body));
        ask.set(Some(Confirmation::new(
            title,
            vec![
                format!(
                    "Vous allez enregistrer {} de {amount} pour {period_fr}, payé le {}.",
                    if title.ends_with("avance") {
                        "une avance"
                    } else {
                        "un règlement"
                    },
                    date_fr(d)
                ),
                effect,
            ],
            "Enregistrer",
        )));
    };
    let confirmed = move |_| {
        if let Some(body) = pending.get_value() {
            record.dispatch(body);
        }
    };
    view! {
        <div data-testid="payments">
            <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"Aucun règlement n'a été enregistré pour ce dossier."</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Règlements du dossier">
                            <table class="grid">
                                <thead><tr><th>"Période"</th><th>"Nature"</th><th>"Montant"</th><th>"Date"</th><th>"Référence"</th></tr></thead>
                                <tbody>{list.into_iter().map(|p: PaymentView| view! {
                                    <tr data-testid="payment-row"><td>{p.period_label}</td><td>{p.kind_label}</td><td class="num">{p.amount_label}</td><td>{date_fr(p.paid_on)}</td><td>{p.reference}</td></tr>
                                }).collect_view()}</tbody>
                            </table>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
            {funder.then(|| view! {
                <ConfirmDialog ask on_confirm=confirmed/>
                <form novalidate class="dialog inline-form" data-testid="payment-form" on:submit=submit>
                    <h2>"Enregistrer un règlement"</h2>
                    <p class="hint">"Un règlement sur une période non certifiée ferme la saisie de ce mois\u{a0}; une avance ne ferme rien."</p>
                    <label>"Période "<select data-testid="payment-period" on:change=move |ev| period.set(event_target_value(&ev))>
                        {periods.iter().map(|p| view! { <option value=p.to_string()>{p.label_fr()}</option> }).collect_view()}
                    </select></label>" "
                    <label>"Nature "<select data-testid="payment-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="settlement">"Règlement"</option>
                        <option value="advance">"Avance"</option>
                    </select></label><br/>
                    <label>"Montant (€) "<input type="text" inputmode="decimal" size="10" data-testid="payment-amount" prop:value=amount on:input=move |ev| amount.set(event_target_value(&ev))/></label>" "
                    <label>"Date "<input type="date" data-testid="payment-date" prop:value=paid_on on:input=move |ev| paid_on.set(event_target_value(&ev))/></label>" "
                    <label>"Référence "<input type="text" size="20" data-testid="payment-reference" prop:value=reference on:input=move |ev| reference.set(event_target_value(&ev))/></label>
                    <p><button type="submit" class="primary inline" data-testid="payment-save">"Enregistrer le règlement"</button></p>
                    {move || error.get().map(error_box)}
                </form>
            })}
        </div>
    }
}

/// «Règlements»: every payment of the reader's dossiers, newest first.
#[component]
pub fn PaymentsPage() -> impl IntoView {
    let query = crate::components::url_query::UrlQuery::new();
    let data = LocalResource::new(move || api::payments_page(query.page()));
    view! {
        <h1>"Règlements"</h1>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) if p.items.is_empty() => view! { <p class="muted" data-testid="payments-empty">"Aucun règlement n'a été enregistré."</p> }.into_any(),
                    Ok(p) => {
                        let (page, total, per_page) = (p.page, p.total, p.per_page);
                        view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Règlements">
                            <table class="grid" data-testid="all-payments">
                                <thead><tr><th>"N° dossier"</th><th>"Bénéficiaire"</th><th>"Période"</th><th>"Nature"</th><th>"Montant"</th><th>"Date"</th><th>"Référence"</th></tr></thead>
                                <tbody>{p.items.into_iter().map(|l| view! {
                                    <tr>
                                        <td><leptos_router::components::A href=format!("/dossiers/{}", l.dossier_id)>{l.dossier_number}</leptos_router::components::A></td>
                                        <td>{l.beneficiary}</td><td>{l.payment.period_label}</td><td>{l.payment.kind_label}</td>
                                        <td class="num">{l.payment.amount_label}</td><td>{date_fr(l.payment.paid_on)}</td><td>{l.payment.reference}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                            </div>
                            <crate::components::pager::Pager query page total per_page noun="règlements" one="règlement"/>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

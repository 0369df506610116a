//! «Livraisons» of a webhook: its newest deliveries (event, status, attempts, last answer,
//! dates), «Relancer» on a failed one. Read again every few seconds while one is pending.

use std::time::Duration;

use leptos::prelude::*;
use realis_api_types::{DeliveryStatus, DeliveryView, WebhookView};

use crate::api;
use crate::components::live::Status;
use crate::errors::UiError;
use crate::format::datetime_paris;

/// How long to wait before reading a pending delivery's fate again.
const POLL: Duration = Duration::from_secs(2);

fn status_fr(s: DeliveryStatus) -> &'static str {
    match s {
        DeliveryStatus::Delivered => "Livrée",
        DeliveryStatus::Pending => "En attente",
        DeliveryStatus::Failed => "Échouée",
    }
}

/// The last answer: its HTTP status, or what went wrong without one.
fn last_answer(d: &DeliveryView) -> String {
    match (d.last_status_code, d.last_error.as_deref()) {
        (Some(code), _) => format!("HTTP {code}"),
        (None, Some(e)) => e.to_owned(),
        (None, None) => "—".to_owned(),
    }
}

/// The dates worth knowing: queued, last tried, delivered or next try.
fn dates(d: &DeliveryView) -> Vec<String> {
    let mut out = vec![format!("Créée le {}", datetime_paris(d.created_at))];
    if let Some(at) = d.last_attempt_at {
        out.push(format!("Dernière tentative le {}", datetime_paris(at)));
    }
    if let Some(at) = d.delivered_at {
        out.push(format!("Livrée le {}", datetime_paris(at)));
    }
    if let Some(at) = d.next_attempt_at {
        out.push(format!("Prochaine tentative le {}", datetime_paris(at)));
    }
    out
}

#[component]
pub fn Deliveries(webhook: WebhookView, refresh: RwSignal<u32>) -> impl IntoView {
    let id = webhook.id;
    let tick = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        refresh.track();
        tick.track();
        api::deliveries(id)
    });
    // While a delivery is pending, look again shortly (the sender works in the background).
    Effect::new(move |_| {
        let pending = data
            .get()
            .and_then(Result::ok)
            .is_some_and(|list| list.iter().any(|d| d.status == DeliveryStatus::Pending));
        if pending {
            set_timeout(
                move || {
                    tick.try_update(|n| *n += 1);
                },
                POLL,
            );
        }
    });
    let retried = RwSignal::new(None::<Result<(), UiError>>);
    let retry = Action::new_local(move |delivery: &i64| {
        let delivery = *delivery;
        async move { api::retry_delivery(id, delivery).await }
    });
    Effect::new(move |_| {
        if let Some(r) = retry.value().get() {
            retried.set(Some(r.map(|_| ())));
            tick.update(|n| *n += 1);
        }
    });
    let row = move |d: DeliveryView| {
        let event = d.event_type.map_or("webhook.ping (test)", |e| e.as_str());
        let failed = d.status == DeliveryStatus::Failed;
        let did = d.id;
        view! {
            <tr data-testid=format!("delivery-{did}")>
                <td data-label="Événement"><code>{event}</code></td>
                <td data-label="Statut" data-testid="delivery-status"><span>{status_fr(d.status)}</span></td>
                <td data-label="Tentatives" class="num"><span>{d.attempts}</span></td>
                <td data-label="Dernière réponse"><span>{last_answer(&d)}</span></td>
                <td data-label="Dates"><ul class="plain">{dates(&d).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul></td>
                <td class="row-actions">{failed.then(|| view! {
                    <button type="button" class="secondary" data-testid="delivery-retry"
                        aria-label=format!("Relancer la livraison {}", d.message_id)
                        on:click=move |_| { retry.dispatch(did); }>"Relancer"</button>
                })}</td>
            </tr>
        }
    };
    view! {
        <section class="deliveries" aria-labelledby="deliveries-title" data-testid="deliveries-panel">
            <h3 id="deliveries-title">"Livraisons de "<span class="mono">{webhook.url.clone()}</span></h3>
            <p><button type="button" class="secondary" data-testid="deliveries-refresh"
                on:click=move |_| tick.update(|n| *n += 1)>"Actualiser"</button></p>
            <Status>{move || retried.get().map(|r| match r {
                Ok(()) => view! { <p class="success" data-testid="retry-done">"Livraison relancée."</p> }.into_any(),
                Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
            })}</Status>
            <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted" data-testid="deliveries-empty">"Aucune livraison pour le moment\u{a0}: «\u{a0}Tester\u{a0}» en envoie une."</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="grid cards" data-testid="deliveries">
                                <thead><tr><th>"Événement"</th><th>"Statut"</th><th>"Tentatives"</th><th>"Dernière réponse"</th><th>"Dates"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                                <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                            </table>
                        }.into_any(),
                        Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

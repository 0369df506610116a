//! «Webhooks»: the person's subscriptions, each with «Tester», «Mettre en pause» / «Réactiver»,
//! «Livraisons» and «Supprimer», and the form that creates one, whose signing secret is then
//! shown once.

use leptos::prelude::*;
use realis_api_types::{DisabledReason, EventType, WebhookCreated, WebhookRequest, WebhookView};

use super::deliveries::Deliveries;
use super::{Ask, OneTimeSecret, described, focus_id};
use crate::api;
use crate::components::confirm::Confirmation;
use crate::components::field::{TextField, field_error};
use crate::components::live::Status;
use crate::errors::UiError;
use crate::format::date_paris;

/// Where a subscription stands, in the page's words.
pub fn state_fr(w: &WebhookView) -> &'static str {
    match (w.enabled, w.disabled_reason) {
        (true, _) => "Actif",
        (false, Some(DisabledReason::Gone)) => "Désactivé (410)",
        (false, Some(DisabledReason::Failing)) => "Désactivé (échecs)",
        (false, Some(DisabledReason::DisabledByOwner) | None) => "En pause",
    }
}

/// The same subscription, paused or enabled again.
fn toggled(w: &WebhookView) -> WebhookRequest {
    WebhookRequest {
        url: w.url.clone(),
        events: w.events.clone(),
        description: w.description.clone(),
        enabled: !w.enabled,
    }
}

/// What one of a row's buttons asked for.
#[derive(Clone)]
enum Act {
    Ping(i64),
    Toggle(i64, WebhookRequest),
    Delete(i64),
}

#[component]
pub fn Webhooks() -> impl IntoView {
    let ask = expect_context::<Ask>();
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::webhooks()
    });
    // The subscription whose deliveries are unfolded, and a nudge to read them again.
    let open = RwSignal::new(None::<WebhookView>);
    let refresh = RwSignal::new(0u32);
    let url = RwSignal::new(String::new());
    let events = RwSignal::new(Vec::<EventType>::new());
    let description = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<UiError>);
    let created = RwSignal::new(None::<WebhookCreated>);
    let done = RwSignal::new(None::<String>);
    let list_error = RwSignal::new(None::<UiError>);

    let create = Action::new_local(|req: &WebhookRequest| {
        let req = req.clone();
        async move { api::create_webhook(req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = create.value().get() {
            match r {
                Ok(w) => {
                    errors.set(None);
                    url.set(String::new());
                    events.set(Vec::new());
                    description.set(String::new());
                    created.set(Some(w));
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(Some(e)),
            }
        }
    });
    let act = Action::new_local(|a: &Act| {
        let a = a.clone();
        async move {
            match a {
                Act::Ping(id) => api::ping_webhook(id).await.map(|_| {
                    (id, "Événement de test «\u{a0}webhook.ping\u{a0}» envoyé\u{a0}: suivez-le dans les livraisons.", false)
                }),
                Act::Toggle(id, req) => {
                    let on = req.enabled;
                    api::update_webhook(id, req).await.map(|_| {
                        let said = if on { "Webhook réactivé." } else { "Webhook mis en pause." };
                        (id, said, false)
                    })
                }
                Act::Delete(id) => api::delete_webhook(id)
                    .await
                    .map(|()| (id, "Webhook supprimé.", true)),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(r) = act.value().get() {
            match r {
                Ok((id, message, deleted)) => {
                    list_error.set(None);
                    done.set(Some(message.to_owned()));
                    reload.update(|n| *n += 1);
                    if deleted {
                        if open.with_untracked(|o| o.as_ref().is_some_and(|w| w.id == id)) {
                            open.set(None);
                        }
                        focus_id("webhooks-title");
                    } else {
                        refresh.update(|n| *n += 1);
                    }
                }
                Err(e) => list_error.set(Some(e)),
            }
        }
    });

    let row = move |w: WebhookView| {
        let id = w.id;
        let short = w.url.clone();
        let item = w.clone();
        let ping = {
            let item = item.clone();
            move |_| {
                if open.with_untracked(|o| o.as_ref().is_none_or(|w| w.id != id)) {
                    open.set(Some(item.clone()));
                }
                act.dispatch(Act::Ping(id));
            }
        };
        let toggle = {
            let req = toggled(&w);
            move |_| {
                act.dispatch(Act::Toggle(id, req.clone()));
            }
        };
        let ask_delete = {
            let url = w.url.clone();
            move |_| {
                ask.confirm(
                    Confirmation::new(
                        "Supprimer ce webhook\u{a0}?",
                        vec![
                            format!("Les événements ne seront plus envoyés à {url}, et l'historique de ses livraisons sera effacé."),
                        ],
                        "Supprimer le webhook",
                    ),
                    move || {
                        act.dispatch(Act::Delete(id));
                    },
                );
            }
        };
        let unfold = move |_| {
            let now = open.with_untracked(|o| o.as_ref().map(|w| w.id));
            open.set(if now == Some(id) {
                None
            } else {
                Some(item.clone())
            });
        };
        let expanded = move || {
            open.with(|o| o.as_ref().is_some_and(|w| w.id == id))
                .to_string()
        };
        let failing = w.failing_since.filter(|_| w.enabled).map(|at| {
            view! { <br/><span class="hint">"Échecs depuis le "{date_paris(at)}</span> }
        });
        view! {
            <tr data-testid=format!("webhook-{id}")>
                <td data-label="URL"><span class="mono">{w.url.clone()}</span></td>
                <td data-label="Événements"><ul class="plain">{w.events.iter().map(|e| view! { <li><code>{e.as_str()}</code></li> }).collect_view()}</ul></td>
                <td data-label="Statut" data-testid="webhook-state"><span>{state_fr(&w)}{failing}</span></td>
                <td data-label="Description"><span>{w.description.clone()}</span></td>
                <td class="row-actions">
                    <button type="button" class="secondary" data-testid="webhook-ping" on:click=ping
                        aria-label=format!("Tester le webhook {short}")>"Tester"</button>
                    <button type="button" class="secondary" data-testid="webhook-toggle" on:click=toggle
                        aria-label=format!("{} le webhook {short}", if w.enabled { "Mettre en pause" } else { "Réactiver" })>
                        {if w.enabled { "Mettre en pause" } else { "Réactiver" }}</button>
                    <button type="button" class="secondary" data-testid="webhook-deliveries" on:click=unfold
                        aria-expanded=expanded aria-controls="deliveries"
                        aria-label=format!("Livraisons du webhook {short}")>"Livraisons"</button>
                    <button type="button" class="secondary" data-testid="webhook-delete" on:click=ask_delete
                        aria-label=format!("Supprimer le webhook {short}")>"Supprimer"</button>
                </td>
            </tr>
        }
    };

    let events_error = field_error(errors, "events");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        created.set(None);
        errors.set(None);
        create.dispatch(WebhookRequest {
            url: url.get_untracked().trim().to_owned(),
            events: events.get_untracked(),
            description: description.get_untracked(),
            enabled: true,
        });
    };

    view! {
        <section aria-labelledby="webhooks-title" data-testid="webhooks-section">
            <h2 id="webhooks-title" tabindex="-1">"Webhooks"</h2>
            <p class="hint">"Réalis envoie à l'adresse de votre logiciel chaque événement choisi qui concerne vos dossiers, au moment où il se produit."</p>
            <Status>{move || done.get().map(|m| view! { <p class="success" data-testid="webhook-done">{m}</p> })}</Status>
            {move || list_error.get().map(|e| view! { <p class="error" role="alert" data-testid="webhooks-error">{e.message}</p> })}
            <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted" data-testid="webhooks-empty">"Aucun webhook pour le moment."</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="grid cards" data-testid="webhooks">
                                <thead><tr><th>"URL"</th><th>"Événements"</th><th>"Statut"</th><th>"Description"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                                <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                            </table>
                        }.into_any(),
                        Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
            <div id="deliveries">
                {move || open.get().map(|w| view! { <Deliveries webhook=w refresh/> })}
            </div>
            {move || created.get().map(|w| view! {
                <OneTimeSecret label="Secret de signature du webhook" id="new-secret" value=w.secret
                    warning="Il ne sera plus affiché" note="copiez-le maintenant dans votre logiciel\u{a0}: il sert à vérifier l'en-tête webhook-signature de chaque livraison."/>
            })}
            <h3>"Créer un webhook"</h3>
            <form novalidate class="inline-form" data-testid="webhook-form" on:submit=submit>
                <TextField label="URL (https://…)" field="url" value=url errors kind="url" required=true
                    hint="L'adresse publique de votre logiciel qui recevra les événements (POST en JSON)."/>
                <fieldset class="checks" aria-describedby=described(None, events_error, "e-events") data-testid="webhook-events">
                    <legend>"Événements\u{a0}*"</legend>
                    {EventType::ALL.map(|e| view! {
                        <label>
                            <input type="checkbox" data-testid=format!("event-{}", e.as_str())
                                prop:checked=move || events.with(|v| v.contains(&e))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    events.update(|v| { v.retain(|x| *x != e); if on { v.push(e); v.sort(); } });
                                }/>
                            <span><code>{e.as_str()}</code>" — "{e.label_fr()}</span>
                        </label>
                    }).collect_view()}
                    {move || events_error.get().map(|m| view! { <span class="field-error" id="e-events" data-testid="error-events">{m}</span> })}
                </fieldset>
                <TextField label="Description" field="description" value=description errors
                    hint="Facultatif\u{a0}: à quoi sert ce webhook, 200 caractères au plus."/>
                {move || errors.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
                <button type="submit" class="primary inline" data-testid="webhook-create" disabled=move || create.pending().get()>"Créer le webhook"</button>
            </form>
        </section>
    }
}

//! «Mes échanges»: the threads between the OF and its Transitions Pro (list, «Nouvel échange»)
//! and one thread with its messages ([`thread`]).

mod composer;
pub mod thread;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use realis_api_types::{NewConversationRequest, OrganisationSummary};
use realis_domain::Role;

use crate::api;
use crate::components::field::TextField;
use crate::components::live::Status;
use crate::components::org_picker::OrganisationPicker;
use crate::components::pager::Pager;
use crate::components::url_query::UrlQuery;
use crate::errors::UiError;
use crate::format::datetime_paris;
use crate::session::use_session;
use composer::{Composer, Draft, send_files};

#[component]
pub fn ConversationsPage() -> impl IntoView {
    let query = UrlQuery::new();
    let dossier = move || query.get("dossier").parse::<i64>().ok();
    let data = LocalResource::new(move || api::conversations(dossier(), query.page()));
    let is_funder = use_session()
        .0
        .get_untracked()
        .is_some_and(|s| s.user.role == Role::Funder);
    view! {
        <h1>"Mes échanges"</h1>
        <p class="hint">{if is_funder {
            "Les échanges avec les organismes de formation de votre Transitions Pro. Les contestations des bénéficiaires et des employeurs et les motifs de refus de documents y figurent aussi."
        } else {
            "Vos échanges avec votre Transitions Pro. Les contestations des bénéficiaires et des employeurs et les motifs de refus de vos documents y figurent aussi."
        }}</p>
        {move || dossier().map(|_| view! { <p><A href="/echanges">"Voir tous les échanges"</A></p> })}
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) if p.items.is_empty() => view! {
                        <p data-testid="no-conversation">{if dossier().is_some() { "Aucun échange sur ce dossier pour le moment." } else { "Aucun échange pour le moment." }}</p>
                    }.into_any(),
                    Ok(p) => {
                        let (page, total, per_page) = (p.page, p.total, p.per_page);
                        view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Échanges">
                            <table class="grid" data-testid="conversations">
                                <thead><tr>
                                    <th>"Sujet"</th>
                                    {is_funder.then(|| view! { <th>"Organisme"</th> })}
                                    <th>"Dossier"</th><th>"Dernier message"</th><th>"Non lus"</th>
                                </tr></thead>
                                <tbody>{p.items.into_iter().map(|c| view! {
                                    <tr class:unread={c.unread > 0} data-testid="conversation-row">
                                        <td><A href=format!("/echanges/{}", c.id)>{c.subject}</A></td>
                                        {is_funder.then(|| view! { <td>{c.organisation_name}</td> })}
                                        <td>{c.dossier_number.unwrap_or_default()}</td>
                                        <td>{datetime_paris(c.last_message_at)}</td>
                                        <td data-testid="conversation-unread">{(c.unread > 0).then(|| view! {
                                            <span class="badge">{c.unread}<span class="visually-hidden">" non lus"</span></span>
                                        })}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                            </div>
                            <Pager query page total per_page noun="échanges" one="échange"/>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
        <NewConversationForm dossier=Signal::derive(dossier) is_funder/>
    }
}

/// «Nouvel échange»: a subject, a message, files; an agent chooses the organisation. Opened from
/// a dossier (`?dossier=`), the thread is about that dossier.
#[component]
fn NewConversationForm(dossier: Signal<Option<i64>>, is_funder: bool) -> impl IntoView {
    let subject = RwSignal::new(String::new());
    let draft = Draft::new();
    let organisation = RwSignal::new(None::<OrganisationSummary>);
    let errors = RwSignal::new(None::<UiError>);
    let sending = RwSignal::new(false);
    let navigate = use_navigate();
    let about = LocalResource::new(move || async move {
        match dossier.get() {
            Some(id) => api::dossier(id).await.ok(),
            None => None,
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let req = NewConversationRequest {
            subject: subject.get_untracked(),
            body: draft.body.get_untracked(),
            dossier_id: dossier.get_untracked(),
            period: None,
            organisation_id: organisation.get_untracked().map(|o| o.id),
        };
        let files = draft.files.get_untracked();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::start_conversation(req).await {
                Ok(v) => {
                    let id = v.conversation.id;
                    let first = v.messages.first().map(|m| m.id).unwrap_or_default();
                    let sent = send_files(id, first, files).await;
                    draft.clear();
                    subject.set(String::new());
                    errors.set(None);
                    sending.set(false);
                    let to = match sent {
                        Ok(()) => format!("/echanges/{id}"),
                        Err(_) => format!("/echanges/{id}?fichiers=refuses"),
                    };
                    navigate(&to, Default::default());
                }
                Err(e) => {
                    errors.set(Some(e));
                    sending.set(false);
                }
            }
        });
    };
    view! {
        <h2>"Nouvel échange"</h2>
        <form novalidate class="inline-form" data-testid="new-conversation" on:submit=submit>
            {move || about.get().flatten().map(|d| view! {
                <p data-testid="new-conversation-dossier">{format!("Au sujet du dossier {} ({})", d.number, d.beneficiary)}</p>
            })}
            {(is_funder).then(|| view! {
                <Show when=move || dossier.get().is_none()>
                    <OrganisationPicker chosen=organisation errors/>
                </Show>
            })}
            <TextField label="Sujet" field="subject" value=subject errors required=true/>
            <Composer draft errors label="Message"/>
            {move || errors.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
            <Status>{move || sending.get().then(|| view! { <p class="muted">"Envoi en cours…"</p> })}</Status>
            <button type="submit" class="primary" data-testid="send-conversation" disabled=move || sending.get()>"Envoyer"</button>
        </form>
    }
}

//! One thread of «Mes échanges»: its messages, oldest first (plain text, shown as text), their
//! files, and «Votre réponse». Opening it marks it read.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use realis_api_types::{AttachmentView, MessageKind, MessageView, Side};
use realis_domain::fr;

use super::composer::{Composer, Draft, send_files};
use crate::api;
use crate::components::layout::unread_changed;
use crate::components::live::Status;
use crate::errors::UiError;
use crate::format::{datetime_paris, size_fr};

fn kind_label(k: MessageKind) -> Option<&'static str> {
    match k {
        MessageKind::Message => None,
        MessageKind::Contest => Some("Contestation"),
        MessageKind::DocumentRejection => Some("Document refusé"),
    }
}

fn attachment(a: AttachmentView) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let path = a.href.strip_prefix("/api/v1").unwrap_or(&a.href).to_owned();
    let name = a.file_name.clone();
    view! {
        <li>
            <button type="button" class="link" data-testid="attachment-link" on:click=move |_| {
                let (path, name) = (path.clone(), name.clone());
                leptos::task::spawn_local(async move {
                    if let Err(e) = api::download(&path, &name).await {
                        error.set(Some(e.message));
                    }
                });
            }>{a.file_name.clone()}</button>
            {format!(" ({})", size_fr(a.size_bytes))}
            {move || error.get().map(|m| view! { <span class="error" role="alert">{" "}{m}</span> })}
        </li>
    }
}

fn message(m: MessageView) -> impl IntoView {
    let side = match m.side {
        Side::Organisation => "from-organisation",
        Side::Funder => "from-funder",
    };
    let files = m.attachments;
    view! {
        <li class=format!("message {side}") data-testid="message">
            <p class="message-head">
                <strong>{m.author}</strong>" — "{datetime_paris(m.created_at)}
                {kind_label(m.kind).map(|l| view! { " "<span class="badge">{l}</span> })}
            </p>
            <p class="message-body" data-testid="message-body">{m.body}</p>
            {(!files.is_empty()).then(|| view! {
                <ul class="message-files" aria-label="Pièces jointes">{files.into_iter().map(attachment).collect_view()}</ul>
            })}
        </li>
    }
}

#[component]
pub fn ConversationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        let id = id();
        async move {
            let v = api::conversation(id).await;
            // Opening the thread reads it: the menu's count drops.
            if v.as_ref().is_ok_and(|v| v.conversation.unread > 0)
                && api::mark_read(id).await.is_ok()
            {
                unread_changed();
            }
            v
        }
    });
    let draft = Draft::new();
    let errors = RwSignal::new(None::<UiError>);
    let done = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    if query.with_untracked(|q| q.get("fichiers").is_some()) {
        done.set(Some(
            "Le message est envoyé, mais un fichier a été refusé.".to_owned(),
        ));
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        done.set(None);
        let (body, files) = (draft.body.get_untracked(), draft.files.get_untracked());
        let id = id();
        leptos::task::spawn_local(async move {
            match api::post_message(id, body).await {
                Ok(m) => {
                    errors.set(None);
                    draft.clear();
                    let said = match send_files(id, m.id, files).await {
                        Ok(()) => "Message envoyé.".to_owned(),
                        Err(e) => format!(
                            "Message envoyé, mais un fichier a été refusé\u{a0}: {}",
                            e.message
                        ),
                    };
                    done.set(Some(said));
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(Some(e)),
            }
            sending.set(false);
        });
    };
    view! {
        <p><A href="/echanges">"← Mes échanges"</A></p>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        let c = v.conversation;
                        crate::components::layout::set_title(&c.subject);
                        view! {
                            <h1 data-testid="conversation-subject">{c.subject.clone()}</h1>
                            <p class="muted">
                                {c.organisation_name.clone()}
                                {c.dossier_id.zip(c.dossier_number.clone()).map(|(d, n)| view! {
                                    " — "<A href=format!("/dossiers/{d}")>{format!("Dossier {n}")}</A>
                                })}
                                {c.period.map(|p| format!(" — {}", fr::month(p)))}
                            </p>
                            <ol class="messages" data-testid="messages">{v.messages.into_iter().map(message).collect_view()}</ol>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
        <h2>"Répondre"</h2>
        <form novalidate class="inline-form" data-testid="reply" on:submit=submit>
            <Composer draft errors label="Votre réponse"/>
            {move || errors.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
            <Status testid="reply-status">{move || done.get().map(|m| view! { <p class="success">{m}</p> })}</Status>
            <button type="submit" class="primary" data-testid="send-reply" disabled=move || sending.get()>"Envoyer"</button>
        </form>
    }
}

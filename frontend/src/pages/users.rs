//! «Utilisateurs» of the OF: list, invite, certifier flag, disable.

use leptos::prelude::*;
use realis_api_types::{InviteUserRequest, UpdateUserRequest, UserView};

use crate::api;
use crate::components::field::TextField;
use crate::components::live::Status;
use crate::errors::UiError;
use crate::format::designation_status;

#[component]
pub fn UsersPage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::users()
    });
    let email = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let certifier = RwSignal::new(false);
    let errors = RwSignal::new(None::<UiError>);
    let done = RwSignal::new(None::<String>);
    let invite = Action::new_local(|req: &InviteUserRequest| {
        let req = req.clone();
        async move { api::invite_user(req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = invite.value().get() {
            match r {
                Ok(u) => {
                    errors.set(None);
                    done.set(Some(format!("Invitation envoyée à {}.", u.email)));
                    email.set(String::new());
                    display_name.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(Some(e)),
            }
        }
    });
    let change = Action::new_local(|(id, req): &(i64, UpdateUserRequest)| {
        let (id, req) = (*id, req.clone());
        async move { api::update_user(id, req).await }
    });
    // What went wrong with a flag or a disable, shown above the list (the list has no fields).
    let change_error = RwSignal::new(None::<UiError>);
    Effect::new(move |_| {
        if let Some(r) = change.value().get() {
            match r {
                Ok(_) => {
                    change_error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => change_error.set(Some(e)),
            }
        }
    });
    let me = crate::session::use_session()
        .0
        .get_untracked()
        .map(|s| s.user.id);
    let row = move |u: UserView| {
        let id = u.id;
        let disabled = u.disabled;
        // One cannot disable one's own account (the API refuses it): say so instead of a button.
        let own = me == Some(id);
        view! {
            <tr data-testid=format!("user-{}", u.identifier)>
                <td>{u.display_name.clone()}</td>
                <td>{u.email.clone()}</td>
                <td>{u.identifier.clone()}</td>
                <td>
                    <input type="checkbox" prop:checked=u.certifier aria-label=format!("Certificateur\u{a0}: {}", u.display_name)
                        on:change=move |ev| { change.dispatch((id, UpdateUserRequest { certifier: Some(event_target_checked(&ev)), disabled: None })); }/>
                    {u.designation.as_ref().map(|d| view! {
                        <span class="status" data-testid=format!("designation-{}", u.identifier)>{" "}{designation_status(d)}</span>
                    })}
                </td>
                <td>{if u.disabled { "Désactivé" } else if u.active { "Actif" } else { "Invitation envoyée" }}</td>
                <td>
                    {if own {
                        view! { <span class="muted" data-testid="own-account">"Votre compte"</span> }.into_any()
                    } else {
                        view! {
                            <button type="button" class="secondary" on:click=move |_| { change.dispatch((id, UpdateUserRequest { certifier: None, disabled: Some(!disabled) })); }>
                                {if disabled { "Réactiver" } else { "Désactiver" }}
                            </button>
                        }.into_any()
                    }}
                </td>
            </tr>
        }
    };
    view! {
        <h1>"Utilisateurs"</h1>
        <p class="hint">"Un certificateur désigné ne peut certifier en 100 % dématérialisé qu'après le contrôle de sa désignation par votre Transitions Pro\u{a0}; décocher la case retire la désignation immédiatement."</p>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(users) => view! {
                        {move || change_error.get().map(|e| {
                            let text = e.fields.first().map(|(_, m)| m.clone()).unwrap_or(e.message);
                            view! { <p class="error" role="alert" data-testid="users-error">{text}</p> }
                        })}
                        <div class="table-scroll" tabindex="0" role="region" aria-label="Utilisateurs">
                        <table class="grid" data-testid="users">
                            <thead><tr><th>"Nom"</th><th>"Adresse e-mail"</th><th>"Identifiant"</th><th>"Certificateur"</th><th>"Statut"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                            <tbody>{users.into_iter().map(row).collect_view()}</tbody>
                        </table>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
        <h2>"Inviter un collègue"</h2>
        <form novalidate class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            done.set(None);
            invite.dispatch(InviteUserRequest { email: email.get_untracked(), display_name: display_name.get_untracked(), certifier: certifier.get_untracked() });
        }>
            <TextField label="Nom et prénom" field="display_name" value=display_name errors required=true/>
            <TextField label="Adresse e-mail" field="email" value=email errors kind="email" required=true/>
            <div class="field checkbox"><label><input type="checkbox" prop:checked=certifier on:change=move |ev| certifier.set(event_target_checked(&ev))/>" Certificateur"</label></div>
            {move || errors.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error">{e.message}</p> })}
            <Status>{move || done.get().map(|m| view! { <p class="success" data-testid="invite-done">{m}</p> })}</Status>
            <button type="submit" class="primary inline">"Envoyer l'invitation"</button>
        </form>
    }
}

//! «Comptes» of the back office: an agent disables or re-enables the beneficiaries and employers
//! of its dossiers and its fellow agents; the admin, the funders' agents.

use leptos::prelude::*;
use realis_api_types::AccountView;
use realis_domain::Role;

use crate::api;
use crate::components::live::Status;
use crate::components::pager::Pager;
use crate::components::url_query::UrlQuery;
use crate::errors::UiError;
use crate::session::use_session;

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Beneficiary => "Bénéficiaire",
        Role::Employer => "Employeur",
        Role::Funder => "Agent Transitions Pro",
        Role::Organisation => "Organisme",
        Role::Admin => "Administration",
    }
}

fn state_label(a: &AccountView) -> &'static str {
    if a.disabled {
        "Désactivé"
    } else if a.active {
        "Actif"
    } else {
        "Invitation envoyée"
    }
}

/// Asks before acting: disabling closes the person's sessions at once.
fn confirmed(a: &AccountView) -> bool {
    let question = if a.disabled {
        format!("Réactiver le compte de {}\u{a0}?", a.display_name)
    } else {
        format!(
            "Désactiver le compte de {}\u{a0}? Ses sessions en cours sont fermées immédiatement et il ne pourra plus se connecter.",
            a.display_name
        )
    };
    web_sys::window()
        .and_then(|w| w.confirm_with_message(&question).ok())
        .unwrap_or(false)
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let me = use_session().0.get_untracked().map(|s| s.user);
    let admin = me.as_ref().is_some_and(|u| u.role == Role::Admin);
    let my_id = me.map(|u| u.id);
    let query = UrlQuery::new();
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::accounts(admin, query.get("role"), query.get("q"), query.page())
    });
    let error = RwSignal::new(None::<UiError>);
    let done = RwSignal::new(None::<String>);
    let toggle = Action::new_local(move |a: &AccountView| {
        let (id, disabled) = (a.id, !a.disabled);
        async move { api::set_account_disabled(admin, id, disabled).await }
    });
    Effect::new(move |_| {
        if let Some(r) = toggle.value().get() {
            match r {
                Ok(a) => {
                    error.set(None);
                    done.set(Some(if a.disabled {
                        format!("Le compte de {} est désactivé.", a.display_name)
                    } else {
                        format!("Le compte de {} est réactivé.", a.display_name)
                    }));
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let row = move |a: AccountView| {
        let label = if a.disabled {
            "Réactiver le compte"
        } else {
            "Désactiver le compte"
        };
        let target = a.clone();
        view! {
            <tr data-testid=format!("account-{}", a.identifier)>
                <td>{a.display_name.clone()}</td>
                <td>{a.email.clone()}</td>
                <td>{role_label(a.role)}{a.funder_name.clone().map(|f| format!(" ({f})"))}</td>
                <td data-testid=format!("account-state-{}", a.identifier)>{state_label(&a)}</td>
                <td>
                    {(Some(a.id) != my_id).then(|| view! {
                        <button type="button" class="secondary" data-testid=format!("account-toggle-{}", a.identifier)
                            aria-label=format!("{label} de {}", a.display_name)
                            disabled=move || toggle.pending().get()
                            on:click=move |_| {
                                if confirmed(&target) {
                                    done.set(None);
                                    toggle.dispatch(target.clone());
                                }
                            }>{label}</button>
                    })}
                </td>
            </tr>
        }
    };
    view! {
        <h1>"Comptes"</h1>
        <p class="hint">{if admin {
            "Les agents des Transitions Pro. Un compte désactivé ne peut plus se connecter\u{a0}; ses sessions en cours sont fermées immédiatement."
        } else {
            "Les bénéficiaires et employeurs de vos dossiers et les agents de votre Transitions Pro. Un compte désactivé ne peut plus se connecter ni recevoir de demande de validation."
        }}</p>
        <div class="filters">
            <label for="accounts-search">"Recherche"</label>
            <input id="accounts-search" class="search" type="search" placeholder="Nom, adresse e-mail ou identifiant" data-testid="accounts-search"
                prop:value=move || query.get("q")
                on:input=move |ev| query.set_filter("q", event_target_value(&ev), false)/>
            {(!admin).then(|| view! {
                <label for="accounts-role">"Rôle"</label>
                <select id="accounts-role" data-testid="accounts-role" prop:value=move || query.get("role")
                    on:change=move |ev| query.set_filter("role", event_target_value(&ev), true)>
                    {[("", "Tous"), ("beneficiary", "Bénéficiaires"), ("employer", "Employeurs"), ("funder", "Agents")].map(|(v, l)| view! {
                        <option value=v selected=move || query.get("role") == v>{l}</option>
                    }).collect_view()}
                </select>
            })}
        </div>
        <Status>{move || done.get().map(|m| view! { <p class="success" data-testid="account-done">{m}</p> })}</Status>
        {move || error.get().map(|e| {
            let detail = e.fields.first().map(|(_, m)| format!(" {m}")).unwrap_or_default();
            view! { <p class="error" role="alert">{e.message}{detail}</p> }
        })}
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => {
                        let (page, total, per_page) = (p.page, p.total, p.per_page);
                        view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Comptes">
                            <table class="grid" data-testid="accounts">
                                <thead><tr><th>"Nom"</th><th>"Adresse e-mail"</th><th>"Rôle"</th><th>"Statut"</th><th>"Action"</th></tr></thead>
                                <tbody>{p.items.into_iter().map(row).collect_view()}</tbody>
                            </table>
                            </div>
                            <Pager query page total per_page noun="comptes" one="compte"/>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

//! The admin's «Financeurs»: list and create Transitions Pro with their first agent.

use leptos::prelude::*;
use realis_api_types::{CreateFunderRequest, NewAccount};

use crate::api;
use crate::components::field::TextField;
use crate::errors::UiError;
use crate::format::date_paris;

#[component]
pub fn FundersPage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::funders()
    });
    let name = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let agent_name = RwSignal::new(String::new());
    let agent_email = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<UiError>);
    let create = Action::new_local(|req: &CreateFunderRequest| {
        let req = req.clone();
        async move { api::create_funder(req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = create.value().get() {
            match r {
                Ok(_) => {
                    errors.set(None);
                    for s in [name, region, agent_name, agent_email] {
                        s.set(String::new());
                    }
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(Some(e)),
            }
        }
    });
    view! {
        <h1>"Financeurs"</h1>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label="Financeurs">
                        <table class="grid" data-testid="funders">
                            <thead><tr><th>"Nom"</th><th>"Région"</th><th>"Créé le"</th></tr></thead>
                            <tbody>{list.into_iter().map(|f| view! { <tr><td>{f.name}</td><td>{f.region}</td><td>{date_paris(f.created_at)}</td></tr> }).collect_view()}</tbody>
                        </table>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
        <h2>"Créer un financeur"</h2>
        <form novalidate class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            create.dispatch(CreateFunderRequest {
                name: name.get_untracked(),
                region: region.get_untracked(),
                agent: NewAccount { email: agent_email.get_untracked(), display_name: agent_name.get_untracked() },
            });
        }>
            <TextField label="Nom" field="name" value=name errors required=true/>
            <TextField label="Région" field="region" value=region errors required=true/>
            <TextField label="Premier agent\u{a0}: nom et prénom" field="agent.display_name" value=agent_name errors required=true/>
            <TextField label="Premier agent\u{a0}: adresse e-mail" field="agent.email" value=agent_email errors kind="email" required=true/>
            {move || errors.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error">{e.message}</p> })}
            <button type="submit" class="primary inline">"Créer et inviter"</button>
        </form>
    }
}

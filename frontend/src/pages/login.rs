//! «Connexion».

use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_query_map;
use realis_api_types::LoginRequest;
use realis_domain::session::safe_return_path;

use crate::api;
use crate::errors::UiError;
use crate::session::{self, use_session, use_session_state};

#[component]
pub fn LoginPage() -> impl IntoView {
    crate::components::layout::set_title("Connexion");
    let session = use_session();
    let state = use_session_state();
    let query = use_query_map();
    // Back where the user was (`?retour=`), a path of this site only (never `//host`).
    let target = move || {
        query
            .read()
            .get("retour")
            .and_then(|r| safe_return_path(&r).map(str::to_owned))
            .filter(|r| !r.starts_with("/connexion"))
            .unwrap_or_else(|| "/tableau-de-bord".to_owned())
    };
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = Action::new_local(|req: &LoginRequest| {
        let req = req.clone();
        async move { api::login(req).await }
    });
    let error = RwSignal::new(None::<UiError>);
    Effect::new(move |_| {
        if let Some(result) = submit.value().get() {
            match result {
                Ok(resp) => {
                    error.set(None);
                    session::signed_in(resp);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The form is `novalidate` (the browser's bubbles are in its own language): say here
        // what is missing.
        let missing = match (
            login.with_untracked(|l| l.trim().is_empty()),
            password.with_untracked(String::is_empty),
        ) {
            (true, true) => {
                Some("Saisissez votre identifiant ou adresse e-mail et votre mot de passe.")
            }
            (true, false) => Some("Saisissez votre identifiant ou adresse e-mail."),
            (false, true) => Some("Saisissez votre mot de passe."),
            (false, false) => None,
        };
        if let Some(m) = missing {
            error.set(Some(UiError::local(m)));
            return;
        }
        submit.dispatch(LoginRequest {
            login: login.get_untracked(),
            password: password.get_untracked(),
        });
    };
    view! {
        {move || session.0.get().is_some().then(|| view! { <Redirect path=target()/> })}
        <main class="centered">
            <div class="card login">
                <h1>"Réalis"</h1>
                <p class="subtitle">"Certificats de réalisation — Transitions Pro"</p>
                {move || state.expired.get().then(|| view! {
                    <p class="notice" role="status" data-testid="session-expired">
                        "Votre session a expiré. Reconnectez-vous pour reprendre où vous en étiez."
                    </p>
                })}
                <form novalidate on:submit=on_submit>
                    <label for="login">"Identifiant ou adresse e-mail"</label>
                    <input id="login" data-testid="login" type="text" autocomplete="username" required
                        prop:value=login on:input=move |ev| login.set(event_target_value(&ev))/>
                    <label for="password">"Mot de passe"</label>
                    <input id="password" data-testid="password" type="password" autocomplete="current-password" required
                        prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                    {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="login-error">{e.message}</p> })}
                    <button type="submit" class="primary" data-testid="login-submit" disabled=move || submit.pending().get()>
                        {move || if submit.pending().get() { "Connexion…" } else { "Se connecter" }}
                    </button>
                </form>
                <p><A href="/mot-de-passe-oublie">"Mot de passe oublié"</A></p>
            </div>
            <p class="foot"><A href="/accessibilite">{crate::components::layout::ACCESSIBILITY_STATUS}</A></p>
        </main>
    }
}

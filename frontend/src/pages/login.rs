//! «Connexion».

use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use realis_api_types::LoginRequest;

use crate::api;
use crate::errors::UiError;
use crate::session::{Session, use_session};

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
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
                    session.sign_in(Session {
                        token: resp.access_token,
                        user: resp.user,
                    });
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.dispatch(LoginRequest {
            login: login.get_untracked(),
            password: password.get_untracked(),
        });
    };
    view! {
        {move || session.0.get().is_some().then(|| view! { <Redirect path="/tableau-de-bord"/> })}
        <main class="centered">
            <div class="card login">
                <h1>"Réalis"</h1>
                <p class="subtitle">"Certificats de réalisation — Transitions Pro"</p>
                <form on:submit=on_submit>
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
        </main>
    }
}

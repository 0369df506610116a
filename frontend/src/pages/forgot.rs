//! «Mot de passe oublié».

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;

#[component]
pub fn ForgotPage() -> impl IntoView {
    crate::components::layout::set_title("Mot de passe oublié");
    let login = RwSignal::new(String::new());
    let submit = Action::new_local(|login: &String| {
        let login = login.clone();
        async move { api::forgot_password(login).await }
    });
    // The form is `novalidate` (the browser's bubbles are in its own language).
    let missing = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let empty = login.with_untracked(|l| l.trim().is_empty());
        missing.set(empty);
        if !empty {
            submit.dispatch(login.get_untracked());
        }
    };
    view! {
        <main class="centered">
            <div class="card login">
                <h1>"Mot de passe oublié"</h1>
                {move || match submit.value().get() {
                    Some(Ok(())) => view! {
                        <p class="success" data-testid="forgot-done">
                            "Si un compte correspond à cet identifiant, un e-mail contenant un lien de réinitialisation vient d'être envoyé. Le lien est valable une heure."
                        </p>
                    }.into_any(),
                    other => view! {
                        <form novalidate on:submit=on_submit>
                            <label for="login">"Identifiant ou adresse e-mail"</label>
                            <input id="login" data-testid="forgot-login" type="text" required
                                prop:value=login on:input=move |ev| login.set(event_target_value(&ev))/>
                            {other.and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
                            {move || missing.get().then(|| view! {
                                <p class="error" role="alert" data-testid="forgot-missing">"Saisissez votre identifiant ou adresse e-mail."</p>
                            })}
                            <button type="submit" class="primary">"Recevoir un lien"</button>
                        </form>
                    }.into_any(),
                }}
                <p><A href="/connexion">"Retour à la connexion"</A></p>
            </div>
        </main>
    }
}

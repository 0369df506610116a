//! «Choisir un mot de passe», from an invitation or reset link.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api;

#[component]
pub fn ResetPage() -> impl IntoView {
    crate::components::layout::set_title("Nouveau mot de passe");
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let mismatch = RwSignal::new(false);
    let submit = Action::new_local(|(token, pw): &(String, String)| {
        let (token, pw) = (token.clone(), pw.clone());
        async move { api::reset_password(token, pw).await }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if password.get_untracked() != confirm.get_untracked() {
            mismatch.set(true);
            return;
        }
        mismatch.set(false);
        submit.dispatch((token(), password.get_untracked()));
    };
    view! {
        <main class="centered">
            <div class="card login">
                <h1>"Choisir mon mot de passe"</h1>
                {move || match submit.value().get() {
                    Some(Ok(())) => view! {
                        <p class="success" data-testid="reset-done">"Votre mot de passe est enregistré. Vous pouvez vous connecter."</p>
                    }.into_any(),
                    other => view! {
                        <form novalidate on:submit=on_submit>
                            <p class="hint">"Au moins 12 caractères. Une phrase de passe facile à retenir convient très bien."</p>
                            <label for="pw">"Nouveau mot de passe"</label>
                            <input id="pw" type="password" autocomplete="new-password" required minlength="12"
                                prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                            <label for="pw2">"Confirmation"</label>
                            <input id="pw2" type="password" autocomplete="new-password" required
                                prop:value=confirm on:input=move |ev| confirm.set(event_target_value(&ev))/>
                            {move || mismatch.get().then(|| view! { <p class="error" role="alert">"Les deux mots de passe ne sont pas identiques."</p> })}
                            {other.and_then(|r| r.err()).map(|e| {
                                let detail = e.fields.first().map(|(_, m)| m.clone()).unwrap_or_default();
                                view! { <p class="error" role="alert">{e.message}" "{detail}</p> }
                            })}
                            <button type="submit" class="primary">"Enregistrer"</button>
                        </form>
                    }.into_any(),
                }}
                <p><A href="/connexion">"Aller à la connexion"</A></p>
            </div>
        </main>
    }
}

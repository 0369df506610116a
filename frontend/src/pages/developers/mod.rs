//! «Développeurs» of an OF's staff and a funder's agents: their API keys (`keys`), their webhook
//! subscriptions and deliveries (`webhooks`, `deliveries`), and how to call the API. A key or a
//! webhook secret is shown once, when created, in a read-only field that takes the focus.

mod deliveries;
mod keys;
mod webhooks;

use leptos::prelude::*;
use realis_domain::Role;
use wasm_bindgen::JsCast;

use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::components::layout::set_title;
use crate::components::live::Status;

/// The page's one confirmation dialog (a key's or a subscription's deletion), with what to do
/// once confirmed.
#[derive(Clone, Copy)]
pub struct Ask {
    ask: RwSignal<Option<Confirmation>>,
    then: StoredValue<Option<Callback<()>>>,
}

impl Ask {
    /// Asks `c`; `then` runs if the person confirms.
    pub fn confirm(&self, c: Confirmation, then: impl Fn() + Send + Sync + 'static) {
        self.then.set_value(Some(Callback::new(move |()| then())));
        self.ask.set(Some(c));
    }
}

/// The `aria-describedby` of a field: its hint, and its error while there is one.
pub fn described(
    hint_id: Option<&'static str>,
    error: Signal<Option<String>>,
    error_id: &'static str,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let ids: Vec<&str> = [hint_id, error.get().map(|_| error_id)]
            .into_iter()
            .flatten()
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// Gives the focus to the element with this id (a heading after a deletion).
pub fn focus_id(id: &str) {
    if let Some(e) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = e.focus();
    }
}

/// Writes `text` to the clipboard (`navigator.clipboard.writeText`, reached through
/// `Reflect`: no web-sys feature for it); `false` when the browser refuses or has none.
async fn write_clipboard(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let get = |o: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).ok();
    let Some(clipboard) = get(&window.into(), "navigator")
        .and_then(|n| get(&n, "clipboard"))
        .filter(|c| !c.is_undefined())
    else {
        return false;
    };
    let Some(write) =
        get(&clipboard, "writeText").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    match write
        .call1(&clipboard, &text.into())
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    {
        Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        None => false,
    }
}

/// A secret shown once: a read-only field that takes the focus (its text selected), «Copier»,
/// and the sentence saying it will not be shown again.
#[component]
pub fn OneTimeSecret(
    /// The field's label («Votre nouvelle clé d'API»).
    label: &'static str,
    /// «Elle ne sera plus affichée» (a key), «Il ne sera plus affiché» (a secret).
    warning: &'static str,
    /// What to keep, and where.
    note: &'static str,
    /// The field's id, also its `data-testid`.
    id: &'static str,
    value: String,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let button = NodeRef::<leptos::html::Button>::new();
    let copied = RwSignal::new(None::<&'static str>);
    Effect::new(move |_| {
        if let Some(i) = input.get() {
            let _ = i.focus();
            i.select();
        }
    });
    let copy = move |_| {
        let Some(i) = input.get_untracked() else {
            return;
        };
        i.select();
        let text = i.value();
        leptos::task::spawn_local(async move {
            let done = write_clipboard(text).await;
            // Copied: the focus back on «Copier»; refused: it stays on the selected text, for
            // Ctrl+C.
            if done && let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
            copied.set(Some(if done {
                "Copié dans le presse-papiers."
            } else {
                "Copie automatique impossible\u{a0}: le texte est sélectionné, copiez-le avec Ctrl+C (ou ⌘+C)."
            }));
        });
    };
    let note_id = format!("{id}-note");
    view! {
        <div class="one-time notice" data-testid=format!("{id}-box")>
            <div class="field">
                <label for=id>{label}"\u{a0}:"</label>
                <input id=id type="text" class="mono" readonly data-testid=id node_ref=input
                    prop:value=value aria-describedby=note_id.clone() autocomplete="off" spellcheck="false"/>
            </div>
            <p id=note_id><strong>{warning}"\u{a0}: "</strong>{note}</p>
            <button type="button" class="secondary" data-testid=format!("{id}-copy") node_ref=button on:click=copy>"Copier"</button>
            <Status>{move || copied.get().map(|m| view! { <p class="success" data-testid=format!("{id}-copied")>{m}</p> })}</Status>
        </div>
    }
}

/// How to call the API with a key, and how to check a delivery's signature.
#[component]
fn Documentation() -> impl IntoView {
    view! {
        <section aria-labelledby="doc-title" data-testid="developers-doc">
            <h2 id="doc-title">"Documentation"</h2>
            <p>"Chaque opération de l'API, ses paramètres et ses réponses sont décrits dans la "
                <a href="/swagger-ui/" rel="external" data-testid="swagger-link">"documentation de l'API (Swagger UI)"</a>"."</p>
            <ul class="doc">
                <li>"Authentification\u{a0}: envoyez la clé dans l'en-tête "<code>"Authorization: Bearer rls_…"</code>
                    " de chaque requête. Elle agit en votre nom, dans la limite de ses autorisations."</li>
                <li>"Écritures sans doublon\u{a0}: ajoutez à vos "<code>"POST"</code>", "<code>"PUT"</code>" et "<code>"DELETE"</code>
                    " un en-tête "<code>"Idempotency-Key"</code>" (une valeur unique par opération, 255 caractères au plus)\u{a0}: "
                    "la même requête renvoyée avec la même valeur dans les 24\u{a0}heures reçoit la même réponse, sans être exécutée une seconde fois."</li>
                <li>"Webhooks\u{a0}: chaque événement est envoyé en "<code>"POST"</code>" (JSON, Standard Webhooks) avec les en-têtes "
                    <code>"webhook-id"</code>" (le même à chaque tentative\u{a0}: dédoublonnez sur lui), "
                    <code>"webhook-timestamp"</code>" (secondes Unix) et "<code>"webhook-signature"</code>"\u{a0}: "
                    <code>"v1,"</code>" suivi du HMAC-SHA256, en base64, de "<code>"{webhook-id}.{webhook-timestamp}.{corps}"</code>
                    ", calculé avec le secret "<code>"whsec_…"</code>" (la partie après "<code>"whsec_"</code>", décodée de base64). "
                    "Répondez par un statut 2xx\u{a0}; sinon l'envoi est retenté une dizaine de fois sur trois jours, et une réponse 410 désactive l'abonnement."</li>
            </ul>
        </section>
    }
}

#[component]
pub fn DevelopersPage() -> impl IntoView {
    set_title("Développeurs");
    let role = crate::session::use_session()
        .0
        .get_untracked()
        .map(|s| s.user.role);
    if !matches!(role, Some(Role::Organisation | Role::Funder)) {
        return view! {
            <h1>"Développeurs"</h1>
            <p data-testid="not-found">"Cette rubrique est réservée aux organismes de formation et aux agents des Transitions Pro. "
                <a href="/tableau-de-bord">"Retour au tableau de bord"</a></p>
        }
        .into_any();
    }
    let ask = Ask {
        ask: RwSignal::new(None),
        then: StoredValue::new(None),
    };
    provide_context(ask);
    let confirmed = move |()| {
        if let Some(cb) = ask.then.get_value() {
            cb.run(());
        }
    };
    view! {
        <h1>"Développeurs"</h1>
        <p class="hint">"Reliez votre logiciel (ERP, outil de gestion) à Réalis\u{a0}: une clé d'API lui permet d'appeler l'API en votre nom, un webhook le prévient de chaque événement de vos dossiers."</p>
        <keys::ApiKeys/>
        <webhooks::Webhooks/>
        <Documentation/>
        <ConfirmDialog ask=ask.ask on_confirm=confirmed/>
    }
    .into_any()
}

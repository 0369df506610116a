//! A PDF of the API shown in the page.

use leptos::prelude::*;

use crate::api;

/// A PDF of the API shown in the page, with «Ouvrir dans un nouvel onglet» and «Télécharger»
/// under a meaningful name (plain links on the fetched file: no pop-up to block). A failed fetch
/// says so in French and can be retried.
#[component]
pub fn PdfPreview(path: String, name: String, title: String) -> impl IntoView {
    let retry = RwSignal::new(0u32);
    let src = LocalResource::new(move || {
        retry.track();
        let path = path.clone();
        async move { api::blob_url(&path).await }
    });
    let shown = StoredValue::new(None::<String>);
    on_cleanup(move || {
        if let Some(url) = shown.get_value() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    view! {
        <div class="pdf-preview" data-testid="pdf-preview">
            <Suspense fallback=|| view! { <p class="muted">"Chargement du PDF…"</p> }>
                {move || {
                    let name = name.clone();
                    let title = title.clone();
                    Suspend::new(async move {
                        match src.await {
                            Ok(url) => {
                                if let Some(old) = shown.get_value().filter(|old| *old != url) {
                                    let _ = web_sys::Url::revoke_object_url(&old);
                                }
                                shown.set_value(Some(url.clone()));
                                view! {
                                    <p class="actions">
                                        <a class="button primary small" href=url.clone() download=name.clone() data-testid="download-pdf">{format!("Télécharger ({name})")}</a>
                                        " "
                                        <a class="button secondary small" href=url.clone() target="_blank" rel="noopener" data-testid="open-pdf">"Ouvrir dans un nouvel onglet"</a>
                                    </p>
                                    <iframe class="pdf" src=url title=title data-testid="pdf-frame"></iframe>
                                }.into_any()
                            }
                            Err(e) => view! {
                                <div class="error" role="alert" data-testid="pdf-error">
                                    <p>{format!("Le PDF n'a pas pu être chargé\u{a0}: {}", e.message)}</p>
                                    <p><button type="button" class="secondary" on:click=move |_| retry.update(|n| *n += 1)>"Réessayer"</button></p>
                                </div>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

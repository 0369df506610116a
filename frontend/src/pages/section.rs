//! Menu sections whose screens are not delivered yet: say so plainly, in French.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::layout::section_label;
use crate::session::use_session;

#[component]
pub fn SectionPage() -> impl IntoView {
    let params = use_params_map();
    let session = use_session();
    move || {
        let path = format!("/{}", params.with(|p| p.get("section").unwrap_or_default()));
        let label = session
            .0
            .get()
            .and_then(|s| section_label(s.user.role, &path));
        match label {
            Some(label) => view! {
                <h1>{label}</h1>
                <p class="notice" data-testid="section-pending">
                    "Cette rubrique n'est pas encore disponible dans cette version de Réalis. Les actions en attente restent accessibles depuis le tableau de bord."
                </p>
            }
            .into_any(),
            None => view! { <h1>"Page introuvable"</h1><p>"Cette rubrique n'existe pas pour votre espace."</p> }.into_any(),
        }
    }
}

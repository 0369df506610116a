//! An address inside the portal that is no page of this role's space.

use leptos::prelude::*;

use crate::components::layout::set_title;

#[component]
pub fn SectionPage() -> impl IntoView {
    set_title("Page introuvable");
    view! {
        <h1>"Page introuvable"</h1>
        <p data-testid="not-found">"Cette rubrique n'existe pas pour votre espace. "<a href="/tableau-de-bord">"Retour au tableau de bord"</a></p>
    }
}

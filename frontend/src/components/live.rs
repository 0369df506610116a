//! Live regions: status messages a screen reader announces without moving the focus
//! (RGAA 7.5, WCAG 4.1.3).
//!
//! A region is announced when its content changes, not when it is inserted with its content, so
//! the region stays in the page and only its message comes and goes: wrap the conditional
//! message, not the other way round.

use leptos::prelude::*;

/// A polite region (`role="status"`): «Heures enregistrées.», «Paramètres enregistrés.»…
#[component]
pub fn Status(
    /// Names the region for the tests.
    #[prop(optional)]
    testid: &'static str,
    children: Children,
) -> impl IntoView {
    view! { <div class="live" role="status" data-testid=(!testid.is_empty()).then_some(testid)>{children()}</div> }
}

//! «Précédent / Page n sur m / Suivant» under a server-paginated list; the page lives in the
//! URL (`?page=n`, see [`UrlQuery`]), so back/forward and reload keep it.

use leptos::prelude::*;

use crate::components::url_query::UrlQuery;

/// `page`, `total` and `per_page` are those of the page the server answered; `noun` is the
/// plural of what is listed, `one` its singular («(1 dossier)», «(0 dossier)»).
#[component]
pub fn Pager(
    query: UrlQuery,
    page: u64,
    total: u64,
    per_page: u64,
    noun: &'static str,
    one: &'static str,
) -> impl IntoView {
    let pages = total.div_ceil(per_page.max(1)).max(1);
    // Beyond the last page (the list shrank since the link was made), «Précédent» goes to the last.
    let previous = page.saturating_sub(1).min(pages).max(1);
    view! {
        <nav class="pager" aria-label=format!("Pages des {noun}") data-testid="pager">
            <button type="button" class="secondary" data-testid="pager-previous" disabled=page <= 1
                on:click=move |_| query.go_to_page(previous)>"Précédent"</button>
            <span data-testid="pager-status" aria-live="polite">{format!(" Page {page} sur {pages} ({}) ", realis_domain::fr::count(total, one, noun))}</span>
            <button type="button" class="secondary" data-testid="pager-next" disabled=pages <= page
                on:click=move |_| query.go_to_page(page + 1)>"Suivant"</button>
        </nav>
    }
}

//! «Précédent / Page n sur m / Suivant» under a server-paginated list.

use leptos::prelude::*;

#[component]
pub fn Pager(page: RwSignal<u64>, total: u64, per_page: u64, noun: &'static str) -> impl IntoView {
    let pages = total.div_ceil(per_page.max(1)).max(1);
    view! {
        <p class="pager">
            <button type="button" class="secondary" disabled=move || page.get() <= 1 on:click=move |_| page.update(|p| *p -= 1)>"Précédent"</button>
            {move || format!(" Page {} sur {pages} ({total} {noun}) ", page.get())}
            <button type="button" class="secondary" disabled=move || pages <= page.get() on:click=move |_| page.update(|p| *p += 1)>"Suivant"</button>
        </p>
    }
}

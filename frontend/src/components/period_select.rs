//! «Mois : [Octobre 2026 ▾]»: one month chosen among `periods`, for an action on a whole month
//! (its certificates as one ZIP, the reminder of the OFs late with it).

use leptos::prelude::*;
use realis_domain::Period;

#[component]
pub fn PeriodSelect(
    /// The select's id (its label points at it) and its test id.
    id: &'static str,
    periods: Vec<Period>,
    chosen: RwSignal<Option<Period>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>"Mois\u{a0}:"</label>
            <select id=id data-testid=id on:change=move |ev| chosen.set(Period::parse(&event_target_value(&ev)).ok())>
                {periods.into_iter().map(|p| view! {
                    <option value=p.to_string() selected=move || chosen.get() == Some(p)>{p.label_fr()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

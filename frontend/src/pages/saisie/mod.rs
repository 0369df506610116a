//! «Saisie du mois» (issue #13): every month of one period across the OF's dossiers on one page.
//! The totals of the months entered in totals are typed in the table; the selected months get
//! «Répartir 7h tous les jours» or «Charger le calendrier» (the grid's helpers, by the domain);
//! one «Enregistrer» saves every changed month in one batch, and «Je certifie la saisie des
//! heures» prepares the selected months after a review. Each month answers on its own row.

use leptos::prelude::*;
use realis_domain::{MonthStatus, Period, Role, fr};

use crate::api;
use crate::components::url_query::UrlQuery;
use crate::session::use_session;
use page::SaisieBoard;

mod actions;
mod helpers;
mod page;
mod review;
mod rows;
mod table;

/// The period chosen in `?periode=`, if it reads.
fn chosen(query: &UrlQuery) -> Option<Period> {
    Period::parse(&query.get("periode")).ok()
}

/// The current month in Paris.
fn this_month() -> Period {
    Period::of(crate::format::paris_today())
}

/// The periods offered: from two years back to three months ahead, newest first, and the one
/// shown if it lies outside.
fn periods(shown: Period) -> Vec<Period> {
    let mut p = this_month();
    for _ in 0..3 {
        p = p.next();
    }
    let mut out = Vec::new();
    for _ in 0..27 {
        out.push(p);
        p = Period::of(p.first_day().pred_opt().unwrap_or_default());
    }
    if !out.contains(&shown) {
        out.push(shown);
        out.sort_unstable_by(|a, b| b.cmp(a));
    }
    out
}

#[component]
pub fn SaisiePage() -> impl IntoView {
    let is_of = use_session()
        .0
        .get_untracked()
        .is_some_and(|s| s.user.role == Role::Organisation);
    if !is_of {
        return view! {
            <h1>"Saisie du mois"</h1>
            <p class="error" role="alert">"Cette page est réservée aux organismes de formation."</p>
        }
        .into_any();
    }
    let query = UrlQuery::new();
    // Without `?periode=`: the latest period with a month awaiting entry or certification,
    // else the current month.
    let default = LocalResource::new(move || async move {
        api::latest_pending_period()
            .await
            .ok()
            .flatten()
            .unwrap_or_else(this_month)
    });
    let period = Memo::new(move |_| chosen(&query).or_else(|| default.get()));
    view! {
        <h1>"Saisie du mois"</h1>
        {move || period.get().map(|p| view! { <SaisieBoard period=p query periods=periods(p)/> })}
        {move || period.get().is_none().then(|| view! { <p class="muted">"Chargement…"</p> })}
    }
    .into_any()
}

/// The status filter's choices: each status present, in the machine's order.
fn statuses_of(items: &[rows::Row]) -> Vec<MonthStatus> {
    let present: Vec<MonthStatus> = items
        .iter()
        .map(|r| r.item.with_untracked(|i| i.status))
        .collect();
    MonthStatus::ALL
        .into_iter()
        .filter(|s| present.contains(s))
        .collect()
}

/// «Saisie du mois d'octobre 2026» with the number of months shown.
fn caption(p: Period, shown: usize, all: usize) -> String {
    let n = fr::count(shown as u64, "mois", "mois");
    if shown == all {
        format!("Saisie du mois {}\u{a0}: {n}", fr::of_month(p))
    } else {
        format!(
            "Saisie du mois {}\u{a0}: {n} sur {}",
            fr::of_month(p),
            fr::integer(all as u64)
        )
    }
}

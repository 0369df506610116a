//! The table of the period's months: a checkbox, the dossier (a link to its grid), the
//! beneficiary, the status and what the last batch said, and the three totals, typed in place
//! for a month entered in totals, shown with «Saisir au jour» otherwise.

use leptos::prelude::*;
use leptos_router::components::A;
use realis_domain::grid::Granularity;
use realis_domain::{Hours, fr};

use super::rows::{Outcome, Row};
use crate::format::hours_of;
use crate::pages::month::grid::columns;

/// The month page's three columns: «Heures de présence en formation», «… en stage», «Heures
/// d'absence».
pub(super) fn total_labels() -> &'static [&'static str] {
    columns(Granularity::Month)
}

fn who(row: &Row) -> String {
    row.item
        .with_untracked(|i| format!("{}, {}", i.dossier_number, i.beneficiary))
}

fn outcome_view(row: Row) -> impl IntoView {
    let id = row.id();
    move || {
        row.outcome.get().map(|o| match o {
            Outcome::Saved => view! { <p class="row-note success" data-testid=format!("row-saved-{id}")>"Enregistré"</p> }.into_any(),
            Outcome::Prepared => view! { <p class="row-note success" data-testid=format!("row-prepared-{id}")>"Saisie certifiée"</p> }.into_any(),
            Outcome::Refused(why) => view! { <p class="row-note error" id=format!("row-error-{id}") data-testid=format!("row-error-{id}")>{why}</p> }.into_any(),
        })
    }
}

fn total_cell(row: Row, col: usize, on_save: Callback<()>) -> impl IntoView {
    let id = row.id();
    let label = format!("{}, {}", total_labels()[col], who(&row));
    let cell = row.cells[col];
    let refused = move || matches!(row.outcome.get(), Some(Outcome::Refused(_)));
    let bad = move || cell.with(|t| hours_of(t).is_err()) || refused();
    // Rebuilt only when the month opens or closes to typing (not at each save: the focus stays).
    let inline = Memo::new(move |_| row.inline());
    move || {
        if inline.get() {
            let label = label.clone();
            view! {
                <td class:bad=bad data-label=total_labels()[col]>
                    <input type="text" inputmode="decimal" data-testid=format!("total-{id}-{col}")
                        aria-label=label prop:value=cell aria-invalid=move || bad().then_some("true")
                        aria-describedby=move || refused().then(|| format!("row-error-{id}"))
                        on:input=move |ev| { row.outcome.set(None); cell.set(event_target_value(&ev)); }
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if (ev.key() == "s" || ev.key() == "S") && (ev.ctrl_key() || ev.meta_key()) {
                                ev.prevent_default();
                                on_save.run(());
                            }
                        }/>
                </td>
            }
            .into_any()
        } else {
            let h: Hours = row.totals()[col];
            view! { <td class="num" data-label=total_labels()[col] data-testid=format!("total-{id}-{col}")>{fr::hours(h)}</td> }.into_any()
        }
    }
}

fn row_view(row: Row, on_save: Callback<()>) -> impl IntoView {
    let (id, number, beneficiary, href) = row.item.with_untracked(|i| {
        (
            i.dossier_id,
            i.dossier_number.clone(),
            i.beneficiary.clone(),
            format!("/dossiers/{}/mois/{}", i.dossier_id, i.period),
        )
    });
    let select_label = format!("Sélectionner {number}, {beneficiary}");
    let day_link = {
        let (href, number) = (href.clone(), number.clone());
        move || {
            (row.editable() && row.granularity() != Granularity::Month).then(|| {
                let pending = row.days.with(Option::is_some);
                let hidden = format!(" ({number})");
                view! {
                    <A href=href.clone() attr:data-testid=format!("by-day-{id}")>"Saisir au jour"<span class="visually-hidden">{hidden}</span></A>
                    {pending.then(|| view! { <span class="row-note hint">" Répartition calculée, à enregistrer"</span> })}
                }
            })
        }
    };
    view! {
        <tr data-testid=format!("saisie-row-{id}") class:dirty=move || row.dirty()>
            <td data-label="Sélection"><input type="checkbox" data-testid=format!("select-{id}") aria-label=select_label
                prop:checked=row.selected on:change=move |ev| row.selected.set(event_target_checked(&ev))/></td>
            <th scope="row"><A href=href attr:data-testid=format!("dossier-{id}")>{number.clone()}</A></th>
            <td data-label="Bénéficiaire">{beneficiary}</td>
            <td data-label="Statut" data-testid=format!("status-{id}")>
                <span class="badge">{move || row.item.with(|i| i.status_label.clone())}</span>
                {outcome_view(row)}
            </td>
            {total_cell(row, 0, on_save)}
            {total_cell(row, 1, on_save)}
            {total_cell(row, 2, on_save)}
            <td data-label="Grille">{day_link}</td>
        </tr>
    }
}

/// The table, in a region that scrolls sideways on a phone (never the page).
#[component]
pub(super) fn SaisieTable(
    rows: Signal<Vec<Row>>,
    caption: Signal<String>,
    on_save: Callback<()>,
) -> impl IntoView {
    let sums = move || {
        rows.with(|rows| {
            let t = rows.iter().map(Row::totals).collect::<Vec<_>>();
            [0, 1, 2].map(|c| Hours::sum(t.iter().map(|r| r[c])))
        })
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Mois de la période">
            <table class="grid cards saisie" data-testid="saisie-table">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">"Sélection"</th>
                    <th scope="col">"N° dossier"</th>
                    <th scope="col">"Bénéficiaire"</th>
                    <th scope="col">"Statut"</th>
                    {total_labels().iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}
                    <th scope="col">"Grille"</th>
                </tr></thead>
                <tbody>
                    <For each=move || rows.get() key=Row::id children=move |row| row_view(row, on_save)/>
                </tbody>
                <tfoot><tr data-testid="saisie-totals">
                    <th scope="row" colspan="4">{move || format!("Total ({})", rows.with(|r| fr::count(r.len() as u64, "mois", "mois")))}</th>
                    {move || sums().into_iter().zip(total_labels()).map(|(h, l)| view! { <td class="num" data-label=*l>{fr::hours(h)}</td> }).collect_view()}
                    <td class="empty"></td>
                </tr></tfoot>
            </table>
        </div>
    }
}

//! The review before «Je certifie la saisie des heures» on many months: a modal dialog listing
//! each month with its totals and the grand total, what was left aside and why; «Confirmer»
//! certifies the entry of exactly these months, at the versions shown. Escape or «Annuler»
//! closes it and nothing is done; the focus goes to its title on opening and back to the
//! button that opened it on closing.

use leptos::prelude::*;
use realis_domain::{Hours, fr};
use wasm_bindgen::JsCast;

use super::rows::Row;
use super::table::total_labels;

/// What the review shows: the months to certify, and the selected months left aside.
#[derive(Clone)]
pub(super) struct Review {
    pub(super) rows: Vec<Row>,
    /// (dossier number, why) of each selected month that cannot be certified now.
    pub(super) aside: Vec<(String, &'static str)>,
}

/// Splits the selection: the months whose entry may be certified now, and the others.
pub(super) fn review_of(selected: Vec<Row>) -> Review {
    let mut review = Review {
        rows: Vec::new(),
        aside: Vec::new(),
    };
    for r in selected {
        let number = r.item.with_untracked(|i| i.dossier_number.clone());
        if r.dirty() {
            review.aside.push((
                number,
                "modifications non enregistrées (enregistrez d'abord)",
            ));
        } else if !r.preparable() {
            review.aside.push((
                number,
                "son statut ne le permet pas (heures à saisir, ou déjà certifiée)",
            ));
        } else {
            review.rows.push(r);
        }
    }
    review
}

#[component]
pub(super) fn ReviewDialog(
    review: RwSignal<Option<Review>>,
    #[prop(into)] on_confirm: Callback<Vec<Row>>,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let title = NodeRef::<leptos::html::H2>::new();
    // The button that opened the review gets the focus back when it closes.
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let open = review.with(Option::is_some);
        let Some(d) = dialog.get() else { return };
        if open && !d.open() {
            opener.set_value(
                web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|doc| doc.active_element())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
            let _ = d.show_modal();
            if let Some(t) = title.get() {
                let _ = t.focus();
            }
        } else if !open {
            if d.open() {
                d.close();
            }
            if let Some(el) = opener.with_value(Clone::clone) {
                opener.set_value(None);
                let _ = el.focus();
            }
        }
    });
    let body = move || {
        review.get().map(|r| {
            let n = r.rows.len() as u64;
            let totals: Vec<[Hours; 3]> = r.rows.iter().map(Row::totals).collect();
            let sums = [0, 1, 2].map(|c| Hours::sum(totals.iter().map(|t| t[c])));
            let all = Hours::sum(sums);
            let rows = r.rows.clone();
            let lines = r
                .rows
                .iter()
                .zip(&totals)
                .map(|(row, t)| {
                    let (number, beneficiary) = row
                        .item
                        .with_untracked(|i| (i.dossier_number.clone(), i.beneficiary.clone()));
                    view! {
                        <tr>
                            <th scope="row">{number}</th>
                            <td>{beneficiary}</td>
                            {t.map(|h| view! { <td class="num">{fr::hours(h)}</td> }).collect_view()}
                            <td class="num">{fr::hours(Hours::sum(*t))}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p data-testid="review-summary">{format!("En confirmant, vous certifiez la saisie des heures de {} ({} en tout)\u{a0}: leurs heures sont figées et le projet de certificat de chacun est établi.", fr::count(n, "mois", "mois"), fr::hours_with_unit(all))}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-label="Mois à certifier">
                    <table class="grid" data-testid="review-table">
                        <caption class="visually-hidden">"Mois dont la saisie sera certifiée"</caption>
                        <thead><tr>
                            <th scope="col">"N° dossier"</th>
                            <th scope="col">"Bénéficiaire"</th>
                            {total_labels().iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}
                            <th scope="col">"Total"</th>
                        </tr></thead>
                        <tbody>{lines}</tbody>
                        <tfoot><tr data-testid="review-total">
                            <th scope="row" colspan="2">{format!("Total ({})", fr::count(n, "mois", "mois"))}</th>
                            {sums.map(|h| view! { <td class="num">{fr::hours(h)}</td> }).collect_view()}
                            <td class="num">{fr::hours(all)}</td>
                        </tr></tfoot>
                    </table>
                </div>
                {(!r.aside.is_empty()).then(|| view! {
                    <div class="warning" data-testid="review-aside">
                        <p>{format!("{} de la sélection {}\u{a0}:", fr::count(r.aside.len() as u64, "mois", "mois"), fr::noun(r.aside.len() as u64, "n'est pas repris", "ne sont pas repris"))}</p>
                        <ul>{r.aside.iter().map(|(n, why)| view! { <li>{format!("{n}\u{a0}: {why}")}</li> }).collect_view()}</ul>
                    </div>
                })}
                <p class="actions">
                    <button type="button" class="secondary" data-testid="review-cancel" on:click=move |_| review.set(None)>"Annuler"</button>
                    " "
                    <button type="button" class="primary inline" data-testid="review-confirm" disabled=n == 0
                        on:click=move |_| { review.set(None); on_confirm.run(rows.clone()); }>"Confirmer"</button>
                </p>
            }
        })
    };
    view! {
        <dialog node_ref=dialog class="confirm review" data-testid="review-dialog" aria-labelledby="review-title"
            on:close=move |_| review.set(None)>
            <h2 id="review-title" tabindex="-1" node_ref=title>"Je certifie la saisie des heures"</h2>
            {body}
        </dialog>
    }
}

//! The hours grid itself: one row per day (or the month row), keyboard moves inside it, the
//! paste of a spreadsheet column, and the totals.

use leptos::prelude::*;
use realis_api_types::MonthView;
use realis_domain::grid::Granularity;
use realis_domain::{Hours, fr};
use wasm_bindgen::JsCast;

use super::grid::{Move, Row, cell_label, columns, focus, paste_column, step, value};
use crate::errors::UiError;

/// The grid's table: its header in the granularity's columns, a row per day (days outside the
/// session greyed out and closed), and the totals of what is typed.
#[component]
pub(super) fn HoursTable(
    rows: Vec<Row>,
    g: Granularity,
    editable: bool,
    /// Cells refused by the server: (row, column); a column of `None` marks the whole row.
    refused: RwSignal<Vec<(usize, Option<usize>)>>,
    saved: RwSignal<bool>,
    invalid: Memo<bool>,
    save: Action<(), Result<MonthView, UiError>>,
    period_label: String,
) -> impl IntoView {
    let grid = StoredValue::new(rows.clone());
    let column_total = move |c: usize| {
        grid.with_value(|rows| {
            Hours::sum(rows.iter().map(|r| value(&r.cells[c]).unwrap_or_default()))
        })
    };
    let totals = move || {
        let t = |cols: &[usize]| Hours::sum(cols.iter().map(|c| column_total(*c)));
        if g == Granularity::HalfDay {
            (t(&[0, 1]), t(&[2, 3]), t(&[4]))
        } else {
            (t(&[0]), t(&[1]), t(&[2]))
        }
    };
    // The cell the grid's single Tab stop lands on: the first one that can be typed in.
    let first_open = rows
        .iter()
        .position(|r| editable && r.in_session)
        .unwrap_or(0);
    let active = RwSignal::new((first_open, 0usize));
    let row_view = move |(ri, r): (usize, Row)| {
        let class = if !r.in_session {
            "off"
        } else if r.holiday.is_some() {
            "holiday"
        } else if !r.working {
            "weekend"
        } else {
            ""
        };
        let title = r.holiday.clone().unwrap_or_default();
        let row_refused = move || refused.with(|v| v.iter().any(|(row, _)| *row == ri));
        view! {
            <tr class=class class:refused=row_refused data-testid=format!("row-{ri}")>
                <th scope="row" title=title.clone()>{r.label.clone()}{r.holiday.as_ref().map(|_| view! { <span class="holiday-mark" title=title.clone()>" (férié)"</span> })}</th>
                {r.cells.iter().enumerate().map(|(ci, cell)| {
                    let cell = *cell;
                    let cell_refused = move || refused.with(|v| v.iter().any(|(row, c)| *row == ri && c.is_none_or(|c| c == ci)));
                    let bad = move || value(&cell).is_err() || cell_refused();
                    let enabled = editable && r.in_session;
                    view! {
                        <td class:bad=bad>
                            <input type="text" inputmode="decimal" id=format!("cell-{ri}-{ci}") data-testid=format!("cell-{ri}-{ci}")
                                disabled=!enabled prop:value=cell aria-invalid=move || bad().then_some("true")
                                aria-label=format!("{}, {}", cell_label(g, ci), r.long)
                                on:input=move |ev| { saved.set(false); cell.set(event_target_value(&ev)); }
                                tabindex=move || if active.get() == (ri, ci) { "0" } else { "-1" }
                                on:focus=move |_| active.set((ri, ci))
                                on:keydown=move |ev: web_sys::KeyboardEvent| {
                                    // One Tab stop for the whole grid; arrows and Enter move inside it.
                                    let caret = ev.target()
                                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                                        .map(|i| (i.selection_start().ok().flatten(), i.value().chars().count() as u32));
                                    let to = match ev.key().as_str() {
                                        "Enter" if ev.shift_key() => Some(Move::Up),
                                        "Enter" | "ArrowDown" => Some(Move::Down),
                                        "ArrowUp" => Some(Move::Up),
                                        "ArrowLeft" if matches!(caret, Some((Some(0), _)) | None) => Some(Move::Left),
                                        "ArrowRight" if caret.is_none_or(|(at, len)| at.is_none_or(|a| a >= len)) => Some(Move::Right),
                                        "s" | "S" if ev.ctrl_key() || ev.meta_key() => {
                                            ev.prevent_default();
                                            if !invalid.get_untracked() { save.dispatch(()); }
                                            None
                                        }
                                        _ => None,
                                    };
                                    if let Some(to) = to {
                                        ev.prevent_default();
                                        let next = grid.with_value(|rows| step(rows, editable, (ri, ci), to));
                                        if let Some((r, c)) = next { focus(&format!("cell-{r}-{c}")); }
                                    }
                                }
                                on:paste=move |ev: web_sys::ClipboardEvent| {
                                    let text = ev.clipboard_data().and_then(|d| d.get_data("text").ok()).unwrap_or_default();
                                    if text.contains('\n') {
                                        ev.prevent_default();
                                        grid.with_value(|rows| paste_column(rows, ri, ci, &text));
                                    }
                                }/>
                        </td>
                    }
                }).collect_view()}
            </tr>
        }
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Heures du mois">
        <table class="grid hours" data-testid="hours-grid">
            <caption class="visually-hidden">{format!("Heures réalisées\u{a0}: {}", period_label.to_lowercase())}</caption>
            {if g == Granularity::HalfDay {
                // The guide's two-level header: «Heures de présence en formation» → Matin / Après-midi.
                view! {
                    <thead>
                        <tr>
                            <th scope="col" rowspan="2">"Jour"</th>
                            <th scope="colgroup" colspan="2">"Heures de présence en formation"</th>
                            <th scope="colgroup" colspan="2">"Heures de présence en stage"</th>
                            <th scope="col" rowspan="2">"Heures d'absence"</th>
                        </tr>
                        <tr>
                            <th scope="col">"Matin"</th><th scope="col">"Après-midi"</th>
                            <th scope="col">"Matin"</th><th scope="col">"Après-midi"</th>
                        </tr>
                    </thead>
                }.into_any()
            } else {
                view! {
                    <thead><tr>
                        <th scope="col">{if g == Granularity::Month { "Mois" } else { "Jour" }}</th>
                        {columns(g).iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}
                    </tr></thead>
                }.into_any()
            }}
            <tbody>{rows.into_iter().enumerate().map(row_view).collect_view()}</tbody>
            <tfoot><tr data-testid="totals">
                <th scope="row">"Total"</th>
                {move || {
                    let (t, i, a) = totals();
                    if g == Granularity::HalfDay {
                        view! { <td colspan="2" class="num">{fr::hours(t)}</td><td colspan="2" class="num">{fr::hours(i)}</td><td class="num">{fr::hours(a)}</td> }.into_any()
                    } else {
                        view! { <td class="num">{fr::hours(t)}</td><td class="num">{fr::hours(i)}</td><td class="num">{fr::hours(a)}</td> }.into_any()
                    }
                }}
            </tr></tfoot>
        </table>
        </div>
    }
}

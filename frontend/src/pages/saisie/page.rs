//! The board of one period: its choice, the filters, the actions on the selection, the table
//! and the review.

use leptos::prelude::*;
use realis_domain::{MonthStatus, Period, fr};

use super::actions::{self, Notice};
use super::helpers::{self, Helper};
use super::review::{Review, ReviewDialog, review_of};
use super::rows::Row;
use super::table::SaisieTable;
use super::{caption, statuses_of};
use crate::api;
use crate::components::leave_guard::{LEAVE_QUESTION, guard_unsaved};
use crate::components::live::Status;
use crate::components::url_query::UrlQuery;

/// «3 mois modifiés, non enregistrés.»
fn unsaved(n: usize) -> String {
    let n = n as u64;
    format!(
        "{}, {}.",
        fr::count(n, "mois modifié", "mois modifiés"),
        fr::noun(n, "non enregistré", "non enregistrés")
    )
}

/// Whether the user agrees to drop unsaved entries (asked only when there are some).
fn may_leave(dirty: bool) -> bool {
    !dirty
        || web_sys::window()
            .and_then(|w| w.confirm_with_message(LEAVE_QUESTION).ok())
            .unwrap_or(true)
}

/// A filter of the table: «every» (no filter) or one of `options` (value, label).
#[component]
fn FilterSelect(
    id: &'static str,
    label: &'static str,
    every: &'static str,
    value: RwSignal<String>,
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{format!("{label}\u{a0}:")}</label>
            <select id=id data-testid=id on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">{every}</option>
                {move || options.get().into_iter().map(|(v, l)| {
                    let chosen = v.clone();
                    view! { <option value=v prop:selected=move || value.with(|x| *x == chosen)>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub(super) fn SaisieBoard(period: Period, query: UrlQuery, periods: Vec<Period>) -> impl IntoView {
    crate::components::layout::set_title(&format!("Saisie du mois {}", fr::of_month(period)));
    let all_rows = RwSignal::new(Vec::<Row>::new());
    let load_error = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let load = move || {
        leptos::task::spawn_local(async move {
            match api::months_of_period(period).await {
                Ok(mut items) => {
                    items.sort_by(|a, b| a.dossier_number.cmp(&b.dossier_number));
                    all_rows.set(items.into_iter().map(Row::new).collect());
                }
                Err(e) => load_error.set(Some(e.message)),
            }
            loaded.set(true);
        })
    };
    load();
    let training = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let shown = Signal::derive(move || {
        let (t, s) = (training.get(), MonthStatus::parse(&status.get()));
        all_rows.with(|rows| {
            rows.iter()
                .filter(|r| t.is_empty() || r.item.with(|i| i.training_title == t))
                .filter(|r| s.is_none_or(|s| r.item.with(|i| i.status == s)))
                .copied()
                .collect::<Vec<_>>()
        })
    });
    let selected = Signal::derive(move || {
        shown.with(|rows| {
            rows.iter()
                .filter(|r| r.selected.get())
                .copied()
                .collect::<Vec<_>>()
        })
    });
    let all = Signal::derive(move || {
        shown.with(|rows| !rows.is_empty() && rows.iter().all(|r| r.selected.get()))
    });
    let on_all = Callback::new(move |on: bool| {
        shown.with_untracked(|rows| rows.iter().for_each(|r| r.selected.set(on)))
    });
    let dirty_count =
        Memo::new(move |_| all_rows.with(|rows| rows.iter().filter(|r| r.dirty()).count()));
    let dirty = Signal::derive(move || dirty_count.get() > 0);
    guard_unsaved(dirty, || {});

    let notice = RwSignal::new(None::<Notice>);
    let progress = RwSignal::new(None::<String>);
    let helper = Action::new_local(move |h: &Helper| {
        let h = *h;
        let rows = selected.get_untracked();
        async move {
            match helpers::apply(h, rows, progress).await {
                Ok(text) => Notice::ok(text),
                Err(e) => {
                    progress.set(None);
                    Notice::error(e.message)
                }
            }
        }
    });
    let save = Action::new_local(move |_: &()| actions::save(all_rows.get_untracked()));
    let prepare = Action::new_local(move |rows: &Vec<Row>| actions::prepare(rows.clone()));
    for done in [helper.value(), save.value(), prepare.value()] {
        Effect::new(move |_| {
            if let Some(n) = done.get() {
                notice.set(Some(n));
            }
        });
    }
    let busy = Signal::derive(move || {
        helper.pending().get() || save.pending().get() || prepare.pending().get()
    });
    let none_selected = Signal::derive(move || selected.with(Vec::is_empty));
    let on_save = Callback::new(move |_| {
        if !busy.get_untracked() {
            save.dispatch(());
        }
    });
    let review = RwSignal::new(None::<Review>);
    let ask_review = move |_| {
        let r = review_of(selected.get_untracked());
        if r.rows.is_empty() {
            notice.set(Some(Notice::error(
                "Aucun des mois sélectionnés ne peut être certifié maintenant\u{a0}: enregistrez leurs heures d'abord.",
            )));
        } else {
            review.set(Some(r));
        }
    };

    // «Certifier la sélection»: the selected months awaiting certification, as one batch.
    let certifying = RwSignal::new(None::<Vec<realis_api_types::MonthRef>>);
    let ask_certify = move |_| {
        let months: Vec<realis_api_types::MonthRef> = selected
            .get_untracked()
            .iter()
            .filter_map(|r| {
                r.item.with_untracked(|i| {
                    (i.status == MonthStatus::AwaitingCertification).then_some(
                        realis_api_types::MonthRef {
                            dossier_id: i.dossier_id,
                            period: i.period,
                        },
                    )
                })
            })
            .collect();
        if months.is_empty() {
            notice.set(Some(Notice::error(
                "Aucun des mois sélectionnés n'attend sa certification\u{a0}: certifiez d'abord leur saisie («\u{a0}Je certifie la saisie des heures\u{a0}»).",
            )));
        } else {
            certifying.set(Some(months));
        }
    };
    let on_batch_closed = Callback::new(move |_certified: bool| certifying.set(None));
    let on_batch_certified = Callback::new(move |()| load());

    let trainings = Signal::derive(move || {
        let mut t: Vec<String> = all_rows.with(|rows| {
            rows.iter()
                .map(|r| r.item.with_untracked(|i| i.training_title.clone()))
                .collect()
        });
        t.sort();
        t.dedup();
        t.into_iter().map(|t| (t.clone(), t)).collect::<Vec<_>>()
    });
    let status_options = Signal::derive(move || {
        all_rows
            .with(|r| statuses_of(r))
            .into_iter()
            .map(|s| (s.as_str().to_owned(), s.label_fr().to_owned()))
            .collect::<Vec<_>>()
    });
    let change_period = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if may_leave(dirty.get_untracked()) {
            query.set_filter("periode", v, true);
        } else if let Some(sel) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok())
        {
            sel.set_value(&period.to_string());
        }
    };
    let table_caption =
        Signal::derive(move || caption(period, shown.with(Vec::len), all_rows.with(Vec::len)));
    view! {
        <div class="filters" data-testid="saisie-filters">
            <div class="field">
                <label for="saisie-period">"Mois\u{a0}:"</label>
                <select id="saisie-period" data-testid="saisie-period" on:change=change_period>
                    {periods.into_iter().map(|p| view! {
                        <option value=p.to_string() selected=p == period>{p.label_fr()}</option>
                    }).collect_view()}
                </select>
            </div>
            <FilterSelect id="saisie-training" label="Formation" every="Toutes" value=training options=trainings/>
            <FilterSelect id="saisie-status" label="Statut" every="Tous" value=status options=status_options/>
        </div>
        <div class="toolbar" data-testid="saisie-actions" role="group" aria-label="Actions sur la sélection">
            <label class="select-all"><input type="checkbox" data-testid="select-all"
                prop:checked=all on:change=move |ev| on_all.run(event_target_checked(&ev))/>" Tout sélectionner"</label>
            <span class="count" data-testid="saisie-selected">{move || fr::count(selected.with(Vec::len) as u64, "mois sélectionné", "mois sélectionnés")}</span>
            <button type="button" class="secondary" data-testid="saisie-fill-7h" disabled=move || busy.get() || none_selected.get()
                on:click=move |_| { helper.dispatch(Helper::SevenHours); }>{Helper::SevenHours.label()}</button>
            <button type="button" class="secondary" data-testid="saisie-load-calendar" disabled=move || busy.get() || none_selected.get()
                on:click=move |_| { helper.dispatch(Helper::Calendar); }>{Helper::Calendar.label()}</button>
            <button type="button" class="primary inline" data-testid="saisie-save" disabled=move || busy.get() || !dirty.get()
                aria-keyshortcuts="Control+S" on:click=move |_| on_save.run(())>"Enregistrer"</button>
            <button type="button" class="secondary" data-testid="saisie-prepare" disabled=move || busy.get() || none_selected.get()
                on:click=ask_review>"Je certifie la saisie des heures"</button>
            <button type="button" class="primary inline" data-testid="saisie-certify" disabled=move || busy.get() || none_selected.get() || dirty.get()
                on:click=ask_certify>"Certifier la sélection"</button>
        </div>
        <Status testid="saisie-live">
            {move || progress.get().map(|p| view! { <p class="hint">{p}</p> })}
            {move || dirty.get().then(|| view! { <p class="hint" data-testid="saisie-unsaved">{unsaved(dirty_count.get())}</p> })}
            {move || notice.get().filter(|n| !n.error).map(|n| view! { <p class="success" data-testid="saisie-notice">{n.text}</p> })}
        </Status>
        <div role="alert">
            {move || notice.get().filter(|n| n.error).map(|n| view! { <p class="error" data-testid="saisie-error">{n.text}</p> })}
        </div>
        {move || load_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || (!loaded.get()).then(|| view! { <p class="muted">"Chargement…"</p> })}
        {move || (loaded.get() && load_error.get().is_none() && all_rows.with(Vec::is_empty)).then(|| view! {
            <p class="muted" data-testid="saisie-empty">{format!("Aucun de vos dossiers n'a de mois {}.", fr::of_month(period))}</p>
        })}
        {move || (loaded.get() && !all_rows.with(Vec::is_empty)).then(|| view! {
            <SaisieTable rows=shown caption=table_caption on_save/>
            <p class="hint">"Saisissez les totaux des dossiers saisis au mois directement dans le tableau (Ctrl+S pour enregistrer)\u{a0}; les autres se saisissent jour par jour dans leur grille, ou avec «\u{a0}Répartir 7h tous les jours\u{a0}» et «\u{a0}Charger le calendrier\u{a0}» sur la sélection."</p>
        })}
        {move || certifying.get().map(|months| view! {
            <crate::pages::certify::BatchCertify months on_close=on_batch_closed on_certified=on_batch_certified/>
        })}
        <ReviewDialog review on_confirm=Callback::new(move |rows: Vec<Row>| { prepare.dispatch(rows); })/>
    }
}

//! «Transmissions»: the months ready to transmit, filtered by organisme, month and status, 25 a
//! page, sent in a batch; «Relancer les organismes en retard» ([`super::late_reminder`]).

use leptos::prelude::*;
use realis_api_types::{FunderMonthView, MonthRef};
use realis_domain::{MonthStatus, Period, fr};

use super::error_box;
use super::late_reminder::LateReminder;
use crate::api;
use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::components::live::Status;
use crate::components::pager::Pager;
use crate::components::selection::{RowCheckbox, SelectAll, Selection};
use crate::components::url_query::UrlQuery;
use crate::errors::UiError;

/// Rows shown per page; «Tout sélectionner» still acts on every filtered row.
const PER_PAGE: usize = 25;

/// A month of the queue.
type Key = (i64, Period);

fn key(m: &FunderMonthView) -> Key {
    (m.dossier_id, m.period)
}

/// The filters of the URL: `?organisme=&mois=&statut=`.
#[derive(Clone, Copy)]
struct Filters {
    query: UrlQuery,
}

impl Filters {
    fn organisation(&self) -> Option<i64> {
        self.query.get("organisme").parse().ok()
    }

    fn period(&self) -> Option<Period> {
        Period::parse(&self.query.get("mois")).ok()
    }

    fn status(&self) -> Option<MonthStatus> {
        let s = self.query.get("statut");
        MonthStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    fn keeps(&self, m: &FunderMonthView) -> bool {
        self.organisation().is_none_or(|o| o == m.organisation_id)
            && self.period().is_none_or(|p| p == m.period)
            && self.status().is_none_or(|s| s == m.status)
    }
}

/// «Transmissions»: the queue, transmit the selection, export the CSV, remind the late OFs.
#[component]
pub fn TransmissionsPage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::transmission_queue()
    });
    let selection = Selection::<Key>::new();
    let error = RwSignal::new(None::<UiError>);
    let done = RwSignal::new(None::<String>);
    let transmit = Action::new_local(move |months: &Vec<Key>| {
        let months: Vec<MonthRef> = months
            .iter()
            .map(|(dossier_id, period)| MonthRef {
                dossier_id: *dossier_id,
                period: *period,
            })
            .collect();
        async move { api::transmit(months).await }
    });
    Effect::new(move |_| {
        if let Some(r) = transmit.value().get() {
            match r {
                Ok(t) => {
                    done.set(Some(format!("{} mois transmis.", t.months)));
                    selection.clear();
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let export = Action::new_local(move |_: &()| {
        let (f, t) = (from.get_untracked(), to.get_untracked());
        async move {
            let path = format!("/funder/transmissions.csv?from={f}&to={t}");
            api::download(&path, "heures-transmises.csv").await
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = export.value().get() {
            error.set(Some(e));
        }
    });
    let ask = RwSignal::new(None::<Confirmation>);
    let ask_transmit = move |_| {
        let n = selection.len();
        ask.set(Some(Confirmation::new(
            "Transmettre la sélection",
            vec![
                format!("Vous allez transmettre {n} mois\u{a0}: leurs heures seront marquées «\u{a0}Transmis\u{a0}» et figureront dans l'export des heures transmises."),
                "Une transmission ne peut pas être annulée.".to_owned(),
            ],
            "Transmettre",
        )));
    };
    let confirmed = move |_| {
        error.set(None);
        done.set(None);
        transmit.dispatch(selection.keys_untracked());
    };
    let filters = Filters {
        query: UrlQuery::new(),
    };
    view! {
        <h1>"Transmissions"</h1>
        <ConfirmDialog ask on_confirm=confirmed/>
        <p>"Mois prêts à transmettre\u{a0}: validés, ou certifiés lorsque aucune validation n'est demandée."</p>
        <Status>{move || done.get().map(|d| view! { <p class="success" data-testid="transmitted">{d}</p> })}</Status>
        {move || error.get().map(error_box)}
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted" data-testid="queue-empty">"Aucun mois n'est prêt à transmettre."</p> }.into_any(),
                    Ok(list) => view! { <Queue list filters selection/> }.into_any(),
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
        <p><button type="button" class="primary inline" data-testid="transmit" disabled=move || selection.is_empty() || transmit.pending().get()
            on:click=ask_transmit>{move || match selection.len() {
                0 => "Transmettre la sélection".to_owned(),
                n => format!("Transmettre la sélection ({})", fr::count(n as u64, "mois", "mois")),
            }}</button></p>
        <LateReminder/>
        <section class="dialog">
            <h2>"Exporter les heures transmises (CSV)"</h2>
            <label>"Du mois "<input type="month" data-testid="export-from" prop:value=from on:input=move |ev| from.set(event_target_value(&ev))/></label>" "
            <label>"au mois "<input type="month" data-testid="export-to" prop:value=to on:input=move |ev| to.set(event_target_value(&ev))/></label>" "
            <button type="button" class="secondary" data-testid="export" on:click=move |_| { export.dispatch(()); }>"Télécharger le fichier CSV"</button>
        </section>
    }
}

/// The filters, «Tout sélectionner», one page of the filtered queue and its pager.
#[component]
fn Queue(list: Vec<FunderMonthView>, filters: Filters, selection: Selection<Key>) -> impl IntoView {
    let mut organisations: Vec<(i64, String)> = list
        .iter()
        .map(|m| (m.organisation_id, m.organisation_name.clone()))
        .collect();
    organisations.sort_by(|a, b| a.1.cmp(&b.1));
    organisations.dedup();
    let mut periods: Vec<Period> = list.iter().map(|m| m.period).collect();
    periods.sort_unstable_by(|a, b| b.cmp(a));
    periods.dedup();
    let statuses: Vec<MonthStatus> = MonthStatus::ALL
        .into_iter()
        .filter(|s| list.iter().any(|m| m.status == *s))
        .collect();
    let list = StoredValue::new(list);
    let shown = Memo::new(move |_| {
        list.with_value(|l| {
            l.iter()
                .filter(|m| filters.keeps(m))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let keys = Signal::derive(move || shown.with(|s| s.iter().map(key).collect::<Vec<_>>()));
    let query = filters.query;
    view! {
        <div class="filters" data-testid="queue-filters">
            <div class="field">
                <label for="queue-organisation">"Organisme\u{a0}:"</label>
                <select id="queue-organisation" data-testid="queue-organisation" on:change=move |ev| query.set_filter("organisme", event_target_value(&ev), true)>
                    <option value="" selected=move || filters.organisation().is_none()>"Tous"</option>
                    {organisations.into_iter().map(|(id, name)| view! { <option value=id.to_string() selected=move || filters.organisation() == Some(id)>{name}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="queue-period">"Mois\u{a0}:"</label>
                <select id="queue-period" data-testid="queue-period" on:change=move |ev| query.set_filter("mois", event_target_value(&ev), true)>
                    <option value="" selected=move || filters.period().is_none()>"Tous"</option>
                    {periods.into_iter().map(|p| view! { <option value=p.to_string() selected=move || filters.period() == Some(p)>{p.label_fr()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="queue-status">"Statut\u{a0}:"</label>
                <select id="queue-status" data-testid="queue-status" on:change=move |ev| query.set_filter("statut", event_target_value(&ev), true)>
                    <option value="" selected=move || filters.status().is_none()>"Tous"</option>
                    {statuses.into_iter().map(|s| view! { <option value=s.as_str() selected=move || filters.status() == Some(s)>{s.label_fr()}</option> }).collect_view()}
                </select>
            </div>
        </div>
        <SelectAll selection rows=keys one="mois sélectionné" many="mois sélectionnés" testid="queue-selection"/>
        {move || {
            let rows = shown.get();
            if rows.is_empty() {
                return view! { <p class="muted" data-testid="queue-none">"Aucun mois prêt ne correspond à ces filtres."</p> }.into_any();
            }
            let total = rows.len();
            let pages = total.div_ceil(PER_PAGE).max(1);
            let page = (query.page() as usize).clamp(1, pages);
            let page_rows: Vec<FunderMonthView> = rows.into_iter().skip((page - 1) * PER_PAGE).take(PER_PAGE).collect();
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label="Mois prêts à transmettre">
                <table class="grid" data-testid="queue">
                    <thead><tr><th><span class="visually-hidden">"Sélection"</span></th><th>"N° dossier"</th><th>"Organisme"</th><th>"Bénéficiaire"</th><th>"Mois"</th><th>"Statut"</th><th>"Formation"</th><th>"Stage"</th><th>"Absence"</th></tr></thead>
                    <tbody>{page_rows.into_iter().map(|m| {
                        let label = format!("Sélectionner {}\u{a0}: {}, {}", m.dossier_number, m.beneficiary, m.period_label);
                        let testid = format!("pick-{}-{}", m.dossier_number, m.period);
                        view! {
                            <tr data-testid="queue-row">
                                <td><RowCheckbox selection key=key(&m) label testid/></td>
                                <td>{m.dossier_number}</td><td>{m.organisation_name}</td><td>{m.beneficiary}</td><td>{m.period_label}</td><td>{m.status_label}</td>
                                <td class="num">{fr::hours(m.training)}</td><td class="num">{fr::hours(m.internship)}</td><td class="num">{fr::hours(m.absence)}</td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table>
                </div>
                <Pager query page=page as u64 total=total as u64 per_page=PER_PAGE as u64 noun="mois" one="mois"/>
            }.into_any()
        }}
    }
}

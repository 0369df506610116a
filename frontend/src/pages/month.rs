//! The month's hours grid («Certificat de réalisation : Octobre 2026»), in the dossier's
//! granularity: helpers of the guide, keyboard entry, paste of a spreadsheet column, CSV.

use chrono::{Datelike, Weekday};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use realis_api_types::{DayInput, ErrorCode, MonthView, SaveHoursRequest, TotalsInput};
use realis_domain::Hours;
use realis_domain::grid::Granularity;
use wasm_bindgen::JsCast;

use crate::api;
use crate::errors::UiError;
use crate::pages::certify::{CertificateBox, CertifyPanel};
use crate::pages::followup::{FunderMonthPanel, ValidationHistory, ValidationPanel};

#[component]
pub fn MonthPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let period = move || params.with(|p| p.get("period").unwrap_or_default());
    let reload = RwSignal::new(0u32);
    let flash = RwSignal::new(None::<String>);
    let data = LocalResource::new(move || {
        reload.track();
        api::month(id(), period())
    });
    view! {
        <p><A href=move || format!("/dossiers/{}", id())>"← Retour au dossier"</A></p>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(m) => view! { <MonthEditor m reload flash/> }.into_any(),
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// One row of the grid: a day, or the single month row.
#[derive(Clone)]
struct Row {
    date: Option<chrono::NaiveDate>,
    label: String,
    in_session: bool,
    working: bool,
    holiday: Option<String>,
    cells: Vec<RwSignal<String>>,
}

fn shown(h: Hours) -> String {
    if h.is_zero() {
        String::new()
    } else {
        h.to_string()
    }
}

fn value(s: &RwSignal<String>) -> Result<Hours, ()> {
    let t = s.get();
    if t.trim().is_empty() {
        Ok(Hours::ZERO)
    } else {
        Hours::parse(&t).map_err(|_| ())
    }
}

fn columns(g: Granularity) -> &'static [&'static str] {
    match g {
        Granularity::HalfDay => &[
            "Formation matin",
            "Formation après-midi",
            "Stage matin",
            "Stage après-midi",
            "Absence",
        ],
        _ => &[
            "Heures de présence en formation",
            "Heures de présence en stage",
            "Heures d'absence",
        ],
    }
}

fn rows_of(m: &MonthView) -> Vec<Row> {
    if m.granularity == Granularity::Month {
        return vec![Row {
            date: None,
            label: m.period_label.clone(),
            in_session: true,
            working: true,
            holiday: None,
            cells: [m.totals.training, m.totals.internship, m.totals.absence]
                .map(|h| RwSignal::new(shown(h)))
                .to_vec(),
        }];
    }
    m.days
        .iter()
        .map(|d| {
            let values = if m.granularity == Granularity::HalfDay {
                vec![
                    d.training_am,
                    d.training_pm,
                    d.internship_am,
                    d.internship_pm,
                    d.absence,
                ]
            } else {
                vec![d.training, d.internship, d.absence]
            };
            let weekend = matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun);
            Row {
                date: Some(d.date),
                label: realis_domain::grid::day_label_fr(d.date),
                in_session: d.in_session,
                working: !weekend && d.holiday.is_none(),
                holiday: d.holiday.clone(),
                cells: values
                    .into_iter()
                    .map(|h| RwSignal::new(shown(h)))
                    .collect(),
            }
        })
        .collect()
}

fn focus(id: &str) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    if let Some(input) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = input.focus();
    }
}

/// Pastes a column copied from a spreadsheet downwards from `start`, skipping days off session.
fn paste_column(rows: &[Row], start: usize, col: usize, text: &str) {
    let mut r = start;
    for line in text.lines() {
        while r < rows.len() && !rows[r].in_session {
            r += 1;
        }
        let Some(row) = rows.get(r) else { break };
        row.cells[col].set(
            line.split('\t')
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned(),
        );
        r += 1;
    }
}

#[component]
fn MonthEditor(
    m: MonthView,
    reload: RwSignal<u32>,
    flash: RwSignal<Option<String>>,
) -> impl IntoView {
    let g = m.granularity;
    let editable = m.allowed_actions.iter().any(|a| a == "save_hours");
    let rows = rows_of(&m);
    let ncols = columns(g).len();
    let version = RwSignal::new(m.version);
    let warnings = RwSignal::new(m.warnings.clone());
    let error = RwSignal::new(None::<UiError>);
    let saved = RwSignal::new(false);
    let (id, period) = (m.dossier_id, m.period.to_string());

    let rows_total = rows.clone();
    let column_total = move |c: usize| {
        Hours::sum(
            rows_total
                .iter()
                .map(|r| value(&r.cells[c]).unwrap_or_default()),
        )
    };
    let totals = move || {
        let t = |cols: &[usize]| Hours::sum(cols.iter().map(|c| column_total(*c)));
        if g == Granularity::HalfDay {
            (t(&[0, 1]), t(&[2, 3]), t(&[4]))
        } else {
            (t(&[0]), t(&[1]), t(&[2]))
        }
    };
    let rows_invalid = rows.clone();
    let invalid = Memo::new(move |_| {
        rows_invalid
            .iter()
            .any(|r| r.cells.iter().any(|c| value(c).is_err()))
    });

    let rows_reset = rows.clone();
    let reset = move |_| {
        for r in &rows_reset {
            for c in &r.cells {
                c.set(String::new());
            }
        }
    };
    let rows_fill = rows.clone();
    let fill = move |_| {
        for r in &rows_fill {
            let on = r.in_session && r.working;
            for (i, c) in r.cells.iter().enumerate() {
                let v = match (g, i, on) {
                    (Granularity::HalfDay, 0 | 1, true) => "3,50",
                    (Granularity::Day, 0, true) => "7,00",
                    _ => "",
                };
                c.set(v.to_owned());
            }
        }
    };
    let rows_plan = rows.clone();
    let period_plan = period.clone();
    let load_plan = Action::new_local(move |_: &()| {
        let rows = rows_plan.clone();
        let period = period_plan.clone();
        async move {
            match api::planned(id, period).await {
                Ok(days) => {
                    for r in &rows {
                        let p = days.iter().find(|p| Some(p.date) == r.date);
                        let (t, i) = p.map(|p| (p.training, p.internship)).unwrap_or_default();
                        let half = |h: Hours| {
                            let am = Hours::from_hundredths(h.hundredths().div_ceil(2));
                            (am, Hours::from_hundredths(h.hundredths() - am.hundredths()))
                        };
                        let values = if g == Granularity::HalfDay {
                            let (ta, tp) = half(t);
                            let (ia, ip) = half(i);
                            vec![ta, tp, ia, ip]
                        } else {
                            vec![t, i]
                        };
                        for (c, v) in r.cells.iter().zip(values) {
                            c.set(shown(v));
                        }
                    }
                    None
                }
                Err(e) => Some(e),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Some(e)) = load_plan.value().get() {
            error.set(Some(e));
        }
    });

    let rows_save = rows.clone();
    let period_save = period.clone();
    let can_prepare = RwSignal::new(m.allowed_actions.iter().any(|a| a == "prepare"));
    let status_label = RwSignal::new(m.status_label.clone());
    let save = Action::new_local(move |_: &()| {
        let rows = rows_save.clone();
        let period = period_save.clone();
        let v = version.get_untracked();
        async move {
            let h = |c: &RwSignal<String>| value(c).unwrap_or_default().to_f64();
            let body = if g == Granularity::Month {
                let r = &rows[0];
                SaveHoursRequest {
                    version: v,
                    totals: Some(TotalsInput {
                        training: h(&r.cells[0]),
                        internship: h(&r.cells[1]),
                        absence: h(&r.cells[2]),
                    }),
                    days: None,
                }
            } else {
                let days = rows
                    .iter()
                    .filter(|r| r.cells.iter().any(|c| h(c) != 0.0))
                    .filter_map(|r| {
                        let date = r.date?;
                        let mut d = DayInput {
                            date,
                            training: None,
                            internship: None,
                            training_am: None,
                            training_pm: None,
                            internship_am: None,
                            internship_pm: None,
                            absence: Some(h(&r.cells[ncols - 1])),
                        };
                        if g == Granularity::HalfDay {
                            d.training_am = Some(h(&r.cells[0]));
                            d.training_pm = Some(h(&r.cells[1]));
                            d.internship_am = Some(h(&r.cells[2]));
                            d.internship_pm = Some(h(&r.cells[3]));
                        } else {
                            d.training = Some(h(&r.cells[0]));
                            d.internship = Some(h(&r.cells[1]));
                        }
                        Some(d)
                    })
                    .collect();
                SaveHoursRequest {
                    version: v,
                    totals: None,
                    days: Some(days),
                }
            };
            api::save_hours(id, period, body).await
        }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(m) => {
                    error.set(None);
                    saved.set(true);
                    version.set(m.version);
                    warnings.set(m.warnings);
                    can_prepare.set(m.allowed_actions.iter().any(|a| a == "prepare"));
                    status_label.set(m.status_label);
                }
                Err(e) => {
                    saved.set(false);
                    error.set(Some(e));
                }
            }
        }
    });
    let import = Action::new_local(move |file: &web_sys::File| {
        let (file, period) = (file.clone(), period.clone());
        async move { api::import_csv(id, period, version.get_untracked(), file).await }
    });
    Effect::new(move |_| {
        if let Some(r) = import.value().get() {
            match r {
                Ok(_) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let can_certify = m.allowed_actions.iter().any(|a| a == "certify_upload");
    let certify_view = can_certify.then(|| view! { <CertifyPanel m=m.clone() reload flash/> });
    let certificate_view = m
        .certificate
        .is_some()
        .then(|| view! { <CertificateBox m=m.clone()/> });
    let validate_view = m
        .allowed_actions
        .iter()
        .any(|a| a == "validate")
        .then(|| view! { <ValidationPanel m=m.clone() reload flash/> });
    let funder_view = view! { <FunderMonthPanel m=m.clone() reload flash/> };
    let history_view = view! { <ValidationHistory items=m.validations.clone()/> };
    let prepared = m.status == realis_domain::MonthStatus::AwaitingCertification;
    let certify_box = RwSignal::new(false);
    let period_prep = m.period.to_string();
    let prepare = Action::new_local(move |_: &()| {
        let period = period_prep.clone();
        async move { api::prepare(id, period).await }
    });
    Effect::new(move |_| {
        if let Some(r) = prepare.value().get() {
            match r {
                Ok(_) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let pdf_path = format!("/dossiers/{id}/months/{}/certificate.pdf", m.period);
    let open_pdf = Action::new_local(move |_: &()| {
        let path = pdf_path.clone();
        async move { api::open_file(&path).await }
    });
    let template = Action::new_local(move |_: &()| {
        let path = format!("/dossiers/{id}/months/{}/template.csv", m.period);
        let name = format!("heures-{}-{}.csv", m.dossier_number, m.period);
        async move { api::download(&path, &name).await }
    });

    let grid_rows = rows.clone();
    let nrows = rows.len();
    let paste_rows = StoredValue::new(rows.clone());
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
        view! {
            <tr class=class data-testid=format!("row-{ri}")>
                <th title=title.clone()>{r.label.clone()}{r.holiday.as_ref().map(|_| view! { <span class="holiday-mark" title=title.clone()>" (férié)"</span> })}</th>
                {r.cells.iter().enumerate().map(|(ci, cell)| {
                    let cell = *cell;
                    let bad = move || value(&cell).is_err();
                    let enabled = editable && r.in_session;
                    view! {
                        <td class:bad=bad>
                            <input type="text" inputmode="decimal" id=format!("cell-{ri}-{ci}") data-testid=format!("cell-{ri}-{ci}")
                                disabled=!enabled prop:value=cell
                                on:input=move |ev| { saved.set(false); cell.set(event_target_value(&ev)); }
                                on:keydown=move |ev: web_sys::KeyboardEvent| {
                                    if ev.key() == "Enter" {
                                        ev.prevent_default();
                                        let next = if ev.shift_key() { ri.checked_sub(1) } else { Some(ri + 1).filter(|n| *n < nrows) };
                                        if let Some(n) = next { focus(&format!("cell-{n}-{ci}")); }
                                    }
                                }
                                on:paste=move |ev: web_sys::ClipboardEvent| {
                                    let text = ev.clipboard_data().and_then(|d| d.get_data("text").ok()).unwrap_or_default();
                                    if text.contains('\n') {
                                        ev.prevent_default();
                                        paste_rows.with_value(|rows| paste_column(rows, ri, ci, &text));
                                    }
                                }/>
                        </td>
                    }
                }).collect_view()}
            </tr>
        }
    };
    view! {
        <h1 data-testid="month-title">{format!("Certificat de réalisation : {}", m.period_label)}</h1>
        <p class="notice">{format!("Répartition des heures pour le mois de {}.", m.period_label)}" "<span class="badge" data-testid="month-status">{move || status_label.get()}</span></p>
        {move || flash.get().map(|f| view! { <p class="success" role="status" data-testid="flash">{f}</p> })}
        {validate_view}
        {history_view}
        {certificate_view}
        {funder_view}
        {editable.then(|| view! {
            <div class="toolbar">
                <button type="button" class="secondary" data-testid="reset" on:click=reset>"Remise à zéro"</button>
                {(g != Granularity::Month).then(|| view! { <button type="button" class="secondary" data-testid="fill-7h" on:click=fill.clone()>"Répartir 7h tous les jours"</button> })}
                {(g != Granularity::Month).then(|| view! { <button type="button" class="secondary" data-testid="load-calendar" on:click=move |_| { load_plan.dispatch(()); }>"Charger le calendrier"</button> })}
                <button type="button" class="secondary" data-testid="template" on:click=move |_| { template.dispatch(()); }>"Télécharger un modèle"</button>
                <label class="button">"Importer le modèle rempli"
                    <input type="file" accept=".csv,text/csv" data-testid="import" on:change=move |ev| {
                        let file = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).and_then(|i| { let f = i.files().and_then(|l| l.get(0)); i.set_value(""); f });
                        if let Some(f) = file { import.dispatch(f); }
                    }/>
                </label>
            </div>
        })}
        <table class="grid hours" data-testid="hours-grid">
            <thead><tr><th></th>{columns(g).iter().map(|c| view! { <th>{*c}</th> }).collect_view()}</tr></thead>
            <tbody>{grid_rows.into_iter().enumerate().map(row_view).collect_view()}</tbody>
            <tfoot><tr data-testid="totals">
                <th>"Total"</th>
                {move || {
                    let (t, i, a) = totals();
                    if g == Granularity::HalfDay {
                        view! { <td colspan="2" class="num">{t.to_string()}</td><td colspan="2" class="num">{i.to_string()}</td><td class="num">{a.to_string()}</td> }.into_any()
                    } else {
                        view! { <td class="num">{t.to_string()}</td><td class="num">{i.to_string()}</td><td class="num">{a.to_string()}</td> }.into_any()
                    }
                }}
            </tr></tfoot>
        </table>
        {move || warnings.get().into_iter().map(|w| view! { <p class="warning" data-testid="grid-warning">"⚠ "{w.message}</p> }).collect_view()}
        {move || invalid.get().then(|| view! { <p class="error">"Certaines valeurs ne sont pas des heures valides (ex. 7, 7,5 ou 7h30)."</p> })}
        {move || error.get().map(|e| {
            let conflict = e.code == Some(ErrorCode::Conflict);
            let identity = e.fields.iter().any(|(f, _)| f == "organisation");
            view! {
                <div class="error" role="alert" data-testid="grid-error">
                    <p>{if conflict {
                        "Ces heures ont été modifiées entre-temps (par un collègue ou dans un autre onglet). Rechargez pour voir la dernière version.".to_owned()
                    } else if identity {
                        "La certification n'est pas possible tant que votre identité n'est pas complète :".to_owned()
                    } else {
                        e.message.clone()
                    }}</p>
                    <ul>{e.fields.iter().map(|(_, m)| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
                    {identity.then(|| view! { <p><A href="/identite">"Compléter « Votre identité »"</A></p> })}
                    {conflict.then(|| view! { <button type="button" class="secondary" data-testid="reload" on:click=move |_| reload.update(|n| *n += 1)>"Recharger"</button> })}
                </div>
            }
        })}
        {move || saved.get().then(|| view! { <p class="success" data-testid="grid-saved">"Heures enregistrées."</p> })}
        {move || (can_prepare.get() && !prepared).then(|| view! {
            <div class="prepare" data-testid="prepare">
                <label><input type="checkbox" data-testid="hours-certified" prop:checked=certify_box on:change=move |ev| certify_box.set(event_target_checked(&ev))/>" Je certifie la saisie des heures"</label>
                <button type="button" class="secondary" data-testid="prepare-ok" disabled=move || !certify_box.get()
                    on:click=move |_| { prepare.dispatch(()); }>"Ok"</button>
                <span class="hint">" Enregistrez d'abord vos modifications : c'est la saisie enregistrée qui est certifiée."</span>
            </div>
        })}
        {prepared.then(|| view! {
            <div class="notice" data-testid="draft-ready">
                <p>"Étape 1 : Veuillez vérifier votre saisie et imprimer le document ci-dessous. "
                    <button type="button" class="primary small" data-testid="open-pdf" on:click=move |_| { open_pdf.dispatch(()); }>"Ouvrir le PDF"</button>
                </p>
                <p class="hint">"Attention de vérifier que le nombre d'heures saisies correspond au nombre d'heures qui apparaissent sur le certificat de réalisation imprimé, signé et déposé (même si vous certifiez zéro heure de formation)."</p>
            </div>
        })}
        {certify_view}
        {(editable && prepared).then(|| view! {
            <p class="hint" data-testid="save-warning">"Enregistrer une modification renvoie le mois en « Saisie en cours » : il faudra de nouveau cocher « Je certifie la saisie des heures », et un code déjà envoyé ne sera plus valable."</p>
        })}
        {editable.then(|| view! {
            <button type="button" class="primary inline" data-testid="save-hours" disabled=move || invalid.get() || save.pending().get()
                on:click=move |_| { save.dispatch(()); }>"Enregistrer"</button>
        })}
    }
}

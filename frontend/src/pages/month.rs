//! The month's hours grid («Certificat de réalisation : Octobre 2026»), in the dossier's
//! granularity: helpers of the guide, keyboard entry, paste of a spreadsheet column, CSV.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use realis_api_types::{
    ConflictReason, DayInput, ErrorCode, MonthView, SaveHoursRequest, TotalsInput,
};
use realis_domain::MonthCommand;
use realis_domain::grid::{CalendarDay, DayHours, Granularity, MonthCalendar, PlannedDay};
use realis_domain::upload::UploadKind;
use realis_domain::{Hours, fr};
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::file_picker::FilePicker;
use crate::components::live::Status;
use crate::errors::UiError;
use crate::pages::certify::{CertificateBox, CertifyPanel, PdfPreview};
use crate::pages::followup::{FunderMonthPanel, ValidationHistory, ValidationPanel};

#[component]
pub fn MonthPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let period = move || params.with(|p| p.get("period").unwrap_or_default());
    let reload = RwSignal::new(0u32);
    let flash = RwSignal::new(None::<String>);
    // The certification mode chosen, kept while the month reloads after an upload.
    let mode_choice = RwSignal::new(None::<realis_domain::certification::CertificationMode>);
    // «J'accepte que mon adresse IP soit utilisée», ticked at «Ok»: kept across the reload that
    // follows, for this month only.
    let ip_consent = RwSignal::new(false);
    Effect::new(move |prev: Option<(i64, String)>| {
        let key = (id(), period());
        if prev.is_some_and(|p| p != key) {
            ip_consent.set(false);
        }
        key
    });
    let data = LocalResource::new(move || {
        reload.track();
        api::month(id(), period())
    });
    view! {
        <p><A href=move || format!("/dossiers/{}", id())>"← Retour au dossier"</A></p>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(m) => view! { <MonthEditor m reload flash mode_choice ip_consent/> }.into_any(),
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
    /// The day (or month) in full, for the cells' accessible names.
    long: String,
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

/// A typed cell as hours: empty is zero.
fn hours_of(t: &str) -> Result<Hours, ()> {
    if t.trim().is_empty() {
        Ok(Hours::ZERO)
    } else {
        Hours::parse(t).map_err(|_| ())
    }
}

fn value(s: &RwSignal<String>) -> Result<Hours, ()> {
    s.with(|t| hours_of(t))
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

/// The accessible name of a column's cells, completed by the day: «Heures de présence en
/// formation, matin, lundi 5 octobre 2026».
fn cell_label(g: Granularity, col: usize) -> &'static str {
    match g {
        Granularity::HalfDay => [
            "Heures de présence en formation, matin",
            "Heures de présence en formation, après-midi",
            "Heures de présence en stage, matin",
            "Heures de présence en stage, après-midi",
            "Heures d'absence",
        ]
        .get(col)
        .copied()
        .unwrap_or_default(),
        _ => columns(g).get(col).copied().unwrap_or_default(),
    }
}

fn rows_of(m: &MonthView) -> Vec<Row> {
    if m.granularity == Granularity::Month {
        return vec![Row {
            date: None,
            label: m.period_label.clone(),
            long: m.period_label.to_lowercase(),
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
            let values = DayHours {
                date: d.date,
                training_am: d.training_am,
                training_pm: d.training_pm,
                internship_am: d.internship_am,
                internship_pm: d.internship_pm,
                absence: d.absence,
            }
            .columns(m.granularity);
            Row {
                date: Some(d.date),
                label: realis_domain::grid::day_label_fr(d.date),
                long: realis_domain::grid::long_date_fr(d.date),
                in_session: d.in_session,
                working: calendar_day(d).is_working(),
                holiday: d.holiday.clone(),
                cells: values
                    .into_iter()
                    .map(|h| RwSignal::new(shown(h)))
                    .collect(),
            }
        })
        .collect()
}

/// A day as the domain's calendar sees it: the month received says whether it is a holiday in
/// the funder's zone and whether it lies in the session.
fn calendar_day(d: &realis_api_types::DayView) -> CalendarDay {
    CalendarDay {
        date: d.date,
        holiday: d.holiday.is_some(),
        in_session: d.in_session,
    }
}

fn calendar_of(m: &MonthView) -> MonthCalendar {
    MonthCalendar {
        granularity: m.granularity,
        days: m.days.iter().map(calendar_day).collect(),
    }
}

/// Puts the domain's days into the rows (a row without a day is emptied), the first `ncols`
/// columns of each (or all of them).
fn put_days(rows: &[Row], g: Granularity, days: &[DayHours], ncols: Option<usize>) {
    for r in rows {
        let Some(date) = r.date else { continue };
        let day = days
            .iter()
            .find(|d| d.date == date)
            .copied()
            .unwrap_or_else(|| DayHours::empty(date));
        let values = day.columns(g);
        let n = ncols.unwrap_or(values.len());
        for (c, v) in r.cells.iter().zip(values).take(n) {
            c.set(shown(v));
        }
    }
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

/// The cells as typed, row by row (tracked: for effects that follow the typing).
fn typed(rows: &[Row]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.cells.iter().map(|c| c.get()).collect())
        .collect()
}

/// The cells as typed now, without subscribing the caller to them.
fn typed_now(rows: &[Row]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.cells.iter().map(|c| c.get_untracked()).collect())
        .collect()
}

/// Whether what is typed differs from what is saved (compared as hours: «7» is «7,00»).
fn differs(rows: &[Row], saved: &[Vec<String>]) -> bool {
    rows.iter().zip(saved).any(|(r, s)| {
        r.cells
            .iter()
            .zip(s)
            .any(|(c, s)| c.with(|c| hours_of(c) != hours_of(s)))
    })
}

/// The body of «Enregistrer» and, for each day sent, its row in the grid (to place the errors).
fn save_body(rows: &[Row], g: Granularity, version: i32) -> (SaveHoursRequest, Vec<usize>) {
    let ncols = columns(g).len();
    let h = |c: &RwSignal<String>| value(c).unwrap_or_default().to_f64();
    if g == Granularity::Month {
        let r = &rows[0];
        let body = SaveHoursRequest {
            version,
            totals: Some(TotalsInput {
                training: h(&r.cells[0]),
                internship: h(&r.cells[1]),
                absence: h(&r.cells[2]),
            }),
            days: None,
        };
        return (body, vec![0]);
    }
    let mut sent = Vec::new();
    let days = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.cells.iter().any(|c| h(c) != 0.0))
        .filter_map(|(i, r)| {
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
            sent.push(i);
            Some(d)
        })
        .collect();
    let body = SaveHoursRequest {
        version,
        totals: None,
        days: Some(days),
    };
    (body, sent)
}

/// The grid cell (row, column) of a refused field: `days[3].training` is the fourth day sent,
/// `totals.absence` the month row; `None` as column for a rule on the whole row.
fn cell_of(field: &str, g: Granularity, sent: &[usize]) -> Option<(usize, Option<usize>)> {
    let (day, sub) = realis_domain::grid::refused_at(field)?;
    let row = match day {
        Some(i) => *sent.get(i)?,
        None => 0,
    };
    Some((row, realis_domain::grid::value_column(g, sub)))
}

/// A move of the focus inside the grid.
#[derive(Clone, Copy)]
enum Move {
    Up,
    Down,
    Left,
    Right,
}

/// The next cell that can be typed in from `(row, col)`, skipping days outside the session.
fn step(
    rows: &[Row],
    editable: bool,
    (row, col): (usize, usize),
    to: Move,
) -> Option<(usize, usize)> {
    let ncols = rows.first().map(|r| r.cells.len()).unwrap_or(0);
    let open = |r: usize| editable && rows.get(r).is_some_and(|r| r.in_session);
    match to {
        Move::Left => col.checked_sub(1).map(|c| (row, c)),
        Move::Right => (col + 1 < ncols).then_some((row, col + 1)),
        Move::Down => (row + 1..rows.len()).find(|r| open(*r)).map(|r| (r, col)),
        Move::Up => (0..row).rev().find(|r| open(*r)).map(|r| (r, col)),
    }
}

/// A draft of this month found on opening it.
#[derive(Clone, PartialEq)]
enum DraftNotice {
    /// Typed on the version shown: put back in the grid.
    Restored,
    /// Typed on an older version (saved since, elsewhere): offered, not applied.
    Older(crate::drafts::Draft),
}

#[component]
fn MonthEditor(
    m: MonthView,
    reload: RwSignal<u32>,
    flash: RwSignal<Option<String>>,
    mode_choice: RwSignal<Option<realis_domain::certification::CertificationMode>>,
    ip_consent: RwSignal<bool>,
) -> impl IntoView {
    let g = m.granularity;
    crate::components::layout::set_title(&format!(
        "Certificat de réalisation\u{a0}: {}",
        m.period_label.to_lowercase()
    ));
    let editable = m.allowed_actions.contains(&MonthCommand::SaveHours);
    let rows = rows_of(&m);
    let version = RwSignal::new(m.version);
    let warnings = RwSignal::new(m.warnings.clone());
    let error = RwSignal::new(None::<UiError>);
    let saved = RwSignal::new(false);
    let (id, period) = (m.dossier_id, m.period.to_string());
    let grid = StoredValue::new(rows.clone());
    // What the server holds; the grid is «dirty» while what is typed differs from it.
    let baseline = RwSignal::new(typed_now(&rows));
    let dirty =
        Memo::new(move |_| editable && grid.with_value(|r| baseline.with(|b| differs(r, b))));
    // Cells refused by the server: (row, column); a column of `None` marks the whole row.
    let refused = RwSignal::new(Vec::<(usize, Option<usize>)>::new());
    let sent_rows = StoredValue::new(Vec::<usize>::new());

    // Unsaved entries survive a reload, a back-and-forth and a session expiry (this tab only).
    let user = crate::session::use_session()
        .0
        .get_untracked()
        .map(|s| s.user.id)
        .unwrap_or_default();
    let draft_key = StoredValue::new(period.clone());
    let notice = RwSignal::new(None::<DraftNotice>);
    let apply = move |cells: &[Vec<String>]| {
        grid.with_value(|rows| {
            for (r, vals) in rows.iter().zip(cells) {
                for (c, v) in r.cells.iter().zip(vals) {
                    c.set(v.clone());
                }
            }
        })
    };
    let found = editable
        .then(|| crate::drafts::load(user, id, &period))
        .flatten()
        .filter(|d| d.cells.len() == rows.len());
    if let Some(d) = found {
        if d.version == m.version {
            apply(&d.cells);
            notice.set(Some(DraftNotice::Restored));
        } else {
            notice.set(Some(DraftNotice::Older(d)));
        }
    }
    Effect::new(move |_| {
        let cells = grid.with_value(|r| typed(r));
        if !editable || matches!(notice.get(), Some(DraftNotice::Older(_))) {
            return;
        }
        draft_key.with_value(|p| {
            if dirty.get() {
                crate::drafts::save(
                    user,
                    id,
                    p,
                    &crate::drafts::Draft {
                        version: version.get_untracked(),
                        cells,
                    },
                );
            } else {
                crate::drafts::clear(user, id, p);
            }
        });
    });
    crate::components::leave_guard::guard_unsaved(dirty.into(), move || {
        draft_key.with_value(|p| crate::drafts::clear(user, id, p));
    });
    let forget_draft = move || {
        draft_key.with_value(|p| crate::drafts::clear(user, id, p));
        notice.set(None);
    };

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
    let invalid = Memo::new(move |_| {
        grid.with_value(|rows| {
            rows.iter()
                .any(|r| r.cells.iter().any(|c| value(c).is_err()))
        })
    });

    let reset = move |_| {
        grid.with_value(|rows| {
            for r in rows {
                for c in &r.cells {
                    c.set(String::new());
                }
            }
        })
    };
    let calendar = StoredValue::new(calendar_of(&m));
    let fill = move |_| {
        let days = calendar.with_value(MonthCalendar::fill_seven_hours);
        grid.with_value(|rows| put_days(rows, g, &days, None))
    };
    let period_plan = period.clone();
    let load_plan = Action::new_local(move |_: &()| {
        let period = period_plan.clone();
        async move {
            match api::planned(id, period).await {
                Ok(planned) => {
                    let planned: Vec<PlannedDay> = planned
                        .into_iter()
                        .map(|p| PlannedDay {
                            date: p.date,
                            training: p.training,
                            internship: p.internship,
                        })
                        .collect();
                    let days = calendar.with_value(|c| c.load_planned(&planned));
                    // The presence columns only: the absences typed stay.
                    let presence = columns(g).len() - 1;
                    grid.with_value(|rows| put_days(rows, g, &days, Some(presence)));
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

    let can_prepare = RwSignal::new(m.allowed_actions.contains(&MonthCommand::Prepare));
    // A month awaiting entry becomes preparable once saved: with unsaved entries, «Ok» is
    // offered too, and saves them first (the domain's status rules, not a copy).
    let preparable_once_saved = m
        .status
        .apply(realis_domain::MonthAction::SaveHours)
        .and_then(|s| s.apply(realis_domain::MonthAction::Prepare))
        .is_ok();
    let status_label = RwSignal::new(m.status_label.clone());
    // What a successful save changes on the page.
    let on_saved = move |m: MonthView| {
        error.set(None);
        refused.set(Vec::new());
        saved.set(true);
        version.set(m.version);
        warnings.set(m.warnings);
        can_prepare.set(m.allowed_actions.contains(&MonthCommand::Prepare));
        status_label.set(m.status_label);
        baseline.set(grid.with_value(|r| typed_now(r)));
        forget_draft();
    };
    let on_refused = move |e: UiError| {
        saved.set(false);
        let cells: Vec<(usize, Option<usize>)> = sent_rows.with_value(|sent| {
            e.fields
                .iter()
                .filter_map(|(f, _)| cell_of(f, g, sent))
                .collect()
        });
        if let Some((r, c)) = cells.first() {
            focus(&format!("cell-{r}-{}", c.unwrap_or(0)));
        }
        refused.set(cells);
        error.set(Some(e));
    };
    let period_save = period.clone();
    let save = Action::new_local(move |_: &()| {
        let period = period_save.clone();
        let (body, sent) = grid.with_value(|rows| save_body(rows, g, version.get_untracked()));
        sent_rows.set_value(sent);
        async move { api::save_hours(id, period, body).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(m) => on_saved(m),
                Err(e) => on_refused(e),
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
                Ok(_) => {
                    forget_draft();
                    reload.update(|n| *n += 1)
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let can_certify = m.allowed_actions.contains(&MonthCommand::CertifyUpload);
    let certify_view = can_certify
        .then(|| view! { <CertifyPanel m=m.clone() reload flash mode_choice ip_consent/> });
    let certificate_view = m
        .certificate
        .is_some()
        .then(|| view! { <CertificateBox m=m.clone()/> });
    let validate_view = m
        .allowed_actions
        .contains(&MonthCommand::Validate)
        .then(|| view! { <ValidationPanel m=m.clone() reload flash/> });
    let funder_view = view! { <FunderMonthPanel m=m.clone() reload flash/> };
    let history_view = view! { <ValidationHistory items=m.validations.clone()/> };
    let prepared = m.status == realis_domain::MonthStatus::AwaitingCertification;
    // A contested month shows who contested and why, first.
    let contest = (m.status == realis_domain::MonthStatus::Contested)
        .then(|| {
            m.validations
                .iter()
                .rev()
                .find(|v| v.decision == realis_domain::followup::Decision::Contest)
                .cloned()
        })
        .flatten();
    let contest_view = contest.map(|v| {
        let who = if v.role == "employer" { "l'employeur" } else { "le bénéficiaire" };
        view! {
            <div class="contest-note" role="note" data-testid="contest-note">
                <h2>{format!("Heures contestées par {who} ({})", v.by)}</h2>
                {v.comment.map(|c| view! { <p class="contest-comment">"Motif\u{a0}: "<q>{c}</q></p> })}
                <p class="hint">{format!("Contestation du {}. Corrigez les heures si besoin, enregistrez, puis certifiez de nouveau\u{a0}: {who} sera invité à valider à nouveau.", crate::format::datetime_paris(v.at))}</p>
            </div>
        }
    });
    let certify_box = RwSignal::new(false);
    // The IP consent is asked beside «Je certifie la saisie des heures» (the guide's place) when
    // the 100 % online certification is open to this user.
    let online_possible = m.readiness.as_ref().is_some_and(|r| r.online_available)
        && !m.online.as_ref().is_some_and(|o| o.locked);
    let period_prep = m.period.to_string();
    // «Ok» certifies what is on screen: unsaved entries are saved first (same rules), and the
    // server refuses if the hours changed since they were shown.
    let prepare = Action::new_local(move |_: &()| {
        let period = period_prep.clone();
        let pending = dirty.get_untracked().then(|| {
            let (body, sent) = grid.with_value(|rows| save_body(rows, g, version.get_untracked()));
            sent_rows.set_value(sent);
            body
        });
        async move {
            if let Some(body) = pending {
                match api::save_hours(id, period.clone(), body).await {
                    Ok(m) => on_saved(m),
                    Err(e) => return Err(e),
                }
            }
            api::prepare(id, period, version.get_untracked()).await
        }
    });
    Effect::new(move |_| {
        if let Some(r) = prepare.value().get() {
            match r {
                Ok(_) => reload.update(|n| *n += 1),
                Err(e) => on_refused(e),
            }
        }
    });
    let ok = move |_| {
        if invalid.get_untracked() {
            error.set(Some(UiError {
                code: None,
                conflict: None,
                message: "Corrigez les valeurs en rouge avant de certifier la saisie\u{a0}: ce sont les heures affichées qui seront certifiées.".into(),
                fields: vec![],
            }));
            return;
        }
        error.set(None);
        prepare.dispatch(());
    };
    let pdf_path = format!("/dossiers/{id}/months/{}/certificate.pdf", m.period);
    let pdf_name = format!("projet-certificat-{}-{}.pdf", m.dossier_number, m.period);
    let template = Action::new_local(move |_: &()| {
        let path = format!("/dossiers/{id}/months/{}/template.csv", m.period);
        let name = format!("heures-{}-{}.csv", m.dossier_number, m.period);
        async move { api::download(&path, &name).await }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = template.value().get() {
            error.set(Some(e));
        }
    });

    let grid_rows = rows.clone();
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
        <h1 data-testid="month-title">{format!("Certificat de réalisation\u{a0}: {}", m.period_label)}</h1>
        <p class="notice" data-testid="month-notice">{format!("Répartition des heures pour le mois {}.", fr::of_month(m.period))}" "<span class="badge" data-testid="month-status">{move || status_label.get()}</span></p>
        <Status testid="month-live">{move || flash.get().map(|f| view! { <p class="success" data-testid="flash">{f}</p> })}</Status>
        {move || notice.get().map(|n| match n {
            DraftNotice::Restored => view! {
                <div class="warning" role="status" data-testid="draft-restored">
                    <p>"Vos heures saisies et non enregistrées ont été restaurées. Cliquez sur «\u{a0}Enregistrer\u{a0}» pour les conserver."</p>
                    <p><button type="button" class="secondary" data-testid="draft-discard" on:click=move |_| {
                        baseline.with_untracked(|b| apply(b));
                        forget_draft();
                    }>"Abandonner ces modifications"</button></p>
                </div>
            }.into_any(),
            DraftNotice::Older(d) => {
                let cells = d.cells.clone();
                view! {
                    <div class="warning" role="status" data-testid="draft-older">
                        <p>"Des heures saisies et non enregistrées ont été conservées, mais ce mois a été enregistré depuis (par un collègue ou dans un autre onglet). Les heures affichées sont celles enregistrées."</p>
                        <p>
                            <button type="button" class="secondary" data-testid="draft-restore" on:click=move |_| { apply(&cells); notice.set(None); }>"Reprendre mes heures non enregistrées"</button>
                            " "
                            <button type="button" class="secondary" data-testid="draft-discard" on:click=move |_| forget_draft()>"Les abandonner"</button>
                        </p>
                    </div>
                }.into_any()
            }
        })}
        {contest_view}
        {validate_view}
        {history_view}
        {certificate_view}
        {funder_view}
        {editable.then(|| view! {
            <div class="toolbar">
                <button type="button" class="secondary" data-testid="reset" on:click=reset>"Remise à zéro"</button>
                {(g != Granularity::Month).then(|| view! { <button type="button" class="secondary" data-testid="fill-7h" on:click=fill>"Répartir 7h tous les jours"</button> })}
                {(g != Granularity::Month).then(|| view! { <button type="button" class="secondary" data-testid="load-calendar" on:click=move |_| { load_plan.dispatch(()); }>"Charger le calendrier"</button> })}
                <button type="button" class="secondary" data-testid="template" on:click=move |_| { template.dispatch(()); }>"Télécharger un modèle"</button>
                <FilePicker label="Importer le modèle rempli" kind=UploadKind::Csv testid="import"
                    on_file=Callback::new(move |f: web_sys::File| { import.dispatch(f); })/>
            </div>
        })}
        <div class="table-scroll" tabindex="0" role="region" aria-label="Heures du mois">
        <table class="grid hours" data-testid="hours-grid">
            <caption class="visually-hidden">{format!("Heures réalisées\u{a0}: {}", m.period_label.to_lowercase())}</caption>
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
            <tbody>{grid_rows.into_iter().enumerate().map(row_view).collect_view()}</tbody>
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
        {move || warnings.get().into_iter().map(|w| view! { <p class="warning" data-testid="grid-warning">"⚠ "{w.message}</p> }).collect_view()}
        {move || invalid.get().then(|| view! { <p class="error">"Certaines valeurs ne sont pas des heures valides (ex. 7, 7,5 ou 7h30)."</p> })}
        {move || error.get().map(|e| {
            let conflict = e.code == Some(ErrorCode::Conflict);
            // A stale version: the hours changed elsewhere; other conflicts say their own message.
            let stale = conflict && e.conflict.is_none_or(|c| c == ConflictReason::StaleVersion);
            let identity = e.fields.iter().any(|(f, _)| f == "organisation");
            view! {
                <div class="error" role="alert" data-testid="grid-error">
                    <p>{if stale {
                        "Ces heures ont été modifiées entre-temps (par un collègue ou dans un autre onglet). Rechargez pour voir la dernière version.".to_owned()
                    } else if identity {
                        "La certification n'est pas possible tant que votre identité n'est pas complète\u{a0}:".to_owned()
                    } else {
                        e.message.clone()
                    }}</p>
                    <ul>{e.fields.iter().map(|(_, m)| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
                    {identity.then(|| view! { <p><A href="/identite">"Compléter «\u{a0}Votre identité\u{a0}»"</A></p> })}
                    {conflict.then(|| view! { <button type="button" class="secondary" data-testid="reload" on:click=move |_| reload.update(|n| *n += 1)>"Recharger"</button> })}
                </div>
            }
        })}
        <Status testid="grid-live">
            {move || saved.get().then(|| view! { <p class="success" data-testid="grid-saved">"Heures enregistrées."</p> })}
            {move || dirty.get().then(|| view! { <p class="hint" data-testid="unsaved">"Vous avez des heures saisies non enregistrées."</p> })}
        </Status>
        {move || ((can_prepare.get() || (dirty.get() && preparable_once_saved)) && !prepared).then(|| view! {
            <div class="prepare" data-testid="prepare">
                <div class="boxes">
                    <label><input type="checkbox" data-testid="hours-certified" prop:checked=certify_box on:change=move |ev| certify_box.set(event_target_checked(&ev))/>" Je certifie la saisie des heures"</label>
                    {online_possible.then(|| view! {
                        <label><input type="checkbox" data-testid="ip-consent" aria-describedby="ip-consent-hint" prop:checked=ip_consent on:change=move |ev| ip_consent.set(event_target_checked(&ev))/>" J'accepte que mon adresse IP soit utilisée"</label>
                        <span class="hint" id="ip-consent-hint">"Obligatoire pour la certification 100 % en ligne : votre adresse IP est enregistrée comme preuve."</span>
                    })}
                </div>
                <button type="button" class="secondary" data-testid="prepare-ok" disabled=move || !certify_box.get() || prepare.pending().get()
                    on:click=ok>"Ok"</button>
                <span class="hint">{move || if dirty.get() {
                    " Vos heures non enregistrées seront d'abord enregistrées\u{a0}: ce sont les heures affichées qui sont certifiées."
                } else {
                    " Ce sont les heures affichées qui sont certifiées."
                }}</span>
            </div>
        })}
        {prepared.then(|| view! {
            <div class="notice" data-testid="draft-ready">
                <h2 class="step">"Étape 1\u{a0}: Veuillez vérifier votre saisie et imprimer le document ci-dessous."</h2>
                <PdfPreview path=pdf_path.clone() name=pdf_name.clone() title=format!("Projet de certificat de réalisation\u{a0}: {}", m.period_label)/>
                <p class="hint">"Attention de vérifier que le nombre d'heures saisies correspond au nombre d'heures qui apparaissent sur le certificat de réalisation imprimé, signé et déposé (même si vous certifiez zéro heure de formation)."</p>
            </div>
        })}
        {certify_view}
        {(editable && prepared).then(|| view! {
            <p class="hint" data-testid="save-warning">"Enregistrer une modification renvoie le mois en «\u{a0}Saisie en cours\u{a0}»\u{a0}: il faudra de nouveau cocher «\u{a0}Je certifie la saisie des heures\u{a0}», et un code déjà envoyé ne sera plus valable."</p>
        })}
        {editable.then(|| view! {
            <button type="button" class="primary inline" data-testid="save-hours" disabled=move || invalid.get() || save.pending().get()
                aria-keyshortcuts="Control+S" on:click=move |_| { save.dispatch(()); }>"Enregistrer"</button>
            <span class="hint">" Dans la grille\u{a0}: flèches pour changer de case, Entrée pour descendre, Ctrl+S pour enregistrer, Tab pour sortir."</span>
        })}
    }
}

//! The month's editor: the grid and its helpers, drafts, saving, preparing, and the panels of
//! the steps that follow.

use leptos::prelude::*;
use realis_api_types::MonthView;
use realis_domain::MonthCommand;
use realis_domain::fr;
use realis_domain::grid::Granularity;
use realis_domain::upload::UploadKind;

use crate::api;
use crate::components::file_picker::FilePicker;
use crate::components::live::Status;
use crate::errors::UiError;
use crate::pages::certify::{CertificateBox, CertifyPanel, PdfPreview};
use crate::pages::followup::{FunderMonthPanel, ValidationHistory, ValidationPanel};

use super::grid::{
    cell_of, differs, fill_seven_hours, focus, load_planned, rows_of, save_body, typed, typed_now,
    value,
};
use super::notes::{contest_note, grid_error};
use super::table::HoursTable;

/// A draft of this month found on opening it.
#[derive(Clone, PartialEq)]
enum DraftNotice {
    /// Typed on the version shown: put back in the grid.
    Restored,
    /// Typed on an older version (saved since, elsewhere): offered, not applied.
    Older(crate::drafts::Draft),
}

#[component]
pub(super) fn MonthEditor(
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
    let calendar = StoredValue::new(m.calendar());
    let fill = move |_| calendar.with_value(|c| grid.with_value(|rows| fill_seven_hours(rows, c)));
    let period_plan = period.clone();
    let load_plan = Action::new_local(move |_: &()| {
        let period = period_plan.clone();
        async move {
            match api::planned(id, period).await {
                Ok(planned) => {
                    calendar
                        .with_value(|c| grid.with_value(|rows| load_planned(rows, c, &planned)));
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
    let contest_view = contest_note(&m);
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
            error.set(Some(UiError::local("Corrigez les valeurs en rouge avant de certifier la saisie\u{a0}: ce sont les heures affichées qui seront certifiées.")));
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
        <HoursTable rows=grid_rows g editable refused saved invalid save period_label=m.period_label.clone()/>
        {move || warnings.get().into_iter().map(|w| view! { <p class="warning" data-testid="grid-warning">"⚠ "{w.message}</p> }).collect_view()}
        {move || invalid.get().then(|| view! { <p class="error">"Certaines valeurs ne sont pas des heures valides (ex. 7, 7,5 ou 7h30)."</p> })}
        {move || error.get().map(|e| grid_error(e, reload))}
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

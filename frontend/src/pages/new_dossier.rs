//! The funder's «Créer un dossier» form: parties, training (from the organisation's catalogue or
//! typed), session, planned calendar (CSV).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use realis_api_types::{CreateDossierRequest, NewBeneficiary, NewEmployer, PlannedDayDto};
use realis_domain::dossier::Scheme;
use realis_domain::grid::Granularity;
use realis_domain::grid_csv::parse_planned;
use realis_domain::upload::UploadKind;
use realis_domain::{Hours, fr};

use crate::api;
use crate::components::field::TextField;
use crate::components::file_picker::FilePicker;
use crate::components::org_picker::OrganisationPicker;
use crate::components::training_picker::TrainingPicker;
use crate::errors::UiError;

#[component]
pub fn NewDossierForm() -> impl IntoView {
    let number = RwSignal::new(String::new());
    let external_ref = RwSignal::new(String::new());
    let organisation = RwSignal::new(None::<realis_api_types::OrganisationSummary>);
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let ben_email = RwSignal::new(String::new());
    let emp_name = RwSignal::new(String::new());
    let emp_email = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let training = RwSignal::new(None::<realis_api_types::TrainingView>);
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let committee = RwSignal::new(String::new());
    let granularity = RwSignal::new(String::new());
    let scheme = RwSignal::new(Scheme::Ptp.as_str().to_owned());
    let planned = RwSignal::new(Vec::<PlannedDayDto>::new());
    let planned_error = RwSignal::new(None::<String>);
    let errors = RwSignal::new(None::<UiError>);
    let navigate = use_navigate();

    let read_csv = Action::new_local(|file: &web_sys::File| {
        let file = file.clone();
        async move { api::file_text(file).await }
    });
    Effect::new(move |_| {
        if let Some(text) = read_csv.value().get() {
            match parse_planned(&text.unwrap_or_default()) {
                Ok(days) => {
                    planned_error.set(None);
                    planned.set(
                        days.into_iter()
                            .map(|d| PlannedDayDto {
                                date: d.date,
                                training: d.training,
                                internship: d.internship,
                            })
                            .collect(),
                    );
                }
                Err(issues) => {
                    planned.set(Vec::new());
                    planned_error.set(Some(
                        issues
                            .iter()
                            .map(|i| format!("Ligne {}\u{a0}: {}", i.line, i.message))
                            .collect::<Vec<_>>()
                            .join("\u{a0}; "),
                    ));
                }
            }
        }
    });
    let create = Action::new_local(|req: &CreateDossierRequest| {
        let req = req.clone();
        async move { api::create_dossier(req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = create.value().get() {
            match r {
                Ok(d) => navigate(&format!("/dossiers/{}", d.id), Default::default()),
                Err(e) => errors.set(Some(e)),
            }
        }
    });
    let date = |s: RwSignal<String>| {
        chrono::NaiveDate::parse_from_str(&s.get_untracked(), "%Y-%m-%d").ok()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(session_start), Some(session_end)) = (date(start), date(end)) else {
            errors.set(Some(UiError::local(
                "Indiquez les dates de début et de fin de session.",
            )));
            return;
        };
        create.dispatch(CreateDossierRequest {
            number: number.get_untracked(),
            organisation_id: organisation.with_untracked(|o| o.as_ref().map_or(0, |o| o.id)),
            beneficiary: NewBeneficiary {
                first_name: first.get_untracked(),
                last_name: last.get_untracked(),
                email: ben_email.get_untracked(),
            },
            employer: NewEmployer {
                name: emp_name.get_untracked(),
                email: emp_email.get_untracked(),
            },
            training_title: title.get_untracked(),
            training_id: training.with_untracked(|t| t.as_ref().map(|t| t.id)),
            session_start,
            session_end,
            committee_date: date(committee),
            granularity: Granularity::parse(&granularity.get_untracked()),
            scheme: Scheme::parse(&scheme.get_untracked()),
            planned_calendar: planned.get_untracked(),
            external_ref: Some(external_ref.get_untracked().trim().to_owned())
                .filter(|r| !r.is_empty()),
        });
    };
    let date_input = move |label: &'static str, s: RwSignal<String>, testid: &'static str| {
        view! {
            <div class="field"><label for=testid>{label}"\u{a0}:"</label><input type="date" id=testid data-testid=testid prop:value=s on:input=move |ev| s.set(event_target_value(&ev))/></div>
        }
    };
    view! {
        <h2>"Créer un dossier"</h2>
        <form novalidate class="inline-form" on:submit=on_submit data-testid="new-dossier">
            <TextField label="N° dossier" field="number" value=number errors required=true/>
            <OrganisationPicker chosen=organisation errors/>
            <TextField label="Référence externe" field="external_ref" value=external_ref errors
                hint="Facultatif\u{a0}: l'identifiant du stagiaire ou du contrat dans le logiciel de gestion de l'organisme (64 caractères au plus)."/>
            <TextField label="Bénéficiaire\u{a0}: prénom" field="beneficiary.first_name" value=first errors required=true/>
            <TextField label="Bénéficiaire\u{a0}: nom" field="beneficiary.last_name" value=last errors required=true/>
            <TextField label="Bénéficiaire\u{a0}: adresse e-mail" field="beneficiary.email" value=ben_email errors kind="email" required=true/>
            <TextField label="Employeur\u{a0}: raison sociale" field="employer.name" value=emp_name errors required=true/>
            <TextField label="Employeur\u{a0}: adresse e-mail" field="employer.email" value=emp_email errors kind="email" required=true/>
            <TrainingPicker organisation chosen=training title errors/>
            <TextField label="Intitulé de la formation" field="training_title" value=title errors required=true
                readonly=Signal::derive(move || training.with(Option::is_some))
                hint="Repris de la formation choisie\u{a0}; sans formation du catalogue, saisissez-le."/>
            {date_input("Début de session", start, "field-session_start")}
            {date_input("Fin de session", end, "field-session_end")}
            {date_input("Date de commission", committee, "field-committee_date")}
            <div class="field">
                <label for="f-scheme">"Dispositif\u{a0}:"</label>
                <select id="f-scheme" data-testid="field-scheme" on:change=move |ev| scheme.set(event_target_value(&ev))>
                    {Scheme::ALL.map(|s| view! { <option value=s.as_str() selected={s == Scheme::Ptp}>{s.label_fr()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-granularity">"Saisie des heures\u{a0}:"</label>
                <select id="f-granularity" on:change=move |ev| granularity.set(event_target_value(&ev))>
                    <option value="">"Réglage de la Transitions Pro"</option>
                    <option value="month">"Totaux mensuels"</option>
                    <option value="day">"Par jour"</option>
                    <option value="half_day">"Par demi-journée"</option>
                </select>
            </div>
            <div class="field">
                <span class="field-label">"Calendrier prévisionnel\u{a0}:"</span>
                <FilePicker label="Choisir le calendrier prévisionnel (CSV)" kind=UploadKind::Csv testid="planned-csv"
                    note="Une ligne par jour\u{a0}: Date;Formation;Stage (ex. 05/10/2026;7;0)."
                    on_file=Callback::new(move |f: web_sys::File| { read_csv.dispatch(f); })/>
                {move || {
                    let days = planned.get();
                    (!days.is_empty()).then(|| {
                        let total = Hours::sum(days.iter().map(|d| Hours::sum([d.training, d.internship])));
                        view! { <span class="hint" data-testid="planned-summary">{format!("{}, {}.", fr::count(days.len() as u64, "jour prévu", "jours prévus"), fr::hours_with_unit(total))}</span> }
                    })
                }}
                {move || planned_error.get().map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
            </div>
            {move || errors.get().map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
            <button type="submit" class="primary inline" data-testid="create-dossier">"Créer le dossier"</button>
        </form>
    }
}

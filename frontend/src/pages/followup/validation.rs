//! «Valider» / «Contester» a certified month (beneficiary, employer), and the history.

use leptos::prelude::*;
use realis_api_types::{MonthView, ValidationView};
use realis_domain::followup::Decision;
use realis_domain::fr;

use super::error_box;
use crate::api;
use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::errors::UiError;
use crate::format::datetime_paris;
use realis_domain::fr::hours_with_unit;

/// The validations and contests of the month.
#[component]
pub fn ValidationHistory(items: Vec<ValidationView>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <section class="validations" data-testid="validations">
                <h2>"Validations"</h2>
                <ul>{items.into_iter().map(|v| {
                    let who = if v.role == "employer" { "l'employeur" } else { "le bénéficiaire" };
                    let what = match v.decision { Decision::Validate => "Validé", Decision::Contest => "Contesté" };
                    view! {
                        <li class:contest=v.decision == Decision::Contest>
                            {format!("{what} par {who} ({}) le {}", v.by, datetime_paris(v.at))}
                            {v.comment.map(|c| view! { "\u{a0}: "<q>{c}</q> })}
                        </li>
                    }
                }).collect_view()}</ul>
            </section>
        }
    })
}

/// «Valider» or «Contester» for the beneficiary or the employer.
#[component]
pub fn ValidationPanel(
    m: MonthView,
    reload: RwSignal<u32>,
    flash: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = m.dossier_id;
    let period = m.period.to_string();
    let contesting = RwSignal::new(false);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<UiError>);
    let act = Action::new_local(move |(decision, comment): &(Decision, Option<String>)| {
        let (period, decision, comment) = (period.clone(), *decision, comment.clone());
        async move { api::decide(id, period, decision, comment).await }
    });
    Effect::new(move |_| {
        if let Some(r) = act.value().get() {
            match r {
                Ok(m) => {
                    flash.set(Some(if m.status == realis_domain::MonthStatus::Contested {
                        "Contestation envoyée\u{a0}: l'organisme de formation est prévenu."
                            .to_owned()
                    } else {
                        "Heures validées. Merci.".to_owned()
                    }));
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    // Both acts are confirmed with what they do.
    let ask = RwSignal::new(None::<Confirmation>);
    let asked = StoredValue::new(Decision::Validate);
    let texts = StoredValue::new((
        fr::month(m.period),
        hours_with_unit(realis_domain::Hours::sum([
            m.totals.training,
            m.totals.internship,
        ])),
        hours_with_unit(m.totals.absence),
    ));
    let ask_for = move |d: Decision| {
        asked.set_value(d);
        let (period_fr, presence, absence) = texts.get_value();
        let of_period = fr::de(&period_fr);
        ask.set(Some(match d {
            Decision::Validate => Confirmation::new(
                format!("Valider les heures {of_period}"),
                vec![
                    format!("Vous allez valider {presence} de présence et {absence} d'absence pour {period_fr}, telles que certifiées par l'organisme de formation."),
                    "Votre validation est enregistrée et ne peut pas être annulée.".to_owned(),
                ],
                "Valider",
            ),
            Decision::Contest => Confirmation::new(
                format!("Contester les heures {of_period}"),
                vec![
                    format!("Vous allez contester les heures {of_period}. L'organisme de formation est prévenu et reçoit votre motif\u{a0}:"),
                    fr::quoted(comment.get_untracked().trim()),
                ],
                "Envoyer la contestation",
            ),
        }));
    };
    let confirmed = move |_| {
        error.set(None);
        match asked.get_value() {
            Decision::Validate => act.dispatch((Decision::Validate, None)),
            Decision::Contest => act.dispatch((Decision::Contest, Some(comment.get_untracked()))),
        };
    };
    view! {
        <section class="certify" data-testid="validation-panel">
            <ConfirmDialog ask on_confirm=confirmed/>
            <h2>{format!("Vos heures {}", fr::of_month(m.period))}</h2>
            <p>"Vérifiez les heures ci-dessous et le certificat de réalisation, puis validez-les ou contestez-les."</p>
            <p>
                <button type="button" class="primary inline" data-testid="validate" disabled=move || act.pending().get()
                    on:click=move |_| ask_for(Decision::Validate)>"Valider"</button>
                " "
                <button type="button" class="secondary" data-testid="contest" on:click=move |_| contesting.set(true)>"Contester"</button>
            </p>
            {move || contesting.get().then(|| view! {
                <div class="dialog" data-testid="contest-dialog">
                    <label>"Motif de la contestation (obligatoire)"<br/>
                        <textarea rows="3" cols="60" data-testid="contest-comment" prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    <p><button type="button" class="primary inline" data-testid="contest-send" disabled=move || comment.with(|c| c.trim().is_empty()) || act.pending().get()
                        on:click=move |_| ask_for(Decision::Contest)>"Envoyer la contestation"</button></p>
                </div>
            })}
            {move || error.get().map(error_box)}
        </section>
    }
}

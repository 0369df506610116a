//! «Relancer les organismes en retard»: one e-mail to each OF with months of the chosen period
//! not yet entered or certified once over, at most once a day per OF and period; the answer
//! says how many were reminded, and how many had been already today.

use leptos::prelude::*;
use realis_api_types::ReminderOutcome;
use realis_domain::{Period, fr};

use super::error_box;
use crate::api;
use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::components::live::Status;
use crate::components::period_select::PeriodSelect;
use crate::errors::UiError;

/// What the agent reads once the reminder is sent.
fn outcome_fr(period: Period, o: &ReminderOutcome) -> Vec<String> {
    let month = fr::month(period);
    let mut lines = Vec::new();
    if o.organisations > 0 {
        lines.push(format!(
            "{} pour {} en retard ({}).",
            fr::count(o.organisations, "organisme relancé", "organismes relancés"),
            fr::count(o.months, "mois", "mois"),
            month
        ));
    }
    if o.already_reminded > 0 {
        lines.push(format!(
            "{} déjà aujourd'hui pour {}\u{a0}: pas de nouvel e-mail avant demain.",
            fr::count(
                o.already_reminded,
                "organisme relancé",
                "organismes relancés"
            ),
            month
        ));
    }
    if lines.is_empty() {
        lines.push(format!("Aucun organisme n'est en retard pour {month}."));
    }
    lines
}

#[component]
pub fn LateReminder() -> impl IntoView {
    let periods = crate::format::recent_periods(24);
    // The month just over is the one usually late.
    let chosen = RwSignal::new(periods.get(1).or(periods.first()).copied());
    let result = RwSignal::new(None::<Vec<String>>);
    let error = RwSignal::new(None::<UiError>);
    let remind = Action::new_local(move |p: &Period| {
        let p = *p;
        async move { (p, api::remind_late_organisations(p).await) }
    });
    Effect::new(move |_| {
        if let Some((p, r)) = remind.value().get() {
            match r {
                Ok(o) => result.set(Some(outcome_fr(p, &o))),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let ask = RwSignal::new(None::<Confirmation>);
    let ask_remind = move |_| {
        let Some(p) = chosen.get_untracked() else {
            return;
        };
        let month = fr::month(p);
        ask.set(Some(Confirmation::new(
            "Relancer les organismes en retard",
            vec![
                format!("Chaque organisme dont des heures {} ne sont ni saisies ni certifiées recevra un e-mail listant ses dossiers en retard.", fr::of_month(p)),
                format!("Un organisme déjà relancé aujourd'hui pour {month} ne le sera pas de nouveau."),
            ],
            "Relancer",
        )));
    };
    let confirmed = move |_| {
        if let Some(p) = chosen.get_untracked() {
            result.set(None);
            error.set(None);
            remind.dispatch(p);
        }
    };
    view! {
        <section aria-labelledby="late-title" data-testid="late-reminder">
            <ConfirmDialog ask on_confirm=confirmed/>
            <h2 id="late-title">"Relancer les organismes en retard"</h2>
            <p class="hint">"Un e-mail à chaque organisme dont des mois sont encore en attente de saisie ou de certification une fois le mois terminé, avec le lien de chacun."</p>
            <div class="filters">
                <PeriodSelect id="late-period" periods=periods chosen/>
                <button type="button" class="secondary" data-testid="late-remind" disabled=move || remind.pending().get()
                    on:click=ask_remind>"Relancer les organismes en retard"</button>
            </div>
            <Status testid="late-result">{move || result.get().map(|lines| view! {
                <div class="success">{lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}</div>
            })}</Status>
            {move || error.get().map(error_box)}
        </section>
    }
}

//! The funder's commands on a month: reopen, close, unlock online certification.

use leptos::prelude::*;
use realis_api_types::MonthView;
use realis_domain::MonthCommand;
use realis_domain::fr;

use super::error_box;
use crate::api;
use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::errors::UiError;

/// The funder's actions on a month: reopen (with a reason), close, unlock online certification.
#[component]
pub fn FunderMonthPanel(
    m: MonthView,
    reload: RwSignal<u32>,
    flash: RwSignal<Option<String>>,
) -> impl IntoView {
    let has = |c: MonthCommand| m.allowed_actions.contains(&c);
    let (can_reopen, can_close, can_unlock) = (
        has(MonthCommand::Reopen),
        has(MonthCommand::Close),
        has(MonthCommand::UnlockOnline),
    );
    if !(can_reopen || can_close || can_unlock) {
        return ().into_any();
    }
    let id = m.dossier_id;
    let period = m.period.to_string();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<UiError>);
    let act = Action::new_local(move |(what, reason): &(MonthCommand, String)| {
        let (period, what, reason) = (period.clone(), *what, reason.clone());
        async move { api::funder_month_action(id, period, what, reason).await }
    });
    Effect::new(move |_| {
        if let Some(r) = act.value().get() {
            match r {
                Ok(_) => {
                    flash.set(Some("Action enregistrée.".into()));
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let ask = RwSignal::new(None::<Confirmation>);
    let asked = StoredValue::new(MonthCommand::Reopen);
    let period_label = StoredValue::new(fr::month(m.period));
    let ask_for = move |what: MonthCommand| {
        asked.set_value(what);
        let period_fr = period_label.get_value();
        let of_period = fr::de(&period_fr);
        ask.set(Some(if what == MonthCommand::Reopen {
            Confirmation::new(
                format!("Rouvrir la saisie {of_period}"),
                vec![
                    format!("La saisie {of_period} va être rouverte\u{a0}: l'organisme de formation pourra modifier les heures et devra les certifier de nouveau."),
                    format!("Motif communiqué\u{a0}: {}", fr::quoted(reason.get_untracked().trim())),
                ],
                "Rouvrir la saisie",
            )
        } else {
            Confirmation::new(
                format!("Clore {period_fr}"),
                vec![format!("La saisie {of_period} va être close\u{a0}: l'organisme de formation ne pourra plus saisir ni certifier d'heures pour ce mois.")],
                "Clore le mois",
            )
        }));
    };
    let confirmed = move |_| {
        error.set(None);
        let what = asked.get_value();
        let reason = if what == MonthCommand::Reopen {
            reason.get_untracked()
        } else {
            String::new()
        };
        act.dispatch((what, reason));
    };
    view! {
        <section class="certify" data-testid="funder-month">
            <ConfirmDialog ask on_confirm=confirmed/>
            <h2>"Actions du financeur"</h2>
            {can_reopen.then(|| view! {
                <p><label>"Motif de réouverture "<input type="text" size="50" data-testid="reopen-reason" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/></label>
                " "<button type="button" class="secondary" data-testid="reopen" disabled=move || reason.with(|r| r.trim().is_empty())
                    on:click=move |_| ask_for(MonthCommand::Reopen)>"Rouvrir la saisie"</button></p>
            })}
            {can_close.then(|| view! {
                <p><button type="button" class="secondary" data-testid="close-month" on:click=move |_| ask_for(MonthCommand::Close)>"Clore le mois (saisie non disponible)"</button></p>
            })}
            {can_unlock.then(|| view! {
                <p><button type="button" class="secondary" data-testid="unlock-online" on:click=move |_| { error.set(None); act.dispatch((MonthCommand::UnlockOnline, String::new())); }>"Débloquer la certification en ligne"</button></p>
            })}
            {move || error.get().map(error_box)}
        </section>
    }
    .into_any()
}

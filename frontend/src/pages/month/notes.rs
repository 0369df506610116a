//! What the month page says beside the grid: who contested the month, and the grid's errors.

use leptos::prelude::*;
use leptos_router::components::A;
use realis_api_types::{ConflictReason, ErrorCode, MonthView};

use crate::errors::UiError;

/// A contested month shows who contested and why, first.
pub(super) fn contest_note(m: &MonthView) -> Option<impl IntoView + use<>> {
    let contest = (m.status == realis_domain::MonthStatus::Contested)
        .then(|| {
            m.validations
                .iter()
                .rev()
                .find(|v| v.decision == realis_domain::followup::Decision::Contest)
                .cloned()
        })
        .flatten();
    contest.map(|v| {
        let who = if v.role == "employer" { "l'employeur" } else { "le bénéficiaire" };
        view! {
            <div class="contest-note" role="note" data-testid="contest-note">
                <h2>{format!("Heures contestées par {who} ({})", v.by)}</h2>
                {v.comment.map(|c| view! { <p class="contest-comment">"Motif\u{a0}: "<q>{c}</q></p> })}
                <p class="hint">{format!("Contestation du {}. Corrigez les heures si besoin, enregistrez, puis certifiez de nouveau\u{a0}: {who} sera invité à valider à nouveau.", crate::format::datetime_paris(v.at))}</p>
            </div>
        }
    })
}

/// A refused save or preparation: what went wrong, field by field, and how to go on.
pub(super) fn grid_error(e: UiError, reload: RwSignal<u32>) -> impl IntoView {
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
}

//! After certification: «Valider» / «Contester» (beneficiary, employer), the funder's month
//! actions (reopen, close, unlock), «Règlements», «Transmissions» (with the reminder to the late
//! OFs) and «Paramètres».

use leptos::prelude::*;

use crate::errors::UiError;

mod funder_month;
mod late_reminder;
mod payments;
mod settings;
mod transmissions;
mod validation;

pub use funder_month::FunderMonthPanel;
pub use payments::{PaymentsPage, PaymentsTab};
pub use settings::SettingsPage;
pub use transmissions::TransmissionsPage;
pub use validation::{ValidationHistory, ValidationPanel};

fn error_box(e: UiError) -> impl IntoView {
    view! {
        <div class="error" role="alert" data-testid="action-error">
            <p>{e.message}</p>
            <ul>{e.fields.into_iter().map(|(_, m)| view! { <li>{m}</li> }).collect_view()}</ul>
        </div>
    }
}

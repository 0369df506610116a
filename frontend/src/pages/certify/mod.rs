//! Certification of a prepared month (SPEC F5, F6) and the certificate box.

use leptos::prelude::*;
use realis_api_types::ErrorCode;
use wasm_bindgen::JsCast;

use crate::errors::UiError;

mod batch;
mod batch_upload;
mod certificate;
mod online;
mod panel;
mod preview;

pub use batch::BatchCertify;
pub use certificate::CertificateBox;
pub use panel::CertifyPanel;
pub use preview::PdfPreview;

/// Shows a call's error: the message and each field's message (`id` ties it to its field).
fn error_box(e: UiError, testid: &'static str, id: &'static str) -> impl IntoView {
    view! {
        <div class="error" role="alert" data-testid=testid id=id>
            {(e.code != Some(ErrorCode::WrongCode) || e.fields.is_empty()).then(|| view! { <p>{e.message.clone()}</p> })}
            <ul>{e.fields.into_iter().map(|(_, m)| view! { <li>{m}</li> }).collect_view()}</ul>
        </div>
    }
}

/// Gives the focus to the element `id` once the current updates are on screen.
fn focus_soon(id: &'static str) {
    set_timeout(
        move || {
            let el = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(id))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(el) = el {
                let _ = el.focus();
            }
        },
        std::time::Duration::ZERO,
    );
}

//! The month's certificate box, and what a certification restates.

use leptos::prelude::*;
use realis_api_types::{MonthFileView, MonthView};
use realis_domain::certification::CertificationMode;

use super::error_box;
use super::preview::PdfPreview;
use crate::api;
use crate::format::datetime_paris;
use crate::pages::evidence::Evidence;

pub(super) fn file_label(f: &MonthFileView) -> String {
    let kind = match f.content_type.as_str() {
        "application/pdf" => "PDF",
        "image/png" => "PNG",
        _ => "JPEG",
    };
    format!(
        "{kind}, {} — déposé le {}",
        realis_domain::upload::size_fr(u64::try_from(f.size_bytes).unwrap_or_default()),
        datetime_paris(f.created_at)
    )
}

/// «Vous allez certifier 154,00 heures pour octobre 2026 (…)», from the month's saved totals.
pub fn certified_hours_fr(m: &MonthView) -> String {
    let t = &m.totals;
    format!(
        "Vous allez certifier {} pour {}\u{a0}: {} de présence en formation, {} de présence en stage, et {} d'absence.",
        realis_domain::fr::hours_with_unit(realis_domain::Hours::sum([t.training, t.internship])),
        m.period_label.to_lowercase(),
        realis_domain::fr::hours_with_unit(t.training),
        realis_domain::fr::hours_with_unit(t.internship),
        realis_domain::fr::hours_with_unit(t.absence),
    )
}

/// The month's certificate: mode, date, verification code, PDF, evidence (everyone on the dossier).
#[component]
pub fn CertificateBox(m: MonthView) -> impl IntoView {
    let Some(c) = m.certificate.clone() else {
        return ().into_any();
    };
    let id = m.dossier_id;
    let period = m.period.to_string();
    let pdf_path = format!("/dossiers/{id}/months/{period}/certificate.pdf");
    let name = format!("certificat-{}-{period}.pdf", m.dossier_number);
    let title = format!("Certificat de réalisation\u{a0}: {}", m.period_label);
    let show = RwSignal::new(false);
    let period_files = period.clone();
    let open = Action::new_local(move |path: &String| {
        let path = path.clone();
        async move { api::open_file(&path).await }
    });
    let open_error = move || open.value().get().and_then(Result::err);
    let verify_href = format!("/verify/{}", c.verification_code);
    let mode = match c.mode {
        CertificationMode::Upload => "certificat signé déposé",
        CertificationMode::Online => "100 % en ligne, code envoyé par e-mail",
    };
    view! {
        <section class="certificate" data-testid="certificate">
            <h2>"Certificat de réalisation"</h2>
            <p>{format!("Certifié le {} par {} ({mode}).", datetime_paris(c.certified_at), c.certified_by)}</p>
            <p>"Code de vérification\u{a0}: "<strong data-testid="verification-code">{c.verification_code.clone()}</strong>
                " — "<a href=verify_href.clone() target="_blank" data-testid="verify-link">"Vérifier ce certificat"</a></p>
            <p class="hint mono">"SHA-256 du PDF\u{a0}: "{c.sha256.clone()}</p>
            {(!c.files.is_empty()).then(|| {
                let base = format!("/dossiers/{id}/months/{period_files}/files");
                view! {
                    <ul class="files" data-testid="certificate-files">
                        {c.files.iter().map(|f| {
                            let path = format!("{base}/{}", f.id);
                            let label = if f.kind == "signed_certificate" { "Certificat signé" } else { "Attestation de présence" };
                            view! {
                                <li><strong>{label}</strong>" (" {file_label(f)} ") "
                                    <button type="button" class="link" on:click=move |_| { open.dispatch(path.clone()); }>"Ouvrir"</button></li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
            {move || open_error().map(|e| error_box(e, "file-error", "file-error"))}
            <PdfPreview path=pdf_path.clone() name=name.clone() title=title.clone()/>
            <p>
                <button type="button" class="secondary" data-testid="show-evidence" on:click=move |_| show.update(|s| *s = !*s)>"Historique / preuves"</button>
            </p>
            {move || show.get().then(|| view! { <Evidence id period=period.clone()/> })}
        </section>
    }
    .into_any()
}

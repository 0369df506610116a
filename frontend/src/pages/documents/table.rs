//! The table of documents the dossier tab and the «Documents» page share: what it is, the month,
//! the date, the file, «Télécharger» and, for the agent on its own documents, «Supprimer».

use leptos::prelude::*;
use realis_api_types::{DocumentItem, DossierDocumentKind};
use realis_domain::document::file_stem;

use crate::api;
use crate::format::{date_paris, file_type_fr, size_fr};

fn extension(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        _ => "bin",
    }
}

/// The name a download is saved under: the certificate as the month page names it, a scan or a
/// sheet with its dossier and month, the funder's document after its title.
pub fn download_name(d: &DocumentItem) -> String {
    let ext = extension(&d.content_type);
    let period = d.period.map(|p| format!("-{p}")).unwrap_or_default();
    match d.kind {
        DossierDocumentKind::Certificate => {
            format!("certificat-{}{period}.{ext}", d.dossier_number)
        }
        DossierDocumentKind::SignedCertificate | DossierDocumentKind::AttendanceSheet => format!(
            "{}-{}{period}-{}.{ext}",
            file_stem(d.kind.label_fr()),
            d.dossier_number,
            d.id.rsplit('-').next().unwrap_or_default()
        ),
        _ => format!("{}.{ext}", file_stem(&d.title)),
    }
}

/// The `{document_id}` of a document the funder attached (`document-5` → `5`).
pub fn funder_document_id(d: &DocumentItem) -> Option<String> {
    d.kind
        .from_funder()
        .then(|| d.id.strip_prefix("document-").map(str::to_owned))
        .flatten()
}

/// «Télécharger» for a file the API serves at `href`, with its error beside it.
#[component]
pub fn DownloadButton(
    href: String,
    name: String,
    /// Read after «Télécharger» by screen readers (which document).
    label: String,
    #[prop(default = "document-download")] testid: &'static str,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let path = href.strip_prefix("/api/v1").unwrap_or(&href).to_owned();
    view! {
        <button type="button" class="link" data-testid=testid on:click=move |_| {
            let (path, name) = (path.clone(), name.clone());
            leptos::task::spawn_local(async move {
                match api::download(&path, &name).await {
                    Ok(()) => error.set(None),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }>"Télécharger"<span class="visually-hidden">{format!(" {label}")}</span></button>
        {move || error.get().map(|m| view! { <span class="error" role="alert">{" "}{m}</span> })}
    }
}

/// The rows of documents; `with_dossier` adds the dossier's number, `on_delete` the agent's
/// «Supprimer» on the documents its funder attached.
#[component]
pub fn DocumentTable(
    items: Vec<DocumentItem>,
    #[prop(default = false)] with_dossier: bool,
    #[prop(optional)] on_delete: Option<Callback<DocumentItem>>,
    /// Names the scrollable region.
    label: &'static str,
) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
        <table class="grid" data-testid="documents-table">
            <thead><tr>
                {with_dossier.then(|| view! { <th>"N° dossier"</th> })}
                <th>"Document"</th><th>"Mois"</th><th>"Date"</th><th>"Fichier"</th><th><span class="visually-hidden">"Actions"</span></th>
            </tr></thead>
            <tbody>{items.into_iter().map(|d| {
                let superseded = d.superseded == Some(true);
                let what = match (d.kind, d.mode) {
                    (DossierDocumentKind::Certificate, Some(m)) => Some(m.label_fr()),
                    (k, _) if k.from_funder() => Some("Transmis par la Transitions Pro"),
                    _ => None,
                };
                let label = format!(
                    "{}{}",
                    d.title,
                    d.period.map(|p| format!(" de {}", p.label_fr().to_lowercase())).unwrap_or_default()
                );
                let delete = on_delete.zip(funder_document_id(&d)).map(|(cb, _)| {
                    let item = d.clone();
                    let label = label.clone();
                    view! {
                        <button type="button" class="link danger" data-testid="document-delete"
                            on:click=move |_| cb.run(item.clone())>"Supprimer"<span class="visually-hidden">{format!(" {label}")}</span></button>
                    }
                });
                let file = format!("{}, {}", file_type_fr(&d.content_type), size_fr(d.size_bytes));
                let download = match d.href.clone() {
                    Some(href) => view! { <DownloadButton href name=download_name(&d) label=label.clone()/> }.into_any(),
                    None => view! { <span class="muted">"Remplacé\u{a0}: seul le certificat en vigueur se télécharge"</span> }.into_any(),
                };
                view! {
                    <tr data-testid="document-row" class:superseded=superseded>
                        {with_dossier.then(|| view! { <td><leptos_router::components::A href=format!("/dossiers/{}", d.dossier_id)>{d.dossier_number.clone()}</leptos_router::components::A></td> })}
                        <td>
                            <span data-testid="document-title">{d.title.clone()}</span>
                            {superseded.then(|| view! { " "<span class="badge muted" data-testid="document-superseded">"Remplacé"</span> })}
                            {what.map(|w| view! { <br/><span class="hint">{w}</span> })}
                        </td>
                        <td>{d.period.map(|p| p.label_fr()).unwrap_or_default()}</td>
                        <td>{date_paris(d.date)}</td>
                        <td>{file}</td>
                        <td>{download}{delete.map(|b| view! { " "{b} })}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table>
        </div>
    }
}

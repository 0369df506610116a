//! The documents a Transitions Pro publishes to all its organismes de formation (guides,
//! models): the OF reads and downloads them; the agent publishes and withdraws them.

use leptos::prelude::*;
use realis_api_types::PublishedDocument;
use realis_domain::document::file_stem;

use super::table::DownloadButton;
use super::upload::{DocumentUploadForm, Target};
use crate::api;
use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::components::live::Status;
use crate::format::{date_paris, file_type_fr, size_fr};

fn download_name(d: &PublishedDocument) -> String {
    let ext = match d.content_type.as_str() {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        _ => "pdf",
    };
    format!("{}.{ext}", file_stem(&d.title))
}

#[component]
pub fn PublishedDocuments(funder: bool) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::published_documents()
    });
    let ask = RwSignal::new(None::<Confirmation>);
    let pending = StoredValue::new(None::<PublishedDocument>);
    let said = RwSignal::new(None::<(bool, String)>);
    let confirmed = move |_| {
        let Some(d) = pending.get_value() else { return };
        leptos::task::spawn_local(async move {
            match api::delete_published_document(d.id).await {
                Ok(()) => {
                    said.set(Some((
                        true,
                        format!("«\u{a0}{}\u{a0}» est retiré.", d.title),
                    )));
                    reload.update(|n| *n += 1);
                }
                Err(e) => said.set(Some((false, e.message))),
            }
        });
    };
    let withdraw = move |d: PublishedDocument| {
        ask.set(Some(Confirmation::new(
            "Retirer le document",
            vec![format!(
                "«\u{a0}{}\u{a0}» ne sera plus proposé aux organismes de formation.",
                d.title
            )],
            "Retirer",
        )));
        pending.set_value(Some(d));
    };
    view! {
        <section data-testid="published-documents" aria-labelledby="published-title">
            <h2 id="published-title">{if funder { "Documents publiés pour vos organismes" } else { "Documents de votre Transitions Pro" }}</h2>
            <p class="hint">{if funder {
                "Guides, modèles… : chaque organisme de formation de votre Transitions Pro les retrouve dans sa page «\u{a0}Documents\u{a0}»."
            } else {
                "Guides, modèles… mis à la disposition de tous ses organismes par votre Transitions Pro."
            }}</p>
            <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) if p.items.is_empty() => view! { <p class="muted" data-testid="no-published">"Aucun document publié pour le moment."</p> }.into_any(),
                        Ok(p) => view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Documents publiés">
                            <table class="grid" data-testid="published-table">
                                <thead><tr><th>"Titre"</th><th>"Publié le"</th><th>"Fichier"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                                <tbody>{p.items.into_iter().map(|d| {
                                    let remove = funder.then(|| {
                                        let item = d.clone();
                                        view! {
                                            " "<button type="button" class="link danger" data-testid="published-delete"
                                                on:click=move |_| withdraw(item.clone())>"Retirer"<span class="visually-hidden">{format!(" {}", d.title)}</span></button>
                                        }
                                    });
                                    view! {
                                        <tr data-testid="published-row">
                                            <td>{d.title.clone()}</td>
                                            <td>{date_paris(d.created_at)}</td>
                                            <td>{format!("{}, {}", file_type_fr(&d.content_type), size_fr(d.size_bytes))}</td>
                                            <td><DownloadButton href=d.href.clone() name=download_name(&d) label=d.title.clone() testid="published-download"/>{remove}</td>
                                        </tr>
                                    }
                                }).collect_view()}</tbody>
                            </table>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
            <Status testid="published-status">{move || said.get().map(|(ok, m)| view! { <p class:success=ok class:error=!ok>{m}</p> })}</Status>
            {funder.then(|| view! {
                <ConfirmDialog ask on_confirm=confirmed/>
                <DocumentUploadForm target=Target::Published on_done=move |_| reload.update(|n| *n += 1)/>
            })}
        </section>
    }
}

//! The batch certified with signed scans: the scans dropped together, each matched to its month
//! by its file name (the drafts are named after the dossier and the period) or chosen by hand,
//! then one «Certifier».

use leptos::prelude::*;
use realis_api_types::CertificationBatchView;
use realis_domain::certification::month_named_by;
use realis_domain::fr;
use realis_domain::upload::UploadKind;

use crate::api;
use crate::components::file_picker::FilePicker;
use crate::errors::UiError;

/// What became of one dropped file.
#[derive(Clone)]
struct Dropped {
    name: String,
    /// The month it was joined to (index in the batch), or why not.
    outcome: Result<usize, String>,
}

fn signed_path(b: &CertificationBatchView, i: usize) -> String {
    let m = &b.months[i];
    format!(
        "/dossiers/{}/months/{}/signed-certificate",
        m.dossier_id, m.period
    )
}

pub(super) fn upload(
    batch: RwSignal<Option<CertificationBatchView>>,
    error: RwSignal<Option<UiError>>,
) -> impl IntoView {
    let dropped = RwSignal::new(Vec::<Dropped>::new());
    // Files no month's name matched, waiting for the user to choose their month.
    let unmatched = RwSignal::new_local(Vec::<(web_sys::File, Option<usize>)>::new());
    let attach = Action::new_local(move |(file, i): &(web_sys::File, usize)| {
        let (file, i) = (file.clone(), *i);
        let b = batch.get_untracked();
        async move {
            let Some(b) = b else {
                return (file.name(), Err(String::new()));
            };
            let res = api::month_upload(&signed_path(&b, i), false, file.clone()).await;
            let outcome = match res {
                Ok(_) => Ok(i),
                Err(e) => Err(e.message),
            };
            let fresh = api::batch(b.id).await.ok();
            if let Some(fresh) = fresh {
                batch.set(Some(fresh));
            }
            (file.name(), outcome)
        }
    });
    Effect::new(move |_| {
        if let Some((name, outcome)) = attach.value().get() {
            dropped.update(|d| d.push(Dropped { name, outcome }));
        }
    });
    let on_file = Callback::new(move |file: web_sys::File| {
        let matched = batch.with_untracked(|b| {
            b.as_ref().and_then(|b| {
                month_named_by(
                    &file.name(),
                    b.months
                        .iter()
                        .map(|m| (m.dossier_number.as_str(), m.period)),
                )
            })
        });
        match matched {
            Some(i) => {
                attach.dispatch_local((file, i));
            }
            None => unmatched.update(|u| u.push((file, None))),
        }
    });
    let certify = Action::new_local(move |_: &()| {
        let id = batch.with_untracked(|b| b.as_ref().map(|b| b.id).unwrap_or_default());
        async move { api::certify_batch_upload(id).await }
    });
    Effect::new(move |_| match certify.value().get() {
        Some(Ok(b)) => {
            error.set(None);
            batch.set(Some(b));
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let missing = move || {
        batch.with(|b| {
            b.as_ref()
                .map(|b| b.months.iter().filter(|m| !m.signed_certificate).count())
                .unwrap_or_default()
        })
    };
    let blocked = move || missing() > 0 || certify.pending().get();
    let month_label = move |i: usize| {
        batch.with_untracked(|b| {
            b.as_ref()
                .and_then(|b| b.months.get(i))
                .map(|m| {
                    format!(
                        "{} — {} ({})",
                        m.dossier_number,
                        fr::month(m.period),
                        m.beneficiary
                    )
                })
                .unwrap_or_default()
        })
    };
    view! {
        <div data-testid="batch-upload-step">
            <p>"Imprimez le certificat de chaque mois, faites-le signer et tamponner, numérisez-le, puis déposez les fichiers ensemble\u{a0}: chacun rejoint son mois d'après son nom (numéro de dossier et période, comme le projet téléchargé), sinon choisissez son mois."</p>
            <FilePicker label="Déposer les certificats signés".to_owned() kind=UploadKind::Document testid="batch-scans" multiple=true on_file=on_file/>
            <ul aria-live="polite" data-testid="batch-dropped">
                {move || dropped.get().into_iter().map(|d| match d.outcome {
                    Ok(i) => view! { <li>{format!("{} → {}", d.name, month_label(i))}</li> }.into_any(),
                    Err(e) => view! { <li class="error-text">{format!("{}\u{a0}: {e}", d.name)}</li> }.into_any(),
                }).collect_view()}
            </ul>
            {move || (!unmatched.with(Vec::is_empty)).then(|| {
                let count = batch.with_untracked(|b| b.as_ref().map(|b| b.months.len()).unwrap_or_default());
                view! {
                    <fieldset data-testid="batch-unmatched">
                        <legend>"Fichiers à rattacher à leur mois"</legend>
                        {move || unmatched.get().into_iter().enumerate().map(|(k, (file, _))| {
                            let select_id = format!("batch-unmatched-{k}");
                            let name = file.name();
                            view! {
                                <p>
                                    <label for=select_id.clone()>{format!("Mois du fichier «\u{a0}{name}\u{a0}»")}</label>
                                    <select id=select_id on:change=move |ev| {
                                        let i = event_target_value(&ev).parse::<usize>().ok();
                                        unmatched.update(|u| if let Some(e) = u.get_mut(k) { e.1 = i; });
                                    }>
                                        <option value="">"Choisir…"</option>
                                        {(0..count).map(|i| view! { <option value=i.to_string()>{month_label(i)}</option> }).collect_view()}
                                    </select>
                                    " "
                                    <button type="button" class="secondary" on:click=move |_| {
                                        let chosen = unmatched.with_untracked(|u| u.get(k).and_then(|(f, i)| i.map(|i| (f.clone(), i))));
                                        if let Some((f, i)) = chosen {
                                            unmatched.update(|u| { u.remove(k); });
                                            attach.dispatch_local((f, i));
                                        }
                                    }>"Joindre"</button>
                                </p>
                            }
                        }).collect_view()}
                    </fieldset>
                }
            })}
            <p>
                <button type="button" class="primary inline" data-testid="batch-certify-upload"
                    disabled=blocked
                    aria-describedby="batch-upload-why"
                    on:click=move |_| { error.set(None); certify.dispatch(()); }>"Certifier"</button>
                " "
                <span class="hint" id="batch-upload-why">{move || match missing() {
                    0 => "Chaque mois a son certificat signé.".to_owned(),
                    n => format!("{} sans certificat signé.", fr::count(n as u64, "mois", "mois")),
                }}</span>
            </p>
        </div>
    }
}

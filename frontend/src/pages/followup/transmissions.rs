//! «Transmissions»: the months ready to transmit, sent in a batch.

use leptos::prelude::*;
use realis_api_types::MonthRef;
use realis_domain::{Period, fr};

use super::error_box;
use crate::api;
use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::components::live::Status;
use crate::errors::UiError;

/// «Transmissions»: the queue, transmit the selection, export the CSV.
#[component]
pub fn TransmissionsPage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::transmission_queue()
    });
    let selected = RwSignal::new(Vec::<(i64, String)>::new());
    let error = RwSignal::new(None::<UiError>);
    let done = RwSignal::new(None::<String>);
    let transmit = Action::new_local(move |months: &Vec<(i64, String)>| {
        let months: Vec<MonthRef> = months
            .iter()
            .filter_map(|(d, p)| {
                Some(MonthRef {
                    dossier_id: *d,
                    period: Period::parse(p).ok()?,
                })
            })
            .collect();
        async move { api::transmit(months).await }
    });
    Effect::new(move |_| {
        if let Some(r) = transmit.value().get() {
            match r {
                Ok(t) => {
                    done.set(Some(format!("{} mois transmis.", t.months)));
                    selected.set(Vec::new());
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let export = Action::new_local(move |_: &()| {
        let (f, t) = (from.get_untracked(), to.get_untracked());
        async move {
            let path = format!("/funder/transmissions.csv?from={f}&to={t}");
            api::download(&path, "heures-transmises.csv").await
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = export.value().get() {
            error.set(Some(e));
        }
    });
    let ask = RwSignal::new(None::<Confirmation>);
    let ask_transmit = move |_| {
        let n = selected.with(Vec::len);
        ask.set(Some(Confirmation::new(
            "Transmettre la sélection",
            vec![
                format!("Vous allez transmettre {n} mois\u{a0}: leurs heures seront marquées «\u{a0}Transmis\u{a0}» et figureront dans l'export des heures transmises."),
                "Une transmission ne peut pas être annulée.".to_owned(),
            ],
            "Transmettre",
        )));
    };
    let confirmed = move |_| {
        error.set(None);
        done.set(None);
        transmit.dispatch(selected.get_untracked());
    };
    view! {
        <h1>"Transmissions"</h1>
        <ConfirmDialog ask on_confirm=confirmed/>
        <p>"Mois prêts à transmettre\u{a0}: validés, ou certifiés lorsque aucune validation n'est demandée."</p>
        <Status>{move || done.get().map(|d| view! { <p class="success" data-testid="transmitted">{d}</p> })}</Status>
        {move || error.get().map(error_box)}
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted" data-testid="queue-empty">"Aucun mois n'est prêt à transmettre."</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label="Mois prêts à transmettre">
                        <table class="grid" data-testid="queue">
                            <thead><tr><th><span class="visually-hidden">"Sélection"</span></th><th>"N° dossier"</th><th>"Bénéficiaire"</th><th>"Mois"</th><th>"Statut"</th><th>"Formation"</th><th>"Stage"</th><th>"Absence"</th></tr></thead>
                            <tbody>{list.into_iter().map(|m| {
                                let key = (m.dossier_id, m.period.to_string());
                                let key2 = key.clone();
                                let pick = format!("Sélectionner {}\u{a0}: {}, {}", m.dossier_number, m.beneficiary, m.period_label);
                                view! {
                                    <tr data-testid="queue-row">
                                        <td><input type="checkbox" aria-label=pick data-testid=format!("pick-{}-{}", m.dossier_number, m.period)
                                            prop:checked=move || selected.with(|s| s.contains(&key))
                                            on:change=move |ev| { let on = event_target_checked(&ev); let k = key2.clone(); selected.update(|s| { s.retain(|x| *x != k); if on { s.push(k); } }); }/></td>
                                        <td>{m.dossier_number}</td><td>{m.beneficiary}</td><td>{m.period_label}</td><td>{m.status_label}</td>
                                        <td class="num">{fr::hours(m.training)}</td><td class="num">{fr::hours(m.internship)}</td><td class="num">{fr::hours(m.absence)}</td>
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
        <p><button type="button" class="primary inline" data-testid="transmit" disabled=move || selected.with(Vec::is_empty) || transmit.pending().get()
            on:click=ask_transmit>"Transmettre la sélection"</button></p>
        <section class="dialog">
            <h2>"Exporter les heures transmises (CSV)"</h2>
            <label>"Du mois "<input type="month" data-testid="export-from" prop:value=from on:input=move |ev| from.set(event_target_value(&ev))/></label>" "
            <label>"au mois "<input type="month" data-testid="export-to" prop:value=to on:input=move |ev| to.set(event_target_value(&ev))/></label>" "
            <button type="button" class="secondary" data-testid="export" on:click=move |_| { export.dispatch(()); }>"Télécharger le fichier CSV"</button>
        </section>
    }
}

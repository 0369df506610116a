//! After certification: «Valider» / «Contester» (beneficiary, employer), the funder's month
//! actions (reopen, close, unlock), «Règlements», «Transmissions» and «Paramètres».

use leptos::prelude::*;
use realis_api_types::{
    FunderSettingsDto, MonthRef, MonthView, PaymentRequest, PaymentView, ValidationView,
};
use realis_domain::MonthCommand;
use realis_domain::followup::{Decision, PaymentKind};
use realis_domain::grid::Granularity;
use realis_domain::{HolidayZone, Period, ValidationSetting, fr};

use crate::api;
use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::components::field::TextField;
use crate::components::live::Status;
use crate::errors::UiError;
use crate::format::{date_fr, datetime_paris};
use realis_domain::fr::hours_with_unit;

fn error_box(e: UiError) -> impl IntoView {
    view! {
        <div class="error" role="alert" data-testid="action-error">
            <p>{e.message}</p>
            <ul>{e.fields.into_iter().map(|(_, m)| view! { <li>{m}</li> }).collect_view()}</ul>
        </div>
    }
}

/// The validations and contests of the month.
#[component]
pub fn ValidationHistory(items: Vec<ValidationView>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <section class="validations" data-testid="validations">
                <h2>"Validations"</h2>
                <ul>{items.into_iter().map(|v| {
                    let who = if v.role == "employer" { "l'employeur" } else { "le bénéficiaire" };
                    let what = match v.decision { Decision::Validate => "Validé", Decision::Contest => "Contesté" };
                    view! {
                        <li class:contest=v.decision == Decision::Contest>
                            {format!("{what} par {who} ({}) le {}", v.by, datetime_paris(v.at))}
                            {v.comment.map(|c| view! { "\u{a0}: "<q>{c}</q> })}
                        </li>
                    }
                }).collect_view()}</ul>
            </section>
        }
    })
}

/// «Valider» or «Contester» for the beneficiary or the employer.
#[component]
pub fn ValidationPanel(
    m: MonthView,
    reload: RwSignal<u32>,
    flash: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = m.dossier_id;
    let period = m.period.to_string();
    let contesting = RwSignal::new(false);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<UiError>);
    let act = Action::new_local(move |(decision, comment): &(Decision, Option<String>)| {
        let (period, decision, comment) = (period.clone(), *decision, comment.clone());
        async move { api::decide(id, period, decision, comment).await }
    });
    Effect::new(move |_| {
        if let Some(r) = act.value().get() {
            match r {
                Ok(m) => {
                    flash.set(Some(if m.status == realis_domain::MonthStatus::Contested {
                        "Contestation envoyée\u{a0}: l'organisme de formation est prévenu."
                            .to_owned()
                    } else {
                        "Heures validées. Merci.".to_owned()
                    }));
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    // Both acts are confirmed with what they do.
    let ask = RwSignal::new(None::<Confirmation>);
    let asked = StoredValue::new(Decision::Validate);
    let texts = StoredValue::new((
        fr::month(m.period),
        hours_with_unit(realis_domain::Hours::sum([
            m.totals.training,
            m.totals.internship,
        ])),
        hours_with_unit(m.totals.absence),
    ));
    let ask_for = move |d: Decision| {
        asked.set_value(d);
        let (period_fr, presence, absence) = texts.get_value();
        let of_period = fr::de(&period_fr);
        ask.set(Some(match d {
            Decision::Validate => Confirmation::new(
                format!("Valider les heures {of_period}"),
                vec![
                    format!("Vous allez valider {presence} de présence et {absence} d'absence pour {period_fr}, telles que certifiées par l'organisme de formation."),
                    "Votre validation est enregistrée et ne peut pas être annulée.".to_owned(),
                ],
                "Valider",
            ),
            Decision::Contest => Confirmation::new(
                format!("Contester les heures {of_period}"),
                vec![
                    format!("Vous allez contester les heures {of_period}. L'organisme de formation est prévenu et reçoit votre motif\u{a0}:"),
                    fr::quoted(comment.get_untracked().trim()),
                ],
                "Envoyer la contestation",
            ),
        }));
    };
    let confirmed = move |_| {
        error.set(None);
        match asked.get_value() {
            Decision::Validate => act.dispatch((Decision::Validate, None)),
            Decision::Contest => act.dispatch((Decision::Contest, Some(comment.get_untracked()))),
        };
    };
    view! {
        <section class="certify" data-testid="validation-panel">
            <ConfirmDialog ask on_confirm=confirmed/>
            <h2>{format!("Vos heures {}", fr::of_month(m.period))}</h2>
            <p>"Vérifiez les heures ci-dessous et le certificat de réalisation, puis validez-les ou contestez-les."</p>
            <p>
                <button type="button" class="primary inline" data-testid="validate" disabled=move || act.pending().get()
                    on:click=move |_| ask_for(Decision::Validate)>"Valider"</button>
                " "
                <button type="button" class="secondary" data-testid="contest" on:click=move |_| contesting.set(true)>"Contester"</button>
            </p>
            {move || contesting.get().then(|| view! {
                <div class="dialog" data-testid="contest-dialog">
                    <label>"Motif de la contestation (obligatoire)"<br/>
                        <textarea rows="3" cols="60" data-testid="contest-comment" prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    <p><button type="button" class="primary inline" data-testid="contest-send" disabled=move || comment.with(|c| c.trim().is_empty()) || act.pending().get()
                        on:click=move |_| ask_for(Decision::Contest)>"Envoyer la contestation"</button></p>
                </div>
            })}
            {move || error.get().map(error_box)}
        </section>
    }
}

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

/// The dossier's «Règlements» tab; the funder records payments there.
#[component]
pub fn PaymentsTab(
    dossier_id: i64,
    funder: bool,
    periods: Vec<Period>,
    /// Runs after a payment is recorded (a settlement changes the months' statuses).
    #[prop(into)]
    on_recorded: Callback<()>,
) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::payments(dossier_id)
    });
    let period = RwSignal::new(periods.first().map(|p| p.to_string()).unwrap_or_default());
    let kind = RwSignal::new("settlement".to_owned());
    let amount = RwSignal::new(String::new());
    let paid_on = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let error = RwSignal::new(None::<UiError>);
    let record = Action::new_local(move |body: &PaymentRequest| {
        let body = body.clone();
        async move { api::record_payment(dossier_id, body).await }
    });
    Effect::new(move |_| {
        if let Some(r) = record.value().get() {
            match r {
                Ok(_) => {
                    amount.set(String::new());
                    reference.set(String::new());
                    reload.update(|n| *n += 1);
                    on_recorded.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let ask = RwSignal::new(None::<Confirmation>);
    let pending = StoredValue::new(None::<PaymentRequest>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let cents = realis_domain::Hours::parse(&amount.get_untracked())
            .ok()
            .map(|h| i64::from(h.hundredths()));
        let (Some(cents), Ok(p), Ok(d)) = (
            cents,
            Period::parse(&period.get_untracked()),
            chrono::NaiveDate::parse_from_str(&paid_on.get_untracked(), "%Y-%m-%d"),
        ) else {
            error.set(Some(UiError {
                code: None,
                conflict: None,
                message: "Indiquez la période, un montant en euros (ex. 1250,50) et la date du règlement.".into(),
                fields: vec![],
            }));
            return;
        };
        let body = PaymentRequest {
            period: p,
            kind: PaymentKind::parse(&kind.get_untracked()).unwrap_or(PaymentKind::Settlement),
            amount_cents: cents,
            paid_on: d,
            reference: reference.get_untracked(),
        };
        let amount = fr::euros(cents);
        let period_fr = fr::month(p);
        let (title, effect) = match body.kind {
            PaymentKind::Settlement => (
                "Enregistrer un règlement",
                format!(
                    "Un règlement sur un mois non certifié ferme sa saisie\u{a0}: l'organisme de formation ne pourra plus saisir ni certifier {period_fr}."
                ),
            ),
            PaymentKind::Advance => (
                "Enregistrer une avance",
                "Une avance ne ferme aucune saisie.".to_owned(),
            ),
        };
        pending.set_value(Some(body));
        ask.set(Some(Confirmation::new(
            title,
            vec![
                format!(
                    "Vous allez enregistrer {} de {amount} pour {period_fr}, payé le {}.",
                    if title.ends_with("avance") {
                        "une avance"
                    } else {
                        "un règlement"
                    },
                    date_fr(d)
                ),
                effect,
            ],
            "Enregistrer",
        )));
    };
    let confirmed = move |_| {
        if let Some(body) = pending.get_value() {
            record.dispatch(body);
        }
    };
    view! {
        <div data-testid="payments">
            <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"Aucun règlement n'a été enregistré pour ce dossier."</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Règlements du dossier">
                            <table class="grid">
                                <thead><tr><th>"Période"</th><th>"Nature"</th><th>"Montant"</th><th>"Date"</th><th>"Référence"</th></tr></thead>
                                <tbody>{list.into_iter().map(|p: PaymentView| view! {
                                    <tr data-testid="payment-row"><td>{p.period_label}</td><td>{p.kind_label}</td><td class="num">{p.amount_label}</td><td>{date_fr(p.paid_on)}</td><td>{p.reference}</td></tr>
                                }).collect_view()}</tbody>
                            </table>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
            {funder.then(|| view! {
                <ConfirmDialog ask on_confirm=confirmed/>
                <form novalidate class="dialog inline-form" data-testid="payment-form" on:submit=submit>
                    <h2>"Enregistrer un règlement"</h2>
                    <p class="hint">"Un règlement sur une période non certifiée ferme la saisie de ce mois\u{a0}; une avance ne ferme rien."</p>
                    <label>"Période "<select data-testid="payment-period" on:change=move |ev| period.set(event_target_value(&ev))>
                        {periods.iter().map(|p| view! { <option value=p.to_string()>{p.label_fr()}</option> }).collect_view()}
                    </select></label>" "
                    <label>"Nature "<select data-testid="payment-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="settlement">"Règlement"</option>
                        <option value="advance">"Avance"</option>
                    </select></label><br/>
                    <label>"Montant (€) "<input type="text" inputmode="decimal" size="10" data-testid="payment-amount" prop:value=amount on:input=move |ev| amount.set(event_target_value(&ev))/></label>" "
                    <label>"Date "<input type="date" data-testid="payment-date" prop:value=paid_on on:input=move |ev| paid_on.set(event_target_value(&ev))/></label>" "
                    <label>"Référence "<input type="text" size="20" data-testid="payment-reference" prop:value=reference on:input=move |ev| reference.set(event_target_value(&ev))/></label>
                    <p><button type="submit" class="primary inline" data-testid="payment-save">"Enregistrer le règlement"</button></p>
                    {move || error.get().map(error_box)}
                </form>
            })}
        </div>
    }
}

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

/// «Paramètres» of the funder.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let data = LocalResource::new(api::funder_settings);
    view! {
        <h1>"Paramètres"</h1>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => view! { <SettingsForm s/> }.into_any(),
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SettingsForm(s: FunderSettingsDto) -> impl IntoView {
    let granularity = RwSignal::new(s.granularity.as_str().to_owned());
    let validations = RwSignal::new(s.validations.as_str().to_owned());
    let length = RwSignal::new(s.code_length.to_string());
    let ttl = RwSignal::new(s.code_ttl_minutes.to_string());
    let zone = RwSignal::new(s.holiday_zone.as_str().to_owned());
    let website = RwSignal::new(s.website.clone().unwrap_or_default());
    let error = RwSignal::new(None::<UiError>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |body: &FunderSettingsDto| {
        let body = body.clone();
        async move { api::save_funder_settings(body).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(_) => saved.set(true),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(false);
        save.dispatch(FunderSettingsDto {
            granularity: Granularity::parse(&granularity.get_untracked()).unwrap_or_default(),
            validations: ValidationSetting::parse(&validations.get_untracked()).unwrap_or_default(),
            code_length: length.get_untracked().parse().unwrap_or(0),
            code_ttl_minutes: ttl.get_untracked().parse().unwrap_or(0),
            holiday_zone: HolidayZone::parse(&zone.get_untracked()).unwrap_or_default(),
            website: Some(website.get_untracked()).filter(|w| !w.trim().is_empty()),
        });
    };
    let select = |value: RwSignal<String>,
                  options: Vec<(&'static str, &'static str)>,
                  testid: &'static str| {
        view! {
            <select data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| view! { <option value=v selected=move || value.get() == v>{l}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <form novalidate class="identity" data-testid="settings" on:submit=submit>
            <p class="hint">"Les changements s'appliquent aux mois qui ne sont pas encore certifiés."</p>
            <label>"Saisie des heures "{select(granularity, vec![("month", "Totaux mensuels"), ("day", "Par jour"), ("half_day", "Par demi-journée")], "set-granularity")}</label>
            <label>"Validations demandées "{select(validations, vec![("none", "Aucune"), ("beneficiary", "Bénéficiaire"), ("employer", "Employeur"), ("both", "Bénéficiaire puis employeur")], "set-validations")}</label>
            <p class="hint" data-testid="validations-hint">"Ce réglage s'applique aux certifications faites après son enregistrement\u{a0}; les mois déjà certifiés gardent le circuit de validation en vigueur lors de leur certification."</p>
            <label>"Longueur du code (4 à 8 chiffres) "<input type="number" min="4" max="8" data-testid="set-length" prop:value=length on:input=move |ev| length.set(event_target_value(&ev))/></label>
            <label>"Durée de validité du code (5 à 15 minutes) "<input type="number" min="5" max="15" data-testid="set-ttl" prop:value=ttl on:input=move |ev| ttl.set(event_target_value(&ev))/></label>
            <label>"Jours fériés "{select(zone, vec![("metropole", "France métropolitaine"), ("alsace-moselle", "Alsace-Moselle"), ("guadeloupe", "Guadeloupe"), ("martinique", "Martinique"), ("guyane", "Guyane"), ("reunion", "La Réunion"), ("mayotte", "Mayotte")], "set-zone")}</label>
            <TextField label="Site de votre Transitions Pro (lien «\u{a0}Retour au site\u{a0}»)" field="website" value=website errors=error/>
            <button type="submit" class="primary inline" data-testid="settings-save">"Enregistrer"</button>
            <Status testid="settings-live">{move || saved.get().then(|| view! { <p class="success" data-testid="settings-saved">"Paramètres enregistrés."</p> })}</Status>
            {move || error.get().map(error_box)}
        </form>
    }
}

/// «Règlements»: every payment of the reader's dossiers, newest first.
#[component]
pub fn PaymentsPage() -> impl IntoView {
    let query = crate::components::url_query::UrlQuery::new();
    let data = LocalResource::new(move || api::payments_page(query.page()));
    view! {
        <h1>"Règlements"</h1>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) if p.items.is_empty() => view! { <p class="muted" data-testid="payments-empty">"Aucun règlement n'a été enregistré."</p> }.into_any(),
                    Ok(p) => {
                        let (page, total, per_page) = (p.page, p.total, p.per_page);
                        view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Règlements">
                            <table class="grid" data-testid="all-payments">
                                <thead><tr><th>"N° dossier"</th><th>"Bénéficiaire"</th><th>"Période"</th><th>"Nature"</th><th>"Montant"</th><th>"Date"</th><th>"Référence"</th></tr></thead>
                                <tbody>{p.items.into_iter().map(|l| view! {
                                    <tr>
                                        <td><leptos_router::components::A href=format!("/dossiers/{}", l.dossier_id)>{l.dossier_number}</leptos_router::components::A></td>
                                        <td>{l.beneficiary}</td><td>{l.payment.period_label}</td><td>{l.payment.kind_label}</td>
                                        <td class="num">{l.payment.amount_label}</td><td>{date_fr(l.payment.paid_on)}</td><td>{l.payment.reference}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                            </div>
                            <crate::components::pager::Pager query page total per_page noun="règlements" one="règlement"/>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

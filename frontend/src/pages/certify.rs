//! Certification of a prepared month (SPEC F5, F6) and the certificate box.

use leptos::prelude::*;
use realis_api_types::{ErrorCode, MonthFileView, MonthView};
use realis_domain::MonthCommand;
use realis_domain::certification::{CertificationMode, attempts_left_fr, code_time_left_fr};
use realis_domain::upload::UploadKind;
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::components::file_picker::FilePicker;
use crate::errors::UiError;
use crate::format::datetime_paris;
use crate::pages::evidence::Evidence;

fn file_label(f: &MonthFileView) -> String {
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

/// Shows a call's error: the message and each field's message (`id` ties it to its field).
fn error_box(e: UiError, testid: &'static str, id: &'static str) -> impl IntoView {
    view! {
        <div class="error" role="alert" data-testid=testid id=id>
            {(e.code != Some(ErrorCode::WrongCode) || e.fields.is_empty()).then(|| view! { <p>{e.message.clone()}</p> })}
            <ul>{e.fields.into_iter().map(|(_, m)| view! { <li>{m}</li> }).collect_view()}</ul>
        </div>
    }
}

/// A PDF of the API shown in the page, with «Ouvrir dans un nouvel onglet» and «Télécharger»
/// under a meaningful name (plain links on the fetched file: no pop-up to block). A failed fetch
/// says so in French and can be retried.
#[component]
pub fn PdfPreview(path: String, name: String, title: String) -> impl IntoView {
    let retry = RwSignal::new(0u32);
    let src = LocalResource::new(move || {
        retry.track();
        let path = path.clone();
        async move { api::blob_url(&path).await }
    });
    let shown = StoredValue::new(None::<String>);
    on_cleanup(move || {
        if let Some(url) = shown.get_value() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    view! {
        <div class="pdf-preview" data-testid="pdf-preview">
            <Suspense fallback=|| view! { <p class="muted">"Chargement du PDF…"</p> }>
                {move || {
                    let name = name.clone();
                    let title = title.clone();
                    Suspend::new(async move {
                        match src.await {
                            Ok(url) => {
                                if let Some(old) = shown.get_value().filter(|old| *old != url) {
                                    let _ = web_sys::Url::revoke_object_url(&old);
                                }
                                shown.set_value(Some(url.clone()));
                                view! {
                                    <p class="actions">
                                        <a class="button primary small" href=url.clone() download=name.clone() data-testid="download-pdf">{format!("Télécharger ({name})")}</a>
                                        " "
                                        <a class="button secondary small" href=url.clone() target="_blank" rel="noopener" data-testid="open-pdf">"Ouvrir dans un nouvel onglet"</a>
                                    </p>
                                    <iframe class="pdf" src=url title=title data-testid="pdf-frame"></iframe>
                                }.into_any()
                            }
                            Err(e) => view! {
                                <div class="error" role="alert" data-testid="pdf-error">
                                    <p>{format!("Le PDF n'a pas pu être chargé\u{a0}: {}", e.message)}</p>
                                    <p><button type="button" class="secondary" on:click=move |_| retry.update(|n| *n += 1)>"Réessayer"</button></p>
                                </div>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
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

/// The «certification» step of a month awaiting certification (OF staff): the guide's
/// «Étape 2 : Joindre le certificat de réalisation signé» and «Étape 3 : Joindre l'attestation de
/// présence» (certification 1), or the code sent by e-mail (certification 2).
#[component]
pub fn CertifyPanel(
    m: MonthView,
    reload: RwSignal<u32>,
    flash: RwSignal<Option<String>>,
    /// The mode the user chose, kept across the reloads that follow an upload.
    mode_choice: RwSignal<Option<CertificationMode>>,
    /// «J'accepte que mon adresse IP soit utilisée», ticked beside «Je certifie la saisie des
    /// heures» (kept across the reload that follows «Ok»).
    ip_consent: RwSignal<bool>,
) -> impl IntoView {
    let id = m.dossier_id;
    let period = m.period.to_string();
    let online_allowed = m.allowed_actions.contains(&MonthCommand::CertifyOnline);
    let online = m.online.clone().unwrap_or_default();
    let missing: Vec<String> = m
        .readiness
        .as_ref()
        .map(|r| r.online_missing.iter().map(|i| i.message.clone()).collect())
        .unwrap_or_default();
    // The online mode is preselected whenever it is available, unless the user chose the other.
    let mode = RwSignal::new(match mode_choice.get_untracked() {
        Some(CertificationMode::Online) if online_allowed => CertificationMode::Online,
        Some(CertificationMode::Upload) => CertificationMode::Upload,
        _ if online_allowed => CertificationMode::Online,
        _ => CertificationMode::Upload,
    });
    Effect::new(move |_| mode_choice.set(Some(mode.get())));
    let error = RwSignal::new(None::<UiError>);
    let base = format!("/dossiers/{id}/months/{period}");

    // Files: the signed scan and attendance sheets.
    let signed = m
        .files
        .iter()
        .find(|f| f.kind == "signed_certificate")
        .cloned();
    let sheets: Vec<MonthFileView> = m
        .files
        .iter()
        .filter(|f| f.kind == "attendance_sheet")
        .cloned()
        .collect();
    let upload = Action::new_local({
        let base = base.clone();
        move |(sheet, file): &(bool, web_sys::File)| {
            let path = if *sheet {
                format!("{base}/attendance-sheets")
            } else {
                format!("{base}/signed-certificate")
            };
            let (sheet, file) = (*sheet, file.clone());
            async move { api::month_upload(&path, sheet, file).await }
        }
    });
    let remove = Action::new_local(move |path: &String| {
        let path = path.clone();
        async move { api::month_delete(&path).await }
    });
    let open = Action::new_local(move |path: &String| {
        let path = path.clone();
        async move { api::open_file(&path).await }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = open.value().get() {
            error.set(Some(e));
        }
    });
    Effect::new(move |_| {
        let done = upload.value().get().or_else(|| remove.value().get());
        if let Some(r) = done {
            match r {
                Ok(_) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let pick = move |sheet: bool| {
        Callback::new(move |f: web_sys::File| {
            error.set(None);
            upload.dispatch((sheet, f));
        })
    };
    let file_row = {
        let base = base.clone();
        move |f: MonthFileView, label: &'static str, testid: &'static str| {
            let get = format!("{base}/files/{}", f.id);
            let del = if f.kind == "signed_certificate" {
                format!("{base}/signed-certificate")
            } else {
                get.clone()
            };
            view! {
                <li data-testid=testid>
                    <strong>{label}</strong>" (" {file_label(&f)} ") "
                    <button type="button" class="link" on:click=move |_| { open.dispatch(get.clone()); }>"Ouvrir"<span class="visually-hidden">{format!("\u{a0}: {}", label.to_lowercase())}</span></button>" "
                    <button type="button" class="link danger" data-testid=format!("{testid}-delete") on:click=move |_| { remove.dispatch(del.clone()); }>"Supprimer"<span class="visually-hidden">{format!("\u{a0}: {}", label.to_lowercase())}</span></button>
                </li>
            }
        }
    };
    let has_signed = signed.is_some();
    // «Étape 2»: the signed scan.
    let signed_view = {
        let file_row = file_row.clone();
        move || {
            view! {
                <h3>"Étape 2\u{a0}: Joindre le certificat de réalisation signé"</h3>
                <p>"Imprimez le projet de certificat de l'étape 1, faites-le signer et tamponner, puis joignez-le."</p>
                <ul class="files">{signed.clone().map(|f| file_row(f, "Certificat signé", "signed-file"))}</ul>
                <FilePicker label=if has_signed { "Remplacer le certificat signé" } else { "Joindre le certificat de réalisation signé" }
                    kind=UploadKind::Document testid="signed-input" on_file=pick(false)/>
            }
        }
    };
    // «Étape 3» (certification 1) or the optional sheets (certification 2).
    let sheets_view = {
        let file_row = file_row.clone();
        move |heading: &'static str| {
            let file_row = file_row.clone();
            let sheets = sheets.clone();
            view! {
                <h3>{heading}</h3>
                <p class="hint">"Facultatif\u{a0}: les attestations de présence (feuilles d'émargement) originales, une par envoi."</p>
                <ul class="files">{sheets.into_iter().map(|f| file_row(f, "Attestation de présence", "sheet-file")).collect_view()}</ul>
                <FilePicker label="Joindre l'attestation de présence" kind=UploadKind::Document testid="sheet-input" on_file=pick(true)/>
            }
        }
    };

    // Certification 1.
    let certify = Action::new_local({
        let period = period.clone();
        move |_: &()| {
            let period = period.clone();
            async move { api::certify_upload(id, period).await }
        }
    });
    Effect::new(move |_| {
        if let Some(r) = certify.value().get() {
            match r {
                Ok(_) => {
                    flash.set(Some(
                        "Certification effectuée\u{a0}: le certificat signé est enregistré.".into(),
                    ));
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });

    // Certification 2 (the hours were certified at «Ok», with the IP consent when given there).
    let consented_at_ok = ip_consent.get_untracked();
    // 0: consent and sheets; 1: choose how to receive the code; 2: enter the code.
    let step = RwSignal::new(if online.code_expires_at.is_some() {
        2u8
    } else {
        0u8
    });
    let sent = RwSignal::new(online.code_expires_at.map(|at| (at, String::new())));
    let resend_at = RwSignal::new(online.resend_after);
    // A clock for the countdowns, ticking every second while the panel is shown.
    let now_ms = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(
        move || now_ms.set(js_sys::Date::now()),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let seconds_until = move |at: chrono::DateTime<chrono::Utc>| {
        ((at.timestamp_millis() as f64 - now_ms.get()) / 1000.0).ceil() as i64
    };
    // What screen readers hear of the time left: a text that changes once a minute (a memo
    // passes on a change only), then says that the code expired.
    let time_left_said = Memo::new(move |_| {
        sent.get()
            .map(|(at, _)| code_time_left_fr(seconds_until(at)))
            .unwrap_or_default()
    });
    let expired = Memo::new(move |_| sent.get().is_some_and(|(at, _)| seconds_until(at) <= 0));
    let code = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<UiError>);
    let send_code = Action::new_local({
        let period = period.clone();
        move |_: &()| {
            let period = period.clone();
            async move { api::send_code(id, period).await }
        }
    });
    Effect::new(move |_| {
        if let Some(r) = send_code.value().get() {
            match r {
                Ok(s) => {
                    // The clock ticks every second: read it now, so that a fresh code never
                    // shows more time than its lifetime.
                    now_ms.set(js_sys::Date::now());
                    sent.set(Some((s.expires_at, s.sent_to)));
                    resend_at.set(Some(s.resend_after));
                    code.set(String::new());
                    code_error.set(None);
                    step.set(2);
                    focus_soon("code-input");
                }
                Err(e) => code_error.set(Some(e)),
            }
        }
    });
    let verify = Action::new_local({
        let period = period.clone();
        move |c: &String| {
            let (period, c) = (period.clone(), c.clone());
            async move { api::verify_code(id, period, c).await }
        }
    });
    Effect::new(move |_| {
        if let Some(r) = verify.value().get() {
            match r {
                Ok(_) => {
                    flash.set(Some("Certification effectuée.".into()));
                    reload.update(|n| *n += 1);
                }
                Err(e) => code_error.set(Some(e)),
            }
        }
    });
    let length = online.code_length as usize;
    let code_ok = move || {
        code.with(|c| c.trim().len() == length && c.trim().bytes().all(|b| b.is_ascii_digit()))
    };
    let attempts_left = online.attempts_left;
    let sheets_online = sheets_view.clone();

    // The confirmation restates what will be certified before either mode goes ahead.
    let ask = RwSignal::new(None::<Confirmation>);
    let asked = StoredValue::new(CertificationMode::Upload);
    let what = StoredValue::new(certified_hours_fr(&m));
    let period_fr = StoredValue::new(m.period_label.to_lowercase());
    let ask_for = move |mode: CertificationMode| {
        asked.set_value(mode);
        let period_fr = period_fr.get_value();
        let mut body = vec![what.get_value()];
        body.push(match mode {
            CertificationMode::Upload => "Le certificat signé déposé devient le certificat de réalisation du mois\u{a0}: les heures ne pourront plus être modifiées sans l'intervention de votre Transitions Pro.".to_owned(),
            CertificationMode::Online => "Un code de vérification va vous être envoyé par e-mail\u{a0}: sa saisie vaut signature du certificat, et les heures ne pourront plus être modifiées sans l'intervention de votre Transitions Pro.".to_owned(),
        });
        ask.set(Some(Confirmation::new(
            format!("Certifier {period_fr}"),
            body,
            match mode {
                CertificationMode::Upload => "Certifier",
                CertificationMode::Online => "Continuer",
            },
        )));
    };
    let confirmed = move |_| match asked.get_value() {
        CertificationMode::Upload => {
            certify.dispatch(());
        }
        CertificationMode::Online => {
            step.set(1);
            focus_soon("channel-email");
        }
    };

    view! {
        <section class="certify" data-testid="certify" aria-labelledby="certify-title">
            <h2 id="certify-title">"Certifier les heures"</h2>
            <ConfirmDialog ask on_confirm=confirmed/>
            <fieldset class="modes">
                <legend>"Mode de certification"</legend>
                <label><input type="radio" name="mode" data-testid="mode-upload" prop:checked=move || mode.get() == CertificationMode::Upload
                    on:change=move |_| mode.set(CertificationMode::Upload)/>" Certification 1\u{a0}: je dépose le certificat imprimé, signé et tamponné"</label>
                <label class:disabled=!online_allowed><input type="radio" name="mode" data-testid="mode-online" disabled=!online_allowed prop:checked=move || mode.get() == CertificationMode::Online
                    on:change=move |_| mode.set(CertificationMode::Online)/>" Certification 2\u{a0}: 100 % en ligne, avec un code envoyé par e-mail"</label>
            </fieldset>
            {(!online_allowed).then(|| view! {
                <div class="hint" data-testid="online-unavailable">
                    {if online.locked {
                        view! { <p>"La certification en ligne de ce mois est bloquée après trop de codes erronés\u{a0}; votre Transitions Pro peut la débloquer."</p> }.into_any()
                    } else {
                        view! {
                            <p>"La certification 100 % en ligne n'est pas encore disponible\u{a0}:"</p>
                            <ul>{missing.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
                            <p><leptos_router::components::A href="/identite">"Compléter «\u{a0}Votre identité\u{a0}»"</leptos_router::components::A></p>
                        }.into_any()
                    }}
                </div>
            })}
            {move || error.get().map(|e| error_box(e, "certify-error", "certify-error"))}
            {move || (mode.get() == CertificationMode::Upload).then(|| {
                let signed_view = signed_view.clone();
                let sheets_view = sheets_view.clone();
                view! {
                    <div class="dialog" data-testid="upload-dialog">
                        {signed_view()}
                        {sheets_view("Étape 3\u{a0}: Joindre l'attestation de présence")}
                        <p class="warning">"Rappel\u{a0}: les heures du certificat signé doivent correspondre aux heures saisies, même si vous certifiez zéro heure."</p>
                        <button type="button" class="primary inline" data-testid="certify-upload" disabled=move || !has_signed || certify.pending().get()
                            aria-describedby=(!has_signed).then_some("certify-upload-why")
                            on:click=move |_| { error.set(None); ask_for(CertificationMode::Upload); }>"Certifier"</button>
                        {(!has_signed).then(|| view! { <p class="hint" id="certify-upload-why">"Joignez d'abord le certificat signé (étape 2)."</p> })}
                    </div>
                }
            })}
            {move || (mode.get() == CertificationMode::Online && online_allowed).then(|| {
                let sheets_online = sheets_online.clone();
                view! {
                    <div class="dialog" data-testid="online-dialog">
                        <h3>"Certification 2\u{a0}: 100 % en ligne"</h3>
                        {move || match step.get() {
                            0 => view! {
                                {if consented_at_ok {
                                    view! { <p data-testid="ip-consented">"Vous avez accepté que votre adresse IP soit utilisée\u{a0}: elle est enregistrée comme preuve de la certification."</p> }.into_any()
                                } else {
                                    view! {
                                        <p><label><input type="checkbox" data-testid="online-ip" prop:checked=ip_consent on:change=move |ev| ip_consent.set(event_target_checked(&ev))/>" J'accepte que mon adresse IP soit utilisée"</label></p>
                                        <p class="hint">"Votre adresse IP est enregistrée comme preuve de la certification."</p>
                                    }.into_any()
                                }}
                                {sheets_online("Joindre l'attestation de présence")}
                                <p><button type="button" class="primary inline" data-testid="online-certify" disabled=move || !ip_consent.get()
                                    on:click=move |_| ask_for(CertificationMode::Online)>"Certifier"</button></p>
                            }.into_any(),
                            1 => view! {
                                <fieldset class="channel">
                                    <legend>"Choix de la méthode d'authentification"</legend>
                                    <label><input type="radio" name="channel" id="channel-email" checked=true data-testid="channel-email"/>" Envoyer le code de vérification par e-mail"</label>
                                </fieldset>
                                <p><button type="button" class="primary inline" data-testid="send-code" disabled=move || send_code.pending().get()
                                    on:click=move |_| { code_error.set(None); send_code.dispatch(()); }>"Continuer"</button>
                                " "<button type="button" class="secondary" on:click=move |_| step.set(0)>"Retour"</button></p>
                                {move || code_error.get().map(|e| error_box(e, "code-error", "code-error"))}
                            }.into_any(),
                            _ => view! {
                                <h4>"Vérification de la certification"</h4>
                                <p id="code-sent" data-testid="code-sent">{move || sent.get().map(|(at, to)| {
                                    let to = if to.is_empty() { "votre adresse e-mail".to_owned() } else { to };
                                    format!("Un code de {length} chiffres a été envoyé à {to}. Il est valable jusqu'au {}.", datetime_paris(at))
                                })}</p>
                                // Seen: a countdown by the second; heard: the live text below, once a minute.
                                <p class="hint" data-testid="code-countdown" aria-hidden="true">{move || sent.get().map(|(at, _)| {
                                    let left = seconds_until(at);
                                    if left > 0 {
                                        format!("Temps restant\u{a0}: {}:{:02}", left / 60, left % 60)
                                    } else {
                                        "Ce code a expiré\u{a0}: demandez-en un nouveau.".to_owned()
                                    }
                                })}</p>
                                <p class="visually-hidden" id="code-time" aria-live="polite" data-testid="code-time-live">{move || time_left_said.get()}</p>
                                {attempts_left.filter(|n| *n < 3).map(|n| view! { <p class="hint" id="code-attempts">{attempts_left_fr(n)}</p> })}
                                <form on:submit=move |ev| {
                                    ev.prevent_default();
                                    if code_ok() {
                                        code_error.set(None);
                                        verify.dispatch(code.get_untracked().trim().to_owned());
                                    } else {
                                        // Said, not silent: a keyboard user pressed Enter too early.
                                        code_error.set(Some(UiError {
                                            code: None,
                                            conflict: None,
                                            message: format!("Saisissez les {length} chiffres du code reçu par e-mail."),
                                            fields: vec![],
                                        }));
                                    }
                                }>
                                    <label for="code-input">"Code de vérification "</label>
                                    <input type="text" id="code-input" class="code" inputmode="numeric" autocomplete="one-time-code" maxlength=length.to_string() data-testid="code-input"
                                        aria-invalid=move || code_error.with(Option::is_some).then_some("true")
                                        aria-describedby=move || {
                                            let mut ids = vec!["code-sent", "code-time"];
                                            if attempts_left.is_some_and(|n| n < 3) { ids.push("code-attempts"); }
                                            if code_error.with(Option::is_some) { ids.push("code-error"); }
                                            ids.join(" ")
                                        }
                                        prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
                                    " "<button type="submit" class="primary inline" data-testid="verify-code" disabled=move || verify.pending().get() || expired.get()>"Valider"</button>
                                    " "<button type="button" class="secondary" data-testid="resend-code"
                                        disabled=move || send_code.pending().get() || resend_at.get().is_some_and(|at| seconds_until(at) > 0)
                                        on:click=move |_| { code_error.set(None); send_code.dispatch(()); }>
                                        {move || match resend_at.get().map(seconds_until).filter(|s| *s > 0) {
                                            Some(s) => format!("Renvoyer un nouveau code (dans {s} s)"),
                                            None => "Renvoyer un nouveau code".to_owned(),
                                        }}
                                    </button>
                                </form>
                                {move || code_error.get().map(|e| error_box(e, "code-error", "code-error"))}
                            }.into_any(),
                        }}
                    </div>
                }
            })}
        </section>
    }
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

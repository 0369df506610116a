//! The «certification» step of a month awaiting certification: certification 1 (the signed
//! scan) or 2 (100 % online, the code).

use leptos::prelude::*;
use realis_api_types::{MonthFileView, MonthView};
use realis_domain::MonthCommand;
use realis_domain::certification::CertificationMode;
use realis_domain::upload::UploadKind;

use super::certificate::{certified_hours_fr, file_label};
use super::online::Online;
use super::{error_box, focus_soon};
use crate::api;
use crate::components::confirm::{ConfirmDialog, Confirmation};
use crate::components::file_picker::FilePicker;
use crate::errors::UiError;

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
    let code = Online::new(id, period.clone(), &online, flash, reload);
    let step = code.step;
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
                            1 => code.choose_channel().into_any(),
                            _ => code.enter_code().into_any(),
                        }}
                    </div>
                }
            })}
        </section>
    }
}

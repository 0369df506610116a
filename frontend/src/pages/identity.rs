//! «Votre identité» (guide step 1): identity, letterhead images, certifier documents, readiness.

use leptos::prelude::*;
use realis_api_types::{DocumentView, OrganisationView, UpdateOrganisationRequest};
use realis_domain::organisation::DocumentKind;
use realis_domain::upload::UploadKind;

use crate::api;
use crate::components::field::TextField;
use crate::components::file_picker::FilePicker;
use crate::errors::UiError;
use crate::format::{designation_status, document_status};

#[component]
pub fn IdentityPage() -> impl IntoView {
    let data = LocalResource::new(api::organisation);
    view! {
        <h1>"Votre identité"</h1>
        <p class="notice">"Merci de remplir la page ci-dessous avec exactitude. Vos informations sont essentielles pour la constitution des dossiers."</p>
        <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(org) => view! { <IdentityEditor org/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn IdentityEditor(org: OrganisationView) -> impl IntoView {
    let current = RwSignal::new(org.clone());
    let text = |v: &Option<String>| RwSignal::new(v.clone().unwrap_or_default());
    let name = RwSignal::new(org.name.clone());
    let email = RwSignal::new(org.email.clone());
    let address = text(&org.address);
    let postal_code = text(&org.postal_code);
    let city = text(&org.city);
    let mobile_phone = text(&org.mobile_phone);
    let landline_phone = text(&org.landline_phone);
    let fax = text(&org.fax);
    let nda = text(&org.nda);
    let website = text(&org.website);
    let legal_representative = text(&org.legal_representative);
    let certifier = RwSignal::new(org.certifier);
    let errors = RwSignal::new(None::<UiError>);
    let saved = RwSignal::new(None::<Vec<String>>);
    let upload_error = RwSignal::new(None::<String>);

    let save = Action::new_local(move |body: &UpdateOrganisationRequest| {
        let body = body.clone();
        async move { api::update_organisation(body).await }
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(o) => {
                    errors.set(None);
                    saved.set(Some(o.notices.iter().map(|n| n.message.clone()).collect()));
                    current.set(o);
                }
                Err(e) => {
                    saved.set(None);
                    errors.set(Some(e));
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(UpdateOrganisationRequest {
            name: name.get_untracked(),
            email: email.get_untracked(),
            address: address.get_untracked(),
            postal_code: postal_code.get_untracked(),
            city: city.get_untracked(),
            mobile_phone: mobile_phone.get_untracked(),
            landline_phone: landline_phone.get_untracked(),
            fax: fax.get_untracked(),
            nda: nda.get_untracked(),
            website: website.get_untracked(),
            legal_representative: legal_representative.get_untracked(),
            certifier: certifier.get_untracked(),
            siret: None,
            version: None,
        });
    };
    let file_action = Action::new_local(move |(path, file): &(String, Option<web_sys::File>)| {
        let (path, file) = (path.clone(), file.clone());
        async move {
            match file {
                Some(f) => api::upload(&path, f).await,
                None => api::delete_organisation_file(&path).await,
            }
        }
    });
    Effect::new(move |_| {
        if let Some(result) = file_action.value().get() {
            match result {
                Ok(o) => {
                    upload_error.set(None);
                    current.set(o);
                }
                Err(e) => {
                    let detail = e
                        .fields
                        .first()
                        .map(|(_, m)| format!(" {m}"))
                        .unwrap_or_default();
                    upload_error.set(Some(format!("{}{detail}", e.message)));
                }
            }
        }
    });
    let upload = move |path: &'static str| {
        Callback::new(move |f: web_sys::File| {
            file_action.dispatch((path.to_owned(), Some(f)));
        })
    };
    let remove = move |path: &'static str| {
        move |_| {
            file_action.dispatch((path.to_owned(), None));
        }
    };

    let open_model = Action::new_local(|_: &()| {
        api::download(
            "/organisation/documents/consent_letter/model.pdf",
            "modele-lettre-de-consentement.pdf",
        )
    });
    view! {
        <ReadinessPanel org=current/>
        <form novalidate class="identity" on:submit=on_submit>
            <TextField label="Nom" field="name" value=name errors required=true/>
            <div class="field">
                <label for="f-siret">"Numéro de SIRET\u{a0}:"</label>
                <input id="f-siret" data-testid="field-siret" type="text" value=realis_domain::fr::siret(&org.siret) disabled/>
                <span class="hint">"La modification du numéro de SIRET n'est pas autorisée"</span>
            </div>
            <TextField label="Adresse e-mail" field="email" value=email errors kind="email" required=true/>
            <TextField label="Adresse" field="address" value=address errors/>
            <TextField label="Code postal" field="postal_code" value=postal_code errors/>
            <TextField label="Ville" field="city" value=city errors/>
            <TextField label="Téléphone portable" field="mobile_phone" value=mobile_phone errors kind="tel"/>
            <TextField label="Téléphone fixe" field="landline_phone" value=landline_phone errors kind="tel"/>
            <TextField label="Fax" field="fax" value=fax errors kind="tel"/>
            <TextField label="Numéro de déclarant" field="nda" value=nda errors/>
            <TextField label="Site Web" field="website" value=website errors/>
            <fieldset>
                <legend>"En-tête et signature du certificat de réalisation"</legend>
                <p class="hint">"Ces informations seront reprises lorsque vous certifierez un certificat de réalisation pour les dossiers."</p>
                <TextField label="Nom du représentant légal" field="legal_representative" value=legal_representative errors/>
                <div class="field checkbox">
                    <label>
                        <input type="checkbox" data-testid="field-certifier" prop:checked=certifier
                            on:change=move |ev| certifier.set(event_target_checked(&ev))/>
                        " Validation de la certification\u{a0}: Je suis certificateur"
                    </label>
                </div>
                <Show when=move || certifier.get() || current.get().certifier>
                    <div class="documents" data-testid="certifier-documents">
                        <h2>"Certification 100 % dématérialisée"</h2>
                        <p class="hint">"Fournissez l'extrait Kbis et la lettre de consentement signée. Votre Transitions Pro les contrôle."</p>
                        <p>
                            <button type="button" class="link-dark" data-testid="consent-model"
                                on:click=move |_| { open_model.dispatch(()); }>"Télécharger le modèle de lettre de consentement (pré-rempli)"</button>
                        </p>
                        {move || open_model.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
                        {[DocumentKind::Kbis, DocumentKind::ConsentLetter].into_iter().map(|kind| {
                            let path: &'static str = match kind {
                                DocumentKind::Kbis => "/organisation/documents/kbis",
                                DocumentKind::ConsentLetter => "/organisation/documents/consent_letter",
                            };
                            let doc = Signal::derive(move || current.get().documents.into_iter().find(|d| d.kind == kind));
                            view! { <DocumentRow kind doc path on_file=upload(path)/> }
                        }).collect_view()}
                        <h3>"Certificateurs désignés"</h3>
                        <ul data-testid="certifiers">
                            {move || current.get().certifiers.into_iter().map(|c| view! {
                                <li>{c.display_name}"\u{a0}: "{designation_status(&c.designation)}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                </Show>
                <div class="letterhead" data-testid="letterhead">
                    {move || upload_error.get().map(|m| view! { <p class="error" role="alert" data-testid="upload-error">{m}</p> })}
                    <ImageSlot title="Votre logo" path="/organisation/logo" present=Signal::derive(move || current.get().has_logo)
                        version=Signal::derive(move || current.get().updated_at.timestamp_millis())
                        on_file=upload("/organisation/logo") on_delete=remove("/organisation/logo") delete_label="Supprimer le logo" testid="logo" named=" le logo"/>
                    <ImageSlot title="Votre cachet" path="/organisation/stamp" present=Signal::derive(move || current.get().has_stamp)
                        version=Signal::derive(move || current.get().updated_at.timestamp_millis())
                        on_file=upload("/organisation/stamp") on_delete=remove("/organisation/stamp") delete_label="Supprimer le cachet" testid="stamp" named=" le cachet"/>
                    <p class="hint">"Le cachet de votre organisme de formation sera repris dans la signature du certificat de réalisation. Dans le cas où vous ne l'avez pas au format dématérialisé, vous devrez imprimer le document et appliquer votre cachet puis le scanner pour le joindre au dossier."</p>
                </div>
            </fieldset>
            {move || errors.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
            {move || errors.get().filter(|e| !e.fields.is_empty()).map(|_| view! { <p class="error" role="alert" data-testid="identity-errors">"Certains champs ne sont pas valides\u{a0}: corrigez-les puis enregistrez à nouveau."</p> })}
            {move || saved.get().map(|notices| view! {
                <p class="success" data-testid="identity-saved">"Vos informations ont été enregistrées."</p>
                {notices.into_iter().map(|n| view! { <p class="notice">{n}</p> }).collect_view()}
            })}
            <button type="submit" class="primary inline" data-testid="identity-save" disabled=move || save.pending().get()>"Enregistrer"</button>
        </form>
    }
}

#[component]
fn ReadinessPanel(org: RwSignal<OrganisationView>) -> impl IntoView {
    move || {
        let r = org.get().readiness;
        view! {
            <section class="readiness" data-testid="readiness">
                {r.online_available.then(|| view! { <p class="success" data-testid="online-available">"La certification 100 % dématérialisée est disponible."</p> })}
                {(!r.blocking.is_empty()).then(|| view! {
                    <div class="error" data-testid="readiness-blocking">
                        <p>"Avant de pouvoir certifier les heures, vous devez compléter\u{a0}:"</p>
                        <ul>{r.blocking.iter().map(|i| view! { <li>{i.message.clone()}</li> }).collect_view()}</ul>
                    </div>
                })}
                {(!r.online_available).then(|| view! {
                    <div class="notice" data-testid="readiness-online">
                        <p>"Certification 100 % dématérialisée indisponible pour le moment. En attendant, le process de certification 1 (impression / signature et ré-upload) sera utilisé."</p>
                        <ul>{r.online_missing.iter().map(|i| view! { <li>{i.message.clone()}</li> }).collect_view()}</ul>
                    </div>
                })}
            </section>
        }
    }
}

#[component]
fn ImageSlot<D>(
    title: &'static str,
    path: &'static str,
    present: Signal<bool>,
    version: Signal<i64>,
    on_file: Callback<web_sys::File>,
    on_delete: D,
    delete_label: &'static str,
    testid: &'static str,
    /// Completes the button's accessible name: «Modifier» + « le logo».
    named: &'static str,
) -> impl IntoView
where
    D: Fn(leptos::ev::MouseEvent) + Send + Sync + 'static + Clone,
{
    let preview = LocalResource::new(move || {
        let (show, _) = (present.get(), version.get());
        async move {
            if show {
                api::blob_url(path).await.ok()
            } else {
                None
            }
        }
    });
    let upload_testid: &'static str = match testid {
        "logo" => "upload-logo",
        _ => "upload-stamp",
    };
    view! {
        <div class="image-slot" data-testid=format!("slot-{testid}")>
            <span class="slot-title">{title}"\u{a0}:"</span>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    preview.await.map(|src| view! { <img class="preview" src=src alt=title data-testid=format!("preview-{testid}")/> })
                })}
            </Transition>
            <FilePicker label=Signal::derive(move || if present.get() { "Modifier".to_owned() } else { "Ajouter".to_owned() })
                hidden_suffix=named kind=UploadKind::LetterheadImage testid=upload_testid on_file/>
            <Show when=move || present.get()>
                <button type="button" class="secondary" data-testid=format!("delete-{testid}") on:click=on_delete.clone()>{delete_label}</button>
            </Show>
        </div>
    }
}

#[component]
fn DocumentRow(
    kind: DocumentKind,
    doc: Signal<Option<DocumentView>>,
    path: &'static str,
    on_file: Callback<web_sys::File>,
) -> impl IntoView {
    let open = Action::new_local(move |_: &()| api::open_file(path));
    view! {
        <div class="document-row" data-testid=format!("doc-{}", kind.as_str())>
            <span class="slot-title">{kind.label_fr()}"\u{a0}:"</span>
            {move || match doc.get() {
                Some(d) => view! {
                    <button type="button" class="link-dark" on:click=move |_| { open.dispatch(()); }>"Ouvrir"</button>
                    <span class="status" data-testid=format!("doc-status-{}", kind.as_str())>{"→ "}{document_status(&d)}</span>
                }.into_any(),
                None => view! { <span class="status missing" data-testid=format!("doc-missing-{}", kind.as_str())>{kind.required_fr()}</span> }.into_any(),
            }}
            <FilePicker label=Signal::derive(move || if doc.get().is_some() { "Remplacer".to_owned() } else { "Ajouter".to_owned() })
                hidden_suffix=match kind { DocumentKind::Kbis => " le Kbis", DocumentKind::ConsentLetter => " la lettre de consentement" }
                kind=UploadKind::Document testid=match kind { DocumentKind::Kbis => "upload-kbis", DocumentKind::ConsentLetter => "upload-consent_letter" }
                on_file/>
            {move || open.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
        </div>
    }
}

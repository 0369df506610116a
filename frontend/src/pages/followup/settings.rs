//! «Paramètres»: the funder's settings.

use leptos::prelude::*;
use realis_api_types::FunderSettingsDto;
use realis_domain::grid::Granularity;
use realis_domain::{HolidayZone, ValidationSetting};

use super::error_box;
use crate::api;
use crate::components::field::TextField;
use crate::components::live::Status;
use crate::errors::UiError;

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

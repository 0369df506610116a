//! «Clés d'API»: the person's keys (never the keys themselves), a deletion after confirmation,
//! and the form that creates one, whose key is then shown once.

use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use realis_api_types::{ApiKeyCreated, ApiKeyRequest, ApiKeyView, ApiScope, GrantableScope};
use realis_domain::api_key::{DEFAULT_LIFETIME_DAYS, MAX_LIFETIME_DAYS};

use super::{Ask, OneTimeSecret, described, focus_id};
use crate::api;
use crate::components::confirm::Confirmation;
use crate::components::field::{TextField, field_error};
use crate::components::live::Status;
use crate::errors::UiError;
use crate::format::{date_paris, paris_end_of_day, paris_today};

/// `YYYY-MM-DD`, as a date input holds it.
fn iso(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// The latest expiry the form offers: the server accepts up to [`MAX_LIFETIME_DAYS`] from now.
fn latest(today: NaiveDate) -> NaiveDate {
    today + Duration::days(MAX_LIFETIME_DAYS - 1)
}

/// «Adresses IP autorisées»: one per line or separated by commas.
fn addresses(text: &str) -> Vec<String> {
    text.split(['\n', ',', ';'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The French label of a scope, from those the server sent.
fn scope_label(grantable: &[GrantableScope], s: ApiScope) -> String {
    grantable
        .iter()
        .find(|g| g.scope == s)
        .map_or_else(|| s.label_fr().to_owned(), |g| g.label.clone())
}

/// The request the form makes, or the field error to show.
fn request(
    name: &str,
    scopes: Vec<ApiScope>,
    expiry: &str,
    ips: &str,
) -> Result<ApiKeyRequest, UiError> {
    let expires_at = match expiry.trim() {
        "" => None,
        d => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => Some(paris_end_of_day(d)),
            Err(_) => {
                return Err(UiError {
                    fields: vec![(
                        "expires_at".into(),
                        "Indiquez une date (jj/mm/aaaa).".into(),
                    )],
                    ..UiError::local("Certains champs ne sont pas valides.")
                });
            }
        },
    };
    Ok(ApiKeyRequest {
        name: name.trim().to_owned(),
        scopes,
        expires_at,
        allowed_ips: addresses(ips),
    })
}

#[component]
pub fn ApiKeys() -> impl IntoView {
    let ask = expect_context::<Ask>();
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        api::api_keys()
    });
    let today = paris_today();
    let default_expiry = iso(today + Duration::days(DEFAULT_LIFETIME_DAYS));
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(Vec::<ApiScope>::new());
    let expiry = RwSignal::new(default_expiry.clone());
    let ips = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<UiError>);
    let created = RwSignal::new(None::<ApiKeyCreated>);
    let done = RwSignal::new(None::<String>);
    let list_error = RwSignal::new(None::<UiError>);

    let create = Action::new_local(|req: &ApiKeyRequest| {
        let req = req.clone();
        async move { api::create_api_key(req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = create.value().get() {
            match r {
                Ok(k) => {
                    errors.set(None);
                    name.set(String::new());
                    scopes.set(Vec::new());
                    expiry.set(default_expiry.clone());
                    ips.set(String::new());
                    created.set(Some(k));
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(Some(e)),
            }
        }
    });
    let remove = Action::new_local(|(id, name): &(i64, String)| {
        let (id, name) = (*id, name.clone());
        async move { api::delete_api_key(id).await.map(|()| name) }
    });
    Effect::new(move |_| {
        if let Some(r) = remove.value().get() {
            match r {
                Ok(label) => {
                    list_error.set(None);
                    done.set(Some(format!("Clé «\u{a0}{label}\u{a0}» supprimée.")));
                    reload.update(|n| *n += 1);
                    focus_id("keys-title");
                }
                Err(e) => list_error.set(Some(e)),
            }
        }
    });

    let row = move |k: ApiKeyView, grantable: &[GrantableScope]| {
        let (id, key_name) = (k.id, k.name.clone());
        let ask_delete = move |_| {
            let key_name = key_name.clone();
            ask.confirm(
                Confirmation::new(
                    format!("Supprimer la clé «\u{a0}{key_name}\u{a0}»\u{a0}?"),
                    vec![
                        "Les logiciels qui l'utilisent recevront une erreur 401 dès maintenant. La suppression est définitive.".to_owned(),
                    ],
                    "Supprimer la clé",
                ),
                move || {
                    remove.dispatch((id, key_name.clone()));
                },
            );
        };
        let scopes: Vec<String> = k
            .scopes
            .iter()
            .map(|s| scope_label(grantable, *s))
            .collect();
        let last = match (k.last_used_at, k.last_used_ip.clone()) {
            (Some(at), Some(ip)) => format!("{} depuis {ip}", date_paris(at)),
            (Some(at), None) => date_paris(at),
            (None, _) => "Jamais".to_owned(),
        };
        let allowed = if k.allowed_ips.is_empty() {
            view! { <td data-label="Adresses autorisées"><span>"Toutes"</span></td> }.into_any()
        } else {
            view! { <td data-label="Adresses autorisées"><span class="mono">{k.allowed_ips.join(", ")}</span></td> }.into_any()
        };
        view! {
            <tr data-testid=format!("key-{}", k.id)>
                <td data-label="Nom"><span>{k.name.clone()}</span></td>
                <td data-label="Début de la clé"><span class="mono nowrap">{k.prefix.clone()}"…"</span></td>
                <td data-label="Autorisations"><ul class="plain">{scopes.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul></td>
                <td data-label="Expire le"><span>{date_paris(k.expires_at)}{k.expired.then(|| view! { " "<span class="badge muted" data-testid="key-expired">"Expirée"</span> })}</span></td>
                <td data-label="Dernière utilisation"><span>{last}</span></td>
                {allowed}
                <td class="row-actions"><button type="button" class="secondary" data-testid="key-delete" on:click=ask_delete
                    aria-label=format!("Supprimer la clé «\u{a0}{}\u{a0}»", k.name)>"Supprimer"</button></td>
            </tr>
        }
    };

    let scopes_error = field_error(errors, "scopes");
    let ips_error = field_error(errors, "allowed_ips");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        created.set(None);
        match request(
            &name.get_untracked(),
            scopes.get_untracked(),
            &expiry.get_untracked(),
            &ips.get_untracked(),
        ) {
            Ok(req) => {
                errors.set(None);
                create.dispatch(req);
            }
            Err(e) => errors.set(Some(e)),
        }
    };
    // A memo: the checkboxes are drawn again only if the scopes change, not at each reload.
    let grantable = Memo::new(move |_| {
        data.get()
            .and_then(Result::ok)
            .map(|l| l.grantable)
            .unwrap_or_default()
    });
    let form = move || {
        view! {
            <h3>"Créer une clé"</h3>
            <form novalidate class="inline-form" data-testid="key-form" on:submit=submit>
                <TextField label="Nom" field="name" value=name errors required=true hint="À quoi sert la clé (ex. «\u{a0}ERP de production\u{a0}»)."/>
                <fieldset class="checks" aria-describedby=described(None, scopes_error, "e-scopes") data-testid="key-scopes">
                    <legend>"Autorisations\u{a0}*"</legend>
                    {move || grantable.get().into_iter().map(|g| {
                        let s = g.scope;
                        view! {
                            <label>
                                <input type="checkbox" data-testid=format!("scope-{}", s.as_str())
                                    prop:checked=move || scopes.with(|v| v.contains(&s))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        scopes.update(|v| { v.retain(|x| *x != s); if on { v.push(s); v.sort(); } });
                                    }/>
                                <span>{g.label}" "<code>{s.as_str()}</code></span>
                            </label>
                        }
                    }).collect_view()}
                    {move || scopes_error.get().map(|m| view! { <span class="field-error" id="e-scopes" data-testid="error-scopes">{m}</span> })}
                </fieldset>
                <TextField label="Date d'expiration" field="expires_at" value=expiry errors kind="date" required=true
                    min=iso(today) max=iso(latest(today))
                    hint="La clé cesse de fonctionner à la fin de ce jour (heure de Paris), dans un an au plus\u{a0}; vous serez prévenu par e-mail 7 jours avant."/>
                <div class="field" class:invalid=move || ips_error.get().is_some()>
                    <label for="f-allowed_ips">"Adresses IP autorisées\u{a0}:"</label>
                    <textarea id="f-allowed_ips" rows="3" data-testid="field-allowed_ips" prop:value=ips
                        aria-invalid=move || ips_error.get().is_some().then_some("true")
                        aria-describedby=described(Some("h-allowed_ips"), ips_error, "e-allowed_ips")
                        on:input=move |ev| ips.set(event_target_value(&ev))></textarea>
                    <span class="hint" id="h-allowed_ips">"Facultatif\u{a0}: adresses IP ou plages CIDR (192.0.2.0/24), une par ligne ou séparées par des virgules. Vide\u{a0}: depuis n'importe quelle adresse."</span>
                    {move || ips_error.get().map(|m| view! { <span class="field-error" id="e-allowed_ips" data-testid="error-allowed_ips">{m}</span> })}
                </div>
                {move || errors.get().filter(|e| e.fields.is_empty()).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
                <button type="submit" class="primary inline" data-testid="key-create" disabled=move || create.pending().get()>"Créer la clé"</button>
            </form>
        }
    };

    view! {
        <section aria-labelledby="keys-title" data-testid="api-keys">
            <h2 id="keys-title" tabindex="-1">"Clés d'API"</h2>
            <p class="hint">"Une clé agit en votre nom, limitée aux autorisations choisies. Supprimez-la dès qu'elle ne sert plus, ou si elle a pu être divulguée."</p>
            <Status>{move || done.get().map(|m| view! { <p class="success" data-testid="key-done">{m}</p> })}</Status>
            {move || list_error.get().map(|e| view! { <p class="error" role="alert" data-testid="keys-error">{e.message}</p> })}
            <Transition fallback=|| view! { <p class="muted">"Chargement…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) if list.items.is_empty() => {
                            view! { <p class="muted" data-testid="keys-empty">"Aucune clé pour le moment."</p> }.into_any()
                        }
                        Ok(list) => {
                            let grantable = list.grantable;
                            view! {
                                <table class="grid cards" data-testid="keys">
                                    <thead><tr><th>"Nom"</th><th>"Début de la clé"</th><th>"Autorisations"</th><th>"Expire le"</th>
                                        <th>"Dernière utilisation"</th><th>"Adresses autorisées"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                                    <tbody>{list.items.into_iter().map(|k| row(k, &grantable)).collect_view()}</tbody>
                                </table>
                            }.into_any()
                        }
                        Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
            {move || created.get().map(|k| view! {
                <OneTimeSecret label="Votre nouvelle clé d'API" id="new-key" value=k.key
                    warning="Elle ne sera plus affichée" note="copiez-la maintenant dans les secrets de votre logiciel. Réalis n'en garde qu'une empreinte."/>
            })}
            {form}
        </section>
    }
}

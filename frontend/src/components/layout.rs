//! The portal layout of the guide: header (space name, «Déconnexion»), the role's menu, content.

use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};
use realis_domain::Role;
use realis_domain::dossier::Scheme;

use crate::session::{self, use_session, use_session_state};

/// One menu entry: path and the guide's label.
pub struct MenuItem {
    pub path: &'static str,
    pub label: &'static str,
}

const fn item(path: &'static str, label: &'static str) -> MenuItem {
    MenuItem { path, label }
}

/// The menu of each role, with the guide's labels (a menu entry that leads to an empty page is a
/// dead end for a keyboard or screen-reader user: each has its screen). «Documents» closes the
/// OF's menu as in the guide; the agent publishes its guides and models there. «Développeurs»
/// (API keys and webhooks, not in the guide) comes just before it, for the OF and the agent
/// only. «Mes échanges» carries the count of unread threads. «PTP en cours», «VAE en cours»…
/// follow «Mes dossiers» for the schemes the user has dossiers of ([`scheme_menu`]).
pub fn menu(role: Role) -> &'static [MenuItem] {
    const OF: &[MenuItem] = &[
        item("/tableau-de-bord", "Tableau de bord"),
        item("/utilisateurs", "Utilisateurs"),
        item("/echanges", "Mes échanges"),
        item("/identite", "Votre identité"),
        item("/dossiers", "Mes dossiers"),
        item("/saisie-du-mois", "Saisie du mois"),
        item("/reglements", "Règlements"),
        item("/formations", "Formations"),
        item("/developpeurs", "Développeurs"),
        item("/documents", "Documents"),
    ];
    const PERSON: &[MenuItem] = &[
        item("/tableau-de-bord", "Tableau de bord"),
        item("/dossiers", "Mes dossiers"),
    ];
    const FUNDER: &[MenuItem] = &[
        item("/tableau-de-bord", "Tableau de bord"),
        item("/organismes", "Organismes"),
        item("/echanges", "Mes échanges"),
        item("/dossiers", "Dossiers"),
        item("/comptes", "Comptes"),
        item("/reglements", "Règlements"),
        item("/transmissions", "Transmissions"),
        item("/developpeurs", "Développeurs"),
        item("/documents", "Documents"),
        item("/parametres", "Paramètres"),
    ];
    const ADMIN: &[MenuItem] = &[
        item("/tableau-de-bord", "Tableau de bord"),
        item("/financeurs", "Financeurs"),
        item("/comptes", "Comptes"),
    ];
    match role {
        Role::Organisation => OF,
        Role::Beneficiary | Role::Employer => PERSON,
        Role::Funder => FUNDER,
        Role::Admin => ADMIN,
    }
}

/// Bumped by a page after something that may change the unread count of «Mes échanges» (a
/// thread read): the menu asks `GET /me` again.
#[derive(Clone, Copy)]
pub struct UnreadChanged(pub RwSignal<u32>);

/// Tells the menu that the unread count may have changed.
pub fn unread_changed() {
    if let Some(UnreadChanged(s)) = use_context::<UnreadChanged>() {
        s.update(|n| *n += 1);
    }
}

/// The menu's «PTP en cours», «VAE en cours»…: the in-progress dossiers of one scheme.
pub fn scheme_menu_label(s: Scheme) -> String {
    format!("{} en cours", s.label_fr())
}

/// «PTP en cours», «VAE en cours»…: one entry per scheme the user has dossiers of (`GET /me`),
/// for the roles whose menu has «Mes dossiers» (the agent filters «Dossiers» instead).
pub fn scheme_menu(role: Role, schemes: &[Scheme]) -> Vec<(String, String)> {
    if matches!(role, Role::Funder | Role::Admin) {
        return Vec::new();
    }
    schemes
        .iter()
        .map(|s| (format!("/en-cours/{}", s.as_str()), scheme_menu_label(*s)))
        .collect()
}

/// The mention every page carries, linked to the «Déclaration d'accessibilité» (RGAA:
/// «Accessibilité : non/partiellement/totalement conforme»). Without an audit of the 106
/// criteria by an auditor, the status is «non conforme», whatever the automated checks say.
pub const ACCESSIBILITY_STATUS: &str = "Accessibilité\u{a0}: non conforme (audit en attente)";

/// Names the page in the browser's tab: «{page} — Réalis».
pub fn set_title(page: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(&format!("{page} — Réalis"));
    }
}

/// The label of a menu path for a role, if it is in its menu.
pub fn section_label(role: Role, path: &str) -> Option<&'static str> {
    menu(role).iter().find(|m| m.path == path).map(|m| m.label)
}

#[component]
pub fn Portal() -> impl IntoView {
    let session = use_session();
    let state = use_session_state();
    // The portal is rebuilt only when who is signed in changes, not when their name does («Mon
    // compte»): the page under it keeps its state.
    let who = Memo::new(move |_| {
        session
            .0
            .with(|s| s.as_ref().map(|s| (s.user.id, s.user.role)))
    });
    let name = move || {
        session
            .0
            .with(|s| s.as_ref().map(|s| s.user.display_name.clone()))
    };
    move || match who.get() {
        None if !state.ready.get() => {
            view! { <main class="centered"><p class="loading">"Chargement…"</p></main> }.into_any()
        }
        // A session that ended on its own: back here after signing in again.
        None if state.expired.get_untracked() => {
            let back: String = js_sys::encode_uri_component(&session::here()).into();
            view! { <Redirect path=format!("/connexion?retour={back}")/> }.into_any()
        }
        None => view! { <Redirect path="/connexion"/> }.into_any(),
        Some((_, role)) => {
            // On a phone the menu folds behind the «Menu» button (see style.css, «Phones»).
            let menu_open = RwSignal::new(false);
            let toggle = NodeRef::<leptos::html::Button>::new();
            // Escape folds the open menu and gives the focus back to its button.
            let escape = move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Escape" && menu_open.get_untracked() {
                    menu_open.set(false);
                    if let Some(b) = toggle.get() {
                        let _ = b.focus();
                    }
                }
            };
            // «Retour au site» (the user's Transitions Pro's public site, when its agent set one)
            // and the schemes of the user's dossiers («PTP en cours»…).
            let changed = UnreadChanged(RwSignal::new(0));
            provide_context(changed);
            let me = LocalResource::new(move || {
                changed.0.track();
                async { crate::api::me().await.ok() }
            });
            let unread = Signal::derive(move || {
                me.get()
                    .flatten()
                    .map(|m| m.unread_conversations)
                    .unwrap_or(0)
            });
            let site = Signal::derive(move || me.get().flatten().and_then(|m| m.site_url));
            let schemes = Signal::derive(move || {
                me.get()
                    .flatten()
                    .map(|m| scheme_menu(role, &m.schemes))
                    .unwrap_or_default()
            });
            let logout = move |_| {
                leptos::task::spawn_local(async {
                    crate::api::logout().await;
                    session::signed_out();
                });
            };
            // «Mes dossiers — Réalis»: each menu page names itself in the tab (dossier and month
            // pages set a more precise title themselves).
            let location = leptos_router::hooks::use_location();
            Effect::new(move |_| {
                let path = location.pathname.get();
                if let Some(label) = section_label(role, &path) {
                    set_title(label);
                }
            });
            let skip = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                if let Some(main) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("contenu"))
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
                {
                    let _ = main.focus();
                }
            };
            view! {
                <a class="skip-link" href="#contenu" data-testid="skip-link" on:click=skip>"Aller au contenu"</a>
                <div class="portal">
                    <header class="topbar">
                        <div class="brand">"Réalis"<span class="brand-sub">"Transitions Pro"</span></div>
                        <button type="button" class="menu-toggle" data-testid="menu-toggle" aria-controls="portal-menu" node_ref=toggle on:keydown=escape
                            aria-expanded=move || menu_open.get().to_string()
                            on:click=move |_| menu_open.update(|o| *o = !*o)>"Menu"</button>
                        <div class="space" data-testid="space-name">{role.label_fr()}</div>
                        <div class="who">
                            <span data-testid="user-name">{name}</span>
                            <A href="/mon-compte" attr:class="my-account" attr:data-testid="my-account">"Mon compte"</A>
                            {move || site.get().map(|url| view! { <a class="back-to-site" href=url data-testid="back-to-site">"Retour au site"</a> })}
                            <button class="link" data-testid="logout" on:click=logout>"Déconnexion"</button>
                        </div>
                    </header>
                    <div class="body">
                        <nav class="menu" id="portal-menu" data-testid="menu" aria-label="Menu principal" class:open=move || menu_open.get()
                            on:click=move |_| menu_open.set(false) on:keydown=escape>
                            {menu(role).iter().map(|m| {
                                let badge = (m.path == "/echanges").then_some(move || {
                                    let n = unread.get();
                                    (n > 0).then(|| view! {
                                        " "<span class="badge" data-testid="unread-badge">{n}<span class="visually-hidden">{if n > 1 { " non lus" } else { " non lu" }}</span></span>
                                    })
                                });
                                let entry = view! { <A href=m.path>{m.label}{badge}</A> };
                                let extra = (m.path == "/dossiers").then_some(move || {
                                    schemes.get().into_iter().map(|(path, label)| view! { <A href=path attr:data-testid="scheme-menu">{label}</A> }).collect_view()
                                });
                                view! { {entry}{extra} }
                            }).collect_view()}
                        </nav>
                        <main class="content" id="contenu" tabindex="-1"><Outlet/></main>
                    </div>
                    <footer class="foot">
                        <A href="/accessibilite">{ACCESSIBILITY_STATUS}</A>
                    </footer>
                </div>
            }
            .into_any()
        }
    }
}

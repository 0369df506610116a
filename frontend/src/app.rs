//! Routes and the session context. Pages other than login and the dashboard are lazy routes
//! (`lazy.rs`): their code comes when first visited.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{Lazy, path};

use crate::components::layout::Portal;
use crate::lazy;
use crate::pages::dashboard::DashboardPage;
use crate::pages::login::LoginPage;
use crate::session;

#[component]
pub fn App() -> impl IntoView {
    let (session, state) = session::init();
    provide_context(session);
    provide_context(state);
    // A reload or a new tab gets its session back from the refresh cookie; nobody is sent to
    // the login page before that answer.
    leptos::task::spawn_local(async move {
        match crate::api::refresh_session().await {
            crate::api::Refresh::Refused if session::had_session() => session::expired(),
            _ => {}
        }
        state.ready.set(true);
    });
    // Only an active user's token is refreshed before it expires.
    let _ = window_event_listener(leptos::ev::keydown, |_| session::touch());
    let _ = window_event_listener(leptos::ev::pointerdown, |_| session::touch());
    view! {
        <Router>
            <Routes fallback=|| view! { <main class="centered"><h1>"Page introuvable"</h1><p><a href="/">"Retour à l'accueil"</a></p></main> }>
                <Route path=path!("/") view=move || {
                    if !state.ready.get() {
                        view! { <p class="loading">"Chargement…"</p> }.into_any()
                    } else if session.0.get_untracked().is_some() {
                        view! { <Redirect path="/tableau-de-bord"/> }.into_any()
                    } else {
                        view! { <Redirect path="/connexion"/> }.into_any()
                    }
                }/>
                <Route path=path!("/connexion") view=LoginPage/>
                <Route path=path!("/mot-de-passe-oublie") view={Lazy::<lazy::Forgot>::new()}/>
                <Route path=path!("/mot-de-passe/nouveau") view={Lazy::<lazy::Reset>::new()}/>
                <Route path=path!("/verify/:code") view={Lazy::<lazy::Verify>::new()}/>
                <Route path=path!("/accessibilite") view={Lazy::<lazy::Accessibility>::new()}/>
                <ParentRoute path=path!("") view=Portal>
                    <Route path=path!("/tableau-de-bord") view=DashboardPage/>
                    <Route path=path!("/identite") view={Lazy::<lazy::Identity>::new()}/>
                    <Route path=path!("/dossiers") view={Lazy::<lazy::Dossiers>::new()}/>
                    <Route path=path!("/en-cours/:dispositif") view={Lazy::<lazy::SchemeDossiers>::new()}/>
                    <Route path=path!("/dossiers/:id") view={Lazy::<lazy::Dossier>::new()}/>
                    <Route path=path!("/dossiers/:id/mois/:period") view={Lazy::<lazy::Month>::new()}/>
                    <Route path=path!("/saisie-du-mois") view={Lazy::<lazy::Saisie>::new()}/>
                    <Route path=path!("/echanges") view={Lazy::<lazy::Conversations>::new()}/>
                    <Route path=path!("/echanges/:id") view={Lazy::<lazy::Conversation>::new()}/>
                    <Route path=path!("/utilisateurs") view={Lazy::<lazy::Users>::new()}/>
                    <Route path=path!("/organismes") view={Lazy::<lazy::Organisations>::new()}/>
                    <Route path=path!("/organismes/:id") view={Lazy::<lazy::Organisation>::new()}/>
                    <Route path=path!("/financeurs") view={Lazy::<lazy::Funders>::new()}/>
                    <Route path=path!("/comptes") view={Lazy::<lazy::Accounts>::new()}/>
                    <Route path=path!("/transmissions") view={Lazy::<lazy::Transmissions>::new()}/>
                    <Route path=path!("/parametres") view={Lazy::<lazy::Settings>::new()}/>
                    <Route path=path!("/reglements") view={Lazy::<lazy::Payments>::new()}/>
                    <Route path=path!("/mon-compte") view={Lazy::<lazy::Account>::new()}/>
                    <Route path=path!("/formations") view={Lazy::<lazy::Trainings>::new()}/>
                    <Route path=path!("/documents") view={Lazy::<lazy::Documents>::new()}/>
                    <Route path=path!("/developpeurs") view={Lazy::<lazy::Developers>::new()}/>
                    <Route path=path!("/:section") view={Lazy::<lazy::Section>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

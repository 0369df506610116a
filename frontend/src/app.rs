//! Routes and the session context.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::Portal;
use crate::pages::accessibility::AccessibilityPage;
use crate::pages::accounts::AccountsPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::dossiers::{DossierPage, DossiersPage};
use crate::pages::evidence::VerifyPage;
use crate::pages::followup::{PaymentsPage, SettingsPage, TransmissionsPage};
use crate::pages::forgot::ForgotPage;
use crate::pages::funders::FundersPage;
use crate::pages::identity::IdentityPage;
use crate::pages::login::LoginPage;
use crate::pages::month::MonthPage;
use crate::pages::organisations::{OrganisationPage, OrganisationsPage};
use crate::pages::reset::ResetPage;
use crate::pages::section::SectionPage;
use crate::pages::users::UsersPage;
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
                <Route path=path!("/mot-de-passe-oublie") view=ForgotPage/>
                <Route path=path!("/mot-de-passe/nouveau") view=ResetPage/>
                <Route path=path!("/verify/:code") view=VerifyPage/>
                <Route path=path!("/accessibilite") view=AccessibilityPage/>
                <ParentRoute path=path!("") view=Portal>
                    <Route path=path!("/tableau-de-bord") view=DashboardPage/>
                    <Route path=path!("/identite") view=IdentityPage/>
                    <Route path=path!("/dossiers") view=DossiersPage/>
                    <Route path=path!("/dossiers/:id") view=DossierPage/>
                    <Route path=path!("/dossiers/:id/mois/:period") view=MonthPage/>
                    <Route path=path!("/utilisateurs") view=UsersPage/>
                    <Route path=path!("/organismes") view=OrganisationsPage/>
                    <Route path=path!("/organismes/:id") view=OrganisationPage/>
                    <Route path=path!("/financeurs") view=FundersPage/>
                    <Route path=path!("/comptes") view=AccountsPage/>
                    <Route path=path!("/transmissions") view=TransmissionsPage/>
                    <Route path=path!("/parametres") view=SettingsPage/>
                    <Route path=path!("/reglements") view=PaymentsPage/>
                    <Route path=path!("/:section") view=SectionPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

//! Routes and the session context.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::Portal;
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
use crate::session::{self, SessionContext};

#[component]
pub fn App() -> impl IntoView {
    let session = SessionContext(RwSignal::new(session::load()));
    provide_context(session);
    view! {
        <Router>
            <Routes fallback=|| view! { <main class="centered"><h1>"Page introuvable"</h1><p><a href="/">"Retour à l'accueil"</a></p></main> }>
                <Route path=path!("/") view=move || {
                    if session.0.get_untracked().is_some() {
                        view! { <Redirect path="/tableau-de-bord"/> }
                    } else {
                        view! { <Redirect path="/connexion"/> }
                    }
                }/>
                <Route path=path!("/connexion") view=LoginPage/>
                <Route path=path!("/mot-de-passe-oublie") view=ForgotPage/>
                <Route path=path!("/mot-de-passe/nouveau") view=ResetPage/>
                <Route path=path!("/verify/:code") view=VerifyPage/>
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

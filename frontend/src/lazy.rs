//! The pages that the first load does not need, in three lazily loaded wasm modules: the
//! public pages (password reset, certificate verification), the portal of the OF, the
//! beneficiary and the employer, and the back office of the funder and the administrator. The
//! xtask cuts the module at these split points with `wasm_split_cli_support`, as
//! `cargo leptos --split` does; code two modules share goes into a shared chunk. Login, the portal
//! layout and the dashboard stay in the main module: they are every role's first load (QUALITY P5).
//!
//! Leptos' `#[lazy_route]` would make one module per page (16 here, and 146 chunks of the code
//! they share); naming the module with `wasm_split` directly groups the pages. Each route's
//! `data()` is empty: the pages start their own requests once their code is there.

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use leptos_router::LazyRoute;

/// A lazy module that did not arrive: the network failed, or a new version was deployed since
/// this page was loaded and its files have new names. A full load of the page gets them.
struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// What a page whose code did not arrive shows: a way to load it again (`rel="external"`: a
/// full page load, not the router's, so a new version comes with its new names).
fn not_loaded() -> AnyView {
    view! {
        <p class="error" role="alert" data-testid="page-not-loaded">
            "Cette page n'a pas pu être chargée. "
            <a href=crate::session::here() rel="external">"Recharger la page"</a>
        </p>
    }
    .into_any()
}

/// `lazy_page!(module, Route, view_fn, preload_fn, Page)`: the route `Route` shows the
/// component `Page`, whose code lives in the lazy module `module`.
macro_rules! lazy_page {
    ($module:ident, $route:ident, $view:ident, $preload:ident, $page:path) => {
        pub struct $route;

        // `fallible`: a module that fails to load is an error to show, not a panic (which
        // would abort the whole SPA).
        #[wasm_split($module, wasm_split_path = ::leptos::wasm_split, preload($preload), fallible)]
        fn $view() -> Result<AnyView, NotLoaded> {
            Ok($page().into_any())
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $view().await.unwrap_or_else(|NotLoaded| not_loaded())
            }

            async fn preload() {
                // A failure shows when the view asks for the module again.
                let _ = $preload().await;
            }
        }
    };
}

lazy_page!(
    public,
    Forgot,
    forgot_view,
    forgot_preload,
    crate::pages::forgot::ForgotPage
);
lazy_page!(
    public,
    Reset,
    reset_view,
    reset_preload,
    crate::pages::reset::ResetPage
);
lazy_page!(
    public,
    Accessibility,
    accessibility_view,
    accessibility_preload,
    crate::pages::accessibility::AccessibilityPage
);
lazy_page!(
    public,
    Verify,
    verify_view,
    verify_preload,
    crate::pages::evidence::VerifyPage
);

lazy_page!(
    portal,
    Identity,
    identity_view,
    identity_preload,
    crate::pages::identity::IdentityPage
);
lazy_page!(
    portal,
    Dossiers,
    dossiers_view,
    dossiers_preload,
    crate::pages::dossiers::DossiersPage
);
lazy_page!(
    portal,
    SchemeDossiers,
    scheme_dossiers_view,
    scheme_dossiers_preload,
    crate::pages::dossiers::SchemeDossiersPage
);
lazy_page!(
    portal,
    Dossier,
    dossier_view,
    dossier_preload,
    crate::pages::dossiers::DossierPage
);
lazy_page!(
    portal,
    Month,
    month_view,
    month_preload,
    crate::pages::month::MonthPage
);
lazy_page!(
    portal,
    Saisie,
    saisie_view,
    saisie_preload,
    crate::pages::saisie::SaisiePage
);
lazy_page!(
    portal,
    Conversations,
    conversations_view,
    conversations_preload,
    crate::pages::conversations::ConversationsPage
);
lazy_page!(
    portal,
    Conversation,
    conversation_view,
    conversation_preload,
    crate::pages::conversations::thread::ConversationPage
);
lazy_page!(
    portal,
    Documents,
    documents_view,
    documents_preload,
    crate::pages::documents::DocumentsPage
);
lazy_page!(
    portal,
    Users,
    users_view,
    users_preload,
    crate::pages::users::UsersPage
);
lazy_page!(
    portal,
    Account,
    account_view,
    account_preload,
    crate::pages::account::AccountPage
);
lazy_page!(
    portal,
    Trainings,
    trainings_view,
    trainings_preload,
    crate::pages::trainings::TrainingsPage
);
lazy_page!(
    portal,
    Payments,
    payments_view,
    payments_preload,
    crate::pages::followup::PaymentsPage
);
lazy_page!(
    portal,
    Section,
    section_view,
    section_preload,
    crate::pages::section::SectionPage
);

lazy_page!(
    back_office,
    Organisations,
    organisations_view,
    organisations_preload,
    crate::pages::organisations::OrganisationsPage
);
lazy_page!(
    back_office,
    Organisation,
    organisation_view,
    organisation_preload,
    crate::pages::organisations::OrganisationPage
);
lazy_page!(
    back_office,
    Funders,
    funders_view,
    funders_preload,
    crate::pages::funders::FundersPage
);
lazy_page!(
    back_office,
    Accounts,
    accounts_view,
    accounts_preload,
    crate::pages::accounts::AccountsPage
);
lazy_page!(
    back_office,
    Transmissions,
    transmissions_view,
    transmissions_preload,
    crate::pages::followup::TransmissionsPage
);
lazy_page!(
    back_office,
    Settings,
    settings_view,
    settings_preload,
    crate::pages::followup::SettingsPage
);

// «Développeurs» is the OF's and the agent's, and few visit it: a module of its own.
lazy_page!(
    developers,
    Developers,
    developers_view,
    developers_preload,
    crate::pages::developers::DevelopersPage
);

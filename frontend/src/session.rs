//! The signed-in session.
//!
//! The bearer token lives in this module's memory only, never in Web Storage, where any script
//! injected into the page could read it; the refresh token is an `HttpOnly` cookie that no
//! script can read at all. A page load (a reload, a new tab) gets a session back by exchanging
//! the cookie (`POST /auth/refresh`), and the token is refreshed shortly before it expires while
//! the user is active. `sessionStorage` holds one non-secret key, [`MARKER`]: «this tab was signed
//! in», so that a reload after a real expiry can say so. Nothing else in storage is touched (the
//! month page keeps its unsaved grids there).

use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::*;
use realis_api_types::{LoginResponse, SessionUser};

/// This tab has been signed in (non-secret; the value is the user's id).
const MARKER: &str = "realis.signed-in";
/// Where earlier versions kept `{token, user}`: removed at start, the token must not stay there.
const LEGACY_KEY: &str = "realis.session";

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub user: SessionUser,
}

/// The session signal shared through context.
#[derive(Clone, Copy)]
pub struct SessionContext(pub RwSignal<Option<Session>>);

impl SessionContext {
    /// A page saw its token refused. The API layer has already tried a refresh and, refused,
    /// ended the session ([`expired`]); this only covers a session still shown.
    pub fn sign_out(&self) {
        if self.0.get_untracked().is_some() {
            expired();
        }
    }
}

/// The rest of the session's state, for the router and the login page.
#[derive(Clone, Copy)]
pub struct SessionState {
    /// The first refresh (from the cookie) has answered: until then, nobody is redirected.
    pub ready: RwSignal<bool>,
    /// The session ended on its own (refresh refused): the login page says so and the portal
    /// sends the user back where they were.
    pub expired: RwSignal<bool>,
}

struct Token {
    value: String,
}

thread_local! {
    static TOKEN: RefCell<Option<Token>> = const { RefCell::new(None) };
    static SIGNALS: Cell<Option<(SessionContext, SessionState)>> = const { Cell::new(None) };
    static LAST_ACTIVITY_MS: Cell<f64> = const { Cell::new(0.0) };
    static TIMER: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
    /// What runs when the token is about to expire (the API layer refreshes the session).
    static REFRESH_DUE: Cell<Option<fn()>> = const { Cell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Creates the session's signals (once, in `App`) and forgets what earlier versions stored.
pub fn init() -> (SessionContext, SessionState) {
    if let Some(st) = storage() {
        let _ = st.remove_item(LEGACY_KEY);
    }
    let signals = (
        SessionContext(RwSignal::new(None)),
        SessionState {
            ready: RwSignal::new(false),
            expired: RwSignal::new(false),
        },
    );
    SIGNALS.with(|s| s.set(Some(signals)));
    signals
}

fn signals() -> Option<(SessionContext, SessionState)> {
    SIGNALS.with(Cell::get)
}

pub fn use_session() -> SessionContext {
    use_context::<SessionContext>().unwrap_or_else(|| SessionContext(RwSignal::new(None)))
}

pub fn use_session_state() -> SessionState {
    use_context::<SessionState>().unwrap_or_else(|| SessionState {
        ready: RwSignal::new(true),
        expired: RwSignal::new(false),
    })
}

/// The bearer token, if signed in.
pub fn token() -> Option<String> {
    TOKEN.with(|t| t.borrow().as_ref().map(|t| t.value.clone()))
}

/// Whether this tab was signed in before (see [`MARKER`]).
pub fn had_session() -> bool {
    storage().is_some_and(|st| st.get_item(MARKER).ok().flatten().is_some())
}

/// A login or a refresh answered: keep the token in memory, show the user, plan the next refresh.
pub fn signed_in(resp: LoginResponse) {
    let issued_ms = now_ms();
    TOKEN.with(|t| {
        *t.borrow_mut() = Some(Token {
            value: resp.access_token,
        })
    });
    if let Some(st) = storage() {
        let _ = st.set_item(MARKER, &resp.user.id.to_string());
    }
    schedule_refresh(resp.expires_in, issued_ms);
    if let Some((session, state)) = signals() {
        state.expired.set(false);
        let next = Some(Session { user: resp.user });
        if session.0.get_untracked() != next {
            session.0.set(next);
        }
    }
}

fn forget() {
    TOKEN.with(|t| t.borrow_mut().take());
    if let Some(timer) = TIMER.with(|t| t.borrow_mut().take()) {
        timer.clear();
    }
}

/// «Déconnexion» (after the server revoked the refresh token): nothing of the session remains.
pub fn signed_out() {
    forget();
    if let Some(st) = storage() {
        let _ = st.remove_item(MARKER);
    }
    if let Some((session, state)) = signals() {
        state.expired.set(false);
        session.0.set(None);
    }
}

/// The session ended on its own (refresh refused): the portal sends the user to the login page
/// with the way back. Storage keeps the marker (a reload still says «expirée») and everything
/// else.
pub fn expired() {
    forget();
    if let Some((session, state)) = signals() {
        state.expired.set(true);
        session.0.set(None);
    }
}

/// Sets what runs when an active user's token is about to expire (set once at start-up by the
/// API layer, which this module does not call).
pub fn on_refresh_due(refresh: fn()) {
    REFRESH_DUE.with(|r| r.set(Some(refresh)));
}

/// Records user activity (a key or a pointer pressed): only an active user's token is
/// refreshed before it expires.
pub fn touch() {
    LAST_ACTIVITY_MS.with(|a| a.set(now_ms()));
}

/// Refreshes a little before the token expires (a minute, or a quarter of a short lifetime), if
/// the user did something since it was issued; an idle tab lets it expire, and the next call
/// refreshes on its 401.
fn schedule_refresh(expires_in: u64, issued_ms: f64) {
    let lifetime_ms = expires_in.saturating_mul(1000);
    let margin_ms = (lifetime_ms / 4).min(60_000);
    let delay = Duration::from_millis(lifetime_ms.saturating_sub(margin_ms).max(1000));
    let handle = set_timeout_with_handle(
        move || {
            TIMER.with(|t| t.borrow_mut().take());
            let active = LAST_ACTIVITY_MS.with(Cell::get) > issued_ms;
            if active
                && token().is_some()
                && let Some(refresh) = REFRESH_DUE.with(Cell::get)
            {
                refresh();
            }
        },
        delay,
    )
    .ok();
    if let Some(old) = TIMER.with(|t| std::mem::replace(&mut *t.borrow_mut(), handle)) {
        old.clear();
    }
}

/// Where the page is now (path and query), for `/connexion?retour=…`.
pub fn here() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}",
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "/".into())
}

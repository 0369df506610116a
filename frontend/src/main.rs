//! Réalis in the browser: a Leptos client-side app, in French, for the four roles. HTTP lives in
//! `api/`, French error messages in `errors.rs`, screens in `pages/`, widgets in `components/`.
//! Depends only on `realis-domain` and `realis-api-types` (wasm-safe).

mod api;
mod app;
mod components;
mod drafts;
mod errors;
mod format;
mod lazy;
mod pages;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    // A refusal is not acted on here: the token still works for a moment, and the next call
    // that gets a 401 ends the session.
    session::on_refresh_due(|| {
        leptos::task::spawn_local(async {
            let _ = api::refresh_session().await;
        })
    });
    leptos::mount::mount_to_body(app::App);
}

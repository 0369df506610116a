//! Réalis in the browser: a Leptos client-side app, in French, for the four roles. HTTP lives in
//! `api.rs`, French error messages in `errors.rs`, screens in `pages/`, widgets in `components/`.
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
    leptos::mount::mount_to_body(app::App);
}

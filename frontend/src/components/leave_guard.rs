//! Asks before leaving a page with unsaved entries: closing or reloading the tab (the browser's
//! own dialog) and following a link of the app (menu, «Retour au dossier»), while `dirty` holds.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The question asked before following a link with unsaved entries.
pub const LEAVE_QUESTION: &str = "Vous avez des heures saisies non enregistrées. Quitter cette page sans les enregistrer\u{a0}?\n\n(«\u{a0}Annuler\u{a0}» pour rester et cliquer sur «\u{a0}Enregistrer\u{a0}».)";

/// Installs the guard for the lifetime of the calling component. `on_leave` runs when the user
/// chooses to leave through a link (to drop what they chose to abandon).
pub fn guard_unsaved(dirty: Signal<bool>, on_leave: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let before_unload = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
        move |ev: web_sys::BeforeUnloadEvent| {
            if dirty.get_untracked() {
                ev.prevent_default();
                ev.set_return_value(LEAVE_QUESTION);
            }
        },
    );
    let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !dirty.get_untracked() || ev.default_prevented() || ev.button() != 0 {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        let Some(link) = link else { return };
        if link.get_attribute("target").is_some_and(|t| t == "_blank")
            || link.has_attribute("download")
        {
            return;
        }
        let leave = web_sys::window()
            .and_then(|w| w.confirm_with_message(LEAVE_QUESTION).ok())
            .unwrap_or(true);
        if leave {
            on_leave();
        } else {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
    let _ = window
        .add_event_listener_with_callback("beforeunload", before_unload.as_ref().unchecked_ref());
    // Capture phase: before the router's own click handler turns the link into a navigation.
    let _ = window.add_event_listener_with_callback_and_bool(
        "click",
        click.as_ref().unchecked_ref(),
        true,
    );
    let (before_unload, click) = (SendWrapper::new(before_unload), SendWrapper::new(click));
    on_cleanup(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                "beforeunload",
                before_unload.as_ref().unchecked_ref(),
            );
            let _ = w.remove_event_listener_with_callback_and_bool(
                "click",
                click.as_ref().unchecked_ref(),
                true,
            );
        }
    });
}

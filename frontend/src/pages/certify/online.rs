//! Certification 2, 100 % online: the code sent by e-mail, its countdown and its entry.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use realis_api_types::{CodeSent, MonthView, OnlineState};
use realis_domain::certification::{attempts_left_fr, code_time_left_fr};

use super::{error_box, focus_soon};
use crate::api;
use crate::errors::UiError;
use crate::format::datetime_paris;

/// Seconds from the clock `now_ms` until `at`, rounded up.
fn seconds_until(now_ms: RwSignal<f64>, at: DateTime<Utc>) -> i64 {
    ((at.timestamp_millis() as f64 - now_ms.get()) / 1000.0).ceil() as i64
}

/// The state of the online certification, kept as long as the certification panel is shown
/// (switching modes back and forth keeps a code sent).
#[derive(Clone, Copy)]
pub(super) struct Online {
    /// 0: consent and sheets; 1: choose how to receive the code; 2: enter the code.
    pub step: RwSignal<u8>,
    sent: RwSignal<Option<(DateTime<Utc>, String)>>,
    resend_at: RwSignal<Option<DateTime<Utc>>>,
    /// A clock for the countdowns, ticking every second while the panel is shown.
    now_ms: RwSignal<f64>,
    time_left_said: Memo<String>,
    expired: Memo<bool>,
    code: RwSignal<String>,
    code_error: RwSignal<Option<UiError>>,
    send_code: Action<(), Result<CodeSent, UiError>>,
    verify: Action<String, Result<MonthView, UiError>>,
    length: usize,
    attempts_left: Option<i32>,
}

impl Online {
    pub fn new(
        id: i64,
        period: String,
        online: &OnlineState,
        flash: RwSignal<Option<String>>,
        reload: RwSignal<u32>,
    ) -> Online {
        // 0: consent and sheets; 1: choose how to receive the code; 2: enter the code.
        let step = RwSignal::new(if online.code_expires_at.is_some() {
            2u8
        } else {
            0u8
        });
        let sent = RwSignal::new(online.code_expires_at.map(|at| (at, String::new())));
        let resend_at = RwSignal::new(online.resend_after);
        // A clock for the countdowns, ticking every second while the panel is shown.
        let now_ms = RwSignal::new(js_sys::Date::now());
        if let Ok(handle) = set_interval_with_handle(
            move || now_ms.set(js_sys::Date::now()),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
        let seconds_until = move |at| seconds_until(now_ms, at);
        // What screen readers hear of the time left: a text that changes once a minute (a memo
        // passes on a change only), then says that the code expired.
        let time_left_said = Memo::new(move |_| {
            sent.get()
                .map(|(at, _)| code_time_left_fr(seconds_until(at)))
                .unwrap_or_default()
        });
        let expired = Memo::new(move |_| sent.get().is_some_and(|(at, _)| seconds_until(at) <= 0));
        let code = RwSignal::new(String::new());
        let code_error = RwSignal::new(None::<UiError>);
        let send_code = Action::new_local({
            let period = period.clone();
            move |_: &()| {
                let period = period.clone();
                async move { api::send_code(id, period).await }
            }
        });
        Effect::new(move |_| {
            if let Some(r) = send_code.value().get() {
                match r {
                    Ok(s) => {
                        // The clock ticks every second: read it now, so that a fresh code never
                        // shows more time than its lifetime.
                        now_ms.set(js_sys::Date::now());
                        sent.set(Some((s.expires_at, s.sent_to)));
                        resend_at.set(Some(s.resend_after));
                        code.set(String::new());
                        code_error.set(None);
                        step.set(2);
                        focus_soon("code-input");
                    }
                    Err(e) => code_error.set(Some(e)),
                }
            }
        });
        let verify = Action::new_local({
            let period = period.clone();
            move |c: &String| {
                let (period, c) = (period.clone(), c.clone());
                async move { api::verify_code(id, period, c).await }
            }
        });
        Effect::new(move |_| {
            if let Some(r) = verify.value().get() {
                match r {
                    Ok(_) => {
                        flash.set(Some("Certification effectuée.".into()));
                        reload.update(|n| *n += 1);
                    }
                    Err(e) => code_error.set(Some(e)),
                }
            }
        });
        Online {
            step,
            sent,
            resend_at,
            now_ms,
            time_left_said,
            expired,
            code,
            code_error,
            send_code,
            verify,
            length: online.code_length as usize,
            attempts_left: online.attempts_left,
        }
    }

    fn code_ok(self) -> bool {
        let length = self.length;
        self.code
            .with(|c| c.trim().len() == length && c.trim().bytes().all(|b| b.is_ascii_digit()))
    }

    /// Step 1: how to receive the code.
    pub fn choose_channel(self) -> impl IntoView {
        let Online {
            step,
            code_error,
            send_code,
            ..
        } = self;
        view! {
            <fieldset class="channel">
                <legend>"Choix de la méthode d'authentification"</legend>
                <label><input type="radio" name="channel" id="channel-email" checked=true data-testid="channel-email"/>" Envoyer le code de vérification par e-mail"</label>
            </fieldset>
            <p><button type="button" class="primary inline" data-testid="send-code" disabled=move || send_code.pending().get()
                on:click=move |_| { code_error.set(None); send_code.dispatch(()); }>"Continuer"</button>
            " "<button type="button" class="secondary" on:click=move |_| step.set(0)>"Retour"</button></p>
            {move || code_error.get().map(|e| error_box(e, "code-error", "code-error"))}
        }
    }

    /// Step 2: the code sent, its countdown, and its entry.
    pub fn enter_code(self) -> impl IntoView {
        let Online {
            sent,
            resend_at,
            now_ms,
            time_left_said,
            expired,
            code,
            code_error,
            send_code,
            verify,
            length,
            attempts_left,
            ..
        } = self;
        let seconds_until = move |at| seconds_until(now_ms, at);
        let code_ok = move || self.code_ok();
        view! {
            <h4>"Vérification de la certification"</h4>
            <p id="code-sent" data-testid="code-sent">{move || sent.get().map(|(at, to)| {
                let to = if to.is_empty() { "votre adresse e-mail".to_owned() } else { to };
                format!("Un code de {length} chiffres a été envoyé à {to}. Il est valable jusqu'au {}.", datetime_paris(at))
            })}</p>
            // Seen: a countdown by the second; heard: the live text below, once a minute.
            <p class="hint" data-testid="code-countdown" aria-hidden="true">{move || sent.get().map(|(at, _)| {
                let left = seconds_until(at);
                if left > 0 {
                    format!("Temps restant\u{a0}: {}:{:02}", left / 60, left % 60)
                } else {
                    "Ce code a expiré\u{a0}: demandez-en un nouveau.".to_owned()
                }
            })}</p>
            <p class="visually-hidden" id="code-time" aria-live="polite" data-testid="code-time-live">{move || time_left_said.get()}</p>
            {attempts_left.filter(|n| *n < 3).map(|n| view! { <p class="hint" id="code-attempts">{attempts_left_fr(n)}</p> })}
            <form on:submit=move |ev| {
                ev.prevent_default();
                if code_ok() {
                    code_error.set(None);
                    verify.dispatch(code.get_untracked().trim().to_owned());
                } else {
                    // Said, not silent: a keyboard user pressed Enter too early.
                    code_error.set(Some(UiError::local(format!("Saisissez les {length} chiffres du code reçu par e-mail."))));
                }
            }>
                <label for="code-input">"Code de vérification "</label>
                <input type="text" id="code-input" class="code" inputmode="numeric" autocomplete="one-time-code" maxlength=length.to_string() data-testid="code-input"
                    aria-invalid=move || code_error.with(Option::is_some).then_some("true")
                    aria-describedby=move || {
                        let mut ids = vec!["code-sent", "code-time"];
                        if attempts_left.is_some_and(|n| n < 3) { ids.push("code-attempts"); }
                        if code_error.with(Option::is_some) { ids.push("code-error"); }
                        ids.join(" ")
                    }
                    prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
                " "<button type="submit" class="primary inline" data-testid="verify-code" disabled=move || verify.pending().get() || expired.get()>"Valider"</button>
                " "<button type="button" class="secondary" data-testid="resend-code"
                    disabled=move || send_code.pending().get() || resend_at.get().is_some_and(|at| seconds_until(at) > 0)
                    on:click=move |_| { code_error.set(None); send_code.dispatch(()); }>
                    {move || match resend_at.get().map(seconds_until).filter(|s| *s > 0) {
                        Some(s) => format!("Renvoyer un nouveau code (dans {s} s)"),
                        None => "Renvoyer un nouveau code".to_owned(),
                    }}
                </button>
            </form>
            {move || code_error.get().map(|e| error_box(e, "code-error", "code-error"))}
        }
    }
}

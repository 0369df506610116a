//! French display helpers.

use chrono::NaiveDate;

/// Hours in an entry cell: empty for zero, «7,5» otherwise.
pub fn shown(h: realis_domain::Hours) -> String {
    if h.is_zero() {
        String::new()
    } else {
        h.to_string()
    }
}

/// What is typed in an entry cell, as hours (the domain's parser: «7», «7,5», «7h30»); empty
/// is zero.
pub fn hours_of(t: &str) -> Result<realis_domain::Hours, ()> {
    if t.trim().is_empty() {
        Ok(realis_domain::Hours::ZERO)
    } else {
        realis_domain::Hours::parse(t).map_err(|_| ())
    }
}

/// "15/05/2020".
pub fn date_fr(d: NaiveDate) -> String {
    // Plain arithmetic: chrono's strftime machinery costs tens of KB of wasm.
    use chrono::Datelike;
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// "15/05/2020 au 25/09/2021", as in the guide's Session column.
pub fn session_fr(start: NaiveDate, end: NaiveDate) -> String {
    format!("{} au {}", date_fr(start), date_fr(end))
}

/// A UTC instant as a Paris date, "04/02/2021".
pub fn date_paris(at: chrono::DateTime<chrono::Utc>) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&at.to_rfc3339()));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"Europe/Paris".into());
    let _ = js_sys::Reflect::set(&options, &"day".into(), &"2-digit".into());
    let _ = js_sys::Reflect::set(&options, &"month".into(), &"2-digit".into());
    let _ = js_sys::Reflect::set(&options, &"year".into(), &"numeric".into());
    d.to_locale_date_string("fr-FR", &options).into()
}

/// A UTC instant in Paris time, "26/11/2026 à 10:42".
pub fn datetime_paris(at: chrono::DateTime<chrono::Utc>) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&at.to_rfc3339()));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"Europe/Paris".into());
    let _ = js_sys::Reflect::set(&options, &"hour".into(), &"2-digit".into());
    let _ = js_sys::Reflect::set(&options, &"minute".into(), &"2-digit".into());
    let time: String = d
        .to_locale_time_string_with_options("fr-FR", &options)
        .into();
    format!("{} à {}", date_paris(at), time)
}

/// A file's size in French: «45 ko», «1,2 Mo».
pub fn size_fr(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} Mo", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} ko", (bytes + 1023) / 1024)
    }
}

/// «PDF», «PNG», «JPEG» from a content type.
pub fn file_type_fr(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "PDF",
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        _ => "Fichier",
    }
}

/// The guide's label of a document's review status.
pub fn document_status(d: &realis_api_types::DocumentView) -> String {
    use realis_domain::organisation::DocumentStatus;
    let when = d.reviewed_at.map(date_paris).unwrap_or_default();
    match d.status {
        DocumentStatus::Pending => "En attente de contrôle".to_owned(),
        DocumentStatus::Accepted => format!("Contrôlé le {when}"),
        DocumentStatus::Rejected => format!(
            "Refusé le {when}\u{a0}: {}",
            d.reason.clone().unwrap_or_default()
        ),
    }
}

/// Where a certifier designation stands, in the guide's wording.
pub fn designation_status(d: &realis_api_types::DesignationView) -> String {
    use realis_domain::designation::DesignationStatus;
    let when = d.reviewed_at.map(date_paris).unwrap_or_default();
    match d.status {
        DesignationStatus::Pending => {
            "Désignation en attente de contrôle par votre Transitions Pro".to_owned()
        }
        DesignationStatus::Accepted if d.with_consent_letter => {
            format!("Acceptée le {when} (avec la lettre de consentement)")
        }
        DesignationStatus::Accepted => format!("Acceptée le {when}"),
        DesignationStatus::Rejected => format!(
            "Refusée le {when}\u{a0}: {}",
            d.reason.clone().unwrap_or_default()
        ),
        DesignationStatus::Withdrawn => "Désignation retirée".to_owned(),
    }
}

/// The wall clock of `at` in Paris («2026-11-26 10:42:00», the `sv-SE` locale writes ISO dates).
fn paris_wall(at: chrono::DateTime<chrono::Utc>) -> Option<chrono::NaiveDateTime> {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64
    ));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"Europe/Paris".into());
    let _ = js_sys::Reflect::set(&options, &"hourCycle".into(), &"h23".into());
    let text: String = d.to_locale_string("sv-SE", &options).into();
    // By hand: chrono's parser costs as much wasm as its strftime.
    let n: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let [y, mo, da, h, mi, se] = n.as_slice() else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(*y).ok()?, *mo, *da)?.and_hms_opt(*h, *mi, *se)
}

/// Today's date in Paris.
pub fn paris_today() -> NaiveDate {
    let now =
        chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    paris_wall(now).map_or(now.date_naive(), |w| w.date())
}

/// The last second of `day` in Paris, as a UTC instant (when a key chosen to expire «le
/// 26/11/2026» stops working).
pub fn paris_end_of_day(day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    let wall = day.and_hms_opt(23, 59, 59).unwrap_or_default();
    let guess = wall.and_utc();
    // Paris is ahead of UTC by its offset at that instant (one or two hours).
    let offset = paris_wall(guess).map_or(chrono::Duration::zero(), |w| w - wall);
    guess - offset
}

/// This month (Paris) and the `n - 1` before it, newest first: the months a list offers.
pub fn recent_periods(n: usize) -> Vec<realis_domain::Period> {
    use chrono::Datelike;
    let first = paris_today().with_day(1).unwrap_or_else(paris_today);
    std::iter::successors(Some(first), |d| d.pred_opt().and_then(|d| d.with_day(1)))
        .take(n)
        .map(realis_domain::Period::of)
        .collect()
}

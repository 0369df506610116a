//! Measures the online certification of a batch (issue #13): `BATCH_MONTHS` (default 200)
//! prepared months of one OF, one code sent for the set, then the right code entered — which
//! renders every month's PDF and records every certificate in one transaction (QUALITY P8). A
//! scratch database with the demo data: SQLite, or PostgreSQL when `REALIS_BENCH_POSTGRES_URL` is
//! set; prints the send and the verify times and the process's peak memory (VmHWM), and their
//! BENCH lines; asserts nothing.
//!
//! `cargo xtask bench` runs it in release; by hand:
//! `cargo run --release -p realis-app --example batch_certify_bench`.

use std::time::Instant;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use realis_api_types::{
    CodeRequest, CreateCertificationBatch, MonthRef, PrepareRequest, ReviewDocumentRequest,
    SaveHoursRequest, VerifyCodeRequest,
};
use realis_app::{Actor, App, AppSettings, Clock, HashPool, JwtKeys, RequestMeta};
use realis_bench::{Figure, Scratch, env_or, peak_mb};
use realis_domain::organisation::DocumentKind;
use realis_domain::{MonthStatus, Period};
use realis_mail::Mailer;
use realis_store::organisations::ImageSlot;
use realis_store::portfolio::{self, NewDossier};

fn meta() -> RequestMeta {
    RequestMeta {
        ip: Some("203.0.113.7".into()),
        user_agent: Some("batch-bench".into()),
    }
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let pixels = [30u8, 60, 200].repeat((w * h) as usize);
    encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&pixels))
        .expect("png");
    out
}

async fn actor(app: &App, email: &str) -> Actor {
    let u = realis_store::users::find_by_email(&app.db.conn, email)
        .await
        .expect("db")
        .expect("demo user");
    Actor {
        user_id: u.id,
        role: u.role,
        funder_id: u.funder_id,
        organisation_id: u.organisation_id,
        key: None,
    }
}

/// Logo, stamp, Kbis and consent letter accepted: online certification is available.
async fn ready_online(app: &App, of: &Actor, agent: &Actor) {
    for (slot, image) in [
        (ImageSlot::Logo, png(200, 80)),
        (ImageSlot::Stamp, png(120, 120)),
    ] {
        let permit = app
            .authorise_letterhead_image(of, slot)
            .await
            .expect("permit");
        app.put_letterhead_image(permit, image, &meta())
            .await
            .expect("image");
    }
    let mut org = 0;
    for kind in [DocumentKind::Kbis, DocumentKind::ConsentLetter] {
        let permit = app.authorise_document(of, kind).await.expect("permit");
        let letter = app.consent_letter_model(of).await.expect("letter");
        org = app
            .put_document(permit, letter.bytes, &meta())
            .await
            .expect("document")
            .id;
    }
    for kind in [DocumentKind::Kbis, DocumentKind::ConsentLetter] {
        let accept = ReviewDocumentRequest {
            decision: "accept".into(),
            reason: None,
        };
        app.review_document(agent, org, kind, &accept, &meta())
            .await
            .expect("accepted");
    }
}

/// The working days of `period` with 7 h each (a full month grid).
fn days(period: Period) -> Vec<realis_api_types::DayInput> {
    period
        .days()
        .filter(|d| d.weekday().num_days_from_monday() < 5)
        .map(|d| {
            serde_json::from_value(serde_json::json!({ "date": d, "training": 7 })).expect("day")
        })
        .collect()
}

#[tokio::main]
async fn main() {
    let n: usize = env_or("BATCH_MONTHS", 200);
    let scratch = Scratch::create().await.expect("scratch database");
    let db_label = scratch.label();
    let at = Utc
        .with_ymd_and_hms(2026, 11, 26, 9, 0, 0)
        .single()
        .expect("date");
    let app = App::new(
        scratch.db.clone(),
        Mailer::memory("Réalis <no-reply@realis.test>").expect("mailer"),
        Clock::fixed(at),
        HashPool::new(1),
        JwtKeys::new(vec![42; 32]).expect("secret"),
        AppSettings {
            public_url: "http://127.0.0.1:8080".into(),
            token_ttl_seconds: 3600,
            session: realis_domain::session::SessionPolicy::default(),
        },
    );
    app.load_demo().await.expect("demo");
    let of = actor(&app, "of@formapro.test").await;
    let agent = actor(&app, "agent@tp-idf.test").await;
    ready_online(&app, &of, &agent).await;
    let period = Period::new(2026, 10).expect("period");

    // `n` dossiers of the demo OF, October open, each given a full grid and prepared.
    let t = Instant::now();
    // The demo's first dossier: its funder, OF, beneficiary and employer.
    let template = portfolio::find_dossier(&app.db.conn, 1)
        .await
        .expect("db")
        .expect("demo dossier");
    let start = NaiveDate::from_ymd_opt(2026, 9, 1).expect("date");
    let end = NaiveDate::from_ymd_opt(2027, 6, 30).expect("date");
    let mut ids = Vec::with_capacity(n);
    {
        let txn = app.db.begin_write().await.expect("txn");
        for i in 0..n {
            let d = portfolio::insert_dossier(
                &txn,
                NewDossier {
                    funder_id: template.funder_id,
                    organisation_id: template.organisation_id,
                    number: format!("2026-IDF-B{i:05}"),
                    beneficiary_user_id: template.beneficiary_user_id,
                    beneficiary_first_name: format!("Łukasz{i}"),
                    beneficiary_last_name: "Żółć".into(),
                    employer_id: template.employer_id,
                    training_title: "BTS Diététique".into(),
                    session_start: start,
                    session_end: end,
                    committee_date: None,
                    granularity: None,
                    scheme: Default::default(),
                    training: None,
                    external_ref: None,
                },
                at,
            )
            .await
            .expect("dossier");
            portfolio::insert_months(&txn, d.id, &[(period, MonthStatus::AwaitingEntry)], at)
                .await
                .expect("months");
            ids.push(d.id);
        }
        txn.commit().await.expect("commit");
    }
    for id in &ids {
        let m = app.get_month(&of, *id, period).await.expect("month");
        let req = SaveHoursRequest {
            version: Some(m.version),
            totals: None,
            days: Some(days(period)),
        };
        app.save_hours(&of, *id, period, &req, &meta())
            .await
            .expect("hours");
        let req = PrepareRequest {
            hours_certified: true,
            version: None,
        };
        app.prepare_month(&of, *id, period, &req, &meta())
            .await
            .expect("prepared");
    }
    println!(
        "{n} months entered and prepared in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let req = CreateCertificationBatch {
        months: ids
            .iter()
            .map(|id| MonthRef {
                dossier_id: *id,
                period,
            })
            .collect(),
    };
    let t = Instant::now();
    let batch = app
        .create_certification_batch(&of, &req)
        .await
        .expect("batch");
    let made = t.elapsed();
    let t = Instant::now();
    app.send_batch_code(&of, batch.id, &CodeRequest { ip_consent: true }, &meta())
        .await
        .expect("code sent");
    let sent = t.elapsed();
    app.send_due_mail().await.expect("mail");
    let mail = app
        .mailer
        .sent()
        .into_iter()
        .rev()
        .find(|m| m.subject.contains("Code de vérification"))
        .expect("code mail");
    let line = "Code de vérification\u{a0}: ";
    let start = mail.text.find(line).expect("code line") + line.len();
    let code: String = mail.text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let before = peak_mb().unwrap_or(0.0);
    let t = Instant::now();
    let done = app
        .verify_batch_code(&of, batch.id, &VerifyCodeRequest { code }, &meta())
        .await
        .expect("certified");
    let verified = t.elapsed();
    let peak = peak_mb().unwrap_or(0.0);
    let certified = done
        .months
        .iter()
        .filter(|m| m.verification_code.is_some())
        .count();
    println!(
        "batch of {n} months: made in {:.2} s, code sent in {:.2} s, certified online in {:.2} s ({certified} certificates); peak memory {peak:.0} MB ({before:.0} MB before the certification)",
        made.as_secs_f64(),
        sent.as_secs_f64(),
        verified.as_secs_f64(),
    );
    let figure = |what: &str| Figure::new("P8", db_label, format!("batch of {n} months: {what}"));
    figure("made").seconds(made).print();
    figure("code sent").seconds(sent).print();
    figure("certified online with one code")
        .seconds(verified)
        .mem_mb(peak)
        .note(format!(
            "{certified} certificates, peak memory ({before:.0} MB before)"
        ))
        .print();
    drop(app);
    scratch.remove().await.expect("remove the scratch database");
}

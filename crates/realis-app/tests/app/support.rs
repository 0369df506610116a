//! The world of the use-case tests: the demo loaded through the app on a fresh database (SQLite,
//! or PostgreSQL when `REALIS_TEST_POSTGRES_URL` is set), a fixed clock, a memory mailer, and the
//! demo's users signed in through the app. The only place these tests touch `realis_store`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, TimeZone, Utc};
use realis_api_types::{
    CertifyRequest, CodeRequest, DayInput, EvidenceView, MonthView, PrepareRequest,
    ReviewDocumentRequest, SaveHoursRequest, VerifyCodeRequest,
};
use realis_app::{Actor, App, AppError, AppSettings, Clock, HashPool, JwtKeys, RequestMeta};
use realis_domain::Period;
use realis_domain::audit::{AuditAction, AuditRecord};
use realis_domain::certification::CertificationMode;
use realis_domain::organisation::DocumentKind;
use realis_mail::{Mailer, SentMail};
use realis_store::Database;
use realis_store::organisations::ImageSlot;

/// The fixed time of every test: Thursday 26 November 2026, 10:00 in Paris.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0)
        .single()
        .expect("date")
}

/// Where the requests of the tests come from.
pub fn meta() -> RequestMeta {
    RequestMeta {
        ip: Some("203.0.113.7".into()),
        user_agent: Some("realis-app-tests/1.0".into()),
    }
}

pub fn period(p: &str) -> Period {
    Period::parse(p).expect("period")
}

/// October 2026: over, open for entry in the demo's first dossier.
pub fn october() -> Period {
    period("2026-10")
}

/// The demo, its users signed in through the app when a test first acts as them.
pub struct World {
    pub app: App,
    /// The demo's first dossier, 2026-IDF-000101 (June 2026 to June 2027, 7 h a working day).
    pub dossier: i64,
    signed_in: Mutex<HashMap<&'static str, Actor>>,
}

pub const DOSSIER: &str = "2026-IDF-000101";

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The app on the database at `url` (migrated), at [`now`], with test settings.
pub async fn app(url: &str, mailer: Mailer) -> App {
    let db = Database::connect(url).await.expect("connect");
    db.migrate().await.expect("migrate");
    App::new(
        db,
        mailer,
        Clock::fixed(now()),
        HashPool::new(1),
        JwtKeys::new(vec![7u8; 32]).expect("key"),
        AppSettings {
            public_url: "http://realis.example".into(),
            token_ttl_seconds: 3600,
            session: realis_domain::session::SessionPolicy::default(),
        },
    )
}

/// An app on a database of its own, the demo loaded.
pub async fn world() -> World {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let url =
        realis_store::testing::fresh_url(&format!("realis_app_{}_{n}", std::process::id())).await;
    let app = app(
        &url,
        Mailer::memory("Réalis <no-reply@realis.test>").expect("mailer"),
    )
    .await;
    assert!(app.load_demo().await.expect("demo"));
    let mut w = World {
        app,
        dossier: 0,
        signed_in: Mutex::default(),
    };
    let page = w
        .app
        .list_dossiers(
            &w.of().await,
            &realis_app::dossiers::DossierQuery {
                q: DOSSIER.into(),
                ..Default::default()
            },
        )
        .await
        .expect("dossiers");
    assert_eq!(page.items.len(), 1);
    w.dossier = page.items[0].id;
    w
}

impl World {
    /// Sophie Bernard, the OF's designated certifier.
    pub async fn of(&self) -> Actor {
        self.signed_in_as("of@formapro.test").await
    }

    /// Camille Martin, the funder's agent.
    pub async fn agent(&self) -> Actor {
        self.signed_in_as("agent@tp-idf.test").await
    }

    /// Michelle Dubois, the beneficiary of the demo's dossiers.
    pub async fn ben(&self) -> Actor {
        self.signed_in_as("michelle.dubois@realis.test").await
    }

    /// Pharmaplus's HR account.
    pub async fn employer(&self) -> Actor {
        self.signed_in_as("rh@pharmaplus.test").await
    }

    /// Signs in once per test and user (each login checks an argon2 hash).
    async fn signed_in_as(&self, login: &'static str) -> Actor {
        let known = self.signed_in.lock().expect("lock").get(login).cloned();
        if let Some(actor) = known {
            return actor;
        }
        let actor = sign_in(&self.app, login).await;
        self.signed_in
            .lock()
            .expect("lock")
            .insert(login, actor.clone());
        actor
    }
}

async fn sign_in(app: &App, login: &str) -> Actor {
    let session = app
        .login(login, realis_app::demo::DEMO_PASSWORD, &meta())
        .await
        .expect(login);
    app.authenticate(&session.access_token)
        .await
        .expect("token")
}

/// A plain PNG of `w` × `h` pixels.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let pixels = [30u8, 60, 200].repeat(usize::try_from(w * h).expect("size"));
    encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&pixels))
        .expect("png");
    out
}

fn day(date: &str, training: f64, internship: f64, absence: f64) -> DayInput {
    serde_json::from_value(serde_json::json!({
        "date": date, "training": training, "internship": internship, "absence": absence
    }))
    .expect("day")
}

impl World {
    pub async fn month(&self, actor: &Actor, p: Period) -> MonthView {
        self.app
            .get_month(actor, self.dossier, p)
            .await
            .expect("month")
    }

    /// Saves 10,5 h of training, 3,5 h of internship and 0,5 h of absence on the 15th and 16th.
    pub async fn save_hours(&self, p: Period) -> Result<MonthView, AppError> {
        let version = self.month(&self.of().await, p).await.version;
        self.save_hours_at(p, version, &[("15", 7.0, 0.0, 0.5), ("16", 3.5, 3.5, 0.0)])
            .await
    }

    /// Saves these days (day of month, training, internship, absence) against `version`.
    pub async fn save_hours_at(
        &self,
        p: Period,
        version: i32,
        days: &[(&str, f64, f64, f64)],
    ) -> Result<MonthView, AppError> {
        let req = SaveHoursRequest {
            version: Some(version),
            totals: None,
            days: Some(
                days.iter()
                    .map(|(d, t, i, a)| day(&format!("{p}-{d}"), *t, *i, *a))
                    .collect(),
            ),
        };
        self.app
            .save_hours(&self.of().await, self.dossier, p, &req, &meta())
            .await
    }

    /// «Je certifie la saisie des heures».
    pub async fn prepare(&self, p: Period) -> Result<MonthView, AppError> {
        let req = PrepareRequest {
            hours_certified: true,
            version: None,
        };
        self.app
            .prepare_month(&self.of().await, self.dossier, p, &req, &meta())
            .await
    }

    /// The OF's logo: enough for certification with a signed scan.
    pub async fn with_logo(&self) {
        let permit = self
            .app
            .authorise_letterhead_image(&self.of().await, ImageSlot::Logo)
            .await
            .expect("logo permit");
        self.app
            .put_letterhead_image(permit, png(200, 80), &meta())
            .await
            .expect("logo");
    }

    /// Logo, stamp, and the Kbis and consent letter accepted by the agent: online certification
    /// is available.
    pub async fn ready_online(&self) {
        self.with_logo().await;
        let permit = self
            .app
            .authorise_letterhead_image(&self.of().await, ImageSlot::Stamp)
            .await
            .expect("stamp permit");
        self.app
            .put_letterhead_image(permit, png(120, 120), &meta())
            .await
            .expect("stamp");
        let mut org = 0;
        for kind in [DocumentKind::Kbis, DocumentKind::ConsentLetter] {
            let permit = self
                .app
                .authorise_document(&self.of().await, kind)
                .await
                .expect("document permit");
            // The letter the app pre-fills, «signed» and sent back (the Kbis too, for a PDF).
            let letter = self
                .app
                .consent_letter_model(&self.of().await)
                .await
                .expect("letter");
            org = self
                .app
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
            self.app
                .review_document(&self.agent().await, org, kind, &accept, &meta())
                .await
                .expect("accepted");
        }
        let identity = self
            .app
            .get_identity(&self.of().await)
            .await
            .expect("identity");
        assert!(identity.readiness.online_available, "{identity:?}");
    }

    /// Hours saved and prepared: the month awaits certification.
    pub async fn prepared(&self, p: Period) -> MonthView {
        self.save_hours(p).await.expect("hours saved");
        self.prepare(p).await.expect("prepared")
    }

    /// Joins the signed scan: the draft certificate the app offers, printed, signed and scanned.
    pub async fn attach_signed(&self, p: Period) -> MonthView {
        let draft = self
            .app
            .month_certificate_pdf(&self.of().await, self.dossier, p)
            .await
            .expect("draft");
        let permit = self
            .app
            .authorise_signed_certificate(&self.of().await, self.dossier, p)
            .await
            .expect("scan permit");
        self.app
            .attach_month_file(permit, draft.bytes, &meta())
            .await
            .expect("scan")
    }

    pub async fn certify_upload(&self, p: Period) -> Result<MonthView, AppError> {
        let req = CertifyRequest {
            mode: CertificationMode::Upload,
        };
        self.app
            .certify_upload(&self.of().await, self.dossier, p, &req, &meta())
            .await
    }

    /// The logo, the hours, «Je certifie…», the scan and «Certifier».
    pub async fn certified(&self, p: Period) -> MonthView {
        self.with_logo().await;
        self.prepared(p).await;
        self.attach_signed(p).await;
        self.certify_upload(p).await.expect("certified")
    }

    /// The month's evidence as the OF reads it.
    pub async fn evidence(&self, p: Period) -> EvidenceView {
        self.app
            .month_evidence(&self.of().await, self.dossier, p)
            .await
            .expect("evidence")
    }

    /// How many audit records of the month have this action.
    pub async fn audited(&self, p: Period, action: &str) -> usize {
        self.evidence(p)
            .await
            .items
            .iter()
            .filter(|i| i.action == action)
            .count()
    }

    /// Sends what the outbox holds, as the app's sender does, and returns every mail sent so far.
    pub async fn deliver(&self) -> Vec<SentMail> {
        self.app.send_due_mail().await.expect("send");
        self.app.mailer.sent()
    }

    /// The mails sent to `to` whose subject contains `subject`.
    pub async fn mails(&self, to: &str, subject: &str) -> Vec<SentMail> {
        self.deliver()
            .await
            .into_iter()
            .filter(|m| m.to == to && m.subject.contains(subject))
            .collect()
    }

    /// «Envoyer le code de vérification par e-mail» for October, with the IP consent.
    pub async fn send_code(&self) -> Result<realis_api_types::CodeSent, AppError> {
        let req = CodeRequest { ip_consent: true };
        self.app
            .send_code(&self.of().await, self.dossier, october(), &req, &meta())
            .await
    }

    /// A code sent for October, read from its e-mail.
    pub async fn code_sent(&self) -> String {
        self.send_code().await.expect("code sent");
        self.last_code().await
    }

    /// Enters a code for October.
    pub async fn verify(&self, code: &str) -> Result<MonthView, AppError> {
        let req = VerifyCodeRequest { code: code.into() };
        self.app
            .verify_code(&self.of().await, self.dossier, october(), &req, &meta())
            .await
    }

    /// October prepared, online certification available.
    pub async fn online_ready(&self) {
        self.ready_online().await;
        self.prepared(october()).await;
    }

    /// The last certification code e-mailed.
    pub async fn last_code(&self) -> String {
        let mail = self
            .deliver()
            .await
            .into_iter()
            .rev()
            .find(|m| m.subject.contains("Code de vérification"))
            .expect("a code e-mail");
        let line = "Code de vérification\u{a0}: ";
        let start = mail.text.find(line).expect("code line") + line.len();
        mail.text[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect()
    }
}

/// Every audit record of `action`, oldest first.
pub async fn audit_records(app: &App, action: AuditAction) -> Vec<AuditRecord> {
    realis_store::audit::with_action(&app.db.conn, action.as_str())
        .await
        .expect("audit")
}

/// The `data_hash` the chain records for `data`.
pub fn data_hash(data: &serde_json::Value) -> String {
    realis_store::audit::data_hash(data)
}

/// Whether the whole audit chain holds.
pub async fn chain_holds(app: &App) -> bool {
    realis_store::audit::verify_chain(&app.db.conn, &app.audit_key)
        .await
        .expect("verify")
        .is_none()
}

/// A code of the same length that is not `code`: each digit plus one.
pub fn wrong(code: &str) -> String {
    code.bytes()
        .map(|d| char::from(b'0' + (d - b'0' + 1) % 10))
        .collect()
}

/// The field of a one-field validation error.
pub fn invalid_field(e: AppError) -> String {
    match e {
        AppError::Validation(errors) => errors.first().map(|f| f.field.clone()).unwrap_or_default(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// The codes of a validation error.
pub fn invalid_codes(e: AppError) -> Vec<String> {
    match e {
        AppError::Validation(errors) => errors
            .into_iter()
            .map(|f| f.code.code().to_owned())
            .collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

use std::net::TcpListener;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{TimeZone, Utc};
use realis_app::rate_limits::RateLimits;
use realis_app::webhooks::WebhookSettings;
use realis_app::{App, AppSettings, Clock, HashPool, JwtKeys};
use realis_mail::Mailer;
use realis_server::startup::{WebSettings, start};
use realis_store::Database;
use serde_json::{Value, json};

pub const SECRET: &[u8] = b"test-secret-test-secret-test-secret-0123456789";
pub const DEMO_PASSWORD: &str = "realis-demo-2026";
/// Sent by the test client, so that the audit log records a user agent.
pub const USER_AGENT: &str = "realis-api-tests/1.0";

pub struct TestApp {
    pub base: String,
    pub app: App,
    pub client: reqwest::Client,
    /// The database's URL (`sqlite:/…` or `postgres://…`).
    pub database_url: String,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh database URL for one test.
pub async fn fresh_database_url() -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    realis_store::testing::fresh_url(&format!("realis_api_{}_{n}", std::process::id())).await
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Mailer::memory("Réalis <no-reply@realis.test>").expect("mailer")).await
}

pub async fn spawn_app_with(mailer: Mailer) -> TestApp {
    spawn_app_with_web(mailer, WebSettings::default()).await
}

pub async fn spawn_app_with_web(mailer: Mailer, web: WebSettings) -> TestApp {
    spawn_app_configured(
        mailer,
        web,
        WebhookSettings::default(),
        RateLimits::default(),
    )
    .await
}

/// An app with these rate limits (`REALIS_API_KEY_RATE_LIMIT`, `REALIS_USER_RATE_LIMIT`).
pub async fn spawn_app_limited(limits: RateLimits) -> TestApp {
    spawn_app_configured(
        Mailer::memory("Réalis <no-reply@realis.test>").expect("mailer"),
        WebSettings::default(),
        WebhookSettings::default(),
        limits,
    )
    .await
}

/// An app whose webhooks may go to this machine's receivers (`http://127.0.0.1:…`) and retry
/// after 1 s, 5 s, 30 s… (`REALIS_WEBHOOK_ALLOW_PRIVATE=true`,
/// `REALIS_WEBHOOK_RETRY_BASE_SECONDS=1`).
pub async fn spawn_app_for_webhooks() -> TestApp {
    spawn_app_configured(
        Mailer::memory("Réalis <no-reply@realis.test>").expect("mailer"),
        WebSettings::default(),
        WebhookSettings {
            retry_base_seconds: 1,
            allow_private: true,
        },
        RateLimits::default(),
    )
    .await
}

async fn spawn_app_configured(
    mailer: Mailer,
    web: WebSettings,
    hooks: WebhookSettings,
    limits: RateLimits,
) -> TestApp {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let database_url = fresh_database_url().await;
    let db = Database::connect(&database_url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let clock = Clock::fixed(
        Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0)
            .single()
            .expect("date"),
    );
    let mut app = App::new(
        db,
        mailer,
        clock,
        HashPool::new(1),
        JwtKeys::new(SECRET.to_vec()).expect("secret"),
        AppSettings {
            public_url: "http://127.0.0.1:8080".into(),
            token_ttl_seconds: 3600,
            session: realis_domain::session::SessionPolicy::default(),
        },
    );
    app.webhook_settings = hooks;
    app.rate_limits = limits;
    assert!(app.load_demo().await.expect("demo"));
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let running = start(app.clone(), listener, web).expect("start");
    tokio::spawn(running.server);
    TestApp {
        database_url,
        base: format!("http://{}", running.addr),
        app,
        client: reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn login_raw(&self, login: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({ "login": login, "password": password }))
            .send()
            .await
            .expect("request")
    }

    pub async fn token(&self, login: &str) -> String {
        let res = self.login_raw(login, DEMO_PASSWORD).await;
        assert_eq!(res.status(), 200, "login {login}");
        let body: Value = res.json().await.expect("json");
        body["access_token"].as_str().expect("token").to_owned()
    }

    pub async fn get_with(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }
}

/// Checks a problem+json body and returns it.
pub async fn problem(res: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(res.status().as_u16(), status);
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(ct, "application/problem+json");
    let body: Value = res.json().await.expect("problem body");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status);
    assert!(body["title"].is_string() && body["detail"].is_string() && body["type"].is_string());
    body
}

impl TestApp {
    pub async fn put_bytes(
        &self,
        path: &str,
        token: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> reqwest::Response {
        self.client
            .put(self.url(path))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }
}

/// A small valid PNG.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(w, h, image::Rgba([200, 30, 30, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// A small valid JPEG.
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([30, 30, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("jpeg");
    out.into_inner()
}

/// A minimal one-page PDF with a correct cross-reference table.
pub fn pdf() -> Vec<u8> {
    pdf_with(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ])
}

/// A PDF of these objects (numbered from 1, the first one the catalog) with a correct
/// cross-reference table.
pub fn pdf_with(objs: &[&str]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A 4000 × 4000 16-bit RGBA PNG of about 1 MB that decodes to 128 MB (QUALITY S11): each row
/// repeats the previous one shifted by a pixel, which zlib finds in its window and a fast
/// re-encoder does not (stored as it decodes, it took 128 MB of database).
pub fn png_bomb() -> &'static [u8] {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOMB.get_or_init(|| {
        use std::io::Write;
        let (w, h) = (4000u32, 4000u32);
        let row_len = w as usize * 8;
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let base: Vec<u8> = (0..row_len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed.to_le_bytes()[0]
            })
            .collect();
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let mut row = vec![0u8; row_len + 1];
        for i in 0..h as usize {
            let k = (8 * i) % row_len;
            row[1..=row_len - k].copy_from_slice(&base[k..]);
            row[row_len - k + 1..].copy_from_slice(&base[..k]);
            z.write_all(&row).expect("deflate");
        }
        let idat = z.finish().expect("deflate");
        let mut ihdr = Vec::new();
        ihdr.extend(w.to_be_bytes());
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([16, 6, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        for (kind, data) in [
            (&b"IHDR"[..], &ihdr),
            (b"IDAT", &idat),
            (b"IEND", &Vec::new()),
        ] {
            png.extend(u32::try_from(data.len()).expect("chunk").to_be_bytes());
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            png.extend(kind);
            png.extend(data.iter());
            png.extend(crc.sum().to_be_bytes());
        }
        png
    })
}

/// CRC-32 (IEEE) for forging PNG headers that still check.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A valid PNG whose header declares `w` × `h` pixels.
pub fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut p = png(8, 8);
    p[16..20].copy_from_slice(&w.to_be_bytes());
    p[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&p[12..29]);
    p[29..33].copy_from_slice(&crc.to_be_bytes());
    p
}

pub async fn file_count(t: &TestApp) -> u64 {
    realis_store::files::count(&t.app.db.conn)
        .await
        .expect("count")
}

/// `n` POSTs of `body` to `path` sent at once as `token`; their statuses.
pub async fn concurrent_posts(
    t: &TestApp,
    token: &str,
    path: &str,
    body: serde_json::Value,
    n: usize,
) -> Vec<u16> {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let (client, url) = (t.client.clone(), t.url(path));
        let (token, body) = (token.to_owned(), body.clone());
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("req")
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    statuses
}

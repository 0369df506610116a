//! Wiring: configuration → database, mailer, keys → the actix-web server.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::middleware::{Compress, Condition, DefaultHeaders};
use actix_web::{App as HttpApp, HttpServer, web};
use anyhow::Context;
use realis_app::{App, AppSettings, Clock, HashPool, JwtKeys};
use realis_mail::Mailer;
use realis_store::Database;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Config;
use crate::error::{ApiError, json_error};
use crate::routes;
use realis_api_types::ErrorCode;

/// Builds the application from configuration: connects, migrates, picks the mail transport.
pub async fn build_app(config: &Config) -> anyhow::Result<App> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating the data directory {}", config.data_dir.display()))?;
    // The data directory holds the secret, the database and e-mails with links: its owner only.
    crate::config::restrict(&config.data_dir, 0o700)?;
    if let Some(path) = crate::config::sqlite_path(&config.database_url) {
        crate::config::create_private_file(&path)?;
    }
    let db = Database::connect(&config.database_url)
        .await
        .context("connecting to the database")?;
    db.migrate().await.context("migrating the database")?;
    let mailer = match &config.smtp_url {
        Some(url) => Mailer::smtp(url, &config.mail_from, Duration::from_secs(15))?,
        None => {
            let dir = config.data_dir.join("outbox");
            let mailer = Mailer::files(dir.clone(), &config.mail_from)?;
            crate::config::restrict(&dir, 0o700)?;
            mailer
        }
    };
    let jwt = JwtKeys::new(config.load_jwt_secret()?).context("REALIS_JWT_SECRET")?;
    let mut app = App::new(
        db,
        mailer,
        Clock::System,
        HashPool::for_this_machine(),
        jwt,
        AppSettings {
            public_url: config.public_url.clone(),
            token_ttl_seconds: config.access_token_ttl_secs,
            session: config.session,
        },
    );
    app.webhook_settings = config.webhooks;
    app.rate_limits = config.rate_limits;
    app.token_cache = realis_app::auth::token_cache::TokenCache::new(
        std::time::Duration::from_secs(config.token_cache_secs),
    );
    Ok(app)
}

/// What the server needs beyond the application.
#[derive(Clone, Debug, Default)]
pub struct WebSettings {
    pub web_dir: Option<PathBuf>,
    pub cors_origins: Vec<String>,
    /// Send HSTS (the public URL is https).
    pub hsts: bool,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: crate::proxies::TrustedProxies,
    /// The refresh cookie carries `Secure` (see [`Config::secure_cookies`]).
    pub secure_cookies: bool,
}

impl WebSettings {
    pub fn from_config(config: &Config) -> WebSettings {
        WebSettings {
            web_dir: config.find_web_dir(),
            cors_origins: config.cors_origins.clone(),
            hsts: config.public_url.starts_with("https://"),
            trusted_proxies: config.trusted_proxies.clone(),
            secure_cookies: config.secure_cookies(),
        }
    }
}

/// A started server.
pub struct Running {
    pub addr: SocketAddr,
    pub server: Server,
}

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
form-action 'self'; frame-ancestors 'none'; frame-src blob:";

/// Starts serving on `listener`. The outbox sender runs beside it.
pub fn start(
    app: App,
    listener: TcpListener,
    web_settings: WebSettings,
) -> anyhow::Result<Running> {
    let addr = listener.local_addr()?;
    let data = web::Data::new(app);
    let openapi = crate::openapi::document();
    let server = HttpServer::new(move || {
        let cors = web_settings.cors_origins.iter().fold(
            actix_cors::Cors::default()
                .allowed_methods(vec!["GET", "POST", "PUT", "DELETE"])
                .allowed_headers(vec![
                    header::AUTHORIZATION,
                    header::CONTENT_TYPE,
                    header::ACCEPT,
                    header::IF_MATCH,
                    header::IF_NONE_MATCH,
                    header::HeaderName::from_static(crate::idempotency::HEADER),
                ])
                // What a browser client must read: when to retry, a download's name, the methods.
                .expose_headers(vec![
                    header::RETRY_AFTER,
                    header::CONTENT_DISPOSITION,
                    header::ALLOW,
                    header::WWW_AUTHENTICATE,
                    header::ETAG,
                    header::LOCATION,
                    header::HeaderName::from_static(crate::idempotency::REPLAYED),
                ])
                .max_age(3600),
            |c, origin| c.allowed_origin(origin),
        );
        let mut headers = DefaultHeaders::new()
            .add((header::CONTENT_SECURITY_POLICY, CSP))
            .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .add((header::REFERRER_POLICY, "no-referrer"))
            .add((header::X_FRAME_OPTIONS, "DENY"))
            .add((
                "Permissions-Policy",
                "camera=(), microphone=(), geolocation=()",
            ));
        if web_settings.hsts {
            headers = headers.add((
                header::STRICT_TRANSPORT_SECURITY,
                "max-age=31536000; includeSubDomains",
            ));
        }
        let web_dir = web_settings.web_dir.clone();
        HttpApp::new()
            .app_data(data.clone())
            .app_data(web_settings.trusted_proxies.clone())
            .app_data(crate::routes::auth::CookiePolicy {
                secure: web_settings.secure_cookies,
            })
            .app_data(
                web::JsonConfig::default()
                    .limit(256 * 1024)
                    .error_handler(|err, _| json_error(err).into()),
            )
            .app_data(web::PathConfig::default().error_handler(|_, _| {
                ApiError::new(ErrorCode::NotFound, "No such resource.").into()
            }))
            // Innermost: it sees the handlers' answers before compression and the shared headers.
            .wrap(actix_web::middleware::from_fn(
                crate::idempotency::idempotency,
            ))
            // Outside the idempotency middleware: a replay counts toward the limit too.
            .wrap(actix_web::middleware::from_fn(
                crate::rate_limit::rate_limit,
            ))
            .wrap(actix_web::middleware::from_fn(api_headers))
            .wrap(Condition::new(!web_settings.cors_origins.is_empty(), cors))
            .wrap(Compress::default())
            .wrap(headers)
            .wrap(
                actix_web::middleware::Logger::new("%a \"%r\" %s %b %Dms")
                    .log_target("realis::http"),
            )
            .configure(routes::register)
            .service(
                SwaggerUi::new("/swagger-ui/{_:.*}").url("/api-docs/openapi.json", openapi.clone()),
            )
            .configure(move |cfg| crate::spa::configure(cfg, web_dir))
    })
    .listen(listener)?
    .shutdown_timeout(20)
    .run();
    Ok(Running { addr, server })
}

/// Every API answer is private to its reader and never stored by a cache (`Cache-Control:
/// private, no-store`, unless the route set its own); a 405 from anywhere (static files
/// included) is problem+json with `Allow`.
async fn api_headers(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let api = req.path().starts_with("/api/");
    let res = next.call(req).await?.map_into_boxed_body();
    let res = if res.status() == actix_web::http::StatusCode::METHOD_NOT_ALLOWED
        && !res.headers().contains_key(header::ALLOW)
    {
        let allow =
            crate::allow::allowed(res.request().path()).unwrap_or_else(|| "GET, HEAD".into());
        res.into_response(crate::spa::method_not_allowed(&allow))
    } else {
        res
    };
    let mut res = res;
    if api && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("private, no-store"),
        );
    }
    Ok(res)
}

/// Spawns the background jobs: outbox and webhook senders, opening months as the calendar
/// reaches them (and pruning the events journal past 30 days and expired idempotency keys), the
/// daily reminder to OFs (from `config.reminder_hour`), and the audit chain's checkpoints.
pub fn spawn_background(app: &App, config: &Config) {
    let sender = app.clone();
    tokio::spawn(sender.run_outbox_sender(Duration::from_secs(10)));
    tokio::spawn(app.clone().run_webhook_sender(Duration::from_secs(5)));
    let opener = app.clone();
    tokio::spawn(async move {
        loop {
            if let Err(e) = opener.open_started_months().await {
                tracing::warn!(error = %e, "opening months failed");
            }
            if let Err(e) = opener.prune_journal().await {
                tracing::warn!(error = %e, "pruning the events journal failed");
            }
            // Idempotency keys older than 24 h go (a key met again after its expiry is reclaimed
            // on the spot anyway).
            if let Err(e) = opener.purge_idempotency_keys().await {
                tracing::warn!(error = %e, "purging idempotency keys failed");
            }
            tokio::time::sleep(Duration::from_secs(600)).await;
        }
    });
    // The daily digest of months to enter or certify, claimed once a day across instances.
    tokio::spawn(
        app.clone()
            .run_daily_reminders(Duration::from_secs(900), config.reminder_hour),
    );
    // Checkpoints of the audit chain every five minutes (so verification reads a short tail),
    // and a walk of the whole chain each day.
    tokio::spawn(app.clone().run_audit_checkpoints(Duration::from_secs(300)));
}

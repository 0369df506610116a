//! The application the benchmarks serve: mail kept in memory, the system clock, a fixed key.

use realis_app::{App, AppSettings, Clock, HashPool, JwtKeys};
use realis_mail::Mailer;
use realis_store::Database;

/// A benchmark's application on `db`.
pub fn bench_app(db: Database) -> anyhow::Result<App> {
    Ok(App::new(
        db,
        Mailer::memory("bench@realis.test")?,
        Clock::System,
        HashPool::for_this_machine(),
        JwtKeys::new(vec![42u8; 32])?,
        AppSettings {
            public_url: "http://127.0.0.1".into(),
            token_ttl_seconds: 3600,
            session: realis_domain::session::SessionPolicy::default(),
        },
    ))
}

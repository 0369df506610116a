//! The `realis` binary: serves the API, Swagger UI and the SPA on one port.

use std::net::TcpListener;

use anyhow::Context;
use clap::{Parser, Subcommand};
use realis_server::startup::{WebSettings, build_app, spawn_background, start};
use realis_server::{Config, openapi};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "realis",
    version,
    about = "Réalis: certificats de réalisation for Transitions Pro funded trainings"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API, Swagger UI and the SPA (the default).
    Serve {
        /// Load the demo data into an empty database first.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo data (into an empty database) and exit.
    Demo,
    /// Print the OpenAPI document.
    Openapi,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve { demo: false });
    if let Command::Openapi = command {
        print!("{}", openapi::openapi_json());
        return Ok(());
    }
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_env("REALIS_LOG")
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
        )
        .init();
    let config = Config::from_env()?;
    let started = std::time::Instant::now();
    let app = build_app(&config).await?;
    match command {
        Command::Migrate => {
            tracing::info!("database migrated");
            Ok(())
        }
        Command::Demo => {
            report_demo(app.load_demo().await?);
            Ok(())
        }
        Command::Serve { demo } => {
            if demo {
                report_demo(app.load_demo().await?);
            }
            app.open_started_months().await?;
            let listener = TcpListener::bind(config.bind)
                .with_context(|| format!("binding {}", config.bind))?;
            let web = WebSettings::from_config(&config);
            match &web.web_dir {
                Some(dir) => tracing::info!(dir = %dir.display(), "serving the SPA"),
                None => tracing::warn!(
                    "SPA not built: run `cargo xtask build` (serving a help page at /)"
                ),
            }
            spawn_background(&app, &config);
            let running = start(app.clone(), listener, web)?;
            tracing::info!(
                url = %format!("http://{}", running.addr),
                mail = %app.mailer.describe(),
                ready_in_ms = started.elapsed().as_millis() as u64,
                "Réalis is listening (Swagger UI at /swagger-ui/)"
            );
            running.server.await?;
            // Work queued after answers (password-reset links) finishes before exit.
            app.settle().await;
            tracing::info!("stopped");
            Ok(())
        }
        Command::Openapi => Ok(()),
    }
}

fn report_demo(loaded: bool) {
    if loaded {
        tracing::info!("demo data loaded: log in as of@formapro.test / realis-demo-2026");
    } else {
        tracing::info!("the database already holds data: demo not loaded");
    }
}

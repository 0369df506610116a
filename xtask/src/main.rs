//! `cargo xtask <command>`: the project's own commands, so that a fresh machine needs only cargo.
//!
//! - `run`: build the SPA and the server, then serve both on 127.0.0.1:8080 with demo data (SQLite).
//! - `build`: build the SPA and the release server without running.
//! - `web`: build the SPA only (into `frontend/dist`).
//! - `openapi`: rewrite `api-spec/openapi.json` from the code.
//! - `test`: every test: domain, store (SQLite, and PostgreSQL when `REALIS_TEST_POSTGRES_URL`
//!   is set), app, API black-box, wasm build check, browser end-to-end.
//! - `bench`: every benchmark in release, on SQLite and on PostgreSQL when
//!   `REALIS_BENCH_POSTGRES_URL` is set; one table of their figures (printed, never asserted).

mod bench;
mod web;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

/// Runs a command, failing with its description when it fails.
pub fn run(mut cmd: Command) -> anyhow::Result<()> {
    let desc = format!("{cmd:?}");
    let status = cmd.status().with_context(|| format!("starting {desc}"))?;
    if !status.success() {
        bail!("failed ({status}): {desc}");
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest: Vec<String> = args.iter().skip(1).cloned().collect();
    match args.first().map(String::as_str) {
        Some("run") => cmd_run(&rest),
        Some("build") => cmd_build(),
        Some("web") => web::build(&root(), true).map(|_| ()),
        Some("openapi") => cmd_openapi(),
        Some("test") => cmd_test(&rest),
        Some("bench") => bench::run(&root()),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  run       build the SPA and the server, serve on 127.0.0.1:8080 with demo data\n  build     build the SPA and the release server (target/release/realis)\n  web       build the SPA only (frontend/dist)\n  openapi   rewrite api-spec/openapi.json\n  test      run every test (see README)\n  bench     run every benchmark (SQLite; PostgreSQL too with REALIS_BENCH_POSTGRES_URL), one table"
            );
            Ok(())
        }
    }
}

fn cmd_build() -> anyhow::Result<()> {
    web::build(&root(), true)?;
    let mut c = cargo();
    c.args([
        "build",
        "--release",
        "-p",
        "realis-server",
        "--bin",
        "realis",
    ]);
    run(c)?;
    println!(
        "built: target/release/realis (serves frontend/dist when started from the repository)"
    );
    Ok(())
}

fn cmd_run(extra: &[String]) -> anyhow::Result<()> {
    cmd_build()?;
    let mut c = Command::new(root().join("target/release/realis"));
    c.current_dir(root()).args(["serve", "--demo"]).args(extra);
    println!(
        "Réalis: http://127.0.0.1:8080  (demo logins in README.md, password realis-demo-2026)"
    );
    run(c)
}

fn cmd_openapi() -> anyhow::Result<()> {
    let out = cargo()
        .args([
            "run",
            "--quiet",
            "-p",
            "realis-server",
            "--bin",
            "realis",
            "--",
            "openapi",
        ])
        .output()
        .context("running realis openapi")?;
    if !out.status.success() {
        bail!(
            "realis openapi failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let path = root().join("api-spec/openapi.json");
    std::fs::write(&path, &out.stdout)?;
    println!("wrote {}", path.display());
    Ok(())
}

/// The pinned axe-core script the browser tests inject, installed from npm into target/tools.
fn axe_core(root: &std::path::Path) -> Option<std::path::PathBuf> {
    const VERSION: &str = "4.11.0";
    let tools = root.join("target/tools/axe");
    let script = tools.join("node_modules/axe-core/axe.min.js");
    let installed = std::fs::read_to_string(tools.join("node_modules/axe-core/package.json"))
        .is_ok_and(|p| p.contains(&format!("\"version\": \"{VERSION}\"")));
    if installed && script.is_file() {
        return Some(script);
    }
    std::fs::create_dir_all(&tools).ok()?;
    println!("installing axe-core {VERSION} (npm) into target/tools/axe");
    let ok = std::process::Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
        .arg(&tools)
        .arg(format!("axe-core@{VERSION}"))
        .status()
        .is_ok_and(|s| s.success());
    (ok && script.is_file()).then_some(script)
}

fn cmd_test(extra: &[String]) -> anyhow::Result<()> {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    // 1. The crates that must stay wasm-safe build for wasm32 (and the SPA with them), so a
    //    server-only dependency cannot leak into them.
    let mut c = cargo();
    c.args([
        "check",
        "-p",
        "realis-domain",
        "-p",
        "realis-api-types",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    run(c)?;
    let dist = web::build(&root(), false)?;
    // 2. The debug server binary the browser tests drive.
    let mut c = cargo();
    c.args(["build", "-p", "realis-server", "--bin", "realis"]);
    run(c)?;
    // 3. Every test of the workspace, the browser suite included (with axe-core for the
    //    accessibility checks, when npm can provide it).
    let mut c = cargo();
    c.args(["test", "--workspace", "--exclude", "realis-web"])
        .env("REALIS_E2E_BINARY", root().join("target/debug/realis"))
        .env("REALIS_E2E_WEB_DIR", &dist)
        .args(extra);
    match axe_core(&root()) {
        Some(axe) => {
            c.env("REALIS_AXE_JS", axe);
        }
        None if in_ci => anyhow::bail!("axe-core is needed for the accessibility checks (npm)"),
        None => println!("note: npm is missing: the accessibility checks are skipped"),
    }
    if in_ci {
        c.env("REALIS_E2E_REQUIRED", "1");
    }
    if std::env::var("REALIS_TEST_POSTGRES_URL").is_err() {
        println!(
            "note: REALIS_TEST_POSTGRES_URL is not set: store and API tests run on SQLite only"
        );
    }
    run(c)
}

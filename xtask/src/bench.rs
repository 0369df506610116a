//! `cargo xtask bench`: every benchmark example, built once in release, run on SQLite and then,
//! when `REALIS_BENCH_POSTGRES_URL` is set, on PostgreSQL (each run makes and drops its own
//! database there); their output streams through, their `BENCH {json}` lines are collected into
//! one Markdown table, printed at the end and written to `target/bench/results.md` (the lines
//! themselves to `target/bench/results.jsonl`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, bail};
use realis_bench::{Figure, NO_DATABASE, POSTGRES_URL_VAR};

/// One benchmark example.
struct Bench {
    package: &'static str,
    example: &'static str,
    /// Measures a database: run once per database, else once.
    database: bool,
}

/// Every benchmark, in the order of the QUALITY bars they measure.
const BENCHES: &[Bench] = &[
    // P1 (dashboard, dossier list), P2 (grid saves).
    Bench {
        package: "realis-server",
        example: "load_bench",
        database: true,
    },
    // P3 (argon2id, the hashing pool).
    Bench {
        package: "realis-app",
        example: "login_hash_bench",
        database: false,
    },
    // P4 (certificate PDF).
    Bench {
        package: "realis-pdf",
        example: "certificate_bench",
        database: false,
    },
    // P6 (cold start, idle memory), P7 (mixed load).
    Bench {
        package: "realis-server",
        example: "mixed_load",
        database: true,
    },
    // P8 (a batch of 200 months certified online).
    Bench {
        package: "realis-app",
        example: "batch_certify_bench",
        database: true,
    },
    // P9 (evidence at a large audit log).
    Bench {
        package: "realis-app",
        example: "evidence_cost",
        database: true,
    },
];

impl Bench {
    /// Whether the example's source is in the tree (`examples/<name>.rs` or `<name>/main.rs`).
    fn present(&self, root: &Path) -> bool {
        let dir = root.join("crates").join(self.package).join("examples");
        dir.join(format!("{}.rs", self.example)).is_file()
            || dir.join(self.example).join("main.rs").is_file()
    }
}

/// A column of the table.
#[derive(Clone, Copy, PartialEq)]
enum Column {
    Sqlite,
    Postgres,
}

/// Builds, runs, collects, tabulates; fails at the end if a benchmark failed.
pub fn run(root: &Path) -> anyhow::Result<()> {
    let postgres = std::env::var(POSTGRES_URL_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty());
    let mut notes = Vec::new();
    let (present, missing): (Vec<&Bench>, Vec<&Bench>) =
        BENCHES.iter().partition(|b| b.present(root));
    for b in missing {
        let note = format!("{} ({}) is not in the tree: skipped", b.example, b.package);
        println!("note: {note}");
        notes.push(note);
    }
    if postgres.is_none() {
        notes.push(format!("{POSTGRES_URL_VAR} was not set: SQLite only"));
    }
    build(&present)?;
    let load_before = load_average();
    let mut figures: Vec<(Column, Figure)> = Vec::new();
    let mut failed = Vec::new();
    for b in &present {
        let mut runs = vec![(Column::Sqlite, None)];
        if b.database
            && let Some(url) = &postgres
        {
            runs.push((Column::Postgres, Some(url.as_str())));
        }
        for (column, url) in runs {
            let label = if !b.database {
                "no database"
            } else if url.is_some() {
                "PostgreSQL"
            } else {
                "SQLite"
            };
            println!("\n=== {} ({label}) ===", b.example);
            match run_one(root, b, url) {
                Ok(found) => figures.extend(found.into_iter().map(|f| (column, f))),
                Err(e) => {
                    println!("{} ({label}) failed: {e:#}", b.example);
                    failed.push(format!("{} ({label})", b.example));
                }
            }
        }
    }
    for f in &failed {
        notes.push(format!("{f} failed: its figures are missing"));
    }
    let report = format!(
        "{}\n\n{}\n{}",
        context_line(&load_before),
        table(&figures, postgres.is_some()),
        notes.iter().map(|n| format!("\n- {n}")).collect::<String>()
    );
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("results.md"), format!("{report}\n"))?;
    let lines: String = figures.iter().map(|(_, f)| f.line() + "\n").collect();
    std::fs::write(out.join("results.jsonl"), lines)?;
    println!("\n{report}\n\n(written to target/bench/results.md)");
    if !failed.is_empty() {
        bail!("failed: {}", failed.join(", "));
    }
    Ok(())
}

/// One release build of every present example (and of the server binary, for the benchmarks
/// that start it as a process).
fn build(benches: &[&Bench]) -> anyhow::Result<()> {
    let mut c = crate::cargo();
    c.args(["build", "--release"]);
    let mut packages: Vec<&str> = benches.iter().map(|b| b.package).collect();
    packages.sort_unstable();
    packages.dedup();
    for p in &packages {
        c.args(["-p", p]);
    }
    if packages.contains(&"realis-pdf") {
        // The sample certificate the PDF benchmark renders.
        c.args(["--features", "realis-pdf/testing"]);
    }
    for b in benches {
        c.args(["--example", b.example]);
    }
    if benches.iter().any(|b| b.example == "mixed_load") {
        c.args(["--bin", "realis"]);
    }
    crate::run(c)
}

/// Runs one example, on PostgreSQL if `postgres` is given, streaming its output; its figures.
fn run_one(root: &Path, bench: &Bench, postgres: Option<&str>) -> anyhow::Result<Vec<Figure>> {
    let binary = root.join("target/release/examples").join(bench.example);
    let mut c = Command::new(&binary);
    c.current_dir(root).stdout(Stdio::piped());
    match postgres {
        Some(url) => c.env(POSTGRES_URL_VAR, url),
        None => c.env_remove(POSTGRES_URL_VAR),
    };
    let mut child = c
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    let mut figures = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            match Figure::parse(&line) {
                Some(f) => figures.push(f),
                None => println!("{line}"),
            }
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("{status}");
    }
    Ok(figures)
}

/// Rows = figures (suite and name, in the order first printed), columns = the databases.
fn table(figures: &[(Column, Figure)], with_postgres: bool) -> String {
    let mut rows: Vec<(String, String, [Option<String>; 2])> = Vec::new();
    for (column, f) in figures {
        let at = match rows
            .iter()
            .position(|(s, n, _)| s == f.suite() && n == f.name())
        {
            Some(i) => i,
            None => {
                rows.push((f.suite().to_owned(), f.name().to_owned(), [None, None]));
                rows.len() - 1
            }
        };
        let cells = &mut rows[at].2;
        if f.db() == NO_DATABASE {
            cells[0] = Some(f.summary());
            cells[1] = Some("(no database)".into());
        } else {
            cells[usize::from(*column == Column::Postgres)] = Some(f.summary());
        }
    }
    let missing = if with_postgres { "—" } else { "not run" };
    let mut out = String::from("| Suite | Figure | SQLite | PostgreSQL |\n|---|---|---|---|\n");
    for (suite, name, [sqlite, pg]) in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            cell(&suite),
            cell(&name),
            cell(sqlite.as_deref().unwrap_or("—")),
            cell(pg.as_deref().unwrap_or(missing)),
        ));
    }
    out.trim_end().to_owned()
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The 1-minute load average (Linux), as printed by `uptime`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

/// When, where and on what the figures were measured.
fn context_line(load_before: &str) -> String {
    let output = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let commit = output("git", &["rev-parse", "--short", "HEAD"]);
    let dirty = if output("git", &["status", "--porcelain"]).is_empty() {
        ""
    } else {
        " with local changes"
    };
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let seconds = std::env::var("BENCH_SECONDS").unwrap_or_else(|_| "8".into());
    format!(
        "`cargo xtask bench` of {} (commit {commit}{dirty}): {cores} cores, load average {load_before} at the start and {} at the end, release build, server and load generator on the same machine, BENCH_SECONDS={seconds}.",
        output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        load_average(),
    )
}

//! The `realis` binary as an operator sees it: CLI, start-up, graceful shutdown (R7), refusing
//! a database newer than itself (R6).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use realis_e2e::{binary, free_port};

fn data_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("realis-proc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("data dir");
    d
}

fn healthy(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    if s.write_all(b"GET /healthz HTTP/1.0\r\n\r\n").is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200")
}

#[test]
fn sigterm_stops_the_server_cleanly() -> anyhow::Result<()> {
    let Some(bin) = binary("sigterm test")? else {
        return Ok(());
    };
    let dir = data_dir("sigterm");
    let port = free_port();
    let mut child = Command::new(bin)
        .arg("serve")
        .env("REALIS_DATA_DIR", &dir)
        .env("REALIS_BIND", format!("127.0.0.1:{port}"))
        .env_remove("REALIS_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("log"))?)
        .spawn()?;
    // Wait until it answers HTTP (the port alone is bound before the signal handlers exist).
    let deadline = Instant::now() + Duration::from_secs(20);
    while !healthy(port) {
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()?
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break s;
        }
        assert!(Instant::now() < deadline, "no exit 10 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit status {status}");
    let log = std::fs::read_to_string(dir.join("log"))?;
    assert!(log.contains("stopped"), "{log}");
    assert!(dir.join("realis.db").is_file() && dir.join("jwt-secret").is_file());
    Ok(())
}

#[test]
fn migrate_demo_and_openapi_subcommands_work_and_a_newer_database_is_refused() -> anyhow::Result<()>
{
    let Some(bin) = binary("subcommand test")? else {
        return Ok(());
    };
    let dir = data_dir("cli");
    let run = |args: &[&str]| {
        Command::new(&bin)
            .args(args)
            .env("REALIS_DATA_DIR", &dir)
            .env_remove("REALIS_DATABASE_URL")
            .output()
    };
    assert!(run(&["migrate"])?.status.success());
    let demo = run(&["demo"])?;
    assert!(demo.status.success());
    assert!(
        String::from_utf8_lossy(&demo.stderr).contains("demo data loaded"),
        "{demo:?}"
    );
    let again = run(&["demo"])?;
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds data"));
    let doc = run(&["openapi"])?;
    let json: serde_json::Value = serde_json::from_slice(&doc.stdout)?;
    assert_eq!(json["openapi"], "3.1.0");
    let help = run(&["--help"])?;
    assert!(String::from_utf8_lossy(&help.stdout).contains("serve"));
    // A migration this binary does not know: it must refuse to start.
    let db = dir.join("realis.db");
    let status = Command::new("python3")
        .args(["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"INSERT INTO seaql_migrations VALUES ('m29990101_000000_future', 0)\"); c.commit()"])
        .arg(&db)
        .status()?;
    assert!(status.success());
    let refused = run(&["serve"])?;
    assert!(!refused.status.success());
    let out = String::from_utf8_lossy(&refused.stderr).to_string()
        + &String::from_utf8_lossy(&refused.stdout);
    assert!(out.contains("newer"), "{out}");
    Ok(())
}

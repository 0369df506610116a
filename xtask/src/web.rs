//! Building the SPA: wasm32 compile, wasm-bindgen glue (as a library, no CLI to install),
//! wasm-opt when a working one is available, static files, and a size report.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

const TARGET: &str = "wasm32-unknown-unknown";

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match installed {
        Ok(out)
            if String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l.trim() == TARGET) =>
        {
            Ok(())
        }
        Ok(_) => {
            println!("installing the {TARGET} target (rustup target add {TARGET})");
            crate::run({
                let mut c = Command::new("rustup");
                c.args(["target", "add", TARGET]);
                c
            })
        }
        Err(_) => {
            println!("rustup not found: assuming the {TARGET} standard library is installed");
            Ok(())
        }
    }
}

/// A wasm-opt recent enough to produce modules Chromium accepts (Debian's 108 does not).
fn find_wasm_opt(root: &Path) -> Option<PathBuf> {
    let candidates = [
        root.join("target/tools/node_modules/.bin/wasm-opt"),
        root.join("node_modules/.bin/wasm-opt"),
        PathBuf::from("wasm-opt"),
    ];
    candidates.into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .ok()
            .and_then(|o| {
                let v = String::from_utf8_lossy(&o.stdout).to_string();
                v.split_whitespace().find_map(|w| w.parse::<u32>().ok())
            })
            .is_some_and(|v| v >= 116)
    })
}

/// Installs binaryen from npm into target/tools when npm is there (best effort).
fn install_wasm_opt(root: &Path) -> Option<PathBuf> {
    let tools = root.join("target/tools");
    std::fs::create_dir_all(&tools).ok()?;
    println!("installing wasm-opt (npm package binaryen) into target/tools");
    let ok = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
        .arg(&tools)
        .arg("binaryen@132")
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if ok { find_wasm_opt(root) } else { None }
}

fn gzip_len(bytes: &[u8]) -> anyhow::Result<usize> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len())
}

/// Builds the SPA into `frontend/dist` and returns that directory. `optimise` runs wasm-opt
/// (installing it when possible); tests skip it to save time.
pub fn build(root: &Path, optimise: bool) -> anyhow::Result<PathBuf> {
    ensure_wasm_target()?;
    crate::run({
        let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        c.current_dir(root).args([
            "build",
            "-p",
            "realis-web",
            "--target",
            TARGET,
            "--profile",
            "wasm-release",
        ]);
        c
    })?;
    let wasm = root.join(format!("target/{TARGET}/wasm-release/realis-web.wasm"));
    if !wasm.is_file() {
        bail!("expected {} after the build", wasm.display());
    }
    let dist = root.join("frontend/dist");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)
        .context("wasm-bindgen web target")?
        .omit_default_module_path(false)
        .out_name("realis_web")
        .generate(&dist)
        .context("wasm-bindgen glue")?;
    let out = dist.join("realis_web_bg.wasm");
    if optimise {
        match find_wasm_opt(root).or_else(|| install_wasm_opt(root)) {
            Some(wasm_opt) => {
                let tmp = dist.join("opt.wasm");
                crate::run({
                    let mut c = Command::new(wasm_opt);
                    c.args([
                        "-Oz",
                        // The glue is generated: function names and producers are dead weight now.
                        "--strip-debug",
                        "--strip-producers",
                        "--enable-bulk-memory",
                        "--enable-nontrapping-float-to-int",
                        "--enable-sign-ext",
                        "--enable-mutable-globals",
                        "--enable-reference-types",
                        "--enable-multivalue",
                    ])
                    .arg(&out)
                    .arg("-o")
                    .arg(&tmp);
                    c
                })?;
                std::fs::rename(&tmp, &out)?;
            }
            None => println!(
                "wasm-opt not available (npm install binaryen): the SPA is served without it"
            ),
        }
    }
    for f in ["index.html", "boot.js", "style.css"] {
        std::fs::copy(root.join("frontend").join(f), dist.join(f))
            .with_context(|| format!("copying {f}"))?;
    }
    let bytes = std::fs::read(&out)?;
    println!(
        "SPA built in {}: realis_web_bg.wasm {} KB raw, {} KB gzip",
        dist.display(),
        bytes.len() / 1024,
        gzip_len(&bytes)? / 1024
    );
    Ok(dist)
}

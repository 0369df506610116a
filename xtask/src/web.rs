//! Building the SPA: wasm32 compile, wasm-bindgen glue (as a library, no CLI to install),
//! wasm-opt when a working one is available, static files, content-hashed names (served
//! `immutable`), brotli and gzip copies made once here rather than per request, and a size report.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use sha2::Digest;

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
    let wasm_name = fingerprint(&dist, "realis_web_bg.wasm", &[])?;
    let js_name = fingerprint(
        &dist,
        "realis_web.js",
        &[("'realis_web_bg.wasm'", &format!("'{wasm_name}'"))],
    )?;
    let css_name = fingerprint(&dist, "style.css", &[])?;
    let boot_name = fingerprint(
        &dist,
        "boot.js",
        &[("'/realis_web.js'", &format!("'/{js_name}'"))],
    )?;
    rewrite(
        &dist.join("index.html"),
        &[
            ("\"/style.css\"", &format!("\"/{css_name}\"")),
            ("\"/realis_web.js\"", &format!("\"/{js_name}\"")),
            ("\"/realis_web_bg.wasm\"", &format!("\"/{wasm_name}\"")),
            ("\"/boot.js\"", &format!("\"/{boot_name}\"")),
        ],
    )?;
    println!("SPA built in {}:", dist.display());
    let mut first_load = [0usize; 3];
    for name in ["index.html", &boot_name, &js_name, &wasm_name, &css_name] {
        let sizes = precompress(&dist.join(name))?;
        for (total, size) in first_load.iter_mut().zip(sizes) {
            *total += size;
        }
        println!(
            "  {name:<36} {:>6} KB raw, {:>5} KB gzip, {:>5} KB brotli",
            sizes[0] / 1024,
            sizes[1] / 1024,
            sizes[2] / 1024
        );
    }
    println!(
        "  {:<36} {:>6} KB raw, {:>5} KB gzip, {:>5} KB brotli",
        "first load (all of the above)",
        first_load[0] / 1024,
        first_load[1] / 1024,
        first_load[2] / 1024
    );
    Ok(dist)
}

/// Applies `replacements` to the file (each must be found, so a renamed reference fails the
/// build instead of shipping a broken page).
fn rewrite(path: &Path, replacements: &[(&str, &str)]) -> anyhow::Result<()> {
    let mut text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    for (from, to) in replacements {
        if !text.contains(from) {
            bail!("{} does not mention {from}", path.display());
        }
        text = text.replace(from, to);
    }
    std::fs::write(path, text)?;
    Ok(())
}

/// Renames `dist/name` to `stem-<hash>.ext` after applying `replacements`, and returns the new
/// name: the server marks names of that shape immutable (see `realis-server`'s `spa.rs`).
fn fingerprint(dist: &Path, name: &str, replacements: &[(&str, &str)]) -> anyhow::Result<String> {
    let path = dist.join(name);
    if !replacements.is_empty() {
        rewrite(&path, replacements)?;
    }
    let bytes = std::fs::read(&path)?;
    let digest = sha2::Sha256::digest(&bytes);
    let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let (stem, ext) = name
        .rsplit_once('.')
        .context("a file name with an extension")?;
    let hashed = format!("{stem}-{hash}.{ext}");
    std::fs::rename(&path, dist.join(&hashed))?;
    Ok(hashed)
}

/// Writes `path.br` and `path.gz` beside `path` (the server sends them by `Accept-Encoding`)
/// and returns the raw, gzip and brotli sizes.
fn precompress(path: &Path) -> anyhow::Result<[usize; 3]> {
    let bytes = std::fs::read(path)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes)?;
    let gz = gz.finish()?;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params)?;
    let with_ext = |ext: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(ext);
        PathBuf::from(p)
    };
    std::fs::write(with_ext(".gz"), &gz)?;
    std::fs::write(with_ext(".br"), &br)?;
    Ok([bytes.len(), gz.len(), br.len()])
}

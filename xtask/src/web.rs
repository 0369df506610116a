//! Building the SPA: wasm32 compile, the split into a main module and lazy modules (wasm-split as
//! a library), wasm-bindgen glue (as a library, no CLI to install), wasm-opt when a working one is
//! available, static files, content-hashed names (served `immutable`), brotli and gzip copies made
//! once here rather than per request, and a size report.

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

/// Builds the SPA into `frontend/dist` and returns that directory: the main module (login, portal
/// layout, dashboard) and the lazy modules of the other pages (`frontend/src/lazy.rs`) with the
/// chunks they share. `optimise` runs wasm-opt (installing it when possible); tests skip it to
/// save time.
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
    let split = split(root, &wasm, &dist)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&split.main)
        .web(true)
        .context("wasm-bindgen web target")?
        .omit_default_module_path(false)
        // The lazy modules link to the main module's linker exports (memory, table, stack).
        .keep_lld_exports(true)
        .demangle(false)
        .out_name("realis_web")
        .generate(&dist)
        .context("wasm-bindgen glue")?;
    let out = dist.join("realis_web_bg.wasm");
    // The glued module with its names, for `twiggy` (what weighs: see README, P5).
    std::fs::copy(&out, root.join("target/realis_web_bg.named.wasm"))?;
    if optimise {
        match find_wasm_opt(root).or_else(|| install_wasm_opt(root)) {
            Some(wasm_opt) => {
                for module in std::iter::once(&out).chain(&split.lazy) {
                    optimise_wasm(&wasm_opt, module)?;
                }
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
    // Hashed names, leaves first: each file names the hashed names of what it loads.
    let mut lazy_names = Vec::new();
    let mut lazy_refs = Vec::new();
    for module in &split.lazy {
        let name = file_name(module)?;
        let hashed = fingerprint(&dist, &name, &[])?;
        lazy_refs.push((format!("\"./{name}\""), format!("\"./{hashed}\"")));
        lazy_names.push(hashed);
    }
    let wasm_name = fingerprint(&dist, "realis_web_bg.wasm", &[])?;
    // The glue and the lazy-module loader import each other: one hash of both names the pair.
    let [js_name, loader_name] = fingerprint_pair(
        &dist,
        ["realis_web.js", LOADER],
        [
            vec![("'realis_web_bg.wasm'".to_string(), format!("'{wasm_name}'"))],
            lazy_refs,
        ],
        // Only the `import` statements: the imports object keeps the module name the wasm asks for.
        [
            format!("from \"./{LOADER}\""),
            "from \"./realis_web.js\"".to_string(),
        ],
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
    for name in [
        "index.html",
        &boot_name,
        &js_name,
        &loader_name,
        &wasm_name,
        &css_name,
    ] {
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
    let mut lazy = [0usize; 3];
    for name in &lazy_names {
        let sizes = precompress(&dist.join(name))?;
        for (total, size) in lazy.iter_mut().zip(sizes) {
            *total += size;
        }
    }
    println!(
        "  {:<36} {:>6} KB raw, {:>5} KB gzip, {:>5} KB brotli",
        format!("{} lazy modules (pages, on first visit)", lazy_names.len()),
        lazy[0] / 1024,
        lazy[1] / 1024,
        lazy[2] / 1024
    );
    Ok(dist)
}

/// The lazy-module loader written by wasm-split, imported by the glue.
const LOADER: &str = "__wasm_split.js";

/// The module cut at its `wasm_split` functions (`frontend/src/lazy.rs`): the main module still
/// to be glued, and the lazy modules and shared chunks written into `dist` beside their loader
/// (`LOADER`).
struct Split {
    main: PathBuf,
    lazy: Vec<PathBuf>,
}

/// Splits the linked module at its split points (the lazy routes), as `cargo leptos --split`
/// does; the build links with `--emit-relocs` (see `.cargo/config.toml`) for this.
fn split(root: &Path, wasm: &Path, dist: &Path) -> anyhow::Result<Split> {
    let input = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let main = root.join(format!(
        "target/{TARGET}/wasm-release/realis-web_split.wasm"
    ));
    let mut opts = wasm_split_cli_support::Options::new(&input);
    opts.output_dir = dist;
    opts.main_out_path = &main;
    opts.main_module = "./realis_web.js";
    let link_name = format!("./{LOADER}");
    opts.link_name = &link_name;
    let out = wasm_split_cli_support::transform(opts)
        .map_err(|e| anyhow::anyhow!("wasm-split: {e:?}"))?;
    Ok(Split {
        main,
        lazy: out.split_modules,
    })
}

fn optimise_wasm(wasm_opt: &Path, module: &Path) -> anyhow::Result<()> {
    let tmp = module.with_extension("opt.wasm");
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
        .arg(module)
        .arg("-o")
        .arg(&tmp);
        c
    })?;
    std::fs::rename(&tmp, module)?;
    Ok(())
}

fn file_name(path: &Path) -> anyhow::Result<String> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .with_context(|| format!("a file name in {}", path.display()))
}

/// Like `fingerprint` for two files that name each other: `replacements` are applied to each,
/// then one hash of both contents names both, and `mutual[i]` (how file `i` names the other)
/// is rewritten to the other's new name.
fn fingerprint_pair(
    dist: &Path,
    names: [&str; 2],
    replacements: [Vec<(String, String)>; 2],
    mutual: [String; 2],
) -> anyhow::Result<[String; 2]> {
    let mut texts = Vec::new();
    for (name, replacements) in names.iter().zip(&replacements) {
        let path = dist.join(name);
        let pairs: Vec<(&str, &str)> = replacements
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        rewrite(&path, &pairs)?;
        texts.push(std::fs::read_to_string(&path)?);
    }
    let mut digest = sha2::Sha256::new();
    for text in &texts {
        digest.update(text.as_bytes());
    }
    let hash: String = digest
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let hashed = names.map(|name| {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "js"));
        format!("{stem}-{hash}.{ext}")
    });
    for i in 0..2 {
        let other = &hashed[1 - i];
        let (from, to) = (&mutual[i], mutual[i].replace(names[1 - i], other));
        rewrite(&dist.join(names[i]), &[(from, &to)])?;
        std::fs::rename(dist.join(names[i]), dist.join(&hashed[i]))?;
    }
    Ok(hashed)
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

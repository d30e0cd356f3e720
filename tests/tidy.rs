//! Architecture invariants, checked (see ARCHITECTURE.md).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

const PURE: &[&str] = &["src/codec", "src/import", "src/sim", "src/model"];
const BANNED: &[&str] = &[
    "yew",
    "web_sys",
    "js_sys",
    "gloo",
    "wasm_bindgen",
    "std::time::Instant",
    "SystemTime",
    "Instant::now",
    "thread_rng",
    "getrandom",
    "OsRng",
    "std::thread",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn pure_core_uses_no_browser_crate_no_clock_and_no_os_randomness() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in PURE {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() >= 10, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in BANNED {
                assert!(
                    !code.contains(word),
                    "{}:{}: `{word}` is not allowed in the pure core (ARCHITECTURE.md)",
                    file.display(),
                    n + 1
                );
            }
        }
    }
}

#[test]
fn the_ui_is_only_compiled_for_the_browser() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("lib.rs");
    assert!(
        lib.contains("#[cfg(target_arch = \"wasm32\")]\npub mod ui;"),
        "ui must stay behind cfg(wasm32)"
    );
}

#[test]
fn every_dom_test_id_is_documented_in_the_readme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ids = std::fs::read_to_string(root.join("src/ui/testids.rs")).expect("testids");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    for line in ids.lines().filter(|l| l.starts_with("pub const")) {
        let id = line.split('"').nth(1).expect("a string");
        assert!(
            readme.contains(&format!("`{id}`")),
            "README does not document data-testid `{id}`"
        );
    }
}

/// The repository is self-contained: nothing tracked may point at the reference folder that sits
/// beside our own checkout, because nobody who clones the project has it. The needle is built
/// from two pieces so that this file does not match itself.
#[test]
fn no_tracked_file_reaches_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let needle = format!("{}{}", "../", "shared");
    let listed = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success() && !o.stdout.is_empty());
    let files: Vec<PathBuf> = match listed {
        Some(o) => o
            .stdout
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| root.join(String::from_utf8_lossy(p).as_ref()))
            .collect(),
        None => {
            // Not a git checkout (e.g. a source tarball): walk the tree instead.
            let mut out = Vec::new();
            walk_sources(root, &mut out);
            out
        }
    };
    assert!(files.len() > 50, "found only {} files", files.len());
    let offenders: Vec<String> = files
        .iter()
        .filter(|p| {
            std::fs::read(p)
                .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
                .unwrap_or(false)
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "these files mention {needle}, which a fresh clone does not have: {offenders:?}"
    );
}

fn walk_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    const SKIP: &[&str] = &[
        "target",
        "node_modules",
        "dist",
        "test-output",
        ".git",
        "artifacts",
    ];
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        let name = entry.file_name();
        if p.is_dir() {
            if !SKIP.iter().any(|s| name == *s) {
                walk_sources(&p, out);
            }
        } else {
            out.push(p);
        }
    }
}

//! Architecture invariants, checked (see ARCHITECTURE.md).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]

use std::path::{Path, PathBuf};

const PURE: &[&str] = &[
    "src/codec",
    "src/import",
    "src/engine",
    "src/sim",
    "src/model",
    "src/analyze",
];
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
fn every_dom_test_id_is_documented_in_the_dom_contract() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ids = std::fs::read_to_string(root.join("src/ui/testids.rs")).expect("testids");
    let contract =
        std::fs::read_to_string(root.join("docs/dom-contract.md")).expect("docs/dom-contract.md");
    for line in ids.lines().filter(|l| l.starts_with("pub const")) {
        let id = line.split('"').nth(1).expect("a string");
        assert!(
            contract.contains(&format!("`{id}`")),
            "docs/dom-contract.md does not document data-testid `{id}`"
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

/// Every translation key the UI uses is in the table, in both languages. Keys are found as
/// the first string argument of `t(lang, "key")` calls and, for keys passed around before the
/// call (tab labels, quick-edit labels, option lists), as any string literal shaped like a key
/// whose first segment is one of the table's key families.
#[test]
fn every_translation_key_used_in_the_code_is_in_the_table_in_both_languages() {
    use igmpwb::codec::Lang;
    use igmpwb::model::i18n;
    let known: std::collections::BTreeSet<&str> = i18n::keys().collect();
    let families: std::collections::BTreeSet<&str> = known
        .iter()
        .map(|k| k.split('.').next().unwrap_or(k))
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/ui"), &mut files);
    rust_files(&root.join("src/model"), &mut files);
    let mut used = std::collections::BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("source");
        for (i, _) in text
            .match_indices("t(l, \"")
            .chain(text.match_indices("t(lang, \""))
        {
            let rest = &text[i..];
            let start = rest.find('"').map_or(0, |q| q + 1);
            if let Some(end) = rest[start..].find('"') {
                used.insert(rest[start..start + end].to_string());
            }
        }
        for literal in text.split('"').skip(1).step_by(2) {
            let shaped = literal.contains('.')
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_');
            let family = literal.split('.').next().unwrap_or_default();
            if shaped && families.contains(family) && family != literal {
                used.insert(literal.to_string());
            }
        }
    }
    assert!(used.len() > 80, "found only {} keys in use", used.len());
    let missing: Vec<&String> = used
        .iter()
        .filter(|k| !known.contains(k.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "keys used but not in src/model/i18n.rs: {missing:?}"
    );
    for k in &used {
        let (en, ja) = (i18n::t(Lang::En, k), i18n::t(Lang::Ja, k));
        assert!(
            !en.is_empty() && !ja.is_empty() && en != *k && ja != *k,
            "{k}"
        );
    }
}

#[test]
fn every_field_id_the_dissector_emits_is_known_to_the_filter_and_every_known_id_is_emitted() {
    use igmpwb::codec::field_ids::{is_field_id, FIELD_IDS};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<PathBuf> = Vec::new();
    for dir in [
        "tests/data/corpus/tcpdump",
        "tests/data/corpus/linux-frr",
        "tests/data/parity",
        "tests/data/frames/ok",
        "tests/data/frames/err",
    ] {
        for e in std::fs::read_dir(root.join(dir)).expect("dir") {
            let p = e.expect("entry").path();
            if matches!(p.extension().and_then(|x| x.to_str()), Some("pcap" | "hex")) {
                inputs.push(p);
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for p in &inputs {
        let imp = igmpwb::import::import(&std::fs::read(p).expect("read"));
        for f in &imp.frames {
            for field in igmpwb::codec::dissect(f.link, &f.bytes).fields {
                assert!(
                    is_field_id(field.id),
                    "{}: {} is not in codec::field_ids::FIELD_IDS",
                    p.display(),
                    field.id
                );
                seen.insert(field.id);
            }
        }
    }
    let mut sorted = FIELD_IDS.to_vec();
    sorted.sort_unstable();
    assert_eq!(
        sorted, FIELD_IDS,
        "FIELD_IDS must stay sorted (binary search)"
    );
    // An id nobody emits would be accepted by the filter and never match: each must appear in the
    // dissector's source.
    let mut source = String::new();
    for entry in std::fs::read_dir(root.join("src/codec/dissect")).expect("dissect") {
        source.push_str(&std::fs::read_to_string(entry.expect("e").path()).expect("read"));
    }
    for id in FIELD_IDS {
        let (layer, name) = id.split_once('.').unwrap_or((id, ""));
        let literal = format!("\"{id}\"");
        let built = !name.is_empty()
            && source.contains(&format!("\"{name}\""))
            && source.contains(&format!("\"{layer}\""));
        assert!(
            source.contains(&literal) || built || seen.contains(*id),
            "{id} is never emitted"
        );
    }
}

/// The RFC 3376 §6.4 table, the §7.3.2 translation and RFC 2236 §7's states are written once,
/// in `src/engine`: neither the simulator nor the analysis keeps a copy of a row (#25), and the
/// engine depends on neither of them.
#[test]
fn the_rfc_rules_live_in_the_engine_only() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src/sim", "src/analyze", "src/model", "src/ui"] {
        rust_files(&root.join(dir), &mut files);
    }
    // Pieces of the table only a copy of it would spell out.
    let rows = [
        "(FilterMode::Include, 1)",
        "(FilterMode::Exclude, 6)",
        "(Mode::Include, Kind::",
        "(Include, IsEx",
        "(Exclude, Block)",
        "A*B, B-A",
        "(1 | 2, 6) =>",
        "(1 | 2, RecordType::Block)",
    ];
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        for row in rows {
            assert!(
                !text.contains(row),
                "{}: `{row}` belongs to src/engine (one RFC engine)",
                file.display()
            );
        }
    }
    let mut engine = Vec::new();
    rust_files(&root.join("src/engine"), &mut engine);
    assert!(engine.len() >= 4);
    for file in engine {
        let text = std::fs::read_to_string(&file).expect("read");
        for upward in ["crate::sim", "crate::analyze", "crate::model", "crate::ui"] {
            assert!(
                !text.contains(upward),
                "{}: the engine must not depend on {upward}",
                file.display()
            );
        }
    }
}

/// The layers depend downwards only (ARCHITECTURE.md): codec ← import, engine ← sim, analyze ←
/// model ← ui, with the small shared helpers (`num`, `order`, `sorted_map`) usable by all. As in
/// rust-analyzer's tidy, a `crate::` path that names a layer above (or a peer: the simulator and
/// the analysis know nothing of each other) fails here with its file and line.
#[test]
fn the_layers_depend_downwards_only() {
    const HELPERS: &[&str] = &["num", "order", "sorted_map"];
    let layers: &[(&str, &[&str])] = &[
        ("codec", &["codec"]),
        ("import", &["codec", "import"]),
        ("engine", &["codec", "engine"]),
        ("sim", &["codec", "import", "engine", "sim"]),
        ("analyze", &["codec", "import", "engine", "analyze"]),
        (
            "model",
            &["codec", "import", "engine", "sim", "analyze", "model"],
        ),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for (layer, allowed) in layers {
        let mut files = Vec::new();
        rust_files(&root.join("src").join(layer), &mut files);
        assert!(!files.is_empty(), "src/{layer} has no Rust file");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read");
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for (i, _) in code.match_indices("crate::") {
                    let rest = &code[i + "crate::".len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    // `crate::{a, b}` would hide the layers it names: spell each path out.
                    assert!(
                        !name.is_empty(),
                        "{}:{}: name each layer in its own `crate::` path",
                        file.display(),
                        n + 1
                    );
                    assert!(
                        allowed.contains(&name.as_str()) || HELPERS.contains(&name.as_str()),
                        "{}:{}: src/{layer} must not depend on crate::{name} (the layers depend \
                         downwards only, see ARCHITECTURE.md)",
                        file.display(),
                        n + 1
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} crate:: paths seen");
}

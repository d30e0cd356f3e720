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
    // `testids`: the DOM contract's ids, plain constants (the model writes some into markup).
    const HELPERS: &[&str] = &["json", "num", "order", "sorted_map", "testids"];
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

/// Japanese text has a home per kind of thing (#31): the UI's fixed strings in the i18n table,
/// the import's sentences in its catalogue, and sentences built from protocol data beside the
/// rule that builds them (the dissector's fields, the diagnostics, the simulator's narration,
/// the analysis's findings, the Builder's form). A new file holding Japanese, or a screen
/// component writing it inline, fails here: its strings belong in one of these.
#[test]
fn japanese_text_lives_in_its_catalogues_only() {
    const HOMES: &[(&str, &str)] = &[
        ("src/model/i18n.rs", "the UI's table of fixed strings"),
        ("src/import/messages.rs", "everything the import says"),
        ("src/codec/diagnostics.rs", "the diagnostic catalogue"),
        ("src/codec/layout.rs", "the field table's labels"),
        ("src/codec/spec.rs", "destination rules, beside them"),
        (
            "src/codec/mld_spec.rs",
            "the MLD presets' names, beside the IGMP ones' rule",
        ),
        (
            "src/model/builder_mld.rs",
            "the MLD form's labels and reasons, beside its fields",
        ),
        (
            "src/codec/dissect/mod.rs",
            "the dissector's values and notes",
        ),
        (
            "src/codec/dissect/link.rs",
            "the dissector's values and notes",
        ),
        (
            "src/codec/dissect/ipv4.rs",
            "the dissector's values and notes",
        ),
        (
            "src/codec/dissect/igmp.rs",
            "the dissector's values and notes",
        ),
        (
            "src/codec/dissect/pim.rs",
            "the dissector's values and notes",
        ),
        (
            "src/codec/dissect/tunnel.rs",
            "the dissector's values and notes",
        ),
        (
            "src/codec/dissect/other.rs",
            "the dissector's values and notes",
        ),
        (
            "src/codec/dissect/mld.rs",
            "the dissector's values and notes",
        ),
        ("src/sim/narration.rs", "the simulator's narration"),
        (
            "src/sim/builtin.rs",
            "the built-in scenarios' titles and goals",
        ),
        (
            "src/sim/scenario.rs",
            "the scenario file's errors, beside its limits",
        ),
        ("src/sim/world.rs", "the run's errors (RunError)"),
        (
            "src/engine/family.rs",
            "IGMP's and MLD's names for the same rule, side by side",
        ),
        ("src/analyze/expect.rs", "findings, beside their rules"),
        ("src/analyze/groups.rs", "findings, beside their rules"),
        ("src/analyze/election.rs", "findings, beside their rules"),
        ("src/analyze/observer.rs", "findings, beside their rules"),
        ("src/analyze/report.rs", "the analysis report's headings"),
        (
            "src/model/builder.rs",
            "the Builder's form, presets and errors (SetError)",
        ),
        (
            "src/model/filter.rs",
            "filter errors (Mistake) and the quick word 問題",
        ),
        ("src/model/share.rs", "share-link errors (ShareError)"),
        ("src/model/samples.rs", "the sample frames' titles"),
        ("src/model/glossary.rs", "the glossary"),
        ("src/model/lesson.rs", "the lessons"),
        (
            "src/model/predict.rs",
            "predict mode's questions, from the state",
        ),
        ("src/model/player.rs", "the step narration, from the frames"),
        (
            "src/bin/igmpwb/cli.rs",
            "the command line's interface headings",
        ),
    ];
    let japanese =
        |c: char| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = std::collections::BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("source");
        // Tests (at the end of a file, by convention) and comments may say anything.
        let code = text.split("\n#[cfg(test)]").next().unwrap_or_default();
        if code
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .any(|l| l.chars().any(japanese))
        {
            let rel = f
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            found.insert(rel);
        }
    }
    let homes: std::collections::BTreeSet<String> =
        HOMES.iter().map(|(f, _)| f.to_string()).collect();
    let strays: Vec<_> = found.difference(&homes).collect();
    assert!(
        strays.is_empty(),
        "Japanese text outside its catalogues (put fixed UI strings in src/model/i18n.rs, \
         import sentences in src/import/messages.rs): {strays:?}"
    );
    let empty: Vec<_> = homes.difference(&found).collect();
    assert!(
        empty.is_empty(),
        "catalogues listed here that hold no Japanese any more: {empty:?}"
    );
    assert!(
        !found.iter().any(|f| f.starts_with("src/ui/")),
        "the screens write no Japanese inline: {found:?}"
    );
}

/// A key built at run time (`t(l, &format!("analysis.role.{role}"))`) escapes the literal-key
/// check above: every such family found in the code is listed here with the values it is built
/// from, and each of those keys is in the table in both languages. A new run-time family fails
/// until its values are listed.
#[test]
fn keys_built_at_run_time_are_in_the_table() {
    use igmpwb::analyze::{LaneRole, ENDED_BY};
    use igmpwb::codec::{Lang, Severity};
    use igmpwb::import::LinkChoice;
    use igmpwb::model::{i18n, time_format::TimeFormat};
    let families: Vec<(&str, Vec<String>)> = vec![
        (
            "phrase.",
            i18n::PHRASES.iter().map(|p| p.to_string()).collect(),
        ),
        (
            "inspector.link.",
            LinkChoice::ALL
                .iter()
                .map(|c| c.value().to_string())
                .collect(),
        ),
        (
            "analysis.role.",
            LaneRole::ALL.iter().map(|r| r.id().to_string()).collect(),
        ),
        (
            "analysis.ended.",
            ENDED_BY.iter().map(|e| e.to_string()).collect(),
        ),
        (
            "severity.",
            Severity::ALL.iter().map(|s| s.name().to_string()).collect(),
        ),
        (
            "time.",
            TimeFormat::ALL.iter().map(|f| f.id().to_string()).collect(),
        ),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut built = std::collections::BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("source");
        for (i, _) in text.match_indices("&format!(\"") {
            let before = &text[..i];
            let call = before.rfind("t(").is_some_and(|c| i - c < 12);
            let literal = &text[i + 10..];
            let key = &literal[..literal.find('"').unwrap_or(0)];
            if call && key.contains(".{") {
                built.insert(key[..=key.find(".{").unwrap()].to_string());
            }
        }
    }
    let listed: std::collections::BTreeSet<String> =
        families.iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(
        built, listed,
        "run-time key families in the code vs listed here"
    );
    for (prefix, values) in &families {
        assert!(!values.is_empty(), "{prefix}");
        for v in values {
            let key = format!("{prefix}{v}");
            let (en, ja) = (i18n::t(Lang::En, &key), i18n::t(Lang::Ja, &key));
            assert!(
                en != key && ja != key && !ja.is_empty(),
                "{key} is not in the table"
            );
        }
    }
}

/// Header fields are read and written through the field tables of `src/codec/layout.rs` (#27),
/// not by literal offsets (`be16_at(b, 4)`, `b.get(8..)`), so that a field is defined once. The
/// codec files that still read by literal offsets are listed with their count: a count may only
/// go down (lower it here when a file is converted), and no other codec file may start.
#[test]
fn the_codec_reads_header_fields_through_its_tables() {
    const STILL_LITERAL: &[(&str, usize)] = &[
        ("src/codec/dissect/igmp.rs", 1),
        ("src/codec/dissect/ipv4.rs", 1),
        ("src/codec/summary/icmp6.rs", 21),
        ("src/codec/summary/mod.rs", 17),
        ("src/codec/summary/transport.rs", 6),
    ];
    let reads = |line: &str| -> usize {
        let mut n = 0;
        let readers = [
            "be16_at(",
            "be32_at(",
            "byte_at(",
            "bytes_at(",
            "ipv4_at(",
            "be16(",
            "be32(",
        ];
        for r in readers {
            for (i, _) in line.match_indices(r) {
                if i > 0 && line[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                // The first argument, then a literal number as the second.
                let args = &line[i + r.len()..];
                let mut depth = 0usize;
                let comma = args.char_indices().find(|(_, c)| {
                    match c {
                        '(' | '[' => depth += 1,
                        ')' | ']' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    *c == ',' && depth == 0
                });
                if let Some((c, _)) = comma {
                    let second = args[c + 1..].trim_start();
                    let digits: String = second.chars().take_while(char::is_ascii_digit).collect();
                    let after = second[digits.len()..].trim_start();
                    if !digits.is_empty() && (after.starts_with(')') || after.starts_with(',')) {
                        n += 1;
                    }
                }
            }
        }
        for (i, _) in line.match_indices(".get(") {
            let inside = line[i + 5..].trim_start().trim_start_matches("..");
            let digits: String = inside.chars().take_while(char::is_ascii_digit).collect();
            let after = &inside[digits.len()..];
            if !digits.is_empty() && (after.starts_with("..") || after.starts_with(')')) {
                n += 1;
            }
        }
        n
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/codec"), &mut files);
    let mut found = std::collections::BTreeMap::new();
    for f in &files {
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "src/codec/layout.rs" {
            continue;
        }
        let text = std::fs::read_to_string(f).expect("source");
        let code = text.split("\n#[cfg(test)]").next().unwrap_or_default();
        let n: usize = code
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(reads)
            .sum();
        if n > 0 {
            found.insert(rel, n);
        }
    }
    for (file, n) in &found {
        let allowed = STILL_LITERAL
            .iter()
            .find(|(f, _)| f == file)
            .map_or(0, |(_, n)| *n);
        assert!(
            *n <= allowed,
            "{file} reads {n} header fields by literal offset (allowed {allowed}; all: {found:?}): use the \
             field's table in src/codec/layout.rs"
        );
    }
    for (file, allowed) in STILL_LITERAL {
        let n = found.get(*file).copied().unwrap_or(0);
        assert_eq!(n, *allowed, "{file} now reads {n}: lower its count here");
    }
}

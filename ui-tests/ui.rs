//! Compile-fail and compile-pass tests of `#[derive(ApiError)]`.
//!
//! Each `ui/fail/*.rs` holds one mistake and its expected compiler output in the `.stderr`
//! next to it; each `ui/pass/*.rs` must compile and run. After a deliberate change of a
//! message or span, re-bless the `.stderr` files and read the diff:
//!
//! ```text
//! TRYBUILD=overwrite cargo test -p errwire-ui-tests --all-features
//! ```

use std::path::Path;

#[test]
fn ui() {
    copy_locales();
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}

/// trybuild compiles every case in its own project, `<target>/tests/trybuild/errwire-ui-tests`,
/// which is the cases' `CARGO_MANIFEST_DIR`: `#[api(locales = "locales/...")]` reads the
/// resources of `ui-tests/locales`, copied there. Returns the copy.
fn copy_locales() -> std::path::PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("the target dir");
    let project = target.join("tests/trybuild").join(env!("CARGO_PKG_NAME"));
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    for case in std::fs::read_dir(&from).unwrap() {
        let case = case.unwrap().path();
        let into = project.join("locales").join(case.file_name().unwrap());
        std::fs::create_dir_all(&into).unwrap();
        for file in std::fs::read_dir(&case).unwrap() {
            let file = file.unwrap().path();
            let copy = into.join(file.file_name().unwrap());
            // Only a changed file is written: an unchanged one must not rebuild the cases.
            if std::fs::read(&copy).ok() != Some(std::fs::read(&file).unwrap()) {
                std::fs::write(&copy, std::fs::read(&file).unwrap()).unwrap();
            }
        }
    }
    project.join("locales")
}

#[test]
fn the_cases_locales_folder_resolves() {
    let copied = copy_locales();
    let german = std::fs::read_to_string(copied.join("ok/de.ftl")).unwrap();
    assert!(german.starts_with("Conflict = Bestellung"), "{german}");
}

/// No expected output names what the user never wrote: errwire's hidden module, the derive's
/// generated locals and items (`__errwire_field0`, `__catalog`, `__ENTRIES`, `__map`, ...), or a
/// file of the hidden module. Every generated name starts with two underscores; a message that
/// shows one points into generated code instead of at the user's token.
#[test]
fn no_message_names_generated_internals() {
    let mut hits = Vec::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/fail");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "stderr") {
            continue;
        }
        checked += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            if let Some(name) = generated_name(line) {
                hits.push(format!("{}:{}: `{name}` in: {line}", path.display(), number + 1));
            }
        }
    }
    assert!(checked > 50, "no .stderr files found in {}", dir.display());
    assert!(hits.is_empty(), "expected output names generated internals:\n{}", hits.join("\n"));
}

/// The first word in `line` that starts with `__` and a letter (`__private`, `__ENTRIES`), or
/// that names one of errwire's hidden items.
fn generated_name(line: &str) -> Option<String> {
    let words = line.split(|c: char| !(c.is_alphanumeric() || c == '_'));
    let found = words.into_iter().find(|word| {
        let rest = word.trim_start_matches('_');
        (word.len() - rest.len() >= 2 && rest.starts_with(char::is_alphabetic))
            || ["AsDynError", "FormatProbe", "SourceProbe", "assert_members_free"].contains(word)
    });
    found.map(str::to_owned)
}

#[test]
fn the_scan_finds_generated_names() {
    assert_eq!(generated_name("note: inside `errwire::__private::f`"), Some("__private".to_owned()));
    assert_eq!(generated_name("cannot find value `__catalog` in this scope"), Some("__catalog".to_owned()));
    assert_eq!(generated_name(" ::: $WORKSPACE/runtime/src/__private.rs"), Some("__private".to_owned()));
    assert_eq!(generated_name("static __ENTRIES"), Some("__ENTRIES".to_owned()));
    assert_eq!(generated_name("required by `String: AsDynError`"), Some("AsDynError".to_owned()));
    assert_eq!(generated_name("error: unknown api attribute `stauts`, did you mean `status`?"), None);
    assert_eq!(generated_name("  |                 ^^^^^^^^ `__`"), None);
}

/// The derive rejects a body member named like a member of a built-in format from its own table
/// (`macros/src/formats.rs`); it must be the formats' `RESERVED`.
#[test]
fn the_derive_knows_the_members_of_every_built_in_format() {
    mod formats {
        include!("../macros/src/formats.rs");
    }
    use errwire::Format;
    use errwire::format::{ErrorList, ErrorType, Hapi, ProblemJson};

    let runtime: [(&str, &[&str]); 4] = [
        ("ProblemJson", <ProblemJson as Format>::RESERVED),
        ("ErrorList", <ErrorList as Format>::RESERVED),
        ("Hapi", <Hapi as Format>::RESERVED),
        ("ErrorType", <ErrorType as Format>::RESERVED),
    ];
    assert_eq!(formats::BUILT_IN, runtime.as_slice());
}

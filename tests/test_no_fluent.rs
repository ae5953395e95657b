//! `#[api(locales = "...")]` on errwire built WITHOUT its `fluent` feature is a compile error
//! that names the feature (the derive has no features, so it can't tell: the generated code goes
//! through `__private::l10n!`, which is that error when the feature is off).
//!
//! The rest of the suite builds errwire with every feature, so this test compiles a small crate
//! of its own: `cargo check --offline` of `target/no-fluent-check/crate`, which depends on
//! errwire by path with default features only, in a target directory of its own
//! (`target/no-fluent-check/target`, kept between runs: only the first run compiles errwire's
//! dependencies, about a minute on two cores; later runs take seconds). The crate gets the
//! workspace's `Cargo.lock`, so `--offline` finds every dependency already downloaded.

use std::path::{Path, PathBuf};
use std::process::Command;

const MAIN: &str = r#"
#[derive(Debug, errwire::ApiError)]
#[api(locales = "locales")]
pub enum OrderError {
    #[api(status = 409, msg = "Order {id} was changed by someone else")]
    Conflict { id: u64 },
}

fn main() {}
"#;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Only a changed file is written: an unchanged one keeps cargo's cache fresh.
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn locales_without_the_fluent_feature_is_a_compile_error_naming_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let dir = target.join("no-fluent-check");
    let krate = dir.join("crate");
    let runtime = root.join("runtime");
    write(
        &krate.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"no-fluent\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nerrwire = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    );
    write(&krate.join("src/main.rs"), MAIN);
    write(&krate.join("locales/de.ftl"), "Conflict = Bestellung { $id } wurde geändert\n");
    write(&krate.join("Cargo.lock"), &std::fs::read_to_string(root.join("Cargo.lock")).unwrap());

    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["check", "--offline", "--quiet", "--message-format=short"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        // The outer build's flags and features are not this crate's.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "compiled without `fluent`:\n{stderr}");
    assert_eq!(
        stderr.lines().filter(|line| line.contains("error")).collect::<Vec<_>>(),
        [
            "src/main.rs:3:17: error: `#[api(locales = \"...\")]` needs errwire's `fluent` feature: errwire = { version = \"0.1\", features = [\"fluent\"] }",
            "error: could not compile `no-fluent` (bin \"no-fluent\") due to 1 previous error",
        ],
        "{stderr}"
    );
}

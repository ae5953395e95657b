//! Breaking-change detection for the error contract (`errwire::contract`): one small enum per
//! kind of change, old and new as two modules, each test asserting the classification and the
//! report text; the snapshot workflow (`check` in each mode) on temporary files; and the example
//! service's contract, snapshotted in `tests/contracts/connect.json`.

// Only the types' contracts are used: their variants are never built.
#![allow(dead_code)]

#[path = "../runtime/examples/service/app.rs"]
mod app;

use std::path::PathBuf;

use errwire::ApiError;
use errwire::contract::{Contract, Diff, Failure, Kind, Mode, Outcome, assert_compatible, check};

fn changes<Old: ApiError, New: ApiError>() -> Diff {
    Contract::of::<Old>().diff(&Contract::of::<New>())
}

fn kinds(diff: &Diff) -> Vec<Kind> {
    diff.changes().iter().map(|change| change.kind).collect()
}

// ----- Breaking -------------------------------------------------------------------------------

mod code_removed {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            #[api(status = 404, msg = "No item {id}")]
            NotFound { id: u64 },
            #[api(status = 410, msg = "Item {id} was deleted")]
            Deleted { id: u64 },
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            #[api(status = 404, msg = "No item {id}")]
            NotFound { id: u64 },
        }
    }
}

#[test]
fn a_removed_code_is_breaking() {
    let diff = changes::<code_removed::old::ItemError, code_removed::new::ItemError>();
    assert_eq!(kinds(&diff), [Kind::Breaking]);
    assert_eq!(diff.report(), "breaking:\n  410 Deleted: code removed: 410 Deleted → (none)\n");
}

mod code_renamed {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            #[api(status = 404, msg = "No item {id}")]
            NotFound { id: u64 },
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            #[api(status = 404, code = "ItemNotFound", msg = "No item {id}")]
            NotFound { id: u64 },
        }
    }
}

#[test]
fn a_renamed_code_is_breaking() {
    let diff = changes::<code_renamed::old::ItemError, code_renamed::new::ItemError>();
    assert_eq!(kinds(&diff), [Kind::Breaking]);
    assert_eq!(diff.report(), "breaking:\n  404 NotFound: code renamed: 404 NotFound → 404 ItemNotFound\n");
}

mod status_changed {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            #[api(status = 404, title = "No such item", msg = "No item {id}")]
            NotFound { id: u64 },
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            #[api(status = 410, title = "No such item", msg = "No item {id}")]
            NotFound { id: u64 },
        }
    }
}

#[test]
fn a_changed_status_is_breaking() {
    let diff = changes::<status_changed::old::ItemError, status_changed::new::ItemError>();
    assert_eq!(kinds(&diff), [Kind::Breaking]);
    assert_eq!(diff.report(), "breaking:\n  404 NotFound: status changed: 404 → 410\n");
}

mod grpc_code_changed {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        pub enum KeyError {
            #[api(status = 409, code = "DuplicateKey", msg = "Key {key} is taken")]
            Taken { key: String },
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        pub enum KeyError {
            #[api(status = 409, code = "DuplicateKey", grpc = "ALREADY_EXISTS", msg = "Key {key} is taken")]
            Taken { key: String },
        }
    }
}

/// The same HTTP status, another gRPC code: gRPC clients branch on the code.
#[test]
fn a_changed_grpc_code_is_breaking() {
    let diff = changes::<grpc_code_changed::old::KeyError, grpc_code_changed::new::KeyError>();
    assert_eq!(kinds(&diff), [Kind::Breaking]);
    assert_eq!(diff.report(), "breaking:\n  409 DuplicateKey: gRPC code changed: ABORTED → ALREADY_EXISTS\n");
}

mod member_removed {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            #[api(status = 409, msg = "Item {id} changed")]
            Conflict { id: u64, version: u32 },
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            #[api(status = 409, msg = "Item {id} changed")]
            Conflict { id: u64 },
        }
    }
}

#[test]
fn a_removed_member_is_breaking() {
    let diff = changes::<member_removed::old::ItemError, member_removed::new::ItemError>();
    assert_eq!(kinds(&diff), [Kind::Breaking]);
    assert_eq!(diff.report(), "breaking:\n  409 Conflict: member removed: version (integer) → (none)\n");
}

mod member_renamed {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            #[api(status = 404, msg = "No item {id}")]
            NotFound { id: u64 },
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        #[api(rename_all = "camelCase")]
        pub enum ItemError {
            #[api(status = 404, msg = "No item {item_id}")]
            NotFound { item_id: u64 },
        }
    }
}

#[test]
fn a_renamed_member_is_breaking() {
    let diff = changes::<member_renamed::old::ItemError, member_renamed::new::ItemError>();
    assert_eq!(kinds(&diff), [Kind::Breaking, Kind::Cosmetic]);
    assert_eq!(
        diff.report(),
        "breaking:\n  404 NotFound: member renamed: id (integer) → itemId (integer)\n\
         cosmetic:\n  404 NotFound: message changed: \"No item {id}\" → \"No item {item_id}\"\n"
    );
}

mod member_type_changed {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            #[api(status = 404, msg = "No item {id}")]
            NotFound { id: u64 },
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            #[api(status = 404, msg = "No item {id}")]
            NotFound { id: String },
        }
    }
}

#[test]
fn a_member_of_another_type_is_breaking() {
    let diff = changes::<member_type_changed::old::ItemError, member_type_changed::new::ItemError>();
    assert_eq!(kinds(&diff), [Kind::Breaking]);
    assert_eq!(diff.report(), "breaking:\n  404 NotFound: member type changed: id: integer → string\n");
}

mod member_optional {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        pub enum QuotaError {
            #[api(status = 429, msg = "Quota used up")]
            Exceeded { limit: u32 },
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        pub enum QuotaError {
            #[api(status = 429, msg = "Quota used up")]
            Exceeded { limit: Option<u32> },
        }
    }
}

#[test]
fn a_member_becoming_optional_is_breaking() {
    let diff = changes::<member_optional::old::QuotaError, member_optional::new::QuotaError>();
    assert_eq!(kinds(&diff), [Kind::Breaking]);
    assert_eq!(
        diff.report(),
        "breaking:\n  429 Exceeded: member became optional: limit: integer → integer or null\n"
    );
    // And back: a member no longer null is another type too (errwire doesn't judge narrowing).
    let back = changes::<member_optional::new::QuotaError, member_optional::old::QuotaError>();
    assert_eq!(
        back.report(),
        "breaking:\n  429 Exceeded: member type changed: limit: integer or null → integer\n"
    );
}

mod header_removed {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        pub enum QuotaError {
            #[api(status = 429, msg = "Retry after {secs} seconds")]
            Exceeded {
                #[api(header = "Retry-After")]
                secs: u64,
            },
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        pub enum QuotaError {
            #[api(status = 429, msg = "Retry after {secs} seconds")]
            Exceeded {
                #[api(skip)]
                secs: u64,
            },
        }
    }
}

#[test]
fn a_removed_header_is_breaking() {
    let diff = changes::<header_removed::old::QuotaError, header_removed::new::QuotaError>();
    assert_eq!(kinds(&diff), [Kind::Breaking]);
    assert_eq!(diff.report(), "breaking:\n  429 Exceeded: header removed: retry-after (integer) → (none)\n");
}

mod content_type_changed {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            #[api(status = 404, msg = "No item")]
            NotFound,
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        #[api(format = errwire::format::ErrorList)]
        pub enum ItemError {
            #[api(status = 404, msg = "No item")]
            NotFound,
        }
    }
}

#[test]
fn another_content_type_is_breaking() {
    let diff = changes::<content_type_changed::old::ItemError, content_type_changed::new::ItemError>();
    // The problem's `type` (about:blank, written by the format) is gone with it.
    assert_eq!(kinds(&diff), [Kind::Breaking, Kind::Breaking, Kind::Breaking, Kind::Breaking]);
    assert_eq!(
        diff.report(),
        "breaking:\n  format: format changed: ProblemJson → ErrorList\n  \
         format: content type changed: application/problem+json → application/json\n  \
         format: envelope changed: detail, instance, status, title, type → errors[].code, errors[].message, message, statusCode\n  \
         404 NotFound: type changed: about:blank → (none)\n"
    );
}

mod envelope_changed {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        #[api(format = errwire::format::ErrorList)]
        pub enum ItemError {
            #[api(status = 404, msg = "No item")]
            NotFound,
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        #[api(format = errwire::format::Hapi)]
        pub enum ItemError {
            #[api(status = 404, msg = "No item")]
            NotFound,
        }
    }
}

#[test]
fn another_envelope_with_the_same_content_type_is_breaking() {
    let diff = changes::<envelope_changed::old::ItemError, envelope_changed::new::ItemError>();
    assert_eq!(kinds(&diff), [Kind::Breaking, Kind::Breaking]);
    assert_eq!(
        diff.report(),
        "breaking:\n  format: format changed: ErrorList → Hapi\n  \
         format: envelope changed: errors[].code, errors[].message, message, statusCode → error, message, statusCode\n"
    );
}

// ----- Additive -------------------------------------------------------------------------------

mod additive {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        pub enum QuotaError {
            #[api(status = 429, msg = "Quota used up")]
            Exceeded { limit: u32 },
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        pub enum QuotaError {
            #[api(status = 429, msg = "Quota used up")]
            Exceeded {
                limit: u32,
                /// When the quota is renewed, if known.
                renewed_at: Option<String>,
                #[api(header = "Retry-After")]
                retry_after: u64,
            },
            /// The account has no quota for this operation at all.
            #[api(status = 403, msg = "No quota for this operation")]
            NoQuota,
        }
    }
}

#[test]
fn new_codes_members_and_headers_are_additive() {
    let diff = changes::<additive::old::QuotaError, additive::new::QuotaError>();
    assert_eq!(kinds(&diff), [Kind::Additive, Kind::Additive, Kind::Additive]);
    assert!(!diff.is_breaking());
    assert_eq!(
        diff.report(),
        "additive:\n  429 Exceeded: member added: (none) → renewed_at (string or null)\n  \
         429 Exceeded: header added: (none) → retry-after (integer)\n  \
         403 NoQuota: code added: (none) → 403 NoQuota\n"
    );
}

// ----- Cosmetic -------------------------------------------------------------------------------

mod cosmetic {
    pub mod old {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            /// The item does not exist.
            #[api(status = 404, msg = "No item {id}")]
            NotFound {
                /// The item's id.
                id: u64,
            },
        }
    }
    pub mod new {
        #[derive(Debug, errwire::ApiError)]
        pub enum ItemError {
            /// The item does not exist, or was deleted. List the items with GET /items to find
            /// the right id.
            #[api(status = 404, title = "Item not found", msg = "Item {id} not found")]
            NotFound {
                /// The id from the request URL.
                id: u64,
            },
        }
    }
}

#[test]
fn wording_and_doc_text_are_cosmetic() {
    let diff = changes::<cosmetic::old::ItemError, cosmetic::new::ItemError>();
    assert_eq!(kinds(&diff), [Kind::Cosmetic; 4]);
    assert_eq!(
        diff.report(),
        "cosmetic:\n  404 NotFound: member description changed: id: \"The item's id.\" → \"The id from the request URL.\"\n  \
         404 NotFound: title changed: \"Not Found\" → \"Item not found\"\n  \
         404 NotFound: message changed: \"No item {id}\" → \"Item {id} not found\"\n  \
         404 NotFound: description changed: \"The item does not exist.\" → \"The item does not exist, or was deleted. List the items with GET /items to find…\"\n"
    );
}

#[test]
fn the_same_contract_has_no_changes() {
    let diff = changes::<cosmetic::old::ItemError, cosmetic::old::ItemError>();
    assert!(diff.is_empty());
    assert_eq!(diff.report(), "");
}

// ----- The snapshot workflow ----------------------------------------------------------------------

/// A snapshot path of its own for each test, holding `old`'s contract.
fn snapshot_of<Old: ApiError>(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("errwire-contract-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, Contract::of::<Old>().to_json()).unwrap();
    path
}

#[test]
fn a_missing_snapshot_is_written_except_in_ci() {
    let path = snapshot_of::<cosmetic::old::ItemError>("missing");
    std::fs::remove_file(&path).unwrap();
    let failure = check::<cosmetic::old::ItemError>(&path, Mode::Ci).unwrap_err();
    assert!(matches!(failure, Failure::Missing { .. }));
    assert!(failure.to_string().contains("(CI never writes one)"), "{failure}");
    assert!(!path.exists());
    assert_eq!(check::<cosmetic::old::ItemError>(&path, Mode::Check).unwrap(), Outcome::Written);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), Contract::of::<cosmetic::old::ItemError>().to_json());
    assert_eq!(check::<cosmetic::old::ItemError>(&path, Mode::Ci).unwrap(), Outcome::Unchanged);
}

#[test]
fn breaking_changes_fail_with_the_report_in_every_mode_but_accept() {
    type Old = member_type_changed::old::ItemError;
    type New = member_type_changed::new::ItemError;
    let path = snapshot_of::<Old>("breaking");
    for mode in [Mode::Check, Mode::Overwrite, Mode::Ci] {
        let failure = check::<New>(&path, mode).unwrap_err();
        assert_eq!(
            failure.to_string(),
            format!(
                "the error contract of test_contract::member_type_changed::new::ItemError breaks its clients \
                 (snapshot {}, contract version 1):\n\
                 breaking:\n  404 NotFound: member type changed: id: integer → string\n\
                 If the break is intended, record it as contract version 2: run the tests with \
                 ERRWIRE_CONTRACT=accept and commit the snapshot.",
                path.display()
            )
        );
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), Contract::of::<Old>().to_json(), "never written");
}

#[test]
fn accepting_a_break_records_the_next_contract_version() {
    type Old = member_type_changed::old::ItemError;
    type New = member_type_changed::new::ItemError;
    let path = snapshot_of::<Old>("accept");
    let Outcome::Accepted { diff, contract_version } = check::<New>(&path, Mode::Accept).unwrap() else {
        panic!("not accepted")
    };
    assert_eq!((kinds(&diff), contract_version), (vec![Kind::Breaking], 2));
    let snapshot = std::fs::read_to_string(&path).unwrap();
    assert!(snapshot.starts_with("{\n  \"version\": 1,\n  \"contract_version\": 2,\n"), "{snapshot}");
    assert_eq!(Contract::from_json(&snapshot).unwrap().contract_version, 2);
    // The decision is in the snapshot: CI passes, and the version stays.
    assert_eq!(check::<New>(&path, Mode::Ci).unwrap(), Outcome::Unchanged);
    // The next break asks for version 3.
    let failure = check::<Old>(&path, Mode::Check).unwrap_err();
    assert!(failure.to_string().contains("record it as contract version 3"), "{failure}");
}

#[test]
fn compatible_changes_pass_and_are_written_only_when_asked() {
    type Old = additive::old::QuotaError;
    type New = additive::new::QuotaError;
    let path = snapshot_of::<Old>("additive");
    for mode in [Mode::Check, Mode::Ci] {
        let Outcome::Outdated(diff) = check::<New>(&path, mode).unwrap() else { panic!("not outdated") };
        assert_eq!(kinds(&diff), [Kind::Additive; 3]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), Contract::of::<Old>().to_json(), "not written");
    }
    assert!(matches!(check::<New>(&path, Mode::Overwrite).unwrap(), Outcome::Updated(_)));
    let snapshot = std::fs::read_to_string(&path).unwrap();
    assert_eq!(snapshot, Contract::of::<New>().to_json());
    assert_eq!(Contract::from_json(&snapshot).unwrap().contract_version, 1, "no break, same version");
}

/// A snapshot written before errwire recorded gRPC codes (no `grpc` member) still loads; the
/// codes are additive, and `overwrite` records them.
#[test]
fn a_snapshot_without_grpc_codes_loads_and_the_codes_are_additive() {
    type Current = grpc_code_changed::new::KeyError;
    let path = snapshot_of::<Current>("without-grpc");
    let written = std::fs::read_to_string(&path).unwrap();
    let older = written.replace("      \"grpc\": \"ALREADY_EXISTS\",\n", "");
    assert_ne!(older, written);
    std::fs::write(&path, &older).unwrap();
    assert_eq!(Contract::from_json(&older).unwrap().errors[0].grpc, None);
    let Outcome::Outdated(diff) = check::<Current>(&path, Mode::Check).unwrap() else {
        panic!("not outdated")
    };
    assert_eq!(diff.report(), "additive:\n  409 DuplicateKey: gRPC code recorded: (none) → ALREADY_EXISTS\n");
    assert!(matches!(check::<Current>(&path, Mode::Overwrite).unwrap(), Outcome::Updated(_)));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);
    // A name that is not a gRPC code is not read as "unknown".
    let wrong = written.replace("\"ALREADY_EXISTS\"", "\"already_exists\"");
    assert_eq!(
        Contract::from_json(&wrong).unwrap_err().to_string(),
        "`grpc` missing or not of the expected type"
    );
}

#[test]
fn a_later_snapshot_format_is_refused() {
    let path = snapshot_of::<cosmetic::old::ItemError>("later");
    let text = std::fs::read_to_string(&path).unwrap().replace("\"version\": 1", "\"version\": 2");
    std::fs::write(&path, text).unwrap();
    let failure = check::<cosmetic::old::ItemError>(&path, Mode::Overwrite).unwrap_err();
    assert!(
        failure.to_string().ends_with(
            "can't parse it: snapshot format version 2 is newer than this errwire's (1): update errwire"
        ),
        "{failure}"
    );
}

// ----- The example service --------------------------------------------------------------------

#[test]
fn the_example_service_keeps_its_contract() {
    assert_compatible::<app::ConnectError>("contracts/connect.json");
}

#[test]
fn the_snapshot_reads_back_as_written() {
    let contract = Contract::of::<app::ConnectError>();
    let json = contract.to_json();
    assert!(json.ends_with("}\n"));
    assert_eq!(Contract::from_json(&json).unwrap(), contract);
    assert_eq!(contract.format.envelope, ["errors[].code", "errors[].message", "message", "statusCode"]);
    let order: Vec<(u16, &str)> = contract.errors.iter().map(|e| (e.status, e.code.as_str())).collect();
    assert_eq!(
        order,
        [
            (400, "DuplicateField"),
            (404, "ResourceNotFound"),
            (409, "ConcurrentModification"),
            (429, "LimitsExceeded"),
            (500, "General"),
            (503, "ServiceUnavailable"),
        ]
    );
}

mod format_type_base_changed {
    pub mod old {
        pub const FORMAT: errwire::format::ProblemJson =
            errwire::format::ProblemJson.type_base("https://api.example.com/errors/");
        #[derive(Debug, errwire::ApiError)]
        #[api(format = FORMAT)]
        pub enum ItemError {
            #[api(status = 404, msg = "No item")]
            NotFound,
        }
    }
    pub mod new {
        pub const FORMAT: errwire::format::ProblemJson =
            errwire::format::ProblemJson.type_base("https://api.example.com/problems/");
        #[derive(Debug, errwire::ApiError)]
        #[api(format = FORMAT)]
        pub enum ItemError {
            #[api(status = 404, msg = "No item")]
            NotFound,
        }
    }
}

/// A `type` the format builds (its `type_base` and the code) is part of the contract too.
#[test]
fn a_type_from_the_format_is_part_of_the_contract() {
    let diff =
        changes::<format_type_base_changed::old::ItemError, format_type_base_changed::new::ItemError>();
    assert_eq!(
        diff.report(),
        "breaking:\n  404 NotFound: type changed: https://api.example.com/errors/NotFound → https://api.example.com/problems/NotFound\n"
    );
}

//! `#[api(members = "explicit")]`: only fields marked `#[api(member)]` (or given a name with
//! `rename`) are body members; the others may still appear in `msg` and as headers. A variant
//! can set it too, or go back to `members = "all"`.

use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(members = "explicit", rename_all = "camelCase")]
enum Error {
    #[api(status = 404, msg = "no deployment {id} in {project}")]
    NotFound { id: u64, project: String },

    #[api(status = 409, msg = "deployment {id}: expected version {expected_version}")]
    Conflict {
        id: u64,
        #[api(member)]
        expected_version: u64,
        #[api(rename = "actual")]
        current_version: u64,
    },

    #[api(status = 429, msg = "slow down")]
    Limited {
        #[api(header = "Retry-After")]
        secs: u64,
    },

    #[api(status = 400, members = "all")]
    Invalid {
        field: String,
        #[api(skip)]
        raw: String,
    },
}

#[derive(Debug, ApiError)]
#[api(status = 400, members = "explicit", msg = "bad {field}")]
struct BadField {
    field: String,
    #[api(member)]
    pointer: String,
}

fn members<E: ApiError>(error: &E) -> String {
    String::from_utf8(error.members_json().unwrap()).unwrap()
}

fn main() {
    assert_eq!(members(&Error::NotFound { id: 1, project: "p".into() }), "{}");
    let conflict = Error::Conflict { id: 1, expected_version: 2, current_version: 3 };
    assert_eq!(members(&conflict), r#"{"expectedVersion":2,"actual":3}"#);
    assert_eq!(conflict.to_string(), "deployment 1: expected version 2");
    assert_eq!(members(&Error::Limited { secs: 5 }), "{}");
    assert_eq!(Error::Limited { secs: 5 }.to_response().headers()["retry-after"], "5");
    assert_eq!(members(&Error::Invalid { field: "f".into(), raw: "r".into() }), r#"{"field":"f"}"#);
    assert_eq!(members(&BadField { field: "f".into(), pointer: "/f".into() }), r#"{"pointer":"/f"}"#);
}

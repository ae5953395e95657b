//! Non-ASCII identifiers: in the code, the body member and the message they are used as
//! written.

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Fehler {
    #[api(status = 413, msg = "Datei zu groß: {größe} > {grenze}")]
    ZuGroß { größe: u64, grenze: u64 },
    #[api(status = 422, msg = "значение {значение}")]
    Неверно { значение: i32 },
}

fn fields_json(error: &Fehler) -> String {
    String::from_utf8(error.members_json().unwrap()).unwrap()
}

fn main() {
    let error = Fehler::ZuGroß { größe: 3, grenze: 2 };
    assert_eq!(error.code(), "ZuGroß");
    assert_eq!(error.to_string(), "Datei zu groß: 3 > 2");
    assert_eq!(fields_json(&error), r#"{"größe":3,"grenze":2}"#);

    let error = Fehler::Неверно { значение: -1 };
    assert_eq!(error.code(), "Неверно");
    assert_eq!(error.to_string(), "значение -1");
    assert_eq!(fields_json(&error), r#"{"значение":-1}"#);
}

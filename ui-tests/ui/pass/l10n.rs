// Translations from `ui-tests/locales/ok` (copied next to trybuild's project by `ui.rs`, whose
// CARGO_MANIFEST_DIR `locales` is relative to), used at run time.
use errwire::{ApiError, Context};

#[derive(Debug, ApiError)]
#[api(locales = "locales/ok", default_locale = "en")]
enum OrderError {
    #[api(status = 409, msg = "Order {id} was changed")]
    Conflict { id: u64 },

    #[api(status = 422, msg = "{count} items too many")]
    TooMany { count: u32 },
}

fn detail(error: &OrderError, locale: &str) -> (String, String) {
    let response = error.to_response_with(&Context::new().with_locale(locale));
    let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    let language = response.headers()["content-language"].to_str().unwrap().to_owned();
    (language, body["detail"].as_str().unwrap().to_owned())
}

fn main() {
    let conflict = OrderError::Conflict { id: 7 };
    assert_eq!(detail(&conflict, "de-AT"), ("de".to_owned(), "Bestellung 7 wurde geändert".to_owned()));
    assert_eq!(detail(&conflict, "fr-CH"), ("fr-CH".to_owned(), "Conflit sur la commande 7".to_owned()));
    assert_eq!(detail(&conflict, "it"), ("en".to_owned(), "Order 7 was changed".to_owned()));
    assert_eq!(detail(&OrderError::TooMany { count: 1 }, "de").1, "Ein Artikel zu viel");
    assert_eq!(detail(&OrderError::TooMany { count: 2 }, "de").1, "2 Artikel zu viel");
}

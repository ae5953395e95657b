use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(locales = "locales/ok", default_locale = "english!", untranslated = "maybe")]
enum OrderError {
    #[api(status = 409, msg = "Order {id} was changed")]
    Conflict { id: u64 },

    #[api(status = 422, msg = "{count} items too many")]
    TooMany { count: u32 },
}

#[derive(Debug, ApiError)]
#[api(status = 400, default_locale = "en")]
struct NoLocales;

fn main() {}

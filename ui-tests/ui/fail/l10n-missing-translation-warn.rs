// `untranslated = "warn"` is a warning, which `deny` makes an error here to pin its text.
#![deny(deprecated)]

use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(locales = "locales/missing", untranslated = "warn")]
enum OrderError {
    #[api(status = 409, msg = "Order {id} was changed")]
    Conflict { id: u64 },

    #[api(status = 422, code = "TooMany", msg = "{count} items too many")]
    TooManyItems { count: u32 },
}

fn main() {}

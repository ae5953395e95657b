use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(locales = "locales/missing")]
enum OrderError {
    #[api(status = 409, msg = "Order {id} was changed")]
    Conflict { id: u64 },

    #[api(status = 422, code = "TooMany", msg = "{count} items too many")]
    TooManyItems { count: u32 },
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(locales = "locales/unknown-code")]
enum OrderError {
    #[api(status = 409, msg = "Order {id} was changed")]
    Conflict { id: u64 },
}

fn main() {}

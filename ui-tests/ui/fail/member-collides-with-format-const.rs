use errwire::ApiError;
use errwire::format::Hapi;

// A format named through a const: the derive can't know its members, a const check does (one
// per member name, naming every variant with it).
const FORMAT: Hapi = Hapi;

#[derive(Debug, ApiError)]
#[api(format = FORMAT)]
enum Error {
    #[api(status = 502)]
    Upstream { error: String },
    #[api(status = 503)]
    Unavailable { error: String },
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, serde::Serialize, thiserror::Error)]
#[error("at {pointer}")]
struct Source {
    pointer: String,
}

// thiserror takes a field named `source` as the source, whatever errwire is told.
#[derive(Debug, thiserror::Error, ApiError)]
enum Error {
    #[error("invalid")]
    #[api(status = 422)]
    Invalid {
        #[api(member)]
        source: Source,
    },
}

fn main() {}

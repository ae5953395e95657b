use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404)]
    NotFound {
        #[api(member, skip)]
        id: u64,
    },
}

fn main() {}

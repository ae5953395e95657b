use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, msg = "no user {id}")]
    UserNotFound {
        #[api(skip, rename = "userId")]
        id: u64,
    },
}

fn main() {}

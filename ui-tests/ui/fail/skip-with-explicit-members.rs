use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(members = "explicit")]
enum Error {
    #[api(status = 404, msg = "no deployment {id}")]
    NotFound {
        #[api(skip)]
        id: u64,
    },
}

fn main() {}

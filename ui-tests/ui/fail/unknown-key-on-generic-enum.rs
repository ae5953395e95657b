use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error<T> {
    #[api(stauts = 400)]
    Invalid { value: T },
}

fn main() {}

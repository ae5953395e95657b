use errwire::ApiError;

#[derive(ApiError)]
#[api(status = 400)]
union Error {
    code: u32,
    bits: f32,
}

fn main() {}

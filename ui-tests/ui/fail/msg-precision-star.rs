use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 400, msg = "bad ratio {x:.*}")]
    BadRatio { x: f64, digits: usize },
}

fn main() {}

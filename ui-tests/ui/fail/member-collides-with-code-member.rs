use errwire::ApiError;
use errwire::format::ProblemJson;

const FORMAT: ProblemJson = ProblemJson.code_member("code");

#[derive(Debug, ApiError)]
#[api(format = FORMAT)]
enum Error {
    #[api(status = 400)]
    Invalid { code: u32 },
}

fn main() {}

use errwire::ApiError;
use errwire::format::ProblemJson;

// The `type_base` is the format's: a const check reports the code.
const FORMAT: ProblemJson = ProblemJson.type_base("https://api.example.com/errors/");

#[derive(Debug, ApiError)]
#[api(format = FORMAT)]
enum Error {
    #[api(status = 400, code = "Duplicate Field")]
    DuplicateField,
}

fn main() {}

use errwire::ApiError;

// The code comes from the variant's name, which a URI can't carry as written.
#[derive(Debug, ApiError)]
#[api(type_base = "https://api.example.com/errors/")]
enum Fehler {
    #[api(status = 413)]
    ZuGroß,
}

fn main() {}

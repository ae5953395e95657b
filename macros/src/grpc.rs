//! `#[api(grpc = "...")]` and `#[api(grpc_domain = "...")]`: the gRPC code checked against
//! `google.rpc.Code`'s names at compile time, and the generated `grpc_code` / `grpc_domain`
//! methods and catalog setter. The runtime's `errwire::grpc::Code` has the same names (a test
//! in `tests/test_tonic.rs` checks that the two tables agree).

use crate::code::Code;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::{Ident, LitStr};

use crate::ast::{Field, Input, Variant};
use crate::attr::did_you_mean;

/// `google.rpc.Code`'s 17 names, as written there, with the runtime's variant of each (`OK` has
/// none: an error is never OK).
pub const CODES: [(&str, Option<&str>); 17] = [
    ("OK", None),
    ("CANCELLED", Some("Cancelled")),
    ("UNKNOWN", Some("Unknown")),
    ("INVALID_ARGUMENT", Some("InvalidArgument")),
    ("DEADLINE_EXCEEDED", Some("DeadlineExceeded")),
    ("NOT_FOUND", Some("NotFound")),
    ("ALREADY_EXISTS", Some("AlreadyExists")),
    ("PERMISSION_DENIED", Some("PermissionDenied")),
    ("RESOURCE_EXHAUSTED", Some("ResourceExhausted")),
    ("FAILED_PRECONDITION", Some("FailedPrecondition")),
    ("ABORTED", Some("Aborted")),
    ("OUT_OF_RANGE", Some("OutOfRange")),
    ("UNIMPLEMENTED", Some("Unimplemented")),
    ("INTERNAL", Some("Internal")),
    ("UNAVAILABLE", Some("Unavailable")),
    ("DATA_LOSS", Some("DataLoss")),
    ("UNAUTHENTICATED", Some("Unauthenticated")),
];

/// A checked `grpc = "..."`: the runtime's variant of the code.
#[derive(Clone)]
pub struct GrpcCode {
    pub variant: &'static str,
}

/// Reads `grpc = "ALREADY_EXISTS"`: exactly one of `google.rpc.Code`'s names but `OK`; another
/// spelling of one (`"already_exists"`, `"AlreadyExists"`) or a typo gets the name to write.
pub fn code(meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<GrpcCode> {
    let lit = crate::attr::lit_str(meta, ident)?;
    let value = lit.value();
    match CODES.iter().find(|(name, _)| *name == value) {
        Some((_, Some(variant))) => Ok(GrpcCode { variant }),
        Some((_, None)) => Err(syn::Error::new(
            lit.span(),
            "an error's gRPC code can't be \"OK\"; write the code a client should see, like \"FAILED_PRECONDITION\"",
        )),
        None => Err(syn::Error::new(lit.span(), unknown_message(&value))),
    }
}

fn unknown_message(value: &str) -> String {
    let squashed = |name: &str| name.to_ascii_uppercase().replace(['_', '-', ' '], "");
    let names = CODES.iter().filter(|(_, variant)| variant.is_some()).map(|(name, _)| *name);
    let same_letters = names.clone().find(|name| squashed(name) == squashed(value));
    let upper = value.to_ascii_uppercase();
    let typo = did_you_mean(&upper, names.clone());
    match same_letters.or(typo) {
        Some(name) => format!("unknown gRPC code \"{value}\", did you mean \"{name}\"?"),
        None => {
            let all: Vec<&str> = names.collect();
            format!(
                "unknown gRPC code \"{value}\"; expected one of google.rpc.Code's names: {}",
                all.join(", ")
            )
        }
    }
}

/// `grpc_domain = "deployments.example.com"`: any non-empty text without spaces.
pub fn domain(meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<LitStr> {
    let lit = crate::attr::lit_str(meta, ident)?;
    let value = lit.value();
    if value.is_empty() || value.chars().any(|ch| ch.is_whitespace() || ch.is_control()) {
        let message = "`grpc_domain` names the service that defines the codes, like \"deployments.example.com\": \
                       non-empty, without spaces";
        return Err(syn::Error::new(lit.span(), message));
    }
    Ok(lit)
}

/// The code a variant overrides, its own or the container's.
fn override_of<'s>(input: &'s Input, variant: &'s Variant) -> Option<&'s GrpcCode> {
    variant.attrs.grpc.as_ref().or(input.attrs.grpc.as_ref())
}

fn code_path(code: &GrpcCode) -> TokenStream {
    let variant = Ident::new(code.variant, Span::call_site());
    quote!(::errwire::grpc::Code::#variant)
}

/// The `grpc_code` arm of a variant: the override, else the status' code (or the inner
/// error's, through `delegate`).
pub fn code_arm<'a>(
    input: &'a Input,
    variant: &'a Variant<'a>,
    status: TokenStream,
) -> (Vec<&'a Field<'a>>, TokenStream) {
    match override_of(input, variant) {
        Some(code) => (Vec::new(), code_path(code)),
        None => (Vec::new(), quote!(::errwire::grpc::Code::from_http(#status))),
    }
}

/// Whether the type needs its own `grpc_code`: an override or a transparent variant somewhere
/// (else the trait's default, the status' code, is the answer).
pub fn needs_code_method(input: &Input) -> bool {
    input.attrs.grpc.is_some()
        || input
            .variants
            .iter()
            .any(|variant| variant.attrs.grpc.is_some() || variant.transparent().is_some())
}

/// The `grpc_domain` value of a variant that is not transparent.
pub fn domain_value(input: &Input) -> Code {
    let domain = match &input.attrs.grpc_domain {
        Some(domain) => domain.value(),
        // Cargo sets it for the compiler that runs the derive, as for `env!` (no macro to
        // expand); elsewhere, `env!` says what is missing.
        None => match std::env::var("CARGO_PKG_NAME") {
            Ok(name) => name,
            Err(_) => {
                return Code::from_text("::core::option::Option::Some(::core::env!(\"CARGO_PKG_NAME\"))");
            }
        },
    };
    let mut code = Code::from_text("::core::option::Option::Some(");
    code.str(&domain).text(")");
    code
}

/// The number of the variant's gRPC code for its catalog entry, when it overrides the code
/// (else the runtime takes the status' code).
pub fn catalog_number(input: &Input, variant: &Variant) -> Option<usize> {
    let code = override_of(input, variant)?;
    CODES.iter().position(|(_, runtime)| *runtime == Some(code.variant))
}

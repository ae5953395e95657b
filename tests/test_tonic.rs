//! gRPC (feature `tonic`): a real tonic server and a real tonic client on loopback. The service
//! is written the way tonic-build writes one (no protoc: the messages use prost's derive, the
//! glue is `tonic::server::Grpc` / `tonic::client::Grpc` with the prost codec), wrapped in
//! errwire's `ErrorLayer`. Every case is answered by the handler returning one error; the client
//! reads code, message, every detail and the metadata, and rebuilds the error.

#[path = "../runtime/examples/service/app.rs"]
#[allow(dead_code)]
mod app;

use std::collections::HashMap;
use std::convert::Infallible;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use errwire::client::FromView;
use errwire::{ApiError, Errors};
use tokio::sync::oneshot;
use tonic::codegen::{BoxFuture, Service, StdError};
use tonic::{Code, Status};
use tonic_types::{ErrorDetail, StatusExt};

// ----- The error types: every variant shape -------------------------------------------------------

/// A service's errors, with every shape of variant.
#[derive(Debug, PartialEq, ApiError)]
#[api(
    rename_all = "camelCase",
    grpc_domain = "deployments.example.com",
    type_base = "https://errors.example.com/",
    deserialize
)]
enum DeploymentError {
    /// A unit variant.
    #[api(status = 404, code = "ResourceNotFound")]
    NotFound,

    /// Named fields, one of them the field a client must fix.
    #[api(
        status = 400,
        code = "DuplicateField",
        msg = "A duplicate value {duplicate_value} exists for field {field}."
    )]
    DuplicateField { field: String, duplicate_value: String },

    /// A tuple field with a name, and a code of its own.
    #[api(status = 409, code = "DuplicateKey", grpc = "ALREADY_EXISTS", msg = "Key {0} is taken")]
    Taken(#[api(rename = "key")] String),

    /// A header field.
    #[api(
        status = 429,
        code = "LimitsExceeded",
        msg = "Rate limit exceeded. Please retry after {secs} seconds"
    )]
    RateLimited {
        #[api(header = "Retry-After")]
        secs: u64,
    },

    /// Another type's errors, as they are.
    #[api(transparent)]
    Quota(QuotaError),

    /// A server error whose source must stay on the server.
    #[api(status = 503, code = "Unavailable", msg = "Write operations are temporarily unavailable")]
    Storage(#[source] StorageFailure),
}

/// A storage failure whose text names internals.
#[derive(Debug, PartialEq)]
struct StorageFailure(String);

impl core::fmt::Display for StorageFailure {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StorageFailure {}

/// The inner type of a transparent variant: its own domain and a container-level code.
#[derive(Debug, PartialEq, ApiError)]
#[api(grpc_domain = "quota.example.com", grpc = "FAILED_PRECONDITION", deserialize)]
enum QuotaError {
    #[api(status = 403, code = "QuotaFrozen", msg = "Quota {name} is frozen")]
    Frozen { name: String },
}

/// A generic error.
#[derive(Debug, PartialEq, ApiError)]
#[api(status = 422, code = "InvalidValue", msg = "Value {value} is not allowed", deserialize)]
struct Invalid<T: core::fmt::Display + serde::Serialize + serde::de::DeserializeOwned> {
    value: T,
}

/// Validation errors, answered several at once; each names its field one way or the other.
#[derive(Debug, PartialEq, ApiError)]
#[api(deserialize)]
enum Validation {
    #[api(status = 400, code = "Required", msg = "{field} is required")]
    Required { field: String },
    #[api(status = 400, code = "TooLong", msg = "The value at {pointer} is longer than {max}")]
    TooLong { pointer: String, max: u32 },
}

/// An order service's errors, translated into German and French (`tests/locales/l10n`, the
/// resources of test_l10n.rs's type of the same name).
#[derive(Debug, ApiError)]
#[api(locales = "locales/l10n", default_locale = "en")]
enum OrderError {
    #[api(
        status = 409,
        code = "ConcurrentModification",
        msg = "Order {id} has version {current}, not {expected}"
    )]
    Conflict { id: u64, expected: u32, current: u32 },
    #[api(status = 422, code = "TooManyItems", msg = "At most {limit} items allowed, {count} given")]
    TooMany { limit: u32, count: u32 },
    #[api(status = 404, code = "user.not_found", title = "No Such User", msg = "No user named {name}")]
    UserNotFound { name: String },
    #[api(status = 503, code = "Closed", msg = "The shop is closed today")]
    Closed,
}

/// Fragments of the hidden source's text: none may reach a client.
const SECRET: &str = "connection to 10.0.0.7:5432 refused (user=admin password=hunter2)";
const SECRET_FRAGMENTS: &[&str] = &["10.0.0.7", "5432", "refused", "hunter2", "admin"];
const PANIC_TEXT: &str = "index out of bounds at shard 10.0.0.7";

// ----- The service, as tonic-build would write it -------------------------------------------------

#[derive(Clone, PartialEq, prost::Message)]
struct FailRequest {
    #[prost(string, tag = "1")]
    case: String,
}

#[derive(Clone, PartialEq, prost::Message)]
struct FailReply {
    #[prost(string, tag = "1")]
    text: String,
}

const FAIL: &str = "/errwire.test.Errors/Fail";

/// The handler: every case fails with one error, converted by `From<E> for Status` (`?`).
async fn fail(request: FailRequest) -> Result<FailReply, Status> {
    match request.case.as_str() {
        "unit" => Err(DeploymentError::NotFound)?,
        "named" => {
            Err(DeploymentError::DuplicateField { field: "key".into(), duplicate_value: "checkout".into() })?
        }
        "tuple" => Err(DeploymentError::Taken("web".into()))?,
        "header" => Err(DeploymentError::RateLimited { secs: 30 })?,
        "transparent" => Err(DeploymentError::Quota(QuotaError::Frozen { name: "cpu".into() }))?,
        "generic" => Err(Invalid { value: 7_u32 })?,
        "hidden" => Err(DeploymentError::Storage(StorageFailure(SECRET.into())))?,
        "boxed" => {
            let error: Box<dyn ApiError + Send + Sync> = Box::new(DeploymentError::Taken("api".into()));
            Err(error)?
        }
        "errors" => {
            let errors: Errors<Validation> = [
                Validation::Required { field: "key".into() },
                Validation::TooLong { pointer: "#/labels/0/name".into(), max: 63 },
            ]
            .into_iter()
            .collect();
            Err(errors)?
        }
        "translated" => Err(OrderError::Conflict { id: 7, expected: 3, current: 4 })?,
        "translated-errors" => {
            let errors: Errors<OrderError> =
                [OrderError::TooMany { limit: 5, count: 1 }, OrderError::UserNotFound { name: "ada".into() }]
                    .into_iter()
                    .collect();
            Err(errors)?
        }
        "mixed-errors" => {
            let errors: Errors<Box<dyn ApiError + Send + Sync>> = vec![
                Box::new(OrderError::TooMany { limit: 5, count: 2 }) as Box<dyn ApiError + Send + Sync>,
                Box::new(Validation::Required { field: "key".into() }),
            ]
            .into();
            Err(errors)?
        }
        "panic" => panic!("{PANIC_TEXT}"),
        other => Ok(FailReply { text: other.to_owned() }),
    }
}

#[derive(Clone)]
struct ErrorsServer;

impl tonic::server::NamedService for ErrorsServer {
    const NAME: &'static str = "errwire.test.Errors";
}

impl<B> Service<http::Request<B>> for ErrorsServer
where
    B: tonic::codegen::Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        struct FailService;
        impl tonic::server::UnaryService<FailRequest> for FailService {
            type Response = FailReply;
            type Future = BoxFuture<tonic::Response<FailReply>, Status>;
            fn call(&mut self, request: tonic::Request<FailRequest>) -> Self::Future {
                Box::pin(async move { fail(request.into_inner()).await.map(tonic::Response::new) })
            }
        }
        match request.uri().path() {
            FAIL => Box::pin(async move {
                let mut grpc =
                    tonic::server::Grpc::new(tonic_prost::ProstCodec::<FailReply, FailRequest>::default());
                Ok(grpc.unary(FailService, request).await)
            }),
            _ => Box::pin(async { Ok(Status::unimplemented("no such method").into_http()) }),
        }
    }
}

/// The service on an ephemeral loopback port, behind errwire's layer, until dropped.
struct Server {
    addr: std::net::SocketAddr,
    _shutdown: oneshot::Sender<()>,
}

impl Server {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let incoming = tonic::transport::server::TcpIncoming::from(listener);
        let (shutdown, signal) = oneshot::channel::<()>();
        tokio::spawn(
            tonic::transport::Server::builder()
                .layer(errwire::tonic::ErrorLayer::new())
                .add_service(ErrorsServer)
                .serve_with_incoming_shutdown(incoming, async {
                    let _ = signal.await;
                }),
        );
        Server { addr, _shutdown: shutdown }
    }

    /// Calls `Fail` with `case` and `x-request-id`, through a real tonic client.
    async fn call(&self, case: &str, request_id: Option<&str>) -> Result<FailReply, Status> {
        let metadata: Vec<(&str, &str)> = request_id.map(|id| ("x-request-id", id)).into_iter().collect();
        self.call_with(case, &metadata).await
    }

    /// Calls `Fail` with `case` and the request metadata `metadata`.
    async fn call_with(&self, case: &str, metadata: &[(&'static str, &str)]) -> Result<FailReply, Status> {
        let channel = tonic::transport::Endpoint::from_shared(format!("http://{}", self.addr))
            .expect("endpoint")
            .connect()
            .await
            .expect("connect");
        let mut client = tonic::client::Grpc::new(channel);
        client.ready().await.expect("ready");
        let mut request = tonic::Request::new(FailRequest { case: case.to_owned() });
        for &(name, value) in metadata {
            request.metadata_mut().insert(name, value.parse().unwrap());
        }
        let codec = tonic_prost::ProstCodec::<FailRequest, FailReply>::default();
        let path = http::uri::PathAndQuery::from_static(FAIL);
        client.unary(request, path, codec).await.map(tonic::Response::into_inner)
    }

    async fn fail(&self, case: &str) -> Status {
        self.call(case, None).await.expect_err(case)
    }
}

// ----- What a client reads -------------------------------------------------------------------------

/// An `ErrorInfo` as (reason, domain, metadata sorted by name).
type Info = (String, String, Vec<(String, String)>);

/// Every detail of a status, as a client reads it with tonic-types.
#[derive(Debug, Default, PartialEq)]
struct Details {
    infos: Vec<Info>,
    violations: Vec<(String, String, String)>,
    retry: Option<Duration>,
    request_id: Option<String>,
    help: Vec<(String, String)>,
    other: usize,
}

fn details(status: &Status) -> Details {
    let mut out = Details::default();
    for detail in status.check_error_details_vec().expect("details decode") {
        match detail {
            ErrorDetail::ErrorInfo(info) => {
                let mut metadata: Vec<(String, String)> = info.metadata.into_iter().collect();
                metadata.sort();
                out.infos.push((info.reason, info.domain, metadata));
            }
            ErrorDetail::BadRequest(bad) => {
                out.violations
                    .extend(bad.field_violations.into_iter().map(|v| (v.field, v.description, v.reason)));
            }
            ErrorDetail::RetryInfo(retry) => out.retry = retry.retry_delay,
            ErrorDetail::RequestInfo(info) => {
                assert_eq!(info.serving_data, "");
                out.request_id = Some(info.request_id);
            }
            ErrorDetail::Help(help) => {
                out.help.extend(help.links.into_iter().map(|l| (l.description, l.url)))
            }
            _ => out.other += 1,
        }
    }
    out
}

/// The `LocalizedMessage` of a status, as (locale, message); the test fails on two.
fn localized(status: &Status) -> Localized {
    let mut found = status.check_error_details_vec().expect("details decode").into_iter().filter_map(
        |detail| match detail {
            ErrorDetail::LocalizedMessage(localized) => Some((localized.locale, localized.message)),
            _ => None,
        },
    );
    let first = found.next();
    assert_eq!(found.next(), None, "one LocalizedMessage at most");
    first
}

/// A `LocalizedMessage` as (locale, message), when there is one.
type Localized = Option<(String, String)>;

fn pair(locale: &str, message: &str) -> Localized {
    Some((locale.to_owned(), message.to_owned()))
}

fn info(reason: &str, domain: &str, metadata: &[(&str, &str)]) -> Info {
    let metadata = metadata.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    (reason.to_owned(), domain.to_owned(), metadata)
}

fn help(title: &str, url: &str) -> Vec<(String, String)> {
    vec![(title.to_owned(), url.to_owned())]
}

/// Every text a client can see in a status: message, raw details, metadata.
fn visible(status: &Status) -> String {
    let mut text = format!("{}\n{}\n", status.message(), String::from_utf8_lossy(status.details()));
    for (name, value) in status.metadata().clone().into_headers() {
        text.push_str(&format!("{name:?}: {value:?}\n"));
    }
    text
}

fn is_instance(id: &str) -> bool {
    id.starts_with("urn:uuid:") && id.len() == 45
}

// ----- Logs --------------------------------------------------------------------------------------

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every event of the test binary (the server's tasks run on any thread): one global subscriber.
fn logs() -> &'static Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
        captured
    })
}

/// The log lines that mention `needle`.
fn log_lines(needle: &str) -> Vec<String> {
    let text = String::from_utf8(logs().0.lock().unwrap().clone()).unwrap();
    text.lines().filter(|line| line.contains(needle)).map(str::to_owned).collect()
}

// ----- The cases ---------------------------------------------------------------------------------

#[tokio::test]
async fn unit_variant() {
    let server = Server::start().await;
    let status = server.fail("unit").await;
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.message(), "Not Found");
    let expected = Details {
        infos: vec![info("RESOURCE_NOT_FOUND", "deployments.example.com", &[])],
        help: help("Not Found", "https://errors.example.com/ResourceNotFound"),
        ..Details::default()
    };
    assert_eq!(details(&status), expected);
    assert_eq!(round_trip::<DeploymentError>(&status), Some(DeploymentError::NotFound));
}

#[tokio::test]
async fn named_fields_and_a_field_violation() {
    let server = Server::start().await;
    let status = server.fail("named").await;
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(status.message(), "A duplicate value checkout exists for field key.");
    let expected = Details {
        infos: vec![info(
            "DUPLICATE_FIELD",
            "deployments.example.com",
            &[("duplicateValue", "checkout"), ("field", "key")],
        )],
        // The violation's reason is sent, but tonic-types 0.14.5 leaves it out when it encodes a
        // violation: a client reads it empty (the `ErrorInfo` has it).
        violations: vec![(
            "key".into(),
            "A duplicate value checkout exists for field key.".into(),
            String::new(),
        )],
        help: help("Bad Request", "https://errors.example.com/DuplicateField"),
        ..Details::default()
    };
    assert_eq!(details(&status), expected);
    let rebuilt = round_trip::<DeploymentError>(&status);
    assert_eq!(
        rebuilt,
        Some(DeploymentError::DuplicateField { field: "key".into(), duplicate_value: "checkout".into() })
    );
}

#[tokio::test]
async fn tuple_variant_with_its_own_code() {
    let server = Server::start().await;
    let status = server.fail("tuple").await;
    assert_eq!(status.code(), Code::AlreadyExists);
    assert_eq!(status.message(), "Key web is taken");
    let expected = Details {
        infos: vec![info("DUPLICATE_KEY", "deployments.example.com", &[("key", "web")])],
        help: help("Conflict", "https://errors.example.com/DuplicateKey"),
        ..Details::default()
    };
    assert_eq!(details(&status), expected);
    assert_eq!(round_trip::<DeploymentError>(&status), Some(DeploymentError::Taken("web".into())));
}

#[tokio::test]
async fn header_field_gives_retry_info_and_metadata() {
    let server = Server::start().await;
    let status = server.fail("header").await;
    assert_eq!(status.code(), Code::ResourceExhausted);
    assert_eq!(status.message(), "Rate limit exceeded. Please retry after 30 seconds");
    assert_eq!(status.metadata().get("retry-after").unwrap(), "30");
    let expected = Details {
        infos: vec![info("LIMITS_EXCEEDED", "deployments.example.com", &[])],
        retry: Some(Duration::from_secs(30)),
        help: help("Too Many Requests", "https://errors.example.com/LimitsExceeded"),
        ..Details::default()
    };
    assert_eq!(details(&status), expected);
    assert_eq!(round_trip::<DeploymentError>(&status), Some(DeploymentError::RateLimited { secs: 30 }));
}

#[tokio::test]
async fn transparent_variant_is_the_inner_error() {
    let server = Server::start().await;
    let status = server.fail("transparent").await;
    // The inner type's container-level code and its own domain.
    assert_eq!(status.code(), Code::FailedPrecondition);
    assert_eq!(status.message(), "Quota cpu is frozen");
    let expected = Details {
        infos: vec![info("QUOTA_FROZEN", "quota.example.com", &[("name", "cpu")])],
        ..Details::default()
    };
    assert_eq!(details(&status), expected);
    let rebuilt = round_trip::<DeploymentError>(&status);
    assert_eq!(rebuilt, Some(DeploymentError::Quota(QuotaError::Frozen { name: "cpu".into() })));
}

#[tokio::test]
async fn generic_type() {
    let server = Server::start().await;
    let status = server.fail("generic").await;
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(status.message(), "Value 7 is not allowed");
    // No `grpc_domain`: the package that defines the type.
    let expected = Details {
        infos: vec![info("INVALID_VALUE", "errwire-tests", &[("value", "7")])],
        ..Details::default()
    };
    assert_eq!(details(&status), expected);
    assert_eq!(round_trip::<Invalid<u32>>(&status), Some(Invalid { value: 7 }));
    // Without the type, the member is read as the JSON it looks like.
    assert_eq!(errwire::tonic::decode(&status).errors[0].fields["value"], 7);
}

#[tokio::test]
async fn boxed_dyn_error_is_answered_like_its_type() {
    let server = Server::start().await;
    let status = server.fail("boxed").await;
    assert_eq!(status.code(), Code::AlreadyExists);
    assert_eq!(status.message(), "Key api is taken");
    let expected = Details {
        infos: vec![info("DUPLICATE_KEY", "deployments.example.com", &[("key", "api")])],
        help: help("Conflict", "https://errors.example.com/DuplicateKey"),
        ..Details::default()
    };
    assert_eq!(details(&status), expected);
}

#[tokio::test]
async fn several_errors_are_one_status_with_every_violation() {
    let server = Server::start().await;
    let status = server.fail("errors").await;
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(status.message(), "key is required; The value at #/labels/0/name is longer than 63");
    let domain = "errwire-tests";
    let expected = Details {
        infos: vec![
            info("REQUIRED", domain, &[("field", "key")]),
            info("TOO_LONG", domain, &[("max", "63"), ("pointer", "#/labels/0/name")]),
        ],
        violations: vec![
            ("key".into(), "key is required".into(), String::new()),
            ("labels[0].name".into(), "The value at #/labels/0/name is longer than 63".into(), String::new()),
        ],
        ..Details::default()
    };
    assert_eq!(details(&status), expected);
    let decoded = errwire::tonic::decode_as::<Validation>(&status);
    let rebuilt: Vec<Option<Validation>> = decoded.errors.iter().map(Validation::from_view).collect();
    assert_eq!(
        rebuilt,
        [
            Some(Validation::Required { field: "key".into() }),
            Some(Validation::TooLong { pointer: "#/labels/0/name".into(), max: 63 })
        ]
    );
    assert_eq!(decoded.errors[1].message, "The value at #/labels/0/name is longer than 63");
}

#[tokio::test]
async fn a_server_error_hides_its_source_and_logs_it_with_the_id() {
    let _ = logs();
    let server = Server::start().await;
    let status = server.call("hidden", Some("req-7f3a")).await.expect_err("hidden");
    assert_eq!(status.code(), Code::Unavailable);
    assert_eq!(status.message(), "Write operations are temporarily unavailable");
    let details = details(&status);
    let instance = details.request_id.clone().expect("a 5xx has an instance id");
    assert!(is_instance(&instance), "{instance}");
    let expected = Details {
        infos: vec![info("UNAVAILABLE", "deployments.example.com", &[])],
        request_id: Some(instance.clone()),
        help: help("Service Unavailable", "https://errors.example.com/Unavailable"),
        ..Details::default()
    };
    assert_eq!(details, expected);
    // The request's own id is echoed, never the instance.
    assert_eq!(status.metadata().get("x-request-id").unwrap(), "req-7f3a");
    let visible = visible(&status);
    for fragment in SECRET_FRAGMENTS {
        assert!(!visible.contains(fragment), "{fragment:?} reached the client: {visible}");
    }
    // The server logged the error with the same id, the request's id and the whole chain.
    let lines = log_lines(&instance);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("ERROR"), "{}", lines[0]);
    assert!(lines[0].contains(SECRET), "{}", lines[0]);
    assert!(lines[0].contains(r#"request_id="req-7f3a""#), "{}", lines[0]);
    // The client gets the instance id back, and the variant can't be rebuilt (its source stays).
    let decoded = errwire::tonic::decode_as::<DeploymentError>(&status);
    assert_eq!(decoded.instance.as_deref(), Some(instance.as_str()));
    assert_eq!(decoded.errors[0].code.as_deref(), Some("Unavailable"));
    assert_eq!(DeploymentError::from_view(&decoded.errors[0]), None);
}

#[tokio::test]
async fn a_panicking_handler_is_answered_with_internal_and_an_id() {
    let _ = logs();
    let server = Server::start().await;
    let status = server.fail("panic").await;
    assert_eq!(status.code(), Code::Internal);
    assert_eq!(status.message(), "An internal error occurred");
    let details = details(&status);
    let instance = details.request_id.clone().expect("an instance id");
    assert!(is_instance(&instance), "{instance}");
    assert_eq!(details.infos, [info("GENERAL", "errwire", &[])]);
    assert!(!visible(&status).contains("shard"), "{}", visible(&status));
    let panic_lines = log_lines("handler panicked");
    assert!(
        panic_lines.iter().any(|line| line.contains(&instance) && line.contains(PANIC_TEXT)),
        "{panic_lines:?}"
    );
    // The server keeps serving.
    assert_eq!(server.call("fine", None).await.unwrap().text, "fine");
}

#[tokio::test]
async fn the_same_errors_rendered_in_process_without_a_server() {
    // `From` on a value, `status_with` with a caller's instance id, and a 4xx without one.
    let status = errwire::tonic::status_with(
        &DeploymentError::Storage(StorageFailure(SECRET.into())),
        &errwire::Context::new().with_instance("urn:uuid:00000000-0000-4000-8000-000000000000"),
    );
    assert_eq!(details(&status).request_id.as_deref(), Some("urn:uuid:00000000-0000-4000-8000-000000000000"));
    assert_eq!(details(&Status::from(DeploymentError::NotFound)).request_id, None);
    // An empty collection is a server bug: the general error.
    let empty: Errors<Validation> = Errors::new();
    assert_eq!(Status::from(empty).code(), Code::Internal);
    // Mixed gRPC codes: the collection's status decides (404 and 409: 400).
    let mixed: Errors<Box<dyn ApiError + Send + Sync>> = vec![
        Box::new(DeploymentError::NotFound) as Box<dyn ApiError + Send + Sync>,
        Box::new(DeploymentError::Taken("x".into())),
    ]
    .into();
    assert_eq!(Status::from(mixed).code(), Code::InvalidArgument);
}

#[tokio::test]
async fn accept_language_metadata_chooses_the_localized_message() {
    let server = Server::start().await;
    let english = "Order 7 has version 4, not 3";
    let cases: [(Option<&str>, Localized); 5] = [
        (Some("de-CH, de;q=0.9, en;q=0.5"), pair("de", "Bestellung 7 hat Version 4, nicht 3")),
        (Some("fr"), pair("fr", "La commande 7 est en version 4, pas 3")),
        (Some("de;q=0.1, fr;q=0.8"), pair("fr", "La commande 7 est en version 4, pas 3")),
        // An unknown language, or none at all: the default language, and it says so.
        (Some("ja"), pair("en", english)),
        (None, pair("en", english)),
    ];
    for (accept_language, expected) in cases {
        let metadata: Vec<(&str, &str)> =
            accept_language.map(|value| ("accept-language", value)).into_iter().collect();
        let status = server.call_with("translated", &metadata).await.expect_err("translated");
        assert_eq!(localized(&status), expected, "{accept_language:?}");
        // The developer-facing message and everything else stay the same in every language.
        assert_eq!(status.code(), Code::Aborted);
        assert_eq!(status.message(), english);
        let expected_info = info(
            "CONCURRENT_MODIFICATION",
            "errwire-tests",
            &[("current", "4"), ("expected", "3"), ("id", "7")],
        );
        assert_eq!(details(&status).infos, vec![expected_info]);
        assert_eq!(details(&status).other, 1, "the LocalizedMessage only");
    }
    // A type without translations has no LocalizedMessage, whatever the request asks for.
    let status = server.call_with("unit", &[("accept-language", "de")]).await.expect_err("unit");
    assert_eq!(localized(&status), None);
    assert_eq!(details(&status).other, 0);
}

#[tokio::test]
async fn a_collection_is_localized_when_all_its_errors_are_in_one_language() {
    let server = Server::start().await;
    let status =
        server.call_with("translated-errors", &[("accept-language", "de")]).await.expect_err("errors");
    assert_eq!(status.message(), "At most 5 items allowed, 1 given; No user named ada");
    assert_eq!(
        localized(&status),
        pair("de", "Höchstens 5 Artikel erlaubt, aber einer angegeben; Kein Benutzer namens „ada“")
    );
    // An error of a type without translations: no one language, no LocalizedMessage.
    let status = server.call_with("mixed-errors", &[("accept-language", "de")]).await.expect_err("mixed");
    assert_eq!(status.message(), "At most 5 items allowed, 2 given; key is required");
    assert_eq!(localized(&status), None);
}

#[test]
fn a_context_locale_wins_over_the_request_s() {
    let conflict = OrderError::Conflict { id: 7, expected: 3, current: 4 };
    let mut headers = http::HeaderMap::new();
    headers.insert("accept-language", http::HeaderValue::from_static("de"));
    let scope = errwire::RequestScope::new().accept_language_from(&headers);
    let status = scope.run(|| errwire::tonic::status(&conflict));
    assert_eq!(localized(&status), pair("de", "Bestellung 7 hat Version 4, nicht 3"));
    // A multiline translation with a Fluent term.
    let status = scope.run(|| Status::from(OrderError::Closed));
    assert_eq!(status.message(), "The shop is closed today");
    assert_eq!(localized(&status), pair("de", "Der Laden ist\nheute geschlossen"));
    let cx = errwire::Context::new().with_locale("fr");
    let status = scope.run(|| errwire::tonic::status_with(&conflict, &cx));
    assert_eq!(localized(&status), pair("fr", "La commande 7 est en version 4, pas 3"));
    // `From` outside any scope: the default language.
    assert_eq!(localized(&Status::from(conflict)), pair("en", "Order 7 has version 4, not 3"));
}

/// Every name of `google.rpc.Code` but `OK` is accepted, and means that code.
#[test]
fn every_code_name_is_accepted_and_means_its_code() {
    #[derive(Debug, ApiError)]
    #[api(status = 400)]
    enum Codes {
        #[api(grpc = "CANCELLED")]
        A,
        #[api(grpc = "UNKNOWN")]
        B,
        #[api(grpc = "INVALID_ARGUMENT")]
        C,
        #[api(grpc = "DEADLINE_EXCEEDED")]
        D,
        #[api(grpc = "NOT_FOUND")]
        E,
        #[api(grpc = "ALREADY_EXISTS")]
        F,
        #[api(grpc = "PERMISSION_DENIED")]
        G,
        #[api(grpc = "RESOURCE_EXHAUSTED")]
        H,
        #[api(grpc = "FAILED_PRECONDITION")]
        I,
        #[api(grpc = "ABORTED")]
        J,
        #[api(grpc = "OUT_OF_RANGE")]
        K,
        #[api(grpc = "UNIMPLEMENTED")]
        L,
        #[api(grpc = "INTERNAL")]
        M,
        #[api(grpc = "UNAVAILABLE")]
        N,
        #[api(grpc = "DATA_LOSS")]
        O,
        #[api(grpc = "UNAUTHENTICATED")]
        P,
    }
    let errors = || {
        use Codes::*;
        [A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P]
    };
    let names: Vec<&str> = errors().iter().map(|error| error.grpc_code().as_str()).collect();
    let expected: Vec<&str> = errwire::grpc::Code::all().map(errwire::grpc::Code::as_str).collect();
    assert_eq!(names, expected);
    // tonic agrees on every number.
    for (error, code) in errors().into_iter().zip(errwire::grpc::Code::all()) {
        assert_eq!(tonic::Code::from(code) as i32, code.as_i32());
        assert_eq!(Status::from(error).code() as i32, code.as_i32(), "{code}");
    }
}

/// The catalog carries each error's gRPC code.
#[test]
fn the_catalog_has_the_grpc_codes() {
    let catalog = errwire::Catalog::of::<DeploymentError>();
    let codes: HashMap<&str, &str> =
        catalog.entries().iter().map(|entry| (entry.code, entry.grpc.as_str())).collect();
    assert_eq!(codes["ResourceNotFound"], "NOT_FOUND");
    assert_eq!(codes["DuplicateKey"], "ALREADY_EXISTS");
    assert_eq!(codes["QuotaFrozen"], "FAILED_PRECONDITION");
    assert_eq!(codes["Unavailable"], "UNAVAILABLE");
    let json: serde_json::Value = serde_json::from_str(&catalog.to_json()).unwrap();
    assert_eq!(json[2]["code"], "DuplicateKey");
    assert_eq!(json[2]["grpc"], "ALREADY_EXISTS");
}

/// A status decoded with the type, and the error rebuilt from its first view.
fn round_trip<E: ApiError + FromView>(status: &Status) -> Option<E> {
    let decoded = errwire::tonic::decode_as::<E>(status);
    assert_eq!(decoded.errors.len(), 1, "{decoded:?}");
    E::from_view(&decoded.errors[0])
}

/// The example service answers gRPC on its HTTP port, from the same `ConnectError`.
#[tokio::test]
async fn the_example_service_answers_grpc_on_its_http_port() {
    use app::grpc::{
        CREATE_DEPLOYMENT, CreateDeploymentRequest, DeploymentReply, GET_DEPLOYMENT, GetDeploymentRequest,
    };

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let (shutdown, signal) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app::router())
            .with_graceful_shutdown(async {
                let _ = signal.await;
            })
            .await
    });
    let channel =
        tonic::transport::Endpoint::from_shared(format!("http://{addr}")).unwrap().connect().await.unwrap();
    let mut client = tonic::client::Grpc::new(channel);
    client.ready().await.unwrap();
    let get = |id| tonic::Request::new(GetDeploymentRequest { id });
    let codec = || tonic_prost::ProstCodec::<GetDeploymentRequest, DeploymentReply>::default();
    let path = || http::uri::PathAndQuery::from_static(GET_DEPLOYMENT);

    let found = client.unary(get(1), path(), codec()).await.expect("deployment 1").into_inner();
    assert_eq!(found, DeploymentReply { id: 1, key: "checkout".into(), version: 3 });

    client.ready().await.unwrap();
    let status = client.unary(get(99), path(), codec()).await.expect_err("no deployment 99");
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.message(), "Deployment with id=99 does not exist");
    let expected = Details {
        infos: vec![info("RESOURCE_NOT_FOUND", "deployments.example.com", &[])],
        other: 1,
        ..Details::default()
    };
    assert_eq!(details(&status), expected);
    // The example's errors have translations: a request without a language gets the default's.
    assert_eq!(localized(&status), pair("en", "Deployment with id=99 does not exist"));

    client.ready().await.unwrap();
    let mut create = tonic::Request::new(CreateDeploymentRequest { key: "checkout".into() });
    // The axum layer reads `accept-language` for gRPC calls too.
    create.metadata_mut().insert("accept-language", "de-DE, en;q=0.5".parse().unwrap());
    let codec = tonic_prost::ProstCodec::<CreateDeploymentRequest, DeploymentReply>::default();
    let path = http::uri::PathAndQuery::from_static(CREATE_DEPLOYMENT);
    let status = client.unary(create, path, codec).await.expect_err("duplicate key");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(status.message(), "A duplicate value checkout exists for field key.");
    let expected = Details {
        infos: vec![info(
            "DUPLICATE_FIELD",
            "deployments.example.com",
            &[("duplicateValue", "checkout"), ("field", "key")],
        )],
        violations: vec![(
            "key".into(),
            "A duplicate value checkout exists for field key.".into(),
            String::new(),
        )],
        other: 1,
        ..Details::default()
    };
    assert_eq!(details(&status), expected);
    assert_eq!(localized(&status), pair("de", "Für das Feld key gibt es den Wert checkout schon."));
    let decoded = errwire::tonic::decode_as::<app::ConnectError>(&status);
    assert_eq!((decoded.status, decoded.errors[0].code.as_deref()), (400, Some("DuplicateField")));

    let _ = shutdown.send(());
    task.await.unwrap().unwrap();
}

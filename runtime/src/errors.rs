use http::{Response, StatusCode};
use serde::Serializer;

use crate::format::{Documents, ErrorItem, Format, FormatVisitor};
use crate::render::render_many;
use crate::{ApiError, Context};

/// Several errors answered in one response (validation: every bad field at once).
///
/// Items are derived errors of one type, or boxed `dyn ApiError`s of any type. The response's
/// status is the errors' common status; when they differ, the most general one of their class:
/// `500` if any is a 5xx, else `400`. An empty collection is answered as `500`: a handler that
/// fails without an error is a server bug.
///
/// The error-list format writes every error into its `errors` array, problem+json into an
/// `errors` extension member, the single-message formats join the messages with `"; "` (and
/// take the first error's code). The errors' headers are all sent, in order: when two set the
/// same header, the later one's value is sent.
///
/// ```
/// use errwire::{ApiError, Errors};
///
/// #[derive(Debug, ApiError)]
/// #[api(format = errwire::format::ErrorList, rename_all = "camelCase")]
/// enum InputError {
///     #[api(status = 400, code = "InvalidJsonInput", msg = "{message}")]
///     InvalidJson { #[api(skip)] message: &'static str, detailed_error_message: &'static str },
/// }
///
/// let errors: Errors<InputError> = [
///     InputError::InvalidJson { message: "First error message.", detailed_error_message: "" },
///     InputError::InvalidJson { message: "Second error message.", detailed_error_message: "" },
/// ]
/// .into_iter()
/// .collect();
/// assert_eq!(
///     errors.to_response().body().as_slice(),
///     br#"{"statusCode":400,"message":"First error message.","errors":[{"code":"InvalidJsonInput","message":"First error message.","detailedErrorMessage":""},{"code":"InvalidJsonInput","message":"Second error message.","detailedErrorMessage":""}]}"#,
/// );
/// ```
#[derive(Debug, Clone)]
pub struct Errors<T> {
    items: Vec<T>,
}

impl<T> Default for Errors<T> {
    fn default() -> Self {
        Errors { items: Vec::new() }
    }
}

impl<T> Errors<T> {
    /// No errors yet.
    pub fn new() -> Self {
        Errors::default()
    }

    /// Adds an error.
    pub fn push(&mut self, error: T) {
        self.items.push(error);
    }

    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none (a handler collecting validation errors returns `Ok` then).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The errors in order.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }
}

impl<T: ErrorItem> Errors<T> {
    /// The status of the response: the common status, or the most general of the class.
    pub fn status(&self) -> StatusCode {
        let mut statuses = self.items.iter().map(|item| item.error().status());
        let Some(first) = statuses.next() else { return StatusCode::INTERNAL_SERVER_ERROR };
        let mut any_server_error = first.is_server_error();
        let mut all_same = true;
        for status in statuses {
            any_server_error |= status.is_server_error();
            all_same &= status == first;
        }
        match (all_same, any_server_error) {
            (true, _) => first,
            (false, true) => StatusCode::INTERNAL_SERVER_ERROR,
            (false, false) => StatusCode::BAD_REQUEST,
        }
    }

    /// The response in `format` (needed for boxed `dyn ApiError` items, which have no one
    /// format).
    pub fn to_response_in<F: Format + ?Sized>(&self, format: &F, cx: &Context<'_>) -> Response<Vec<u8>> {
        render_many(format, &self.items, self.status(), cx)
    }
}

impl<E: ApiError> Errors<E> {
    /// The response in the error type's format.
    pub fn to_response(&self) -> Response<Vec<u8>> {
        self.to_response_with(&Context::new())
    }

    /// The response in the error type's format, with `cx` (the instance id).
    pub fn to_response_with(&self, cx: &Context<'_>) -> Response<Vec<u8>> {
        struct Render<'a, E>(&'a Errors<E>, &'a Context<'a>);
        impl<E: ApiError> FormatVisitor for Render<'_, E> {
            type Output = Response<Vec<u8>>;
            fn visit<F: Format>(self, format: &F) -> Self::Output {
                self.0.to_response_in(format, self.1)
            }
        }
        E::with_format(Render(self, cx))
    }
}

/// The body of the error type's format, without an instance id.
impl<E: ApiError> serde::Serialize for Errors<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Write<'a, E, S>(&'a Errors<E>, S);
        impl<E: ApiError, S: Serializer> FormatVisitor for Write<'_, E, S> {
            type Output = Result<S::Ok, S::Error>;
            fn visit<F: Format>(self, format: &F) -> Self::Output {
                let docs = Documents::new(&self.0.items, self.0.status(), None);
                format.serialize_many(&docs, self.1)
            }
        }
        E::with_format(Write(self, serializer))
    }
}

/// The messages joined with `"; "` (what the single-message formats write), so that a
/// collection is an error value for frameworks that want `Display` (actix-web's
/// `ResponseError`).
///
/// ```
/// use errwire::{ApiError, Errors};
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 400, msg = "{field} is required")]
/// struct Missing { field: &'static str }
///
/// let errors: Errors<Missing> = [Missing { field: "key" }, Missing { field: "replicas" }].into_iter().collect();
/// assert_eq!(errors.to_string(), "key is required; replicas is required");
/// ```
impl<T: ErrorItem> core::fmt::Display for Errors<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            item.error().write_message(f)?;
        }
        Ok(())
    }
}

impl<T> FromIterator<T> for Errors<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Errors { items: iter.into_iter().collect() }
    }
}

impl<T> Extend<T> for Errors<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.items.extend(iter);
    }
}

impl<T> From<Vec<T>> for Errors<T> {
    fn from(items: Vec<T>) -> Self {
        Errors { items }
    }
}

impl<T> IntoIterator for Errors<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Errors<T> {
    type Item = &'a T;
    type IntoIter = core::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

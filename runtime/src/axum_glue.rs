use crate::ApiError;

/// The axum response of an error: [`ApiError::to_response`] with the body boxed for axum.
pub fn axum_response<E: ApiError + ?Sized>(error: &E) -> axum::response::Response {
    error.to_response().map(axum::body::Body::from)
}

/// Lets handlers return `Result<T, Box<dyn ApiError + Send + Sync>>` and any derived error
/// behind the box.
impl axum::response::IntoResponse for Box<dyn ApiError + Send + Sync> {
    fn into_response(self) -> axum::response::Response {
        axum_response(&*self)
    }
}

/// Several errors in one response, in the error type's format.
impl<E: ApiError> axum::response::IntoResponse for crate::Errors<E> {
    fn into_response(self) -> axum::response::Response {
        self.to_response().map(axum::body::Body::from)
    }
}

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

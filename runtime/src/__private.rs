//! Items the derive's generated code uses. Not public API: no stability promise.

pub use core;
pub use http::{HeaderName, StatusCode};
pub use serde;
pub use serde_json;
pub use std::vec::Vec;

use serde::Serializer;

use crate::ApiError;
use crate::format::{Document, Format};

/// `StatusCode` from a number the derive has already checked to be in 400–599.
pub const fn status(code: u16) -> StatusCode {
    match StatusCode::from_u16(code) {
        Ok(status) => status,
        Err(_) => panic!("errwire: the derive passed an invalid status"),
    }
}

/// The reason phrase of `status`, the default message.
pub fn reason(status: StatusCode) -> &'static str {
    crate::format::reason_phrase(status)
}

/// The body of the generated `Serialize` impl: the type's format, without an instance id.
pub fn serialize_body<F, E, S>(format: &F, error: &E, serializer: S) -> Result<S::Ok, S::Error>
where
    F: Format + ?Sized,
    E: ApiError,
    S: Serializer,
{
    format.serialize(&Document::new(error), serializer)
}

/// The envelope members of `format` (whose type the derive can't name).
pub const fn reserved_of<F: Format>(_: &F) -> &'static [&'static str] {
    F::RESERVED
}

/// Fails compilation (in the derive's const check) when a body member has the name of one of
/// `reserved`, with the message that comes with the member.
pub const fn assert_members_free(reserved: &[&str], members: &[(&str, &str)]) {
    let mut m = 0;
    while m < members.len() {
        let mut r = 0;
        while r < reserved.len() {
            if str_eq(reserved[r], members[m].0) {
                panic!("{}", members[m].1);
            }
            r += 1;
        }
        m += 1;
    }
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// How the derive finds a member's JSON Schema: the first of [`JsonType`](crate::schema::JsonType),
/// `utoipa::PartialSchema` (feature `utoipa`) and "any value" that the type implements, by
/// autoref specialization on `(&&&Probe::<T>::NEW).member_schema()`.
pub mod schema {
    use core::marker::PhantomData;

    use serde_json::Value;

    /// Stands for the member type `T`.
    pub struct Probe<T: ?Sized>(PhantomData<T>);

    impl<T: ?Sized> Probe<T> {
        /// The probe of `T`.
        pub const NEW: Self = Probe(PhantomData);
    }

    /// Chosen first: errwire's own schema of `T`.
    pub trait ViaJsonType {
        /// The member's schema.
        fn member_schema(&self) -> Value;
    }

    impl<T: crate::schema::JsonType + ?Sized> ViaJsonType for &&Probe<T> {
        fn member_schema(&self) -> Value {
            T::json_schema()
        }
    }

    /// Chosen second: utoipa's schema of `T` (feature `utoipa`).
    pub trait ViaUtoipa {
        /// The member's schema.
        fn member_schema(&self) -> Value;
    }

    #[cfg(feature = "utoipa")]
    impl<T: utoipa::PartialSchema + ?Sized> ViaUtoipa for &Probe<T> {
        fn member_schema(&self) -> Value {
            serde_json::to_value(T::schema()).unwrap_or_else(|_| crate::schema::any())
        }
    }

    /// Chosen last: any JSON value.
    pub trait ViaAny {
        /// The member's schema.
        fn member_schema(&self) -> Value;
    }

    impl<T: ?Sized> ViaAny for Probe<T> {
        fn member_schema(&self) -> Value {
            crate::schema::any()
        }
    }

    /// The schema of a member whose type names a type parameter.
    pub fn any() -> Value {
        crate::schema::any()
    }
}

/// For a transparent variant's members: the inner error's, but for any named like a member of the
/// outer type's envelope (`format`), which would make the body carry that key twice (and JSON
/// parsers keep the last one, the inner error's). Such a member is left out and logged.
pub fn except<'a, F, M>(format: &'a F, map: &'a mut M) -> Except<'a, F, M>
where
    F: Format + ?Sized,
    M: serde::ser::SerializeMap,
{
    Except { format, map }
}

/// A map that leaves out the members `format` writes itself; see [`except`].
pub struct Except<'a, F: ?Sized, M> {
    format: &'a F,
    map: &'a mut M,
}

impl<F: Format + ?Sized, M: serde::ser::SerializeMap> Except<'_, F, M> {
    fn reserved<K: ?Sized + serde::Serialize>(&self, key: &K) -> bool {
        // Keys are written as JSON into a stack buffer and compared without their quotes; a key
        // too long for the buffer is longer than any envelope member.
        let mut buffer = KeyBuffer { bytes: [0; 64], len: 0 };
        if serde_json::to_writer(&mut buffer, key).is_err() {
            return false;
        }
        let written = &buffer.bytes[..buffer.len];
        let name = written.strip_prefix(b"\"").and_then(|rest| rest.strip_suffix(b"\""));
        let reserved = name
            .and_then(|name| core::str::from_utf8(name).ok())
            .is_some_and(|name| self.format.writes_member(name));
        #[cfg(feature = "tracing")]
        if reserved {
            tracing::warn!(
                member = %String::from_utf8_lossy(written),
                "left out a transparent variant's member named like a member of the envelope"
            );
        }
        reserved
    }
}

struct KeyBuffer {
    bytes: [u8; 64],
    len: usize,
}

impl std::io::Write for KeyBuffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let end = self.len + data.len();
        let Some(into) = self.bytes.get_mut(self.len..end) else {
            return Err(std::io::ErrorKind::WriteZero.into());
        };
        into.copy_from_slice(data);
        self.len = end;
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<F: Format + ?Sized, M: serde::ser::SerializeMap> serde::ser::SerializeMap for Except<'_, F, M> {
    type Ok = ();
    type Error = M::Error;

    fn serialize_key<K: ?Sized + serde::Serialize>(&mut self, key: &K) -> Result<(), M::Error> {
        // Only `serialize_entry` can leave a member out whole: a derived type uses nothing else.
        self.map.serialize_key(key)
    }

    fn serialize_value<V: ?Sized + serde::Serialize>(&mut self, value: &V) -> Result<(), M::Error> {
        self.map.serialize_value(value)
    }

    fn serialize_entry<K, V>(&mut self, key: &K, value: &V) -> Result<(), M::Error>
    where
        K: ?Sized + serde::Serialize,
        V: ?Sized + serde::Serialize,
    {
        if self.reserved(key) {
            return Ok(());
        }
        self.map.serialize_entry(key, value)
    }

    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}

/// Sets a header field's value, dropping an illegal one.
pub fn header(headers: &mut crate::Headers<'_>, name: HeaderName, value: &dyn core::fmt::Display) {
    headers.insert_display(name, value);
}

/// Implements the enabled frameworks' response traits for a derived type; expands to nothing
/// for a framework whose feature is off (features are errwire's, so this is decided here).
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_frameworks {
    ({$($generics:tt)*} {$($ty:tt)*} {$($bounds:tt)*}) => {
        $crate::__errwire_axum!({$($generics)*} {$($ty)*} {$($bounds)*});
        $crate::__errwire_actix!({$($generics)*} {$($ty)*} {$($bounds)*});
        $crate::__errwire_utoipa!({$($generics)*} {$($ty)*} {$($bounds)*});
    };
}

#[cfg(feature = "utoipa")]
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_utoipa {
    ({$($generics:tt)*} {$($ty:tt)*} {$($bounds:tt)*}) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::utoipa::IntoResponses for $($ty)*
        where
            $($ty)*: $crate::ApiError,
            $($bounds)*
        {
            fn responses() -> $crate::__private::BTreeMap<
                $crate::__private::String,
                $crate::__private::utoipa::openapi::RefOr<$crate::__private::utoipa::openapi::response::Response>,
            > {
                $crate::openapi::responses::<Self>()
            }
        }
    };
}

#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_utoipa {
    ($($tokens:tt)*) => {};
}

#[cfg(feature = "utoipa")]
pub use std::{collections::BTreeMap, string::String};
#[cfg(feature = "utoipa")]
pub use utoipa;

#[cfg(feature = "axum")]
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_axum {
    ({$($generics:tt)*} {$($ty:tt)*} {$($bounds:tt)*}) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::axum::response::IntoResponse for $($ty)*
        where
            $($ty)*: $crate::ApiError,
            $($bounds)*
        {
            fn into_response(self) -> $crate::__private::axum::response::Response {
                $crate::__private::axum_response(&self)
            }
        }
    };
}

#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_axum {
    ($($tokens:tt)*) => {};
}

#[cfg(feature = "actix-web")]
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_actix {
    ({$($generics:tt)*} {$($ty:tt)*} {$($bounds:tt)*}) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::actix_web::ResponseError for $($ty)*
        where
            $($ty)*: $crate::ApiError,
            $($bounds)*
        {
            fn status_code(&self) -> $crate::__private::actix_web::http::StatusCode {
                $crate::__private::actix_status(self)
            }

            fn error_response(&self) -> $crate::__private::actix_web::HttpResponse {
                $crate::__private::actix_response(self)
            }
        }
    };
}

#[cfg(not(feature = "actix-web"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_actix {
    ($($tokens:tt)*) => {};
}

pub use crate::__errwire_frameworks as frameworks;

#[cfg(feature = "axum")]
pub use crate::axum::response as axum_response;
#[cfg(feature = "axum")]
pub use axum;

#[cfg(feature = "actix-web")]
pub use crate::actix::response as actix_response;
#[cfg(feature = "actix-web")]
pub use actix_web;

/// The status of the generated `ResponseError::status_code`: the one `to_response` writes.
#[cfg(feature = "actix-web")]
pub fn actix_status<E: ApiError + ?Sized>(error: &E) -> actix_web::http::StatusCode {
    crate::actix::status_code(error.status())
}

/// A source field as `&dyn Error`, whether it holds a sized error or a boxed `dyn Error`
/// (called with method syntax, which auto-derefs the box).
pub trait AsDynError {
    /// The error behind `self`.
    fn as_dyn_error(&self) -> &(dyn core::error::Error + 'static);
}

impl<T: core::error::Error + 'static> AsDynError for T {
    fn as_dyn_error(&self) -> &(dyn core::error::Error + 'static) {
        self
    }
}

// Unsized impls, so that a `Box<dyn Error + Send + Sync>` source reaches one by auto-deref.
macro_rules! as_dyn_error_unsized {
    ($($ty:ty),*) => {$(
        impl AsDynError for $ty {
            fn as_dyn_error(&self) -> &(dyn core::error::Error + 'static) {
                self
            }
        }
    )*};
}

as_dyn_error_unsized!(
    dyn core::error::Error + 'static,
    dyn core::error::Error + Send + 'static,
    dyn core::error::Error + Send + Sync + 'static
);

//! Items the derive's generated code uses. Not public API: no stability promise to users.
//!
//! This module is the one interface between `errwire-macros`' output and the runtime (see
//! `ARCHITECTURE.md`): generated code names nothing of `errwire` but the public trait and types
//! and what is here. It is versioned with the crate: `errwire` depends on `errwire-macros` at
//! the exact same version (`=x.y.z`), so a derive always expands against the module it was
//! written for; changing an item here and its use in `macros/src/expand.rs` is one change.

pub use core;
pub use http::{HeaderName, StatusCode};
pub use serde;
pub use serde_json;
pub use std::vec::Vec;

pub mod catalog;
pub mod message;

/// The names the derive's output uses most, short, imported once per derive with
/// `use ::errwire::__private::short::*;`: a fully qualified path per member, placeholder and
/// catalog entry was a tenth of the compile time of a large enum (parsing and resolving them).
/// Every name starts with `__Errwire`/`__errwire`, so none can meet a user's.
pub mod short {
    pub use super::message::{
        Part as __ErrwirePart, write as __errwire_write, write1 as __errwire_write1,
        write2 as __errwire_write2, write3 as __errwire_write3, write4 as __errwire_write4,
        write5 as __errwire_write5, write6 as __errwire_write6, write7 as __errwire_write7,
        write8 as __errwire_write8,
    };
    pub use super::{
        entry as __errwire_entry, members2 as __errwire_members2, members3 as __errwire_members3,
        members4 as __errwire_members4, members5 as __errwire_members5, members6 as __errwire_members6,
        members7 as __errwire_members7, members8 as __errwire_members8, write_str as __errwire_str,
    };
    pub use crate::catalog::{Entry as __ErrwireEntry, Field as __ErrwireField};
    pub use core::option::Option::{None as __ErrwireNone, Some as __ErrwireSome};
    pub use core::result::Result::{Err as __ErrwireErr, Ok as __ErrwireOk};
    pub use http::StatusCode as __ErrwireStatus;
    pub use serde::ser::SerializeMap as __ErrwireMap;
}

use serde::Serializer;

use crate::ApiError;
use crate::format::{Document, Format};

macro_rules! members_fn {
    ($name:ident, $count:literal: $($t:ident $n:ident $v:ident),*) => {
        #[doc = concat!(
            "A variant's ", $count, " body members, `(name, &value)` after `(name, &value)`, serialized in \
             order by one call: the derive writes it for members whose types are the language's own \
             or `String` (which always implement `Serialize`, so no error can arise that should point \
             at a field). A call per member, or one over a tuple through a trait, cost more to \
             type-check in the user's crate.\n\n\
             # Errors\n\nThe first error of the map or of a value."
        )]
        #[inline]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<M, $($t),*>(map: &mut M, $($n: &'static str, $v: &$t),*) -> Result<(), M::Error>
        where
            M: serde::ser::SerializeMap,
            $($t: serde::Serialize + ?Sized,)*
        {
            $( map.serialize_entry($n, $v)?; )*
            Ok(())
        }
    };
}

members_fn!(members2, "two": A a va, B b vb);
members_fn!(members3, "three": A a va, B b vb, C c vc);
members_fn!(members4, "four": A a va, B b vb, C c vc, D d vd);
members_fn!(members5, "five": A a va, B b vb, C c vc, D d vd, E e ve);
members_fn!(members6, "six": A a va, B b vb, C c vc, D d vd, E e ve, F f vf);
members_fn!(members7, "seven": A a va, B b vb, C c vc, D d vd, E e ve, F f vf, G g vg);
members_fn!(members8, "eight": A a va, B b vb, C c vc, D d vd, E e ve, F f vf, G g vg, H h vh);

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

/// The message of a variant whose `msg` is its thiserror `#[error]` text: the type's `Display`.
pub fn display<T: core::fmt::Display + ?Sized>(
    value: &T,
    out: &mut dyn core::fmt::Write,
) -> core::fmt::Result {
    write!(out, "{value}")
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

/// The body of the generated `Serialize` impl of a type in the default format, problem+json:
/// `serialize_body` with one type parameter less to infer (a third of that impl's cost to
/// compile).
pub fn serialize_problem<E: ApiError, S: Serializer>(error: &E, serializer: S) -> Result<S::Ok, S::Error> {
    serialize_body(&crate::format::ProblemJson, error, serializer)
}

/// The body of the generated `Display::fmt` of a type without generics: its message. (A call
/// of the trait's method through `<Self as ApiError>` cost more to type-check than this one.)
#[inline]
pub fn display_message<E: ApiError>(
    error: &E,
    formatter: &mut core::fmt::Formatter<'_>,
) -> core::fmt::Result {
    error.write_message(formatter)
}

/// The generated `ApiError::status`: the status of the variant in `row` (a call with the array
/// and the row cost less to type-check than indexing in the derive's output).
#[inline]
pub fn status_at(statuses: &'static [u16], row: usize) -> StatusCode {
    status(statuses[row])
}

/// The generated `ApiError::code`: the code of the variant in `row`.
#[inline]
pub fn code_at(codes: &'static [&'static str], row: usize) -> &'static str {
    codes[row]
}

/// One body member whose type is the language's own or `String` (so always `Serialize`): a
/// function call cost less to type-check than the method call on the generic map. (A member of
/// any other type keeps `serialize_entry`, where a missing `Serialize` is reported as serde's
/// bound.)
#[inline]
pub fn entry<M, T>(map: &mut M, name: &'static str, value: &T) -> Result<(), M::Error>
where
    M: serde::ser::SerializeMap,
    T: serde::Serialize + ?Sized,
{
    map.serialize_entry(name, value)
}

/// A variant's message written as one text (a `match` arm's, without placeholders).
#[inline]
pub fn write_str(out: &mut dyn core::fmt::Write, text: &str) -> core::fmt::Result {
    out.write_str(text)
}

/// A variant's message without placeholders, its row's text (`::core::fmt::Write::write_str`
/// on the `dyn Write` cost more to type-check than this call).
#[inline]
pub fn write_text(
    out: &mut dyn core::fmt::Write,
    texts: &'static [&'static str],
    row: usize,
) -> core::fmt::Result {
    out.write_str(texts[row])
}

/// What a format writes beside an error's own members, read in the derive's const checks of a
/// format given by a path the derive doesn't know (a service's `const FORMAT: ProblemJson =
/// ProblemJson.code_member("code")`): a body member named like one of them, or a code that can't
/// follow the format's `type_base` in a URI, fails the build on the user's token.
pub struct Envelope {
    reserved: &'static [&'static str],
    code_member: Option<&'static str>,
    type_base: bool,
}

impl Envelope {
    /// Whether the format writes a member `name` beside the error's own.
    pub const fn writes(&self, name: &str) -> bool {
        let mut i = 0;
        while i < self.reserved.len() {
            if str_eq(self.reserved[i], name) {
                return true;
            }
            i += 1;
        }
        match self.code_member {
            Some(member) => str_eq(member, name),
            None => false,
        }
    }

    /// Whether the format builds `type` from its `type_base` and the code.
    pub const fn has_type_base(&self) -> bool {
        self.type_base
    }
}

/// The envelope of the format that `format` returns (the derive's `__errwire_format`, whose
/// `impl Format` is the one place the format is required to be one), with the options of `value`
/// (the format's path as written) when `kind` found it to be a `ProblemJson`: trait methods
/// can't run in a const, so problem+json's options are read through its type, which `kind`'s
/// closure names by autoref specialization (see [`FormatProbe`]). Neither function is called.
pub const fn envelope<R, O, F, K, P>(format: &R, value: &F, kind: &P) -> Envelope
where
    R: FnOnce() -> O,
    O: Format,
    K: FormatKind<F>,
    P: FnOnce() -> K,
{
    let _ = (format, kind);
    let (code_member, type_base) = if K::PROBLEM_JSON {
        // SAFETY: `FormatKind<F>` is sealed, and its only impl with `PROBLEM_JSON` is
        // `IsProblemJson: FormatKind<ProblemJson>`: `F` is `ProblemJson`.
        let problem = unsafe { &*(value as *const F).cast::<ProblemJson>() };
        problem.const_options()
    } else {
        (None, false)
    };
    Envelope { reserved: O::RESERVED, code_member, type_base }
}

use crate::format::ProblemJson;

/// A format value, for `(&FormatProbe(&FORMAT)).__errwire_kind()`: [`IsProblemJson`] for a
/// `ProblemJson`, else [`IsOther`] (never an error: the format's own check reports one).
pub struct FormatProbe<'a, F>(pub &'a F);

/// The format is a `ProblemJson`.
pub struct IsProblemJson;

/// The format is not a `ProblemJson`.
pub struct IsOther;

/// Chosen first, for a `ProblemJson`.
pub trait FormatViaProblemJson {
    /// The format's kind.
    fn __errwire_kind(&self) -> IsProblemJson {
        IsProblemJson
    }
}

impl FormatViaProblemJson for FormatProbe<'_, ProblemJson> {}

/// Chosen otherwise.
pub trait FormatViaOther {
    /// The format's kind.
    fn __errwire_kind(&self) -> IsOther {
        IsOther
    }
}

impl<F> FormatViaOther for &FormatProbe<'_, F> {}

mod sealed {
    pub trait Kind<F> {}
}

/// Whether the format `F` is a `ProblemJson`; sealed, as [`envelope`] relies on it.
pub trait FormatKind<F>: sealed::Kind<F> {
    /// `F` is `ProblemJson`.
    const PROBLEM_JSON: bool;
}

impl sealed::Kind<ProblemJson> for IsProblemJson {}

impl FormatKind<ProblemJson> for IsProblemJson {
    const PROBLEM_JSON: bool = true;
}

impl<F> sealed::Kind<F> for IsOther {}

impl<F> FormatKind<F> for IsOther {
    const PROBLEM_JSON: bool = false;
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
/// autoref specialization on `(&&&Probe::<T>::NEW).__errwire_member_schema()` (a name no trait
/// of the user's can share, which would make the call ambiguous).
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
        fn __errwire_member_schema(&self) -> Value;
    }

    impl<T: crate::schema::JsonType + ?Sized> ViaJsonType for &&Probe<T> {
        fn __errwire_member_schema(&self) -> Value {
            T::json_schema()
        }
    }

    /// Chosen second: utoipa's schema of `T` (feature `utoipa`).
    pub trait ViaUtoipa {
        /// The member's schema.
        fn __errwire_member_schema(&self) -> Value;
    }

    #[cfg(feature = "utoipa")]
    impl<T: utoipa::PartialSchema + ?Sized> ViaUtoipa for &Probe<T> {
        fn __errwire_member_schema(&self) -> Value {
            serde_json::to_value(T::schema()).unwrap_or_else(|_| crate::schema::any())
        }
    }

    /// Chosen last: any JSON value.
    pub trait ViaAny {
        /// The member's schema.
        fn __errwire_member_schema(&self) -> Value;
    }

    impl<T: ?Sized> ViaAny for Probe<T> {
        fn __errwire_member_schema(&self) -> Value {
            crate::schema::any()
        }
    }

    /// The schema of a member whose type names a type parameter.
    pub fn any() -> Value {
        crate::schema::any()
    }

    /// The schemas of members whose type is written as one of the language's own types or
    /// `String` (`&str` as `str`), by name: what the probe would choose for them ([`JsonType`](crate::schema::JsonType)),
    /// without a probe to compile per type.
    #[allow(non_snake_case)]
    pub mod primitive {
        use serde_json::Value;

        use crate::schema::JsonType;

        macro_rules! by_name {
            ($($name:ident)*) => {
                $(
                    #[doc = concat!("The schema of `", stringify!($name), "`.")]
                    pub fn $name() -> Value {
                        <$name as JsonType>::json_schema()
                    }
                )*

                /// The function of this module named `name`, the one the catalog's text names
                /// (`catalog`: a member written as such a type needs no function of its own
                /// in the derive's output).
                pub fn named(name: &str) -> Option<fn() -> Value> {
                    match name {
                        $(stringify!($name) => Some($name),)*
                        _ => None,
                    }
                }
            };
        }

        by_name!(u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize f32 f64 bool char str String);
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

/// What every sized [`ApiError`] gets without writing it: the dyn-compatible plumbing behind
/// `to_response_with` (the type's format, called through its visitor) and behind rendering a
/// `dyn ApiError` (its members as one JSON object). A supertrait of `ApiError` with a blanket
/// impl, so a hand-written impl writes only the contract and can't get this wrong.
pub trait Plumbing {
    /// The complete response in the type's format.
    fn render_with(&self, cx: &crate::Context<'_>) -> http::Response<Vec<u8>>;

    /// The error's extra members as one JSON object, for `dyn ApiError`.
    ///
    /// # Errors
    ///
    /// Whatever a field's `Serialize` impl returns.
    fn write_fields_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
}

impl<T: ApiError> Plumbing for T {
    fn render_with(&self, cx: &crate::Context<'_>) -> http::Response<Vec<u8>> {
        struct Render<'a, 'b, T>(&'a T, &'a crate::Context<'b>);
        impl<T: ApiError> crate::FormatVisitor for Render<'_, '_, T> {
            type Output = http::Response<Vec<u8>>;
            fn visit<F: Format>(self, format: &F) -> Self::Output {
                crate::render(format, self.0, self.1)
            }
        }
        T::with_format(Render(self, cx))
    }

    fn write_fields_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        crate::render::fields_to_json(self, out)
    }
}

/// Sets a header field's value, dropping an illegal one.
pub fn header(headers: &mut crate::Headers<'_>, name: HeaderName, value: &dyn core::fmt::Display) {
    headers.insert_display(name, value);
}

/// Implements the enabled frameworks' response traits for a derived type; expands to nothing
/// for a framework whose feature is off (features are errwire's, so this is decided here).
#[cfg(any(feature = "axum", feature = "actix-web", feature = "utoipa", feature = "tonic"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_frameworks {
    ({$($generics:tt)*} {$($ty:tt)*} {$($bounds:tt)*}) => {
        $crate::__errwire_axum!({$($generics)*} {$($ty)*} {$($bounds)*});
        $crate::__errwire_actix!({$($generics)*} {$($ty)*} {$($bounds)*});
        $crate::__errwire_utoipa!({$($generics)*} {$($ty)*} {$($bounds)*});
        $crate::__errwire_tonic!({$($generics)*} {$($ty)*} {$($bounds)*});
    };
}

/// Without any framework feature: nothing, in one expansion (the arms above are five).
#[cfg(not(any(feature = "axum", feature = "actix-web", feature = "utoipa", feature = "tonic")))]
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_frameworks {
    ($($tokens:tt)*) => {};
}

#[cfg(feature = "tonic")]
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_tonic {
    ({$($generics:tt)*} {$($ty:tt)*} {$($bounds:tt)*}) => {
        #[automatically_derived]
        impl $($generics)* ::core::convert::From<$($ty)*> for $crate::__private::tonic::Status
        where
            $($ty)*: $crate::ApiError,
            $($bounds)*
        {
            fn from(error: $($ty)*) -> Self {
                $crate::tonic::status(&error)
            }
        }
    };
}

#[cfg(not(feature = "tonic"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_tonic {
    ($($tokens:tt)*) => {};
}

#[cfg(feature = "tonic")]
pub use tonic;

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

/// A source field as `&dyn Error`: a sized error, or a pointer to one (`Box<dyn Error + Send +
/// Sync>`, `anyhow::Error`), through [`SourceProbe`].
///
/// The method's name is no other trait's: a user's error about a source that is not an error
/// (thiserror's) lists every trait with a method of the name it looked for.
pub trait AsDynError {
    /// The error behind `self`.
    fn __errwire_as_dyn_error(&self) -> &(dyn core::error::Error + 'static);
}

impl<T: core::error::Error + 'static> AsDynError for T {
    fn __errwire_as_dyn_error(&self) -> &(dyn core::error::Error + 'static) {
        self
    }
}

// Unsized impls, for the targets of `Box<dyn Error + Send + Sync>` and the like.
macro_rules! as_dyn_error_unsized {
    ($($ty:ty),*) => {$(
        impl AsDynError for $ty {
            fn __errwire_as_dyn_error(&self) -> &(dyn core::error::Error + 'static) {
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

/// The check that a source field is an error, after [`SourceProbe`]: implemented only by
/// `dyn Error`, which the probe yields for an error or a pointer to one; a field that is neither
/// is reported on the field, in words that say what to do.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an error type, so it can't be the error's source",
    label = "not an error type",
    note = "a field named `source`, or marked `#[source]`, `#[from]` or `#[api(source)]`, is the \
            error's source and must implement `std::error::Error`; for a body member named \
            `source`, mark the field `#[api(member)]`"
)]
pub trait SourceError {
    /// The source, as the error it is.
    fn source_error(&self) -> &(dyn core::error::Error + 'static);
}

#[diagnostic::do_not_recommend]
impl SourceError for dyn core::error::Error + 'static {
    #[inline]
    fn source_error(&self) -> &(dyn core::error::Error + 'static) {
        self
    }
}

/// A source field, for `(&&&SourceProbe(field)).__errwire_source()`: the field as `&dyn Error`
/// when it is an error ([`SourceViaError`]) or points to one ([`SourceViaDeref`]), else the
/// field itself ([`SourceViaNone`]), which the derive's check then reports as not an error, on
/// the field. (A method call would find a pointer's target by itself, but then a user's trait
/// with a method of the same name, like [`Renderable`](crate::Renderable)'s `as_dyn_error`,
/// made it ambiguous, and a field that is not an error got a message about this module.)
pub struct SourceProbe<'a, T: ?Sized>(pub &'a T);

/// Chosen first: the field is an error.
pub trait SourceViaError<'a> {
    /// The source.
    fn __errwire_source(self) -> &'a (dyn core::error::Error + 'static);
}

impl<'a, T: core::error::Error + 'static> SourceViaError<'a> for &&SourceProbe<'a, T> {
    fn __errwire_source(self) -> &'a (dyn core::error::Error + 'static) {
        self.0
    }
}

/// Chosen second: the field points to an error.
pub trait SourceViaDeref<'a> {
    /// The source.
    fn __errwire_source(self) -> &'a (dyn core::error::Error + 'static);
}

impl<'a, T> SourceViaDeref<'a> for &SourceProbe<'a, T>
where
    T: core::ops::Deref + ?Sized,
    T::Target: AsDynError,
{
    fn __errwire_source(self) -> &'a (dyn core::error::Error + 'static) {
        AsDynError::__errwire_as_dyn_error(core::ops::Deref::deref(self.0))
    }
}

/// Chosen last: the field is not an error; the derive's check reports it.
pub trait SourceViaNone<'a, T: ?Sized> {
    /// The field.
    fn __errwire_source(self) -> &'a T;
}

impl<'a, T: ?Sized> SourceViaNone<'a, T> for SourceProbe<'a, T> {
    fn __errwire_source(self) -> &'a T {
        self.0
    }
}

/// The translation methods of a type with `#[api(locales = "...")]`: the tokens as given when
/// errwire is built with its `fluent` feature, else a compile error on the user's `locales`
/// (the derive, which has no features, can't tell).
#[cfg(feature = "fluent")]
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_l10n {
    ($($methods:tt)*) => {
        $($methods)*
    };
}

#[cfg(not(feature = "fluent"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __errwire_l10n {
    ($($methods:tt)*) => {
        ::core::compile_error!(
            "`#[api(locales = \"...\")]` needs errwire's `fluent` feature: \
             errwire = { version = \"0.1\", features = [\"fluent\"] }"
        );
    };
}

pub use crate::__errwire_l10n as l10n;

#[cfg(feature = "fluent")]
pub use fluent::*;

/// A message field as a Fluent argument, for
/// `(&&&FluentArg(field)).__errwire_fluent_arg(args, "name")`: a number when it is one
/// ([`ArgViaNumber`]), borrowed text when it is text ([`ArgViaStr`]), else its `Display`.
#[cfg(feature = "fluent")]
mod fluent {
    pub use std::sync::LazyLock;

    use crate::l10n::Args;

    /// A field named by a translation.
    pub struct FluentArg<'a, T: ?Sized>(pub &'a T);

    /// A number Fluent can select plural forms on, when it is exact as an `f64`.
    pub trait Number: Copy {
        /// The value, when an `f64` holds it exactly.
        fn exact(self) -> Option<f64>;
    }

    macro_rules! number {
        (small: $($ty:ty),*) => {$(
            impl Number for $ty {
                fn exact(self) -> Option<f64> {
                    Some(f64::from(self))
                }
            }
        )*};
        (large: $($ty:ty),*) => {$(
            impl Number for $ty {
                #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                fn exact(self) -> Option<f64> {
                    // Up to 2^53 an `f64` holds every integer; a larger one is sent as text.
                    const LIMIT: u64 = 1 << 53;
                    (self as i128).unsigned_abs().try_into().ok().filter(|n: &u64| *n <= LIMIT).map(|_| self as f64)
                }
            }
        )*};
    }

    number!(small: u8, u16, u32, i8, i16, i32, f32, f64);
    number!(large: u64, i64, u128, i128, usize, isize);

    /// Chosen first: a number.
    pub trait ArgViaNumber<'a> {
        /// Adds the field to `args`.
        fn __errwire_fluent_arg(self, args: &mut Args<'a>, name: &'static str);
    }

    impl<'a, T: Number + core::fmt::Display> ArgViaNumber<'a> for &&FluentArg<'a, T> {
        fn __errwire_fluent_arg(self, args: &mut Args<'a>, name: &'static str) {
            match self.0.exact() {
                Some(value) => args.number(name, value),
                None => args.display(name, self.0),
            }
        }
    }

    /// Chosen second: text, borrowed.
    pub trait ArgViaStr<'a> {
        /// Adds the field to `args`.
        fn __errwire_fluent_arg(self, args: &mut Args<'a>, name: &'static str);
    }

    impl<'a, T: AsRef<str> + ?Sized> ArgViaStr<'a> for &FluentArg<'a, T> {
        fn __errwire_fluent_arg(self, args: &mut Args<'a>, name: &'static str) {
            args.str(name, self.0.as_ref());
        }
    }

    /// Chosen last: the field's `Display`.
    pub trait ArgViaDisplay<'a> {
        /// Adds the field to `args`.
        fn __errwire_fluent_arg(self, args: &mut Args<'a>, name: &'static str);
    }

    impl<'a, T: core::fmt::Display + ?Sized> ArgViaDisplay<'a> for FluentArg<'a, T> {
        fn __errwire_fluent_arg(self, args: &mut Args<'a>, name: &'static str) {
            args.display(name, self.0);
        }
    }
}

use http::HeaderValue;
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{Concat, Document, Documents, ErrorItem, Format, Renderable, reason_phrase};

/// RFC 9457 problem details, `application/problem+json`.
///
/// Members in the order `type`, `title`, `status`, `detail`, `instance` (when the response has
/// one), the code (when [`code_member`](Self::code_member) names a member for it), then the
/// error's extra members. `type` is the error's own, else this format's
/// [`type_base`](Self::type_base) followed by the code, else `about:blank`.
///
/// Several errors become one problem with the common status and an `errors` extension member
/// (RFC 9457 §3): one object per error with its `detail`, its code (when configured) and its
/// extra members (such as a `pointer`). Its `type` and `title` are
/// [`errors_type`](Self::errors_type) and [`errors_title`](Self::errors_title), by default
/// `about:blank` and the status' reason phrase.
///
/// `ProblemJson` is both the type and a const of it with the defaults, so
/// `#[api(format = errwire::format::ProblemJson)]` names the default and
/// `ProblemJson.type_base("…")` a configured one.
///
/// ```
/// use errwire::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = errwire::format::ProblemJson)]
/// #[api(status = 409, type = "/errors/integrity", title = "Uniqueness violation")]
/// #[api(msg = "The resource with {email} already exists.")]
/// struct UniquenessViolation {
///     #[api(skip)]
///     email: String,
/// }
///
/// let err = UniquenessViolation { email: "[email protected]".into() };
/// let response = err.to_response_with(&errwire::Context::new().with_instance("2022-02-08T14:30:55.851512Z/gs8ueabo/11840"));
/// assert_eq!(response.headers()["content-type"], "application/problem+json");
/// assert_eq!(
///     response.body().as_slice(),
///     br#"{"type":"/errors/integrity","title":"Uniqueness violation","status":409,"detail":"The resource with [email protected] already exists.","instance":"2022-02-08T14:30:55.851512Z/gs8ueabo/11840"}"#,
/// );
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct ProblemJson {
    type_base: Option<&'static str>,
    code_member: Option<&'static str>,
    errors_type: Option<&'static str>,
    errors_title: Option<&'static str>,
    every_error_instance: bool,
}

/// The default problem+json format (see the type).
#[allow(non_upper_case_globals)]
pub const ProblemJson: ProblemJson = ProblemJson::new();

impl ProblemJson {
    /// The defaults: no type base, no code member.
    pub const fn new() -> Self {
        ProblemJson {
            type_base: None,
            code_member: None,
            errors_type: None,
            errors_title: None,
            every_error_instance: false,
        }
    }

    /// Builds `type` as `base` followed by the code, for errors without a `type` of their own.
    #[must_use]
    pub const fn type_base(self, base: &'static str) -> Self {
        ProblemJson { type_base: Some(base), ..self }
    }

    /// Writes the error's code as the extension member `name` (e.g. `"code"`), after `instance`.
    #[must_use]
    pub const fn code_member(self, name: &'static str) -> Self {
        ProblemJson { code_member: Some(name), ..self }
    }

    /// The `type` of a problem made of several errors (e.g. a validation error's URI).
    #[must_use]
    pub const fn errors_type(self, uri: &'static str) -> Self {
        ProblemJson { errors_type: Some(uri), ..self }
    }

    /// The `title` of a problem made of several errors (e.g. `"Your request is not valid."`).
    #[must_use]
    pub const fn errors_title(self, title: &'static str) -> Self {
        ProblemJson { errors_title: Some(title), ..self }
    }

    /// Gives every problem an `instance`, 4xx ones too (by default only 5xx have one): a
    /// generated id (`urn:uuid:…`, see [`InstanceId`](crate::InstanceId)) unless the caller or
    /// the request supplies one. The problem-json seed's API works this way.
    #[must_use]
    pub const fn every_error_instance(self, every_error: bool) -> Self {
        ProblemJson { every_error_instance: every_error, ..self }
    }

    /// The code member and whether there is a type base, for the derive's const checks
    /// (`__private::envelope`): a `const fn`, as `Format::writes_member` can't run in a const.
    pub(crate) const fn const_options(&self) -> (Option<&'static str>, bool) {
        (self.code_member, self.type_base.is_some())
    }

    fn write_type<E, M>(&self, doc: &Document<'_, E>, map: &mut M) -> Result<(), M::Error>
    where
        E: Renderable + ?Sized,
        M: SerializeMap,
    {
        match (doc.type_uri(), self.type_base) {
            (Some(uri), _) => map.serialize_entry("type", uri),
            (None, Some(base)) => map.serialize_entry("type", &Concat(base, doc.code())),
            (None, None) => map.serialize_entry("type", "about:blank"),
        }
    }
}

impl Format for ProblemJson {
    const RESERVED: &'static [&'static str] = &["type", "title", "status", "detail", "instance"];

    fn content_type(&self) -> HeaderValue {
        const PROBLEM_JSON: HeaderValue = HeaderValue::from_static("application/problem+json");
        PROBLEM_JSON
    }

    fn writes_instance(&self) -> bool {
        true
    }

    fn every_error_instance(&self) -> bool {
        self.every_error_instance
    }

    fn writes_member(&self, name: &str) -> bool {
        Self::RESERVED.contains(&name) || self.code_member == Some(name)
    }

    fn serialize<E, S>(&self, doc: &Document<'_, E>, serializer: S) -> Result<S::Ok, S::Error>
    where
        E: Renderable + ?Sized,
        S: Serializer,
    {
        let mut map = serializer.serialize_map(None)?;
        self.write_type(doc, &mut map)?;
        map.serialize_entry("title", doc.title())?;
        map.serialize_entry("status", &doc.status().as_u16())?;
        map.serialize_entry("detail", &doc.message())?;
        if let Some(instance) = doc.instance() {
            map.serialize_entry("instance", instance)?;
        }
        if let Some(name) = self.code_member {
            map.serialize_entry(name, doc.code())?;
        }
        doc.serialize_fields(&mut map)?;
        map.end()
    }

    fn serialize_many<T, S>(&self, docs: &Documents<'_, T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: ErrorItem,
        S: Serializer,
    {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", self.errors_type.unwrap_or("about:blank"))?;
        map.serialize_entry("title", self.errors_title.unwrap_or_else(|| reason_phrase(docs.status())))?;
        map.serialize_entry("status", &docs.status().as_u16())?;
        if let Some(instance) = docs.instance() {
            map.serialize_entry("instance", instance)?;
        }
        map.serialize_entry("errors", &Items { format: self, docs })?;
        map.end()
    }
}

/// The `errors` extension: `{"detail", code?, members…}` per error.
struct Items<'a, 'b, T> {
    format: &'a ProblemJson,
    docs: &'a Documents<'b, T>,
}

impl<T: ErrorItem> Serialize for Items<'_, '_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.docs.iter().map(|doc| Item { format: self.format, doc }))
    }
}

struct Item<'a, 'b, E: ?Sized> {
    format: &'a ProblemJson,
    doc: Document<'b, E>,
}

impl<E: Renderable + ?Sized> Serialize for Item<'_, '_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("detail", &self.doc.message())?;
        if let Some(name) = self.format.code_member {
            map.serialize_entry(name, self.doc.code())?;
        }
        self.doc.serialize_fields(&mut map)?;
        map.end()
    }
}

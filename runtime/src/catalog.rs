//! The error contract as data: every error a type can return, from the derive, rendered like
//! the seed pages (Markdown) or as JSON.

use core::fmt::Write as _;

use serde::Serialize;

use crate::ApiError;
use crate::format::reason_phrase;

/// One error of a type's contract: what the derive knows of a variant at compile time.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// The HTTP status.
    pub status: u16,
    /// The machine-readable code.
    pub code: &'static str,
    /// The RFC 9457 title, when one was given.
    pub title: Option<&'static str>,
    /// The RFC 9457 type, when one was given or built from `type_base`.
    pub type_uri: Option<&'static str>,
    /// The message template as written (`{field}` placeholders); `None`: the reason phrase.
    pub template: Option<&'static str>,
    /// The variant's doc comment: what the error means and what to do about it.
    pub description: &'static str,
    /// The Rust variant (or struct) it comes from.
    pub variant: &'static str,
    /// The body members and headers the error carries.
    pub fields: &'static [Field],
}

impl Entry {
    /// The message template, or the reason phrase for an error without one.
    pub fn message(&self) -> &'static str {
        match self.template {
            Some(template) => template,
            None => http::StatusCode::from_u16(self.status).map(reason_phrase).unwrap_or("Unknown Error"),
        }
    }
}

impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("status", &self.status)?;
        map.serialize_entry("code", self.code)?;
        if let Some(title) = self.title {
            map.serialize_entry("title", title)?;
        }
        if let Some(type_uri) = self.type_uri {
            map.serialize_entry("type", type_uri)?;
        }
        map.serialize_entry("message", self.message())?;
        map.serialize_entry("description", self.description)?;
        map.serialize_entry("variant", self.variant)?;
        map.serialize_entry("fields", self.fields)?;
        map.end()
    }
}

/// A body member or header of an [`Entry`].
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The member's name in the body, or the header's name.
    pub name: &'static str,
    /// The Rust type, as written (for the service's developers; clients see [`schema`](Self::schema)).
    pub ty: &'static str,
    /// The member's JSON Schema (see [`crate::schema`]).
    pub schema: fn() -> serde_json::Value,
    /// Body member or header.
    pub location: Location,
    /// The field's doc comment.
    pub description: &'static str,
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        let schema = (self.schema)();
        map.serialize_entry("name", self.name)?;
        map.serialize_entry("type", &crate::schema::type_name(&schema))?;
        map.serialize_entry("schema", &schema)?;
        let location = match self.location {
            Location::Body => "body",
            Location::Header => "header",
        };
        map.serialize_entry("in", location)?;
        if !self.description.is_empty() {
            map.serialize_entry("description", self.description)?;
        }
        map.end()
    }
}

/// Where a [`Field`] is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// An extra member of the body.
    Body,
    /// A response header.
    Header,
}

/// Every error of one or more types, each (status, code) once.
///
/// ```
/// use errwire::{ApiError, Catalog};
///
/// #[derive(Debug, ApiError)]
/// enum IntegrationError {
///     /// The integration with the given ID was not found. Use the GET /integrations endpoint to
///     /// list all integration configurations to find the correct ID.
///     #[api(status = 404, msg = "No Integration found with ID {0}.")]
///     NotFound(u64),
/// }
///
/// let catalog = Catalog::of::<IntegrationError>();
/// assert_eq!(catalog.entries()[0].code, "NotFound");
/// assert!(catalog.to_markdown().contains("| `NotFound` | No Integration found with ID {0}. |"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    entries: Vec<&'static Entry>,
}

impl Catalog {
    /// An empty catalog.
    pub fn new() -> Self {
        Catalog::default()
    }

    /// The catalog of `E` (transparent variants contribute the inner type's errors).
    pub fn of<E: ApiError>() -> Self {
        let mut catalog = Catalog::new();
        catalog.add::<E>();
        catalog
    }

    /// Adds the errors of `E`, for a catalog of a whole service.
    pub fn add<E: ApiError>(&mut self) -> &mut Self {
        E::catalog(self);
        self
    }

    /// Adds one entry, unless an entry with the same status and code is there already.
    pub fn push(&mut self, entry: &'static Entry) {
        if !self.entries.iter().any(|e| e.status == entry.status && e.code == entry.code) {
            self.entries.push(entry);
        }
    }

    /// The entries in the order they were added.
    pub fn entries(&self) -> &[&'static Entry] {
        &self.entries
    }

    /// The entries as a JSON array.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.entries).unwrap_or_default()
    }

    /// A Markdown page like the seeds' error pages: one section per status, each a table of
    /// "Code / Text / Description" with the message template as the example text.
    pub fn to_markdown(&self) -> String {
        let mut statuses: Vec<u16> = self.entries.iter().map(|e| e.status).collect();
        statuses.sort_unstable();
        statuses.dedup();
        let mut out = String::new();
        for status in statuses {
            let reason = http::StatusCode::from_u16(status).map(reason_phrase).unwrap_or("Unknown Error");
            let _ = write!(out, "## {status} {reason}\n\n| Code | Text | Description |\n|---|---|---|\n");
            for entry in self.entries.iter().filter(|e| e.status == status) {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} |",
                    entry.code,
                    cell(entry.message()),
                    cell(&describe(entry))
                );
            }
            out.push('\n');
        }
        out
    }
}

/// The description cell: the doc comment, then the fields.
fn describe(entry: &Entry) -> String {
    let mut text = entry.description.to_owned();
    for (location, label) in [(Location::Body, "Members"), (Location::Header, "Headers")] {
        let fields: Vec<String> = entry
            .fields
            .iter()
            .filter(|f| f.location == location)
            .map(|f| format!("`{}` ({})", f.name, crate::schema::type_name(&(f.schema)())))
            .collect();
        if !fields.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            let _ = write!(text, "{label}: {}.", fields.join(", "));
        }
    }
    text
}

/// Text made safe for a Markdown table cell.
fn cell(text: &str) -> String {
    text.trim().replace('|', "\\|").replace("\n\n", "<br><br>").replace('\n', " ")
}

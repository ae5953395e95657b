//! A derived type's catalog, written by the derive as one string and read once at run time.
//!
//! A `static` array of [`Entry`] values (one `const` constructor call per variant, one per
//! member) was a fifth of the compile time of a 500-variant enum: rustc type-checks and
//! const-evaluates every field of every entry. One string literal costs next to nothing to
//! compile; the catalog is read rarely (documentation, OpenAPI, contract tests) and decoded once
//! per type per process, into entries that live as long as the process (like the statics did).
//!
//! The encoding is private between `errwire-macros` (`macros/src/table.rs`) and this module,
//! which are released together at the same version:
//!
//! ```text
//! entry  := num(status) str(code) str(variant) opt(title) opt(type) opt(template)
//!           str(description) grpc opt(default_locale)
//!           num(count) { str(locale) opt(message) opt(title) }
//!           num(count) { num(location) str(name) str(type) schema str(description) }
//! schema := num (the derive's schema function with that index)
//!         | '=' str(name) (`__private::schema::primitive`'s function of that name; any other
//!           name: any value)
//! num    := decimal digits ';'
//! str    := decimal byte length ':' the bytes
//! opt    := '-' | str
//! grpc   := '-' (the status' code by AIP-193) | num (`#[api(grpc = "...")]`)
//! ```

use std::sync::{Mutex, PoisonError};

use crate::catalog::{Catalog, Entry, Field, Location, Translation};

/// The schema of a member: the derive's `fn() -> Value` per distinct member type.
pub type Schema = fn() -> serde_json::Value;

/// The entries decoded so far, by the text they were decoded from and the address of their
/// schemas (which the text names by index). A derived type's `catalog` asks for its entries each
/// time it runs; they are decoded on the first call and live as long as the process (a `static`
/// per derived type, as before, cost every type a const evaluation at compile time).
type Decoded = Vec<((&'static str, usize), &'static [Entry])>;

static DECODED: Mutex<Decoded> = Mutex::new(Vec::new());

/// The entries `data` encodes, whose members' schemas are `schemas[i]`: decoded on the first
/// call for this text and these schemas, the same slice after.
pub fn entries(data: &'static str, schemas: &'static [Schema]) -> &'static [Entry] {
    let key = (data, schemas.as_ptr() as usize);
    // A panic while the lock was held can only have been one in `decode`, which doesn't panic;
    // the list is whole either way.
    let mut decoded = DECODED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, entries)) = decoded.iter().find(|(known, _)| *known == key) {
        return entries;
    }
    let entries = decode(data, schemas);
    decoded.push((key, entries));
    entries
}

/// Adds every entry `data` encodes to `catalog`, in order: the one call of a type without
/// transparent variants (one call instead of [`entries`] and [`push`] cost less to compile).
pub fn add(catalog: &mut Catalog, data: &'static str, schemas: &'static [Schema]) {
    for entry in entries(data, schemas) {
        catalog.push(entry);
    }
}

/// [`add`] for a type whose members' schemas are all named in the text (the language's own
/// types): no array of functions to pass, which cost a type-checked and promoted constant.
pub fn add_text(catalog: &mut Catalog, data: &'static str) {
    add(catalog, data, &[]);
}

/// Adds `entries[start..end]` to `catalog`, in order (a loop in the derive's output cost more
/// to compile than this call).
pub fn push(catalog: &mut Catalog, entries: &'static [Entry], start: usize, end: usize) {
    for entry in entries.get(start..end).unwrap_or_default() {
        catalog.push(entry);
    }
}

/// The entries of `data`. Written by the derive, so it is well formed; were it not, the
/// entries read before the fault are returned (never a panic).
pub fn decode(data: &'static str, schemas: &'static [Schema]) -> &'static [Entry] {
    let mut reader = Reader { rest: data, schemas };
    let mut entries = Vec::new();
    while !reader.rest.is_empty() {
        match reader.entry() {
            Some(entry) => entries.push(entry),
            None => break,
        }
    }
    Box::leak(entries.into_boxed_slice())
}

struct Reader {
    rest: &'static str,
    schemas: &'static [Schema],
}

impl Reader {
    fn entry(&mut self) -> Option<Entry> {
        let status = u16::try_from(self.num()?).ok()?;
        let code = self.str()?;
        let variant = self.str()?;
        let title = self.opt()?;
        let type_uri = self.opt()?;
        let template = self.opt()?;
        let description = self.str()?;
        let grpc = match self.rest.strip_prefix('-') {
            Some(rest) => {
                self.rest = rest;
                crate::grpc::Code::from_u16(status)
            }
            None => i32::try_from(self.num()?).ok().and_then(crate::grpc::Code::from_i32)?,
        };
        let default_locale = self.opt()?;
        let translations = (0..self.num()?)
            .map(|_| Some(Translation::new(self.str()?, self.opt()?, self.opt()?)))
            .collect::<Option<Vec<_>>>()?;
        let fields = (0..self.num()?).map(|_| self.field()).collect::<Option<Vec<_>>>()?;
        Some(Entry {
            status,
            code,
            title,
            type_uri,
            template,
            description,
            variant,
            fields: Box::leak(fields.into_boxed_slice()),
            grpc,
            default_locale,
            translations: Box::leak(translations.into_boxed_slice()),
        })
    }

    fn field(&mut self) -> Option<Field> {
        let location = match self.num()? {
            0 => Location::Body,
            _ => Location::Header,
        };
        let name = self.str()?;
        let ty = self.str()?;
        let schema = match self.rest.strip_prefix('=') {
            Some(rest) => {
                self.rest = rest;
                super::schema::primitive::named(self.str()?).unwrap_or(super::schema::any)
            }
            None => *self.schemas.get(self.num()?)?,
        };
        let description = self.str()?;
        Some(Field { name, ty, schema, location, description })
    }

    /// Digits up to `end`, as a number.
    fn digits(&mut self, end: char) -> Option<usize> {
        let (digits, rest) = self.rest.split_once(end)?;
        self.rest = rest;
        digits.parse().ok()
    }

    fn num(&mut self) -> Option<usize> {
        self.digits(';')
    }

    fn str(&mut self) -> Option<&'static str> {
        let len = self.digits(':')?;
        let text = self.rest.get(..len)?;
        self.rest = &self.rest[len..];
        Some(text)
    }

    fn opt(&mut self) -> Option<Option<&'static str>> {
        match self.rest.strip_prefix('-') {
            Some(rest) => {
                self.rest = rest;
                Some(None)
            }
            None => self.str().map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::decode;
    use crate::catalog::Location;

    fn schema() -> serde_json::Value {
        serde_json::json!({"type": "integer"})
    }

    /// A string as the derive writes it.
    fn s(text: &str) -> String {
        format!("{}:{text}", text.len())
    }

    #[test]
    fn reads_what_the_derive_writes() {
        let first = format!(
            "404;{}{}-{}{}{}5;-0;1;0;{}{}0;{}",
            s("NotFound"),
            s("NotFound"),
            s("Gone"),
            s("No item {id}"),
            s(""),
            s("id"),
            s("u64"),
            s("The id.")
        );
        let third = format!("503;{}{}---{}--0;0;", s("U"), s("U"), s(""));
        let second =
            format!("409;{}{}---{}10;{}1;{}{}-0;", s("C"), s("V"), s("Dup"), s("de"), s("x"), s("Frü"));
        let data: &'static str = Box::leak(format!("{first}{second}{third}").into_boxed_str());
        let entries = decode(data, &[schema]);
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[2].grpc, crate::grpc::Code::Unavailable);
        let e = &entries[0];
        assert_eq!(
            (e.status, e.code, e.variant, e.title, e.type_uri),
            (404, "NotFound", "NotFound", None, Some("Gone"))
        );
        assert_eq!((e.template, e.description, e.grpc.as_i32()), (Some("No item {id}"), "", 5));
        assert_eq!((e.default_locale, e.translations.len(), e.fields.len()), (None, 0, 1));
        let f = &e.fields[0];
        assert_eq!((f.name, f.ty, f.location, f.description), ("id", "u64", Location::Body, "The id."));
        assert_eq!((f.schema)(), schema());
        let e = &entries[1];
        assert_eq!(
            (e.status, e.code, e.variant, e.title, e.type_uri, e.template),
            (409, "C", "V", None, None, None)
        );
        assert_eq!((e.description, e.grpc.as_i32(), e.default_locale), ("Dup", 10, Some("de")));
        assert_eq!((e.translations.len(), e.fields.len()), (1, 0));
        let t = &e.translations[0];
        assert_eq!((t.locale, t.message, t.title), ("x", Some("Frü"), None));
    }

    #[test]
    fn a_schema_named_in_the_text_is_the_runtimes_of_that_name() {
        let member = |name: &str, ty: &str, schema: &str| format!("0;{}{}{schema}{}", s(name), s(ty), s(""));
        let fields = [
            member("count", "u64", &format!("={}", s("u64"))),
            member("name", "&'a str", &format!("={}", s("str"))),
            member("any", "T", &format!("={}", s("any"))),
            member("own", "Own", "0;"),
        ];
        let data = format!("400;{}{}---{}--0;4;{}", s("A"), s("A"), s(""), fields.concat());
        let entries = decode(Box::leak(data.into_boxed_str()), &[schema]);
        let schemas: Vec<serde_json::Value> = entries[0].fields.iter().map(|f| (f.schema)()).collect();
        use crate::schema::JsonType;
        assert_eq!(schemas, [u64::json_schema(), str::json_schema(), crate::schema::any(), schema()]);
    }

    #[test]
    fn malformed_data_ends_the_catalog_without_a_panic() {
        let good = "400;1:A1:A---0:3;-0;0;";
        for cut in 0..good.len() {
            let data: &'static str = Box::leak(format!("{good}{}", &good[..cut]).into_boxed_str());
            assert_eq!(decode(data, &[]).len(), 1, "{data:?}");
        }
        let bad = ["x", "400;99:A", "400;1:A1:A---0:3;-0;1;0;1:a1:b7;0:", "70000;1:A1:A---0:3;-0;0;"];
        for data in bad.into_iter().chain(["400;1:A1:A---0:3;-0;1;0;1:a1:b=9:u640:"]) {
            assert!(decode(data, &[]).is_empty(), "{data:?}");
        }
    }
}

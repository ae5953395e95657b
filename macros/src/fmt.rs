//! Message templates: `msg = "A duplicate value {duplicate_value:?} exists for field {field}."`.
//!
//! The template is checked against the variant's fields here (so a typo is an error on the
//! literal, not a confusing one from `format_args!`), then rewritten into a `format_args!`
//! string whose arguments are the match arm's bindings.

use std::fmt::Write as _;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::{LitStr, Member};

use crate::ast::Field;
use crate::attr::did_you_mean;
use crate::ctxt::Ctxt;

pub struct Template {
    /// The template as written (the literal's value, read once: reading it means unescaping
    /// the literal's text again).
    pub text: String,
    /// The `format_args!` string with every placeholder renamed to a binding (made into a
    /// literal only when it is used: most templates are written part by part).
    format: String,
    span: proc_macro2::Span,
    /// The text when there is no placeholder (`{{` already unescaped): written as is.
    pub plain: Option<String>,
    pub args: Vec<Arg>,
    /// The template as text and fields, when every placeholder is a plain `{field}`: written
    /// part by part (integers and strings without `core::fmt`), not through `format_args!`.
    pub parts: Option<Vec<Piece>>,
}

/// A piece of a template whose placeholders are all plain `{field}`s.
pub enum Piece {
    /// Literal text (`{{` unescaped).
    Text(String),
    /// The field with this index, by its `Display`.
    Field(usize),
}

/// One argument of the rewritten template.
pub struct Arg {
    /// Index of the field in the variant.
    pub field: usize,
    /// The named argument of `format_args!` (an identifier made only when it is used).
    pub name: String,
    /// A width or precision (`{x:>width$}`): passed by value, must be `usize`.
    pub count: bool,
    /// The formatting trait the field needs (`Display`, `Debug`, `LowerHex`, …).
    pub trait_name: &'static str,
}

impl Template {
    pub fn parse(cx: &Ctxt, lit: &LitStr, fields: &[Field]) -> Option<Self> {
        let mut parser = Parser {
            lit,
            fields,
            cx,
            args: Vec::new(),
            out: String::new(),
            plain: String::new(),
            placeholder: String::new(),
            pieces: Some(Vec::new()),
            ok: true,
        };
        let text = crate::attr::str_value(lit);
        parser.run(&text);
        if !parser.ok {
            return None;
        }
        let plain = parser.args.is_empty().then_some(parser.plain);
        let parts = if plain.is_some() { None } else { parser.pieces };
        Some(Template { text, format: parser.out, span: lit.span(), plain, args: parser.args, parts })
    }

    /// The `format_args!` invocation, or `None` for a plain string.
    pub fn format_args(&self, fields: &[Field]) -> Option<TokenStream> {
        if self.plain.is_some() {
            return None;
        }
        let format = LitStr::new(&self.format, self.span);
        let args = self.args.iter().map(|arg| {
            let name = Ident::new(&arg.name, proc_macro2::Span::call_site());
            let binding = fields[arg.field].binding();
            // A count must be `usize`; stated here, so that a `u32` is an error on the field
            // and not one of `format_args!` on the derive.
            let value = if arg.count {
                quote!(*{ let __count: &usize = #binding; __count })
            } else {
                quote!(#binding)
            };
            quote!(#name = #value)
        });
        Some(quote!(::core::format_args!(#format, #(#args),*)))
    }
}

struct Parser<'a> {
    lit: &'a LitStr,
    fields: &'a [Field<'a>],
    cx: &'a Ctxt,
    args: Vec<Arg>,
    out: String,
    plain: String,
    /// The placeholder being read, without its braces, for error messages.
    placeholder: String,
    /// The template in pieces, until a placeholder has a format spec.
    pieces: Option<Vec<Piece>>,
    ok: bool,
}

impl Parser<'_> {
    fn error(&mut self, message: String) {
        self.cx.error_at(self.lit.span(), message);
        self.ok = false;
    }

    fn run(&mut self, text: &str) {
        let mut rest = text;
        // Two searches for one char each (`memchr`, in the compiled std) instead of one for
        // either: a search for a set of chars runs char by char in the derive's unoptimized build.
        let next_brace = |rest: &str| match (rest.find('{'), rest.find('}')) {
            (Some(open), Some(close)) => Some(open.min(close)),
            (open, close) => open.or(close),
        };
        while let Some(at) = next_brace(rest) {
            self.literal(&rest[..at]);
            let brace = &rest[at..];
            if let Some(tail) = brace.strip_prefix("{{") {
                self.escaped('{');
                rest = tail;
            } else if let Some(tail) = brace.strip_prefix("}}") {
                self.escaped('}');
                rest = tail;
            } else if brace.starts_with('}') {
                self.error("unmatched `}` in msg; write `}}` for a literal brace".to_owned());
                return;
            } else if let Some(end) = brace.find('}') {
                self.placeholder(&brace[1..end]);
                rest = &brace[end + 1..];
            } else {
                self.unclosed(&brace[1..]);
                return;
            }
        }
        self.literal(rest);
    }

    fn literal(&mut self, text: &str) {
        self.out.push_str(text);
        self.plain.push_str(text);
        self.text(text);
    }

    fn escaped(&mut self, brace: char) {
        self.out.push(brace);
        self.out.push(brace);
        self.plain.push(brace);
        self.text(brace.encode_utf8(&mut [0; 4]));
    }

    /// Literal text for the pieces, joined with the text before it.
    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(pieces) = &mut self.pieces {
            match pieces.last_mut() {
                Some(Piece::Text(last)) => last.push_str(text),
                _ => pieces.push(Piece::Text(text.to_owned())),
            }
        }
    }

    /// A `{` without its `}`: `after` is the text after it.
    fn unclosed(&mut self, after: &str) {
        let end = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
        let name = &after[..end];
        let message = if name.is_empty() {
            "unclosed `{` in msg; write `{{` for a literal brace".to_owned()
        } else {
            format!(
                "unclosed placeholder `{{{name}` in msg; close it: `{{{name}}}`, or write `{{{{` for a literal brace"
            )
        };
        self.error(message);
    }

    fn placeholder(&mut self, inner: &str) {
        self.placeholder = inner.to_owned();
        let (arg, spec) = inner.split_once(':').unwrap_or((inner, ""));
        if let Some((before, _)) = arg.split_once('{') {
            return self.unclosed(before);
        }
        let Some(field) = self.field(arg, false) else { return };
        let Some((spec, trait_name)) = self.spec(spec) else {
            return;
        };
        let name = self.arg(field, false, trait_name);
        let _ = write!(self.out, "{{{name}{}{spec}}}", if spec.is_empty() { "" } else { ":" });
        if spec.is_empty() && trait_name == "Display" {
            if let Some(pieces) = &mut self.pieces {
                pieces.push(Piece::Field(field));
            }
        } else {
            self.pieces = None;
        }
    }

    /// The field a placeholder (or, with `count`, a `name$` width) names; `r#type` and `type`
    /// both name `r#type`.
    fn field(&mut self, arg: &str, count: bool) -> Option<usize> {
        let arg = arg.strip_prefix("r#").unwrap_or(arg);
        let found = self.fields.iter().position(|field| field.template_name == arg);
        if found.is_none() {
            let message = self.no_field(arg, count);
            self.error(message);
        }
        found
    }

    /// Why `arg` names no field, and what to write instead. A reference reads `{name}` in a
    /// placeholder and `name$` in a width or precision.
    fn no_field(&self, arg: &str, count: bool) -> String {
        let show = |name: &str| if count { format!("`{name}$`") } else { format!("`{{{name}}}`") };
        let Some(first) = self.fields.first() else {
            return if arg.is_empty() {
                "`{}` in msg must name a field, and this variant has none; write `{{}}` for literal braces"
                    .to_owned()
            } else {
                format!("msg refers to {}, but this variant has no fields", show(arg))
            };
        };
        let example = show(&first.template_name);
        if arg.is_empty() {
            return format!("`{{}}` in msg must name a field, like {example}");
        }
        let tuple = matches!(first.member, Member::Unnamed(_));
        let last = show(&(self.fields.len() - 1).to_string());
        let indices = if self.fields.len() == 1 { example.clone() } else { format!("{example} to {last}") };
        let is_index = arg.bytes().all(|b| b.is_ascii_digit());
        let is_name = arg.starts_with(|c: char| c.is_alphabetic() || c == '_');
        let shown = show(arg);
        match (is_index, is_name, tuple) {
            (true, _, true) => {
                let fields = match self.fields.len() {
                    1 => "is only 1 field".to_owned(),
                    n => format!("are only {n} fields"),
                };
                format!("msg refers to field {shown}, but there {fields}: use {indices}")
            }
            (true, _, false) => {
                format!("msg refers to field {shown}, but the fields have names: use {example}")
            }
            (_, true, true) => {
                format!("msg refers to {shown}, but the fields of this variant have no names: use {indices}")
            }
            (_, true, false) => self.unknown_name(arg, &show),
            _ => format!(
                "invalid placeholder {shown} in msg; write a field like {example}, or `{{{{` for a brace"
            ),
        }
    }

    fn unknown_name(&self, arg: &str, show: &dyn Fn(&str) -> String) -> String {
        let names: Vec<&str> = self.fields.iter().map(|field| field.template_name.as_str()).collect();
        let shown = show(arg);
        match did_you_mean(arg, names.iter().copied()) {
            Some(name) => {
                format!("msg refers to {shown}, which is not a field; did you mean {}?", show(name))
            }
            None => {
                let names: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
                format!("msg refers to {shown}, which is not a field; fields: {}", names.join(", "))
            }
        }
    }

    /// A named argument for `field`, shared by every placeholder that uses it the same way.
    fn arg(&mut self, field: usize, count: bool, trait_name: &'static str) -> String {
        if let Some(arg) =
            self.args.iter().find(|a| a.field == field && a.count == count && a.trait_name == trait_name)
        {
            return arg.name.clone();
        }
        let suffix = if count { "count".to_owned() } else { trait_name.to_ascii_lowercase() };
        let name = format!("__errwire_field{field}_{suffix}");
        self.args.push(Arg { field, name: name.clone(), count, trait_name });
        name
    }

    /// Checks a format spec and renames its `name$` counts; returns the spec and its trait.
    fn spec(&mut self, spec: &str) -> Option<(String, &'static str)> {
        let original = spec;
        let mut rest = spec;
        let mut out = String::new();
        // [[fill]align]
        let mut chars = rest.chars();
        let first = chars.next();
        let second = chars.next();
        if let (Some(fill), Some(align @ ('<' | '^' | '>'))) = (first, second) {
            out.push(fill);
            out.push(align);
            rest = &rest[fill.len_utf8() + 1..];
        } else if let Some(align @ ('<' | '^' | '>')) = first {
            out.push(align);
            rest = &rest[1..];
        }
        // [sign]['#']['0']
        for flag in ['+', '-', '#', '0'] {
            if let Some(tail) = rest.strip_prefix(flag) {
                // `0$` is a width taken from field 0, not the `0` flag, as in `format!`.
                if flag == '0' && tail.starts_with('$') {
                    break;
                }
                out.push(flag);
                rest = tail;
            }
        }
        rest = self.count(rest, &mut out, original)?;
        if let Some(tail) = rest.strip_prefix('.') {
            out.push('.');
            if tail.starts_with('*') {
                self.error(
                    "`.*` is not supported in msg; name the precision: `{value:.precision$}`".to_owned(),
                );
                return None;
            }
            rest = self.count(tail, &mut out, original)?;
        }
        let trait_name = match rest {
            "" => "Display",
            "?" | "x?" | "X?" => "Debug",
            "x" => "LowerHex",
            "X" => "UpperHex",
            "o" => "Octal",
            "b" => "Binary",
            "e" => "LowerExp",
            "E" => "UpperExp",
            "p" => "Pointer",
            _ => {
                self.bad_spec(original);
                return None;
            }
        };
        out.push_str(rest);
        Some((out, trait_name))
    }

    fn bad_spec(&mut self, spec: &str) {
        let placeholder = self.placeholder.clone();
        let arg = placeholder.split_once(':').map_or(placeholder.as_str(), |(arg, _)| arg);
        self.error(format!(
            "invalid format spec `{spec}` in `{{{placeholder}}}`; use a spec of `format!`, \
             like `{{{arg}:?}}`, `{{{arg}:>5}}` or `{{{arg}:#x}}`"
        ));
    }

    /// A width or precision: digits, or `name$` / `r#name$` / `0$` naming a `usize` field.
    fn count<'s>(&mut self, rest: &'s str, out: &mut String, original: &str) -> Option<&'s str> {
        let raw = if rest.starts_with("r#") { 2 } else { 0 };
        let end = rest[raw..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(rest.len(), |end| end + raw);
        let (word, tail) = rest.split_at(end);
        if let Some(after) = tail.strip_prefix('$') {
            if word.is_empty() {
                self.bad_spec(original);
                return None;
            }
            let field = self.field(word, true)?;
            let name = self.arg(field, true, "usize");
            let _ = write!(out, "{name}$");
            return Some(after);
        }
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        out.push_str(&word[..digits]);
        Some(&rest[digits..])
    }
}

//! Translations (`#[api(locales = "dir")]`): a small, total reader of Fluent resources (FTL),
//! the checks of every resource against the type's variants, and the generated translation
//! methods, which reach Fluent only through `::errwire::__private::l10n!` (errwire's `fluent`
//! feature; this crate has none).
//!
//! The reader knows Fluent 1.0's structure: messages and terms with their attributes,
//! comments, multiline values, placeables with string and number literals, message, term and
//! variable references, function calls and select expressions. It never panics (every read is
//! an `Option`) and reports the first syntax error of each entry with its line and column, then
//! skips to the next entry, as Fluent's own parser does.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::LitStr;

use crate::ast::{Input, Variant};
use crate::ctxt::Ctxt;
use crate::table::Table;

// ---------------------------------------------------------------------------------------------
// The reader

/// A parsed resource: its messages and terms, and its syntax errors.
#[derive(Debug, Default)]
pub struct Resource {
    pub entries: Vec<Entry>,
    pub errors: Vec<SyntaxError>,
}

/// A message (`id = …`) or a term (`-id = …`).
#[derive(Debug)]
pub struct Entry {
    pub id: String,
    pub term: bool,
    pub line: usize,
    pub value: Option<Pattern>,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug)]
pub struct Attribute {
    pub name: String,
    pub line: usize,
    pub pattern: Pattern,
}

/// A value: the variables it names (with their lines) and its text as written, dedented.
#[derive(Debug, Default)]
pub struct Pattern {
    pub variables: Vec<(String, usize)>,
    pub text: String,
}

#[derive(Debug)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Reads `source`; never panics.
pub fn parse(source: &str) -> Resource {
    let chars: Vec<char> = source.chars().filter(|&c| c != '\r').collect();
    let mut reader = Reader { chars, pos: 0, variables: Vec::new() };
    let mut resource = Resource::default();
    loop {
        reader.skip_blank_lines();
        let Some(c) = reader.peek() else { break };
        let start = reader.pos;
        let result =
            match c {
                '#' => reader.comment().map(|()| None),
                '-' => reader.entry(true).map(Some),
                c if c.is_ascii_alphabetic() => reader.entry(false).map(Some),
                _ => Err(reader
                    .error("expected a message (`id = ...`), a term (`-id = ...`) or a comment (`# ...`)")),
            };
        match result {
            Ok(Some(entry)) => resource.entries.push(entry),
            Ok(None) => {}
            Err(error) => {
                resource.errors.push(error);
                reader.skip_junk(start);
            }
        }
    }
    resource
}

struct Reader {
    chars: Vec<char>,
    pos: usize,
    /// The variables of the pattern being read.
    variables: Vec<(String, usize)>,
}

type Read<T> = Result<T, SyntaxError>;

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn bump(&mut self) {
        self.pos = (self.pos + 1).min(self.chars.len());
    }

    fn line_of(&self, pos: usize) -> usize {
        1 + self.chars.iter().take(pos).filter(|&&c| c == '\n').count()
    }

    fn error(&self, message: &str) -> SyntaxError {
        let line = self.line_of(self.pos);
        let line_start = self.chars[..self.pos.min(self.chars.len())].iter().rposition(|&c| c == '\n');
        let column = self.pos - line_start.map_or(0, |n| n + 1) + 1;
        SyntaxError { line, column, message: message.to_owned() }
    }

    fn expect(&mut self, c: char, message: &str) -> Read<()> {
        if self.peek() == Some(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.error(message))
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(' ') {
            self.bump();
        }
    }

    /// Spaces and line ends (inside a placeable).
    fn skip_blank(&mut self) {
        while matches!(self.peek(), Some(' ' | '\n')) {
            self.bump();
        }
    }

    fn skip_blank_lines(&mut self) {
        loop {
            let start = self.pos;
            self.skip_spaces();
            match self.peek() {
                Some('\n') => self.bump(),
                None => return,
                _ => {
                    self.pos = start;
                    return;
                }
            }
        }
    }

    fn skip_to_line_end(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' {
                break;
            }
            self.bump();
        }
    }

    /// After an error: to the next line that starts an entry or a comment, past `start`.
    fn skip_junk(&mut self, start: usize) {
        self.pos = self.pos.max(start + 1).min(self.chars.len());
        while let Some(c) = self.peek() {
            let at_line_start = self.pos == 0 || self.chars.get(self.pos - 1) == Some(&'\n');
            if at_line_start && (c.is_ascii_alphabetic() || c == '-' || c == '#') {
                return;
            }
            self.bump();
        }
    }

    fn comment(&mut self) -> Read<()> {
        let mut hashes = 0;
        while self.peek() == Some('#') {
            hashes += 1;
            self.bump();
        }
        if hashes > 3 || !matches!(self.peek(), None | Some(' ' | '\n')) {
            return Err(self.error("a comment is `#`, `##` or `###` followed by a space"));
        }
        self.skip_to_line_end();
        Ok(())
    }

    fn identifier(&mut self, what: &str) -> Read<String> {
        let Some(first) = self.peek().filter(char::is_ascii_alphabetic) else {
            return Err(self.error(&format!("expected {what}: a letter, then letters, digits, `_` or `-`")));
        };
        let mut name = String::from(first);
        self.bump();
        while let Some(c) = self.peek().filter(|&c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            name.push(c);
            self.bump();
        }
        Ok(name)
    }

    fn entry(&mut self, term: bool) -> Read<Entry> {
        let line = self.line_of(self.pos);
        if term {
            self.bump();
        }
        let id = self.identifier(if term { "a term name" } else { "a message id" })?;
        self.skip_spaces();
        self.expect('=', &format!("expected `=` after `{}{id}`", if term { "-" } else { "" }))?;
        self.skip_spaces();
        let value = self.pattern()?;
        let mut attributes = Vec::new();
        while let Some(attribute) = self.attribute()? {
            attributes.push(attribute);
        }
        if value.is_none() && (term || attributes.is_empty()) {
            return Err(self.error(&format!("`{id}` has no value")));
        }
        self.end_of_entry()?;
        Ok(Entry { id, term, line, value, attributes })
    }

    /// After an entry: a line that is indented but neither an attribute nor a continuation.
    fn end_of_entry(&mut self) -> Read<()> {
        self.skip_blank_lines();
        if self.peek() == Some(' ') {
            self.skip_spaces();
            return Err(
                self.error("expected an attribute (`.title = ...`) or a new entry at the start of a line")
            );
        }
        Ok(())
    }

    /// `.name = pattern` on an indented line, when one follows.
    fn attribute(&mut self) -> Read<Option<Attribute>> {
        let start = self.pos;
        if self.peek() != Some('\n') {
            return Ok(None);
        }
        self.skip_blank_lines();
        let indented = self.peek() == Some(' ');
        self.skip_spaces();
        if !indented || self.peek() != Some('.') {
            self.pos = start;
            return Ok(None);
        }
        let line = self.line_of(self.pos);
        self.bump();
        let name = self.identifier("an attribute name")?;
        self.skip_spaces();
        self.expect('=', &format!("expected `=` after `.{name}`"))?;
        self.skip_spaces();
        match self.pattern()? {
            Some(pattern) => Ok(Some(Attribute { name, line, pattern })),
            None => Err(self.error(&format!("the attribute `.{name}` has no value"))),
        }
    }

    /// A pattern: text and placeables on this line and on indented continuation lines.
    fn pattern(&mut self) -> Read<Option<Pattern>> {
        self.variables.clear();
        let start = self.pos;
        let mut end = self.pos;
        let mut any = false;
        loop {
            match self.peek() {
                None => break,
                Some('{') => {
                    self.placeable()?;
                    any = true;
                    end = self.pos;
                }
                Some('}') => return Err(self.error("unbalanced `}`: write `{\"}\"}` for a literal brace")),
                Some('\n') => {
                    if !self.continuation() {
                        break;
                    }
                }
                Some(c) => {
                    self.bump();
                    if c != ' ' {
                        any = true;
                        end = self.pos;
                    }
                }
            }
        }
        if !any {
            return Ok(None);
        }
        // The reader stays at the line end (or the end) where the value stopped.
        let text = dedent(self.chars.get(start..end).unwrap_or_default());
        Ok(Some(Pattern { variables: std::mem::take(&mut self.variables), text }))
    }

    /// At a line end inside a pattern: whether the pattern goes on (an indented line whose
    /// first character is not `[`, `*`, `.` or `}`); if so, moves past the line end.
    fn continuation(&mut self) -> bool {
        let start = self.pos;
        self.skip_blank_lines();
        let indented = self.peek() == Some(' ');
        let mut probe = self.pos;
        while self.chars.get(probe) == Some(&' ') {
            probe += 1;
        }
        let first = self.chars.get(probe).copied();
        if indented && !matches!(first, None | Some('[' | '*' | '.' | '}')) {
            true
        } else {
            self.pos = start;
            false
        }
    }

    fn placeable(&mut self) -> Read<()> {
        self.expect('{', "expected `{`")?;
        self.skip_blank();
        let selector = self.inline_expression()?;
        self.skip_blank();
        if self.peek() == Some('-') && self.peek_at(1) == Some('>') {
            if let Some(problem) = selector.not_a_selector() {
                return Err(self.error(problem));
            }
            self.bump();
            self.bump();
            self.skip_spaces();
            self.variants()?;
            self.skip_blank();
        }
        self.expect('}', "expected `}` to close the placeable")
    }

    /// The variants of a select expression, each on its own line; exactly one default.
    fn variants(&mut self) -> Read<()> {
        let mut defaults = 0;
        let mut count = 0;
        loop {
            self.skip_blank();
            let default = self.peek() == Some('*');
            if default {
                self.bump();
            }
            if self.peek() != Some('[') {
                if default {
                    return Err(self.error("expected `[` after `*`"));
                }
                break;
            }
            self.bump();
            self.skip_blank();
            match self.peek() {
                Some(c) if c.is_ascii_digit() || c == '-' => self.number()?,
                _ => drop(self.identifier("a variant key")?),
            }
            self.skip_blank();
            self.expect(']', "expected `]` after the variant key")?;
            self.skip_spaces();
            let variables = std::mem::take(&mut self.variables);
            let value = self.pattern()?;
            let mut inner = value.map(|pattern| pattern.variables).unwrap_or_default();
            self.variables = variables;
            self.variables.append(&mut inner);
            defaults += usize::from(default);
            count += 1;
        }
        match (count, defaults) {
            (0, _) => Err(self.error("a select expression needs variants, like `*[other] ...`")),
            (_, 1) => Ok(()),
            _ => Err(self.error("a select expression needs exactly one default variant, marked `*`")),
        }
    }

    fn inline_expression(&mut self) -> Read<Expression> {
        let line = self.line_of(self.pos);
        match self.peek() {
            Some('"') => self.string().map(|()| Expression::Literal),
            Some(c) if c.is_ascii_digit() => self.number().map(|()| Expression::Literal),
            Some('-') if self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) => {
                self.number().map(|()| Expression::Literal)
            }
            Some('-') => {
                self.bump();
                self.identifier("a term name")?;
                let attribute = self.attribute_accessor()?;
                if self.peek() == Some('(') {
                    self.arguments()?;
                }
                Ok(Expression::Term { attribute })
            }
            Some('$') => {
                self.bump();
                let name = self.identifier("a variable name")?;
                self.variables.push((name, line));
                Ok(Expression::Variable)
            }
            Some('{') => self.placeable().map(|()| Expression::Placeable),
            Some(c) if c.is_ascii_alphabetic() => {
                let name = self.identifier("a message id")?;
                if self.peek() == Some('(') {
                    if !name
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-')
                    {
                        return Err(self.error("a function's name is upper case, like `NUMBER`"));
                    }
                    self.arguments()?;
                    return Ok(Expression::Function);
                }
                self.attribute_accessor()?;
                Ok(Expression::Message)
            }
            _ => Err(self.error(
                "expected an expression: `$variable`, `\"text\"`, a number, a message or term reference",
            )),
        }
    }

    fn attribute_accessor(&mut self) -> Read<bool> {
        if self.peek() != Some('.') {
            return Ok(false);
        }
        self.bump();
        self.identifier("an attribute name")?;
        Ok(true)
    }

    /// `(positional, named: "literal", ...)`
    fn arguments(&mut self) -> Read<()> {
        self.expect('(', "expected `(`")?;
        loop {
            self.skip_blank();
            if self.peek() == Some(')') {
                self.bump();
                return Ok(());
            }
            let expression = self.inline_expression()?;
            self.skip_blank();
            if self.peek() == Some(':') {
                if !matches!(expression, Expression::Message) {
                    return Err(self.error("a named argument's name is an identifier"));
                }
                self.bump();
                self.skip_blank();
                match self.peek() {
                    Some('"') => self.string()?,
                    Some(c) if c.is_ascii_digit() || c == '-' => self.number()?,
                    _ => return Err(self.error("a named argument's value is a string or a number")),
                }
                self.skip_blank();
            }
            match self.peek() {
                Some(',') => self.bump(),
                Some(')') => {}
                _ => return Err(self.error("expected `,` or `)` in the arguments")),
            }
        }
    }

    fn string(&mut self) -> Read<()> {
        self.expect('"', "expected `\"`")?;
        loop {
            match self.peek() {
                None | Some('\n') => return Err(self.error("unterminated string literal")),
                Some('"') => {
                    self.bump();
                    return Ok(());
                }
                Some('\\') => {
                    self.bump();
                    match self.peek() {
                        Some('\\' | '"') => self.bump(),
                        Some(u @ ('u' | 'U')) => {
                            self.bump();
                            let digits = if u == 'u' { 4 } else { 6 };
                            for _ in 0..digits {
                                if !self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                                    return Err(self.error("expected hex digits in a `\\u` escape"));
                                }
                                self.bump();
                            }
                        }
                        _ => {
                            return Err(self.error(
                                "unknown escape: a string knows `\\\\`, `\\\"`, `\\uXXXX`, `\\UXXXXXX`",
                            ));
                        }
                    }
                }
                Some(_) => self.bump(),
            }
        }
    }

    fn number(&mut self) -> Read<()> {
        if self.peek() == Some('-') {
            self.bump();
        }
        let digits = |reader: &mut Reader| {
            let start = reader.pos;
            while reader.peek().is_some_and(|c| c.is_ascii_digit()) {
                reader.bump();
            }
            reader.pos > start
        };
        if !digits(self) {
            return Err(self.error("expected a number"));
        }
        if self.peek() == Some('.') {
            self.bump();
            if !digits(self) {
                return Err(self.error("expected digits after `.`"));
            }
        }
        Ok(())
    }
}

/// What an inline expression is, for the rules of selectors.
enum Expression {
    Literal,
    Variable,
    Function,
    Message,
    Term { attribute: bool },
    Placeable,
}

impl Expression {
    fn not_a_selector(&self) -> Option<&'static str> {
        match self {
            Expression::Message => Some("a message reference can't be a selector; select on a `$variable`"),
            Expression::Term { attribute: false } => {
                Some("a term can't be a selector; select on one of its attributes")
            }
            Expression::Placeable => Some("a placeable can't be a selector"),
            _ => None,
        }
    }
}

/// A pattern's text as written, without the common indentation of its continuation lines.
fn dedent(chars: &[char]) -> String {
    let text: String = chars.iter().collect();
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default().trim().to_owned();
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let rest = rest.iter().map(|line| line.get(indent..).unwrap_or_default().trim_end());
    let all: Vec<String> = std::iter::once(first).chain(rest.map(str::to_owned)).collect();
    all.join("\n").trim().to_owned()
}

// ---------------------------------------------------------------------------------------------
// The type's resources, checked against its variants

/// What the derive read for a type with `locales`.
pub struct Resources {
    /// `default_locale`, `"en"` unless given.
    pub default: String,
    /// Every file read, absolute, for `include_str!` (a change rebuilds the crate).
    pub files: Vec<PathBuf>,
    pub locales: Vec<Locale>,
}

pub struct Locale {
    pub tag: String,
    pub path: PathBuf,
    /// The file as the user names it (`locales/de.ftl`), for messages.
    pub shown: String,
    pub resource: Resource,
}

/// Whether a variant without a translation in a locale is an error, a warning or fine.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Untranslated {
    Error,
    Warn,
    Allow,
}

/// `locales = "dir"`: a relative folder.
pub fn folder(meta: &syn::meta::ParseNestedMeta, ident: &syn::Ident) -> syn::Result<LitStr> {
    let lit = crate::attr::lit_str(meta, ident)?;
    let value = lit.value();
    if value.trim().is_empty() || Path::new(&value).is_absolute() {
        let message = "`locales` names a folder relative to the crate's Cargo.toml, like \"locales\"";
        return Err(syn::Error::new(lit.span(), message));
    }
    Ok(lit)
}

/// `default_locale = "en"`: a language tag.
pub fn default_locale(meta: &syn::meta::ParseNestedMeta, ident: &syn::Ident) -> syn::Result<LitStr> {
    let lit = crate::attr::lit_str(meta, ident)?;
    if !is_language_tag(&lit.value()) {
        let message =
            format!("`{}` is not a language tag (BCP 47): write one like \"en\" or \"en-US\"", lit.value());
        return Err(syn::Error::new(lit.span(), message));
    }
    Ok(lit)
}

/// `untranslated = "error" | "warn" | "allow"`.
pub fn untranslated_setting(
    meta: &syn::meta::ParseNestedMeta,
    ident: &syn::Ident,
) -> syn::Result<Untranslated> {
    let lit = crate::attr::lit_str(meta, ident)?;
    match lit.value().as_str() {
        "error" => Ok(Untranslated::Error),
        "warn" => Ok(Untranslated::Warn),
        "allow" => Ok(Untranslated::Allow),
        other => {
            let message = format!(
                "unknown value \"{other}\" for `untranslated`: write \"error\" (the default: a variant missing in a \
                 locale is a compile error), \"warn\" or \"allow\""
            );
            Err(syn::Error::new(lit.span(), message))
        }
    }
}

/// Reads and checks the resources of `input`'s `locales`; `None` without `locales`.
pub fn load(cx: &Ctxt, input: &Input) -> Option<Resources> {
    let attrs = &input.attrs;
    let Some(dir) = &attrs.locales else {
        for key in ["default_locale", "untranslated"] {
            if let Some(span) = attrs.key_span(key) {
                cx.error_at(
                    span,
                    format!("`{key}` needs `locales = \"...\"`, the folder of the translations"),
                );
            }
        }
        return None;
    };
    let default = attrs.default_locale.as_ref().map_or_else(|| "en".to_owned(), LitStr::value);
    let mut resources = Resources { default, files: Vec::new(), locales: Vec::new() };
    read_dir(cx, dir, &mut resources);
    check(cx, input, dir, &resources);
    Some(resources)
}

fn read_dir(cx: &Ctxt, dir: &LitStr, out: &mut Resources) {
    let Some(manifest) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        cx.error_at(
            dir.span(),
            "`locales` is relative to CARGO_MANIFEST_DIR, which is not set: build with cargo",
        );
        return;
    };
    let shown_dir = dir.value();
    let path = Path::new(&manifest).join(&shown_dir);
    let entries = match std::fs::read_dir(&path) {
        Ok(entries) => entries,
        Err(error) => {
            let message = format!(
                "can't read the translations folder `{shown_dir}` ({}): `locales` names a folder relative to \
                 the crate's Cargo.toml, holding one `<locale>.ftl` per language",
                error.kind()
            );
            cx.error_at(dir.span(), message);
            return;
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .collect();
    files.sort();
    if files.is_empty() {
        let message = format!(
            "the translations folder `{shown_dir}` has no `.ftl` file; add one per language, like `de.ftl`"
        );
        cx.error_at(dir.span(), message);
    }
    for path in files {
        read_file(cx, dir, &shown_dir, path, out);
    }
}

fn read_file(cx: &Ctxt, dir: &LitStr, shown_dir: &str, path: PathBuf, out: &mut Resources) {
    let tag = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default().to_owned();
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let shown = format!("{}/{name}", shown_dir.trim_end_matches('/'));
    let source = match std::fs::read_to_string(&path) {
        Ok(source) => source,
        Err(error) => {
            cx.error_at(dir.span(), format!("can't read `{shown}`: {}", error.kind()));
            return;
        }
    };
    out.files.push(std::fs::canonicalize(&path).unwrap_or(path.clone()));
    if !is_language_tag(&tag) {
        let message = format!(
            "`{shown}`: a resource is named by its language tag (BCP 47), like `de.ftl` or `fr-CH.ftl`; `{tag}` is not one"
        );
        cx.error_at(dir.span(), message);
        return;
    }
    if tag.eq_ignore_ascii_case(&out.default) {
        let message = format!(
            "`{shown}` is the default language's (`default_locale = \"{}\"`), whose messages are the variants' `msg` \
             and `title`; remove the file, or name another `default_locale`",
            out.default
        );
        cx.error_at(dir.span(), message);
        return;
    }
    let resource = parse(&source);
    for error in &resource.errors {
        cx.error_at(dir.span(), format!("{shown}:{}:{}: {}", error.line, error.column, error.message));
    }
    out.locales.push(Locale { tag, path, shown, resource });
}

/// A BCP 47 language tag as unic-langid reads it: a language (2–3 or 5–8 letters), then an
/// optional script (4 letters), region (2 letters or 3 digits) and variants (5–8 letters or
/// digits, or a digit and 3 more).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']).peekable();
    let alpha = |s: &str, range: std::ops::RangeInclusive<usize>| {
        range.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let Some(language) = parts.next() else { return false };
    if !(alpha(language, 2..=3) || alpha(language, 5..=8)) {
        return false;
    }
    if parts.peek().is_some_and(|script| alpha(script, 4..=4)) {
        parts.next();
    }
    if parts
        .peek()
        .is_some_and(|r| alpha(r, 2..=2) || (r.len() == 3 && r.bytes().all(|b| b.is_ascii_digit())))
    {
        parts.next();
    }
    parts.all(|variant| {
        let alnum = variant.bytes().all(|b| b.is_ascii_alphanumeric());
        alnum
            && ((5..=8).contains(&variant.len())
                || (variant.len() == 4 && variant.as_bytes()[0].is_ascii_digit()))
    })
}

/// The Fluent message id of a code; the runtime's `errwire::l10n::message_id`.
pub fn message_id(code: &str) -> String {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let starts_with_letter = code.starts_with(|c: char| c.is_ascii_alphabetic());
    let mut id = String::with_capacity(code.len() + 5);
    if !starts_with_letter {
        id.push_str("code-");
    }
    id.extend(code.chars().map(|c| if allowed(c) { c } else { '-' }));
    id
}

/// The variants a translation can belong to (not transparent ones: their inner type has its
/// own), by message id.
fn translatable<'i>(input: &'i Input) -> Vec<(String, &'i Variant<'i>)> {
    let variants = input.variants.iter().filter(|variant| variant.transparent().is_none());
    variants.map(|variant| (message_id(&variant.code(input)), variant)).collect()
}

fn check(cx: &Ctxt, input: &Input, dir: &LitStr, resources: &Resources) {
    let variants = translatable(input);
    check_ids(cx, input, &variants);
    let setting = untranslated(input);
    for locale in &resources.locales {
        check_locale(cx, input, dir, locale, &variants);
        // A resource with a syntax error lost the entry it broke: that error is the one to fix.
        if setting == Untranslated::Error && locale.resource.errors.is_empty() {
            for (id, variant) in &variants {
                if !has_message(locale, id) {
                    cx.error_at(
                        crate::valid::code_span(input, variant),
                        missing_message(input, variant, locale),
                    );
                }
            }
        }
    }
}

pub fn untranslated(input: &Input) -> Untranslated {
    input.attrs.untranslated.unwrap_or(Untranslated::Error)
}

fn has_message(locale: &Locale, id: &str) -> bool {
    locale.resource.entries.iter().any(|entry| !entry.term && entry.id == id && entry.value.is_some())
}

fn missing_message(input: &Input, variant: &Variant, locale: &Locale) -> String {
    format!(
        "`{}` (code `{}`) has no translation in `{}`: add `{} = ...`, or set `#[api(untranslated = \"warn\")]` \
         or `\"allow\"` to answer it in the default language",
        variant.name,
        variant.code(input),
        locale.shown,
        message_id(&variant.code(input))
    )
}

/// Two codes that are one message id (`a.b` and `a-b`).
fn check_ids(cx: &Ctxt, input: &Input, variants: &[(String, &Variant)]) {
    for (i, (id, variant)) in variants.iter().enumerate() {
        let code = variant.code(input);
        let earlier = variants[..i].iter().find(|(other, v)| other == id && v.code(input) != code);
        if let Some((_, other)) = earlier {
            let message = format!(
                "the codes `{}` and `{code}` are both translated as the Fluent message `{id}`; give one another code",
                other.code(input)
            );
            cx.error_at(crate::valid::code_span(input, variant), message);
        }
    }
}

fn check_locale(cx: &Ctxt, input: &Input, dir: &LitStr, locale: &Locale, variants: &[(String, &Variant)]) {
    let mut seen: Vec<&str> = Vec::new();
    for entry in locale.resource.entries.iter().filter(|entry| !entry.term) {
        let at = format!("{}:{}", locale.shown, entry.line);
        if seen.contains(&entry.id.as_str()) {
            cx.error_at(dir.span(), format!("{at}: `{}` is defined twice; keep one", entry.id));
            continue;
        }
        seen.push(&entry.id);
        let Some((_, variant)) = variants.iter().find(|(id, _)| *id == entry.id) else {
            cx.error_at(dir.span(), unknown_code(input, &at, &entry.id, variants));
            continue;
        };
        check_entry(cx, input, locale, entry, variant);
    }
}

fn unknown_code(input: &Input, at: &str, id: &str, variants: &[(String, &Variant)]) -> String {
    let name = &input.original.ident;
    let ids = variants.iter().map(|(id, _)| id.as_str());
    match crate::attr::did_you_mean(id, ids) {
        Some(known) => format!("{at}: `{id}` is no code of `{name}`; did you mean `{known}`?"),
        None => format!(
            "{at}: `{id}` is no code of `{name}`: a message's id is the code of the error it translates"
        ),
    }
}

fn check_entry(cx: &Ctxt, input: &Input, locale: &Locale, entry: &Entry, variant: &Variant) {
    let span = crate::valid::code_span(input, variant);
    let fields: Vec<String> = variant
        .fields
        .iter()
        .filter(|f| f.original.ident.is_some())
        .map(|f| f.template_name.clone())
        .collect();
    for (name, line) in entry.value.iter().flat_map(|value| &value.variables) {
        if !fields.contains(name) {
            cx.error_at(span, unknown_variable(variant, &format!("{}:{line}", locale.shown), name, &fields));
        }
    }
    for attribute in &entry.attributes {
        let at = format!("{}:{}", locale.shown, attribute.line);
        if attribute.name != "title" {
            let message = format!(
                "{at}: unknown attribute `.{}` of `{}`: a translation has its message and `.title`",
                attribute.name, entry.id
            );
            cx.error_at(span, message);
        } else if let Some((name, _)) = attribute.pattern.variables.first() {
            let message = format!(
                "{at}: the `.title` of `{}` names `${name}`: a title is the same for every occurrence of the error \
                 (RFC 9457), so it names no field; put `${name}` in the message",
                entry.id
            );
            cx.error_at(span, message);
        }
    }
}

fn unknown_variable(variant: &Variant, at: &str, name: &str, fields: &[String]) -> String {
    let suggestion = crate::attr::did_you_mean(name, fields.iter().map(String::as_str));
    let known = if fields.is_empty() {
        format!("`{}` has no named fields", variant.name)
    } else {
        format!("its fields: {}", fields.iter().map(|f| format!("`${f}`")).collect::<Vec<_>>().join(", "))
    };
    match suggestion {
        Some(field) => format!(
            "{at}: the translation names `${name}`, which `{}` has no field of; did you mean `${field}`?",
            variant.name
        ),
        None => format!(
            "{at}: the translation names `${name}`, which `{}` has no field of ({known})",
            variant.name
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Generated code

/// The translation methods of the `ApiError` impl, through `__private::l10n!` (a compile error
/// on the user's `locales` without errwire's `fluent` feature).
pub fn methods(input: &Input, resources: &Resources) -> TokenStream {
    let span = input.attrs.locales.as_ref().map_or_else(Span::call_site, LitStr::span);
    let default = &resources.default;
    let pairs = resources.locales.iter().map(|locale| {
        let tag = &locale.tag;
        let path = locale.path.canonicalize().unwrap_or_else(|_| locale.path.clone());
        let path = path.to_string_lossy().into_owned();
        quote!((#tag, ::core::include_str!(#path)))
    });
    let translations = crate::expand::match_arms(input, |variant| {
        if let Some(arm) = crate::expand::delegate(variant, "translations", quote!()) {
            return arm;
        }
        (Vec::new(), quote!(::core::option::Option::Some(&*__ERRWIRE_TRANSLATIONS)))
    });
    let args = crate::expand::match_arms(input, |variant| args_arm(resources, input, variant));
    quote_spanned! {span=>
        ::errwire::__private::l10n! {
            fn translations(&self) -> ::core::option::Option<&'static ::errwire::l10n::Translations> {
                static __ERRWIRE_TRANSLATIONS: ::errwire::__private::LazyLock<::errwire::l10n::Translations> =
                    ::errwire::__private::LazyLock::new(|| ::errwire::l10n::Translations::new(#default, &[#(#pairs),*]));
                #translations
            }
            fn translation_args<'__errwire_a>(&'__errwire_a self, __args: &mut ::errwire::l10n::Args<'__errwire_a>) {
                #[allow(unused_imports)]
                use ::errwire::__private::{ArgViaDisplay as _, ArgViaNumber as _, ArgViaStr as _};
                #args
            }
        }
    }
}

/// A variant's fields that some translation names, as Fluent arguments.
fn args_arm<'a>(
    resources: &Resources,
    input: &'a Input,
    variant: &'a Variant<'a>,
) -> (Vec<&'a crate::ast::Field<'a>>, TokenStream) {
    if let Some((used, call)) = crate::expand::delegate(variant, "translation_args", quote!(, __args)) {
        return (used, quote!(#call;));
    }
    let id = message_id(&variant.code(input));
    let named = |field: &&crate::ast::Field| {
        field.original.ident.is_some() && uses(resources, &id, &field.template_name)
    };
    let used: Vec<&crate::ast::Field> = variant.fields.iter().filter(named).collect();
    let sets = used.iter().map(|field| {
        let binding = field.binding();
        let name = &field.template_name;
        quote!((&&&::errwire::__private::FluentArg(#binding)).__errwire_fluent_arg(__args, #name);)
    });
    let body = quote!(#(#sets)*);
    (used, body)
}

/// Whether some locale's message `id` names the variable `name`.
fn uses(resources: &Resources, id: &str, name: &str) -> bool {
    resources.locales.iter().any(|locale| {
        let entries = locale.resource.entries.iter().filter(|entry| !entry.term && entry.id == id);
        entries.flat_map(|entry| &entry.value).any(|value| value.variables.iter().any(|(v, _)| v == name))
    })
}

/// `include_str!` of every file read, for a derive that failed: fixing a resource rebuilds.
pub fn tracking(resources: &Resources) -> TokenStream {
    let files = resources.files.iter().map(|path| path.to_string_lossy().into_owned());
    quote!(#(const _: &str = ::core::include_str!(#files);)*)
}

/// Under `untranslated = "warn"`: a deprecation warning on each variant a locale doesn't
/// translate (stable Rust has no other warning a derive can emit).
pub fn warnings(input: &Input, resources: &Resources) -> TokenStream {
    if untranslated(input) != Untranslated::Warn {
        return TokenStream::new();
    }
    let mut uses = Vec::new();
    for locale in &resources.locales {
        for (id, variant) in translatable(input) {
            if !has_message(locale, &id) {
                let note = format!("`{}` has no translation in `{}`", variant.name, locale.shown);
                let span = crate::valid::code_span(input, variant);
                uses.push(quote_spanned! {span=>
                    #[deprecated(note = #note)]
                    #[allow(non_upper_case_globals)]
                    const missing_translation: () = ();
                    let () = missing_translation;
                });
            }
        }
    }
    quote!(#(const _: () = { #uses };)*)
}

/// The catalog entry's default locale and translations (`-0;` without `locales`): the message
/// (its Fluent pattern as written) and title of each locale that translates the variant.
pub fn catalog_translations(input: &Input, variant: &Variant, table: &mut Table) {
    let Some(resources) = input.l10n.as_ref() else {
        table.opt(None).num(0);
        return;
    };
    let id = message_id(&variant.code(input));
    let translations: Vec<_> = resources
        .locales
        .iter()
        .filter_map(|locale| {
            let entry = locale.resource.entries.iter().find(|entry| !entry.term && entry.id == id)?;
            let title = entry.attributes.iter().find(|a| a.name == "title").map(|a| a.pattern.text.as_str());
            Some((&locale.tag, entry.value.as_ref().map(|value| value.text.as_str()), title))
        })
        .collect();
    table.opt(Some(&resources.default)).num(translations.len());
    for (tag, message, title) in translations {
        table.str(tag).opt(message).opt(title);
    }
}

#[cfg(test)]
mod tests {
    use super::{is_language_tag, message_id, parse};

    fn errors(source: &str) -> Vec<String> {
        parse(source).errors.iter().map(|e| format!("{}:{} {}", e.line, e.column, e.message)).collect()
    }

    #[test]
    fn reads_messages_attributes_variables_selects_comments_and_multiline_values() {
        let source = "### Resource comment\n\n# Comment\nConflict = Version { $expected } erwartet,\n    { $current } gefunden\n    .title = Konflikt\n-brand = Shop\nItems = { $count ->\n    [one] ein Artikel\n   *[other] { $count } Artikel von { -brand }\n}\nFn = { NUMBER($n, minimumFractionDigits: 2) } { \"{\" }\n";
        let resource = parse(source);
        assert!(resource.errors.is_empty(), "{:?}", resource.errors);
        let ids: Vec<&str> = resource.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["Conflict", "brand", "Items", "Fn"]);
        let conflict = &resource.entries[0];
        assert_eq!(conflict.line, 4);
        let value = conflict.value.as_ref().unwrap();
        assert_eq!(value.variables, [("expected".to_owned(), 4), ("current".to_owned(), 5)]);
        assert_eq!(value.text, "Version { $expected } erwartet,\n{ $current } gefunden");
        assert_eq!(conflict.attributes[0].name, "title");
        assert_eq!(conflict.attributes[0].pattern.text, "Konflikt");
        assert!(resource.entries[1].term);
        let items = resource.entries[2].value.as_ref().unwrap();
        assert_eq!(items.variables.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(), ["count", "count"]);
        assert_eq!(resource.entries[3].value.as_ref().unwrap().variables[0].0, "n");
    }

    #[test]
    fn reports_syntax_errors_with_line_and_column_and_goes_on() {
        assert_eq!(errors("a = { $x\nb = ok\n"), ["2:1 expected `}` to close the placeable"]);
        assert_eq!(errors("a = x\n\nb x\nc = y\n"), ["3:3 expected `=` after `b`"]);
        assert_eq!(errors("a = { $n ->\n  [one] x\n  [other] y\n}\n").len(), 1);
        assert_eq!(errors("a = }\n"), ["1:5 unbalanced `}`: write `{\"}\"}` for a literal brace"]);
        assert_eq!(errors("a =\n"), ["1:4 `a` has no value"]);
        assert_eq!(errors("a = { msg -> *[x] y }\n").len(), 1);
        assert!(errors("a = ok\n  stray\n").is_empty(), "a continuation line");
        assert_eq!(
            errors("a = ok\n  [x] y\n"),
            ["2:3 expected an attribute (`.title = ...`) or a new entry at the start of a line"]
        );
        assert_eq!(errors("a = \"x\"\n").len(), 0);
        assert_eq!(errors("#bad\n"), ["1:2 a comment is `#`, `##` or `###` followed by a space"]);
    }

    #[test]
    fn never_panics_on_prefixes_and_mutations() {
        let source = "a = { $n ->\n  [one] x { -t.attr } { F(1, k: \"v\") }\n *[other] { \"\\u00e9\" } {{ $y }}\n}\n  .title = T\n-t = x\n  .attr = y\n# c\n";
        let chars: Vec<char> = source.chars().collect();
        for end in 0..=chars.len() {
            let prefix: String = chars[..end].iter().collect();
            let _ = parse(&prefix);
            for insert in ['{', '}', '[', '*', '.', '$', '"', '\n', ' ', '-', '\\', '(', ')', ':', 'é'] {
                let mut mutated = chars.clone();
                mutated.insert(end, insert);
                let _ = parse(&mutated.iter().collect::<String>());
            }
        }
    }

    #[test]
    fn language_tags_and_message_ids() {
        for tag in ["de", "fr-CH", "zh-Hant-TW", "es-419", "de-CH-1996", "sl-rozaj"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for tag in ["", "d", "german!", "de-", "de-CH-x", "translations"] {
            assert!(!is_language_tag(tag), "{tag}");
        }
        assert_eq!(message_id("DuplicateField"), "DuplicateField");
        assert_eq!(message_id("user.not_found"), "user-not_found");
        assert_eq!(message_id("404"), "code-404");
    }
}

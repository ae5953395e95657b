//! Generated code written as text where it holds no user token, lexed by the compiler.
//!
//! The derive runs unoptimized in a dev build, and `quote!` hands every token to the compiler
//! one by one. Text is lexed in one call by the compiler's own (optimized) lexer; the tokens
//! whose place matters for an error (a field cast to `&dyn Display`, a member passed to
//! `serialize_entry`, a source, a user's generics) stay tokens, spliced in between. Text gets
//! `Span::call_site()`, the spans `quote!` gives its own tokens, so names resolve alike in both;
//! the match arms' bindings are located on the user's field but resolve at the call site too
//! (`Field::binding`), so a pattern written as text binds what a spliced token uses.
//!
//! A piece of text can't hold a group that tokens are spliced into (the lexer wants it whole):
//! [`Code::open`] and [`Code::close`] delimit groups, which stay text until a token goes in. Each
//! run of text between tokens is one call of the lexer (about 20 thousand instructions of fixed
//! cost, a source file each), so the fewer runs the better: 20 variants cost 1 M instructions
//! less to expand than token by token, most of it in the fixed part of the output.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::{ToTokens, quote};

/// Code being built: text and tokens, in groups.
#[derive(Clone)]
pub(crate) struct Code {
    /// The innermost group last; the first is the whole code.
    levels: Vec<Level>,
    /// Whether the code is one expression (a `match` arm needs no block for it).
    expression: bool,
}

#[derive(Clone)]
struct Level {
    delimiter: Delimiter,
    /// What is already tokens.
    done: TokenStream,
    /// Text after `done`, not lexed yet.
    text: String,
}

impl Level {
    fn new(delimiter: Delimiter) -> Self {
        Level { delimiter, done: TokenStream::new(), text: String::new() }
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            // A stream, not its tokens: one call of the bridge instead of every token back and
            // forth (`Extend<TokenTree>` iterates the lexed stream).
            self.done.extend(std::iter::once(lex(&self.text)));
            self.text.clear();
        }
    }
}

impl Code {
    pub fn new() -> Self {
        Code { levels: vec![Level::new(Delimiter::None)], expression: false }
    }

    /// Code from text alone.
    pub fn from_text(text: impl Into<String>) -> Self {
        let mut level = Level::new(Delimiter::None);
        level.text = text.into();
        Code { levels: vec![level], expression: false }
    }

    fn level(&mut self) -> &mut Level {
        // Never empty: `close` keeps the outermost level.
        let last = self.levels.len() - 1;
        &mut self.levels[last]
    }

    /// Appends text: whole tokens, with any group it opens closed in it.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.level().text.push_str(text);
        self
    }

    /// Appends a string literal whose value is `value`.
    pub fn str(&mut self, value: &str) -> &mut Self {
        // `Debug` writes a `str` as a literal of Rust's grammar: quotes, `\"`, `\\`, `\n`,
        // `\u{..}` for what can't stand as itself.
        use std::fmt::Write as _;
        let text = &mut self.level().text;
        let _ = write!(text, "{value:?}");
        self
    }

    /// Appends tokens.
    pub fn tokens(&mut self, tokens: impl ToTokens) -> &mut Self {
        let tokens = tokens.into_token_stream();
        if !tokens.is_empty() {
            let level = self.level();
            level.flush();
            level.done.extend(std::iter::once(tokens));
        }
        self
    }

    /// Opens a group that tokens may be appended to; [`close`](Self::close) ends it.
    pub fn open(&mut self, delimiter: Delimiter) -> &mut Self {
        self.levels.push(Level::new(delimiter));
        self
    }

    /// Closes the group [`open`](Self::open) began: as text when it holds no tokens (so that
    /// text around it stays one piece), else as a group of tokens.
    pub fn close(&mut self) -> &mut Self {
        if self.levels.len() > 1 {
            let mut level = self.levels.pop().unwrap_or_else(|| Level::new(Delimiter::None));
            if level.done.is_empty() {
                let (open, close) = match level.delimiter {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                let parent = self.level();
                parent.text.push_str(open);
                parent.text.push_str(&level.text);
                parent.text.push_str(close);
            } else {
                level.flush();
                self.tokens(TokenTree::Group(Group::new(level.delimiter, level.done)));
            }
        }
        self
    }

    /// The same code, known to be one expression.
    pub fn expression(mut self) -> Self {
        self.expression = true;
        self
    }

    pub fn is_expression(&self) -> bool {
        self.expression
    }

    /// Appends `other`: as text while both are text, so that it is lexed in one go.
    pub fn append(&mut self, other: Code) -> &mut Self {
        match other.into_text() {
            Ok(text) => self.text(&text),
            Err(other) => self.tokens(other.finish()),
        }
    }

    /// The code's text, when it is only text (no group open, no tokens).
    pub fn as_text(&self) -> Option<&str> {
        (self.levels.len() == 1 && self.levels[0].done.is_empty()).then(|| self.levels[0].text.as_str())
    }

    /// The code's text, when it is only text; else the code.
    pub fn into_text(mut self) -> Result<String, Code> {
        if self.as_text().is_some() {
            return Ok(std::mem::take(&mut self.levels[0].text));
        }
        Err(self)
    }

    /// The tokens, with any group left open closed.
    pub fn finish(mut self) -> TokenStream {
        while self.levels.len() > 1 {
            self.close();
        }
        let mut level = self.levels.pop().unwrap_or_else(|| Level::new(Delimiter::None));
        level.flush();
        level.done
    }
}

impl From<TokenStream> for Code {
    fn from(tokens: TokenStream) -> Self {
        let mut code = Code::new();
        code.tokens(tokens);
        code
    }
}

impl ToTokens for Code {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(std::iter::once(self.clone().finish()));
    }
}

/// Rust code written as text, as tokens: by the compiler's lexer inside a proc macro
/// (`proc_macro2`'s `parse` first runs its own lexer over the text, unoptimized in a dev build),
/// by `proc_macro2`'s elsewhere (unit tests). The derive writes only whole tokens; were the text
/// not to lex, the error says so instead of a panic.
pub(crate) fn lex(text: &str) -> TokenStream {
    let lexed = if proc_macro::is_available() {
        text.parse::<proc_macro::TokenStream>().ok().map(TokenStream::from)
    } else {
        text.parse().ok()
    };
    lexed.unwrap_or_else(|| {
        let message = format!("errwire: the derive wrote code that does not lex: {text}");
        quote!(::core::compile_error!(#message);)
    })
}

#[cfg(test)]
mod tests {
    use proc_macro2::{Delimiter, Ident, Span};
    use quote::quote;

    use super::Code;

    #[test]
    fn text_and_tokens_make_the_same_code_as_quote() {
        let field = Ident::new("__errwire_field0", Span::call_site());
        let mut code = Code::from_text("match self");
        code.open(Delimiter::Brace).text("Self::A { x: __errwire_field0, .. } => ");
        code.text("write").open(Delimiter::Parenthesis).text("__out, ").str("a \"b\"\n{c}").text(", ");
        code.tokens(quote!(Part::of(#field))).close().text(", _ => ").str("none").text(",").close();
        let expected = quote! {
            match self {
                Self::A { x: __errwire_field0, .. } => write(__out, "a \"b\"\n{c}", Part::of(__errwire_field0)),
                _ => "none",
            }
        };
        assert_eq!(code.finish().to_string(), expected.to_string());
    }

    #[test]
    fn a_group_without_tokens_stays_text() {
        let mut code = Code::from_text("fn f() ");
        code.open(Delimiter::Brace).text("1 + 2").close();
        assert_eq!(code.into_text().ok().as_deref(), Some("fn f() {1 + 2}"));
    }

    #[test]
    fn text_that_does_not_lex_is_a_compile_error_not_a_panic() {
        let mut code = Code::from_text("f(");
        code.tokens(quote!(x));
        let out = code.finish().to_string();
        assert!(out.contains("compile_error"), "{out}");
    }
}

//! Messages whose placeholders are all plain `{field}`s, written without `format_args!`:
//! integers through `itoa`, strings and `bool`s as they are, anything else through its
//! `Display`. The bytes are the same as `format!`'s (a `{}` formats with default options);
//! what goes away is `core::fmt`'s machinery for every integer (`Formatter::pad_integral`),
//! which was a tenth of a typical 4xx render.
//!
//! The derive writes a message as one template and its parts: the template is the literal text
//! in pieces, one more than there are parts, each piece preceded by one `char` whose code point
//! is the piece's length in bytes (`"\u{8}A value \u{8} exists."` for `A value {v} exists.`;
//! an empty last piece is left out).
//! One string literal per message costs rustc much less than a `Part::Str` per piece of text;
//! the lengths spare the render a search for where the parts go.
//!
//! The derive picks the part by the field's type as written (`macros/src/expand.rs`,
//! `ArgKind`): a primitive integer is cast into [`Part::Unsigned`] or [`Part::Signed`], a `&str`
//! is a [`Part::Str`], a `bool` a [`Part::Bool`], any other type is a [`Part::Display`]; only
//! `String` (by any path: the name may be another type's) goes through [`Part::of`], which
//! writes std's `String` directly and any other type through its `Display`.

use core::any::Any;
use core::fmt::{self, Display, Write};

/// One piece of a message: literal text, or a field's value.
#[derive(Clone, Copy)]
pub enum Part<'a> {
    /// Text written as is (a `str` or `String` field; empty between the pieces of a text too
    /// long for one length `char`).
    Str(&'a str),
    /// An unsigned integer.
    Unsigned(u64),
    /// A signed integer.
    Signed(i64),
    /// A `bool`, as `true` or `false`.
    Bool(bool),
    /// Any other `Display` value.
    Display(&'a dyn Display),
}

impl<'a> Part<'a> {
    /// A field whose type is written `String`: std's `String` as it is, any other type (a
    /// user's own type of that name) by its `Display`, which the derive passes as `display` (the
    /// same field, cast where the field is written, so a type without `Display` is reported
    /// there, as for any placeholder).
    #[inline]
    pub fn of<T: Any>(value: &'a T, display: &'a dyn Display) -> Self {
        match (value as &dyn Any).downcast_ref::<String>() {
            Some(text) => Part::Str(text),
            None => Part::Display(display),
        }
    }

    fn write(self, out: &mut dyn Write) -> fmt::Result {
        match self {
            Part::Str(text) => out.write_str(text),
            Part::Unsigned(n) => out.write_str(itoa::Buffer::new().format(n)),
            Part::Signed(n) => out.write_str(itoa::Buffer::new().format(n)),
            Part::Bool(b) => out.write_str(if b { "true" } else { "false" }),
            Part::Display(value) => write!(out, "{value}"),
        }
    }
}

/// The longest piece a template's length `char` can state (the code points above it begin
/// with the surrogates, which are not `char`s); the derive (`template_piece` in
/// `macros/src/expand.rs`, which has its own copy: the macro crate can't depend on this one)
/// cuts longer text into pieces with empty parts between them.
pub const MAX_PIECE: usize = 0xD7FF;

/// Writes the pieces of `template`, each followed by the next of `parts` (see the module's
/// documentation). Total: a length past the template's end or inside a character writes the
/// rest of the template, a missing part writes nothing.
pub fn write(out: &mut dyn Write, template: &str, parts: &[Part<'_>]) -> fmt::Result {
    let mut at = 0;
    let mut parts = parts.iter();
    while let Some(&first) = template.as_bytes().get(at) {
        // A length below 128 is one byte (nearly every piece); a longer one is a `char`.
        let (length, start) = if first < 0x80 {
            (usize::from(first), at + 1)
        } else {
            match long_length(template, at) {
                Some(long) => long,
                None => return Ok(()),
            }
        };
        let end = start + length;
        if !template.is_char_boundary(end) {
            return out.write_str(template.get(start..).unwrap_or_default());
        }
        // SAFETY: `start` is a boundary (`at` is one: 0, or a checked `end`, and the length's
        // `char` is whole: ASCII, or decoded from `at..`), and `end` was checked above.
        let piece = unsafe { template.get_unchecked(start..end) };
        if !piece.is_empty() {
            out.write_str(piece)?;
        }
        at = end;
        if let Some(part) = parts.next() {
            part.write(out)?;
        }
    }
    Ok(())
}

/// `write` with the parts as arguments, for one to eight of them: an array of parts, built and
/// borrowed in each `match` arm of the derive's output, cost rustc's borrow checker more than
/// the arguments of a call.
macro_rules! write_n {
    ($($name:ident: $($part:ident)*;)*) => {$(
        #[doc = concat!("[`write`] with ", stringify!($($part)*), " as the parts.")]
        #[inline]
        #[allow(clippy::too_many_arguments)] // The derive's calls, one argument per part.
        pub fn $name(out: &mut dyn Write, template: &str, $($part: Part<'_>),*) -> fmt::Result {
            write(out, template, &[$($part),*])
        }
    )*};
}

write_n! {
    write1: a;
    write2: a b;
    write3: a b c;
    write4: a b c d;
    write5: a b c d e;
    write6: a b c d e f;
    write7: a b c d e f g;
    write8: a b c d e f g h;
}

/// A length of 128 or more, as a `char` at `at`, and where its piece starts.
#[cold]
#[inline(never)]
fn long_length(template: &str, at: usize) -> Option<(usize, usize)> {
    let length = template.get(at..)?.chars().next()?;
    Some((length as usize, at + length.len_utf8()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The template of these pieces, as the derive writes it.
    fn template(pieces: &[&str]) -> String {
        pieces
            .iter()
            .flat_map(|piece| char::from_u32(piece.len() as u32).into_iter().chain(piece.chars()))
            .collect()
    }

    fn written(pieces: &[&str], parts: &[Part<'_>]) -> String {
        let mut out = String::new();
        write(&mut out, &template(pieces), parts).unwrap();
        out
    }

    #[test]
    fn parts_are_written_as_format_writes_them() {
        let text = String::from("x\"y");
        let wide: u128 = u128::MAX;
        let parts = [
            Part::Unsigned(u64::MAX),
            Part::Signed(i64::MIN),
            Part::Signed(-7),
            Part::of(&text, &text),
            Part::Str("n"),
            Part::Bool(true),
            Part::Bool(false),
            Part::Display(&wide),
            Part::Display(&1.5f64),
        ];
        let expected = format!("a {}{}{}{text}n{}{}{wide}{}.", u64::MAX, i64::MIN, -7i8, true, false, 1.5f64);
        assert_eq!(written(&["a ", "", "", "", "", "", "", "", "", "."], &parts), expected);
        assert!(matches!(parts[3], Part::Str(_)));
    }

    #[test]
    fn of_writes_a_string_directly_and_any_other_type_by_its_display() {
        struct Shout;
        impl Display for Shout {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("HEY")
            }
        }
        let text = String::from("s");
        assert!(matches!(Part::of(&text, &text), Part::Str("s")));
        assert!(matches!(Part::of(&Shout, &Shout), Part::Display(_)));
        assert_eq!(written(&["", "!"], &[Part::of(&Shout, &Shout)]), "HEY!");
    }

    #[test]
    fn pieces_are_written_by_their_lengths() {
        assert_eq!(written(&[], &[]), "");
        assert_eq!(written(&["plain"], &[]), "plain");
        assert_eq!(written(&["\0", "\u{1}\0"], &[Part::Str("|")]), "\0|\u{1}\0", "any text, NULs too");
        assert_eq!(written(&["é", "ß€", ""], &[Part::Signed(1), Part::Str("x")]), "é1ß€x");
        let long = "ü".repeat(MAX_PIECE / 2);
        assert_eq!(written(&[&long, "!"], &[Part::Bool(true)]), format!("{long}true!"));
    }

    #[test]
    fn the_template_is_total() {
        let write = |template: &str, parts: &[Part<'_>]| {
            let mut out = String::new();
            write(&mut out, template, parts).unwrap();
            out
        };
        assert_eq!(write("\u{9}too short", &[Part::Signed(1)]), "too short1", "a length past the end");
        assert_eq!(write("\u{1}é!", &[]), "é!", "a length inside a character");
        assert_eq!(write("\u{1}<\u{1}|\u{1}>", &[Part::Signed(1)]), "<1|>", "a missing part");
        assert_eq!(write("\u{1}<\u{1}>", &[Part::Signed(1), Part::Signed(2)]), "<1>2", "a part too many");
    }

    #[test]
    fn a_failing_display_fails_the_write() {
        struct Fails;
        impl Display for Fails {
            fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
                Err(fmt::Error)
            }
        }
        let mut out = String::new();
        assert!(write(&mut out, &template(&["a", "b"]), &[Part::Display(&Fails)]).is_err());
        assert_eq!(out, "a");
    }
}

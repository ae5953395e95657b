//! Messages whose placeholders are all plain `{field}`s, written without `format_args!`:
//! integers through `itoa`, strings and `bool`s as they are, anything else through its
//! `Display`. The bytes are the same as `format!`'s (a `{}` formats with default options);
//! what goes away is `core::fmt`'s machinery for every integer (`Formatter::pad_integral`),
//! which was a tenth of a typical 4xx render.
//!
//! The derive picks the part by the field's type as written (`macros/src/expand.rs`,
//! `ArgKind`): a primitive integer is cast into [`Part::Unsigned`] or [`Part::Signed`], a `&str`
//! or `bool` is a [`Part::Str`], any other type is a [`Part::Display`]; only `String` (by any
//! path: the name may be another type's) goes through the probe `(&Arg(field)).__errwire_part(field)`,
//! whose autoref specialization picks [`ViaFast`] for the types written directly and
//! [`ViaDisplay`] for every other type. Both take the field as `&dyn Display` too (unused by the
//! first): the cast is made where the derive wrote the field, so a type without `Display` gets
//! the compiler's own message on the field, as with `format_args!`.

use core::fmt::{self, Display, Write};

/// One piece of a message: literal text, or a field's value.
#[derive(Clone, Copy)]
pub enum Part<'a> {
    /// Text written as is (the template's literal text, a `str` or `String` field).
    Str(&'a str),
    /// An unsigned integer.
    Unsigned(u64),
    /// A signed integer.
    Signed(i64),
    /// Any other `Display` value.
    Display(&'a dyn Display),
}

/// A field of the message, for `(&Arg(field)).__errwire_part(field)`.
pub struct Arg<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> Clone for Arg<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Arg<'_, T> {}

/// Chosen first: a type written without `core::fmt`.
pub trait ViaFast<'a> {
    /// The field as a message part.
    fn __errwire_part(self, value: &'a dyn Display) -> Part<'a>;
}

macro_rules! via_fast {
    ($variant:ident: $wide:ty: $($t:ty)*) => {$(
        impl<'a> ViaFast<'a> for &Arg<'a, $t> {
            #[inline]
            fn __errwire_part(self, _: &'a dyn Display) -> Part<'a> {
                match <$wide>::try_from(*self.0) {
                    Ok(value) => Part::$variant(value),
                    Err(_) => Part::Display(self.0),
                }
            }
        }
    )*};
}

via_fast!(Unsigned: u64: u8 u16 u32 u64 usize);
via_fast!(Signed: i64: i8 i16 i32 i64 isize);

impl<'a> ViaFast<'a> for &Arg<'a, str> {
    #[inline]
    fn __errwire_part(self, _: &'a dyn Display) -> Part<'a> {
        Part::Str(self.0)
    }
}

impl<'a> ViaFast<'a> for &Arg<'a, &str> {
    #[inline]
    fn __errwire_part(self, _: &'a dyn Display) -> Part<'a> {
        Part::Str(self.0)
    }
}

impl<'a> ViaFast<'a> for &Arg<'a, String> {
    #[inline]
    fn __errwire_part(self, _: &'a dyn Display) -> Part<'a> {
        Part::Str(self.0)
    }
}

impl<'a> ViaFast<'a> for &Arg<'a, bool> {
    #[inline]
    fn __errwire_part(self, _: &'a dyn Display) -> Part<'a> {
        Part::Str(if *self.0 { "true" } else { "false" })
    }
}

/// Chosen last: any other type, through its `Display`.
pub trait ViaDisplay<'a> {
    /// The field as a message part.
    fn __errwire_part(self, value: &'a dyn Display) -> Part<'a>;
}

impl<'a, T: ?Sized> ViaDisplay<'a> for Arg<'a, T> {
    #[inline]
    fn __errwire_part(self, value: &'a dyn Display) -> Part<'a> {
        Part::Display(value)
    }
}

/// Writes the parts in order.
pub fn write(out: &mut dyn Write, parts: &[Part<'_>]) -> fmt::Result {
    for part in parts {
        match *part {
            Part::Str(text) => out.write_str(text)?,
            Part::Unsigned(n) => out.write_str(itoa::Buffer::new().format(n))?,
            Part::Signed(n) => out.write_str(itoa::Buffer::new().format(n))?,
            Part::Display(value) => write!(out, "{value}")?,
        }
    }
    Ok(())
}

#[cfg(test)]
// The probes are called as the derive calls them: on a borrow, which picks the impl.
#[allow(clippy::needless_borrow)]
mod tests {
    use super::*;

    fn written<'a>(parts: &[Part<'a>]) -> String {
        let mut out = String::new();
        write(&mut out, parts).unwrap();
        out
    }

    #[test]
    fn parts_are_written_as_format_writes_them() {
        let text = String::from("x\"y");
        let name: &str = "n";
        let wide: u128 = u128::MAX;
        let parts = [
            Part::Str("a "),
            (&Arg(&u64::MAX)).__errwire_part(&u64::MAX),
            (&Arg(&i64::MIN)).__errwire_part(&i64::MIN),
            (&Arg(&-7i8)).__errwire_part(&-7i8),
            (&Arg(&usize::MAX)).__errwire_part(&usize::MAX),
            (&Arg(&text)).__errwire_part(&text),
            (&Arg(&name)).__errwire_part(&name),
            (&Arg(&true)).__errwire_part(&true),
            (&Arg(&wide)).__errwire_part(&wide),
            (&Arg(&1.5f64)).__errwire_part(&1.5f64),
        ];
        let expected =
            format!("a {}{}{}{}{text}{name}{}{wide}{}", u64::MAX, i64::MIN, -7i8, usize::MAX, true, 1.5f64);
        assert_eq!(written(&parts), expected);
        assert!(matches!(parts[1], Part::Unsigned(_)));
        assert!(matches!(parts[2], Part::Signed(_)));
        assert!(matches!(parts[5], Part::Str(_)));
        assert!(matches!(parts[8], Part::Display(_)));
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
        let parts = [Part::Str("a"), (&Arg(&Fails)).__errwire_part(&Fails), Part::Str("b")];
        assert!(write(&mut out, &parts).is_err());
        assert_eq!(out, "a");
    }
}

//! The catalog as one string: the writer of the encoding `errwire::__private::catalog` reads
//! (its module documentation has the grammar). One string literal per type instead of a static
//! array of constructor calls: rustc type-checked and const-evaluated every field of every entry,
//! a fifth of the compile time of a large enum.

use std::fmt::Write as _;

/// An encoded catalog, entry by entry.
#[derive(Default)]
pub struct Table(String);

impl Table {
    pub fn num(&mut self, value: usize) -> &mut Self {
        let _ = write!(self.0, "{value};");
        self
    }

    pub fn str(&mut self, text: &str) -> &mut Self {
        let _ = write!(self.0, "{}:{text}", text.len());
        self
    }

    pub fn opt(&mut self, text: Option<&str>) -> &mut Self {
        match text {
            Some(text) => self.str(text),
            None => {
                self.0.push('-');
                self
            }
        }
    }

    /// A number, or `-` for none.
    pub fn opt_num(&mut self, value: Option<usize>) -> &mut Self {
        match value {
            Some(value) => self.num(value),
            None => {
                self.0.push('-');
                self
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn finish(self) -> String {
        self.0
    }
}

//! The catalog as one string: the writer of the encoding `errwire::__private::catalog` reads
//! (its module documentation has the grammar). One string literal per type instead of a static
//! array of constructor calls: rustc type-checked and const-evaluated every field of every entry,
//! a fifth of the compile time of a large enum.

/// Where a member's schema comes from.
#[derive(Clone, Copy)]
pub enum SchemaRef {
    /// The schema function with this index in the derive's output.
    Index(usize),
    /// The runtime's function of this name (`__private::schema::primitive`'s, `any`).
    Named(&'static str),
}

/// An encoded catalog, entry by entry.
#[derive(Default)]
pub struct Table(String);

impl Table {
    pub fn num(&mut self, value: usize) -> &mut Self {
        self.digits(value);
        self.0.push(';');
        self
    }

    pub fn str(&mut self, text: &str) -> &mut Self {
        self.digits(text.len());
        self.0.push(':');
        self.0.push_str(text);
        self
    }

    /// `value` in decimal, without `core::fmt` (its machinery is most of a number's cost in the
    /// derive's unoptimized build).
    fn digits(&mut self, value: usize) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = value;
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        self.0.extend(digits[at..].iter().map(|&digit| char::from(digit)));
    }

    /// A member's schema: the derive's function with this index, or the runtime's of this name.
    pub fn schema(&mut self, schema: SchemaRef) -> &mut Self {
        match schema {
            SchemaRef::Index(index) => self.num(index),
            SchemaRef::Named(name) => {
                self.0.push('=');
                self.str(name)
            }
        }
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

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn numbers_and_strings_are_written_as_format_writes_them() {
        let mut table = Table::default();
        for value in [0, 7, 10, 409, usize::MAX] {
            table.num(value);
        }
        table.str("").str("é{x}").opt(None).opt_num(Some(12));
        let expected = format!("0;7;10;409;{};0:5:é{{x}}-12;", usize::MAX);
        assert_eq!(table.finish(), expected);
    }
}

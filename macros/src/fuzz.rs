//! The derive never panics: [`expand::derive`] is fed generated and mutated inputs and must
//! answer each, without panicking, with `compile_error!`s or with code that parses as items.
//!
//! Inputs come from a grammar of Rust items with `#[api(...)]` attributes (valid keys and values,
//! typos, wrong value types, garbage), random message templates, generics, cfg'd and deprecated
//! items, then token-level mutations: truncation, shuffles, deletions, insertions, swapped
//! delimiters. A small seeded PRNG keeps every case reproducible from its seed and index.
//!
//! `ERRWIRE_FUZZ_CASES` sets the number of inputs (default [`DEFAULT_CASES`]: about 40 s of CPU
//! in a debug build, shared by one thread per core), `ERRWIRE_FUZZ_SEED` the seed. A failure
//! prints the case and its input.

use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::time::Instant;

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

use crate::attr::{self, Loc};
use crate::expand;

const DEFAULT_CASES: u64 = 100_000;
const DEFAULT_SEED: u64 = 0x5eed_e22e_a11e_0001;
/// The percentage of cases that are valid input. Their expansion is the slow part (the parse
/// of the generated code most of all), so they are few; invalid cases reach the code generation
/// too, when their mistakes are not the derive's (a `#[cfg]`, a type, a generic parameter).
const VALID_PERCENT: u64 = 5;

/// SplitMix64: tiny, fast, and good enough to pick grammar branches.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// The grammar, as text: easy to read in a failure report, then lexed by proc_macro2.
// ---------------------------------------------------------------------------------------------

const TYPO_KEYS: &[&str] = &["stauts", "Status", "cdoe", "mesage", "skpi", "r#type", "_", "api", "from", "x"];
/// The keys a container, variant or struct is given on purpose; any key of `attr::KEYS` may
/// also come in by mistake (see [`all_keys`]), so a new key is fuzzed everywhere.
const CONTAINER_KEYS: &[&str] =
    &["code_case", "title", "type_base", "format", "rename_all", "serialize", "deserialize"];
const VARIANT_KEYS: &[&str] = &["code", "msg", "title", "type"];
const STRUCT_KEYS: &[&str] = &["code", "msg"];

/// The keys that may stand at `loc`, from the derive's table.
fn keys_at(loc: Loc) -> Vec<&'static str> {
    attr::names_at(loc).collect()
}

/// Every key of the derive's table: where a misplaced key comes from.
fn all_keys() -> Vec<&'static str> {
    attr::KEYS.iter().map(|key| key.name).collect()
}

const CASES: &[&str] = &[
    "lowercase",
    "UPPERCASE",
    "PascalCase",
    "camelCase",
    "snake_case",
    "SCREAMING_SNAKE_CASE",
    "kebab-case",
    "SCREAMING-KEBAB-CASE",
];
const BAD_CASES: &[&str] = &["camel", "", "ß", "Snake_Case"];

const STATUS_NAMES: &[&str] =
    &["NOT_FOUND", "CONFLICT", "IM_A_TEAPOT", "INTERNAL_SERVER_ERROR", "BAD_GATEWAY"];
const BAD_STATUS_NAMES: &[&str] = &["OK", "CONTINUE", "CONFLICTED", "conflict", "Z", "FOUND"];
const STATUSES: &[&str] = &["404", "400", "599", "499", "500", "409", "0x190", "404u16", "4_0_4"];
const BAD_STATUSES: &[&str] =
    &["200", "600", "0", "65536", "99999999999999999999999", "404u8", "1e3", "4.04", "-404"];

const FIELD_NAMES: &[&str] = &[
    "id",
    "field",
    "value",
    "secs",
    "r#type",
    "r#match",
    "r#fn",
    "_x",
    "__out",
    "URL",
    "größe",
    "width",
    "w",
    "x",
    "self_",
    "__errwire_field0",
    "duplicate_value",
];
const SPECIAL_FIELD_NAMES: &[&str] = &["source", "backtrace"];
const VARIANT_NAMES: &[&str] = &["NotFound", "Conflict", "A", "r#loop", "Überfüllt", "V", "General", "Error"];
const TYPES: &[&str] = &[
    "u32",
    "usize",
    "String",
    "T",
    "&'a str",
    "Vec<T>",
    "Option<U>",
    "std::io::Error",
    "Box<dyn std::error::Error + Send>",
    "[u8; N]",
    "fn() -> T",
    "(u8, T)",
    "()",
    "!",
    "impl Display",
    "<T as Tr>::Out",
];
const SPECIAL_TYPES: &[&str] = &["Backtrace", "std::backtrace::Backtrace"];

/// Attributes that are no mistake of the derive's.
const HARMLESS_ATTRS: &[&str] = &[
    "#[deprecated]",
    "#[deprecated = \"old\"]",
    "#[doc = \"A doc.\"]",
    "/// doc\n",
    "#[serde(rename = \"x\")]",
    "#[allow(dead_code)]",
];
const OTHER_ATTRS: &[&str] = &[
    "#[error(\"oops {0}\")]",
    "#[error(transparent)]",
    "#[cfg_attr(all(), api(status = 404))]",
    "#[cfg(any())]",
    "#[api]",
    "#[api = \"status = 404\"]",
    "#[api[status = 404]]",
    "#[api{status = 404}]",
    "#[api()]",
    "#[from]",
    "#[source]",
    "#[backtrace]",
];

/// The generator of one case. `chaos` is the percentage of choices that go wrong; at 0 the
/// input is one the derive must accept.
struct Gen {
    rng: Rng,
    chaos: u64,
}

/// A field as generated: its text and the name a template uses for it.
struct FieldSpec {
    text: String,
    name: String,
}

impl Gen {
    fn wrong(&mut self) -> bool {
        self.chaos > 0 && self.rng.chance(self.chaos)
    }

    /// One of `good`, or of `bad` when this choice goes wrong.
    fn choose<'a>(&mut self, good: &[&'a str], bad: &[&'a str]) -> &'a str {
        if self.wrong() && !bad.is_empty() { self.rng.pick(bad) } else { self.rng.pick(good) }
    }

    fn string(&mut self, good: &[&str], bad: &[&str]) -> String {
        format!("{:?}", self.choose(good, bad))
    }

    // --- message templates ---

    fn template(&mut self, fields: &[FieldSpec]) -> String {
        let mut out = String::new();
        for _ in 0..self.rng.below(6) {
            if self.wrong() {
                out.push_str(
                    self.rng
                        .pick(&["{", "}", "{}", "{ x }", "{:?}", "{nope}", "{9}", "{a{b}", "{r#}", "{$}"]),
                );
                continue;
            }
            match self.rng.below(6) {
                0 => out.push_str("text "),
                1 => out.push_str(self.rng.pick(&["{{", "}}", "{{}}"])),
                2 => out.push_str("ünï 🚀 \\ \" "),
                _ if fields.is_empty() => out.push_str("no fields "),
                _ => {
                    let name = &fields[self.rng.below(fields.len())].name;
                    let spec = self.spec(fields);
                    let _ = write!(out, "{{{name}{spec}}}");
                }
            }
        }
        out
    }

    fn spec(&mut self, fields: &[FieldSpec]) -> String {
        const GOOD: &[&str] =
            &["", "", ":?", ":>5", ":<3", ":^7", ":+", ":#x", ":08.3", ":#?", ":e", ":x?", ":.2"];
        const BAD: &[&str] = &[":y", ":.*", ":>", ":$", ":1$$", ":é", ":{", ":>>5", ":5x5", ":?x"];
        if self.rng.chance(15) && !fields.is_empty() {
            let width = &fields[self.rng.below(fields.len())].name;
            let width = if self.wrong() { "nope" } else { width.as_str() };
            return format!(":>{width}$");
        }
        self.choose(GOOD, BAD).to_owned()
    }

    // --- values and attributes ---

    fn status(&mut self) -> String {
        match self.rng.below(3) {
            0 => format!("StatusCode::{}", self.choose(STATUS_NAMES, BAD_STATUS_NAMES)),
            1 => format!("http::StatusCode::{}", self.choose(STATUS_NAMES, BAD_STATUS_NAMES)),
            _ => self.choose(STATUSES, BAD_STATUSES).to_owned(),
        }
    }

    /// A value of the wrong kind for any key.
    fn junk(&mut self) -> String {
        self.rng
            .pick(&[
                "404",
                "\"404\"",
                "-1",
                "true",
                "x",
                "r#type",
                "self",
                "_",
                "(1, 2)",
                "[a]",
                "'c'",
                "b\"x\"",
                "1.5",
                "StatusCode::A::B",
                "a::b",
                "=",
                "",
            ])
            .to_owned()
    }

    /// `key = value` (or the flag alone) for `key`.
    fn entry(&mut self, key: &str, fields: &[FieldSpec], unique: usize) -> String {
        if self.wrong() {
            return match self.rng.below(4) {
                0 => format!("{key} = {}", self.junk()),
                1 => format!("{key}(x)"),
                2 => format!("{key} = = 1"),
                _ => format!("errwire::{key} = 1"),
            };
        }
        match key {
            "status" => format!("status = {}", self.status()),
            "code" => format!("code = {}", self.string(&["C{unique}", "NotFound{unique}"], &["", " "]))
                .replace("{unique}", &unique.to_string()),
            "code_case" | "rename_all" => format!("{key} = {}", self.string(CASES, BAD_CASES)),
            "msg" => format!("msg = {:?}", self.template(fields)),
            "title" | "type" | "type_base" => {
                format!(
                    "{key} = {}",
                    self.string(&["Not Found", "https://e.x/", "ü", "", "/e#x", "a:b"], &["%zz", "[x]"])
                )
            }
            "format" => format!(
                "format = {}",
                self.choose(&["errwire::format::ErrorList", "crate::Fmt", "FMT"], &["\"json\"", "1"])
            ),
            "serialize" => format!("serialize = {}", self.choose(&["false", "true"], &["\"no\"", "0"])),
            "members" => format!("members = {}", self.string(&["explicit", "all"], &["marked", ""])),
            "header" => format!("header = \"X-H{unique}\""),
            "rename" => format!("rename = \"m{unique}\""),
            _ => key.to_owned(),
        }
    }

    /// One `#[api(...)]` with `keys` (each at most once unless things go wrong).
    fn api(&mut self, keys: &[&str], fields: &[FieldSpec], unique: usize) -> String {
        let mut entries = Vec::new();
        for key in keys {
            let key = if self.wrong() { self.rng.pick(TYPO_KEYS) } else { key };
            entries.push(self.entry(key, fields, unique));
        }
        let separator = if self.wrong() { " " } else { ", " };
        let trailing = if !entries.is_empty() && self.rng.chance(10) { "," } else { "" };
        format!("#[api({}{trailing})] ", entries.join(separator))
    }

    /// Some of `keys`, in random order, and sometimes a key that belongs elsewhere.
    fn some_keys<'k>(&mut self, keys: &[&'k str], all: &[&'k str]) -> Vec<&'k str> {
        let mut chosen: Vec<&str> = keys.iter().copied().filter(|_| self.rng.chance(40)).collect();
        if self.wrong() {
            chosen.push(self.rng.pick(all));
        }
        for i in (1..chosen.len()).rev() {
            chosen.swap(i, self.rng.below(i + 1));
        }
        chosen
    }

    fn other_attrs(&mut self) -> String {
        let mut out = String::new();
        if self.rng.chance(15) {
            out.push_str(self.choose(HARMLESS_ATTRS, OTHER_ATTRS));
            out.push(' ');
        }
        out
    }

    // --- items ---

    /// The fields of a variant or struct.
    fn fields(&mut self, named: bool, count: usize) -> Vec<FieldSpec> {
        let mut names: Vec<&str> = FIELD_NAMES.to_vec();
        let mut fields = Vec::new();
        for index in 0..count {
            let special = self.wrong();
            let name = if special {
                self.rng.pick(SPECIAL_FIELD_NAMES)
            } else {
                // Distinct names: a duplicate is syn's business, not the derive's.
                names.remove(self.rng.below(names.len()))
            };
            let ty = if self.wrong() { self.rng.pick(SPECIAL_TYPES) } else { self.rng.pick(TYPES) };
            let mut attrs = self.other_attrs();
            if self.rng.chance(30) {
                let keys = match self.rng.below(5) {
                    0 => vec!["skip"],
                    1 => vec!["rename"],
                    2 => vec!["header"],
                    3 => vec!["member"],
                    _ => vec!["source"],
                };
                let keys =
                    if self.wrong() { self.some_keys(&keys_at(Loc::Field), &all_keys()) } else { keys };
                attrs.push_str(&self.api(&keys, &[], index));
            }
            let (text, name) = if named {
                (format!("{attrs}{name}: {ty}"), name.trim_start_matches("r#").to_owned())
            } else {
                (format!("{attrs}{ty}"), index.to_string())
            };
            fields.push(FieldSpec { text, name });
        }
        fields
    }

    fn body(&mut self, fields: &[FieldSpec], named: bool) -> String {
        let texts: Vec<&str> = fields.iter().map(|field| field.text.as_str()).collect();
        match (fields.is_empty() && self.rng.chance(50), named) {
            (true, _) => String::new(),
            (false, true) => format!(" {{ {} }}", texts.join(", ")),
            (false, false) => format!("({})", texts.join(", ")),
        }
    }

    fn variant(&mut self, index: usize, container_status: bool) -> String {
        let name = self.rng.pick(VARIANT_NAMES);
        // Distinct names, so that distinct codes: one code with two statuses is a mistake.
        let name = if self.wrong() { name.to_owned() } else { format!("{name}{index}") };
        if self.rng.chance(10) && !self.wrong() {
            return format!("#[api(transparent)] {name}(Inner)");
        }
        let named = self.rng.chance(50);
        let count = self.rng.below(4);
        let fields = self.fields(named, count);
        let mut keys = self.some_keys(VARIANT_KEYS, &all_keys());
        if !container_status || self.rng.chance(50) {
            keys.push("status");
        }
        if self.wrong() {
            keys.retain(|key| *key != "status");
        }
        let api = self.api(&keys, &fields, index);
        let other = self.other_attrs();
        let body = self.body(&fields, named);
        let discriminant = if self.rng.chance(3) { " = 3" } else { "" };
        format!("{other}{api}{name}{body}{discriminant}")
    }

    fn generics(&mut self) -> (&'static str, &'static str) {
        let params = self.choose(
            &["", "<T>", "<'a, T>", "<'a, T: Clone, U, const N: usize>", "<T = u8>"],
            &["<>", "<'a: 'b>", "<T,>"],
        );
        let where_clause =
            self.choose(&["", "where T: Clone", "where T: 'static,"], &["where", "where for<'x> &'x T: X"]);
        (params, where_clause)
    }

    /// The container's attributes, and whether they give a status.
    fn container(&mut self) -> (String, bool) {
        let mut keys = self.some_keys(CONTAINER_KEYS, &all_keys());
        let status = self.rng.chance(30);
        if status {
            keys.push("status");
        }
        if self.wrong() {
            keys.push("code");
        }
        let api = if keys.is_empty() { String::new() } else { self.api(&keys, &[], 0) };
        (format!("{}{api}", self.other_attrs()), status)
    }

    /// A whole derive input.
    fn item(&mut self) -> String {
        let (params, where_clause) = self.generics();
        let vis = self.rng.pick(&["", "pub ", "pub(crate) "]);
        let kind = if self.wrong() { self.rng.below(10) } else { 1 + self.rng.below(9) };
        match kind {
            0 => {
                let count = self.rng.below(3);
                let fields = self.fields(true, count);
                let (attrs, _) = self.container();
                format!("{attrs}{vis}union U{params} {where_clause} {} ", self.body(&fields, true))
            }
            1..=3 => self.structure(params, where_clause, vis),
            _ => {
                let (attrs, status) = self.container();
                let count = if self.wrong() { 0 } else { 1 + self.rng.below(3) };
                let variants: Vec<String> = (0..count).map(|index| self.variant(index, status)).collect();
                format!("{attrs}{vis}enum E{params} {where_clause} {{ {} }}", variants.join(", "))
            }
        }
    }

    fn structure(&mut self, params: &str, where_clause: &str, vis: &str) -> String {
        let named = self.rng.chance(60);
        let count = self.rng.below(4);
        let fields = self.fields(named, count);
        if !named && count == 1 && self.rng.chance(20) {
            return format!("#[api(transparent)] {vis}struct S{params}(Inner) {where_clause};");
        }
        let (attrs, status) = self.container();
        let mut keys = self.some_keys(STRUCT_KEYS, &all_keys());
        if !status && !self.wrong() {
            keys.push("status");
        }
        let api = self.api(&keys, &fields, 1);
        let body = self.body(&fields, named);
        let prefix = format!("{attrs}{api}{vis}struct S{params}");
        if body.starts_with('(') {
            format!("{prefix}{body} {where_clause};")
        } else if body.is_empty() {
            format!("{prefix} {where_clause};")
        } else {
            format!("{prefix} {where_clause}{body}")
        }
    }

    /// Text of rust-like characters, for the lexer and then the derive.
    fn noise(&mut self) -> String {
        const PIECES: &[&str] = &[
            "#", "[", "]", "(", ")", "{", "}", "api", "enum", "struct", "E", "A", "=", ",", ";", ":", "::",
            "\"x\"", "1", "'a", "<", ">", "status", "msg", "\"{a}\"", " ",
        ];
        (0..self.rng.below(40)).map(|_| self.rng.pick(PIECES)).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Token-level mutations.
// ---------------------------------------------------------------------------------------------

const DELIMITERS: &[Delimiter] =
    &[Delimiter::Parenthesis, Delimiter::Brace, Delimiter::Bracket, Delimiter::None];

fn random_token(rng: &mut Rng) -> TokenTree {
    match rng.below(6) {
        0 => Punct::new(rng.pick(&['#', ',', '=', ':', '<', '>', '!', '-', '$']), Spacing::Alone).into(),
        1 => Ident::new(
            rng.pick(&["api", "status", "enum", "struct", "x", "T", "transparent"]),
            Span::call_site(),
        )
        .into(),
        2 => Literal::u16_unsuffixed(rng.below(700) as u16).into(),
        3 => Literal::string(rng.pick(&["{x}", "camelCase", "", "Retry-After", "}"])).into(),
        4 => Literal::i32_suffixed(-(rng.below(700) as i32)).into(),
        _ => {
            let delimiter = rng.pick(DELIMITERS);
            Group::new(delimiter, TokenStream::new()).into()
        }
    }
}

/// Applies one mutation at a random depth of `tokens`.
fn mutate(rng: &mut Rng, tokens: TokenStream) -> TokenStream {
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    let groups: Vec<usize> =
        trees.iter().enumerate().filter(|(_, t)| matches!(t, TokenTree::Group(_))).map(|(i, _)| i).collect();
    // Go deeper half of the time, when there is somewhere to go.
    if !groups.is_empty() && rng.chance(50) {
        let at = groups[rng.below(groups.len())];
        if let TokenTree::Group(group) = &trees[at] {
            let mut inner = Group::new(group.delimiter(), mutate(rng, group.stream()));
            inner.set_span(group.span());
            trees[at] = inner.into();
        }
        return trees.into_iter().collect();
    }
    match rng.below(7) {
        0 => trees.truncate(rng.below(trees.len() + 1)),
        1 => {
            // Fisher–Yates.
            for i in (1..trees.len()).rev() {
                trees.swap(i, rng.below(i + 1));
            }
        }
        2 if !trees.is_empty() => {
            trees.remove(rng.below(trees.len()));
        }
        3 if !trees.is_empty() => {
            let at = rng.below(trees.len());
            trees.insert(at, trees[at].clone());
        }
        4 if !groups.is_empty() => {
            let at = groups[rng.below(groups.len())];
            if let TokenTree::Group(group) = &trees[at] {
                let delimiter = rng.pick(DELIMITERS);
                trees[at] = Group::new(delimiter, group.stream()).into();
            }
        }
        _ => {
            let at = rng.below(trees.len() + 1);
            trees.insert(at, random_token(rng));
        }
    }
    trees.into_iter().collect()
}

/// Case `index` of the run seeded with `seed`: `None` when the generated text doesn't lex.
///
/// A few cases are valid input ([`VALID_PERCENT`]); the others go wrong in 5–45% of their
/// choices, and a third of those are also mutated as tokens.
fn input(seed: u64, index: u64) -> Option<TokenStream> {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xa076_1d64_78bd_642f));
    let chaos = if rng.chance(VALID_PERCENT) { 0 } else { 5 + rng.next() % 40 };
    let mut generator = Gen { rng, chaos };
    let text = if generator.rng.chance(2) { generator.noise() } else { generator.item() };
    let mut tokens: TokenStream = text.parse().ok()?;
    let rng = &mut generator.rng;
    if chaos > 0 && rng.chance(35) {
        for _ in 0..1 + rng.below(3) {
            tokens = mutate(rng, tokens);
        }
    }
    Some(tokens)
}

// ---------------------------------------------------------------------------------------------
// The property.
// ---------------------------------------------------------------------------------------------

/// Whether the output reports errors: `compile_error!` stands at its top level.
fn has_compile_error(output: &TokenStream) -> bool {
    output
        .clone()
        .into_iter()
        .any(|token| matches!(token, TokenTree::Ident(ident) if ident == "compile_error"))
}

thread_local! {
    /// Set while the derive runs, whose panics are caught and reported with their input.
    static IN_CASE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[derive(Default)]
struct Tally {
    cases: u64,
    unlexable: u64,
    code: u64,
    errors: u64,
    failures: Vec<String>,
}

/// Runs one case; a failure is described in `tally.failures`.
fn run_case(seed: u64, index: u64, tally: &mut Tally) {
    tally.cases += 1;
    let Some(tokens) = input(seed, index) else {
        tally.unlexable += 1;
        return;
    };
    // Printed only on failure: printing every input would cost more than the derive.
    let original = tokens.clone();
    IN_CASE.set(true);
    let output = panic::catch_unwind(AssertUnwindSafe(|| expand::derive(tokens)));
    IN_CASE.set(false);
    let output = match output {
        Ok(output) => output,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            tally.failures.push(format!("case {index}: panicked: {message}\n  input: {original}"));
            return;
        }
    };
    if has_compile_error(&output) {
        tally.errors += 1;
        return;
    }
    tally.code += 1;
    if let Err(error) = syn::parse2::<syn::File>(output.clone()) {
        tally.failures.push(format!(
            "case {index}: output is not items ({error})\n  input: {original}\n  output: {output}"
        ));
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(value) => {
            value.replace('_', "").parse().unwrap_or_else(|_| panic!("{name}={value} is not a number"))
        }
        Err(_) => default,
    }
}

#[test]
fn grammar_keys_are_keys_of_the_table() {
    let table = all_keys();
    for key in CONTAINER_KEYS.iter().chain(VARIANT_KEYS).chain(STRUCT_KEYS) {
        assert!(table.contains(key), "the fuzz grammar writes `{key}`, which attr::KEYS lacks");
    }
}

#[test]
fn derive_never_panics() {
    let cases = env_u64("ERRWIRE_FUZZ_CASES", DEFAULT_CASES);
    let seed = env_u64("ERRWIRE_FUZZ_SEED", DEFAULT_SEED);
    let threads = std::thread::available_parallelism().map_or(2, usize::from) as u64;
    // A panic in a case is caught and reported with its input: the hook stays quiet about it.
    let hook = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !IN_CASE.get() {
            hook(info);
        }
    }));
    let started = Instant::now();
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                scope.spawn(move || {
                    let mut tally = Tally::default();
                    let mut index = worker;
                    while index < cases {
                        run_case(seed, index, &mut tally);
                        index += threads;
                    }
                    tally
                })
            })
            .collect();
        workers.into_iter().map(|worker| worker.join().expect("a worker panicked outside a case")).collect()
    });
    let mut total = Tally::default();
    for tally in tallies {
        total.cases += tally.cases;
        total.unlexable += tally.unlexable;
        total.code += tally.code;
        total.errors += tally.errors;
        total.failures.extend(tally.failures);
    }
    eprintln!(
        "fuzz: {} cases (seed {seed:#x}) in {:.1?}: {} expanded to code, {} to compile_error!, {} did not lex",
        total.cases,
        started.elapsed(),
        total.code,
        total.errors,
        total.unlexable,
    );
    let shown: Vec<&String> = total.failures.iter().take(10).collect();
    assert!(total.failures.is_empty(), "{} failing cases; the first:\n{shown:#?}", total.failures.len());
    // The grammar must reach both the code generation and the error paths, each in at least
    // one case in 25.
    let fed = total.code + total.errors;
    assert!(
        total.code * 25 >= fed && total.errors * 25 >= fed,
        "unbalanced inputs: {} code, {} errors",
        total.code,
        total.errors
    );
}

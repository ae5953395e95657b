//! RFC 3986 URI references, for `type` and `type_base`: RFC 9457 makes `type` a URI reference,
//! and a client resolves and compares it as one, so text that is not one is a compile error
//! (nothing is encoded behind the user's back: the `type` in the body is the one written).

/// Where text appended to a URI reference lands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Part {
    Path,
    Query,
    Fragment,
}

/// What is wrong with a URI reference, and how to fix it in the URI (which is no fix for a code).
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    pub what: String,
    pub fix: Option<String>,
}

impl Problem {
    fn new(what: String, fix: Option<String>) -> Self {
        Problem { what, fix }
    }

    fn plain(what: impl Into<String>) -> Self {
        Problem { what: what.into(), fix: None }
    }

    /// `c` can't stand here: write it percent-encoded.
    fn encode(what: String, c: char) -> Self {
        Problem { what, fix: Some(format!("write it as `{}`", encode(c))) }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.fix {
            Some(fix) => write!(f, "{}; {fix}", self.what),
            None => f.write_str(&self.what),
        }
    }
}

/// Checks `text` against RFC 3986's `URI-reference`.
pub fn check(text: &str) -> Result<(), Problem> {
    check_chars(text)?;
    let (rest, fragment) = split_once(text, '#');
    if let Some(fragment) = fragment {
        no_brackets(fragment, "the fragment")?;
        if fragment.contains('#') {
            let what = "`#` starts the fragment and may appear only once".to_owned();
            return Err(Problem::new(what, Some("write a literal `#` as `%23`".to_owned())));
        }
    }
    let (rest, query) = split_once(rest, '?');
    if let Some(query) = query {
        no_brackets(query, "the query")?;
    }
    check_hierarchy(rest)
}

/// The part of a reference that text appended to `text` extends.
pub fn tail_part(text: &str) -> Part {
    if text.contains('#') {
        Part::Fragment
    } else if text.contains('?') {
        Part::Query
    } else {
        Part::Path
    }
}

/// Checks text appended at the end of a reference whose last part is `part` (a code after a
/// `type_base`): it must stay inside that part, so a code can't start a query or a fragment.
pub fn check_appended(text: &str, part: Part) -> Result<(), Problem> {
    check_chars(text)?;
    let (stop, name): (&[char], &str) = match part {
        Part::Path => (&['?', '#', '[', ']'], "the path"),
        Part::Query => (&['#', '[', ']'], "the query"),
        Part::Fragment => (&['#', '[', ']'], "the fragment"),
    };
    match text.chars().find(|c| stop.contains(c)) {
        Some(c) => Err(Problem::encode(format!("`{c}` would end {name} it is appended to"), c)),
        None => Ok(()),
    }
}

/// Every character is one a URI may contain, and every `%` starts a percent-encoding.
fn check_chars(text: &str) -> Result<(), Problem> {
    for (at, c) in text.char_indices() {
        if c == '%' {
            let hex = text[at + 1..].chars().take(2).filter(char::is_ascii_hexdigit).count();
            if hex < 2 {
                let what =
                    format!("`%` after `{}` does not start a percent-encoding like `%20`", before(text, at));
                return Err(Problem::new(what, Some("write a literal `%` as `%25`".to_owned())));
            }
            continue;
        }
        if !(is_unreserved(c) || is_sub_delim(c) || ":/?#[]@".contains(c)) {
            let what = match c {
                ' ' => "a space".to_owned(),
                c if c.is_control() => format!("the control character {c:?}"),
                c => format!("`{c}`"),
            };
            let place =
                if at == 0 { "at the start".to_owned() } else { format!("after `{}`", before(text, at)) };
            return Err(Problem::encode(format!("{what} {place} is not allowed in a URI"), c));
        }
    }
    Ok(())
}

/// `hier-part` (after a scheme) or `relative-part`: an optional authority, then a path.
fn check_hierarchy(text: &str) -> Result<(), Problem> {
    let first_segment = text.split('/').next().unwrap_or_default();
    let path = match first_segment.split_once(':') {
        Some((scheme, _)) if !text.starts_with('/') => {
            check_scheme(scheme)?;
            &text[scheme.len() + 1..]
        }
        _ => text,
    };
    let path = match path.strip_prefix("//") {
        Some(rest) => {
            let end = rest.find('/').unwrap_or(rest.len());
            check_authority(&rest[..end])?;
            &rest[end..]
        }
        None => path,
    };
    no_brackets(path, "the path")
}

fn check_scheme(scheme: &str) -> Result<(), Problem> {
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if starts_with_letter && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
        return Ok(());
    }
    let what = format!(
        "`{scheme}:` is not a scheme (a letter, then letters, digits, `+`, `-` or `.`), and a relative \
         reference can't have `:` in its first segment"
    );
    Err(Problem::new(what, Some(format!("write `./{scheme}:…` or `{scheme}%3A…`"))))
}

/// `[ userinfo "@" ] host [ ":" port ]`
fn check_authority(authority: &str) -> Result<(), Problem> {
    let host_port = match authority.rsplit_once('@') {
        Some((userinfo, host_port)) => {
            if let Some(c) = userinfo.chars().find(|c| "[]@".contains(*c)) {
                return Err(Problem::plain(format!(
                    "`{c}` is not allowed in the user part of `{authority}`"
                )));
            }
            host_port
        }
        None => authority,
    };
    let (host, port) = if let Some(literal) = host_port.strip_prefix('[') {
        let Some((inside, after)) = literal.split_once(']') else {
            return Err(Problem::plain(format!("the host `{host_port}` opens `[` without closing it")));
        };
        check_ip_literal(inside)?;
        match after {
            "" => (host_port, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (host_port, Some(port)),
                None => {
                    let what = format!("after the host `[{inside}]` only `:` and a port may follow");
                    return Err(Problem::plain(what));
                }
            },
        }
    } else {
        match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    if !host.starts_with('[') {
        if let Some(c) = host.chars().find(|c| "[]".contains(*c)) {
            return Err(Problem::plain(format!(
                "`{c}` is allowed in a host only around an IP address, like `[::1]`"
            )));
        }
    }
    match port {
        Some(port) if !port.chars().all(|c| c.is_ascii_digit()) => {
            Err(Problem::plain(format!("the port `{port}` of `{authority}` is not a number")))
        }
        _ => Ok(()),
    }
}

/// The inside of `[...]`: an IPv6 address or `v<hex>.<text>` (RFC 3986 IPvFuture).
fn check_ip_literal(inside: &str) -> Result<(), Problem> {
    let future = inside.strip_prefix(['v', 'V']).and_then(|rest| rest.split_once('.')).is_some_and(
        |(version, rest)| {
            !version.is_empty()
                && version.chars().all(|c| c.is_ascii_hexdigit())
                && !rest.is_empty()
                && rest.chars().all(|c| is_unreserved(c) || is_sub_delim(c) || c == ':')
        },
    );
    let ipv6 = inside.contains(':') && inside.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    if future || ipv6 {
        Ok(())
    } else {
        Err(Problem::plain(format!(
            "`[{inside}]` is not an IP address; brackets in a host enclose an IPv6 address"
        )))
    }
}

fn no_brackets(text: &str, part: &str) -> Result<(), Problem> {
    match text.chars().find(|c| "[]".contains(*c)) {
        Some(c) => Err(Problem::encode(format!("`{c}` is not allowed in {part}"), c)),
        None => Ok(()),
    }
}

fn split_once(text: &str, at: char) -> (&str, Option<&str>) {
    match text.split_once(at) {
        Some((before, after)) => (before, Some(after)),
        None => (text, None),
    }
}

fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~".contains(c)
}

fn is_sub_delim(c: char) -> bool {
    "!$&'()*+,;=".contains(c)
}

/// `c` percent-encoded as UTF-8 (`ß` → `%C3%9F`).
fn encode(c: char) -> String {
    let mut bytes = [0; 4];
    c.encode_utf8(&mut bytes).bytes().map(|byte| format!("%{byte:02X}")).collect()
}

/// The text before byte `at`, at most its last 24 characters, to show where a problem is.
fn before(text: &str, at: usize) -> String {
    let before: Vec<char> = text[..at].chars().collect();
    let start = before.len().saturating_sub(24);
    let shown: String = before[start..].iter().collect();
    if start > 0 { format!("…{shown}") } else { shown }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_uri_references() {
        for ok in [
            "https://api.example.com/errors/",
            "https://api.example.com/errors/DuplicateField",
            "about:blank",
            "urn:problem-type:out-of-credit",
            "/errors/integrity",
            "errors/NotFound",
            "./a:b",
            "#frag",
            "?q=1&r=%20",
            "",
            "https://user:pw@[::1]:8080/p?q#f",
            "https://[v7.abc:def]/",
            "tag:example.com,2026:errors/x",
            "https://example.com/a(b)!$'*+,;=@:~",
            "//host/path",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_text_that_is_not_one() {
        for (bad, says) in [
            ("see the docs for errors", "a space after `see`"),
            ("a conflict happened", "a space after `a`"),
            ("https://api.example.com/errors/Duplicate Field", "write it as `%20`"),
            ("https://x/größe", "`ö` after `https://x/gr`"),
            ("https://x/%zz", "percent-encoding"),
            ("https://x/a%2", "percent-encoding"),
            ("https://x/a#b#c", "only once"),
            ("https://x/{id}", "`{`"),
            ("1http://x", "not a scheme"),
            ("https://host:80a/", "port"),
            ("https://[zz]/", "not an IP address"),
            ("https://x/[1]", "not allowed in the path"),
            ("https://x/a\"b", "`\"`"),
            ("a\tb", "control character"),
        ] {
            let problem = check(bad).expect_err(bad).to_string();
            assert!(problem.contains(says), "{bad}: {problem}");
        }
    }

    #[test]
    fn appended_codes_stay_in_their_part() {
        assert_eq!(tail_part("https://x/errors/"), Part::Path);
        assert_eq!(tail_part("https://x/errors?code="), Part::Query);
        assert_eq!(tail_part("https://x/errors#"), Part::Fragment);
        assert_eq!(check_appended("DuplicateField", Part::Path), Ok(()));
        assert_eq!(check_appended("a/b", Part::Path), Ok(()));
        assert_eq!(check_appended("a?b", Part::Query), Ok(()));
        let problem = |code, part| check_appended(code, part).unwrap_err().to_string();
        assert!(problem("Duplicate Field", Part::Path).contains("a space after `Duplicate`"));
        assert!(problem("a?b", Part::Path).contains("%3F"));
        assert!(problem("a#b", Part::Query).contains("%23"));
        assert!(problem("ZuGroß", Part::Path).contains("%C3%9F"));
    }
}

#!/usr/bin/env node
// Reads errwire problem+json responses with a real RFC 9457 client, @inrupt/solid-client-errors
// (pinned in package.json / package-lock.json; install with `npm ci` in this folder), and checks
// the `instance` that client resolves:
//   - the library must read it (it only parses a body whose Content-Type is exactly
//     `application/problem+json`), and its `href` must equal the body's `instance` exactly: the
//     library resolves `instance` against the request URL (`new URL(instance, response.url)`), so
//     anything but an absolute URI (a bare id, `../x`, `//host/x`) comes back changed;
//   - unless it is a URN, its host must be the request's host.
//
// Usage: node check-instance.mjs BASE_URL CASES.json
//   CASES.json is a JSON array of cases:
//     { "name":    optional label,
//       "url":     the request URL, absolute or relative to BASE_URL,
//       "status":  the response status (4xx/5xx),
//       "headers": optional response headers (default {"content-type": "application/problem+json"}),
//       "body":    the response body: a JSON object, or the raw body text as a string,
//       "expect":  optional "fail": a known-bad body the check must reject (a self-test that the
//                  check bites); such a case passes when the check fails on it, and vice versa,
//       "request_headers": optional, informational only: the request headers the body answered }
//   A case whose body has no `instance` (errwire gives 4xx ones none by default) is skipped; a run
//   with no case left to check fails. A case whose "body" is null is unfilled and fails the run.
// Prints one line per case; exits 0 when every case gets what it expects, 1 otherwise, 2 on a
// usage or input error.
import { readFileSync } from "node:fs";
import { handleErrorResponse, hasProblemDetails, PROBLEM_DETAILS_MIME } from "@inrupt/solid-client-errors";

function usage(message) {
  console.error(`check-instance: ${message}\nusage: node check-instance.mjs BASE_URL CASES.json`);
  process.exit(2);
}

const [baseArg, casesPath, ...extra] = process.argv.slice(2);
if (!baseArg || !casesPath || extra.length) usage("expected exactly two arguments");
let base;
try {
  base = new URL(baseArg);
} catch {
  usage(`not an absolute URL: ${baseArg}`);
}
let cases;
try {
  cases = JSON.parse(readFileSync(casesPath, "utf8"));
} catch (e) {
  usage(`cannot read ${casesPath}: ${e.message}`);
}
if (!Array.isArray(cases) || cases.length === 0) usage(`${casesPath}: expected a non-empty JSON array`);

// Returns the problems the check finds with one case (empty: the instance is fine), or null when
// the body has no instance to check.
function check(c, requestUrl) {
  const text = typeof c.body === "string" ? c.body : JSON.stringify(c.body);
  let sent;
  try {
    sent = JSON.parse(text);
  } catch (e) {
    return [`body is not JSON: ${e.message}`];
  }
  if (sent === null || typeof sent !== "object" || Array.isArray(sent)) return ["body is not a JSON object"];
  if (!("instance" in sent)) return null;
  if (typeof sent.instance !== "string") return [`body's instance is not a string: ${JSON.stringify(sent.instance)}`];

  const headers = new Headers(c.headers ?? { "content-type": PROBLEM_DETAILS_MIME });
  // The library's documented entry point: handleErrorResponse(response, body text, message),
  // with the response's status, statusText, headers and url.
  const error = handleErrorResponse(
    { status: c.status, statusText: "", headers, url: requestUrl.href },
    text,
    "errwire npm-client check",
  );
  if (!hasProblemDetails(error)) return ["the library built no problem details"];
  const got = error.problemDetails.instance;
  const problems = [];
  if (got === undefined) {
    problems.push(
      `the library did not read the instance (content-type ${JSON.stringify(headers.get("content-type"))}; ` +
        `it reads only exactly ${JSON.stringify(PROBLEM_DETAILS_MIME)}, and drops an unparsable URL)`,
    );
    return problems;
  }
  c.resolved = `${got.href} (${error.constructor.name})`;
  if (got.href !== sent.instance) {
    problems.push(`the library resolved instance ${JSON.stringify(sent.instance)} to ${JSON.stringify(got.href)}`);
  }
  if (got.protocol !== "urn:" && got.host !== requestUrl.host) {
    problems.push(`instance host ${JSON.stringify(got.host)} is not the request's host ${JSON.stringify(requestUrl.host)}`);
  }
  return problems;
}

let failed = 0;
let checked = 0;
cases.forEach((c, i) => {
  const label = `[${i + 1}] ${c.name ?? ""}`.trim();
  const expectFail = c.expect === "fail";
  if (c.expect !== undefined && !expectFail) {
    console.log(`FAIL ${label}: unknown "expect" ${JSON.stringify(c.expect)} (only "fail")`);
    failed++;
    return;
  }
  if (c.body === null || c.body === undefined) {
    console.log(`FAIL ${label}: no body yet (fill it from a real errwire response)`);
    failed++;
    return;
  }
  if (!Number.isInteger(c.status) || c.status < 400 || c.status > 599) {
    console.log(`FAIL ${label}: "status" must be a 4xx or 5xx integer, got ${JSON.stringify(c.status)}`);
    failed++;
    return;
  }
  let requestUrl;
  try {
    requestUrl = new URL(c.url ?? "", base);
  } catch {
    console.log(`FAIL ${label}: bad "url" ${JSON.stringify(c.url)}`);
    failed++;
    return;
  }
  const problems = check(c, requestUrl);
  const where = `${c.status} ${requestUrl.href}`;
  if (problems === null) {
    console.log(`SKIP ${label}: ${where}: body has no instance`);
    return;
  }
  checked++;
  const bad = problems.length > 0;
  if (bad === expectFail) {
    const how = expectFail ? `rejected as expected: ${problems.join("; ")}` : `instance ${c.resolved}`;
    console.log(`ok   ${label}: ${where}: ${how}`);
  } else {
    failed++;
    const why = expectFail ? `expected the check to reject it, but instance ${c.resolved} passed` : problems.join("; ");
    console.log(`FAIL ${label}: ${where}: ${why}`);
  }
});

if (checked === 0 && failed === 0) {
  console.log("FAIL: no case had an instance to check");
  failed++;
}
console.log(`check-instance: ${cases.length} case(s), ${checked} checked, ${failed} failed`);
process.exit(failed ? 1 : 0);

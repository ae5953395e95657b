#!/usr/bin/env python3
"""Compile-time cost of `#[derive(ApiError)]` against thiserror's derive on the same enum.

Generates a crate with one error enum of N variants (each with 0-3 fields and a message; every
tenth one with a `#[source]` field) in four flavours:

- `plain`:     `#[derive(Debug)]` only (the baseline),
- `thiserror`: `#[derive(Debug, thiserror::Error)]`,
- `errwire`:   `#[derive(Debug, ApiError)]` (errwire alone: it writes Display and Error itself),
- `both`:      `#[derive(Debug, thiserror::Error, ApiError)]`,

and measures a clean `cargo build` (dev profile, incremental off) of each crate alone, the
dependencies prebuilt and shared: touch the source, build; the four flavours alternate within
each round (`--runs`; by default 15 at 20 variants, 9 at 100, 5 at 500: a small crate's build adds
hundredths of a second, no more than one run's spread, and its rounds cost little), so that a
change in the machine's load falls on all of them alike. Reported:
the median of the CPU time (user + system of cargo and rustc; steadier than wall time on a
loaded machine) and of the wall time. Each derive's *added* cost is measured over the
`derive(Debug)` baseline: thiserror's is `thiserror - plain`, errwire's alone `errwire - plain`,
and errwire's beside thiserror `both - thiserror`; the ratios divide those by thiserror's. With `--expansion` it also reads
rustc's own `macro_expand_crate` time (`-Z time-passes`, through RUSTC_BOOTSTRAP=1 on stable):
the expansion alone, proc macros included, without type checking and code generation. With
`--check` it also measures `cargo check` (what an editor runs) the same way: touch, check, as many
rounds, medians. With `--instructions` it also counts the instructions rustc executes for each
crate under callgrind (one run each: they repeat to a few in a million, where CPU times on a
shared machine move by ±10%), and what merely naming errwire's crate, or thiserror's, costs a
crate without any derive (see LOADS).

    tests/bench/compile-time.py                      # N = 20, 100 and 500; 15, 9 and 5 rounds
    tests/bench/compile-time.py --variants 500 --runs 7 --expansion
    tests/bench/compile-time.py --variants 100 --runs 3 --check
    tests/bench/compile-time.py --variants 500 --runs 3 --check --instructions --same-text

Works in its own directory (default: $TMPDIR/errwire-compile-time) with its own target dir; it
never touches the workspace's target.
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLAVOURS = ["plain", "thiserror", "errwire", "both"]
DERIVES = {
    "plain": "Debug",
    "thiserror": "Debug, thiserror::Error",
    "errwire": "Debug, ApiError",
    "both": "Debug, thiserror::Error, ApiError",
}
FIELD_TYPES = ["u64", "String", "i32", "bool"]
STATUSES = [400, 404, 409, 422, 429, 500, 503]
# `--same-text`: every `msg` is the variant's `#[error]` text (errwire then reuses thiserror's
# `Display` beside it); by default the user-facing message differs, as in the seeds.
SAME_TEXT = False


def variant(i, flavour):
    """One variant: (attributes, body) as source lines."""
    nfields = i % 4
    source = i % 10 == 9
    names = [f"field_{k}" for k in range(nfields)]
    fields = [f"{name}: {FIELD_TYPES[(i + k) % 4]}" for k, name in enumerate(names)]
    if source:
        # (A field named `source` is the source for both derives; the attribute says it too.)
        fields.append(("" if flavour == "plain" else "#[source] ") + "source: std::io::Error")
    placeholders = " ".join("{" + name + "}" for name in names)
    lines = []
    if flavour in ("thiserror", "both"):
        lines.append(f'    #[error("variant {i} failed {placeholders}")]')
    if flavour in ("errwire", "both"):
        status = STATUSES[i % len(STATUSES)]
        text = f"variant {i} failed {placeholders}" if SAME_TEXT else f"Variant {i} could not be done {placeholders}"
        lines.append(f'    #[api(status = {status}, msg = "{text}")]')
    body = f"Variant{i} {{ {', '.join(fields)} }}" if fields else f"Variant{i}"
    lines.append(f"    {body},")
    return "\n".join(lines)


# `--instructions` also counts two crates without either derive that only name a crate: what
# loading errwire (and serde, serde_json, http and their dependencies, which it brings) costs a
# crate before any derive runs, against loading thiserror. A service that already uses serde or
# http pays part of it anyway.
LOADS = {"load-errwire": "use errwire::ApiError as _;", "load-thiserror": "use thiserror::Error as _;"}


def source(n, flavour):
    header = "#![allow(dead_code)]\n"
    if flavour in LOADS:
        return f"{header}{LOADS[flavour]}\n\n#[derive(Debug)]\npub enum GeneratedError {{\n{body_of(n, 'plain')}\n}}\n"
    if flavour in ("errwire", "both"):
        header += "use errwire::ApiError;\n"
    return f"{header}\n#[derive({DERIVES[flavour]})]\npub enum GeneratedError {{\n{body_of(n, flavour)}\n}}\n"


def body_of(n, flavour):
    return "\n".join(variant(i, flavour) for i in range(n))


def snapshot_errwire(work):
    """A copy of errwire's two crates as they are now, so that edits made to the workspace while
    this runs (other builds, other sessions) don't rebuild them between measurements."""
    copy = work / "errwire"
    shutil.rmtree(copy, ignore_errors=True)
    for part in ["runtime", "macros"]:
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("target"))
    shutil.copy(ROOT / "README.md", copy / "README.md")
    manifest = (ROOT / "Cargo.toml").read_text()
    manifest = re.sub(r"(?m)^(default-)?members = \[.*\]$", r'\1members = ["macros", "runtime"]', manifest)
    (copy / "Cargo.toml").write_text(manifest)
    return copy


def write_crate(work, n, flavour):
    """The crate of one flavour, in its own directory (all four share one target dir)."""
    crate = work / f"generated-{flavour}"
    (crate / "src").mkdir(parents=True, exist_ok=True)
    (crate / "Cargo.toml").write_text(
        f"""[package]
name = "errwire-compile-time-{flavour}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
errwire = {{ path = "{work / 'errwire' / 'runtime'}" }}
thiserror = "2"

[profile.dev]
incremental = false

[workspace]
"""
    )
    lock = crate / "Cargo.lock"
    if not lock.exists():
        # The workspace's versions, so that the figures are of the same dependencies.
        shutil.copy(ROOT / "Cargo.lock", lock)
    (crate / "src" / "lib.rs").write_text(source(n, flavour))
    return crate


def cargo(crate, *args, env=None, target="target"):
    return subprocess.run(
        ["cargo", *args],
        cwd=crate,
        # One target dir for all flavours: the dependencies are built once.
        env={**os.environ, **(env or {}), "CARGO_TARGET_DIR": str(crate.parent / target)},
        capture_output=True,
        text=True,
        check=False,
    )


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build_seconds(crate, command="build"):
    """Wall time and CPU time (user + system, of cargo and rustc) of one build (or `cargo check`,
    with command="check"). On a loaded machine the CPU time is the steadier of the two: time spent
    waiting for a core is not in it."""
    (crate / "src" / "lib.rs").touch()
    start, cpu = time.perf_counter(), children_cpu()
    result = cargo(crate, command, "--quiet")
    elapsed, cpu = time.perf_counter() - start, children_cpu() - cpu
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr}")
    return elapsed, cpu


# rustc's passes worth reading for a derive (`-Z time-passes` names; `total` is the whole rustc).
PHASES = [
    "macro_expand_crate",
    "type_check_crate",
    "MIR_borrow_checking",
    "monomorphization_collector_graph_walk",
    "generate_crate_metadata",
    "codegen_to_LLVM_IR",
    "LLVM_passes",
    "total",
]


def expansion_seconds(crate):
    """rustc's own time per phase (`-Z time-passes` through RUSTC_BOOTSTRAP=1, in this script only,
    never in the product) of one `cargo rustc` of the crate: {phase: seconds}."""
    (crate / "src" / "lib.rs").touch()
    # Its own target dir: cargo rebuilds every dependency when RUSTC_BOOTSTRAP changes.
    env = {"RUSTC_BOOTSTRAP": "1"}
    result = cargo(crate, "rustc", "--lib", "--", "-Ztime-passes", env=env, target="target-expansion")
    phases = {}
    for phase in PHASES:
        # The last line of a phase is the crate's (a dependency's are not in this output).
        found = re.findall(rf"time:\s*([0-9.]+);[^\n]*\b{phase}\n", result.stderr + "\n")
        if found:
            phases[phase] = float(found[-1])
    if result.returncode != 0 or "macro_expand_crate" not in phases:
        sys.exit(f"no macro_expand_crate time:\n{result.stderr[-2000:]}")
    return phases


def instructions(crate, command="build"):
    """Instructions rustc executes compiling the crate (`valgrind --tool=callgrind`, the proc
    macros' run included): the same from run to run, unlike times on a shared machine. The
    rustc command line is the one cargo runs (`cargo <command> -vv`, with its environment, after a touch)."""
    (crate / "src" / "lib.rs").touch()
    result = cargo(crate, command, "-vv")
    # The whole line, with the environment cargo sets for rustc (CARGO_PKG_NAME, …) before it.
    match = re.search(r"Running `([^`]*--crate-name errwire_compile_time[^`]*)`", result.stderr)
    if result.returncode != 0 or not match:
        sys.exit(f"no rustc command line:\n{result.stderr[-2000:]}")
    # `VAR=value … /path/to/rustc args`: valgrind goes between the environment and rustc.
    split = re.match(r"(.*?)(\S*rustc\s.*)", match.group(1), re.S)
    if not split:
        sys.exit(f"no rustc in: {match.group(1)[:500]}")
    (crate / "src" / "lib.rs").touch()
    run = subprocess.run(
        f"{split.group(1)} valgrind --tool=callgrind --callgrind-out-file=/dev/null {split.group(2)}",
        shell=True,
        cwd=crate,
        env={**os.environ, "CARGO_TARGET_DIR": str(crate.parent / "target")},
        capture_output=True,
        text=True,
        check=False,
    )
    collected = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or not collected:
        sys.exit(f"callgrind failed:\n{run.stderr[-2000:]}")
    return int(collected.group(1))


def instruction_table(args, counts):
    print("\nInstructions of rustc (callgrind, one run each: repeatable), millions:\n")
    print(
        "| variants | command | Debug | + thiserror | + ApiError | + thiserror + ApiError "
        "| thiserror's cost | errwire alone | × thiserror | errwire beside thiserror | × thiserror |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.variants:
        for command in ["build", "check"]:
            if (n, command, "plain") not in counts:
                continue
            m = {f: counts[n, command, f] / 1e6 for f in FLAVOURS}
            thiserror, alone, beside = m["thiserror"] - m["plain"], m["errwire"] - m["plain"], m["both"] - m["thiserror"]
            cells = " | ".join(f"{m[f]:,.0f}" for f in FLAVOURS)
            print(
                f"| {n} | {command} | {cells} | {thiserror:,.0f} | {alone:,.0f} | {alone / thiserror:.2f} "
                f"| {beside:,.0f} | {beside / thiserror:.2f} |"
            )
    loads = [(n, command) for (n, command, flavour) in counts if flavour == "load-errwire"]
    for n, command in loads:
        plain = counts[n, command, "plain"]
        errwire, thiserror = (counts[n, command, f"load-{name}"] - plain for name in ["errwire", "thiserror"])
        print(
            f"\nNaming a crate, no derive ({command}, N = {n}): errwire's crates add {errwire / 1e6:,.1f} M, "
            f"thiserror's {thiserror / 1e6:,.1f} M; part of every derived type's fixed cost above."
        )


def rounds(args, n):
    """Rounds at `n` variants: `--runs`, else more for the small sizes, where a build adds
    hundredths of a second and a single run's spread is as large (their rounds cost little)."""
    if args.runs is not None:
        return args.runs
    return 15 if n <= 20 else 9 if n <= 100 else 5


def rounds_said(args):
    return " / ".join(f"{rounds(args, n)}" for n in args.variants) + " rounds"


def summary(values):
    return statistics.median(values), min(values), max(values)


def table(title, args, results, pick, digits):
    print(f"\n{title}, median of {rounds_said(args)} (min–max), seconds:\n")
    print(
        "| variants | Debug | + thiserror | + ApiError | + thiserror + ApiError "
        "| thiserror's cost | errwire alone | × thiserror | errwire beside thiserror | × thiserror |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.variants:
        cells, medians = [], {}
        for flavour in FLAVOURS:
            median, low, high = summary(pick(results[n, flavour]))
            medians[flavour] = median
            cells.append(f"{median:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})")
        thiserror = medians["thiserror"] - medians["plain"]
        alone = medians["errwire"] - medians["plain"]
        beside = medians["both"] - medians["thiserror"]
        ratio = lambda cost: f"{cost / thiserror:.2f}" if thiserror > 0 else "–"
        print(
            f"| {n} | {' | '.join(cells)} | {thiserror:.{digits}f} | {alone:.{digits}f} | {ratio(alone)} "
            f"| {beside:.{digits}f} | {ratio(beside)} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", type=int, nargs="+", default=[20, 100, 500])
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="rounds per size (default: 15 up to 20 variants, 9 up to 100, 5 above; see `rounds`)",
    )
    parser.add_argument(
        "--expansion", "--phases", action="store_true", help="also rustc's time per phase (-Z time-passes)"
    )
    parser.add_argument("--check", action="store_true", help="also `cargo check`, touched and rerun the same way")
    parser.add_argument("--no-build", action="store_true", help="skip the `cargo build` measurements (with --check)")
    parser.add_argument(
        "--instructions", action="store_true", help="also rustc's instructions under callgrind (needs valgrind)"
    )
    parser.add_argument(
        "--same-text", action="store_true", help="every msg equal to its #[error] text (reused beside thiserror)"
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "errwire-compile-time")
    args = parser.parse_args()
    global SAME_TEXT
    SAME_TEXT = args.same_text
    if args.no_build and not args.check:
        parser.error("--no-build measures nothing without --check")

    args.work.mkdir(parents=True, exist_ok=True)
    snapshot_errwire(args.work)
    results, counts = {}, {}
    for n in args.variants:
        crates = {flavour: write_crate(args.work, n, flavour) for flavour in FLAVOURS}
        for flavour, crate in crates.items():
            results[n, flavour] = ([], [], [])
            if not args.no_build:
                build_seconds(crate)  # dependencies, and a first build of the crate
            if args.check:
                build_seconds(crate, "check")  # the same for `cargo check` (metadata-only dependencies)
            if args.expansion:
                expansion_seconds(crate)
        # Alternating: every round builds each flavour once.
        for _ in range(rounds(args, n)):
            for flavour, crate in crates.items():
                builds, expansions, checks = results[n, flavour]
                if not args.no_build:
                    builds.append(build_seconds(crate))
                if args.check:
                    checks.append(build_seconds(crate, "check"))
                if args.expansion:
                    expansions.append(expansion_seconds(crate))
        if args.instructions:
            for flavour, crate in crates.items():
                if not args.no_build:
                    counts[n, "build", flavour] = instructions(crate)
                if args.check:
                    counts[n, "check", flavour] = instructions(crate, "check")
            if n == args.variants[0]:
                for flavour in LOADS:
                    crate = write_crate(args.work, n, flavour)
                    command = "check" if args.check else "build"
                    cargo(crate, command, "--quiet")
                    counts[n, command, flavour] = instructions(crate, command)
        for flavour in FLAVOURS:
            builds, expansions, checks = results[n, flavour]
            walls = " ".join(f"{wall:.2f}/{cpu:.2f}" for wall, cpu in builds)
            checked = " ".join(f"{wall:.2f}/{cpu:.2f}" for wall, cpu in checks)
            print(f"N={n} {flavour}: wall/cpu {walls}; check wall/cpu {checked}; expansion {expansions}", file=sys.stderr)

    if not args.no_build:
        table("Clean build of the generated crate, dev profile, CPU time", args, results, lambda r: [c for _, c in r[0]], 2)
        table("The same builds, wall time", args, results, lambda r: [w for w, _ in r[0]], 2)
    if args.check:
        table("`cargo check` of the generated crate, CPU time", args, results, lambda r: [c for _, c in r[2]], 2)
        table("The same checks, wall time", args, results, lambda r: [w for w, _ in r[2]], 2)
    if args.instructions:
        instruction_table(args, counts)
    if args.expansion:
        table("rustc's macro_expand_crate", args, results, lambda r: [p["macro_expand_crate"] for p in r[1]], 3)
        phase_table(args, results)


def phase_table(args, results):
    """rustc's phases per flavour: where the added time goes."""
    for n in args.variants:
        print(f"\nrustc's phases at N = {n} (`-Z time-passes`), median of {rounds(args, n)}, seconds:\n")
        print("| phase | " + " | ".join(DERIVES[f] for f in FLAVOURS) + " |")
        print("|---|" + "---:|" * len(FLAVOURS))
        for phase in PHASES:
            cells = []
            for flavour in FLAVOURS:
                values = [p[phase] for p in results[n, flavour][1] if phase in p]
                cells.append(f"{statistics.median(values):.3f}" if values else "–")
            print(f"| {phase} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

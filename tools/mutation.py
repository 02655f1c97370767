"""Mutation testing of lime_teach: do the package's tests catch every real bug?

    python -m tools.mutation                      # every module of lime_teach (make mutation [MODULES=...])
    python -m tools.mutation kernels regression --jobs 1   # some modules, one mutant at a time
    python -m tools.mutation regression --tests test_regression*.py test_bad_input.py   # faster: some tests
    python -m tools.mutation regression --survivors   # new tests, same package: rerun what was not killed

Slow, hence not in ``make test`` (how slow: the README). Concurrent runs need their own ``--workdir``.

mutmut changes the package one small point at a time (``<`` for ``<=``, a constant off by one, an
argument dropped...) and runs against each change the fast tests that reach the changed function. A mutant
the tests reject is *killed*; one they accept *survived*: a bug the tests would let through, or an
*equivalent* mutant that changes nothing a caller can observe, listed with its reason in
``tools/mutation_equivalents.toml`` (reported, never silenced). The run happens in a copy of the course
(``.mutation/``); the report (``mutation-report.md``) gives each module's kill rate and every survivor's diff.
"""

import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys
import time
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
EQUIVALENTS = ROOT / "tools" / "mutation_equivalents.toml"
REPORT = ROOT / "mutation-report.md"
VERDICTS = "verdicts.json"  # in the work directory: every mutant's last verdict, for --survivors
PACKAGE = "lime_teach"
# Course-level tests: notebooks, grading, browsers (other processes never see a mutant, and they are slow),
# and the architecture test, which reads the sources (mutmut's are long). test_<name>_edges.py is the package's.
COURSE_TESTS = re.compile(r"test_(exercises|grading|release|colab|notebooks|site|exchange|sandbox|integrity|"
                          r"solutions|browser|autograde|readme_figures|lms|architecture)(?!_edges)")
# Not mutated: autograde inspects the call stack to see what an answer calls, and
# mutmut's trampolines (a wrapper around every function) are exactly such calls.
NOT_MUTATED = ("autograde",)
KILLED = ("killed", "timeout", "caught by type check")  # mutmut's verdicts that count as caught


def modules(root=ROOT):
    """Module names of the package (``kernels``, ``explorers.toy2d``...), without ``__init__``."""
    package = root / PACKAGE
    names = (str(p.relative_to(package).with_suffix("")).replace("/", ".")
             for p in package.rglob("*.py") if p.name != "__init__.py")
    return sorted(name for name in names if name not in NOT_MUTATED)


def package_tests(root=ROOT, patterns=("test_*.py",)):
    """The fast test files that import the package in-process (those matching ``patterns``, globs in tests/)."""
    found = {p.name for pattern in patterns for p in (root / "tests").glob(pattern)}
    return sorted(f"tests/{name}" for name in found if name.startswith("test_") and not COURSE_TESTS.match(name))


def copy_course(root=ROOT, into=WORK):
    """A fresh copy of every file git tracks or would track, so mutants never touch the working tree."""
    shutil.rmtree(into, ignore_errors=True)
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=root, check=True,
                            capture_output=True, text=True).stdout.split("\n")
    for name in filter(None, listed):
        source = root / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)


def mutmut_config(chosen, tests):
    """The [tool.mutmut] table: mutate only the chosen modules, run the fast tests with fixed order."""
    files = {f"{PACKAGE}/{m.replace('.', '/')}.py" for m in chosen}
    others = [f"{PACKAGE}/{m.replace('.', '/')}.py" for m in modules() + list(NOT_MUTATED)
              if f"{PACKAGE}/{m.replace('.', '/')}.py" not in files]
    quoted = lambda items: "[" + ", ".join(f'"{i}"' for i in items) + "]"  # noqa: E731
    return ("\n[tool.mutmut]\n"
            f'source_paths = ["{PACKAGE}"]\n'
            f"do_not_mutate = {quoted(others + [f'{PACKAGE}/__init__.py', f'{PACKAGE}/*/__init__.py'])}\n"
            'pytest_add_cli_args = ["-p", "no:randomly", "-p", "no:xdist", "-p", "no:cacheprovider", '
            '"-m", "not slow", "-q"]\n'
            f"pytest_add_cli_args_test_selection = {quoted(tests)}\n"
            'also_copy = ["data", "tests", "tools"]\n')


def configure(work, chosen, tests, root=ROOT):
    """The course's pyproject.toml in the copy, with the [tool.mutmut] table for this run."""
    (work / "pyproject.toml").write_text((root / "pyproject.toml").read_text() + mutmut_config(chosen, tests))


def refresh_tests(work, root=ROOT):
    """The working tree's tests into a finished run's copy (and mutmut's own copy of it)."""
    for copy in (work / "tests", work / "mutants" / "tests"):
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(root / "tests", copy, ignore=shutil.ignore_patterns("__pycache__"))


def run_mutmut(work, jobs, mutants=()):
    """Run every mutant (or only ``mutants``, by name) and return {mutant: status} for all of them."""
    mutmut = pathlib.Path(sys.executable).parent / "mutmut"
    run = subprocess.run([str(mutmut), "run", "--max-children", str(jobs), *mutants], cwd=work, capture_output=True,
                         text=True)
    if "failed to collect stats" in run.stdout + run.stderr:
        # The tests must pass on the unmutated package first; say why they did not.
        tail = (run.stdout + run.stderr).replace("\r", "\n").splitlines()[-40:]
        raise SystemExit("mutmut: the tests fail on the unmutated package:\n" + "\n".join(tail))
    return results_of(work)


def results_of(work):
    mutmut = pathlib.Path(sys.executable).parent / "mutmut"
    listed = subprocess.run([str(mutmut), "results", "--all", "true"], cwd=work, capture_output=True,
                            text=True).stdout
    return dict(re.findall(r"^\s*(\S+__mutmut_\d+): (\w[\w ]*)$", listed, flags=re.M))


def diff_of(work, mutant):
    """The removed and added lines of one mutant, as mutmut shows them."""
    mutmut = pathlib.Path(sys.executable).parent / "mutmut"
    shown = subprocess.run([str(mutmut), "show", mutant], cwd=work, capture_output=True, text=True).stdout
    removed = [line[1:].strip() for line in shown.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in shown.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return "\n".join(removed), "\n".join(added)


def module_of(mutant):
    """``lime_teach.kernels.x_kernel__mutmut_7`` -> ``kernels``; methods ``Class.xǁ...`` too."""
    dotted = mutant.split("__mutmut_")[0]
    parts = dotted.split(".")
    names = modules()
    for i in range(len(parts), 1, -1):
        candidate = ".".join(parts[1:i])
        if candidate in names:
            return candidate
    return parts[1]


def load_equivalents(path=EQUIVALENTS):
    """[{module, original, mutated, reason}, ...] from the TOML list ``[[equivalent]]``."""
    if not path.exists():
        return []
    return tomllib.loads(path.read_text())["equivalent"]


def equivalent_reason(module, removed, added, equivalents):
    for entry in equivalents:
        if (entry["module"] == module and entry["original"].strip() == removed
                and entry["mutated"].strip() == added):
            return entry["reason"]
    return None


def summarise(results, work, equivalents):
    """Per module: counts by outcome, and the survivors with their diffs and reasons."""
    table = {}
    for mutant, status in sorted(results.items()):
        row = table.setdefault(module_of(mutant), {"killed": 0, "timeouts": 0, "survived": [], "equivalent": [],
                                                   "other": []})
        if status in KILLED:  # a timeout counts, but is shown: a hung test (TensorFlow after fork) is no verdict
            row["killed"], row["timeouts"] = row["killed"] + 1, row["timeouts"] + (status == "timeout")
            continue
        if status != "survived":
            row["other"].append((mutant, status))
            continue
        removed, added = diff_of(work, mutant)
        reason = equivalent_reason(module_of(mutant), removed, added, equivalents)
        (row["equivalent"] if reason else row["survived"]).append((mutant, removed, added, reason))
    return table


def kill_rate(row):
    """Percentage of the non-equivalent mutants that the tests kill; None when none ran."""
    real = row["killed"] + len(row["survived"])
    return None if real == 0 else 100.0 * row["killed"] / real


def percent(rate):
    return "n/a" if rate is None else f"{rate:.1f}%"


def write_report(table, seconds, path=REPORT, command="python -m tools.mutation", tests=()):
    lines = ["# Mutation testing of lime_teach", "",
             f"`{command}`: mutmut, the package's fast tests, {seconds / 60:.1f} min on this machine.",
             f"Tests run against each mutant (those of them that reach the mutated function): {', '.join(tests)}.",
             "Kill rate = killed / (killed + survived), equivalent mutants left out (they are listed with their reason).",
             "", "| module | mutants | killed | survived | equivalent | not run | kill rate |", "|---|---|---|---|---|---|---|"]
    for module, row in sorted(table.items()):
        total = row["killed"] + len(row["survived"]) + len(row["equivalent"]) + len(row["other"])
        timeouts = f" ({row['timeouts']} by timeout)" if row["timeouts"] else ""
        lines.append(f"| {module} | {total} | {row['killed']}{timeouts} | {len(row['survived'])} | "
                     f"{len(row['equivalent'])} | {len(row['other'])} | {percent(kill_rate(row))} |")
    for title, key in (("Survivors (bugs the tests let through)", "survived"), ("Equivalent mutants", "equivalent")):
        lines += ["", f"## {title}", ""]
        for module, row in sorted(table.items()):
            for mutant, removed, added, reason in row[key]:
                lines += [f"- `{mutant}`" + (f": {reason}" if reason else ""), "  ```diff"]
                lines += [f"  - {line}" for line in removed.splitlines()] + [f"  + {line}" for line in added.splitlines()]
                lines.append("  ```")
    path.write_text("\n".join(lines) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help=f"modules of {PACKAGE} (default: all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--report", type=pathlib.Path, default=REPORT)
    parser.add_argument("--tests", nargs="+", default=["test_*.py"], metavar="GLOB",
                        help="run only these test files of tests/ (faster; the kill rate is then a lower bound)")
    parser.add_argument("--workdir", type=pathlib.Path, default=WORK,
                        help="where the copy of the course is made (one per concurrent run)")
    parser.add_argument("--survivors", action="store_true",
                        help="in --workdir's finished run, rerun only the mutants not killed yet (survivors, "
                             "and those no test reached) against the current tests")
    parser.add_argument("--fail-under", type=float, default=None,
                        help="exit 1 if any module's kill rate is below this percentage")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.modules) - set(modules()))
    if unknown:
        parser.error(f"unknown modules {unknown}; choose from {modules()}")
    chosen = args.modules or modules()
    start = time.perf_counter()
    tests = package_tests(patterns=args.tests)
    if args.survivors:
        # mutmut forgets the other verdicts when new tests make it collect its stats again: keep ours.
        results = json.loads((args.workdir / VERDICTS).read_text())
        survivors = [m for m, status in results.items() if status not in KILLED and module_of(m) in chosen]
        refresh_tests(args.workdir)
        configure(args.workdir, chosen, tests)
        if survivors:
            rerun = run_mutmut(args.workdir, args.jobs, survivors)
            results.update({mutant: rerun[mutant] for mutant in survivors})
    else:
        copy_course(into=args.workdir)
        configure(args.workdir, chosen, tests)
        results = run_mutmut(args.workdir, args.jobs)
    (args.workdir / VERDICTS).write_text(json.dumps(results, indent=0))
    table = summarise(results, args.workdir, load_equivalents())
    command = " ".join(["python -m tools.mutation"] + (argv if argv is not None else sys.argv[1:]))
    write_report(table, time.perf_counter() - start, args.report, command, [t.removeprefix("tests/") for t in tests])
    for module, row in sorted(table.items()):
        print(f"{module:28s} {percent(kill_rate(row)):>6s}  survived {len(row['survived'])}, equivalent {len(row['equivalent'])}")
    print(f"report: {args.report}")
    if args.fail_under is not None and any((kill_rate(row) or 0) < args.fail_under for row in table.values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Lighthouse scores of the built site, per page and language, into BENCHMARKS.md.

The site is built into its own directory with ``BPD_BASE_URL`` set to the local
server's address (a fixed port, 8765 by default), so that canonical links,
hreflang alternates and the sitemap point where the pages really are, as they do
when published; it is then served on 127.0.0.1 by ``tools.static_host`` (a static
host: gzip, cache headers, 404 page) and every page is audited by the Lighthouse
CLI pinned in package.json (``npm ci``): mobile form factor, default (simulated)
throttling, categories performance, accessibility, best practices and SEO.
Lighthouse attaches (its ``--port``) to Chromium as the page weights run it,
launched by ``tools.browser.chromium`` (Playwright) with a debugging port.

    npm ci && python -m tools.measure.lighthouse          # table on stdout
    python -m tools.measure.lighthouse --update           # and into BENCHMARKS.md
    nox -s lighthouse                                     # both, from scratch

One run of Lighthouse takes about ten seconds: the default is every page in
every language (36 runs, about eight minutes on two cores); ``--pages`` and
``--languages`` choose fewer.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tools import BUILD, ROOT
from tools.browser import chromium, chromium_version, free_port
from tools.measure.benchmarks import arguments, machine, prefixes, write_section
from tools.static_host import serve

CLI = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
#: RenderDocument off, as Lighthouse's own launcher has it (chrome-launcher's flags.js,
#: lighthouse#16363): on, every first paint was measured 0.1 to 0.3 s later. (Chromium keeps
#: the last --disable-features: Playwright's list, for its own automation, is dropped.)
CHROMIUM_FOR_LIGHTHOUSE = ["--disable-features=RenderDocument"]
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}

#: Known, intended reasons for a lost point, printed with the audit.
EXPLAINED = {
    "seo: is-crawlable": (
        'By design: the 404 and search pages carry `<meta name="robots" content="noindex">` '
        "(a search engine must not list them), and Lighthouse's SEO score counts that"
    ),
}


@dataclass
class Result:
    page: str  # site-relative URL: "pt-br/about/"
    scores: dict[str, int]  # category id -> 0..100
    metrics: dict[str, str]  # FCP -> "0.9 s"
    failing: dict[str, list[str]]  # category id -> audits that lost points
    warnings: list[str]


def build(build_dir: Path, base_url: str) -> Path:
    """Build every language with canonical URLs on the local server."""
    env = {**os.environ, "BPD_BASE_URL": base_url}
    subprocess.run(
        [sys.executable, "-m", "tools.site", "--build-dir", str(build_dir)],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    return build_dir / "site"


def audit(url: str, output: Path, port: int) -> dict:
    """Run the Lighthouse CLI on ``url`` in the Chromium debugging on ``port``; its JSON report."""
    command = [
        "node", str(CLI), url, f"--port={port}",
        "--output=json", f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        "--throttling-method=simulate",
        "--quiet",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0 or not output.is_file():
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stdout}{result.stderr}")
    return json.loads(output.read_text(encoding="utf-8"))


def summarise(page: str, report: dict) -> Result:
    categories = report["categories"]
    audits = report["audits"]
    scores = {key: round((categories[key]["score"] or 0) * 100) for key in CATEGORIES}
    metrics = {}
    for key, name in METRICS.items():
        found = audits.get(key, {})
        value = found.get("numericValue")
        if value is None:
            metrics[name] = "?"
        elif key == "cumulative-layout-shift":
            metrics[name] = f"{value:.3f}"
        else:
            metrics[name] = f"{value / 1000:.1f} s"
    failing = {}
    for key in CATEGORIES:
        if scores[key] == 100:
            continue
        lost = []
        for ref in categories[key]["auditRefs"]:
            found = audits.get(ref["id"], {})
            score = found.get("score")
            if ref.get("weight", 0) > 0 and score is not None and score < 1:
                lost.append(f"{ref['id']} ({score:.2f})")
        if lost:
            failing[key] = lost
    warnings = list(report.get("runWarnings", []))
    if report.get("runtimeError"):
        warnings.append(str(report["runtimeError"]))
    return Result(page, scores, metrics, failing, warnings)


def version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def environment() -> str:
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return machine(f"Lighthouse {version()}", f"Node {node}", chromium_version())


def report(results: list[Result], command: str, seconds: float, runs: int) -> str:
    lines = [
        f"Measured {datetime.date.today().isoformat()} with `{command}` on {environment()}, "
        f"in {seconds / 60:.1f} minutes.",
        "Mobile form factor, default simulated throttling (slow 4G, 4x CPU slowdown); the site "
        "built with `BPD_BASE_URL` on the local server and served on 127.0.0.1 with gzip."
        + (f" Median of {runs} runs per page (by performance score)." if runs > 1 else ""),
        "",
        "| page | performance | accessibility | best practices | SEO "
        "| FCP | LCP | TBT | CLS | SI |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        scores = [str(result.scores[key]) for key in CATEGORIES]
        metrics = [result.metrics[name] for name in METRICS.values()]
        lines.append(f"| /{result.page} | " + " | ".join(scores + metrics) + " |")
    below = [result for result in results if result.failing]
    lines.append("")
    if below:
        lines.append("Where a score is below 100, the audits that cost points:")
        lines.append("")
        seen: dict[str, list[str]] = {}
        for result in below:
            for category, audits in result.failing.items():
                for name in audits:
                    seen.setdefault(f"{category}: {name.split(' ')[0]}", []).append(result.page)
        for audit_name, pages in sorted(seen.items()):
            where = (
                "every page"
                if len(pages) == len(results)
                else ", ".join(f"/{page}" for page in pages)
            )
            why = EXPLAINED.get(audit_name)
            lines.append(f"- {audit_name}: {where}" + (f". {why}" if why else ""))
    else:
        lines.append("No audit costs any points on any page.")
    warnings = sorted({warning for result in results for warning in result.warnings})
    if warnings:
        lines += ["", "Lighthouse warnings:", ""] + [f"- {warning}" for warning in warnings]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__.split("\n\n")[0], "nox -s lighthouse")
    parser.add_argument("--port", type=int, default=8765, help="the site's; default: 8765")
    parser.add_argument("--build-dir", type=Path, default=BUILD / "lighthouse")
    parser.add_argument("--no-build", action="store_true", help="audit the last build")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is kept")
    args = parser.parse_args(argv)
    if not CLI.is_file():
        parser.error("Lighthouse is not installed: run `npm ci` (nox -s lighthouse does)")
    base_url = f"http://127.0.0.1:{args.port}/"
    build_dir = args.build_dir.resolve()
    site = build_dir / "site" if args.no_build else build(build_dir, base_url)
    reports = build_dir / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results = []
    debugging = free_port()
    with (
        serve(site, args.port),
        chromium(f"--remote-debugging-port={debugging}", *CHROMIUM_FOR_LIGHTHOUSE),
    ):
        for page in [lang + page for lang in prefixes(args) for page in args.pages]:
            runs = []
            for run in range(args.runs):
                output = reports / f"{page.strip('/').replace('/', '-') or 'home'}-{run}.json"
                runs.append(summarise(page, audit(base_url + page, output, debugging)))
            runs.sort(key=lambda result: result.scores["performance"])
            result = runs[len(runs) // 2]
            print(f"/{result.page}: {result.scores} {result.metrics}", flush=True)
            results.append(result)
    text = report(results, args.command, time.monotonic() - started, args.runs)
    print(text)
    if args.update:
        write_section("lighthouse", "Readers: Lighthouse", text)
        print("\nupdated BENCHMARKS.md")
    scores = [score for result in results for score in result.scores.values()]
    print(f"\nlowest score: {min(scores)}; median {statistics.median(scores)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

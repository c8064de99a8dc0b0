"""Checks `satchel lesson check --json` output (on stdin) against expected counts.

Used by scripts/test for files that are not ours to copy into fixtures.
"""
import argparse
import collections
import json
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--questions", type=int)
parser.add_argument("--type", action="append", default=[], help="TYPE=COUNT")
parser.add_argument("--sections", nargs="*")
parser.add_argument("--attribution", action="store_true", help="expect a licence line kept apart")
args = parser.parse_args()

report = json.load(sys.stdin)
problems = []
if report["errors"]:
    problems.append(f"errors: {report['errors']}")
if args.questions is not None and len(report["questions"]) != args.questions:
    problems.append(f"{len(report['questions'])} questions, expected {args.questions}")
counts = collections.Counter(q["type"] for q in report["questions"])
for expected in args.type:
    name, count = expected.split("=")
    if counts[name] != int(count):
        problems.append(f"{counts[name]} {name}, expected {count}")
if args.sections is not None:
    headings = [s["heading"] for s in report["sections"]]
    if headings != args.sections:
        problems.append(f"sections {headings}, expected {args.sections}")

if args.attribution and not report.get("attribution"):
    problems.append("no attribution: the licence footer was not recognised")

if problems:
    print(f"{report['file']}: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"{report['file']}: as expected ({len(report['questions'])} questions, {len(report['sections'])} sections)")

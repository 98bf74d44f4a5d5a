#!/usr/bin/env python3
"""Sums every .trx file under a folder and prints one line: "N passed, N failed".

Before that line it names every test that did not pass, with the first lines of its message,
so the tail of a failing run says which test failed and why.
Exits 1 when a test failed, when no test ran, or when there is no results file.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
NOT_PASSED = {"Failed", "Error", "Timeout", "Aborted"}
MESSAGE_LINES = 6


def failures(root: ET.Element):
    for result in root.iter(f"{NS}UnitTestResult"):
        if result.get("outcome") not in NOT_PASSED:
            continue
        message = result.findtext(f"{NS}Output/{NS}ErrorInfo/{NS}Message") or ""
        yield result.get("testName", "?"), result.get("outcome"), message.strip().splitlines()[:MESSAGE_LINES]


def main() -> int:
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "TestResults")
    passed = failed = skipped = 0
    files = sorted(folder.rglob("*.trx"))
    for trx in files:
        root = ET.parse(trx).getroot()
        counters = root.find(f"{NS}ResultSummary/{NS}Counters")
        if counters is None:
            continue
        passed += int(counters.get("passed", 0))
        failed += sum(int(counters.get(name, 0)) for name in ("failed", "error", "timeout", "aborted"))
        skipped += int(counters.get("notExecuted", 0))
        for name, outcome, message in failures(root):
            print(f"{outcome}: {name} ({trx.name})")
            for line in message:
                print(f"    {line}")
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    if not files:
        print(f"no test results under {folder}", file=sys.stderr)
    return 0 if files and failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())

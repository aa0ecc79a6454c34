"""Run pip-audit on the installed environment and say plainly what it found (used by .ci/run).

- a known vulnerability in any installed package fails the step, unless its id is in IGNORED below with a
  reason;
- a package pip-audit could not look up (no answer from PyPI's advisory data) is listed, and when that is
  more than a few the step says in capitals that the audit did not happen, instead of printing "No known
  vulnerabilities found" for an audit that never ran. With AUDIT_REQUIRED=1 that fails the step too.
"""

import json
import os
import subprocess
import sys

# Advisory id → why it does not apply to Leuven Helpt. Empty: nothing is ignored.
IGNORED: dict[str, str] = {}


def main() -> int:
    result = subprocess.run(  # noqa: S603 - a fixed command, no user input
        [sys.executable, "-m", "pip_audit", "--skip-editable", "--progress-spinner", "off", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print("pip-audit gave no report: the audit DID NOT RUN.")
        print(result.stderr.strip()[-2000:])
        return 1
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    skipped = [d for d in dependencies if "skip_reason" in d]
    findings = [(d, v) for d in audited for v in d.get("vulns", []) if v["id"] not in IGNORED]
    for dependency, vuln in findings:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
        print(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
    for advisory, reason in IGNORED.items():
        print(f"ignored {advisory}: {reason}")
    print(f"pip-audit: {len(audited)} packages audited, {len(findings)} vulnerabilities, {len(skipped)} not audited")
    if len(skipped) > 2:
        print(
            "WARNING: THE DEPENDENCY AUDIT DID NOT HAPPEN for "
            f"{len(skipped)} of {len(dependencies)} packages: PyPI's advisory data could not be reached "
            f"({skipped[0]['skip_reason']}). Run it again where pypi.org answers."
        )
        if os.environ.get("AUDIT_REQUIRED") == "1":
            return 1
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())

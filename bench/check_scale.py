"""`samlscope check` on a tenant 0.1x, 1x and 10x a large one's size: 10/100/1000 RAM roles,
1/10/100 SAML providers, 50/500/5000 Entra app roles (one in ten naming a role that does not
exist). The cost of 10x the tenant must grow at most 12x as much as the step before it
(linear: 10x), and a finding lists a bounded number of candidates however many roles there
are. Timed in process (read, rules, JSON view), batches alternating between the sizes: the
0.1x -> 1x step is tens of milliseconds, less than a process start's drift.
"""

from __future__ import annotations

import gc
import io
import json
import tempfile
from pathlib import Path

from common import Result, generate, per_call
from samlscope.cli import main

ACCOUNT = "1234567890123456"
SCALES = {"0.1x": 1, "1x": 10, "10x": 100}
"""Providers at each scale; roles are ten times as many, app roles fifty times."""


def _tenant(folder: Path, providers: int) -> list[str]:
    roles = providers * 10
    provider_arn = [f"acs:ram::{ACCOUNT}:saml-provider/idp{p:03d}" for p in range(providers)]
    listed_roles = [
        {
            "Arn": f"acs:ram::{ACCOUNT}:role/role{r:04d}",
            "RoleName": f"role{r:04d}",
            "RoleId": f"3{r:016d}",
            "MaxSessionDuration": 3600,
            "AssumeRolePolicyDocument": json.dumps(
                {
                    "Version": "1",
                    "Statement": [
                        {
                            "Action": "sts:AssumeRole",
                            "Effect": "Allow",
                            "Principal": {"Federated": [provider_arn[r % providers]]},
                            "Condition": {
                                "StringEquals": {
                                    "saml:recipient": "https://signin.alibabacloud.com/saml-role/sso"
                                }
                            },
                        }
                    ],
                }
            ),
        }
        for r in range(roles)
    ]
    listed_providers = [
        {"Arn": arn, "SAMLProviderName": arn.rsplit("/", 1)[1], "Description": "bench"}
        for arn in provider_arn
    ]
    values = []
    for a in range(roles * 5):
        role = (
            f"acs:ram::{ACCOUNT}:role/role{a % roles:04d}"
            if a % 10
            else (f"acs:ram::{ACCOUNT}:role/absent{a:05d}")
        )
        values.append(f"{role},{provider_arn[a % providers]}")
    files = {
        "roles.json": json.dumps({"RequestId": "bench", "Roles": {"Role": listed_roles}}),
        "providers.json": json.dumps(
            {"RequestId": "bench", "SAMLProviders": {"SAMLProvider": listed_providers}}
        ),
        "app.json": generate.entra_app(*values),
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    return [str(folder / name) for name in files]


def _check(files: list[str]) -> str:
    out = io.StringIO()
    status = main(["check", "--json", *files], stdout=out)
    if status not in (0, 1):
        raise SystemExit(f"check failed (exit {status})")
    return out.getvalue()


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        tenants = {}
        for label, providers in SCALES.items():
            folder = Path(tmp) / label
            folder.mkdir()
            tenants[label] = _tenant(folder, providers)
        gc.collect()
        gc.freeze()  # as the samlscope command does: the bench's own objects out of the way
        timed = per_call(
            {label: (lambda files=files: _check(files)) for label, files in tenants.items()},
            calls=4,
            batches=11,
        )
        gc.unfreeze()
        largest = _check(tenants["10x"])
    small, middle, large = (timed[label].median for label in SCALES)
    marginal = (large - middle) / max(middle - small, 1e-6)
    report = json.loads(largest)
    listed = max(
        (len(f["evidence"].get("known_roles", ())) for f in report["findings"]),
        default=0,
    )
    return [
        Result(
            "check: marginal cost of 10x the tenant / of the step before",
            marginal,
            "<= 12",
            marginal <= 12,
            " / ".join(f"{label} {timed[label].ms()}" for label in SCALES),
        ),
        Result(
            "check: candidates listed in one finding, 1000 roles",
            float(listed),
            "<= 10",
            listed <= 10,
            f"{len(report['findings'])} findings, {len(largest) / 1e6:.1f} MB of JSON",
        ),
    ]

"""The demo that `make run` loads: it loads into an empty database, loads again without harm (every restart runs
it), and every login the README names works with the documented password and holds the documented role."""

from __future__ import annotations

import subprocess
import sys

import httpx

from merit_gateway.demo import PASSWORD, USERS
from merit_shared import testing
from tests.conftest import running_stack


def test_demo_loads_twice_and_every_readme_login_works() -> None:
    env = {"LOG_LEVEL": "WARNING", "SCHEDULER_ENABLED": "false", "METRICS_TOKEN": "demo-metrics"}
    with running_stack(testing.test_database_url(testing.test_database_name("_demo")), env, prefix="merit-demo-") as stack:
        for _ in range(2):
            subprocess.run([sys.executable, "-m", "merit_gateway.demo", stack.url("gateway")], check=True,
                           env=stack.env_for("gateway"), timeout=300)
        with httpx.Client(base_url=stack.url("gateway"), timeout=30) as gw:
            for username, _name, roles, _nip in USERS:
                r = gw.post("/api/v1/auth/token", data={"grant_type": "password", "username": username,
                                                        "password": PASSWORD})
                assert r.status_code == 200, f"{username}: {r.status_code} {r.text}"
                me = gw.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"})
                assert me.status_code == 200, me.text
                assert set(roles) <= set(me.json()["roles"]), (username, me.json())
            # the README's journeys start from these: an open selection on the public portal, the peta jabatan
            assert gw.get("/api/v1/public/selections").json()["items"], "the demo selection is not public"
            admin = gw.post("/api/v1/auth/token", data={"grant_type": "password", "username": "admin.bkpsdm",
                                                         "password": PASSWORD}).json()["access_token"]
            peta = gw.get("/api/v1/position-reports/peta-jabatan", headers={"Authorization": f"Bearer {admin}"})
            assert peta.status_code == 200 and peta.json()["units"], peta.text[:300]

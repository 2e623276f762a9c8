"""Locust file for the load test plan.

Tags: burst (1000 submissions in a minute, -u 50), mixed (the sustained mix),
compilation (compiled languages, unique sources so the compile cache misses).
Latency is from submission to final verdict: POST ?wait=true, then polling if
the node answered 202 before the verdict.
"""
import json
import os
import random
import time
from pathlib import Path

from locust import HttpUser, constant_throughput, events, tag, task

DATA = json.loads((Path(__file__).resolve().parent.parent / "programs.json").read_text())
API_KEY = os.environ.get("API_KEY", "")
COMMENT = {"python": "#", "ruby": "#"}


def pick(weights):
    return random.choices(list(weights), weights=list(weights.values()))[0]


class Submitter(HttpUser):
    # Each user submits at most once every 3 s: 50 users ≈ 16.7 submissions/s,
    # the burst scenario's 1000 a minute.
    wait_time = constant_throughput(float(os.environ.get("JUDGE_USER_RATE", "0.34")))

    def submit(self, language, complexity, unique=False):
        stdin, expected = DATA["inputs"][complexity]
        source = DATA["programs"][language][complexity]
        if unique:
            source += f"{COMMENT.get(language, '//')} {id(self)}-{time.time_ns()}\n"
        headers = {"authorization": f"Bearer {API_KEY}"} if API_KEY else {}
        name = f"{language}/{complexity}"
        started = time.perf_counter()
        body = {"language": language, "source": source, "tests": [{"input": stdin, "output": expected}]}
        with self.client.post("/v1/submissions?wait=true", json=body, headers=headers, name=name,
                              catch_response=True, timeout=60) as res:
            result = res.json() if res.status_code in (200, 202) else None
            while result and result.get("status") != "done" and time.perf_counter() - started < 120:
                time.sleep(0.2)
                poll = self.client.get(f"/v1/submissions/{result['id']}", headers=headers, name="poll")
                result = poll.json() if poll.status_code == 200 else None
            verdict = result.get("verdict") if result else None
            if res.status_code in (200, 202):
                res.success()
            else:
                res.failure(f"HTTP {res.status_code}")
        # The figure the plan's criteria are about: submission to verdict, AC or not.
        events.request.fire(request_type="VERDICT", name=name, response_time=(time.perf_counter() - started) * 1000,
                            response_length=0, exception=None if verdict == "AC" else Exception(f"verdict {verdict}"),
                            context={})

    @tag("burst")
    @task
    def burst(self):
        self.submit(pick(DATA["mixes"]["burst"]), "simple")

    @tag("mixed")
    @task
    def mixed(self):
        self.submit(pick(DATA["mixes"]["sustained"]), "simple")

    @tag("compilation")
    @task
    def compilation(self):
        self.submit(pick(DATA["mixes"]["compilation"]), pick(DATA["complexity"]), unique=True)

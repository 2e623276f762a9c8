"""Locust file for judge's load test plan (loadtest/plan.json).

    locust -f loadtest/locust/locustfile.py --host http://localhost:3000 --headless \\
        -u 1 -r 1 --run-time 1m -T burst        # or mixed (sustained), compilation, soak

Arrivals follow an open model, as k6's arrival-rate executors do: submission k
is sent when the plan's rate curve says it is due, whatever happened to the
earlier ones, so a slow judge is offered the same load as a fast one. Locust's
users do not drive the load (-u and -r only have to be at least 1): each
load-generating process runs one scheduler that starts a greenlet per arrival.
An arrival that finds its process at the scenario's in-flight limit
(maxInFlight, k6's maxVUs) is dropped and counted, never queued.

A submission is POST /v1/submissions?wait=true, then GET polls while the node
answers 202; the polls are not requests of their own in Locust's statistics:
each submission is one SUBMIT entry named language/complexity, whose time is
submission to final verdict, and which fails unless the verdict is AC.

With --master/--worker, worker i of n takes arrivals i, i+n, i+2n, … from a
start time the master sends; records come back to the master. --run-time is
optional: the run ends when the schedule has been offered and every submission
has finished or timed out (the submission timeout of plan.json).

Options (also as environment variables): --judge-rate-scale F, --judge-duration-scale F,
--judge-constant-rate R and --judge-constant-duration S (a constant rate with the
scenario's mix, for calibration), --judge-records FILE (one JSON line per arrival),
--judge-api-key K (API_KEY), --judge-run-id ID.
"""
import json
import logging
import math
import os
import sys
import time
import uuid
from datetime import datetime

import gevent
import gevent.pool
from geventhttpclient import HTTPClient
from geventhttpclient.url import URL
import locust.runners
import locust.stats
from locust import User, constant, events, tag, task
from locust.runners import MasterRunner, WorkerRunner

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import judge_plan  # noqa: E402

PLAN, PROGRAMS = judge_plan.load()
log = logging.getLogger("judge")

# Debian's python3-locust 2.12.1 is built without its version (an empty string), and a master
# refuses a worker whose hello carries no version as "pre 2.0". -1 is the value the master
# accepts as "version unknown"; a Locust that knows its version is left alone.
if not locust.runners.__version__:
    locust.runners.__version__ = -1


@events.init_command_line_parser.add_listener
def _options(parser):
    group = parser.add_argument_group("judge load plan")
    group.add_argument("--judge-rate-scale", type=float, env_var="JUDGE_RATE_SCALE", default=1.0,
                       help="multiply the scenario's rates")
    group.add_argument("--judge-duration-scale", type=float, env_var="JUDGE_DURATION_SCALE", default=1.0,
                       help="multiply the scenario's durations")
    group.add_argument("--judge-constant-rate", type=float, env_var="JUDGE_CONSTANT_RATE", default=0.0,
                       help="submissions per second at a constant rate instead of the scenario's curve")
    group.add_argument("--judge-constant-duration", type=float, env_var="JUDGE_CONSTANT_DURATION", default=0.0,
                       help="seconds of the constant rate")
    group.add_argument("--judge-records", env_var="JUDGE_RECORDS", default="",
                       help="file for one JSON line per arrival (written by the master or the single process)")
    group.add_argument("--judge-api-key", env_var="API_KEY", default="", help="Bearer key for the edge")
    group.add_argument("--judge-run-id", env_var="JUDGE_RUN_ID", default="",
                       help="made part of unique sources and idempotency keys")


def scenario_name(environment):
    tags = environment.parsed_options.tags or []
    names = [n for n in (judge_plan.scenario_of_tag(PLAN, t) for t in tags) if n]
    if len(names) != 1:
        known = ", ".join(PLAN["scenarios"][n]["locustTag"] for n in judge_plan.SCENARIO_NAMES)
        raise SystemExit(f"locustfile: choose one scenario with -T ({known}); got {tags or 'none'}")
    return names[0]


def scenario_segments(environment, scenario):
    o = environment.parsed_options
    if o.judge_constant_rate > 0:
        if o.judge_constant_duration <= 0:
            raise SystemExit("locustfile: --judge-constant-rate needs --judge-constant-duration")
        return [(o.judge_constant_rate, o.judge_constant_rate, o.judge_constant_duration)]
    return judge_plan.segments(scenario["arrivals"], o.judge_rate_scale, o.judge_duration_scale)


class Scheduler:
    """One process's share of the arrivals: i, i+n, i+2n, … from start_at (epoch seconds)."""

    def __init__(self, environment, name, index, count, start_at, emit):
        o = environment.parsed_options
        self.environment = environment
        self.scenario = PLAN["scenarios"][name]
        self.segs = scenario_segments(environment, self.scenario)
        self.total = judge_plan.offered_count(self.segs)
        self.index = index
        self.count = count
        self.start_at = start_at
        self.emit = emit
        self.cap = max(1, math.ceil(self.scenario["maxInFlight"] / count))
        self.timeout = PLAN["submission"]["timeoutS"]
        self.poll = PLAN["submission"]["pollIntervalMs"] / 1000
        self.run_id = o.judge_run_id or uuid.uuid4().hex[:12]
        self.headers = {"content-type": "application/json", "accept": "application/json"}
        if o.judge_api_key:
            self.headers["authorization"] = f"Bearer {o.judge_api_key}"
        url = URL(environment.host)
        self.prefix = url.path.rstrip("/")
        self.client = HTTPClient.from_url(url, concurrency=self.cap, connection_timeout=10,
                                          network_timeout=self.timeout + 5)
        self.inflight = gevent.pool.Group()
        self.stopping = False
        self.offered = 0
        self.greenlet = None

    def start(self):
        self.greenlet = gevent.spawn(self.run)
        return self.greenlet

    def run(self):
        k = self.index
        while k < self.total and not self.stopping:
            due = self.start_at + judge_plan.arrival_time(self.segs, k, self.total)
            wait = due - time.time()
            if wait > 0:
                gevent.sleep(wait)
            if self.stopping:
                break
            language, complexity = judge_plan.choice_of(PLAN, self.scenario, k)
            rec = {"k": k, "l": language, "c": complexity, "ts": round(due * 1000, 1)}
            self.offered += 1
            if len(self.inflight) >= self.cap:
                rec["o"] = "dropped"
                self.emit(rec)
            else:
                self.inflight.spawn(self.submit, rec)
            k += self.count
        self.drain()

    def drain(self):
        self.inflight.join(timeout=self.timeout + 10)
        self.inflight.kill(block=True, timeout=5)

    def submit(self, rec):
        k, language, complexity = rec["k"], rec["l"], rec["c"]
        source = judge_plan.source_of(PROGRAMS, self.scenario, language, complexity, self.run_id, k)
        stdin, expected = PROGRAMS["inputs"][complexity]
        body = json.dumps({"language": language, "source": source, "tests": [{"input": stdin, "output": expected}]})
        headers = dict(self.headers)
        headers["idempotency-key"] = f"judge-load-{self.run_id}-{k}"
        sent = time.time()
        rec["tx"] = round(sent * 1000, 1)
        result = None
        try:
            with gevent.Timeout(self.timeout):
                res = self.client.post(f"{self.prefix}/v1/submissions?wait=true", body=body, headers=headers)
                text = res.read()
                rec["s"] = res.status_code
                if res.status_code in (200, 202):
                    result = json.loads(text)
                    while result.get("status") != "done":
                        gevent.sleep(self.poll)
                        poll = self.client.get(f"{self.prefix}/v1/submissions/{result['id']}",
                                               headers=self.headers)
                        ptext = poll.read()
                        if poll.status_code != 200:
                            rec["s"] = poll.status_code
                            rec["e"] = ptext[:200].decode("utf-8", "replace")
                            result = None
                            break
                        result = json.loads(ptext)
                else:
                    rec["e"] = text[:200].decode("utf-8", "replace")
        except gevent.Timeout:
            rec["o"] = "timeout"
        except Exception as e:  # a failed connection is the judge's failure too
            rec["o"] = "transport"
            rec["e"] = f"{type(e).__name__}: {e}"[:200]
        done = time.time()
        rec["td"] = round(done * 1000, 1)
        if "o" not in rec:
            if result is None:
                rec["o"] = "http"
            else:
                rec["v"] = result.get("verdict")
                rec["o"] = "ac" if rec["v"] == "AC" else "verdict"
                compile_ = result.get("compile") or {}
                if "cached" in compile_:
                    rec["cc"] = bool(compile_["cached"])
                try:
                    created = _iso_ms(result["createdAt"])
                    finished = _iso_ms(result["finishedAt"])
                    rec["n"] = round(finished - created, 1)
                except (KeyError, TypeError, ValueError):
                    pass
        failure = None if rec["o"] == "ac" else Exception(_reason(rec))
        events.request.fire(request_type="SUBMIT", name=f"{language}/{complexity}",
                            response_time=(done - sent) * 1000, response_length=0, exception=failure,
                            context={})
        self.emit(rec)


def _iso_ms(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp() * 1000


def _reason(rec):
    o = rec["o"]
    if o == "verdict":
        return f"verdict {rec.get('v')}"
    if o == "http":
        return f"HTTP {rec.get('s')}"
    return o


class Recorder:
    """Where records go: a file in the master or single process; workers send theirs to the master."""

    def __init__(self, environment):
        self.environment = environment
        self.buffer = []
        self.file = None
        self.totals = {}
        path = environment.parsed_options.judge_records
        if path and not isinstance(environment.runner, WorkerRunner):
            self.file = open(path, "a", encoding="utf-8")

    def emit(self, rec):
        if isinstance(self.environment.runner, WorkerRunner):
            self.buffer.append(rec)
        else:
            self.write([rec])

    def write(self, recs):
        for rec in recs:
            self.totals[rec["o"]] = self.totals.get(rec["o"], 0) + 1
            if self.file:
                self.file.write(json.dumps(rec, separators=(",", ":")) + "\n")
        if self.file:
            self.file.flush()

    def flush(self):
        if self.buffer:
            batch, self.buffer = self.buffer, []
            self.environment.runner.send_message("judge_records", batch)

    def close(self):
        if self.file:
            self.file.close()
            self.file = None


# Locust rewrites its CSV files every CSV_STATS_INTERVAL_SEC and not at exit: quitting sooner than
# that after the last verdict would leave it out of locust_stats.csv.
_CSV_SETTLE_S = locust.stats.CSV_STATS_INTERVAL_SEC + 0.5

state = {"scenario": None, "recorder": None, "scheduler": None, "flusher": None, "done": set(), "workers": 0}


def _flush_forever(recorder):
    while True:
        gevent.sleep(1)
        recorder.flush()


def _run_share(environment, name, index, count, start_at):
    recorder = state["recorder"]
    scheduler = Scheduler(environment, name, index, count, start_at, recorder.emit)
    state["scheduler"] = scheduler
    scheduler.start().join()
    runner = environment.runner
    if isinstance(runner, WorkerRunner):
        recorder.flush()
        runner.send_message("judge_done", {"index": index})
    else:
        log.info("schedule offered and drained: stopping")
        gevent.spawn_later(_CSV_SETTLE_S, runner.quit)


@events.init.add_listener
def _init(environment, **_kw):
    if environment.parsed_options is None:
        return
    # Checked here, in Locust's main greenlet, so that a missing -T ends Locust with one line.
    state["scenario"] = scenario_name(environment)
    runner = environment.runner
    state["recorder"] = Recorder(environment)
    if isinstance(runner, MasterRunner):
        def on_records(msg, **_):
            state["recorder"].write(msg.data)

        def on_done(msg, **_):
            state["done"].add(msg.data["index"])
            if len(state["done"]) >= state["workers"]:
                log.info("every worker offered its share and drained: stopping")
                # and the workers report their statistics to the master every WORKER_REPORT_INTERVAL
                gevent.spawn_later(locust.runners.WORKER_REPORT_INTERVAL + _CSV_SETTLE_S, runner.quit)

        runner.register_message("judge_records", on_records)
        runner.register_message("judge_done", on_done)
    elif isinstance(runner, WorkerRunner):
        def on_start(msg, **_):
            d = msg.data
            # The master's spawn message (which carries the host too) may come after this one.
            environment.host = environment.host or d["host"]
            gevent.spawn(_run_share, environment, d["scenario"], d["index"], d["count"], d["startAt"])

        runner.register_message("judge_start", on_start)
        state["flusher"] = gevent.spawn(_flush_forever, state["recorder"])


@events.test_start.add_listener
def _test_start(environment, **_kw):
    runner = environment.runner
    name = state["scenario"]
    if isinstance(runner, WorkerRunner):
        return
    start_at = time.time() + (2.0 if isinstance(runner, MasterRunner) else 0.2)
    if isinstance(runner, MasterRunner):
        clients = sorted(runner.clients.keys())
        state["workers"] = len(clients)
        for i, client_id in enumerate(clients):
            runner.send_message("judge_start", {"scenario": name, "index": i, "count": len(clients),
                                                "startAt": start_at, "host": environment.host},
                                client_id=client_id)
        log.info("%s: %d workers share the arrivals from %.3f", name, len(clients), start_at)
    else:
        gevent.spawn(_run_share, environment, name, 0, 1, start_at)


@events.test_stopping.add_listener
def _test_stopping(environment, **_kw):
    # --run-time or Ctrl-C before the schedule ended: offer no more, let what was sent finish.
    scheduler = state["scheduler"]
    if scheduler and scheduler.greenlet and not scheduler.greenlet.dead:
        scheduler.stopping = True
        scheduler.greenlet.join(timeout=scheduler.timeout + 15)
    if isinstance(environment.runner, WorkerRunner):
        state["recorder"].flush()


@events.quitting.add_listener
def _quitting(environment, **_kw):
    recorder = state["recorder"]
    if recorder is None or isinstance(environment.runner, WorkerRunner):
        return
    t = recorder.totals
    offered = sum(t.values())
    dropped = t.get("dropped", 0)
    print(f"judge: offered {offered}, sent {offered - dropped}, AC {t.get('ac', 0)}, "
          f"other verdicts {t.get('verdict', 0)}, HTTP errors {t.get('http', 0)}, "
          f"connection errors {t.get('transport', 0)}, timed out {t.get('timeout', 0)}, dropped {dropped}",
          file=sys.stderr)
    recorder.close()


class Judge(User):
    """Locust needs a user class; the schedulers above make the load, so these users only idle."""

    wait_time = constant(3600)

    @tag("burst")
    @task
    def burst(self):
        pass

    @tag("mixed")
    @task
    def mixed(self):
        pass

    @tag("compilation")
    @task
    def compilation(self):
        pass

    @tag("soak")
    @task
    def soak(self):
        pass

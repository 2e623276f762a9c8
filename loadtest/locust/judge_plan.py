"""The load test plan (loadtest/plan.json) as the Locust file reads it.

The same arithmetic as the harness's src/plan.ts, line for line, so that both
derive the same arrival times and the same language and complexity for each
arrival; the harness's tests compare the two (describe()).
"""
import json
import math
from pathlib import Path

LOADTEST_DIR = Path(__file__).resolve().parent.parent
SCENARIO_NAMES = ("burst", "sustained", "compilation", "soak")
LANGUAGE_STEP = 0.6180339887498949
COMPLEXITY_STEP = 0.41421356237309515


def load(plan_file=LOADTEST_DIR / "plan.json", programs_file=LOADTEST_DIR / "programs.json"):
    plan = json.loads(Path(plan_file).read_text())
    programs = json.loads(Path(programs_file).read_text())
    for name in SCENARIO_NAMES:
        if name not in plan["scenarios"]:
            raise ValueError(f"{plan_file}: no scenario {name}")
    return plan, programs


def segments(arrivals, rate_scale=1.0, duration_scale=1.0):
    """The rate curve: [(r0, r1, d)], arrivals per second from r0 to r1 over d seconds."""
    unit = arrivals["timeUnitS"]

    def per(r):
        return r / unit * rate_scale

    if arrivals["executor"] == "constant":
        r = per(arrivals["rate"])
        return [(r, r, arrivals["durationS"] * duration_scale)]
    out = []
    prev = per(arrivals["startRate"])
    for stage in arrivals["stages"]:
        out.append((prev, per(stage["target"]), stage["durationS"] * duration_scale))
        prev = out[-1][1]
    return out


def duration_of(segs):
    return sum(d for _, _, d in segs)


def cumulative(segs, t):
    n = 0.0
    start = 0.0
    for r0, r1, d in segs:
        tau = min(max(t - start, 0.0), d)
        n += r0 * tau + (r1 - r0) * tau * tau / (2 * d)
        start += d
    return n


def rate_at(segs, t):
    start = 0.0
    for r0, r1, d in segs:
        if t < start + d:
            return r0 + (r1 - r0) * max(t - start, 0.0) / d
        start += d
    return 0.0


def offered_count(segs):
    return max(0, math.ceil(cumulative(segs, duration_of(segs)) - 1e-9))


def arrival_time(segs, k, count=None):
    """Seconds from the start at which arrival k is due; None past the end."""
    if count is None:
        count = offered_count(segs)
    if k < 0 or k >= count:
        return None
    before = 0.0
    start = 0.0
    for i, (r0, r1, d) in enumerate(segs):
        in_seg = r0 * d + (r1 - r0) * d / 2
        if k < before + in_seg or i == len(segs) - 1:
            x = k - before
            a = (r1 - r0) / (2 * d)
            tau = 0.0 if x <= 0 else (2 * x) / (r0 + math.sqrt(max(0.0, r0 * r0 + 4 * a * x)))
            return start + min(tau, d)
        before += in_seg
        start += d
    return None


def peak_rate(segs):
    return max(max(r0, r1) for r0, r1, _ in segs)


def weyl(k, step):
    return (0.5 + k * step) % 1


def pick(weights, u):
    entries = list(weights.items())
    total = 0
    for _, w in entries:
        total += w
    x = u * total
    for key, w in entries:
        if x < w:
            return key
        x -= w
    return entries[-1][0]


def choice_of(plan, scenario, k):
    return (
        pick(plan["mixes"][scenario["mix"]], weyl(k, LANGUAGE_STEP)),
        pick(plan["complexities"][scenario["complexity"]], weyl(k, COMPLEXITY_STEP)),
    )


def source_of(programs, scenario, language, complexity, run_id, k):
    source = programs["programs"][language][complexity]
    if scenario["uniqueSources"]:
        return f"{source}{programs['lineComment'][language]} judge-load {run_id}-{k}\n"
    return source


def scenario_of_tag(plan, tag):
    for name in SCENARIO_NAMES:
        if plan["scenarios"][name]["locustTag"] == tag:
            return name
    return None


def describe(plan, rate_scale, duration_scale):
    """What the Locust file derives from the plan (see describe() in src/plan.ts)."""
    out = {}
    for name in SCENARIO_NAMES:
        s = plan["scenarios"][name]
        segs = segments(s["arrivals"], rate_scale, duration_scale)
        n = offered_count(segs)
        sample = [k for k in (0, 1, 2, 3, n // 3, n // 2, n - 2, n - 1) if 0 <= k < n]
        out[name] = {
            "offered": n,
            "durationS": duration_of(segs),
            "peakRate": peak_rate(segs),
            "arrivals": [[k, arrival_time(segs, k)] for k in sample],
            "past": arrival_time(segs, n),
            "choices": ["/".join(choice_of(plan, s, k)) for k in range(50)],
            "tag": s["locustTag"],
            "maxInFlight": s["maxInFlight"],
            "uniqueSources": s["uniqueSources"],
            "criteria": [c["id"] for c in s["criteria"]],
        }
    return out


if __name__ == "__main__":
    import sys

    plan, _ = load()
    print(json.dumps(describe(plan, float(sys.argv[1]), float(sys.argv[2]))))

"""Independent reference for src/insights: the same figures, from the definitions.

Reads the history file with Python's sqlite3 (the public views and their JSON
`doc` column), computes every insight with numpy and scipy, and prints JSON.
Written from the definitions in docs/insights.md, not translated from the
TypeScript: different data structures (numpy arrays, datetime), scipy's
tests, numpy's own random generator for the bootstrap.

usage: python3 insights.py HISTORY.sqlite START END
"""

import json
import sqlite3
import sys
from datetime import date, datetime, timedelta, timezone

import numpy as np
from scipy import stats

def benjamini_hochberg(p_values):
    """Adjusted p-values from the definition: p(i) * m / i over the sorted p's, made
    monotone from the largest down, capped at 1. Written out rather than taken from
    scipy.stats.false_discovery_control, which Debian's scipy (1.10) does not have."""
    p = np.asarray(p_values, dtype=float)
    order = np.argsort(p)
    scaled = p[order] * len(p) / np.arange(1, len(p) + 1)
    monotone = np.minimum.accumulate(scaled[::-1])[::-1]
    adjusted = np.empty_like(p)
    adjusted[order] = np.minimum(monotone, 1.0)
    return adjusted


RESAMPLES = 20000  # ten times the library's, so its Monte Carlo error is the smaller part
EPOCH = 300  # seconds
METRICS = [
    "sleep_score", "readiness_score", "activity_score", "steps", "active_calories",
    "total_sleep_hours", "average_hrv", "lowest_heart_rate", "temperature_deviation",
]
OUTCOMES = [
    ("average_hrv", "next_night"), ("lowest_heart_rate", "next_night"),
    ("total_sleep_hours", "next_night"), ("sleep_score", "next_day"), ("readiness_score", "next_day"),
]


def day_add(day, n):
    return (date.fromisoformat(day) + timedelta(days=n)).isoformat()


def days_between(start, end):
    d = date.fromisoformat(start)
    while d.isoformat() <= end:
        yield d.isoformat()
        d += timedelta(days=1)


def read(path, start, end):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    docs = {}
    for view in ["sleep", "daily_sleep", "daily_readiness", "daily_activity", "workout"]:
        rows = con.execute(f'SELECT doc FROM "{view}" WHERE day BETWEEN ? AND ?', (start, end))
        docs[view] = [json.loads(doc) for (doc,) in rows]
    rows = con.execute("SELECT doc FROM enhanced_tag")
    docs["enhanced_tag"] = [d for d in (json.loads(doc) for (doc,) in rows) if start <= d["start_day"] <= end]
    con.close()
    return docs


def main_sleep(sleeps):
    by_day = {}
    for s in sleeps:
        by_day.setdefault(s["day"], []).append(s)
    return {
        day: max(group, key=lambda s: (s.get("type") == "long_sleep", s.get("time_in_bed") or 0))
        for day, group in by_day.items()
    }


def daily(docs):
    m = {name: {} for name in METRICS}

    def put(name, day, value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            m[name][day] = float(value)

    for d in docs["daily_sleep"]:
        put("sleep_score", d["day"], d.get("score"))
    for d in docs["daily_readiness"]:
        put("readiness_score", d["day"], d.get("score"))
        put("temperature_deviation", d["day"], d.get("temperature_deviation"))
    for d in docs["daily_activity"]:
        put("activity_score", d["day"], d.get("score"))
        put("steps", d["day"], d.get("steps"))
        put("active_calories", d["day"], d.get("active_calories"))
    for day, s in main_sleep(docs["sleep"]).items():
        put("average_hrv", day, s.get("average_hrv"))
        put("lowest_heart_rate", day, s.get("lowest_heart_rate"))
    seconds = {}
    for s in docs["sleep"]:
        if isinstance(s.get("total_sleep_duration"), (int, float)):
            seconds[s["day"]] = seconds.get(s["day"], 0) + s["total_sleep_duration"]
    # Seconds are whole numbers: summing them first keeps equal totals equal (ties rank alike).
    m["total_sleep_hours"] = {day: total / 3600 for day, total in seconds.items()}
    return m


def bootstrap_ci(a, b, seed):
    rng = np.random.default_rng(seed)
    a, b = np.asarray(a), np.asarray(b)
    ma = a[rng.integers(0, len(a), size=(RESAMPLES, len(a)))].mean(axis=1)
    mb = b[rng.integers(0, len(b), size=(RESAMPLES, len(b)))].mean(axis=1)
    low, high = np.quantile(ma - mb, [0.025, 0.975])
    return {"low": float(low), "high": float(high)}


def standard_error(a, b):
    return float(np.sqrt(np.var(a, ddof=1) / len(a) + np.var(b, ddof=1) / len(b)))


# --- sleep debt: need = 75th percentile of daily total sleep over 90 days; debt = sum(need - sleep)
def sleep_debt(m, end):
    tst = m["total_sleep_hours"]
    window = lambda n: [tst[d] for d in days_between(day_add(end, -(n - 1)), end) if d in tst]
    history = window(90)
    if len(history) < 28:
        return {"status": "not_enough_data", "n": len(history)}
    need = float(np.percentile(history, 75))
    out = {"status": "ok", "n": len(history), "need_hours": need, "windows": []}
    for days, least in [(7, 5), (14, 10)]:
        recent = np.array(window(days))
        if len(recent) < least:
            out["windows"].append({"status": "not_enough_data", "n": len(recent)})
        else:
            out["windows"].append({"status": "ok", "n": len(recent), "debt_hours": float(np.sum(need - recent))})
    return out


# --- Sleep Regularity Index (Phillips et al. 2017)
def sri(sleeps, end):
    start = day_add(end, -27)
    sleeps = [s for s in sleeps if start <= s["day"] <= end]
    covered, asleep = set(), set()
    for day, s in main_sleep(sleeps).items():
        tz = datetime.fromisoformat(s["bedtime_start"]).tzinfo
        noon_before = datetime.fromisoformat(day_add(day, -1) + "T12:00:00").replace(tzinfo=tz).timestamp()
        noon = datetime.fromisoformat(day + "T12:00:00").replace(tzinfo=tz).timestamp()
        first = -int(-noon_before // EPOCH)
        covered.update(e for e in range(first, first + 288 * 3) if noon_before <= e * EPOCH < noon)
    for s in sleeps:
        t0 = datetime.fromisoformat(s["bedtime_start"]).timestamp()
        t1 = datetime.fromisoformat(s["bedtime_end"]).timestamp()
        phases = s.get("sleep_phase_5_min") or ""
        e = -int(-t0 // EPOCH)
        while e * EPOCH < t1:
            i = int((e * EPOCH - t0) // EPOCH)
            if i >= len(phases) or phases[i] != "4":
                asleep.add(e)
            e += 1
    pairs = [e for e in covered if e + 288 in covered]
    same = sum((e in asleep) == (e + 288 in asleep) for e in pairs)
    n = len(pairs)
    if n < 5 * 288:
        return {"status": "not_enough_data", "n": n}
    return {"status": "ok", "pairs": n, "days": len(main_sleep(sleeps)), "sri": -100 + 200 * same / n}


# --- mid-sleep and social jetlag (free = nights ending Sat/Sun)
def sleep_timing(sleeps, end, seed):
    start = day_add(end, -89)
    work, free = [], []
    for day, s in sorted(main_sleep(sleeps).items()):
        if not start <= day <= end:
            continue
        t0 = datetime.fromisoformat(s["bedtime_start"])
        t1 = datetime.fromisoformat(s["bedtime_end"])
        midnight = datetime.fromisoformat(day + "T00:00:00").replace(tzinfo=t1.tzinfo)
        mid = ((t0.timestamp() + t1.timestamp()) / 2 - midnight.timestamp()) / 3600
        (free if date.fromisoformat(day).weekday() >= 5 else work).append(mid)
    if min(len(work), len(free)) < 8:
        return {"status": "not_enough_data", "n": min(len(work), len(free))}
    return {
        "status": "ok", "n_work": len(work), "n_free": len(free),
        "mid_sleep_hours": float(np.mean(work + free)),
        "mid_sleep_work_hours": float(np.mean(work)), "mid_sleep_free_hours": float(np.mean(free)),
        "social_jetlag_hours": float(np.mean(free) - np.mean(work)),
        "interval": bootstrap_ci(free, work, seed), "se": standard_error(free, work),
    }


# --- early warnings: robust z against the previous 28 days, >= 2 of 3 signals out by >= 2
def early_warnings(m, start, end):
    signals = [("temperature_deviation", "temperature_deviation", 1),
               ("resting_heart_rate", "lowest_heart_rate", 1), ("hrv", "average_hrv", -1)]
    scored, warnings = 0, []
    for day in days_between(start, end):
        zs = []
        for name, metric, sign in signals:
            if day not in m[metric]:
                continue
            base = np.array([m[metric][d] for d in days_between(day_add(day, -28), day_add(day, -1)) if d in m[metric]])
            if len(base) < 14:
                continue
            scale = stats.median_abs_deviation(base, scale="normal")
            if scale == 0:
                continue
            zs.append((name, m[metric][day], (m[metric][day] - np.median(base)) / scale, sign))
        if len(zs) < 2:
            continue
        scored += 1
        out = [(name, value, z) for name, value, z, sign in zs if z * sign >= 2]
        if len(out) >= 2:
            warnings.append({"day": day, "signals": [{"signal": n, "value": v, "z": float(z)} for n, v, z in out]})
    return {"status": "ok" if scored >= 7 else "not_enough_data", "n": scored, "warnings": warnings}


# --- habits: next night / next day after evenings with vs without
def habits(docs, m, start, end, seed):
    evenings = {}
    for t in docs["enhanced_tag"]:
        code = t.get("tag_type_code")
        name = code if code and code != "custom" else (t.get("custom_name") or "custom")
        evenings.setdefault("tag:" + name, set()).add(t["start_day"])
    for w in docs["workout"]:
        evenings.setdefault("workout:" + w["activity"], set()).add(w["day"])
        ended = datetime.fromisoformat(w["end_datetime"])
        if ended.date().isoformat() > w["day"] or ended.hour >= 20:
            evenings.setdefault("late_workout", set()).add(w["day"])
    for day, s in main_sleep(docs["sleep"]).items():
        if datetime.fromisoformat(s["bedtime_start"]).date().isoformat() == day:
            evenings.setdefault("bedtime_after_midnight", set()).add(day_add(day, -1))
    rows = []
    for exposure in sorted(evenings):
        for metric, when in OUTCOMES:
            with_, without = [], []
            for day in days_between(start, day_add(end, -1)):
                nxt = day_add(day, 1)
                if nxt in m[metric]:
                    (with_ if day in evenings[exposure] else without).append(m[metric][nxt])
            row = {"exposure": exposure, "outcome": metric, "n_with": len(with_), "n_without": len(without)}
            if min(len(with_), len(without)) < 20 or (np.var(with_) == 0 and np.var(without) == 0):
                rows.append({**row, "status": "not_enough_data"})
                continue
            a, b = np.array(with_), np.array(without)
            pooled = np.sqrt(((len(a) - 1) * np.var(a, ddof=1) + (len(b) - 1) * np.var(b, ddof=1)) / (len(a) + len(b) - 2))
            j = 1 - 3 / (4 * (len(a) + len(b)) - 9)
            rows.append({
                **row, "status": "ok", "difference": float(a.mean() - b.mean()),
                "hedges_g": float(j * (a.mean() - b.mean()) / pooled) if pooled > 0 else None,
                "p": float(stats.ttest_ind(a, b, equal_var=False).pvalue),
                "interval": bootstrap_ci(a, b, [seed, len(rows)]), "se": standard_error(a, b),
            })
    tested = [r for r in rows if r["status"] == "ok"]
    if tested:
        adjusted = benjamini_hochberg([r["p"] for r in tested])
        for r, q in zip(tested, adjusted):
            r["p_adjusted"] = float(q)
            r["finding"] = bool(q <= 0.05)
    return rows


# --- lagged Spearman correlations, BH over every pair tested, survivors at q = 0.05
def correlations(m, start, end):
    tested = []
    for lag in (0, 1, 2):
        for i, a in enumerate(METRICS):
            for j, b in enumerate(METRICS):
                if i == j or (lag == 0 and j < i):
                    continue
                pairs = [(m[a][d], m[b][day_add(d, lag)]) for d in days_between(start, day_add(end, -lag))
                         if d in m[a] and day_add(d, lag) in m[b]]
                if len(pairs) < 20:
                    continue
                x, y = np.array(pairs).T
                if np.all(x == x[0]) or np.all(y == y[0]):
                    continue
                res = stats.spearmanr(x, y)
                tested.append({"a": a, "b": b, "lag": lag, "n": len(pairs), "rho": float(res.statistic), "p": float(res.pvalue)})
    adjusted = benjamini_hochberg([t["p"] for t in tested]) if tested else []
    survivors = [{**t, "p_adjusted": float(q)} for t, q in zip(tested, adjusted) if q <= 0.05]
    return {"tested": len(tested), "survivors": survivors}


# --- acute (7 d) : chronic (28 d) load; active calories, else workout calories
def training_load(docs, end):
    load = {}
    for w in docs["workout"]:
        if isinstance(w.get("calories"), (int, float)):
            load[w["day"]] = load.get(w["day"], 0.0) + w["calories"]
    for d in docs["daily_activity"]:
        if isinstance(d.get("active_calories"), (int, float)):
            load[d["day"]] = float(d["active_calories"])
    acute = [load[d] for d in days_between(day_add(end, -6), end) if d in load]
    chronic = [load[d] for d in days_between(day_add(end, -27), end) if d in load]
    if len(acute) < 5 or len(chronic) < 21:
        return {"status": "not_enough_data"}
    return {"status": "ok", "n_acute": len(acute), "n_chronic": len(chronic), "acute_kcal": float(np.mean(acute)),
            "chronic_kcal": float(np.mean(chronic)), "ratio": float(np.mean(acute) / np.mean(chronic))}


def main():
    path, start, end = sys.argv[1:4]
    docs = read(path, start, end)
    m = daily(docs)
    print(json.dumps({
        "versions": {"numpy": np.__version__, "scipy": __import__("scipy").__version__},
        "sleep_debt": sleep_debt(m, end),
        "regularity": sri(docs["sleep"], end),
        "sleep_timing": sleep_timing(docs["sleep"], end, 1),
        "early_warnings": early_warnings(m, start, end),
        "habits": habits(docs, m, start, end, 2),
        "correlations": correlations(m, start, end),
        "training_load": training_load(docs, end),
    }))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Independent checker for Curtois & Qu rosters.

Written from ../shared/curtois/FORMAT.md alone, apart from rota's model
code, so that it can catch rota's mistakes rather than repeat them.

usage: checker.py INSTANCE.txt ROSTER.tsv
  ROSTER.tsv: a header line "agent<TAB>date..." (one column per day of
  the horizon, in order), then one line per employee: id, then the shift
  id worked each day or "-".
Prints every hard-rule violation, then "penalty N", and exits 0 when the
roster is feasible, 1 when it breaks a hard rule, 2 on unreadable input.
"""
import sys


def read_instance(path):
    sections = {}
    cur = None
    with open(path, newline="") as fp:
        for raw in fp:
            line = raw.rstrip("\r\n").rstrip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("SECTION_"):
                cur = line[len("SECTION_"):]
                sections[cur] = []
                continue
            sections[cur].append(line.split(","))
    inst = {"h": int(sections["HORIZON"][0][0])}
    inst["shifts"] = {}
    for f in sections["SHIFTS"]:
        inst["shifts"][f[0]] = {"len": int(f[1]),
                                "forbid": set(x for x in f[2].split("|") if x)}
    inst["staff"] = {}
    inst["order"] = []
    for f in sections["STAFF"]:
        maxs = {}
        for kv in f[1].split("|"):
            if kv:
                k, v = kv.split("=")
                maxs[k] = int(v)
        inst["staff"][f[0]] = {
            "max_shifts": maxs, "max_min": int(f[2]), "min_min": int(f[3]),
            "max_cons": int(f[4]), "min_cons": int(f[5]),
            "min_off": int(f[6]), "max_wk": int(f[7])}
        inst["order"].append(f[0])
    inst["off"] = {e: set() for e in inst["staff"]}
    for f in sections.get("DAYS_OFF", []):
        inst["off"][f[0]].update(int(d) for d in f[1:] if d != "")
    inst["on_req"] = [(f[0], int(f[1]), f[2], int(f[3]))
                      for f in sections.get("SHIFT_ON_REQUESTS", [])]
    inst["off_req"] = [(f[0], int(f[1]), f[2], int(f[3]))
                       for f in sections.get("SHIFT_OFF_REQUESTS", [])]
    inst["cover"] = [(int(f[0]), f[1], int(f[2]), int(f[3]), int(f[4]))
                     for f in sections["COVER"]]
    return inst


def read_roster(path, inst):
    with open(path) as fp:
        rows = [l.rstrip("\n").split("\t") for l in fp if l.strip()]
    if not rows or rows[0][0] != "agent":
        raise ValueError("first line must start with 'agent'")
    h = inst["h"]
    if len(rows[0]) != h + 1:
        raise ValueError("header has %d days, instance has %d"
                         % (len(rows[0]) - 1, h))
    roster = {}
    for r in rows[1:]:
        if len(r) != h + 1:
            raise ValueError("line for %s has %d days" % (r[0], len(r) - 1))
        roster[r[0]] = [None if c == "-" else c for c in r[1:]]
    return roster


def runs(row, working):
    """Maximal runs of working (or off) days: (start, end) inclusive."""
    out, d, h = [], 0, len(row)
    while d < h:
        if (row[d] is not None) != working:
            d += 1
            continue
        e = d
        while e + 1 < h and (row[e + 1] is not None) == working:
            e += 1
        out.append((d, e))
        d = e + 1
    return out


def check(inst, roster):
    h, bad = inst["h"], []
    for e in inst["order"]:
        if e not in roster:
            bad.append("%s: missing from the roster" % e)
    for e in roster:
        if e not in inst["staff"]:
            bad.append("%s: not an employee of the instance" % e)
    for e, row in roster.items():
        s = inst["staff"].get(e)
        if s is None:
            continue
        for d, t in enumerate(row):
            if t is not None and t not in inst["shifts"]:
                bad.append("%s: day %d: unknown shift %s" % (e, d, t))
        row = [t if t in inst["shifts"] else None for t in row]
        for d in range(h - 1):
            if row[d] and row[d + 1] and row[d + 1] in inst["shifts"][row[d]]["forbid"]:
                bad.append("%s: day %d: %s then %s" % (e, d, row[d], row[d + 1]))
        for t in inst["shifts"]:
            n = sum(1 for x in row if x == t)
            if n > s["max_shifts"].get(t, h):
                bad.append("%s: %d x %s > %d" % (e, n, t, s["max_shifts"].get(t, h)))
        mins = sum(inst["shifts"][x]["len"] for x in row if x)
        if mins > s["max_min"]:
            bad.append("%s: %d minutes > %d" % (e, mins, s["max_min"]))
        if mins < s["min_min"]:
            bad.append("%s: %d minutes < %d" % (e, mins, s["min_min"]))
        for a, b in runs(row, True):
            if b - a + 1 > s["max_cons"]:
                bad.append("%s: %d shifts in a row from day %d" % (e, b - a + 1, a))
            if a > 0 and b < h - 1 and b - a + 1 < s["min_cons"]:
                bad.append("%s: only %d shifts in a row from day %d" % (e, b - a + 1, a))
        for a, b in runs(row, False):
            if a > 0 and b < h - 1 and b - a + 1 < s["min_off"]:
                bad.append("%s: only %d days off in a row from day %d" % (e, b - a + 1, a))
        wk = sum(1 for w in range(h // 7) if row[7 * w + 5] or row[7 * w + 6])
        if wk > s["max_wk"]:
            bad.append("%s: %d weekends > %d" % (e, wk, s["max_wk"]))
        for d in sorted(inst["off"][e]):
            if row[d]:
                bad.append("%s: works day %d, a day off" % (e, d))

    pen = 0
    for e, d, t, w in inst["on_req"]:
        if e in roster and roster[e][d] != t:
            pen += w
    for e, d, t, w in inst["off_req"]:
        if e in roster and roster[e][d] == t:
            pen += w
    for d, t, req, under, over in inst["cover"]:
        n = sum(1 for row in roster.values() if row[d] == t)
        pen += under * max(0, req - n) + over * max(0, n - req)
    return bad, pen


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: checker.py INSTANCE.txt ROSTER.tsv\n")
        return 2
    try:
        inst = read_instance(argv[1])
        roster = read_roster(argv[2], inst)
    except (OSError, ValueError, KeyError, IndexError) as exc:
        sys.stderr.write("checker: %s\n" % exc)
        return 2
    bad, pen = check(inst, roster)
    for b in bad:
        print("violation: " + b)
    print("penalty %d" % pen)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

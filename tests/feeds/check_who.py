#!/usr/bin/python3
"""check_who.py - does `rota who` agree with the feed, read by icalendar?

usage: /usr/bin/python3 check_who.py ROTA TEAM.ics [MAX]

Picks up to MAX (default 16) hand-over instants from the event starts in
TEAM.ics (always including those next to a UTC offset change), runs
`ROTA who --at 'LOCAL TIME' TEAM.ics` at each, and compares the agents it
lists per rank with the events covering that instant ([start, end): at a
hand-over the incoming agent is on duty).  Prints "FAIL ..." per
disagreement and one "ok"/"FAIL" summary line; exit status 1 on failure.
"""
import datetime
import re
import subprocess
import sys

import icalendar
import pytz


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def main(argv):
    if len(argv) < 2:
        print("usage: check_who.py ROTA TEAM.ics [MAX]", file=sys.stderr)
        return 2
    rota, feed = argv[0], argv[1]
    most = int(argv[2]) if len(argv) > 2 else 16
    with open(feed, "rb") as fp:
        cal = icalendar.Calendar.from_ical(fp.read())
    zone = pytz.timezone(str(cal["X-WR-TIMEZONE"]))
    ladder = [str(v).split(";", 1)[0] for v in as_list(cal.get("X-ROTA-RANK"))]
    events = []
    for ev in cal.walk("VEVENT"):
        events.append((int(ev["DTSTART"].dt.timestamp()),
                       int(ev["DTEND"].dt.timestamp()),
                       str(ev["X-ROTA-AGENT"]), str(ev["X-ROTA-RANK"])))
    starts = sorted({e[0] for e in events})
    if not starts:
        print("FAIL who %s: no events" % feed)
        return 1

    # Evenly spread, plus every start within a day after an offset change.
    picks = set(starts[::max(1, len(starts) // most)][:most])
    for a, b in zip(starts, starts[1:]):
        oa = datetime.datetime.fromtimestamp(a, zone).utcoffset()
        ob = datetime.datetime.fromtimestamp(b, zone).utcoffset()
        if oa != ob:
            picks.update(s for s in starts if b <= s < b + 86400)
            picks.add(a)

    bad = 0
    for t in sorted(picks):
        local = datetime.datetime.fromtimestamp(t, zone)
        try:    # a wall time met twice cannot be asked for unambiguously
            zone.localize(local.replace(tzinfo=None), is_dst=None)
        except pytz.exceptions.InvalidTimeError:
            continue
        at = local.strftime("%Y-%m-%d %H:%M")
        want = {r: set() for r in ladder}
        for s, e, agent, rank in events:
            if s <= t < e:
                want.setdefault(rank, set()).add(agent)
        p = subprocess.run([rota, "who", "--at", at, feed],
                           capture_output=True, text=True)
        got = {}
        for line in p.stdout.splitlines()[1:]:
            f = re.split(r"  +", line.strip())
            got.setdefault(f[0], set())
            if "nobody on duty" not in line:
                got[f[0]].add(f[2])
        want_rc = 4 if any(not v for v in want.values()) else 0
        if got != want or p.returncode != want_rc:
            bad += 1
            print("FAIL who --at '%s': rota says %s (exit %d), the feed %s "
                  "(exit %d)%s" % (at, sorted((k, sorted(v)) for k, v in got.items()),
                                   p.returncode,
                                   sorted((k, sorted(v)) for k, v in want.items()),
                                   want_rc, (": " + p.stderr.strip()) if p.stderr else ""))
    if bad:
        print("FAIL who %s: %d of %d instants disagree" % (feed, bad, len(picks)))
        return 1
    print("ok who %s: %d hand-overs agree" % (feed, len(picks)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

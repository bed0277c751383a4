#!/usr/bin/python3
"""check_icalendar.py - check rota's feeds with python3-icalendar (Debian).

usage: /usr/bin/python3 check_icalendar.py DIR...

The same checks as check_icaljs.js, with the same output: "event FILE UID
START END LOCAL AGENT RANK" per event (UTC ISO instants, LOCAL the wall-clock
start in the feed's zone), "ok FILE: N events" per
good file, "FAIL FILE: why" per problem; exit status 1 on any FAIL.

icalendar 4.0 reads DTSTART;TZID=<IANA name> with pytz, not with the file's
VTIMEZONE, so each event's wall-clock times are also localized with the
file's own VTIMEZONE (Timezone.to_tz()) and the two readings must agree:
the VTIMEZONE rota writes is checked, not only the zone name.
"""
import datetime
import os
import re
import sys

import icalendar

failures = 0


def fail(name, why):
    global failures
    print("FAIL %s: %s" % (name, why))
    failures += 1


def ics_files(top):
    out = []
    for root, _dirs, files in os.walk(top):
        for f in files:
            if f.endswith(".ics"):
                out.append(os.path.join(root, f))
    return sorted(out, key=lambda p: os.path.relpath(p, top))


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def instant(prop, own_zones, rel, uid, name):
    """Unix time of a DTSTART/DTEND, cross-checked with the file's zone."""
    dt = prop.dt
    if not isinstance(dt, datetime.datetime):
        fail(rel, "%s: %s is a date, not a date-time" % (uid, name))
        return None
    if dt.tzinfo is None:
        fail(rel, "%s: %s is floating" % (uid, name))
        return None
    t = int(dt.timestamp())
    tzid = prop.params.get("TZID")
    if tzid is not None:
        own = own_zones.get(str(tzid))
        if own is None:
            fail(rel, "%s: %s has TZID %s with no VTIMEZONE" % (uid, name, tzid))
            return t
        mine = int(own.localize(dt.replace(tzinfo=None)).timestamp())
        if mine != t:
            fail(rel, "%s: %s %s reads as %s with the file's VTIMEZONE "
                 "but %s with tzdata" % (uid, name, dt.replace(tzinfo=None),
                                         iso(mine), iso(t)))
    return t


def midnight(ymd, zone):
    d = datetime.datetime.strptime(ymd, "%Y-%m-%d")
    return int(zone.localize(d).timestamp())


def check_file(top, path):
    rel = top.rstrip("/") + "/" + os.path.relpath(path, top)
    try:
        with open(path, "rb") as fp:
            cal = icalendar.Calendar.from_ical(fp.read())
    except Exception as e:  # the parser raises ValueError and others
        fail(rel, "icalendar cannot parse it: %s" % e)
        return
    before = failures
    for prop, want in (("VERSION", "2.0"), ("PRODID", "-//rota//rota//EN"),
                       ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH")):
        if str(cal.get(prop)) != want:
            fail(rel, "%s is %s, not %s" % (prop, cal.get(prop), want))
    for prop in ("X-WR-CALNAME", "X-WR-TIMEZONE", "REFRESH-INTERVAL",
                 "X-PUBLISHED-TTL"):
        if prop not in cal:
            fail(rel, "no %s" % prop)
    tzname = str(cal.get("X-WR-TIMEZONE"))

    own_zones = {}
    for vtz in cal.walk("VTIMEZONE"):
        tzid = str(vtz["TZID"])
        if tzid.startswith("/"):
            fail(rel, "TZID '%s' has a prefix" % tzid)
        own_zones[tzid] = vtz.to_tz()
    if tzname not in own_zones:
        fail(rel, "no VTIMEZONE for X-WR-TIMEZONE %s" % tzname)

    uids = set()
    events = []
    for ev in cal.walk("VEVENT"):
        uid = str(ev.get("UID", ""))
        if not uid:
            fail(rel, "event without UID")
            continue
        if uid in uids:
            fail(rel, "UID %s twice" % uid)
        uids.add(uid)
        if "DTSTART" not in ev or "DTEND" not in ev:
            fail(rel, "%s: no DTSTART or DTEND" % uid)
            continue
        start = instant(ev["DTSTART"], own_zones, rel, uid, "DTSTART")
        end = instant(ev["DTEND"], own_zones, rel, uid, "DTEND")
        if start is None or end is None:
            continue
        if end <= start:
            fail(rel, "%s: ends before it starts" % uid)
        agent = ev.get("X-ROTA-AGENT")
        rank = ev.get("X-ROTA-RANK")
        if agent is None or rank is None:
            fail(rel, "%s: no X-ROTA-AGENT or X-ROTA-RANK" % uid)
        events.append((start, end, uid, str(agent), str(rank)))
        zone = own_zones.get(tzname)
        local = (datetime.datetime.fromtimestamp(start, zone).strftime(
            "%Y-%m-%dT%H:%M") if zone is not None else "?")
        print("event %s %s %s %s %s %s %s" % (rel, uid, iso(start), iso(end),
                                              local, agent, rank))

    if os.path.basename(path) == "team.ics":
        by_agent = {}
        for e in events:
            by_agent.setdefault(e[3], []).append(e)
        for agent, lst in sorted(by_agent.items()):
            lst.sort()
            for a, b in zip(lst, lst[1:]):
                if b[0] < a[1]:
                    fail(rel, "%s on two duties at once: %s and %s"
                         % (agent, a[2], b[2]))

    rank_feed = re.search(r"(^|/)ranks/(L1|L2)\.ics$", rel) is not None
    horizon = cal.get("X-ROTA-HORIZON")
    if rank_feed and horizon is None:
        fail(rel, "no X-ROTA-HORIZON")
    if rank_feed and horizon is not None and tzname in own_zones:
        first, last = str(horizon).split("/")
        zone = own_zones[tzname]
        lo = midnight(first, zone)
        after = (datetime.datetime.strptime(last, "%Y-%m-%d") +
                 datetime.timedelta(days=1)).strftime("%Y-%m-%d")
        hi = midnight(after, zone)
        reach = lo
        for e in sorted(events):
            if e[0] > reach:
                break
            reach = max(reach, e[1])
        if reach < hi:
            fail(rel, "nobody on duty from %s (horizon %s)" % (iso(reach), horizon))
    if failures == before:
        print("ok %s: %d events" % (rel, len(events)))


def main(argv):
    if not argv:
        print("usage: check_icalendar.py DIR...", file=sys.stderr)
        return 2
    for top in argv:
        files = ics_files(top) if os.path.isdir(top) else []
        if not files:
            fail(top, "no .ics files")
        for f in files:
            check_file(top, f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

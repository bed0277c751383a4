#!/usr/bin/python3
"""Tests of the independent checker: a valid roster of tiny.txt, the
penalty worked out by hand, and one broken roster per hard rule."""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import checker  # noqa: E402

VALID = {
    #     0123456789ABCD
    "A": "DDD----DDNN---",
    "B": "---DD------DDD",
    "C": "-------DD-----",
}

failures = 0


def roster_tsv(rows, h=14):
    lines = ["\t".join(["agent"] + ["2024-01-%02d" % (d + 1) for d in range(h)])]
    for e, row in rows.items():
        lines.append("\t".join([e] + [c if c != "-" else "-" for c in row]))
    return "\n".join(lines) + "\n"


def run(rows, instance_text=None):
    """Run checker.py as a program, as make check does."""
    with tempfile.TemporaryDirectory() as tmp:
        inst = os.path.join(tmp, "i.txt")
        with open(inst, "w") as fp:
            fp.write(instance_text if instance_text is not None else TINY)
        ros = os.path.join(tmp, "r.tsv")
        with open(ros, "w") as fp:
            fp.write(roster_tsv(rows))
        p = subprocess.run([sys.executable, os.path.join(HERE, "checker.py"),
                            inst, ros], capture_output=True, text=True)
        return p.returncode, p.stdout


def expect(name, cond, detail=""):
    global failures
    print("%s %s" % ("ok  " if cond else "FAIL", name))
    if not cond:
        failures += 1
        print("     " + detail.replace("\n", "\n     "))


with open(os.path.join(HERE, "tiny.txt"), newline="") as fp:
    TINY = fp.read()

# The valid roster: no violation.  Penalty by hand:
#   on-requests: A day 0 D worked (0); B day 11 N, works D (3)
#   off-requests: A day 9 N worked (1); C day 7 D worked (2)
#   cover D (1 a day): days 0-2 A, 3-4 B, 7-8 A and C (over 1 each: 2),
#     11-13 B; days 5, 6, 9, 10 none (under 4 x 100)
#   cover N: days 9, 10 need 1, A works both (0)
rc, out = run(VALID)
expect("valid roster passes", rc == 0, out)
expect("valid roster penalty 408", "penalty 408" in out, out)


def broken(name, changes, needle, instance_text=None):
    rows = dict(VALID)
    for e, (d, c) in changes:
        rows[e] = rows[e][:d] + c + rows[e][d + 1:]
    rc, out = run(rows, instance_text)
    expect("catches " + name, rc == 1 and needle in out, out)


broken("forbidden succession", [("A", (11, "D"))], "N then D")
broken("max shifts of a type", [("C", (3, "N"))], "1 x N > 0")
broken("max total minutes", [], "minutes > 900",
       TINY.replace("C,D=14|N=0,6720,960", "C,D=14|N=0,900,960"))
broken("min total minutes", [], "minutes < 1440",
       TINY.replace("C,D=14|N=0,6720,960", "C,D=14|N=0,6720,1440"))
broken("max consecutive shifts", [("B", (d, "D")) for d in range(5, 9)] +
       [("B", (d, "-")) for d in range(11, 14)], "6 shifts in a row from day 3")
broken("min consecutive shifts", [("B", (4, "-"))], "only 1 shifts in a row")
broken("min consecutive days off", [("C", (9, "-")), ("C", (6, "D")),
                                    ("C", (4, "D")), ("C", (3, "D"))],
       "only 1 days off in a row")
broken("max weekends", [("B", (5, "D"))], "2 weekends > 1")
broken("day off", [("A", (4, "D")), ("A", (5, "D")), ("A", (6, "D"))],
       "works day 4, a day off")
broken("unknown shift", [("A", (0, "X"))], "unknown shift X")

# Edge runs are exempt: a single shift on the last day is fine.
rows = dict(VALID)
rows["C"] = "-------DD----D"
rc, out = run(rows, TINY.replace("C,10,12", "C,10"))
expect("runs touching the horizon edge are exempt", rc == 0, out)

print("checker tests: %d failed" % failures)
sys.exit(1 if failures else 0)

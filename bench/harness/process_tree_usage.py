"""Runs a command and reports the resources of its whole process tree as one JSON object.

Usage: python3 process_tree_usage.py REPORT_FILE COMMAND [ARG...]

The runner makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so processes that the command
daemonizes (Ansible's ansible-connection, one per host) are re-parented to it instead of to init; it reaps them
all, and RUSAGE_CHILDREN then holds the CPU time of every process of the tree. Wall time runs from the start of
the command to its exit; daemons still running after it are waited for (up to LINGER_S), then terminated.
"""
import ctypes
import json
import os
import resource
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
LINGER_S = 60.0


def children_of(pid):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def reap_all(deadline):
    """Reaps every child (and re-parented orphan) until none is left; past the deadline, terminates them."""
    lingered = 0
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return lingered
        if pid != 0:
            continue
        if time.monotonic() > deadline:
            for child in children_of(os.getpid()):
                lingered += 1
                try:
                    os.kill(child, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + 5.0
        time.sleep(0.05)


def main():
    report_file, command = sys.argv[1], sys.argv[2:]
    libc = ctypes.CDLL(None, use_errno=True)
    subreaper = libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    start = time.monotonic()
    child = subprocess.Popen(command)
    code = child.wait()
    wall_ms = (time.monotonic() - start) * 1000.0
    lingered = reap_all(time.monotonic() + LINGER_S)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(report_file, "w") as out:
        json.dump(
            {
                "code": code,
                "wallMs": wall_ms,
                "userMs": usage.ru_utime * 1000.0,
                "systemMs": usage.ru_stime * 1000.0,
                # Linux: kilobytes, of the largest single process of the tree.
                "maxRssKiB": usage.ru_maxrss,
                "subreaper": subreaper,
                "terminatedAfterExit": lingered,
            },
            out,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

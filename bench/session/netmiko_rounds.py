"""netmiko rounds for `npm run bench`: one Python process, one round per request, timed inside Python.

The first stdin line is JSON: {"host", "port", "username", "password", "device_type", "command"}. The script
answers {"ready": true, "netmiko": VERSION}; then each line "round" runs ConnectHandler + send_command +
disconnect (netmiko's defaults, as a user would call it) and answers {"ms": elapsed, "cpu_ms": process CPU time,
"chars": len(output)} or
{"error": "..."}; "quit" or end of input stops it. Python start-up and imports are never inside a round.
Exits 3 with a JSON error line when netmiko is not importable.
"""
import json
import sys
import time


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


try:
    import netmiko
    from netmiko import ConnectHandler
except ImportError as exc:  # reported by the harness as a peer that could not run
    emit({"error": "netmiko is not importable (install python3-netmiko): %s" % exc})
    sys.exit(3)


def main():
    request = json.loads(sys.stdin.readline())
    device = {
        "device_type": request["device_type"],
        "host": request["host"],
        "port": request["port"],
        "username": request["username"],
        "password": request["password"],
    }
    emit({"ready": True, "netmiko": netmiko.__version__})
    for line in sys.stdin:
        word = line.strip()
        if word == "quit":
            break
        if word != "round":
            emit({"error": "unknown request %r" % word})
            continue
        try:
            start = time.perf_counter()
            cpu = time.process_time()
            conn = ConnectHandler(**device)
            output = conn.send_command(request["command"])
            conn.disconnect()
            emit({
                "ms": (time.perf_counter() - start) * 1000.0,
                "cpu_ms": (time.process_time() - cpu) * 1000.0,
                "chars": len(output),
            })
        except Exception as exc:  # one failed round is reported, the process stays up
            emit({"error": "%s: %s" % (type(exc).__name__, exc)})


if __name__ == "__main__":
    main()

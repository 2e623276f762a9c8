# Fills both pipe buffers (900 KiB of stdout, 60 KiB of stderr: under their
# caps) and then sleeps forever without reading anything: TLE by wall time,
# with the runner still draining both pipes.
import sys
import time

sys.stdout.write('y' * (900 << 10))
sys.stdout.flush()
sys.stderr.write('z' * (60 << 10))
sys.stderr.flush()
time.sleep(3600)

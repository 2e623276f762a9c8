# Per-user kernel objects: inotify instances up to the user's limit, which is
# counted per uid across the whole host, held until the wall clock ends the
# run. Another sandbox running at the same time must not be starved by it.
import ctypes
import time

libc = ctypes.CDLL(None, use_errno=True)
held = []
while libc.inotify_init1(0) >= 0:
    held.append(1)
print('holding', len(held), 'inotify instances', flush=True)
time.sleep(3600)

# An orphan that outlives its parent: a double fork into a new session that
# keeps writing a file in /tmp every 50 ms for 30 s.
import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        for _ in range(600):
            with open('/tmp/still-here', 'w') as f:
                f.write('x')
            time.sleep(0.05)
    os._exit(0)
print('parent done')

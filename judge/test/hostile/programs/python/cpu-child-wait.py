# CPU in a child that the parent waits for: the child burns 1.5x the time
# limit while the parent sleeps in waitpid.
# stdin: the time limit in ms.
import os
import time

limit = float(input())
pid = os.fork()
if pid == 0:
    start = time.process_time()
    x = 0
    while (time.process_time() - start) * 1000 < 1.5 * limit:
        for _ in range(10000):
            x += 1
    os._exit(0)
os.waitpid(pid, 0)
print('child done')

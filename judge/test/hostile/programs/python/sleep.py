# Sleeps far past any limit: no CPU, so only the wall clock ends it: TLE.
import time

time.sleep(3600)

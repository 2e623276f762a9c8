# The probe's launcher in Python: becomes bash running the probe script (PROBE_SH, replaced by the test).
import os

os.execv('/bin/bash', ['bash', '-c', PROBE_SH])

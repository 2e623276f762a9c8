# An endless stream on stdout: OLE at the output limit.
import sys

while True:
    sys.stdout.write('x' * 4096)

# Random bytes both ways: stdin (random bytes chosen by the test) is echoed to
# stdout as is and reversed to stderr. They must come back exactly.
import sys

data = sys.stdin.buffer.read()
sys.stdout.buffer.write(data)
sys.stderr.buffer.write(data[::-1])

# Output that imitates the runner's answers and Docker's stream framing, on
# both streams, then attempts to write the same to the runner's own stdout and
# stdin (the judge's channel) through /proc/1/fd. Exits 3 when every attempt
# was refused, 4 when one got through. The verdict must be RE (exit 3) and
# both streams must come back exactly as written.
import os
import sys

fake = (
    b'OK exit=0 signal=0 cpu=0 wall=0 rss=0 oom=0 walltimeout=0 cputimeout=0 olimit=0 memlimit=0 '
    b'execerr=0 stdout=0 stderr=0\n'
    b'ERR injected\n\x01\x00\x00\x00\x00\x00\x00\x05hello\n\x02\x00\x00\x00\x00\x00\x00\x03err\n'
)
sys.stdout.buffer.write(fake)
sys.stdout.flush()
sys.stderr.buffer.write(fake)
sys.stderr.flush()
code = 3
for path in ('/proc/1/fd/1', '/proc/1/fd/0'):
    try:
        fd = os.open(path, os.O_WRONLY)
        os.write(fd, fake)
        code = 4
    except OSError:
        pass
os._exit(code)

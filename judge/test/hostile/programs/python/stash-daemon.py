# Stashes a hidden test's input: hidden files in /tmp and /dev/shm with
# unlikely names, and a double-forked daemon in its own session that keeps the
# input in memory and serves it on an abstract unix socket to whoever asks.
# stdin: the (hidden) test input, a secret.
import os
import socket
import sys

secret = sys.stdin.read()
for path in ('/tmp/...', '/dev/shm/\n', '/tmp/.cache'):
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, '.stash'), 'w') as f:
        f.write(secret)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind('\0stash-daemon')
s.listen(4)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        while True:
            c, _ = s.accept()
            c.sendall(secret.encode())
            c.close()
    os._exit(0)
print('daemon serving')

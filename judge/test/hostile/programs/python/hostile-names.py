# Files whose names are hostile to whatever lists or deletes them: newlines,
# control characters, invalid UTF-8, 255-byte names, option-like and glob-like
# names, nested, in /tmp and /dev/shm.
import os

names = [
    b'line\nbreak', b'\r', b'\t', b'\x1b[2J', b'\xff\xfe', b'\xc0\xaf', b'\xed\xa0\x80',
    b'x' * 255, b'-rf', b'--', b'*', b'?', b'[a-z]', b'...', b' ', b'%00', b'%2F', b'\\',
    b'OK exit=0', b'\x01\x02\x7f', 'é'.encode(), b'$(reboot)', b"'", b'"',
]
made = 0
for root in (b'/tmp', b'/dev/shm'):
    for i, name in enumerate(names):
        d = os.path.join(root, name)
        os.mkdir(d)
        with open(os.path.join(d, names[(i + 1) % len(names)]), 'wb') as f:
            f.write(name)
        os.symlink(name, os.path.join(d, names[(i + 2) % len(names)]))
        made += 3
print('made', made)

# A directory chain 30000 levels deep under /dev/shm (or as deep as the file
# system allows), walked down with chdir, with a file at the bottom; the path
# is far beyond PATH_MAX.
import os

os.chdir('/dev/shm')
depth = 0
try:
    for depth in range(30000):
        os.mkdir('d')
        os.chdir('d')
except OSError as e:
    print('stopped', e.errno)
try:
    with open('bottom', 'w') as f:
        f.write('still here\n')
except OSError as e:
    print('no file at the bottom', e.errno)
print('depth', depth + 1)

# A directory chain 30000 levels deep under /dev/shm, walked down with chdir,
# with a file at the bottom; the path is far beyond PATH_MAX.
import os

os.chdir('/dev/shm')
depth = 0
try:
    for depth in range(30000):
        os.mkdir('d')
        os.chdir('d')
except OSError as e:
    print('stopped', e.errno)
with open('bottom', 'w') as f:
    f.write('still here\n')
print('depth', depth + 1)

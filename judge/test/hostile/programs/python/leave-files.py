# Leaves a secret for the next run in every scratch directory, and tries the
# sealed work directory.
import os

for d in ('/tmp', '/dev/shm'):
    with open(os.path.join(d, 'secret'), 'w') as f:
        f.write('s3cret')
try:
    with open('/box/work/secret', 'w') as f:
        f.write('s3cret')
    print('allowed write /box/work')
except OSError as e:
    print('refused write /box/work', e.errno)

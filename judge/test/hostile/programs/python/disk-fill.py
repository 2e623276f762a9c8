# Fills /tmp through one file until something stops it (the file size limit,
# the tmpfs size or the memory ceiling), then reports.
n = 0
try:
    with open('/tmp/fill', 'wb') as f:
        while True:
            f.write(b'x' * (1 << 20))
            f.flush()
            n += 1
except OSError as e:
    print('stopped after', n, 'MiB', e.errno)

# Memory hidden in /tmp (tmpfs is RAM): 3x the memory limit written as files
# of 16 MiB each (under the file size limit), then the program exits cleanly.
# stdin: the memory limit in MiB.
mb = int(input())
chunk = b'\x01' * (1 << 20)
written = 0
try:
    for i in range(3 * mb // 16):
        with open(f'/tmp/hoard-{i}', 'wb') as f:
            for _ in range(16):
                f.write(chunk)
                written += 1
except OSError as e:
    print('stopped', e.errno)
print('wrote', written, 'MiB to /tmp')

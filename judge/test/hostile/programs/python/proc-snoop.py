# /proc snooping: PID 1's environment, descriptors, memory, maps, root and
# working directory must be refused; the only processes visible are the
# program's own.
import os

for name in ('environ', 'fd', 'mem', 'maps', 'root', 'cwd', 'stack', 'syscall', 'auxv'):
    path = f'/proc/1/{name}'
    try:
        if os.path.isdir(path) and name in ('fd', 'root', 'cwd'):
            os.listdir(path)
        else:
            with open(path, 'rb') as f:
                f.read(64)
        print('allowed', path)
    except OSError as e:
        print('refused', path, e.errno)
others = [p for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, os.getpid())]
print('ok other processes visible:', len(others))

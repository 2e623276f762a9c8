# Who the program is: not root, in no privileged group, with only the pack's
# environment and no capabilities.
import os

print('ok uid', os.getuid(), 'gid', os.getgid(), 'groups', os.getgroups())
print('refused root' if os.getuid() != 0 and os.geteuid() != 0 else 'allowed root')
print('refused group root' if 0 not in os.getgroups() and os.getgid() != 0 else 'allowed group root')
with open('/proc/self/status') as f:
    caps = {k: v.strip() for k, v in (line.split(':', 1) for line in f) if k.startswith('Cap')}
for k in ('CapInh', 'CapPrm', 'CapEff', 'CapAmb'):
    print('refused' if int(caps[k], 16) == 0 else 'allowed', 'capabilities', k, caps[k])
print('ok environment', sorted(os.environ))

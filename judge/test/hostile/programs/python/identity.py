# Who the program is: not root, in no privileged group, no named account
# (one shared by every sandbox, such as nobody, shares its per-user kernel
# limits with all of them), with only the pack's environment and no
# capabilities.
import os
import pwd

print('ok uid', os.getuid(), 'gid', os.getgid(), 'groups', os.getgroups())
print('refused root' if os.getuid() != 0 and os.geteuid() != 0 else 'allowed root')
print('refused group root' if 0 not in os.getgroups() and os.getgid() != 0 else 'allowed group root')
try:
    print('allowed shared account', pwd.getpwuid(os.getuid()).pw_name)
except KeyError:
    print('refused shared account: the uid has no account')
with open('/proc/self/status') as f:
    caps = {k: v.strip() for k, v in (line.split(':', 1) for line in f) if k.startswith('Cap')}
for k in ('CapInh', 'CapPrm', 'CapEff', 'CapAmb'):
    print('refused' if int(caps[k], 16) == 0 else 'allowed', 'capabilities', k, caps[k])
print('ok environment', sorted(os.environ))

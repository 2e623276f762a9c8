# Writes to the kernel's knobs: sysctls, the SysRq trigger, cgroup limits,
# PID 1's OOM score, its own OOM score lowered. All refused.
try() {
  local what=$1 value=$2 path=$3
  if (printf '%s\n' "$value" >"$path") 2>/dev/null; then echo "allowed $what"; else echo "refused $what"; fi
}
try 'sysctl pid_max' 4194304 /proc/sys/kernel/pid_max
try 'sysctl hostname' owned /proc/sys/kernel/hostname
try 'sysctl core_pattern' '|/tmp/x' /proc/sys/kernel/core_pattern
try 'sysrq trigger' c /proc/sysrq-trigger
try 'memory limit' -1 /sys/fs/cgroup/memory/memory.limit_in_bytes
try 'pids limit' max /sys/fs/cgroup/pids/pids.max
try 'cpu quota' -1 /sys/fs/cgroup/cpu/cpu.cfs_quota_us
try 'move to root cgroup' $$ /sys/fs/cgroup/memory/cgroup.procs
try 'pid1 oom_score_adj' 1000 /proc/1/oom_score_adj
try 'own oom_score_adj -1000' -1000 /proc/self/oom_score_adj
try 'kernel modprobe' /tmp/x /proc/sys/kernel/modprobe

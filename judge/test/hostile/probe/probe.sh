# The probe: what a submission can see of the submissions before it. The
# report goes to stderr; stdout is the sum of the two numbers on stdin, so the
# probe is also an honest A+B submission that must be AC.
# Everything before the process scan is a builtin: no process of its own may
# show up in /proc while it looks.
self=$$
n=0
seen=''
for d in /proc/[0-9]*; do
  p=${d#/proc/}
  if [[ $p == 1 || $p == "$self" || $p == "$PPID" ]]; then continue; fi
  c='?'
  read -r c 2>/dev/null <"$d/comm"
  n=$((n + 1))
  seen+=" $p:$c"
done
report() { printf '%s\n' "$*" >&2; }
read -r host </proc/sys/kernel/hostname
report "host $host"
report "procs $n$seen"
for dir in /tmp /dev/shm /dev/mqueue /box; do
  count=$(timeout 20 find "$dir" -mindepth 1 -printf . 2>/dev/null | wc -c)
  report "files $dir $count"
  # Owners as root, self or other: the sandbox's users are numbers that change.
  timeout 20 find "$dir" -mindepth 1 -printf '%y %m %U %s %P\n' 2>/dev/null | cut -c1-160 | sort | head -n 40 |
    while IFS=' ' read -r kind mode owner size name; do
      case $owner in
      0) owner=root ;;
      "$UID") owner=self ;;
      *) owner=other ;;
      esac
      report "  $kind $mode $owner $size $name"
    done
done
for m in /tmp /dev/shm /box; do
  read -r blocks bfree inodes ifree < <(stat -f -c '%b %f %c %d' "$m")
  report "space $m $((blocks - bfree)) blocks $((inodes - ifree)) inodes"
done
for k in shm sem msg; do
  count=0
  {
    read -r _
    while read -r _; do count=$((count + 1)); done
  } </proc/sysvipc/$k
  report "ipc $k $count"
done
count=0
{
  read -r _
  while read -r _; do count=$((count + 1)); done
} </proc/net/unix
report "unix sockets $count"
report "secrets $(timeout 20 grep -rEaoh 'SECRET-[0-9a-f]{16}' /tmp /dev/shm /dev/mqueue /box 2>/dev/null | sort -u | head -n 5 | tr '\n' ' ')"
read -r a b
echo $((a + b))

# CPU in an orphan: the subshell exits at once and its child, reparented to
# PID 1, burns 1.5x the time limit; the parent only waits for the pipe of the
# command substitution to close and never reaps the burner.
# stdin: the time limit in ms.
read -r limit
burn() {
  local stat start=-1 used=0 i f
  while ((used < limit * 3 / 2)); do
    for ((i = 0; i < 2000; i++)); do :; done
    read -r stat </proc/$BASHPID/stat
    read -r -a f <<<"${stat##*) }"
    used=$(((f[11] + f[12]) * 10))
  done
  echo "burned $used ms"
}
out=$( (burn &) )
echo "$out"

# An endless stream on stderr only: OLE at the stderr cap.
line=$(printf 'e%.0s' {1..1023})
while :; do printf '%s\n' "$line" >&2; done

# Between the tests of one submission: each test leaves its input wherever it
# can write, then reports any input a previous test left. Every test must find
# nothing ("found none"): one test cannot leave anything for the next.
read -r secret
found=$(grep -rEaoh 'SECRET-[0-9a-f]{16}' /tmp /dev/shm /dev/mqueue /box 2>/dev/null | grep -v "$secret" | sort -u | tr '\n' ' ')
for d in /tmp /dev/shm /dev/mqueue /box /box/work /box/in; do
  printf '%s\n' "$secret" >"$d/.stash-$RANDOM" 2>/dev/null
done
mkdir -p /tmp/.a/.b/.c && printf '%s\n' "$secret" >/tmp/.a/.b/.c/.stash
echo "found ${found:-none}"

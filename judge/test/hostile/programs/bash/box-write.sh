# Writes where a program must not write: the test input and its directory,
# the sealed work directory, /box itself, the read-only root. All refused.
try() {
  local what=$1
  shift
  if ("$@") 2>/dev/null; then echo "allowed $what"; else echo "refused $what"; fi
}
try 'overwrite /box/in/input' sh -c 'echo x >/box/in/input'
try 'append /box/in/input' sh -c 'echo x >>/box/in/input'
try 'remove /box/in/input' rm -f /box/in/input
try 'create in /box/in' touch /box/in/new
try 'chmod /box/in' chmod 777 /box/in
try 'create in /box/work' touch /box/work/new
try 'overwrite /box/work/main.sh' sh -c 'echo x >/box/work/main.sh'
try 'create in /box' mkdir /box/new
try 'rename /box/work' mv /box/work /box/old
try 'create in /etc' touch /etc/new
try 'create in /var/tmp' touch /var/tmp/new

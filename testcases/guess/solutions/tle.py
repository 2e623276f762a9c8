# Forgets to flush: the guess stays in the program's buffer, so the
# interactor waits for a guess that never comes while the program waits for
# an answer (the idleness limit, judged TLE). input() would flush stdout
# first: sys.stdin.readline() does not.
import sys

lo, hi = 1, 10**9
while True:
    mid = (lo + hi) // 2
    sys.stdout.write(f"{mid}\n")
    answer = sys.stdin.readline().strip()
    if answer == '=':
        break
    if answer == '<':
        lo = mid + 1
    else:
        hi = mid - 1

# Looks the complement up among all numbers, itself included: with a[i] = target / 2
# it answers "i i", which the checker rejects.
import sys

data = sys.stdin.buffer.read().split()
n, target = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
where = {x: i for i, x in enumerate(a)}
for i, x in enumerate(a):
    j = where.get(target - x)
    if j is not None:
        print(min(i, j) + 1, max(i, j) + 1)
        break

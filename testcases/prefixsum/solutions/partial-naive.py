# O(n*q): passes the small subtask (40 points), too slow for the large one.
import sys
data = sys.stdin.buffer.read().split()
n, q = int(data[0]), int(data[1])
a = list(map(int, data[2:2 + n]))
pos = 2 + n
out = []
for _ in range(q):
    l, r = int(data[pos]), int(data[pos + 1])
    pos += 2
    out.append(sum(a[l - 1:r]))
print("\n".join(map(str, out)))

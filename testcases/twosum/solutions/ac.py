import sys
data = sys.stdin.buffer.read().split()
n, target = int(data[0]), int(data[1])
seen = {}
for j in range(n):
    x = int(data[2 + j])
    if target - x in seen:
        print(seen[target - x] + 1, j + 1)
        break
    seen.setdefault(x, j)

# testlib order: checker.py input output answer. Exit 0 accepts, 1 rejects;
# the message goes to stdout.
import sys

def main():
    inp, out = open(sys.argv[1]).read().split(), open(sys.argv[2]).read().split()
    n, target = int(inp[0]), int(inp[1])
    a = [int(x) for x in inp[2:2 + n]]
    if len(out) != 2:
        print(f"expected two indices, got {len(out)} tokens")
        return 1
    try:
        i, j = int(out[0]), int(out[1])
    except ValueError:
        print("indices must be integers")
        return 1
    if not (1 <= i < j <= n):
        print(f"need 1 <= i < j <= {n}, got {i} {j}")
        return 1
    if a[i - 1] + a[j - 1] != target:
        print(f"a[{i}] + a[{j}] = {a[i - 1] + a[j - 1]}, not {target}")
        return 1
    print("ok")
    return 0

sys.exit(main())

# Checker for twosum, testlib-style: checker.py INPUT OUTPUT ANSWER (the test's
# input, the contestant's output, the expected answer). Exit 0 accepts, 1
# rejects; anything else (here 3, after a failure of the checker itself or
# bad test data) is a judge error. The message goes to stdout.
import sys

AC, WA, FAIL = 0, 1, 3


def verdict(code, message):
    print(message)
    sys.exit(code)


def main():
    try:
        with open(sys.argv[1], "rb") as f:
            data = f.read().split()
        n, target = int(data[0]), int(data[1])
        a = [int(x) for x in data[2:2 + n]]
        if len(a) != n:
            raise ValueError(f"the input has {len(a)} numbers, not {n}")
        with open(sys.argv[3], "rb") as f:
            if len(f.read().split()) != 2:
                raise ValueError("the expected answer is not two indices")
    except (OSError, ValueError, IndexError) as e:
        verdict(FAIL, f"bad test data: {e}")

    with open(sys.argv[2], "rb") as f:
        out = f.read().split()
    if len(out) != 2:
        verdict(WA, f"expected two indices, got {len(out)} tokens")
    try:
        i, j = int(out[0]), int(out[1])
    except ValueError:
        verdict(WA, f"indices must be integers, got {out[0][:20]!r} {out[1][:20]!r}")
    if not 1 <= i < j <= n:
        verdict(WA, f"need 1 <= i < j <= {n}, got {i} {j}")
    if a[i - 1] + a[j - 1] != target:
        verdict(WA, f"a[{i}] + a[{j}] = {a[i - 1] + a[j - 1]}, not {target}")
    verdict(AC, f"ok: a[{i}] + a[{j}] = {target}")


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except BaseException as e:  # a crash is the judge's fault, not the contestant's
        verdict(FAIL, f"checker failed: {type(e).__name__}: {e}")
